"""The application core: one Symphony for both shells. Null output and a test clock; no Qt."""

from __future__ import annotations

import json
import os

import pytest

from helpers import write_tone
from emosymphony.cli import main
from emosymphony.core import Symphony
from emosymphony.emotions import NO_FACE
from emosymphony.memory.listener import ListenerMemory
from emosymphony.music.player import NullOutput


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


@pytest.fixture
def music(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = tmp_path / "music"
    for number, emotion in enumerate(("happy", "sad", "neutral")):
        (root / emotion).mkdir(parents=True)
        for n in range(3):
            write_tone(root / emotion / f"{emotion}{n}.wav", seconds=2, frequency=300 + 50 * number + 10 * n)
    return root


def _open(music, tmp_path, clock=None, profile=None) -> Symphony:
    clock = clock or Clock()
    return Symphony.open(music, tmp_path / "data", profile, output=NullOutput(clock=clock), clock=clock)


def _like_a_happy_song(music, tmp_path) -> str:
    symphony = _open(music, tmp_path)
    symphony.scan()
    symphony.session.set_manual_mood("happy")
    liked = symphony.session.current.track.path
    assert symphony.toggle_like() is True
    symphony.close()
    return liked


def _renamed(path: str) -> str:
    new = path.replace(".wav", " (live).wav")
    os.rename(path, new)  # size and modification time stay: the library sees a rename
    return new


def test_a_song_renamed_before_a_scan_keeps_its_like(music, tmp_path):
    new = _renamed(_like_a_happy_song(music, tmp_path))
    symphony = _open(music, tmp_path)
    result = symphony.library.scan()  # as the window's scanner thread does
    symphony.apply_scan(result)
    assert result.renamed and symphony.is_liked(new)
    symphony.close()


@pytest.mark.parametrize("command", [["library", "scan"], ["recommend", "--emotion", "happy"],
                                     ["library", "sort", "--check"]])
def test_a_song_renamed_while_a_command_scans_keeps_its_like(music, tmp_path, command, capsys):
    new = _renamed(_like_a_happy_song(music, tmp_path))
    assert main([*command, "--music-dir", str(music), "--data-dir", str(tmp_path / "data")]) == 0
    capsys.readouterr()
    symphony = _open(music, tmp_path)
    symphony.scan()  # the command's scan has consumed the rename; its like must have followed it then
    assert symphony.is_liked(new)
    symphony.close()


def _profile_with_settings(tmp_path, **values) -> None:
    """A second profile, Ann, with saved settings; the first profile stays the last one used."""
    memory = ListenerMemory.open(tmp_path / "data")
    memory.profiles.save_settings(memory.profiles.add("Ann"), values)
    memory.close()


class Model:
    sensitivity = 0.5


def test_opening_applies_the_profile_settings(music, tmp_path):
    _profile_with_settings(tmp_path, strategy="lift", volume=0.3, sensitivity=0.9, switch_on_mood=True, autoplay=False)
    symphony = _open(music, tmp_path, profile="Ann")
    assert symphony.session.output.volume == pytest.approx(0.3)
    assert (symphony.settings.strategy, symphony.settings.switch_on_mood, symphony.settings.autoplay) == ("lift", True, False)
    model = Model()
    symphony.use_model(model)
    assert model.sensitivity == pytest.approx(0.9)
    symphony.change_settings(sensitivity=0.2, volume=0.6)
    assert model.sensitivity == pytest.approx(0.2) and symphony.session.output.volume == pytest.approx(0.6)
    symphony.close()
    again = _open(music, tmp_path, profile="Ann")
    assert (again.settings.sensitivity, again.settings.volume, again.settings.strategy) == (0.2, 0.6, "lift")
    again.close()


def test_settings_for_this_run_only_are_not_saved(music, tmp_path):
    _profile_with_settings(tmp_path, strategy="lift")
    symphony = _open(music, tmp_path, profile="Ann")
    symphony.change_settings(remember=False, strategy="steady")
    assert symphony.settings.strategy == "steady"
    symphony.close()
    again = _open(music, tmp_path, profile="Ann")
    assert again.settings.strategy == "lift"
    again.close()


def test_bad_saved_settings_are_reset_and_said(music, tmp_path):
    _profile_with_settings(tmp_path, strategy="loud", volume=7, autoplay=False)
    symphony = _open(music, tmp_path, profile="Ann")
    assert (symphony.settings.strategy, symphony.settings.volume, symphony.settings.autoplay) == ("match", 0.8, False)
    assert any("strategy='loud'" in note and "volume='7'" in note for note in symphony.notes), symphony.notes
    with pytest.raises(ValueError, match="volume must be a number from 0 to 1"):
        symphony.change_settings(volume=1.5)
    symphony.close()


def test_play_follows_the_profile_and_options_apply_for_the_run_only(music, tmp_path, capsys):
    _profile_with_settings(tmp_path, strategy="lift")
    data = ["--music-dir", str(music), "--data-dir", str(tmp_path / "data"), "--profile", "Ann"]
    assert main(["play", "--emotion", "sad", "--seconds", "0.3", *data]) == 0
    assert main(["play", "--emotion", "sad", "--seconds", "0.3", "--strategy", "match", *data]) == 0
    capsys.readouterr()
    assert main(["history", "--json", "--data-dir", str(tmp_path / "data"), "--profile", "Ann"]) == 0
    plays = json.loads(capsys.readouterr().out)["plays"]
    assert [play["strategy"] for play in plays] == ["lift", "match"]
    memory = ListenerMemory.open(tmp_path / "data", "Ann")
    assert memory.settings()["strategy"] == "lift"  # the option did not change the profile
    memory.close()


def test_switching_profiles_swaps_taste_and_settings(music, tmp_path):
    _profile_with_settings(tmp_path, strategy="steady", volume=0.4)
    symphony = _open(music, tmp_path)
    first = symphony.memory.profile.name
    symphony.scan()
    symphony.change_settings(strategy="lift")
    symphony.session.set_manual_mood("happy")
    liked = symphony.session.current.track.path
    symphony.toggle_like()
    assert symphony.switch_profile("Ann") == []
    assert (symphony.settings.strategy, symphony.session.output.volume) == ("steady", pytest.approx(0.4))
    assert not symphony.is_liked(liked) and symphony.session.recommender.taste is symphony.memory.taste
    symphony.switch_profile(first)
    assert symphony.settings.strategy == "lift" and symphony.is_liked(liked)  # saved at the switch
    symphony.close()


def _moods(tmp_path, profile=None):
    memory = ListenerMemory.open(tmp_path / "data", profile)
    moods = [(m.mood, m.source) for m in memory.history.moods(0)]
    memory.close()
    return moods


def test_mood_time_stops_when_the_camera_stops(music, tmp_path):
    symphony = _open(music, tmp_path)
    symphony.session.set_detected_mood("sad", 0.9)
    symphony.camera_stopped()
    assert symphony.session.detected == NO_FACE
    symphony.close()
    assert _moods(tmp_path) == [("sad", "camera"), (NO_FACE, "camera")]  # nothing more at closing


def test_mood_time_stops_at_quit_and_at_a_profile_switch(music, tmp_path):
    _profile_with_settings(tmp_path)
    symphony = _open(music, tmp_path)
    first = symphony.memory.profile.name
    symphony.session.set_detected_mood("happy", 0.9)
    symphony.switch_profile("Ann")
    symphony.session.set_detected_mood("sad", 0.9)
    symphony.session.set_detected_mood("angry", 0.9)
    symphony.close()
    assert _moods(tmp_path, first) == [("happy", "camera"), (NO_FACE, "profile changed")]
    assert _moods(tmp_path, "Ann") == [("sad", "camera"), ("angry", "camera"), (NO_FACE, "closed")]


def test_closing_ends_the_song_as_interrupted_and_events_reach_the_shell_first(music, tmp_path):
    symphony = _open(music, tmp_path)
    heard = []
    symphony.listeners.append(lambda event: heard.append((type(event).__name__, len(symphony.memory.history.plays(0)))))
    symphony.scan()
    symphony.session.set_manual_mood("neutral")
    symphony.close()
    assert ("TrackEvent", 0) in heard  # the shell heard of the song before the memory recorded it
    memory = ListenerMemory.open(tmp_path / "data")
    assert [p.ending for p in memory.history.plays(0)] == ["interrupted"]
    memory.close()


def test_the_next_run_starts_with_the_song_that_played_at_quit_from_where_it_was(music, tmp_path):
    clock = Clock()
    symphony = _open(music, tmp_path, clock)
    symphony.scan()
    symphony.session.set_manual_mood("sad")
    song = symphony.session.current.track.path
    clock.now += 1.5
    assert symphony.close() == []
    again = _open(music, tmp_path)
    again.scan()
    again.session.set_detected_mood("happy", 0.9)  # the first mood: the song of the last run comes back first
    assert again.session.current.track.path == song and again.session.current.reason == "where you left off"
    assert again.session.position == pytest.approx(1.5)
    again.session.next()
    assert again.session.current.track.emotion == "happy"  # then the mood's music
    again.change_settings(resume_where_i_was=False)
    assert again.close() == []
    third = _open(music, tmp_path)
    third.scan()
    third.session.set_detected_mood("happy", 0.9)
    assert third.session.current.track.emotion == "happy" and third.session.current.reason != "where you left off"
    third.close()


def test_a_song_that_starts_is_announced_in_plain_words_unless_turned_off(music, tmp_path):
    write_tone(music / "happy" / "odd.wav", seconds=2, title="Bell\x1b[31m\u202eSong", artist="The\x07 Band")
    symphony = _open(music, tmp_path)
    starts = []
    symphony.listeners.append(lambda event: starts.append(event) if type(event).__name__ == "TrackEvent" else None)
    symphony.scan()
    symphony.session.set_manual_mood("happy")
    while symphony.session.current.track.artist != "The\x07 Band":
        symphony.session.next()
    title, body = symphony.announcement(starts[-1])
    assert (title, body) == ("Bell[31mSong", f"The Band — {starts[-1].item.reason}")  # no control characters
    symphony.change_settings(notify_tracks=False)
    assert symphony.announcement(starts[-1]) is None
    symphony.close()
