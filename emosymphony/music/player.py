"""Audio outputs: play one track at a time. What plays next is the listening session's business.

`PygameOutput` plays through pygame.mixer.music (SDL). `NullOutput` plays silently by the clock, so a
session runs the same with no audio device (and in tests that need to step time). `open_output()`
gives the first that works.
"""

from __future__ import annotations

import os
import time
from typing import Callable, Protocol

from ..errors import EmosymphonyError
from ..tracks import Track

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
os.environ.setdefault("SDL_NO_SIGNAL_HANDLERS", "1")  # SDL would take SIGTERM/SIGINT and ignore them: shutdown.py handles them

STOPPED, PLAYING, PAUSED = "stopped", "playing", "paused"


class PlayerError(EmosymphonyError):
    """No audio output could be opened, or a track cannot be played or seeked."""


class AudioOutput(Protocol):
    """One track at a time: start, pause, fade, seek, and say when the track has ended on its own."""

    state: str
    audible: bool
    """False for an output that makes no sound (the null output)."""

    def play(self, track: Track, fade_in: float = 0.0, gain: float = 1.0) -> None:
        """Start `track` from its beginning at `gain` times the volume (music/loudness.py levels songs so); PlayerError
        if it cannot be played."""

    def pause(self) -> None: ...

    def resume(self) -> None: ...

    def stop(self) -> None: ...

    def fade_out(self, seconds: float) -> None:
        """Fade the current track out; `finished()` turns true when it is silent."""

    def seek(self, seconds: float) -> None:
        """Jump within the current track; PlayerError where the format does not allow it."""

    @property
    def position(self) -> float:
        """Seconds into the current track."""

    @property
    def volume(self) -> float: ...

    @volume.setter
    def volume(self, value: float) -> None: ...

    def finished(self) -> bool:
        """Whether the track that was playing has ended (or faded out) by itself."""

    def close(self) -> None: ...


class PygameOutput:
    """Plays through pygame.mixer.music; raises PlayerError when no audio device can be opened."""

    audible = True

    def __init__(self) -> None:
        import pygame

        self._pygame = pygame
        try:
            pygame.mixer.init()
        except pygame.error as error:
            raise PlayerError(f"no audio output: {error}") from None
        self._music = pygame.mixer.music
        self.state = STOPPED
        self._volume, self._gain = 0.8, 1.0
        self._offset = 0.0
        self._track: Track | None = None
        self._music.set_volume(self._volume)

    def play(self, track: Track, fade_in: float = 0.0, gain: float = 1.0) -> None:
        self._gain = gain
        self.volume = self._volume  # this song's level
        try:
            self._music.load(os.fsencode(track.path))  # bytes: names that are not UTF-8 load too
            self._music.play(fade_ms=int(fade_in * 1000))
        except (self._pygame.error, OSError, UnicodeError) as error:
            self.state = STOPPED
            raise PlayerError(f"cannot play {track.display_name}: {error}") from None
        self._track, self.state, self._offset = track, PLAYING, 0.0

    def pause(self) -> None:
        if self.state == PLAYING:
            self._music.pause()
            self.state = PAUSED

    def resume(self) -> None:
        if self.state == PAUSED:
            self._music.unpause()
            self.state = PLAYING

    def stop(self) -> None:
        self._music.stop()
        self.state = STOPPED

    def fade_out(self, seconds: float) -> None:
        if self.state == PAUSED:
            self.stop()
        elif self.state == PLAYING:
            self._music.fadeout(int(seconds * 1000))

    def seek(self, seconds: float) -> None:
        if self.state == STOPPED or self._track is None:
            return
        seconds = max(0.0, seconds)
        paused = self.state == PAUSED
        try:
            self._music.play(start=seconds)
        except self._pygame.error as error:
            raise PlayerError(f"cannot seek in {self._track.display_name}: {error}") from None
        self._offset, self.state = seconds, PLAYING
        if paused:
            self.pause()

    @property
    def position(self) -> float:
        if self.state == STOPPED:
            return 0.0
        return self._offset + max(self._music.get_pos(), 0) / 1000.0

    @property
    def volume(self) -> float:
        return self._volume

    @volume.setter
    def volume(self, value: float) -> None:
        self._volume = min(max(value, 0.0), 1.0)
        self._music.set_volume(self.level)

    @property
    def level(self) -> float:
        """What is sent to the sound card: the listener's volume times the song's levelling gain, at most full scale."""
        return min(self._volume * self._gain, 1.0)

    def finished(self) -> bool:
        if self.state == PLAYING and not self._music.get_busy():
            self.state = STOPPED
            return True
        return False

    def close(self) -> None:
        if self._pygame.mixer.get_init():
            self._music.stop()
            self._pygame.mixer.quit()
        self.state = STOPPED


class NullOutput:
    """Plays nothing aloud: a track "plays" for its duration by `clock` (tracks of unknown length never end)."""

    audible = False

    def __init__(self, reason: str = "no audio output", clock: Callable[[], float] = time.monotonic):
        self.reason = reason
        self.state = STOPPED
        self.volume = 0.8
        self.gain = 1.0
        """The levelling gain the current track was started with."""
        self._clock = clock
        self._track: Track | None = None
        self._started = 0.0
        self._paused_at = 0.0
        self._fade_ends: float | None = None

    def play(self, track: Track, fade_in: float = 0.0, gain: float = 1.0) -> None:
        self._track, self.state, self._started, self._fade_ends = track, PLAYING, self._clock(), None
        self.gain = gain

    def pause(self) -> None:
        if self.state == PLAYING:
            self._paused_at, self.state = self.position, PAUSED

    def resume(self) -> None:
        if self.state == PAUSED:
            self._started, self.state = self._clock() - self._paused_at, PLAYING

    def stop(self) -> None:
        self.state = STOPPED

    def fade_out(self, seconds: float) -> None:
        if self.state == PAUSED:
            self.stop()
        elif self.state == PLAYING:
            self._fade_ends = self._clock() + seconds

    def seek(self, seconds: float) -> None:
        if self.state == PLAYING:
            self._started = self._clock() - max(0.0, seconds)
        elif self.state == PAUSED:
            self._paused_at = max(0.0, seconds)

    @property
    def position(self) -> float:
        if self.state == STOPPED:
            return 0.0
        return self._paused_at if self.state == PAUSED else self._clock() - self._started

    def finished(self) -> bool:
        if self.state != PLAYING or self._track is None:
            return False
        now = self._clock()
        faded = self._fade_ends is not None and now >= self._fade_ends
        if faded or 0 < self._track.duration <= now - self._started:
            self.state = STOPPED
            return True
        return False

    def close(self) -> None:
        self.state = STOPPED


def open_output() -> AudioOutput:
    """The sound card through pygame, or a silent NullOutput (its `reason` says why) when none opens."""
    try:
        return PygameOutput()
    except PlayerError as error:
        return NullOutput(str(error))
