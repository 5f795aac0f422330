"""Generated music played by FluidSynth (music/generate/synth.py, stream.py): real renders with Debian's SoundFont."""

from __future__ import annotations

import wave

import numpy as np
import pytest

from emosymphony.music.generate.stream import GeneratedMusic, render_to, write_wav
from emosymphony.music.generate.synth import GenerationUnavailable, Renderer, find_soundfont


@pytest.fixture(scope="module")
def soundfont():
    try:
        return find_soundfont()
    except GenerationUnavailable as error:
        pytest.skip(str(error))


def test_a_short_render_is_music_and_the_same_seed_renders_the_same(soundfont, tmp_path):
    music = GeneratedMusic((0.7, 0.6), seed=11)
    audio = render_to(music, 6.0)
    music.close()
    assert audio.shape == (6 * 44100, 2) and audio.dtype == np.int16
    level = np.sqrt(np.mean((audio / 32768.0) ** 2))
    assert 0.02 < level < 0.5 and np.abs(audio).max() < 32767  # audible, never clipped
    write_wav(tmp_path / "happy.wav", audio, music.rate)
    with wave.open(str(tmp_path / "happy.wav")) as written:
        assert (written.getnchannels(), written.getsampwidth(), written.getframerate(), written.getnframes()) == (2, 2, 44100, 6 * 44100)
    again = GeneratedMusic((0.7, 0.6), seed=11)
    assert np.array_equal(render_to(again, 6.0), audio)
    again.close()


def test_bars_join_without_a_click_even_when_the_target_jumps_every_bar(soundfont):
    music = GeneratedMusic((0.7, 0.7), seed=5)
    corners = [(0.7, 0.7), (-0.7, -0.7), (-0.7, 0.7), (0.7, -0.7)]
    blocks = []
    for number in range(16):
        music.steer(*corners[number % 4])
        blocks.append(music.next_block().astype(np.int32))
    music.close()
    audio = np.concatenate(blocks)
    steps = np.abs(np.diff(audio, axis=0)).max(axis=1)
    seams = np.cumsum([len(b) for b in blocks])[:-1] - 1
    at_seams = max(steps[max(0, s - 2):s + 3].max() for s in seams)
    assert at_seams <= np.percentile(steps, 99.9)  # a seam steps no more than the instruments do within a bar


def test_loud_fast_targets_render_louder_than_soft_slow_ones(soundfont):
    levels = {}
    for name, point in {"excited": (0.6, 0.8), "calm": (0.6, -0.8)}.items():
        music = GeneratedMusic(point, seed=2)
        audio = render_to(music, 8.0) / 32768.0
        levels[name] = np.sqrt(np.mean(audio**2))
        music.close()
    assert levels["excited"] > 2 * levels["calm"]


def test_a_missing_soundfont_is_one_line(monkeypatch, tmp_path):
    monkeypatch.setenv("EMOSYMPHONY_SOUNDFONT", str(tmp_path / "none.sf2"))
    with pytest.raises(GenerationUnavailable, match=r"^no SoundFont at .*none\.sf2 \(\$EMOSYMPHONY_SOUNDFONT\); no generated music$"):
        Renderer()


def test_a_file_that_is_not_a_soundfont_is_one_line(monkeypatch, tmp_path, soundfont):
    fake = tmp_path / "fake.sf2"
    fake.write_bytes(b"RIFF\x00\x00\x00\x00not a soundfont" * 10)
    with pytest.raises(GenerationUnavailable, match="cannot be loaded as a SoundFont"):
        Renderer(soundfont=fake)
