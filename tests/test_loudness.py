"""Integrated loudness (BS.1770 / EBU R128) and the levelling gain, on real sound."""

import math

import numpy as np
import pytest

from helpers import write_tone
from emosymphony.events import TrackEvent
from emosymphony.music.loudness import TARGET_LUFS, integrated_loudness, level_gain, replaygain_loudness
from emosymphony.music.player import NullOutput
from emosymphony.music.recommend import Recommender
from emosymphony.session import ListeningSession
from emosymphony.settings import ListenerSettings
from emosymphony.tracks import Track

RATE = 22050


def _tone(level: float, seconds: float = 10.0, frequency: float = 997.0) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    return level * np.sin(2 * np.pi * frequency * t)


@pytest.mark.parametrize("level, expected", [(1.0, 0.0), (0.1, -20.0), (0.01, -40.0)])
def test_a_tone_reads_as_the_standard_says(level, expected):
    """A 997 Hz tone at full scale on both channels is 0 LUFS (BS.1770-4); each factor of 10 takes 20 LU off."""
    assert integrated_loudness(_tone(level), RATE) == pytest.approx(expected, abs=0.1)


def test_silence_and_quiet_passages_are_gated_out():
    loud = _tone(0.1)
    with_silence = np.concatenate([loud, np.zeros(RATE * 10)])  # absolute gate: -70 LUFS
    with_whisper = np.concatenate([loud, _tone(0.001)])  # relative gate: 10 LU under the rest
    assert integrated_loudness(with_silence, RATE) == pytest.approx(integrated_loudness(loud, RATE), abs=0.1)
    assert integrated_loudness(with_whisper, RATE) == pytest.approx(integrated_loudness(loud, RATE), abs=0.1)
    # (ungated, the whisper would pull the mean power to half: 3 LU lower)
    assert integrated_loudness(np.zeros(RATE), RATE) == -math.inf
    assert integrated_loudness(_tone(0.1, seconds=0.2), RATE) == -math.inf  # shorter than one block


def test_the_gain_brings_a_song_to_the_target():
    assert level_gain(TARGET_LUFS) == 1.0 and level_gain(None) == 1.0 and level_gain(-math.inf) == 1.0
    assert level_gain(-8.0) == pytest.approx(10 ** (-10 / 20))  # a loud master is turned down 10 dB
    assert level_gain(-24.0) == pytest.approx(10 ** (6 / 20))


def test_a_replaygain_tag_gives_the_loudness(tmp_path, real_recordings):
    import shutil

    import mutagen

    song = shutil.copy(real_recordings[0], tmp_path / "tagged.ogg")
    assert replaygain_loudness(song) is None
    tags = mutagen.File(song, easy=True)
    tags["replaygain_track_gain"] = "-7.50 dB"
    tags.save()
    assert replaygain_loudness(song) == pytest.approx(TARGET_LUFS + 7.5)
    tags["replaygain_track_gain"] = "loud"
    tags.save()
    assert replaygain_loudness(song) is None
    assert replaygain_loudness(tmp_path / "missing.ogg") is None
    assert replaygain_loudness(write_tone(tmp_path / "plain.wav")) is None


def test_the_session_starts_each_song_at_its_level_and_levelling_can_be_off():
    tracks = [Track(f"/m/happy/{n}.ogg", "happy", n, "", "", 60.0, False, 1, 0.0) for n in ("loud", "quiet")]
    output = NullOutput()
    events = []
    session = ListeningSession(Recommender(tracks, seed=1), output, ListenerSettings(), events.append)
    session.loudness = {"/m/happy/loud.ogg": -8.0, "/m/happy/quiet.ogg": -24.0}
    session.set_manual_mood("happy")
    first = next(e for e in events if isinstance(e, TrackEvent)).item.track
    assert output.gain == pytest.approx(level_gain(session.loudness[first.path]))
    session.settings = session.settings.changed(level_loudness=False)
    session.next()
    assert output.gain == 1.0


def test_the_sound_card_never_gets_more_than_full_scale():
    pygame = pytest.importorskip("pygame")
    import os

    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from emosymphony.music.player import PlayerError, PygameOutput

    try:
        output = PygameOutput()
    except PlayerError as error:
        pytest.skip(str(error))
    try:
        output._gain = 4.0  # a very quiet song: levelling would boost it 12 dB
        output.volume = 0.8
        assert output.level == 1.0 and output.volume == 0.8  # clamped; the listener's volume is kept
        output._gain = 0.25
        output.volume = 0.8
        assert output.level == pytest.approx(0.2)
        assert pygame.mixer.music.get_volume() == pytest.approx(0.2, abs=0.01)
    finally:
        output.close()
