"""Proposing an emotion folder for songs by their sound, and checking the songs already sorted."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .analysis import SoundCache, SoundFeatures, analyse_all
from .library import Track
from .sound_mood import PersonalModel, estimate, place
from .starter import origin


@dataclass(frozen=True)
class Proposal:
    """The folder proposed for a song, how sure, and why; or why it could not be analysed."""

    path: str
    emotion: str | None
    confidence: float
    reason: str
    by_listener: bool = False
    """The listener's own sorted songs decided (the personal model), not the prior alone."""

    def to_dict(self) -> dict:
        return {"path": self.path, "emotion": self.emotion, "confidence": round(self.confidence, 3),
                "reason": self.reason, "personal": self.by_listener}


def sorted_examples(tracks: list[Track], cache: SoundCache | None,
                    progress: Callable[[int, int], None] | None = None) -> list[tuple[str, SoundFeatures, str]]:
    """(path, features, folder) of the listener's own sorted songs (starter links left out), analysed."""
    own = [t for t in tracks if t.playable and origin(t.path) is None]
    found, _ = analyse_all([t.path for t in own], cache, progress)
    return [(t.path, found[t.path], t.emotion) for t in own if t.path in found]


def personal_model(examples: list[tuple[str, SoundFeatures, str]]) -> PersonalModel | None:
    """A model of the listener's sorting, once there are enough sorted songs."""
    labels = [emotion for _, _, emotion in examples]
    return PersonalModel([(f, e) for _, f, e in examples]) if PersonalModel.ready(labels) else None


def propose(paths: list[str | Path], cache: SoundCache | None, personal: PersonalModel | None,
            progress: Callable[[int, int], None] | None = None) -> list[Proposal]:
    """A proposal for each song (in order); a song that cannot be analysed gets emotion None and the reason."""
    found, failed = analyse_all(paths, cache, progress)
    errors = dict(failed)
    proposals = []
    for path in map(str, paths):
        if path in errors:
            proposals.append(Proposal(path, None, 0.0, errors[path]))
            continue
        guess = estimate(found[path], personal)
        proposals.append(Proposal(path, guess.emotion, guess.confidence, guess.reason, personal is not None))
    return proposals


def check(examples: list[tuple[str, SoundFeatures, str]]) -> list[tuple[str, str, Proposal]]:
    """Sorted songs whose sound points to another folder: (path, its folder, the proposal), each judged by a
    model of the other songs (the prior alone while those are too few)."""
    disagreeing = []
    for index, (path, features, folder) in enumerate(examples):
        model = personal_model(examples[:index] + examples[index + 1:])
        guess = estimate(features, model)
        if guess.emotion != folder:
            disagreeing.append((path, folder, Proposal(path, guess.emotion, guess.confidence, guess.reason, model is not None)))
    return disagreeing


def sound_points(tracks: list[Track], cache: SoundCache) -> dict[str, tuple[float, float]]:
    """(valence, arousal) by path of the tracks analysed before (nothing is analysed here)."""
    points = {}
    for track in tracks:
        features = cache.known(track.path)
        if features is not None:
            points[track.path] = place(features)
    return points
