"""Honest confidence and mood sensitivity: a temperature and a neutral prior shift applied to a model's probabilities.

- The temperature T is fitted on val/ (FER+ majority labels) so that "94% sure" is right about 94% of
  the time: probabilities become softmax(log p / T). It never changes which emotion wins.
- The mood sensitivity moves the decision away from (or toward) neutral: log p(neutral) is lowered by
  a shift, so a face must look less neutral before another emotion wins. Sensitivity 0.5 is the
  default shift chosen from the measured trade-off curve (models/MODEL_CARD.md); each step of 0.25
  moves the shift by SHIFT_PER_QUARTER.

Both live in a small JSON file beside the model (`emotion.json` for the bundled one).
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import numpy as np

from ..emotions import EMOTIONS
from ..settings import DEFAULT_SENSITIVITY

NEUTRAL = EMOTIONS.index("neutral")
SHIFT_PER_QUARTER = 0.5
"""How much the neutral shift changes per 0.25 of sensitivity (log-probability units)."""
BINS = 15


@dataclass(frozen=True)
class Calibration:
    """A model's temperature and the neutral shift of the default sensitivity."""

    temperature: float = 1.0
    neutral_shift: float = 0.0

    def apply(self, probabilities: np.ndarray, sensitivity: float = DEFAULT_SENSITIVITY,
              resting: np.ndarray | None = None) -> np.ndarray:
        """Calibrated probabilities (rows sum to 1, FER2013 order) at a sensitivity from 0 (calm) to 1 (expressive);
        `resting`: a listener's resting-face offsets (resting_face.py), removed first."""
        if not 0.0 <= sensitivity <= 1.0:
            raise ValueError(f"sensitivity must be from 0 to 1, not {sensitivity}")
        logits = np.log(np.clip(probabilities, 1e-12, 1.0))
        if resting is not None:
            logits -= resting
        logits[..., NEUTRAL] -= self.shift_at(sensitivity)  # in log-probability units, before the temperature
        logits /= self.temperature
        logits -= logits.max(axis=-1, keepdims=True)
        scaled = np.exp(logits)
        return scaled / scaled.sum(axis=-1, keepdims=True)

    def shift_at(self, sensitivity: float) -> float:
        """The neutral shift for a sensitivity (higher sensitivity: a larger shift, fewer neutral answers)."""
        return self.neutral_shift + (sensitivity - DEFAULT_SENSITIVITY) / 0.25 * SHIFT_PER_QUARTER

    def save(self, path: Path) -> None:
        from ..files import write_atomically

        write_atomically(path, json.dumps(asdict(self), indent=1) + "\n")

    @classmethod
    def beside(cls, model: Path | Traversable) -> "Calibration":
        """The calibration stored beside a model file (`emotion.tflite` -> `emotion.json`); identity if none."""
        try:
            data = json.loads((model.parent if isinstance(model, Path) else resources.files(__package__))
                              .joinpath(Path(model.name).stem + ".json").read_text())
            return cls(float(data["temperature"]), float(data["neutral_shift"]))
        except (OSError, ValueError, KeyError, TypeError):
            return cls()


def fit_temperature(probabilities: np.ndarray, labels: np.ndarray) -> float:
    """The temperature that minimises the negative log-likelihood of `labels` (golden-section search)."""
    log_p = np.log(np.clip(probabilities, 1e-12, 1.0))

    def nll(temperature: float) -> float:
        logits = log_p / temperature
        logits -= logits.max(axis=1, keepdims=True)
        log_norm = np.log(np.exp(logits).sum(axis=1))
        return float(-(logits[np.arange(len(labels)), labels] - log_norm).mean())

    low, high = 0.25, 4.0
    golden = (math.sqrt(5) - 1) / 2
    for _ in range(60):
        a, b = high - golden * (high - low), low + golden * (high - low)
        low, high = (low, b) if nll(a) < nll(b) else (a, high)
    return (low + high) / 2


def expected_calibration_error(probabilities: np.ndarray, labels: np.ndarray, bins: int = BINS) -> float:
    """ECE: the gap between confidence and accuracy, averaged over `bins` equal-width confidence bins."""
    confidence = probabilities.max(axis=1)
    correct = probabilities.argmax(axis=1) == labels
    edges = np.linspace(0.0, 1.0, bins + 1)
    total = 0.0
    for low, high in zip(edges[:-1], edges[1:]):
        inside = (confidence > low) & (confidence <= high)
        if inside.any():
            total += inside.mean() * abs(correct[inside].mean() - confidence[inside].mean())
    return float(total)
