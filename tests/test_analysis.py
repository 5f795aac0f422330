import cv2
import numpy as np
import pytest

from emosymphony import EMOTIONS, FaceAnalyzer, analyze_image


@pytest.fixture(scope="module")
def analyzer(shipped_model):
    return FaceAnalyzer()


def test_smiling_portraits_are_happy(analyzer, face_photos, astronaut):
    for name, image in (("obama", cv2.imread(str(face_photos["obama"]))), ("astronaut", astronaut)):
        analysis = analyzer.analyze(image)
        assert len(analysis.faces) == 1, name
        face = analysis.faces[0]
        assert face.emotion == "happy", f"{name}: {dict(zip(EMOTIONS, face.probabilities.round(2)))}"
        assert face.listener and face.probabilities.sum() == pytest.approx(1.0, abs=1e-5)


def test_module_function_uses_the_shipped_model(face_photos, shipped_model):
    analysis = analyze_image(cv2.imread(str(face_photos["obama"])))
    assert analysis.listener is not None and analysis.listener.emotion == "happy"
    entry = analysis.listener.to_dict()
    assert set(entry) == {"box", "emotion", "probabilities", "listener"} and len(entry["box"]) == 4


def test_dark_photo_is_enhanced_and_still_read(analyzer, face_photos):
    dark = (cv2.imread(str(face_photos["obama"])).astype(np.float32) * 0.25).astype(np.uint8)
    analysis = analyzer.analyze(dark)
    assert analysis.enhanced and len(analysis.faces) == 1 and not analysis.too_dark


def test_black_frame_is_too_dark(analyzer):
    analysis = analyzer.analyze(np.full((480, 640, 3), 3, np.uint8))
    assert analysis.too_dark and analysis.faces == [] and analysis.listener is None


def test_gray_and_bgra_inputs(analyzer, face_photos):
    image = cv2.imread(str(face_photos["32bit"]), cv2.IMREAD_UNCHANGED)
    assert image.shape[2] == 4
    assert len(analyzer.analyze(image).faces) == 1
    assert len(analyzer.analyze(cv2.cvtColor(image, cv2.COLOR_BGRA2GRAY)).faces) == 1
