import json
import shutil

import numpy as np
import pytest

pytest.importorskip("tensorflow", reason="training needs TensorFlow (scripts/setup.sh --train)", exc_type=ImportError)

from emosymphony import EMOTIONS
from emosymphony.cli import main
from helpers import ROOT, SHIPPED_KERAS
from emosymphony.data import read_dataset
from emosymphony.model.architectures import load_keras_model
from emosymphony.model.classifier import EmotionClassifier
from emosymphony.model.config import OPTIMIZER_DEFAULTS, TrainConfig
from emosymphony.model.training import TEACHER_NAME, _targets, class_weights

pytestmark = pytest.mark.slow  # builds and trains Keras networks


@pytest.fixture(scope="module")
def small_fer(fer_train, tmp_path_factory):
    """40 real FER2013 training faces per emotion."""
    root = tmp_path_factory.mktemp("small_fer")
    for emotion in EMOTIONS:
        (root / emotion).mkdir()
        for image in sorted((fer_train / emotion).iterdir())[:40]:
            shutil.copy(image, root / emotion / image.name)
    return root


def test_class_weights_favour_rare_classes_and_average_one():
    labels = np.array([0] * 90 + [1] * 10)
    weights = class_weights(labels, power=0.5)
    assert weights[1] == pytest.approx(3 * weights[0])
    assert weights[labels].mean() == pytest.approx(1.0)


def test_one_epoch_smoke_run_then_resume(small_fer, tmp_path, capsys):
    out = tmp_path / "model.keras"
    common = ["train", "--data", str(small_fer), "--val", str(small_fer), "--out", str(out),
              "--run-dir", str(tmp_path / "run"), "--batch-size", "32"]
    assert main(common + ["--epochs", "1"]) == 0
    assert out.is_file()
    history = json.loads((tmp_path / "model-history.json").read_text())
    assert [h["epoch"] for h in history] == [1]
    assert {"loss", "accuracy", "val_accuracy", "val_macro_f1"} <= set(history[0])
    assert (tmp_path / "model-curves.png").stat().st_size > 1000
    assert (tmp_path / "run" / "checkpoint.keras").is_file()

    assert main(common + ["--epochs", "2", "--resume"]) == 0
    assert "resuming" in capsys.readouterr().out
    history = json.loads((tmp_path / "model-history.json").read_text())
    assert [h["epoch"] for h in history] == [1, 2]


def test_train_refuses_to_replace_a_model(small_fer, tmp_path, capsys):
    out = tmp_path / "model.keras"
    out.write_bytes(b"precious")
    assert main(["train", "--data", str(small_fer), "--out", str(out)]) == 1
    assert "exists" in capsys.readouterr().err
    assert out.read_bytes() == b"precious"


@pytest.mark.parametrize("optimizer", sorted(OPTIMIZER_DEFAULTS))
def test_each_optimizer_has_its_own_defaults_unless_told(optimizer):
    config = TrainConfig(optimizer=optimizer)
    assert (config.learning_rate, config.weight_decay) == OPTIMIZER_DEFAULTS[optimizer]
    assert TrainConfig(optimizer=optimizer, learning_rate=1e-4).learning_rate == 1e-4


def test_an_unknown_optimizer_is_refused_by_name():
    with pytest.raises(ValueError, match="unknown optimizer 'adam'; known: adamw, sgd"):
        TrainConfig(optimizer="adam")


def test_sgd_run_records_its_optimizer_for_resume(small_fer, tmp_path):
    out = tmp_path / "model.keras"
    assert main(["train", "--data", str(small_fer), "--out", str(out), "--run-dir", str(tmp_path / "run"),
                 "--batch-size", "32", "--epochs", "1", "--optimizer", "sgd"]) == 0
    state = json.loads((tmp_path / "run" / "state.json").read_text())
    assert state["config"]["optimizer"] == "sgd"
    assert state["config"]["learning_rate"] == OPTIMIZER_DEFAULTS["sgd"][0]


def test_averaged_run_saves_the_mean_of_its_epochs_across_a_resume(small_fer, tmp_path, capsys):
    out, run = tmp_path / "model.keras", tmp_path / "run"
    common = ["train", "--data", str(small_fer), "--out", str(out), "--run-dir", str(run), "--batch-size", "32",
              "--average-from", "1"]
    assert main(common + ["--epochs", "1"]) == 0
    first = load_keras_model(run / "checkpoint.keras", compile=False).get_weights()
    assert main(common + ["--epochs", "2", "--resume"]) == 0
    second = load_keras_model(run / "checkpoint.keras", compile=False).get_weights()
    assert "averaged the weights of epochs 1-2" in capsys.readouterr().out
    assert sorted(p.name for p in run.glob("average-*")) == ["average-after-epoch-2.npz"]

    (run / "average-after-epoch-2.npz").unlink()
    assert main(common + ["--epochs", "3", "--resume"]) == 1
    assert "average-after-epoch-2.npz is missing" in capsys.readouterr().err

    saved = load_keras_model(out, compile=False)
    statistics = {id(v) for layer in saved.layers if hasattr(layer, "moving_mean")
                  for v in (layer.moving_mean, layer.moving_variance)}
    for variable, a, b in zip(saved.weights, first, second):
        if id(variable) not in statistics:  # batch-norm statistics are re-measured, everything else averaged
            np.testing.assert_allclose(variable.numpy(), (a + b) / 2, rtol=1e-5, atol=1e-6)


