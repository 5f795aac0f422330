"""Training an emotion classifier on FER2013-style data, resumable from per-epoch checkpoints."""

from __future__ import annotations

import json
import time
from dataclasses import asdict
from pathlib import Path
import keras
import numpy as np
import tensorflow as tf

from ..data import Dataset
from ..emotions import EMOTIONS
from ..errors import EmosymphonyError
from ..files import PARTIAL_PREFIX, write_atomically
from ..votes import majority_labels, read_votes, soft_targets
from .architectures import build_model, load_keras_model
from .augment import augment_batch, mixup
from .config import TrainConfig
from .averaging import WeightAverage, reestimate_batch_norm
from .metrics import classification_report

CHECKPOINT_NAME = "checkpoint.keras"
STATE_NAME = "state.json"
AVERAGE_NAME = "average-after-epoch-{}.npz"
TEACHER_NAME = "teacher-probabilities.npy"

class TrainingError(EmosymphonyError):
    """A run cannot go on as asked (for example, its saved state is incomplete)."""


def class_weights(labels: np.ndarray, power: float) -> np.ndarray:
    """Per-class loss weights (inverse frequency)^power, scaled so the average sample weighs 1."""
    counts = np.bincount(labels, minlength=len(EMOTIONS)).astype(np.float64)
    weights = np.where(counts > 0, (counts.sum() / np.maximum(counts, 1)) ** power, 0.0)
    return weights / (weights[labels].mean())


def _teacher_probabilities(config: TrainConfig, data: Dataset, run_dir: Path) -> np.ndarray:
    """The teacher's mirror-averaged probabilities on the (unaugmented) training faces, kept in the run folder."""
    from .classifier import EmotionClassifier

    saved = run_dir / TEACHER_NAME
    if saved.exists():
        probabilities = np.load(saved)
        if probabilities.shape == (len(data), len(EMOTIONS)):
            return probabilities
        raise TrainingError(f"{saved} holds {probabilities.shape[0]} faces' probabilities, not {len(data)}; the training data changed")
    print(f"teacher {config.teacher}: classifying the {len(data)} training faces", flush=True)
    probabilities = EmotionClassifier.load(config.teacher).predict(data.images).astype(np.float32)
    accuracy = float((probabilities.argmax(axis=1) == data.labels).mean())
    print(f"  the teacher agrees with {accuracy:.1%} of the training labels", flush=True)
    partial = run_dir / ("partial-" + TEACHER_NAME)
    np.save(partial, probabilities)
    partial.replace(saved)
    return probabilities


def _label_targets(data: Dataset, config: TrainConfig) -> tuple[np.ndarray, np.ndarray]:
    """Each face's target from its labels (FER2013 one-hot, or blended with FER+ votes) and which faces to keep."""
    if config.votes is None:
        return np.eye(len(EMOTIONS), dtype=np.float32)[data.labels], np.ones(len(data), dtype=bool)
    targets, keep = soft_targets(data.labels, data.files, read_votes(config.votes), config.votes_weight)
    print(f"votes {config.votes} (weight {config.votes_weight:g}): {int((~keep).sum())} faces left out as not a face", flush=True)
    return targets, keep


def _targets(labels: np.ndarray, config: TrainConfig, teacher: np.ndarray | None) -> np.ndarray:
    """The label targets, blended with the teacher's probabilities when there is a teacher."""
    if teacher is None:
        return labels
    return (1 - config.teacher_weight) * labels + config.teacher_weight * teacher


def _pipeline(data: Dataset, config: TrainConfig, sample_weight: np.ndarray, targets: np.ndarray) -> tf.data.Dataset:
    images = data.images[..., None]
    stream = tf.data.Dataset.from_tensor_slices((images, targets.astype(np.float32), sample_weight))
    stream = stream.shuffle(len(data), seed=config.seed, reshuffle_each_iteration=True)
    stream = stream.batch(config.batch_size, drop_remainder=True)
    stream = stream.map(
        lambda x, y, w: (augment_batch(tf.cast(x, tf.float32), config.augment), y, w),
        num_parallel_calls=tf.data.AUTOTUNE,
    )
    if config.mixup > 0:
        stream = stream.map(lambda x, y, w: mixup(x, y, w, config.mixup), num_parallel_calls=tf.data.AUTOTUNE)
    return stream.prefetch(tf.data.AUTOTUNE)


