"""Audio outputs: play one track at a time. What plays next is the listening session's business.

`PygameOutput` plays through pygame.mixer.music (SDL). `NullOutput` plays silently by the clock, so a
session runs the same with no audio device (and in tests that need to step time). `open_output()`
gives the first that works.
"""

from __future__ import annotations

import os
import threading
import time
from typing import TYPE_CHECKING, Callable, Protocol

from ..errors import EmosymphonyError
from ..tracks import Track

if TYPE_CHECKING:
    from .generate.stream import GeneratedMusic

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

    def play_generated(self, track: Track, music: "GeneratedMusic", fade_in: float = 0.0) -> None:
        """Play `music` (endless, a bar at a time) as `track` (its pseudo-track) until stopped or faded out."""

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
        self._feeder: _Feeder | None = None
        """What plays generated music, while it plays."""

    def play(self, track: Track, fade_in: float = 0.0, gain: float = 1.0) -> None:
        self._stop_feeder()
        self._gain = gain
        self.volume = self._volume  # this song's level
        try:
            self._music.load(os.fsencode(track.path))  # bytes: names that are not UTF-8 load too
            self._music.play(fade_ms=int(fade_in * 1000))
        except (self._pygame.error, OSError, UnicodeError) as error:
            self.state = STOPPED
            raise PlayerError(f"cannot play {track.display_name}: {error}") from None
        self._track, self.state, self._offset = track, PLAYING, 0.0

    def play_generated(self, track: Track, music: "GeneratedMusic", fade_in: float = 0.0) -> None:
        self._music.stop()
        self._stop_feeder()
        self._gain = 1.0
        self._feeder = _Feeder(self._pygame, music, fade_in, self.level)
        self._track, self.state, self._offset = track, PLAYING, 0.0

    def pause(self) -> None:
        if self.state == PLAYING:
            self._feeder.pause() if self._feeder else self._music.pause()
            self.state = PAUSED

    def resume(self) -> None:
        if self.state == PAUSED:
            self._feeder.resume() if self._feeder else self._music.unpause()
            self.state = PLAYING

    def stop(self) -> None:
        self._stop_feeder()
        self._music.stop()
        self.state = STOPPED

    def fade_out(self, seconds: float) -> None:
        if self.state == PAUSED:
            self.stop()
        elif self.state == PLAYING:
            self._feeder.fade_out(seconds) if self._feeder else self._music.fadeout(int(seconds * 1000))

    def seek(self, seconds: float) -> None:
        if self.state == STOPPED or self._track is None or self._feeder is not None:
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
        if self._feeder is not None:
            return self._feeder.position
        return self._offset + max(self._music.get_pos(), 0) / 1000.0

    @property
    def volume(self) -> float:
        return self._volume

    @volume.setter
    def volume(self, value: float) -> None:
        self._volume = min(max(value, 0.0), 1.0)
        self._music.set_volume(self.level)
        if self._feeder is not None:
            self._feeder.volume(self.level)

    @property
    def level(self) -> float:
        """What is sent to the sound card: the listener's volume times the song's levelling gain, at most full scale."""
        return min(self._volume * self._gain, 1.0)

    def finished(self) -> bool:
        busy = self._feeder.busy() if self._feeder is not None else self._music.get_busy()
        if self.state == PLAYING and not busy:
            self._stop_feeder()
            self.state = STOPPED
            return True
        return False

    def _stop_feeder(self) -> None:
        if self._feeder is not None:
            self._feeder.stop()
            self._feeder = None

    def close(self) -> None:
        self._stop_feeder()
        if self._pygame.mixer.get_init():
            self._music.stop()
            self._pygame.mixer.quit()
        self.state = STOPPED


class _Feeder:
    """Generated music on a pygame channel of its own: a thread renders the next bar and queues it while the
    current one plays, so the bars follow each other without a gap."""

    def __init__(self, pygame, music: "GeneratedMusic", fade_in: float, level: float):
        self._pygame, self._music = pygame, music
        rate, size, channels = pygame.mixer.get_init()
        if size != -16 or channels != 2 or rate != music.rate:
            raise PlayerError(f"generated music needs 16-bit stereo at {music.rate} Hz; the mixer runs {size}-bit, "
                              f"{channels} channels at {rate} Hz")
        pygame.mixer.set_reserved(1)
        self._channel = pygame.mixer.Channel(0)
        self._level = level
        self._channel.set_volume(level)
        self._stopping = threading.Event()
        self._fade: tuple[float, float] | None = None
        """(start, seconds) of a fade out: SDL's own fade would start the queued bar when it ends."""
        self._started, self._paused_at = time.monotonic(), None
        self._channel.play(self._sound(), fade_ms=int(fade_in * 1000))
        self._thread = threading.Thread(target=self._feed, name="generated music", daemon=True)
        self._thread.start()

    def _sound(self):
        return self._pygame.mixer.Sound(buffer=self._music.next_block().tobytes())

    def _feed(self) -> None:
        while not self._stopping.wait(0.02 if self._fade is not None else 0.1):  # a bar lasts 1.8 s or more
            if self._fade is not None:
                began, seconds = self._fade
                left = 1.0 - (time.monotonic() - began) / seconds
                if left <= 0:
                    self._channel.stop()  # clears the queued bar too
                    return
                self._channel.set_volume(self._level * left)
            elif self._channel.get_busy() and self._channel.get_queue() is None:
                self._channel.queue(self._sound())

    @property
    def position(self) -> float:
        return (self._paused_at or time.monotonic()) - self._started

    def volume(self, level: float) -> None:
        self._level = level
        if self._fade is None:
            self._channel.set_volume(level)

    def pause(self) -> None:
        self._channel.pause()
        self._paused_at = time.monotonic()

    def resume(self) -> None:
        self._channel.unpause()
        if self._paused_at is not None:
            self._started += time.monotonic() - self._paused_at
            self._paused_at = None

    def fade_out(self, seconds: float) -> None:
        self._fade = (time.monotonic(), max(seconds, 0.02))

    def busy(self) -> bool:
        return bool(self._channel.get_busy()) and self._thread.is_alive()

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=2)
        self._channel.stop()


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

    def play_generated(self, track: Track, music: "GeneratedMusic", fade_in: float = 0.0) -> None:
        self.play(track, fade_in)  # silent: nothing is rendered

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
