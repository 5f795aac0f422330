import cv2
import numpy as np
import pytest

from emosymphony import EMOTIONS, EmotionClassifier, ModelError, read_dataset
from helpers import needs_tensorflow
from emosymphony.model.evaluation import evaluate


@pytest.fixture(scope="module")
def classifier(shipped_model):
    return EmotionClassifier.load()


@pytest.fixture(scope="module")
def val_sample(fer_val):
    """A fixed sample of 500 FER2013 PublicTest faces."""
    data = read_dataset(fer_val)
    pick = np.random.default_rng(2013).choice(len(data), 500, replace=False)
    data.images, data.labels = data.images[pick], data.labels[pick]
    return data


def test_predict_gives_probabilities_in_fer_order(classifier, val_sample):
    probabilities = classifier.predict(val_sample.images[:70])
    assert probabilities.shape == (70, len(EMOTIONS))
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, atol=1e-3)
    assert (probabilities >= 0).all()


def test_any_size_gray_or_bgr_crop_is_accepted(classifier, val_sample):
    face = val_sample.images[0]
    big_bgr = cv2.cvtColor(cv2.resize(face, (160, 160), interpolation=cv2.INTER_CUBIC), cv2.COLOR_GRAY2BGR)
    probabilities = classifier.predict([face, big_bgr, face[..., None]])
    assert probabilities.shape == (3, 7)
    assert np.argmax(probabilities[0]) == np.argmax(probabilities[2])
    assert classifier.predict([]).shape == (0, 7)


def test_batches_larger_than_one_chunk_match_single_calls(classifier, val_sample):
    together = classifier.predict(val_sample.images[:130])
    one_by_one = np.concatenate([classifier.predict(val_sample.images[i : i + 1]) for i in (0, 64, 129)])
    np.testing.assert_allclose(together[[0, 64, 129]], one_by_one, atol=1e-5)


def test_shipped_model_is_well_above_chance_on_a_fixed_val_sample(classifier, val_sample):
    report = evaluate(classifier, val_sample)
    # Chance is 1/7 (14%) and always answering "happy" scores 25%: the shipped model must do far better.
    assert report["accuracy"] > 0.55
    assert report["macro_f1"] > 0.45
    assert report["samples"] == 500


def test_flip_averaging_is_the_mean_of_face_and_mirror(shipped_model, val_sample):
    from emosymphony.model.calibration import Calibration

    faces = val_sample.images[:20]
    raw = Calibration()  # the average is taken before calibration
    plain = EmotionClassifier.load(flip_average=False, calibration=raw)
    mirrored = plain.predict(faces[:, :, ::-1])
    expected = (plain.predict(faces) + mirrored) / 2
    np.testing.assert_allclose(EmotionClassifier.load(calibration=raw).predict(faces), expected, atol=5e-3)
    calibrated = EmotionClassifier.load().predict(faces)
    np.testing.assert_allclose(calibrated, EmotionClassifier.load().calibration.apply(expected), atol=5e-3)


def test_missing_model_file(tmp_path):
    with pytest.raises(ModelError, match="model file not found"):
        EmotionClassifier.load(tmp_path / "nope.tflite")


@pytest.mark.parametrize("name", ["broken.tflite", pytest.param("broken.keras", marks=needs_tensorflow)])
def test_corrupt_model_file(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"\x00garbage" * 100)
    with pytest.raises(ModelError, match="not a usable|damaged or not a Keras model"):
        EmotionClassifier.load(path)


def test_environment_variable_chooses_the_model(tmp_path, monkeypatch):
    monkeypatch.setenv("EMOSYMPHONY_MODEL", str(tmp_path / "elsewhere.tflite"))
    with pytest.raises(ModelError, match="elsewhere.tflite"):
        EmotionClassifier.load()
