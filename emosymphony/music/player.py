"""A queue player on pygame.mixer.music: transport, seek, volume, auto-advance and mood fades."""

from __future__ import annotations

import os
import threading
from typing import Callable

from ..errors import EmosymphonyError
from .library import Track

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

STOPPED, PLAYING, PAUSED = "stopped", "playing", "paused"
FADE_MS = 1200
"""Fade-out and fade-in when the mood changes the queue while music plays."""
POLL_SECONDS = 0.1


class PlayerError(EmosymphonyError):
    """No audio output could be opened."""


class Player:
    """Plays a queue of tracks; a background thread moves on when a track ends.

    Callbacks run on that thread or the caller's: `on_track(track)` when a track starts playing,
    `on_track(None)` when the queue has played to its end, `on_message(text)` for problems (an
    unplayable file is skipped with a message).
    """

    def __init__(
        self,
        on_track: Callable[[Track | None], None] | None = None,
        on_message: Callable[[str], None] | None = None,
    ):
        import pygame

        self._pygame = pygame
        try:
            pygame.mixer.init()
        except pygame.error as error:
            raise PlayerError(f"no audio output: {error}") from None
        self._music = pygame.mixer.music
        self.on_track = on_track or (lambda track: None)
        self.on_message = on_message or (lambda text: None)
        self.queue: list[Track] = []
        self.index = -1
        self.state = STOPPED
        self._volume = 0.8
        self._offset = 0.0
        self._pending: list[Track] | None = None
        self._lock = threading.RLock()
        self._closed = threading.Event()
        self._music.set_volume(self._volume)
        self._thread = threading.Thread(target=self._watch, name="player", daemon=True)
        self._thread.start()

    @property
    def current(self) -> Track | None:
        return self.queue[self.index] if 0 <= self.index < len(self.queue) else None

    @property
    def volume(self) -> float:
        return self._volume

    @volume.setter
    def volume(self, value: float) -> None:
        with self._lock:
            self._volume = min(max(value, 0.0), 1.0)
            self._music.set_volume(self._volume)

    @property
    def position(self) -> float:
        """Seconds into the current track."""
        with self._lock:
            if self.state == STOPPED:
                return 0.0
            return self._offset + max(self._music.get_pos(), 0) / 1000.0

    def set_queue(self, tracks: list[Track], fade: bool = False) -> None:
        """Replace the queue; if music plays, fade it out (when `fade`) and start the new queue."""
        with self._lock:
            if self.state == PLAYING and fade and tracks:
                self._pending = list(tracks)
                self._music.fadeout(FADE_MS)
                return
            was_playing = self.state == PLAYING
            self.queue, self.index = list(tracks), (0 if tracks else -1)
            if was_playing and tracks:
                self.play(0)
            else:
                self._music.stop()
                self.state = STOPPED

    def play(self, index: int | None = None, fade_in_ms: int = 0) -> None:
        """Play queue entry `index` (default: the current one), skipping files that cannot be played."""
        with self._lock:
            if not self.queue:
                self.on_message("nothing to play: the queue is empty")
                return
            start = self.index if index is None else index
            for attempt in range(len(self.queue)):
                position = (max(start, 0) + attempt) % len(self.queue)
                track = self.queue[position]
                try:
                    self._music.load(track.path)
                    self._music.play(fade_ms=fade_in_ms)
                except self._pygame.error as error:
                    self.on_message(f"cannot play {track.display_name}: {error}; skipping it")
                    continue
                self.index, self.state, self._offset = position, PLAYING, 0.0
                self.on_track(track)
                return
            self.state = STOPPED
            self.on_message("none of the queued files can be played")

    def pause(self) -> None:
        with self._lock:
            if self.state == PLAYING:
                self._music.pause()
                self.state = PAUSED

    def resume(self) -> None:
        with self._lock:
            if self.state == PAUSED:
                self._music.unpause()
                self.state = PLAYING
            elif self.state == STOPPED:
                self.play()

    def toggle(self) -> None:
        """Play/pause."""
        with self._lock:
            self.pause() if self.state == PLAYING else self.resume()

    def stop(self) -> None:
        with self._lock:
            self._music.stop()
            self.state = STOPPED
            self._pending = None

    def next(self) -> None:
        with self._lock:
            if self.queue:
                self.play((self.index + 1) % len(self.queue))

    def previous(self) -> None:
        """Back to the start of the track, or to the previous track in its first 3 seconds."""
        with self._lock:
            if not self.queue:
                return
            if self.position > 3.0:
                self.seek(0.0)
            else:
                self.play((self.index - 1) % len(self.queue))

    def seek(self, seconds: float) -> None:
        """Jump to `seconds` into the current track (not every format allows it; WAV does not)."""
        with self._lock:
            if self.state == STOPPED or self.current is None:
                return
            seconds = max(0.0, seconds)
            paused = self.state == PAUSED
            try:
                self._music.play(start=seconds)
            except self._pygame.error as error:
                self.on_message(f"cannot seek in {self.current.display_name}: {error}")
                return
            self._offset = seconds
            self.state = PLAYING
            if paused:
                self.pause()

    def close(self) -> None:
        """Stop playing and release the audio device."""
        self._closed.set()
        self._thread.join(timeout=1.0)
        with self._lock:
            self._music.stop()
            self._pygame.mixer.quit()

    def _watch(self) -> None:
        while not self._closed.wait(POLL_SECONDS):
            with self._lock:
                if self.state != PLAYING or self._music.get_busy():
                    continue
                if self._pending is not None:
                    self.queue, self.index, self._pending = self._pending, 0, None
                    self.play(0, fade_in_ms=FADE_MS)
                elif self.index + 1 < len(self.queue):
                    self.play(self.index + 1)
                else:
                    self.state = STOPPED
                    self.on_track(None)