def test_average_from_must_be_an_epoch_of_the_run(capsys, tmp_path):
    assert main(["train", "--data", str(tmp_path), "--epochs", "5", "--average-from", "6"]) == 1
    assert "average_from must be 0 (off) or an epoch from 1 to 5, not 6" in capsys.readouterr().err


def test_distillation_keeps_the_teachers_probabilities_for_resume(small_fer, shipped_model, tmp_path, capsys):
    out, run = tmp_path / "model.keras", tmp_path / "run"
    common = ["train", "--data", str(small_fer), "--out", str(out), "--run-dir", str(run), "--batch-size", "32",
              "--teacher", str(shipped_model), "--teacher-weight", "0.6"]
    assert main(common + ["--epochs", "1"]) == 0
    assert "teacher agrees with" in capsys.readouterr().out
    saved = np.load(run / TEACHER_NAME)
    faces = read_dataset(small_fer)
    np.testing.assert_allclose(saved, EmotionClassifier.load(shipped_model).predict(faces.images), atol=1e-6)
    assert json.loads((run / "state.json").read_text())["config"]["teacher_weight"] == 0.6

    assert main(common + ["--epochs", "2", "--resume"]) == 0
    assert "classifying" not in capsys.readouterr().out  # the saved probabilities are used

    np.save(run / TEACHER_NAME, saved[:10])
    assert main(common + ["--epochs", "3", "--resume"]) == 1
    assert "holds 10 faces' probabilities, not 280" in capsys.readouterr().err


def test_targets_blend_label_and_teacher():
    labels = np.eye(7, dtype=np.float32)[[3, 0]]
    teacher = np.full((2, 7), 1 / 7, np.float32)
    targets = _targets(labels, TrainConfig(teacher="t.tflite", teacher_weight=0.7), teacher)
    np.testing.assert_allclose(targets[0], 0.7 / 7 + 0.3 * np.eye(7)[3], rtol=1e-6)
    np.testing.assert_allclose(targets.sum(axis=1), 1, rtol=1e-6)
    np.testing.assert_array_equal(_targets(labels, TrainConfig(), None), labels)


def test_a_smoke_run_on_blended_votes_starting_from_the_shipped_weights(small_fer, tmp_path, capsys):
    votes = ROOT / ".." / "shared" / "data" / "ferplus" / "votes.csv"
    if not votes.is_file():
        pytest.skip(f"FER+ votes not found at {votes}")
    out, run, start = tmp_path / "model.keras", tmp_path / "run", tmp_path / "member.keras"
    load_keras_model(SHIPPED_KERAS, compile=False).get_layer("member_0").save(start)  # one network of the ensemble
    assert main(["train", "--data", str(small_fer), "--val", str(small_fer), "--out", str(out), "--run-dir", str(run),
                 "--batch-size", "32", "--epochs", "1", "--votes", str(votes), "--votes-weight", "0.6",
                 "--init", str(start), "--learning-rate", "1e-4"]) == 0
    printed = capsys.readouterr().out
    assert "starting from the weights of" in printed and "(weight 0.6)" in printed
    history = json.loads((run / "state.json").read_text())
    assert history["config"]["votes_weight"] == 0.6
    assert 0.3 < history["history"][0]["val_ferplus_accuracy"] <= 1  # judged on the FER+ majority of the faces


def test_train_refuses_a_start_model_of_another_architecture(small_fer, tmp_path, capsys):
    assert main(["train", "--data", str(small_fer), "--out", str(tmp_path / "m.keras"), "--run-dir", str(tmp_path / "r"),
                 "--arch", "seed-cnn", "--init", str(SHIPPED_KERAS), "--epochs", "1"]) == 1
    assert "is not a model of architecture" in capsys.readouterr().err
    assert main(["train", "--data", str(small_fer), "--out", str(tmp_path / "m.keras"), "--run-dir", str(tmp_path / "r"),
                 "--init", str(SHIPPED_KERAS), "--epochs", "1"]) == 1  # an ensemble is not one network to start from
    assert "is not a model of architecture 'symphony_cnn'" in capsys.readouterr().err
    assert main(["train", "--data", str(small_fer), "--votes-weight", "1.5"]) == 1
    assert "votes_weight must be from 0 to 1, not 1.5" in capsys.readouterr().err


def test_train_refuses_a_missing_teacher_or_a_bad_weight(capsys, tmp_path):
    assert main(["train", "--data", str(tmp_path), "--teacher", str(tmp_path / "gone.tflite")]) == 1
    assert "teacher model not found" in capsys.readouterr().err
    assert main(["train", "--data", str(tmp_path), "--teacher-weight", "1.5"]) == 1
    assert "teacher_weight must be above 0 and at most 1, not 1.5" in capsys.readouterr().err
