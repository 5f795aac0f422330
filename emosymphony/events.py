"""What a listening session says happened: moods, songs starting and ending, the queue, messages.

The session emits these; the shells draw them and the memory records them. They hold only values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from .tracks import QueueItem, Track

ENDINGS = ("finished", "skipped", "switched", "error", "interrupted")
"""Why a song stopped: it played to its end; the listener moved on; the mood switched it; it could not be played;
the session ended under it (quit, a time limit, a signal), which says nothing about the song."""

@dataclass(frozen=True)
class MoodEvent:
    """The mood the music follows changed."""

    time: float
    mood: str
    source: str
    confidence: float

    def to_dict(self) -> dict:
        return {"time": round(self.time, 3), "event": "mood", "mood": self.mood, "source": self.source,
                "confidence": round(self.confidence, 4)}


@dataclass(frozen=True)
class TrackEvent:
    """A song started, why it was picked, and the mood (with its source) and strategy it was planned for."""

    time: float
    item: QueueItem
    mood: str
    source: str
    strategy: str

    def to_dict(self) -> dict:
        track = self.item.track
        return {"time": round(self.time, 3), "event": "track", "path": track.path, "emotion": track.emotion,
                "reason": self.item.reason, "mood": self.mood, "source": self.source, "strategy": self.strategy}


@dataclass(frozen=True)
class EndEvent:
    """A song stopped; `why` is one of ENDINGS."""

    time: float
    track: Track
    why: str
    heard: float
    """Seconds of it that played."""

    def to_dict(self) -> dict:
        return {"time": round(self.time, 3), "event": "end", "path": self.track.path, "why": self.why}


@dataclass(frozen=True)
class QueueEvent:
    """The upcoming songs changed."""

    time: float
    upcoming: tuple[QueueItem, ...]

    def to_dict(self) -> dict:
        return {"time": round(self.time, 3), "event": "queue",
                "upcoming": [{"path": i.track.path, "reason": i.reason} for i in self.upcoming]}


@dataclass(frozen=True)
class MessageEvent:
    """Something the listener should be told (a file that cannot be played, an empty library...)."""

    time: float
    text: str

    def to_dict(self) -> dict:
        return {"time": round(self.time, 3), "event": "message", "text": self.text}


SessionEvent = Union[MoodEvent, TrackEvent, EndEvent, QueueEvent, MessageEvent]
