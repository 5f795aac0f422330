"""Bars of notes played by FluidSynth with a General MIDI SoundFont, one after another without a gap: a note
that lasts past its bar goes on sounding into the next, so the audio of consecutive bars joins seamlessly.

FluidSynth (`libfluidsynth3`, through `pyfluidsynth`) and the SoundFont come from Debian: `fluid-soundfont-gm`
(Fluid R3, MIT) or `musescore-general-soundfont-small`. Without them, `GenerationUnavailable` says what to
install in one line, and the player works without generated music.
"""

from __future__ import annotations

import contextlib
import heapq
import io
import os
from pathlib import Path

import numpy as np

from ...errors import EmosymphonyError
from .composer import BEATS_PER_BAR, DRUMS, Bar

SOUNDFONTS = (
    "/usr/share/sounds/sf2/FluidR3_GM.sf2",
    "/usr/share/sounds/sf2/default-GM.sf2",
    "/usr/share/sounds/sf3/MuseScore_General.sf3",
    "/usr/share/sounds/sf3/default-GM.sf3",
)
SOUNDFONT_VARIABLE = "EMOSYMPHONY_SOUNDFONT"
"""An environment variable naming another SoundFont to use."""
GAIN = 0.9
"""FluidSynth's master gain: loud passages peak at about half of full scale (benchmarks/bench_generate.py)."""
DRIVE = 3.0
"""The soft limiter's drive: y = tanh(DRIVE * x). It brings the synth's quiet output to the level of mastered
music (loud passages near -16 dB RMS, as the sound-mood model was taught) without ever clipping; being a
smooth curve of each sample, it adds no steps between samples."""


class GenerationUnavailable(EmosymphonyError):
    """Music cannot be generated here: FluidSynth or a SoundFont is missing (one line says which)."""


def find_soundfont() -> Path:
    """The SoundFont to play with: $EMOSYMPHONY_SOUNDFONT, else the first of Debian's that is installed."""
    chosen = os.environ.get(SOUNDFONT_VARIABLE)
    if chosen:
        if not Path(chosen).is_file():
            raise GenerationUnavailable(f"no SoundFont at {chosen} (${SOUNDFONT_VARIABLE}); no generated music")
        return Path(chosen)
    for candidate in SOUNDFONTS:
        if Path(candidate).is_file():
            return Path(candidate)
    raise GenerationUnavailable("no General MIDI SoundFont is installed (apt-get install fluid-soundfont-gm); "
                                "no generated music")


class Renderer:
    """Plays bars into 16-bit stereo samples at `rate` Hz."""

    def __init__(self, rate: int = 44100, soundfont: Path | None = None):
        soundfont = soundfont or find_soundfont()
        try:
            with contextlib.redirect_stdout(io.StringIO()):  # pyfluidsynth prints where it found the library when
                import fluidsynth                            # $CI is set: `listen --json`'s output stays JSON
        except (ImportError, OSError, AttributeError) as error:
            raise GenerationUnavailable(f"FluidSynth is not available ({error}; apt-get install libfluidsynth3); "
                                        "no generated music") from None
        self.rate = rate
        self._synth = fluidsynth.Synth(gain=GAIN, samplerate=float(rate), **{"synth.dynamic-sample-loading": 1})
        self._font = self._synth.sfload(str(soundfont))
        if self._font < 0:
            self._synth.delete()
            raise GenerationUnavailable(f"{soundfont} cannot be loaded as a SoundFont; no generated music")
        self._synth.program_select(DRUMS, self._font, 128, 0)
        self._programs: tuple[int, ...] = ()
        self._frame = 0
        self._pending: list[tuple[int, int, int]] = []
        """Note-offs due, as (frame, channel, pitch), over bar lines."""

    def render(self, bar: Bar) -> np.ndarray:
        """The bar's audio, (frames, 2) int16."""
        frames_per_beat = self.rate * 60.0 / bar.parameters.tempo
        start, end = self._frame, self._frame + int(round(BEATS_PER_BAR * frames_per_beat))
        if bar.programs != self._programs:
            for channel, program in enumerate(bar.programs):
                self._synth.program_select(channel, self._font, 0, program)
            self._programs = bar.programs
        onsets = []
        for note in bar.notes:
            on = start + int(round(note.start * frames_per_beat))
            onsets.append((on, note.channel, note.pitch, note.velocity))
            heapq.heappush(self._pending, (on + max(1, int(round(note.length * frames_per_beat))), note.channel, note.pitch))
        onsets.sort()
        blocks, now, index = [], start, 0
        while True:
            next_on = onsets[index][0] if index < len(onsets) else end
            next_off = self._pending[0][0] if self._pending else end
            when = min(next_on, next_off, end)
            if when > now:
                blocks.append(self._synth.get_samples(when - now))
                now = when
            if now >= end:
                break
            if self._pending and self._pending[0][0] <= now:  # offs first: a note struck again sounds anew
                _, channel, pitch = heapq.heappop(self._pending)
                self._synth.noteoff(channel, pitch)
            elif index < len(onsets) and onsets[index][0] <= now:
                _, channel, pitch, velocity = onsets[index]
                self._synth.noteon(channel, pitch, velocity)
                index += 1
        self._frame = end
        raw = np.concatenate(blocks).reshape(-1, 2).astype(np.float32) / 32768.0
        return np.round(np.tanh(DRIVE * raw) * 32767.0).astype(np.int16)

    def close(self) -> None:
        self._synth.delete()
