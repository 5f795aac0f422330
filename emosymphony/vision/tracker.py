"""Turning a noisy stream of per-frame emotion guesses into a stable mood.

Three mechanisms, each with one job:
- time-based exponential averaging (time constant `smoothing_seconds`) removes frame-to-frame noise
  independently of the frame rate;
- hysteresis: another emotion replaces the current mood only when its averaged probability beats the
  mood's by `switch_margin`;
- a dwell time: it must keep that lead for `dwell_seconds` before the change is reported.
A face that has been gone for `no_face_seconds` turns the mood into "no_face"; when a face returns,
averaging starts afresh from it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..emotions import EMOTIONS, NO_FACE


@dataclass(frozen=True)
class MoodState:
    """The tracker's current mood, its smoothed confidence and the smoothed probabilities."""

    time: float
    mood: str
    confidence: float
    probabilities: np.ndarray


@dataclass(frozen=True)
class MoodChange:
    """Emitted once when the reported mood changes."""

    time: float
    mood: str
    previous: str
    confidence: float

    def to_dict(self) -> dict:
        return {"time": round(self.time, 3), "mood": self.mood, "previous": self.previous, "confidence": round(self.confidence, 4)}


class MoodTracker:
    """Feed it per-frame probabilities (or None when no face is seen) with their times, in order."""

    def __init__(
        self,
        smoothing_seconds: float = 0.35,
        switch_margin: float = 0.25,
        dwell_seconds: float = 0.8,
        no_face_seconds: float = 2.0,
    ):
        self.smoothing_seconds = smoothing_seconds
        self.switch_margin = switch_margin
        self.dwell_seconds = dwell_seconds
        self.no_face_seconds = no_face_seconds
        self._average: np.ndarray | None = None
        self._mood = NO_FACE
        self._last_time: float | None = None
        self._last_face_time: float | None = None
        self._leader: str | None = None
        self._leader_since = 0.0

    @property
    def state(self) -> MoodState:
        """The current mood (NO_FACE before the first face and after the face has been gone a while)."""
        probabilities = self._average if self._average is not None else np.zeros(len(EMOTIONS))
        confidence = float(probabilities[EMOTIONS.index(self._mood)]) if self._mood in EMOTIONS else 0.0
        return MoodState(self._last_time or 0.0, self._mood, confidence, probabilities.copy())

    def update(self, time: float, probabilities: np.ndarray | None) -> MoodChange | None:
        """Add one frame's observation; returns a MoodChange when the reported mood changes."""
        dt = 0.0 if self._last_time is None else max(time - self._last_time, 0.0)
        self._last_time = time
        if probabilities is None:
            gone_since = self._last_face_time
            if self._mood != NO_FACE and gone_since is not None and time - gone_since >= self.no_face_seconds:
                self._average = None
                self._leader = None
                return self._change_to(NO_FACE, time, 0.0)
            return None
        probabilities = np.asarray(probabilities, dtype=np.float64)
        if self._average is None or self._last_face_time is None or time - self._last_face_time >= self.no_face_seconds:
            self._average = probabilities.copy()
        else:
            weight = 1.0 - math.exp(-dt / self.smoothing_seconds) if self.smoothing_seconds > 0 else 1.0
            self._average += weight * (probabilities - self._average)
        self._last_face_time = time
        return self._decide(time)

    def _decide(self, time: float) -> MoodChange | None:
        average = self._average
        best = EMOTIONS[int(np.argmax(average))]
        if self._mood == NO_FACE:
            return self._change_to(best, time, float(average.max()))
        if best == self._mood or average.max() - average[EMOTIONS.index(self._mood)] < self.switch_margin:
            self._leader = None
            return None
        if best != self._leader:
            self._leader, self._leader_since = best, time
        if time - self._leader_since >= self.dwell_seconds:
            return self._change_to(best, time, float(average.max()))
        return None

    def _change_to(self, mood: str, time: float, confidence: float) -> MoodChange:
        change = MoodChange(time, mood, self._mood, confidence)
        self._mood = mood
        self._leader = None
        return change
