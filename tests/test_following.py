import cv2
import numpy as np
import pytest

from emosymphony.images import to_gray
from emosymphony.vision.faces import Box, FaceDetector
from emosymphony.vision.following import RELAXED_FOR_FRAMES, FaceFollower


@pytest.fixture(scope="module")
def heads(face_photos):
    """Head-and-shoulders cut-outs: Obama with a face of about 140 px, Biden with one of about 95 px."""
    obama = cv2.imread(str(face_photos["obama"]))[0:600, 250:750]
    biden = cv2.imread(str(face_photos["biden"]))[100:700, 330:850]
    return cv2.resize(obama, None, fx=0.5, fy=0.5), cv2.resize(biden, None, fx=0.3, fy=0.3)


def _scene(heads, listener_x: int, second: bool = False) -> np.ndarray:
    obama, biden = heads
    frame = np.full((480, 640, 3), 128, np.uint8)
    frame[60 : 60 + obama.shape[0], listener_x : listener_x + obama.shape[1]] = obama
    if second:
        frame[280 : 280 + biden.shape[0], 470 : 470 + biden.shape[1]] = biden
    return to_gray(frame)


def _same_face(a: Box, b: Box) -> bool:
    return abs(a.x - b.x) < 0.15 * b.w and abs(a.y - b.y) < 0.15 * b.h and abs(a.w - b.w) < 0.2 * b.w


def test_search_near_a_box_finds_only_the_face_there(heads):
    detector = FaceDetector()
    frame = _scene(heads, 40, second=True)
    listener, other = detector.detect(frame)
    assert listener.x < 300 < other.x
    assert [_same_face(box, listener) for box in detector.detect(frame, near=listener)] == [True]
    assert [_same_face(box, other) for box in detector.detect(frame, near=other)] == [True]
    assert detector.detect(frame, near=Box(500, 20, 120, 120)) == []  # empty wall at the top right


def test_follows_a_moving_face_like_a_full_search(heads):
    detector, follower = FaceDetector(), FaceFollower(FaceDetector())
    for step in range(25):
        frame = _scene(heads, 20 + 8 * step)
        followed, full = follower.detect(frame), detector.detect(frame)
        assert len(followed) == 1 and len(full) == 1, step
        assert _same_face(followed[0], full[0]), (step, followed, full)


def test_a_newcomer_is_found_by_the_next_full_search(heads):
    follower = FaceFollower(FaceDetector(), full_search_every=5)
    counts = [len(follower.detect(_scene(heads, 40, second=step >= 2))) for step in range(10)]
    # Frame 0 is a full search; frames 1-4 search near the listener only; frame 5 searches everything.
    assert counts == [1, 1, 1, 1, 1, 2, 2, 2, 2, 2]


def test_a_face_that_jumps_or_leaves_is_searched_for_in_the_whole_frame(heads):
    follower = FaceFollower(FaceDetector())
    assert follower.detect(_scene(heads, 20))[0].x < 200
    jumped = follower.detect(_scene(heads, 380))  # far beyond the region around the last box
    assert len(jumped) == 1 and jumped[0].x > 400
    assert follower.detect(np.full((480, 640), 128, np.uint8)) == []
    assert len(follower.detect(cv2.resize(_scene(heads, 60), (320, 240)))) == 1  # the frame size changed


def _tilted(frame: np.ndarray, box: Box, degrees: float) -> np.ndarray:
    centre = (box.x + box.w / 2, box.y + box.h / 2)
    matrix = cv2.getRotationMatrix2D(centre, degrees, 1.0)
    return cv2.warpAffine(frame, matrix, frame.shape[1::-1], borderMode=cv2.BORDER_REPLICATE)


@pytest.mark.parametrize("left", [100, 200])
def test_a_tilted_head_the_full_search_misses_is_still_followed(heads, left):
    detector = FaceDetector()
    upright = _scene(heads, left)
    (face,) = detector.detect(upright)
    tilted = _tilted(upright, face, -20)
    assert detector.detect(tilted) == []  # out of reach of the search a photo gets
    follower = FaceFollower(detector)
    follower.detect(upright)
    followed = [follower.detect(tilted) for _ in range(2 * RELAXED_FOR_FRAMES)]
    assert all(len(boxes) == 1 and _same_face(boxes[0], face) for boxes in followed)


def test_no_face_is_invented_on_a_textured_wall_after_the_listener_leaves(heads):
    data = pytest.importorskip("skimage.data")
    wall = cv2.resize(data.brick(), (640, 480))
    obama, _ = heads
    with_face = wall.copy()
    with_face[60 : 60 + obama.shape[0], 200 : 200 + obama.shape[1]] = to_gray(obama)
    follower = FaceFollower(FaceDetector())
    assert len(follower.detect(with_face)) == 1
    assert [len(follower.detect(wall)) for _ in range(RELAXED_FOR_FRAMES + 5)] == [0] * (RELAXED_FOR_FRAMES + 5)
