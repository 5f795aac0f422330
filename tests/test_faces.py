import cv2
import numpy as np
import pytest

from emosymphony.images import to_gray
from emosymphony.vision.faces import Box, FaceDetector, crop_face
from emosymphony.vision.lighting import DIM_BRIGHTNESS, brightness, enhance

FULL_FACES = ["obama", "obama2", "obama3", "biden", "32bit"]
NON_FACES = ["coffee", "chelsea", "rocket", "coins", "brick", "grass", "gravel", "moon", "page", "text", "clock",
             "horse", "logo", "cell", "colorwheel", "immunohistochemistry", "hubble_deep_field"]


@pytest.fixture(scope="module")
def detector():
    return FaceDetector()


def _prepare(gray):
    return enhance(gray) if brightness(gray) < DIM_BRIGHTNESS else gray


def _darken(image, factor=0.25):
    return (image.astype(np.float32) * factor).astype(np.uint8)


@pytest.mark.parametrize("darken", [1.0, 0.25])
def test_every_full_face_is_found(detector, face_photos, astronaut, darken):
    photos = {name: cv2.imread(str(face_photos[name]), cv2.IMREAD_UNCHANGED) for name in FULL_FACES}
    photos["astronaut"] = astronaut
    for name, photo in photos.items():
        gray = _darken(to_gray(photo), darken)
        boxes = detector.detect(_prepare(gray))
        assert len(boxes) == 1, f"{name} at {darken:.0%} brightness: {boxes}"
        box = boxes[0]
        assert box.w > 0.15 * min(gray.shape), f"{name}: face box too small {box}"


@pytest.mark.parametrize("darken", [1.0, 0.25])
def test_no_face_in_photos_without_faces(detector, darken):
    data = pytest.importorskip("skimage.data")
    for name in NON_FACES:
        image = getattr(data, name)()
        if image.dtype != np.uint8:
            image = (image * 255 if image.max() <= 1 else image).astype(np.uint8)
        gray = image if image.ndim == 2 else cv2.cvtColor(image[..., :3], cv2.COLOR_RGB2GRAY)
        assert detector.detect(_prepare(_darken(gray, darken))) == [], name


def test_largest_face_comes_first(detector, face_photos):
    big = cv2.resize(cv2.imread(str(face_photos["obama"])), None, fx=0.6, fy=0.6)  # face ~180 px
    small = cv2.resize(cv2.imread(str(face_photos["biden"])), None, fx=0.4, fy=0.4)  # face ~135 px
    canvas = np.full((900, 1280, 3), 128, np.uint8)
    canvas[:big.shape[0], :big.shape[1]] = big
    canvas[:small.shape[0], 1280 - small.shape[1]:] = small
    boxes = FaceDetector().detect(to_gray(canvas))
    assert len(boxes) == 2
    assert boxes[0].area > boxes[1].area and boxes[0].x < 600 and boxes[1].x > 800


def test_crop_adds_margin_and_pads_at_the_border():
    gray = np.arange(100 * 100, dtype=np.uint32).reshape(100, 100).astype(np.uint8)
    crop = crop_face(gray, Box(0, 0, 50, 50), margin=0.1)
    assert crop.shape == (60, 60)
    assert (crop[:5, 5:] == crop[5, 5:]).all()  # replicated top edge
    inside = crop_face(gray, Box(20, 20, 50, 50), margin=0.1)
    np.testing.assert_array_equal(inside, gray[15:75, 15:75])
