"""Playback through SDL's disk audio driver: what pygame plays is written to a file we can read."""

import time

import numpy as np
import pytest

from helpers import write_tone
from emosymphony.tracks import Track
from emosymphony.music.player import PAUSED, PLAYING, STOPPED, NullOutput, PlayerError, PygameOutput


def _track(path, title=None):
    return Track(str(path), "happy", title or path.stem, "", "", 1.0, False, path.stat().st_size, 0.0)


class DiskOutput:
    """Reads what SDL has written since the last look (signed 16-bit samples)."""

    def __init__(self, path):
        self.path, self.offset = path, 0

    def new_samples(self) -> np.ndarray:
        data = self.path.read_bytes() if self.path.exists() else b""
        fresh, self.offset = data[self.offset:], len(data)
        return np.frombuffer(fresh[: len(fresh) // 2 * 2], dtype="<i2")

    def level_over(self, seconds: float) -> float:
        self.new_samples()
        time.sleep(seconds)
        samples = self.new_samples()
        assert len(samples) > 0, "SDL wrote nothing: no audio device output"
        return float(np.sqrt(np.mean(samples.astype(np.float64) ** 2)))


@pytest.fixture
def output(tmp_path, monkeypatch):
    monkeypatch.setenv("SDL_AUDIODRIVER", "disk")
    monkeypatch.setenv("SDL_DISKAUDIOFILE", str(tmp_path / "out.raw"))
    return DiskOutput(tmp_path / "out.raw")


@pytest.fixture
def player(output):
    player = PygameOutput()
    yield player
    player.close()


def wait_for(condition, seconds=5.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_sound_comes_out_while_playing_and_not_while_paused(player, output, tmp_path):
    player.play(_track(write_tone(tmp_path / "tone.wav", seconds=5)))
    assert player.state == PLAYING
    assert output.level_over(0.6) > 1000
    player.pause()
    assert player.state == PAUSED
    time.sleep(0.2)  # let the buffered audio drain
    assert output.level_over(0.5) < 50
    player.resume()
    assert output.level_over(0.5) > 1000


def test_a_real_recording_plays(player, output, real_recordings):
    player.play(_track(real_recordings[0]))
    time.sleep(1.0)  # past the quiet first moment of the track
    assert output.level_over(1.0) > 100
    assert player.position > 0.5


def test_the_end_of_a_track_is_noticed_once(player, tmp_path):
    player.play(_track(write_tone(tmp_path / "short.wav", seconds=0.4)))
    assert not player.finished()
    assert wait_for(player.finished, seconds=3)
    assert player.state == STOPPED and not player.finished()


def test_an_unplayable_file_raises_a_clear_error(player, tmp_path):
    broken = tmp_path / "broken.ogg"
    broken.write_bytes(b"OggS" + b"\x00" * 200)
    with pytest.raises(PlayerError, match="cannot play broken"):
        player.play(_track(broken))
    assert player.state == STOPPED


def test_volume_is_clamped_and_scales_the_output(player, output, tmp_path):
    player.volume = 1.0
    player.play(_track(write_tone(tmp_path / "tone.wav", seconds=5)))
    loud = output.level_over(0.5)
    player.volume = 0.25
    time.sleep(0.2)
    quiet = output.level_over(0.5)
    assert quiet < loud * 0.5
    player.volume = 7
    assert player.volume == 1.0


def test_seek_in_an_ogg_file(player, real_recordings):
    player.play(_track(real_recordings[0]))
    player.seek(60.0)
    assert player.position >= 60.0 and player.state == PLAYING


def test_fade_out_goes_silent_and_counts_as_finished(player, output, tmp_path):
    player.play(_track(write_tone(tmp_path / "a.wav", seconds=10)))
    assert output.level_over(0.3) > 1000
    player.fade_out(0.5)
    assert wait_for(player.finished, seconds=3)
    time.sleep(0.2)
    assert output.level_over(0.4) < 50


def test_the_null_output_plays_silently_by_its_clock(tmp_path):
    now = [0.0]
    null = NullOutput("no sound card", clock=lambda: now[0])
    null.play(_track(write_tone(tmp_path / "tone.wav", seconds=1)))
    now[0] = 0.5
    null.pause()
    now[0] = 5.0
    assert null.position == 0.5 and not null.finished()
    null.resume()
    now[0] = 5.6
    assert null.finished() and null.state == STOPPED
    assert not null.audible and null.reason == "no sound card"


@pytest.mark.slow
def test_generated_music_comes_out_pauses_and_fades_out(player, output):
    from emosymphony.music.generate.stream import GeneratedMusic
    from emosymphony.music.generate.synth import GenerationUnavailable
    from emosymphony.tracks import generated_track

    try:
        music = GeneratedMusic((0.6, 0.6), seed=1)
    except GenerationUnavailable as error:
        pytest.skip(str(error))
    player.play_generated(generated_track("happy"), music, fade_in=0.2)
    assert player.state == PLAYING
    assert output.level_over(1.5) > 500
    assert music.composer.bar_number >= 1 and not player.finished()
    player.pause()
    time.sleep(0.2)
    assert output.level_over(0.5) < 50
    player.resume()
    assert output.level_over(0.8) > 500
    assert wait_for(lambda: music.composer.bar_number >= 2, 6.0)  # the next bars are rendered and queued
    player.fade_out(0.5)
    assert wait_for(player.finished, 3.0)
    time.sleep(0.2)
    assert output.level_over(0.5) < 50  # silent after the fade: no queued bar starts behind it
    music.close()
