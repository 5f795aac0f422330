"""Playback through SDL's disk audio driver: what pygame plays is written to a file we can read."""

import time

import numpy as np
import pytest

from conftest import write_tone
from emosymphony.music.library import Track
from emosymphony.music.player import PAUSED, PLAYING, STOPPED, Player


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
    messages, tracks = [], []
    player = Player(on_track=tracks.append, on_message=messages.append)
    player.messages, player.started = messages, tracks
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
    player.set_queue([_track(write_tone(tmp_path / "tone.wav", seconds=5))])
    player.play(0)
    assert player.state == PLAYING
    assert output.level_over(0.6) > 1000
    player.pause()
    assert player.state == PAUSED
    time.sleep(0.2)  # let the buffered audio drain
    assert output.level_over(0.5) < 50
    player.resume()
    assert output.level_over(0.5) > 1000


def test_a_real_recording_plays(player, output, real_recordings):
    player.set_queue([_track(real_recordings[0])])
    player.play(0)
    time.sleep(1.0)  # past the quiet first moment of the track
    assert output.level_over(1.0) > 100
    assert player.position > 0.5


def test_next_previous_and_automatic_advance(player, output, tmp_path):
    short = [_track(write_tone(tmp_path / f"{i}.wav", seconds=0.6, frequency=300 + 200 * i)) for i in range(3)]
    player.set_queue(short)
    player.play(0)
    player.next()
    assert player.current == short[1]
    player.previous()
    assert player.current == short[0]
    assert wait_for(lambda: player.current == short[2], seconds=4)  # two tracks ended on their own
    assert wait_for(lambda: player.state == STOPPED, seconds=3)
    assert player.started[-1] is None  # end of the queue reported


def test_unplayable_file_is_skipped_with_a_message(player, tmp_path):
    broken = tmp_path / "broken.ogg"
    broken.write_bytes(b"OggS" + b"\x00" * 200)
    good = _track(write_tone(tmp_path / "good.wav", seconds=2))
    player.set_queue([_track(broken), good])
    player.play(0)
    assert player.current == good and player.state == PLAYING
    assert "cannot play broken" in player.messages[0]


def test_volume_is_clamped_and_scales_the_output(player, output, tmp_path):
    player.set_queue([_track(write_tone(tmp_path / "tone.wav", seconds=5))])
    player.volume = 1.0
    player.play(0)
    loud = output.level_over(0.5)
    player.volume = 0.25
    time.sleep(0.2)
    quiet = output.level_over(0.5)
    assert quiet < loud * 0.5
    player.volume = 7
    assert player.volume == 1.0


def test_seek_in_an_ogg_file(player, real_recordings):
    player.set_queue([_track(real_recordings[0])])
    player.play(0)
    player.seek(60.0)
    assert player.position >= 60.0 and player.state == PLAYING


def test_mood_change_fades_into_the_new_queue(player, output, tmp_path):
    first = _track(write_tone(tmp_path / "a.wav", seconds=10, frequency=300))
    second = _track(write_tone(tmp_path / "b.wav", seconds=10, frequency=600))
    player.set_queue([first])
    player.play(0)
    time.sleep(0.3)
    player.set_queue([second], fade=True)
    assert player.current == first  # still fading out
    assert wait_for(lambda: player.current == second, seconds=4)
    assert player.state == PLAYING