def _compiled_model(config: TrainConfig, steps_per_epoch: int) -> keras.Model:
    model = build_model(config.arch)
    total = config.epochs * steps_per_epoch
    warmup = min(config.warmup_epochs * steps_per_epoch, total // 2)
    schedule = keras.optimizers.schedules.CosineDecay(
        initial_learning_rate=config.learning_rate / 10,
        decay_steps=max(total - warmup, 1),
        warmup_target=config.learning_rate,
        warmup_steps=warmup,
    )
    if config.optimizer == "sgd":
        optimizer = keras.optimizers.SGD(schedule, momentum=0.9, nesterov=True, weight_decay=config.weight_decay)
    else:
        optimizer = keras.optimizers.AdamW(learning_rate=schedule, weight_decay=config.weight_decay)
    model.compile(
        optimizer=optimizer,
        loss=keras.losses.CategoricalCrossentropy(label_smoothing=config.label_smoothing),
        metrics=["accuracy"],
    )
    return model


class _EpochRecorder(keras.callbacks.Callback):
    """After each epoch: validation accuracy and macro-F1, history, checkpoint, weight average and state files."""

    def __init__(
        self, run_dir: Path, config: TrainConfig, val: Dataset | None, history: list[dict], average: WeightAverage
    ):
        super().__init__()
        self.run_dir, self.config, self.val, self.history, self.average = run_dir, config, val, history, average
        self.started = time.monotonic()

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        record = {"epoch": epoch + 1, "seconds": round(time.monotonic() - self.started, 1)}
        record.update({k: float(v) for k, v in (logs or {}).items()})
        if self.val is not None:
            report = _validate(self.model, self.val, self.config.votes)
            record["val_accuracy"], record["val_macro_f1"] = report["accuracy"], report["macro_f1"]
            if "ferplus_accuracy" in report:
                record["val_ferplus_accuracy"] = report["ferplus_accuracy"]
        self.history.append(record)
        self.started = time.monotonic()
        partial = self.run_dir / ("partial-" + CHECKPOINT_NAME)
        self.model.save(partial)
        partial.replace(self.run_dir / CHECKPOINT_NAME)
        if self.config.average_from and epoch + 1 >= self.config.average_from:
            self.average.add(self.model.get_weights())
            self.average.save(self.run_dir / AVERAGE_NAME.format(epoch + 1))
        state = {"config": asdict(self.config), "epochs_done": epoch + 1, "history": self.history}
        _write_json(self.run_dir / STATE_NAME, state)
        (self.run_dir / AVERAGE_NAME.format(epoch)).unlink(missing_ok=True)


def _start_from(model: keras.Model, path: Path) -> None:
    """Copy the weights of a saved model of the same architecture into `model`."""
    if not path.is_file():
        raise TrainingError(f"model to start from not found: {path}")
    start = load_keras_model(path, compile=False)
    shapes = [w.shape for w in model.get_weights()]
    if [w.shape for w in start.get_weights()] != shapes:
        raise TrainingError(f"{path} is not a model of architecture {model.name!r}; cannot start from its weights")
    model.set_weights(start.get_weights())
    print(f"starting from the weights of {path}", flush=True)


def _validate(model: keras.Model, val: Dataset, votes: str | None = None) -> dict:
    """Accuracy and macro-F1 on the FER2013 labels; with votes, also accuracy on the FER+ majority labels."""
    predicted = model.predict(val.images[..., None].astype(np.float32), batch_size=256, verbose=0).argmax(axis=1)
    report = classification_report(val.labels, predicted)
    line = f"  val accuracy {report['accuracy']:.4f}  macro-F1 {report['macro_f1']:.4f}"
    if votes and val.files:
        majority, _ = majority_labels(val.files, read_votes(votes))
        judged = majority >= 0
        report["ferplus_accuracy"] = float((predicted[judged] == majority[judged]).mean())
        line += f"  FER+ accuracy {report['ferplus_accuracy']:.4f}"
    print(line, flush=True)
    return report


def train(
    train_data: Dataset,
    val_data: Dataset | None,
    config: TrainConfig,
    run_dir: Path,
    resume: bool = False,
    verbose: int = 1,
) -> tuple[keras.Model, list[dict]]:
    """Train (or continue) a run in `run_dir`; returns the trained model and the per-epoch history.

    With `config.average_from` the returned model holds the mean of the weights after each epoch from
    that one on, with batch norm re-estimated on the training faces.
    """
    run_dir.mkdir(parents=True, exist_ok=True)
    steps = len(train_data) // config.batch_size
    if steps == 0:
        raise ValueError(f"{len(train_data)} training images are fewer than one batch of {config.batch_size}")
    history: list[dict] = []
    initial_epoch = 0
    state_file = run_dir / STATE_NAME
    if resume and state_file.exists():
        state = json.loads(state_file.read_text())
        config = TrainConfig(**{**state["config"], "epochs": config.epochs})
        history = state["history"]
        initial_epoch = state["epochs_done"]
        model = load_keras_model(run_dir / CHECKPOINT_NAME)
        print(f"resuming {run_dir} after epoch {initial_epoch} of {config.epochs}", flush=True)
    else:
        keras.utils.set_random_seed(config.seed)
        model = _compiled_model(config, steps)
        if config.init:
            _start_from(model, Path(config.init))
    average_file = run_dir / AVERAGE_NAME.format(initial_epoch)
    if not average_file.exists() and 0 < config.average_from <= initial_epoch:
        raise TrainingError(f"{average_file} is missing, so the mean from epoch {config.average_from} on cannot go on")
    average = WeightAverage.load(average_file) if average_file.exists() else WeightAverage()
    if initial_epoch < config.epochs:
        labels, keep = _label_targets(train_data, config)
        train_data, labels = train_data.subset(keep), labels[keep]
        classes = labels.argmax(axis=1)
        sample_weight = class_weights(classes, config.class_weight_power)[classes].astype(np.float32)
        teacher = _teacher_probabilities(config, train_data, run_dir) if config.teacher else None
        model.fit(
            _pipeline(train_data, config, sample_weight, _targets(labels, config, teacher)),
            epochs=config.epochs,
            initial_epoch=initial_epoch,
            shuffle=False,  # the pipeline shuffles; Keras would only warn that it cannot
            callbacks=[_EpochRecorder(run_dir, config, val_data, history, average)],
            verbose=verbose,
        )
    if average.count:
        model.set_weights(average.weights)
        print(f"averaged the weights of epochs {config.average_from}-{config.epochs}; re-estimating batch norm", flush=True)
        reestimate_batch_norm(model, train_data.images)
        if val_data is not None:
            _validate(model, val_data)
    return model, history


def save_for_inference(model: keras.Model, arch: str, path: Path) -> None:
    """Save the trained weights without optimizer state (a fresh model of the same architecture)."""
    clean = build_model(arch)
    clean.set_weights(model.get_weights())
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(PARTIAL_PREFIX + path.name)
    clean.save(partial)
    partial.replace(path)


def save_outputs(model: keras.Model, arch: str, history: list[dict], out: Path) -> list[Path]:
    """Save the model for inference at `out`, with `<stem>-history.json` and `<stem>-curves.png` beside it."""
    history_file = out.with_name(f"{out.stem}-history.json")
    curves = out.with_name(f"{out.stem}-curves.png")
    save_for_inference(model, arch, out)
    write_atomically(history_file, json.dumps(history, indent=1))
    plot_history(history, curves)
    return [out, history_file, curves]


def plot_history(history: list[dict], path: Path) -> None:
    """Write a PNG of loss and accuracy per epoch (training and validation)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    epochs = [r["epoch"] for r in history]
    figure, (loss_axis, accuracy_axis) = plt.subplots(1, 2, figsize=(10, 4))
    loss_axis.plot(epochs, [r["loss"] for r in history], label="training loss")
    loss_axis.set_xlabel("epoch")
    loss_axis.legend()
    accuracy_axis.plot(epochs, [r["accuracy"] for r in history], label="training accuracy (augmented)")
    if history and "val_accuracy" in history[0]:
        accuracy_axis.plot(epochs, [r["val_accuracy"] for r in history], label="validation accuracy")
        accuracy_axis.plot(epochs, [r["val_macro_f1"] for r in history], label="validation macro-F1")
    accuracy_axis.set_xlabel("epoch")
    accuracy_axis.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)


def _write_json(path: Path, value: object) -> None:
    write_atomically(path, json.dumps(value, indent=1))

