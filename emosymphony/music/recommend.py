"""Choosing what to play for a mood: match it, lift it step by step (the iso principle), or keep calm.

Each emotion has a place on the valence/arousal plane. The angles come from Russell's circumplex
(J. A. Russell, "A circumplex model of affect", J. Pers. Soc. Psychol. 39(6), 1980: happy ~8°,
astonished ~70°, angry ~99°, afraid ~117°, sad ~208°, calm ~316°, counter-clockwise from pleasure);
disgust, absent from that study, sits between afraid and distressed. Every point lies on a circle
of radius 0.8 except neutral, at the origin. An owned track sits at its folder's point, moved half way
towards where its own sound places it once it was analysed; when the catalog knows it (artist +
title), Spotify's valence and energy place it instead (scaled to -1..1).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

import numpy as np

from ..emotions import EMOTIONS
from ..settings import STRATEGIES
from ..tracks import QueueItem, Track
from ..memory.taste import PRIOR_BAD, PRIOR_GOOD, PRIOR_MEAN, Evidence, Taste
from .catalog import CatalogSong, song_key

STRATEGY_HELP = {
    "match": "play music that fits the mood you are in",
    "lift": "start where you are and move step by step towards a better mood",
    "steady": "keep things calm, whatever the mood",
}
_RADIUS = 0.8
_ANGLES = {"happy": 8, "surprise": 70, "angry": 99, "fear": 117, "disgust": 130, "sad": 208, "calm": 316}
POINTS: dict[str, tuple[float, float]] = {
    name: (round(_RADIUS * math.cos(math.radians(a)), 3), round(_RADIUS * math.sin(math.radians(a)), 3))
    for name, a in _ANGLES.items()
}
POINTS["neutral"] = (0.0, 0.0)
LIFT_TARGET = {
    "angry": "calm",
    "fear": "calm",
    "disgust": "happy",
    "sad": "happy",
    "neutral": "happy",
    "surprise": "happy",
    "happy": "happy",
}
RECENT_LIMIT = 10
SOUND_SHARE = 0.5
"""How far a song's own sound (music/sound_mood.py) moves it from its folder's point: half way. The
folder is the listener's word; the sound tells songs of one folder apart for lift and steady."""
TASTE_REACH = 0.5
"""How far (on the valence/arousal plane) the listener's taste can pull a song towards a lift or steady step."""


@dataclass(frozen=True)
class Suggestion:
    """A catalog song the user does not own, and why it fits."""

    song: CatalogSong
    reason: str


def _catalog_point(song: CatalogSong) -> tuple[float, float]:
    return (2 * song.valence - 1, 2 * song.energy - 1)


def _distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


