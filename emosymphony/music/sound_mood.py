"""Which emotion folder a song's sound fits: a built-in model learned from annotated music, and a personal
model learned from how the listener sorted their own songs.

The built-in model (`sound_model.json`, taught by `benchmarks/train_sound_mood.py` on the 500 clips of the
4Q audio emotion dataset — R. Panda, R. Malheiro, R. P. Paiva, "Novel audio features for music emotion
recognition", IEEE TAFFC 11(4), 2020 — cross-validated by artist; no audio ships) is two logistic
regressions on the standardised sound features: the chance that a song's valence is high and that its
arousal is high. The four quadrants' chances are their products: happy (high, high), angry (low, high),
sad (low, low) and calm, which is the neutral folder (high valence, low arousal). The annotated music has
no fear, disgust or surprise, so the built-in model never proposes them: only the listener's own sorting
can. Below a confidence calibrated on the cross-validation (NOT_SURE_BELOW) an estimate is "not sure"
and names its two closest folders. The song's place on the recommender's plane is (valence, arousal)
scaled to the emotion points' radius.

The personal model takes over once the listener's folders hold at least PERSONAL_MIN_SONGS songs
in at least PERSONAL_MIN_FOLDERS folders and it places their own songs better than the built-in model
does: k nearest neighbours on the standardised features of their sorted songs, blended PERSONAL_WEIGHT to
(1 - PERSONAL_WEIGHT) with the built-in model, so the listener's idea of "sad" wins.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from ..emotions import EMOTIONS
from .analysis import SoundFeatures

MODEL_FILE = "sound_model.json"
RADIUS = 0.8
"""Where the built-in model's surest songs sit on the plane: the radius of the recommender's emotion points."""
QUADRANTS = ("happy", "angry", "sad", "neutral")
ANCHORS: dict[str, tuple[float, float]] = {
    "tempo": (115.0, 35.0),  # bpm: 80 slow .. 150 fast
    "loudness": (-24.0, 6.0),  # dB RMS: -30 soft .. -18 loud
    "onsets": (3.0, 2.5),  # onsets per second: sparse .. busy
    "flux": (0.95, 0.25),
    "brightness": (1500.0, 700.0),  # spectral centroid, Hz: dark .. bright
    "mode": (0.0, 0.2),  # best major minus best minor key correlation
    "clarity": (0.65, 0.2),  # best key correlation
}
"""Typical values and spreads of the cues named in a proposal's reason ("fast, loud, minor")."""
WORDS = {"tempo": ("slow", "fast"), "loudness": ("soft", "loud"), "onsets": ("sparse", "busy"),
         "brightness": ("dark", "bright"), "mode": ("minor", "major"), "flux": ("smooth", "restless"),
         "clarity": ("ambiguous key", "clear key")}
PERSONAL_MIN_SONGS, PERSONAL_MIN_FOLDERS = 5, 3
PERSONAL_WEIGHT = 0.75
PERSONAL_MARGIN = 0.3
"""How many more of the listener's sorted songs (a share) the personal model must place right than the built-in
model before it is heard: chosen by `benchmarks/train_sound_mood.py --personal 5 10`."""
NEIGHBOURS = 5
MAPPING_PRIOR = 3.0
"""Songs' worth of belief that the listener's folder for a sound is the one the built-in model names, before
their own sorted songs show otherwise (the personal model's second half)."""


@dataclass(frozen=True)
class Estimate:
    """Where a song's sound sits and which folder it fits, with how sure and why."""

    valence: float
    arousal: float
    emotion: str
    confidence: float
    reason: str
    probabilities: dict[str, float]
    sure: bool = True
    """False below the calibrated confidence: then `closest` names the two likeliest folders."""
    closest: tuple[str, str] = ("", "")


@dataclass(frozen=True)
class _BuiltIn:
    centre: np.ndarray
    scale: np.ndarray
    valence: tuple[np.ndarray, float]
    arousal: tuple[np.ndarray, float]
    not_sure_below: float

    def chances(self, features: SoundFeatures) -> tuple[float, float]:
        """The chances that the song's valence and its arousal are high."""
        z = (features.vector() - self.centre) / self.scale
        high = [1.0 / (1.0 + np.exp(-(z @ weights + bias))) for weights, bias in (self.valence, self.arousal)]
        return float(high[0]), float(high[1])


