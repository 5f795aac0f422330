"""What decides a training run, without TensorFlow: the command line reads its defaults and choices here."""

from __future__ import annotations

from dataclasses import dataclass

AUGMENTATIONS = ("camera", "full", "geometric", "flip", "none")
"""camera: flip, wider framing jitter, light (contrast, brightness, gamma), blur and sensor noise;
full: flip, rotate/scale/shift, re-light and erase; geometric: flip and rotate/scale/shift;
flip: mirror only; none: the images as they are."""

OPTIMIZER_DEFAULTS = {"adamw": (2e-3, 0.05), "sgd": (0.05, 5e-4)}
"""Each optimizer's peak learning rate and weight decay for batches of 64."""


@dataclass
class TrainConfig:
    """Everything that decides a training run (saved with the run so --resume continues it)."""

    arch: str = "symphony-cnn"
    epochs: int = 60
    batch_size: int = 64
    optimizer: str = "adamw"
    """"adamw", or "sgd" (Nesterov momentum 0.9)."""
    learning_rate: float | None = None
    """Peak learning rate; None takes the optimizer's default from OPTIMIZER_DEFAULTS."""
    weight_decay: float | None = None
    """Decoupled weight decay; None takes the optimizer's default."""
    warmup_epochs: int = 2
    label_smoothing: float = 0.1
    class_weight_power: float = 0.5
    augment: str = "geometric"
    mixup: float = 0.0
    """Beta(alpha, alpha) of mixup after augmentation; 0 turns it off."""
    seed: int = 1
    average_from: int = 0
    """First epoch whose weights enter the final model's average (stochastic weight averaging); 0 turns it off."""
    teacher: str | None = None
    """Model (.tflite or .keras) whose mirror-averaged probabilities on the training faces become soft targets."""
    teacher_weight: float = 0.7
    """Share of the teacher's probabilities in each target; the rest is the label."""
    votes: str | None = None
    """FER+ votes CSV: train on each face's vote shares instead of its single FER2013 label."""
    votes_weight: float = 1.0
    """Share of the vote shares in each target; the rest is the FER2013 label."""
    init: str | None = None
    """A .keras model of the same architecture whose weights the run starts from (fine-tuning)."""

    def __post_init__(self) -> None:
        if self.augment not in AUGMENTATIONS:
            raise ValueError(f"unknown augmentation {self.augment!r}; known: {', '.join(AUGMENTATIONS)}")
        if self.optimizer not in OPTIMIZER_DEFAULTS:
            raise ValueError(f"unknown optimizer {self.optimizer!r}; known: {', '.join(OPTIMIZER_DEFAULTS)}")
        if self.mixup < 0:
            raise ValueError(f"mixup must be 0 (off) or a positive Beta alpha, not {self.mixup}")
        if not 0 <= self.average_from <= self.epochs:
            raise ValueError(f"average_from must be 0 (off) or an epoch from 1 to {self.epochs}, not {self.average_from}")
        if not 0 < self.teacher_weight <= 1:
            raise ValueError(f"teacher_weight must be above 0 and at most 1, not {self.teacher_weight}")
        if not 0 <= self.votes_weight <= 1:
            raise ValueError(f"votes_weight must be from 0 to 1, not {self.votes_weight}")
        learning_rate, weight_decay = OPTIMIZER_DEFAULTS[self.optimizer]
        self.learning_rate = learning_rate if self.learning_rate is None else self.learning_rate
        self.weight_decay = weight_decay if self.weight_decay is None else self.weight_decay
