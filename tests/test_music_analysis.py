"""Song analysis (music/analysis.py): real files, damaged ones, the cache, and synthesised direction checks."""

from __future__ import annotations

import numpy as np
import pytest

from emosymphony.memory.database import open_database
from emosymphony.music.analysis import SAMPLE_RATE, AnalysisError, SoundCache, analyse, analyse_all, features_of
from emosymphony.music.sound_mood import place

from helpers import chords, progression

RATE = SAMPLE_RATE


def test_fast_loud_bright_is_more_aroused_than_slow_soft_dark():
    rng = np.random.default_rng(0)
    fast = chords([[int(n)] for n in rng.integers(72, 96, 96)], 60 / 170 / 2, 0.9, harmonics=12)  # eighths at 170 bpm
    fast = fast + 0.15 * rng.standard_normal(len(fast)).astype(np.float32) * (np.arange(len(fast)) % int(RATE * 60 / 170) < 400)
    slow = chords([[int(n)] for n in rng.integers(40, 52, 12)], 60 / 55, 0.05, harmonics=1)  # whole beats at 55 bpm
    aroused, calm = place(features_of(fast)), place(features_of(slow))
    assert aroused[1] > calm[1] + 0.3


def test_a_major_progression_is_more_pleasant_than_the_same_in_minor():
    major, minor = features_of(chords(progression(4), 1.0, 0.5)), features_of(chords(progression(3), 1.0, 0.5))
    assert major.key == "C major" and minor.key.endswith("minor")
    assert major.mode > 0 > minor.mode
    assert place(major)[0] > place(minor)[0] + 0.2


def test_real_ogg_and_mp3_are_analysed_and_a_truncated_one_is_reported(real_recordings, untagged_mp3s, tmp_path):
    cut = tmp_path / "cut short.ogg"
    cut.write_bytes(real_recordings[0].read_bytes()[: real_recordings[0].stat().st_size // 6])
    songs = [real_recordings[1], cut, untagged_mp3s[0]]
    found, failed = analyse_all(songs)
    assert set(found) == {str(real_recordings[1]), str(untagged_mp3s[0])}
    assert [path for path, _ in failed] == [str(cut)]
    assert "cut short.ogg" in failed[0][1] and "ends in the middle of its audio" in failed[0][1]
    for features in found.values():
        assert 40 < features.tempo < 250 and -60 < features.loudness < 0 and 200 < features.centroid < 8000
        assert len(features.mfcc_mean) == 13 and features.key.split()[1] in ("major", "minor")


@pytest.mark.parametrize("content, problem", [(b"", "unreadable audio file"), (b"ID3" + b"\0" * 5000, "unreadable audio file")],
                         ids=["empty", "tag only"])
def test_files_that_are_not_songs(tmp_path, content, problem):
    fake = tmp_path / "fake.mp3"
    fake.write_bytes(content)
    with pytest.raises(AnalysisError, match=problem):
        analyse(fake)


def test_a_second_analysis_comes_from_the_cache_by_content(real_recordings, tmp_path):
    cache = SoundCache(open_database(tmp_path).connection)
    first = analyse(real_recordings[2], cache)
    assert cache.known(real_recordings[2]) == first
    renamed = tmp_path / "renamed.ogg"
    renamed.write_bytes(real_recordings[2].read_bytes())
    marked = first.__class__(**{**first.to_dict(), "key": "marked by the test"})
    cache.put(cache.digest(real_recordings[2]), marked)  # what the cache holds is what a second run returns
    assert analyse(renamed, cache).key == "marked by the test"  # same content, other name: not analysed again
    assert cache.known(tmp_path / "never analysed.ogg") is None