@lru_cache(maxsize=1)
def _built_in() -> _BuiltIn:
    data = json.loads(resources.files(__package__).joinpath(MODEL_FILE).read_text(encoding="utf-8"))
    return _BuiltIn(np.array(data["centre"]), np.array(data["scale"]),
                    (np.array(data["valence"]["weights"]), float(data["valence"]["bias"])),
                    (np.array(data["arousal"]["weights"]), float(data["arousal"]["bias"])),
                    float(data["not_sure_below"]))


def cues(features: SoundFeatures) -> dict[str, float]:
    """Each cue mapped to -1..1 around its anchor."""
    raw = {"tempo": features.tempo, "loudness": features.loudness, "onsets": features.onset_rate,
           "flux": features.flux, "brightness": features.centroid, "mode": features.mode,
           "clarity": features.key_clarity}
    return {name: max(-1.0, min(1.0, (raw[name] - centre) / width)) for name, (centre, width) in ANCHORS.items()}


def place(features: SoundFeatures) -> tuple[float, float]:
    """The song's (valence, arousal) on the recommender's plane, by the built-in model."""
    high_valence, high_arousal = _built_in().chances(features)
    return RADIUS * (2 * high_valence - 1), RADIUS * (2 * high_arousal - 1)


def built_in(features: SoundFeatures) -> Estimate:
    """The built-in model's estimate (see the module docstring)."""
    model = _built_in()
    high_valence, high_arousal = model.chances(features)
    quadrant = dict(zip(QUADRANTS, (high_valence * high_arousal, (1 - high_valence) * high_arousal,
                                    (1 - high_valence) * (1 - high_arousal), high_valence * (1 - high_arousal))))
    probabilities = {e: quadrant.get(e, 0.0) for e in EMOTIONS}
    return _estimate(features, probabilities, model.not_sure_below)


def _estimate(features: SoundFeatures, probabilities: dict[str, float], not_sure_below: float,
              personal: bool = False) -> Estimate:
    ranked = sorted(probabilities, key=probabilities.get, reverse=True)
    emotion, confidence = ranked[0], probabilities[ranked[0]]
    valence, arousal = place(features)
    sure = confidence >= not_sure_below
    mine = f" (like your {emotion} songs)" if personal else ""
    reason = (f"{_words(features)} → {emotion}{mine}" if sure
              else f"{_words(features)} → not sure: {ranked[0]} or {ranked[1]}")
    return Estimate(valence, arousal, emotion, confidence, reason, probabilities, sure, (ranked[0], ranked[1]))


def _words(features: SoundFeatures) -> str:
    found = cues(features)
    telling = sorted((name for name in WORDS if abs(found[name]) >= 0.25), key=lambda n: -abs(found[n]))[:3]
    return ", ".join(WORDS[name][found[name] > 0] for name in telling) or "middling in every way"


