"""A listener's resting face: what the model reads on it, removed so that their calm face reads as calm.

People's faces at rest differ: one reads a little sad, another a little surprised. A short capture of the
resting face (at least MIN_LOOKS looks) measures, for each emotion, how much more likely the model finds
it than neutral on this face (log-probability units, before the temperature and the sensitivity). The
median over the looks is robust to a blink or a passing smile; looks where the face moved or changed
too much are rejected, and a capture with too many of them is refused.

The offset of an emotion is just large enough for the resting face to read neutral, with MARGIN to spare,
at the sensitivity the listener uses; emotions the resting face does not lean toward get no offset (the
calibration never makes any emotion more likely). No offset exceeds MAX_OFFSET, so it never turns a clear
expression into neutral: a look on which the model finds an emotion more than e**MAX_OFFSET (about 4.5)
times as likely as neutral at the listener's sensitivity still reads as an emotion, whatever the resting
face.

It is applied before the temperature and the sensitivity's neutral shift (see calibration.py), and stored
with the identity of the model it was made for: another model never uses it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..emotions import EMOTIONS
from ..errors import EmosymphonyError
from .calibration import NEUTRAL, Calibration

MIN_LOOKS = 10
CAPTURE_SECONDS = 5.0
"""How long the camera looks at a resting face by default (at five looks a second: about 25 looks)."""
MARGIN = math.log(2.0)
"""After calibration the resting face's median look reads neutral at least twice as likely as any emotion."""
MAX_OFFSET = 1.5
"""The largest offset of an emotion, in log-probability units (e**1.5 = 4.5)."""
MAX_MOVEMENT = 0.35
"""A look whose face centre is farther than this share of the face's size from the median centre moved too much."""
MAX_CHANGE = 1.5
"""A look whose log-ratio to neutral of some emotion is this far from the median changed expression."""
MAX_REJECTED_SHARE = 1 / 3


class RestingFaceError(EmosymphonyError):
    """A capture that cannot teach the resting face (too few looks, a face that moved or changed)."""


@dataclass(frozen=True)
class RestingFace:
    """What is removed from each emotion for one listener and one model, and what it changed."""

    model: str
    """Identity of the model it was made for (EmotionClassifier.identity)."""
    offsets: tuple[float, ...]
    """Log-probability units removed from each emotion (FER2013 order; neutral's is 0)."""
    looks: int
    before: tuple[str, float]
    """What the resting face read as before: (mood, probability) of its median look."""
    after: tuple[str, float]

    def summary(self) -> str:
        """The effect in words, e.g. "your resting face read as sad 41% → now neutral 88%"."""
        return (f"your resting face read as {self.before[0]} {self.before[1]:.0%} → "
                f"now {self.after[0]} {self.after[1]:.0%}")

    def to_dict(self) -> dict:
        return {"model": self.model, "offsets": list(self.offsets), "looks": self.looks,
                "before": list(self.before), "after": list(self.after)}

    @classmethod
    def from_dict(cls, data: dict) -> "RestingFace":
        """Read back a stored resting face; ValueError when it is not one."""
        try:
            offsets = tuple(float(v) for v in data["offsets"])
            face = cls(str(data["model"]), offsets, int(data["looks"]), (str(data["before"][0]), float(data["before"][1])),
                       (str(data["after"][0]), float(data["after"][1])))
        except (KeyError, TypeError, ValueError, IndexError) as error:
            raise ValueError(f"not a resting face: {error}") from None
        if len(offsets) != len(EMOTIONS) or not all(0.0 <= v <= MAX_OFFSET for v in offsets) or offsets[NEUTRAL]:
            raise ValueError("not a resting face: offsets out of range")
        return face


def learn(probabilities: np.ndarray, centres: np.ndarray, sizes: np.ndarray, model: str,
          calibration: Calibration, sensitivity: float) -> RestingFace:
    """The resting face from looks at it: their probabilities as the classifier gave them (calibrated, at
    `sensitivity`, without a resting face), and each face's centre (x, y) and size in pixels."""
    if len(probabilities) < MIN_LOOKS:
        raise RestingFaceError(f"only {len(probabilities)} looks with a face; at least {MIN_LOOKS} are needed "
                               "(look at the camera, in good light, a little longer)")
    ratios = _ratios(probabilities, calibration, sensitivity)
    moved = np.linalg.norm(centres - np.median(centres, axis=0), axis=1) > MAX_MOVEMENT * np.median(sizes)
    changed = np.abs(ratios - np.median(ratios, axis=0)).max(axis=1) > MAX_CHANGE
    if moved.mean() > MAX_REJECTED_SHARE:
        raise RestingFaceError(f"the face moved too much ({moved.sum()} of {len(moved)} looks); "
                               "keep still and look at the screen")
    if changed.mean() > MAX_REJECTED_SHARE:
        raise RestingFaceError(f"the face changed too much ({changed.sum()} of {len(changed)} looks); "
                               "relax and keep a calm face")
    kept = ratios[~(moved | changed)]
    if len(kept) < MIN_LOOKS:
        raise RestingFaceError(f"only {len(kept)} steady looks; at least {MIN_LOOKS} are needed")
    resting = np.median(kept, axis=0)
    # enough to read neutral with MARGIN (calibrated) at this sensitivity, whose shift lowers neutral; never negative
    offsets = np.clip(resting + calibration.shift_at(sensitivity) + MARGIN * calibration.temperature, 0.0, MAX_OFFSET)
    offsets[NEUTRAL] = 0.0
    median_look = _from_ratios(resting, calibration, sensitivity)
    after = _from_ratios(resting - offsets, calibration, sensitivity)
    return RestingFace(model, tuple(float(v) for v in offsets), len(kept), _top(median_look), _top(after))


def _ratios(probabilities: np.ndarray, calibration: Calibration, sensitivity: float) -> np.ndarray:
    """Each emotion's log-probability relative to neutral as the raw model gave it (the calibration undone)."""
    logits = np.log(np.clip(probabilities, 1e-12, 1.0))
    calibrated = logits - logits[:, NEUTRAL : NEUTRAL + 1]
    raw = calibrated * calibration.temperature
    raw[:, [i for i in range(len(EMOTIONS)) if i != NEUTRAL]] -= calibration.shift_at(sensitivity)
    return raw


def _from_ratios(ratios: np.ndarray, calibration: Calibration, sensitivity: float) -> np.ndarray:
    """Calibrated probabilities of a look given as raw log-ratios to neutral."""
    raw = np.exp(ratios - ratios.max())
    return calibration.apply((raw / raw.sum())[None, :], sensitivity)[0]


def _top(probabilities: np.ndarray) -> tuple[str, float]:
    index = int(np.argmax(probabilities))
    return EMOTIONS[index], float(probabilities[index])
