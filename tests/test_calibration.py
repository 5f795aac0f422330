import numpy as np
import pytest

from emosymphony import EMOTIONS
from emosymphony.data import read_dataset
from emosymphony.model.calibration import NEUTRAL, Calibration, expected_calibration_error, fit_temperature
from emosymphony.model.classifier import EmotionClassifier


def test_calibration_keeps_the_class_order_and_sums_to_one():
    rng = np.random.default_rng(1)
    probabilities = rng.dirichlet(np.ones(7), size=50)
    for calibration in (Calibration(), Calibration(1.7, 0.8), Calibration(0.6, -0.5)):
        for sensitivity in (0.0, 0.5, 1.0):
            calibrated = calibration.apply(probabilities, sensitivity)
            np.testing.assert_allclose(calibrated.sum(axis=1), 1.0, rtol=1e-9)
            non_neutral = [i for i in range(7) if i != NEUTRAL]
            # the order among the other emotions never changes
            np.testing.assert_array_equal(np.argsort(calibrated[:, non_neutral], axis=1),
                                          np.argsort(probabilities[:, non_neutral], axis=1))
    np.testing.assert_allclose(Calibration().apply(probabilities), probabilities, rtol=1e-9)
    with pytest.raises(ValueError, match="sensitivity must be from 0 to 1"):
        Calibration().apply(probabilities, 1.5)


def test_the_fitted_temperature_undoes_an_overconfident_model():
    rng = np.random.default_rng(2)
    logits = rng.normal(size=(4000, 7)) * 2
    truth = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    labels = np.array([rng.choice(7, p=row) for row in truth])
    overconfident = np.exp(logits * 2.5) / np.exp(logits * 2.5).sum(axis=1, keepdims=True)
    temperature = fit_temperature(overconfident, labels)
    assert temperature == pytest.approx(2.5, rel=0.1)
    calibrated = Calibration(temperature).apply(overconfident)
    assert expected_calibration_error(calibrated, labels) < expected_calibration_error(overconfident, labels) / 2


def test_expected_calibration_error_on_a_hand_made_case():
    probabilities = np.array([[0.9, 0.1], [0.9, 0.1], [0.6, 0.4], [0.6, 0.4]])
    labels = np.array([0, 1, 0, 0])  # 50% right at 0.9, 100% right at 0.6
    assert expected_calibration_error(probabilities, labels, bins=10) == pytest.approx(0.5 * 0.4 + 0.5 * 0.4)


def test_the_calibration_file_beside_a_model(tmp_path, shipped_model):
    model = tmp_path / "mine.tflite"
    model.write_bytes(shipped_model.read_bytes())
    assert EmotionClassifier.load(model).calibration == Calibration()
    Calibration(1.3, 0.4).save(tmp_path / "mine.json")
    assert EmotionClassifier.load(model).calibration == Calibration(1.3, 0.4)


@pytest.mark.slow
def test_more_sensitivity_gives_fewer_neutral_answers(fer_val, tmp_path):
    for emotion in EMOTIONS:
        (tmp_path / emotion).mkdir()
        for image in sorted((fer_val / emotion).iterdir())[:20]:
            (tmp_path / emotion / image.name).write_bytes(image.read_bytes())
    faces = read_dataset(tmp_path).images
    neutral_answers = [int((EmotionClassifier.load(sensitivity=s).predict(faces).argmax(axis=1) == NEUTRAL).sum())
                       for s in (0.0, 0.25, 0.5, 0.75, 1.0)]
    assert neutral_answers == sorted(neutral_answers, reverse=True)
    assert neutral_answers[0] > neutral_answers[-1]


@pytest.mark.parametrize("calibration", [Calibration(), Calibration(0.51, -0.25), Calibration(1.5, 0.4)])
def test_more_sensitivity_means_less_neutral_and_more_of_every_emotion(calibration):
    probabilities = np.random.default_rng(3).dirichlet(np.ones(7), size=40)
    levels = [calibration.apply(probabilities, s) for s in (0.0, 0.25, 0.5, 0.75, 1.0)]
    neutral = np.array([level[:, NEUTRAL] for level in levels])
    assert (np.diff(neutral, axis=0) < 0).all()  # each step up in sensitivity lowers neutral, for every face
    others = [i for i in range(7) if i != NEUTRAL]
    assert (np.diff(np.array([level[:, others] for level in levels]), axis=0) > 0).all()
    assert calibration.shift_at(1.0) > calibration.shift_at(0.5) > calibration.shift_at(0.0)


def test_one_face_or_a_batch_and_zero_probabilities_without_warnings():
    import warnings

    face = np.array([0.0, 0.0, 0.1, 0.6, 0.0, 0.1, 0.2])
    calibration = Calibration(0.5, -0.25)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # log(0) would warn and poison the row
        one = calibration.apply(face, 0.75)
        batch = calibration.apply(np.stack([face, face[::-1]]), 0.75)
    assert one.shape == (7,) and one.sum() == pytest.approx(1.0) and np.isfinite(one).all()
    np.testing.assert_allclose(batch[0], one)
    assert one[3] > 0.6  # a temperature below 1 sharpens: the leading emotion gains


def test_the_shift_moves_by_its_step_per_quarter_of_sensitivity():
    calibration = Calibration(1.0, 0.2)
    assert [calibration.shift_at(s) for s in (0.0, 0.25, 0.5, 0.75, 1.0)] == pytest.approx([-0.8, -0.3, 0.2, 0.7, 1.2])


def test_the_shipped_calibration_is_found_beside_the_packaged_model(tmp_path):
    from importlib import resources

    shipped = Calibration.beside(resources.files("emosymphony.model") / "emotion.tflite")
    assert shipped != Calibration() and 0.25 < shipped.temperature < 4
    Calibration(0.7, 0.3).save(tmp_path / "mine.json")
    assert Calibration.beside(tmp_path / "mine.tflite") == Calibration(0.7, 0.3)
    assert Calibration.beside(tmp_path / "none.tflite") == Calibration()


@pytest.mark.parametrize("truth, found", [(0.5, 0.5), (2.0, 2.0), (9.0, 4.0)])
def test_the_fitted_temperature_is_the_true_one_within_its_range(truth, found):
    rng = np.random.default_rng(7)
    logits = rng.normal(size=(20000, 7)) * 3
    true = np.exp(logits / truth) / np.exp(logits / truth).sum(axis=1, keepdims=True)
    labels = (rng.random((len(true), 1)) > true.cumsum(axis=1)).sum(axis=1)  # one draw from each row
    reported = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)  # the model's own, at temperature 1
    assert fit_temperature(reported, labels) == pytest.approx(found, rel=0.05)  # the range is 0.25 to 4


def test_the_calibration_error_is_the_weighted_gap_in_each_bin():
    probabilities = np.array([[0.98, 0.02], [0.98, 0.02], [0.55, 0.45], [0.55, 0.45]])
    labels = np.array([0, 1, 0, 0])  # at 98%: one of two right; at 55%: both right
    assert expected_calibration_error(probabilities, labels) == pytest.approx(0.5 * 0.48 + 0.5 * 0.45)
    assert expected_calibration_error(probabilities, labels, bins=1) == pytest.approx(abs(0.75 - 0.765))
