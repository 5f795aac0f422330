"""Which emotion folder a song's sound fits: a rule-based prior from music-emotion research, and a
personal model learned from how the listener sorted their own songs.

The prior places a song on the valence/arousal plane, then takes the nearest emotion, with the
same points the recommender uses (music/recommend.py; "calm" goes to the neutral folder):
- arousal rises with loudness, tempo, onset density and spectral flux (A. Gabrielsson and E.
  Lindström, "The role of structure in the musical expression of emotions", in Handbook of Music and
  Emotion, 2010; E. Schubert, "Modeling perceived emotion with continuous musical features", Music
  Perception 21(4), 2004; Y.-H. Yang and H. H. Chen, "Machine recognition of music emotion: a
  review", ACM TIST 3(3), 2012);
- valence rises with the major mode, brightness, tempo and a clear key (K. Hevner, "The affective
  character of the major and minor modes in music", Am. J. Psychol. 47, 1935; L. Gagnon and I.
  Peretz, "Mode and tempo relative contributions to 'happy-sad' judgements", Cognition & Emotion
  17(1), 2003; T. Eerola, R. Ferrer and V. Alluri, "Timbral qualities of sound as predictors of
  emotional dimensions of music", Music Perception 30(1), 2012).
Each feature is first mapped to -1..1 around a typical value (ANCHORS); the weights follow the
strength of each cue in those reviews (mode for valence; loudness and tempo for arousal).

The personal model takes over once the listener's folders hold at least PERSONAL_MIN_SONGS songs
in at least PERSONAL_MIN_FOLDERS folders: k nearest neighbours on the standardised features of
their own sorted songs, blended PERSONAL_WEIGHT to (1 - PERSONAL_WEIGHT) with the prior, so the
listener's idea of "sad" wins.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np

from ..emotions import EMOTIONS
from .analysis import SoundFeatures
from .recommend import POINTS

ANCHORS: dict[str, tuple[float, float]] = {
    "tempo": (115.0, 35.0),  # bpm: 80 slow .. 150 fast
    "loudness": (-24.0, 6.0),  # dB RMS: -30 soft .. -18 loud
    "onsets": (3.0, 2.5),  # onsets per second: sparse .. busy
    "flux": (0.95, 0.25),
    "brightness": (1500.0, 700.0),  # spectral centroid, Hz: dark .. bright
    "mode": (0.0, 0.2),  # best major minus best minor key correlation
    "clarity": (0.65, 0.2),  # best key correlation
}
AROUSAL_WEIGHTS = {"loudness": 0.30, "tempo": 0.25, "onsets": 0.25, "flux": 0.20}
VALENCE_WEIGHTS = {"mode": 0.50, "brightness": 0.25, "tempo": 0.15, "clarity": 0.10}
SCALE = 1.2
"""Stretches the weighted cues onto the plane: chosen, without folder labels, so that about 90% of the
starter library's songs fall inside the circle of the emotion points (radius 0.8): their 90th
percentile distance from the centre is 0.83 (`benchmarks/bench_sound.py`)."""
WORDS = {"tempo": ("slow", "fast"), "loudness": ("soft", "loud"), "onsets": ("sparse", "busy"),
         "brightness": ("dark", "bright"), "mode": ("minor", "major"), "flux": ("smooth", "restless"),
         "clarity": ("ambiguous key", "clear key")}
SPREAD = 0.15
"""How sure the prior is: the chance of each emotion falls off as exp(-distance² / SPREAD)."""
PERSONAL_MIN_SONGS, PERSONAL_MIN_FOLDERS = 5, 3
PERSONAL_WEIGHT = 0.75
NEIGHBOURS = 5
_TARGETS = {**{e: POINTS[e] for e in EMOTIONS}, "calm": POINTS["calm"]}


@dataclass(frozen=True)
class Estimate:
    """Where a song's sound sits and which folder it fits, with how sure and why."""

    valence: float
    arousal: float
    emotion: str
    confidence: float
    reason: str
    probabilities: dict[str, float]


def cues(features: SoundFeatures) -> dict[str, float]:
    """Each cue mapped to -1..1 around its anchor."""
    raw = {"tempo": features.tempo, "loudness": features.loudness, "onsets": features.onset_rate,
           "flux": features.flux, "brightness": features.centroid, "mode": features.mode,
           "clarity": features.key_clarity}
    return {name: max(-1.0, min(1.0, (raw[name] - centre) / width)) for name, (centre, width) in ANCHORS.items()}


