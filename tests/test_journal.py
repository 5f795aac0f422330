"""The mood journal: time in each mood, favourites, and how often the music lifted the listener."""

from __future__ import annotations

import time

from emosymphony.memory.journal import LIFT_WINDOW_SECONDS, build_journal, period_start
from emosymphony.memory.listener import ListenerMemory
from benchmarks._simulation import make_library

T0 = 1.8e9


def _memory(tmp_path) -> ListenerMemory:
    return ListenerMemory.open(tmp_path)


def _play(memory, track, start, seconds, mood, strategy, ending="finished"):
    play = memory.history.start_play(track, start, mood, "camera", strategy)
    memory.history.end_play(play, start + seconds, 1.0, ending)


def test_time_per_mood_and_favourites(tmp_path):
    memory = _memory(tmp_path)
    tracks = make_library(7)
    for offset, mood in ((0, "happy"), (600, "sad"), (900, "no_face"), (1000, "happy")):
        memory.history.record_mood(T0 + offset, mood, 0.9, "camera")
    for n in range(3):
        _play(memory, tracks[3], T0 + 200 * n, 180, "happy", "match")
    _play(memory, tracks[4], T0 + 650, 20, "sad", "match", "skipped")
    journal = build_journal(memory.history, T0 - 100, T0 + 1200)
    assert journal.seconds_per_mood["happy"] == 800 and journal.seconds_per_mood["sad"] == 300
    assert journal.most_played["happy"] == [("Artist 3 – Song 3", 3)]
    assert journal.most_liked["happy"] == [("Artist 3 – Song 3", 3)] and "sad" not in journal.most_liked
    assert journal.plays == 4 and [s.mood for s in journal.spans] == ["happy", "sad", "no_face", "happy"]


def test_a_mood_from_before_the_period_counts_from_its_start(tmp_path):
    memory = _memory(tmp_path)
    memory.history.record_mood(T0 - 5000, "neutral", 0.9, "camera")
    journal = build_journal(memory.history, T0, T0 + 60)
    assert journal.seconds_per_mood["neutral"] == 60


def test_lifted_means_neutral_or_happy_within_the_window_while_lifting(tmp_path):
    memory = _memory(tmp_path)
    track = make_library(1)[0]
    moods = [(0, "sad"), (300, "no_face"), (400, "sad"), (900, "neutral"),  # lifted after 15 min
             (5000, "angry"), (5000 + LIFT_WINDOW_SECONDS + 60, "happy"),  # too late: not lifted
             (9000, "sad"), (9500, "happy")]  # music was matching, not lifting: not a stretch
    for offset, mood in moods:
        memory.history.record_mood(T0 + offset, mood, 0.9, "camera")
    for start in range(0, 9000, 200):
        _play(memory, track, T0 + start, 190, "sad", "lift" if start < 8800 else "match")
    _play(memory, track, T0 + 9000, 190, "sad", "match")
    lift = build_journal(memory.history, T0 - 1, T0 + 10000).lift
    assert (lift.stretches, lift.lifted, lift.minutes_to_lift) == (2, 1, [15.0])
    assert "Lifted 1 of 2" in lift.text()


def test_periods_start_at_midnight_or_days_back():
    now = time.mktime((2026, 6, 10, 15, 30, 0, 0, 0, -1))
    assert period_start("today", now) == time.mktime((2026, 6, 10, 0, 0, 0, 0, 0, -1))
    assert period_start("week", now) == now - 7 * 86400


def test_times_read_in_minutes_for_a_session_and_a_visible_bar_is_never_zero_minutes():
    from emosymphony.memory.journal import spent, time_unit

    assert [spent(s) for s in (20, 59, 60, 90, 3600, 3660 + 1800)] == ["20 s", "59 s", "1 min", "2 min", "1 h 00 min",
                                                                        "1 h 31 min"]
    assert spent(0) == "0 min" and spent(0.2) == "1 s"
    assert time_unit(20 * 60) == (60, "minutes") and time_unit(5 * 3600) == (3600, "hours")
    assert time_unit(3 * 86400) == (86400, "days")


def test_the_session_period_begins_when_the_run_began():
    now = time.mktime((2026, 6, 10, 15, 0, 0, 0, 0, -1))
    assert period_start("session", now, session_start=now - 1200) == now - 1200
    assert period_start("session", now) == period_start("today", now)
