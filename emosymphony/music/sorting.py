"""Proposing an emotion folder for songs by their sound, and checking the songs already sorted."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from ..emotions import EMOTIONS
from ..errors import EmosymphonyError
from ..tracks import Track
from .analysis import SoundCache, SoundFeatures, analyse_all
from .mood_tags import read_mood
from .sound_mood import Estimate, PersonalModel, estimate, place
from .starter import origin


@dataclass(frozen=True)
class Proposal:
    """The folder proposed for a song, how sure, and why; or why it could not be analysed."""

    path: str
    emotion: str | None
    confidence: float
    reason: str
    by_listener: bool = False
    """The listener's own sorted songs decided (the personal model), not the built-in model alone."""
    valence: float = 0.0
    arousal: float = 0.0
    sure: bool = True
    """False below the built-in model's calibrated confidence: `closest` names the two likeliest folders."""
    closest: tuple[str, str] = ("", "")

    @classmethod
    def of(cls, path: str, guess: Estimate, by_listener: bool) -> "Proposal":
        return cls(path, guess.emotion, guess.confidence, guess.reason, by_listener, guess.valence, guess.arousal,
                   guess.sure, guess.closest)

    def to_dict(self) -> dict:
        found = {"path": self.path, "emotion": self.emotion, "confidence": round(self.confidence, 3),
                 "reason": self.reason, "personal": self.by_listener}
        if self.emotion is not None:
            found.update(valence=round(self.valence, 3), arousal=round(self.arousal, 3), sure=self.sure,
                         closest=list(self.closest))
        return found


def own_songs(tracks: list[Track]) -> list[Track]:
    """The playable songs the listener sorted (starter links left out: the analyser placed those)."""
    return [t for t in tracks if t.playable and origin(t.path) is None]


def examples_of(tracks: list[Track], features: dict[str, SoundFeatures]) -> list[tuple[str, SoundFeatures, str]]:
    """(path, features, folder) of the listener's own songs whose features are known."""
    return [(t.path, features[t.path], t.emotion) for t in own_songs(tracks) if t.path in features]


def sorted_examples(tracks: list[Track], cache: SoundCache | None,
                    progress: Callable[[int, int], None] | None = None) -> list[tuple[str, SoundFeatures, str]]:
    """`examples_of` the listener's own songs, analysed now (through the cache)."""
    found, _ = analyse_all([t.path for t in own_songs(tracks)], cache, progress)
    return examples_of(tracks, found)


def personal_model(examples: list[tuple[str, SoundFeatures, str]]) -> PersonalModel | None:
    """A model of the listener's sorting, once there are enough sorted songs."""
    labels = [emotion for _, _, emotion in examples]
    return PersonalModel([(f, e) for _, f, e in examples]) if PersonalModel.ready(labels) else None


def propose(paths: list[str | Path], cache: SoundCache | None, personal: PersonalModel | None,
            progress: Callable[[int, int], None] | None = None) -> list[Proposal]:
    """Analyse the songs and propose a folder for each (in order)."""
    found, failed = analyse_all(paths, cache, progress)
    return proposals_for(paths, found, failed, personal)


def proposals_for(paths: list[str | Path], found: dict[str, SoundFeatures], failed: list[tuple[str, str]],
                  personal: PersonalModel | None) -> list[Proposal]:
    """A proposal for each analysed song; a song that could not be analysed gets emotion None and the reason."""
    errors = dict(failed)
    proposals = []
    for path in map(str, paths):
        if path in errors or path not in found:
            proposals.append(Proposal(path, None, 0.0, errors.get(path, "not analysed")))
            continue
        guess = estimate(found[path], personal)
        tagged = _tagged_mood(path)
        if tagged is not None:  # the song's own mood tag (another player's, or `library tag`) is strong evidence
            guess = replace(guess, emotion=tagged, confidence=1.0, reason=f"its own mood tag says {tagged}", sure=True)
        proposals.append(Proposal.of(path, guess, personal is not None))
    return proposals


def _tagged_mood(path: str) -> str | None:
    """The folder a song's mood tag names (case and spaces aside), or None."""
    try:
        mood = read_mood(path)
    except EmosymphonyError:
        return None
    name = (mood or "").strip().lower()
    return name if name in EMOTIONS else None


def check(examples: list[tuple[str, SoundFeatures, str]]) -> list[tuple[str, str, Proposal]]:
    """Sorted songs whose sound points to another folder: (path, its folder, the proposal), each judged by a
    model of the other songs (the prior alone while those are too few)."""
    disagreeing = []
    for index, (path, features, folder) in enumerate(examples):
        model = personal_model(examples[:index] + examples[index + 1:])
        guess = estimate(features, model)
        if guess.emotion != folder:
            disagreeing.append((path, folder, Proposal.of(path, guess, model is not None)))
    return disagreeing


def sound_points(tracks: list[Track], cache: SoundCache) -> dict[str, tuple[float, float]]:
    """(valence, arousal) by path of the tracks analysed before (nothing is analysed here)."""
    points = {}
    for track in tracks:
        features = cache.known(track.path)
        if features is not None:
            points[track.path] = place(features)
    return points
