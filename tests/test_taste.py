"""Learning what the listener likes: feedback, dislikes that persist, and picks that beat chance."""

from __future__ import annotations

import statistics

from emosymphony.memory.listener import ListenerMemory
from benchmarks._simulation import LIKED, SimulatedClock, SimulatedListener, listen, make_library
from emosymphony.memory.taste import Evidence
from emosymphony.music.recommend import Recommender
from emosymphony.session import ListeningSession


def test_how_a_play_ends_is_evidence(tmp_path):
    memory = ListenerMemory.open(tmp_path, clock=lambda: 0.0)
    a, b, c, d = make_library(4)
    memory.taste.heard(a, "sad", "finished", 200.0, 0.0)
    memory.taste.heard(b, "sad", "skipped", 12.0, 0.0)
    memory.taste.heard(c, "sad", "skipped", 95.0, 0.0)
    memory.taste.heard(d, "sad", "switched", 5.0, 0.0)  # the mood changed: not the song's fault
    evidence = memory.taste.evidence("sad")  # all at the same time of day: counted twice
    assert evidence == {a.path: Evidence(2.0, 0.0), b.path: Evidence(0.0, 2.0), c.path: Evidence(0.0, 1.0)}
    assert evidence[a.path].liked and not evidence[b.path].liked
    assert memory.taste.evidence("happy") == {}


def test_a_like_can_be_taken_back(tmp_path):
    memory = ListenerMemory.open(tmp_path)
    track = make_library(1)[0]
    memory.taste.like(track, "happy")
    assert memory.taste.is_liked(track.path) and memory.taste.evidence("happy")[track.path].liked
    memory.taste.unlike(track.path)
    assert not memory.taste.is_liked(track.path) and memory.taste.evidence("happy") == {}


def test_dislikes_persist_across_two_runs_and_can_be_reversed(tmp_path):
    tracks = [t for t in make_library(21) if t.emotion == "happy"]
    first_run = ListenerMemory.open(tmp_path)
    session = ListeningSession(Recommender(tracks, seed=1, taste=first_run.taste), on_event=first_run.recorder)
    session.set_manual_mood("happy")
    disliked = session.dislike_current()
    session.close()
    first_run.close()

    second_run = ListenerMemory.open(tmp_path)
    recommender = Recommender(tracks, seed=2, taste=second_run.taste)
    assert disliked.path in second_run.taste.disliked
    assert disliked not in [item.track for item in recommender.plan("happy", length=2)]
    assert [path for path, *_ in second_run.taste.never_play()] == [disliked.path]
    second_run.taste.undislike(disliked.path)
    assert disliked in [item.track for item in Recommender(tracks, seed=2, taste=second_run.taste).plan("happy", length=3)]


def test_a_pick_from_the_listeners_likes_says_so(tmp_path):
    tracks = make_library(70)
    memory = ListenerMemory.open(tmp_path)
    favourite = next(t for t in tracks if t.emotion == "sad")
    memory.taste.like(favourite, "sad")
    for _ in range(5):
        memory.taste.heard(favourite, "sad", "finished", 200.0, 0.0)
    plan = Recommender(tracks, seed=3, taste=memory.taste).plan("sad", length=3)
    assert plan[0].track == favourite and plan[0].reason.endswith("from your likes when sad")
    assert "from your likes" not in plan[1].reason


def test_learning_beats_random_picking_on_simulated_listeners(tmp_path):
    """Four listeners, 50 plays each in one mood: random picks find a liked song 20% of the time."""
    tracks = make_library(300)
    late = []
    for seed in (11, 12, 13, 14):
        memory = ListenerMemory.open(tmp_path / str(seed), clock=(clock := SimulatedClock(1.8e9)))
        listener = SimulatedListener.create(tracks, seed=seed)
        recommender = Recommender(tracks, seed=seed, taste=memory.taste)
        picks = [listen(memory, recommender, listener, "fear", clock)[1] == LIKED for _ in range(50)]
        late += picks[30:]
    assert statistics.mean(late) >= 0.35


def _at(hour: int) -> float:
    """A moment today at `hour` o'clock, local time."""
    import time

    return time.mktime((2026, 6, 1, hour, 30, 0, 0, 0, -1))


def test_the_parts_of_the_day_are_six_hours_each():
    from emosymphony.memory.taste import daypart

    assert [daypart(_at(hour)) for hour in (0, 5, 6, 11, 12, 17, 18, 19, 23)] == [
        "night", "night", "morning", "morning", "afternoon", "afternoon", "evening", "evening", "evening"]


def test_a_skip_at_thirty_seconds_is_a_late_one(tmp_path):
    memory = ListenerMemory.open(tmp_path, clock=lambda: 0.0)
    early, late = make_library(2)
    memory.taste.heard(early, "sad", "skipped", 29.9, 0.0)
    memory.taste.heard(late, "sad", "skipped", 30.0, 0.0)
    assert memory.taste.evidence("sad") == {early.path: Evidence(0.0, 2.0), late.path: Evidence(0.0, 1.0)}


def test_evidence_counts_twice_at_its_own_time_of_day_also_when_read_back(tmp_path):
    now = [_at(9)]
    memory = ListenerMemory.open(tmp_path, clock=lambda: now[0])
    track = make_library(1)[0]
    memory.taste.like(track, "happy")  # a like in the morning
    assert memory.taste.evidence("happy")[track.path] == Evidence(6.0, 0.0)
    now[0] = _at(20)  # the evening: the same memory object reads the evening's weights
    assert memory.taste.evidence("happy")[track.path] == Evidence(3.0, 0.0)
    reread = ListenerMemory.open(tmp_path, clock=lambda: _at(10))  # read back from the file, in the morning
    assert reread.taste.evidence("happy")[track.path] == Evidence(6.0, 0.0)


def test_taking_back_a_like_takes_back_its_evidence_from_the_time_it_was_given(tmp_path):
    now = [_at(9)]
    memory = ListenerMemory.open(tmp_path, clock=lambda: now[0])
    track = make_library(1)[0]
    memory.taste.like(track, "happy")
    now[0] = _at(21)
    memory.taste.unlike(track.path)  # in the evening, for a like given in the morning
    assert memory.taste.evidence("happy") == {}
    assert ListenerMemory.open(tmp_path, clock=lambda: _at(9)).taste.evidence("happy") == {}  # nothing left behind


def test_a_dislike_is_known_at_once_and_a_forgetful_taste_works_alone(tmp_path):
    from emosymphony.memory.taste import Taste

    memory = ListenerMemory.open(tmp_path)
    track = make_library(1)[0]
    memory.taste.dislike(track)
    assert memory.taste.disliked == {track.path}
    forgetful = Taste.forgetful()
    forgetful.like(track, "sad")
    forgetful.dislike(track)
    assert forgetful.is_liked(track.path) and forgetful.disliked == {track.path}
    assert [entry[0] for entry in forgetful.never_play()] == [track.path]