def place(features: SoundFeatures) -> tuple[float, float]:
    """The song's (valence, arousal) on the recommender's plane, by the prior's rules."""
    found = cues(features)
    valence = SCALE * sum(w * found[name] for name, w in VALENCE_WEIGHTS.items())
    arousal = SCALE * sum(w * found[name] for name, w in AROUSAL_WEIGHTS.items())
    return valence, arousal


def prior(features: SoundFeatures) -> Estimate:
    """The rule-based estimate (see the module docstring)."""
    valence, arousal = place(features)
    chances = {e: 0.0 for e in EMOTIONS}
    for name, point in _TARGETS.items():
        folder = "neutral" if name == "calm" else name
        chances[folder] += math.exp(-((valence - point[0]) ** 2 + (arousal - point[1]) ** 2) / SPREAD)
    total = sum(chances.values())
    probabilities = {e: c / total for e, c in chances.items()}
    emotion = max(probabilities, key=probabilities.get)
    return Estimate(valence, arousal, emotion, probabilities[emotion], f"{_words(features)} → {emotion}", probabilities)


def _words(features: SoundFeatures) -> str:
    found = cues(features)
    telling = sorted((name for name in WORDS if abs(found[name]) >= 0.25), key=lambda n: -abs(found[n]))[:3]
    return ", ".join(WORDS[name][found[name] > 0] for name in telling) or "middling in every way"


class PersonalModel:
    """k nearest neighbours on the listener's own sorted songs (standardised features)."""

    def __init__(self, examples: list[tuple[SoundFeatures, str]]):
        self.labels = [emotion for _, emotion in examples]
        vectors = np.array([features.vector() for features, _ in examples])
        self._centre = vectors.mean(axis=0)
        self._scale = vectors.std(axis=0) + 1e-9
        self._points = (vectors - self._centre) / self._scale

    @staticmethod
    def ready(labels: list[str]) -> bool:
        """Whether the sorted songs are enough: PERSONAL_MIN_SONGS in PERSONAL_MIN_FOLDERS folders or more."""
        counts = Counter(labels)
        return sum(1 for n in counts.values() if n >= PERSONAL_MIN_SONGS) >= PERSONAL_MIN_FOLDERS

    def probabilities(self, features: SoundFeatures) -> dict[str, float]:
        point = (features.vector() - self._centre) / self._scale
        distances = np.sqrt(((self._points - point) ** 2).sum(axis=1))
        votes = {e: 0.0 for e in EMOTIONS}
        for index in np.argsort(distances)[:NEIGHBOURS]:
            votes[self.labels[index]] += 1.0 / (distances[index] + 1e-3)
        total = sum(votes.values())
        return {e: v / total for e, v in votes.items()}


def estimate(features: SoundFeatures, personal: PersonalModel | None = None) -> Estimate:
    """The folder for a song: the prior, or (with a personal model) mostly the listener's own sorting."""
    base = prior(features)
    if personal is None:
        return base
    own = personal.probabilities(features)
    blended = {e: PERSONAL_WEIGHT * own[e] + (1 - PERSONAL_WEIGHT) * base.probabilities[e] for e in EMOTIONS}
    emotion = max(blended, key=blended.get)
    return Estimate(base.valence, base.arousal, emotion, blended[emotion],
                    f"{_words(features)} → {emotion} (like your {emotion} songs)" if own[emotion] >= base.probabilities[emotion]
                    else f"{_words(features)} → {emotion}", blended)


def leave_one_out(examples: list[tuple[SoundFeatures, str]]) -> tuple[float, float]:
    """(accuracy of the personal model blended as in `estimate`, accuracy of the prior alone), each song
    predicted by a model of all the others."""
    personal_hits = prior_hits = 0
    for index, (features, emotion) in enumerate(examples):
        others = examples[:index] + examples[index + 1:]
        model = PersonalModel(others)
        personal_hits += estimate(features, model).emotion == emotion
        prior_hits += prior(features).emotion == emotion
    return personal_hits / len(examples), prior_hits / len(examples)
