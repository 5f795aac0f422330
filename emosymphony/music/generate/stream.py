"""Generated music that plays on: a composer and a renderer, steered toward a valence/arousal target while
the audio is pulled a bar at a time (by the audio output's feeder thread, or to write a file)."""

from __future__ import annotations

import threading
import wave
from pathlib import Path

import numpy as np

from .composer import Bar, Composer
from .synth import Renderer


class GeneratedMusic:
    """Endless music toward `steer()`'s target; `next_block()` gives the next bar's audio (thread safe)."""

    def __init__(self, start: tuple[float, float] = (0.0, 0.0), seed: int = 0, rate: int = 44100,
                 renderer: Renderer | None = None):
        """`start`: where the music begins (the listener's mood: the iso principle), with no glide."""
        self.renderer = renderer or Renderer(rate)
        self.composer = Composer(seed)
        self.composer.start_at(*start)
        self.target = start
        self.bar: Bar | None = None
        """The bar rendered last."""
        self._lock = threading.Lock()

    @property
    def rate(self) -> int:
        return self.renderer.rate

    def begin_at(self, valence: float, arousal: float) -> None:
        """Start again from this point, with no glide (a new start: the listener's mood now)."""
        with self._lock:
            self.composer.start_at(valence, arousal)
            self.target = (valence, arousal)

    def steer(self, valence: float, arousal: float) -> None:
        """A new target: the music glides there over the next bars."""
        with self._lock:
            self.target = (valence, arousal)

    def next_block(self) -> np.ndarray:
        """The next bar's audio, (frames, 2) int16."""
        with self._lock:
            bar = self.composer.next_bar(*self.target)
            audio = self.renderer.render(bar)
            self.bar = bar
            return audio

    def describe(self) -> str:
        """What plays now, e.g. "D Dorian, 72 bpm" (empty before the first bar)."""
        bar = self.bar
        return bar.describe() if bar is not None else ""

    def close(self) -> None:
        with self._lock:
            self.renderer.close()


def render_to(music: GeneratedMusic, seconds: float) -> np.ndarray:
    """Whole bars of `music` lasting at least `seconds`, cut to exactly `seconds`: (frames, 2) int16."""
    wanted = int(round(seconds * music.rate))
    blocks, total = [], 0
    while total < wanted:
        block = music.next_block()
        blocks.append(block)
        total += len(block)
    return np.concatenate(blocks)[:wanted]


def wav_bytes(audio: np.ndarray, rate: int) -> bytes:
    """16-bit stereo samples as the bytes of a WAV file."""
    import io

    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(np.ascontiguousarray(audio, dtype="<i2").tobytes())
    return buffer.getvalue()


def write_wav(path: str | Path, audio: np.ndarray, rate: int) -> None:
    """Write a WAV file in one step (never half-written)."""
    from ...files import write_atomically

    write_atomically(path, wav_bytes(audio, rate))
