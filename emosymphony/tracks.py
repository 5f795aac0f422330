"""Songs as the program passes them around: a track of the library, and a track planned with its reason."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Track:
    """One audio file of the library with what its tags (or its file name) say."""

    path: str
    emotion: str
    title: str
    artist: str
    album: str
    duration: float
    has_cover: bool
    size: int
    mtime: float
    error: str | None = None
    """Why the file could not be read; such tracks are listed as unreadable and never played."""

    @property
    def playable(self) -> bool:
        return self.error is None

    @property
    def generated(self) -> bool:
        """Whether this is the pseudo-track of generated music (see `generated_track`)."""
        return self.path.startswith(GENERATED)

    @property
    def display_name(self) -> str:
        return f"{self.artist} – {self.title}" if self.artist else self.title


@dataclass(frozen=True)
class QueueItem:
    """A planned track and why it was picked: `reason` in words that fit a column, `detail` with the numbers."""

    track: Track
    reason: str
    detail: str = ""


GENERATED = "generated:"
"""The path prefix of generated music's pseudo-tracks: one per mood, so history counts it like a song."""


def generated_track(mood: str) -> Track:
    """The pseudo-track under which generated music for `mood` is played and remembered."""
    return Track(path=f"{GENERATED}{mood}", emotion=mood, title=f"Generated music · {mood}", artist="Emotion Symphony",
                 album="", duration=0.0, has_cover=False, size=0, mtime=0.0)