class PersonalModel:
    """The listener's own sorting, learned from their sorted songs, in two parts:

    - where they file what the built-in model hears: how often a song the built-in model calls sad sits in
      their neutral folder, say (MAPPING_PRIOR songs' worth of belief that a folder means what the built-in
      model calls it, before their songs show otherwise); the built-in model is always read this way;
    - the nearest of their songs (standardised features), heard at PERSONAL_WEIGHT only when, each song left
      out in turn, they place the listener's songs right for clearly more of them (PERSONAL_MARGIN of the
      songs, at least 2) than the first part does: a listener who sorts as the annotated music was labelled
      gains nothing from a few songs' neighbours."""

    def __init__(self, examples: list[tuple[SoundFeatures, str]], built_in_guesses: list[str] | None = None):
        """`built_in_guesses`: the built-in model's folder for each example (default: asked now)."""
        self.labels = [emotion for _, emotion in examples]
        vectors = np.array([features.vector() for features, _ in examples])
        self._centre = vectors.mean(axis=0)
        self._scale = vectors.std(axis=0) + 1e-9
        self._points = (vectors - self._centre) / self._scale
        self._guesses = built_in_guesses if built_in_guesses is not None else [built_in(f).emotion for f, _ in examples]
        self._filed: dict[str, Counter] = {}
        """For each folder the built-in model names, the listener's folders of those songs."""
        for guess, label in zip(self._guesses, self.labels):
            self._filed.setdefault(guess, Counter())[label] += 1
        neighbours_right, filed_right = self._left_out_right()
        margin = max(2, round(PERSONAL_MARGIN * len(examples)))
        self.weight = PERSONAL_WEIGHT if neighbours_right >= filed_right + margin else 0.0

    @staticmethod
    def ready(labels: list[str]) -> bool:
        """Whether the sorted songs are enough: PERSONAL_MIN_SONGS in PERSONAL_MIN_FOLDERS folders or more."""
        counts = Counter(labels)
        return sum(1 for n in counts.values() if n >= PERSONAL_MIN_SONGS) >= PERSONAL_MIN_FOLDERS

    def probabilities(self, features: SoundFeatures, base: dict[str, float]) -> dict[str, float]:
        """The listener's folders for a song, from the built-in model's probabilities `base` for it."""
        filed = self.filed(base)
        if self.weight == 0:
            return filed
        neighbours = self.neighbours(features)
        return {e: self.weight * neighbours[e] + (1 - self.weight) * filed[e] for e in EMOTIONS}

    def neighbours(self, features: SoundFeatures) -> dict[str, float]:
        """The vote of the listener's nearest songs."""
        point = (features.vector() - self._centre) / self._scale
        return self._vote(np.sqrt(((self._points - point) ** 2).sum(axis=1)))

    def filed(self, base: dict[str, float], leave_out: int | None = None) -> dict[str, float]:
        """The built-in model's probabilities carried to the folders the listener files such songs in."""
        result = {e: 0.0 for e in EMOTIONS}
        for named, chance in base.items():
            if chance <= 0:
                continue
            filed = Counter(self._filed.get(named, {}))
            if leave_out is not None and self._guesses[leave_out] == named:
                filed[self.labels[leave_out]] -= 1
            total = sum(filed.values()) + MAPPING_PRIOR
            for e in EMOTIONS:
                result[e] += chance * (filed[e] + (MAPPING_PRIOR if e == named else 0.0)) / total
        return result

    def _vote(self, distances: np.ndarray, leave_out: int | None = None) -> dict[str, float]:
        votes = {e: 0.0 for e in EMOTIONS}
        order = [i for i in np.argsort(distances) if i != leave_out][:NEIGHBOURS]
        for index in order:
            votes[self.labels[index]] += 1.0 / (distances[index] + 1e-3)
        total = sum(votes.values())
        return {e: v / total for e, v in votes.items()}

    def _left_out_right(self) -> tuple[int, int]:
        """How many of the sorted songs the nearest others, and the filing learned from the others, put in their
        own folder."""
        neighbours_right = filed_right = 0
        for index, point in enumerate(self._points):
            votes = self._vote(np.sqrt(((self._points - point) ** 2).sum(axis=1)), leave_out=index)
            neighbours_right += max(votes, key=votes.get) == self.labels[index]
            filed = self.filed({self._guesses[index]: 1.0}, leave_out=index)
            filed_right += max(filed, key=filed.get) == self.labels[index]
        return neighbours_right, filed_right


def estimate(features: SoundFeatures, personal: PersonalModel | None = None) -> Estimate:
    """The folder for a song: the built-in model, read in the listener's folders when there is a personal model."""
    base = built_in(features)
    if personal is None:
        return base
    own = personal.probabilities(features, base.probabilities)
    emotion = max(own, key=own.get)
    return _estimate(features, own, _built_in().not_sure_below, personal=own[emotion] >= base.probabilities[emotion])


def leave_one_out(examples: list[tuple[SoundFeatures, str]]) -> tuple[float, float]:
    """(accuracy of the personal model blended as in `estimate`, accuracy of the built-in model alone), each
    song predicted by a model of all the others."""
    personal_hits = built_in_hits = 0
    for index, (features, emotion) in enumerate(examples):
        others = examples[:index] + examples[index + 1:]
        model = PersonalModel(others)
        personal_hits += estimate(features, model).emotion == emotion
        built_in_hits += built_in(features).emotion == emotion
    return personal_hits / len(examples), built_in_hits / len(examples)