class Recommender:
    """Plans queues from the user's tracks and suggests catalog songs; remembers plays and dislikes."""

    def __init__(self, tracks: list[Track], catalog: list[CatalogSong] | None = None, seed: int | None = None,
                 taste: Taste | None = None):
        """`taste`: the listener's likes, dislikes and learned scores (default: kept in memory only)."""
        self.catalog = catalog or []
        self._by_key = {song.key: song for song in self.catalog}
        self._random = random.Random(seed)
        self.taste = taste or Taste.forgetful()
        self.played: set[str] = set()
        self.recent: list[str] = []
        self.unplayable: set[str] = set()
        self._sounds: dict[str, tuple[float, float]] = {}
        self.set_tracks(tracks)

    def set_tracks(self, tracks: list[Track]) -> None:
        """Use a new scan of the library (plays and dislikes are kept)."""
        self.tracks = [t for t in tracks if t.playable]
        self._owned = {song_key(t.artist, t.title) for t in self.tracks}
        self._places = {t.path: self._locate(t) for t in self.tracks}

    def set_sounds(self, sounds: dict[str, tuple[float, float]]) -> None:
        """Use the songs' own sound: (valence, arousal) by path, as the analyser places them."""
        self._sounds = dict(sounds)
        self._places = {t.path: self._locate(t) for t in self.tracks}

    def place(self, track: Track) -> tuple[tuple[float, float], str]:
        """The track's point on the valence/arousal plane and where it comes from."""
        return self._places.get(track.path) or self._locate(track)

    def _locate(self, track: Track) -> tuple[tuple[float, float], str]:
        song = self._by_key.get(song_key(track.artist, track.title))
        if song is not None:
            return _catalog_point(song), "Spotify valence/energy"
        folder = POINTS[track.emotion]
        sound = self._sounds.get(track.path)
        if sound is None:
            return folder, f"{track.emotion} folder"
        point = (folder[0] + SOUND_SHARE * (sound[0] - folder[0]), folder[1] + SOUND_SHARE * (sound[1] - folder[1]))
        return point, f"{track.emotion} folder, its sound valence {sound[0]:+.2f}, energy {sound[1]:+.2f}"

    def mark_played(self, track: Track) -> None:
        """Record a play: no repeats until the track's folder is exhausted, never among the recent ones."""
        self.played.add(track.path)
        self.recent = ([p for p in self.recent if p != track.path] + [track.path])[-RECENT_LIMIT:]

    def dislike(self, track: Track) -> None:
        """Never pick this track again (unless nothing else is left); remembered by the taste."""
        self.taste.dislike(track)

    def mark_unplayable(self, track: Track) -> None:
        """Leave out a track whose file could not be played (until the library is scanned anew)."""
        self.unplayable.add(track.path)

    def plan(self, mood: str, strategy: str = "match", length: int = 8, exclude: frozenset[str] = frozenset()) -> list[QueueItem]:
        """The next `length` tracks for a mood, each with the reason it was chosen; `exclude` holds paths to leave out."""
        if strategy not in STRATEGIES:
            raise ValueError(f"unknown strategy {strategy!r}; expected one of {', '.join(STRATEGIES)}")
        mood = mood if mood in EMOTIONS else "neutral"
        liking = _Liking(mood, self.taste.evidence(mood), self._random)
        if strategy == "match":
            return self._match(mood, length, exclude, liking)
        if strategy == "steady":
            return self._towards([POINTS["calm"]] * length, lambda i, p: ("steady: close to calm", ""), exclude, liking)
        target = LIFT_TARGET[mood]
        if target == mood:
            return self._match(mood, length, exclude, liking)
        steps = [_between(POINTS[mood], POINTS[target], i / max(length - 1, 1)) for i in range(length)]
        return self._towards(
            steps,
            lambda i, p: (f"lift, step {i + 1} of {length}: from {mood} toward {target}",
                          f"this step aims at valence {p[0]:+.2f}, energy {p[1]:+.2f}"),
            exclude,
            liking,
        )

    def suggestions(self, mood: str, strategy: str = "match", count: int = 10) -> list[Suggestion]:
        """Catalog songs the user does not own that fit the mood and strategy, one per artist."""
        mood = mood if mood in EMOTIONS else "neutral"
        target_name = {"match": mood, "steady": "calm", "lift": LIFT_TARGET[mood]}[strategy]
        target = POINTS[target_name]
        ranked = sorted(
            (s for s in self.catalog if s.key not in self._owned), key=lambda s: _distance(_catalog_point(s), target)
        )
        picks, artists = [], set()
        for song in ranked:
            if song.artist.lower() in artists:
                continue
            artists.add(song.artist.lower())
            v, a = _catalog_point(song)
            picks.append(Suggestion(song, f"fits {target_name}: valence {v:+.2f}, energy {a:+.2f}"))
            if len(picks) == count:
                break
        return picks

    def _candidates(self, pool: list[Track], exclude: frozenset[str], liking: _Liking) -> list[Track]:
        """Playable tracks of `pool` not disliked, not played lately (a favourite may come back), in random order."""
        pool = [t for t in pool if t.path not in self.unplayable and t.path not in exclude]
        allowed = [t for t in pool if t.path not in self.taste.disliked] or pool
        fresh = [t for t in allowed if t.path not in self.played or liking.favourite(t)]
        if not fresh:  # the pool is exhausted: start it over
            self.played -= {t.path for t in allowed}
            fresh = allowed
        not_recent = [t for t in fresh if t.path not in self.recent] or fresh
        self._random.shuffle(not_recent)
        return not_recent

    def _match(self, mood: str, length: int, exclude: frozenset[str], liking: _Liking) -> list[QueueItem]:
        folder = [t for t in self.tracks if t.emotion == mood]
        candidates = self._candidates(folder, exclude, liking)
        if liking.known:
            candidates = [candidates[k] for k in np.argsort(-liking.draws(candidates), kind="stable")]
        picks = candidates[:length]
        if not picks:
            return self._towards([POINTS[mood]] * length, lambda i, p: (f"nearest to {mood} (no song in its folder)", ""),
                                 exclude, liking)
        return [QueueItem(t, f"fits {mood}{liking.note(t)}", self.place(t)[1]) for t in picks]

    def _towards(self, points: list[tuple[float, float]], reason, exclude: frozenset[str], liking: _Liking) -> list[QueueItem]:
        """For each point, the candidate nearest to it on the plane; a liked track counts as up to TASTE_REACH nearer.
        `reason(i, point)` gives the step's (words, numbers)."""
        candidates = self._candidates(self.tracks, exclude, liking)
        if not candidates:
            return []
        where = np.array([self.place(t)[0] for t in candidates])
        pull = TASTE_REACH * (liking.draws(candidates) - PRIOR_MEAN) if liking.known else np.zeros(len(candidates))
        taken = np.zeros(len(candidates), dtype=bool)
        queue: list[QueueItem] = []
        for i, point in enumerate(points[:len(candidates)]):
            score = np.hypot(where[:, 0] - point[0], where[:, 1] - point[1]) - pull
            score[taken] = np.inf
            best = int(np.argmin(score))  # the first of equals, in the candidates' random order
            taken[best] = True
            track = candidates[best]
            words, numbers = reason(i, point)
            queue.append(QueueItem(track, f"{words}{liking.note(track)}", "; ".join(n for n in (numbers, self.place(track)[1]) if n)))
        return queue


class _Liking:
    """The listener's learned taste in one mood, drawn for one plan (Thompson sampling)."""

    def __init__(self, mood: str, evidence: dict[str, Evidence], rng: random.Random):
        self.mood = mood
        self.evidence = evidence
        self.known = bool(evidence)
        """Anything learned in this mood; without it, plans are exactly those of a listener without a memory."""
        self._numbers = np.random.default_rng(rng.getrandbits(64)) if self.known else None

    def draws(self, tracks: list[Track]) -> np.ndarray:
        """One draw from each track's posterior chance of being enjoyed in this mood."""
        nothing = Evidence(0.0, 0.0)
        known = [self.evidence.get(t.path, nothing) for t in tracks]
        return self._numbers.beta([PRIOR_GOOD + e.good for e in known], [PRIOR_BAD + e.bad for e in known])

    def favourite(self, track: Track) -> bool:
        found = self.evidence.get(track.path)
        return found is not None and found.liked

    def note(self, track: Track) -> str:
        return f"; from your likes when {self.mood}" if self.favourite(track) else ""


def _between(start: tuple[float, float], end: tuple[float, float], share: float) -> tuple[float, float]:
    return (start[0] + (end[0] - start[0]) * share, start[1] + (end[1] - start[1]) * share)
