"""History: what the recorder writes from a session's events, and songs that move keep their memory."""

from __future__ import annotations

from dataclasses import replace

from emosymphony.memory.listener import ListenerMemory
from benchmarks._simulation import make_library
from emosymphony.music.recommend import Recommender
from emosymphony.music.player import NullOutput
from emosymphony.events import MoodEvent
from emosymphony.session import ListeningSession
from emosymphony.settings import ListenerSettings


class _Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_a_session_is_recorded_play_by_play(tmp_path):
    clock = _Clock()
    memory = ListenerMemory.open(tmp_path, clock=clock)
    tracks = make_library(14)
    session = ListeningSession(Recommender(tracks, seed=5, taste=memory.taste), NullOutput(clock=clock),
                               ListenerSettings(strategy="lift"), on_event=memory.recorder, clock=clock)
    session.set_detected_mood("sad", 0.8, "photo")
    clock.now += 12.0
    session.next()  # an early skip
    clock.now += 500.0
    session.tick()  # the second song played to its end
    session.set_manual_mood("happy")
    session.close()
    plays = memory.history.plays()
    assert [p.ending for p in plays[:2]] == ["skipped", "finished"]
    assert plays[0].ended - plays[0].started == 12.0 and plays[0].heard == 12.0 / 210.0
    assert plays[1].heard == 1.0 and {(p.mood, p.source, p.strategy) for p in plays[:2]} == {("sad", "photo", "lift")}
    assert [(m.mood, m.source) for m in memory.history.moods()] == [("sad", "photo"), ("happy", "manual")]
    assert memory.taste.evidence("sad")[plays[0].path].bad > 0 and memory.taste.evidence("sad")[plays[1].path].liked


def test_a_renamed_song_keeps_its_history_likes_and_dislikes(tmp_path):
    memory = ListenerMemory.open(tmp_path)
    liked, disliked = make_library(2)
    memory.taste.like(liked, "happy")
    memory.taste.dislike(disliked)
    play = memory.history.start_play(liked, 1.0, "happy", "camera", "match")
    memory.history.end_play(play, 200.0, 1.0, "finished")
    moved = [(liked.path, "/elsewhere/liked.ogg"), (disliked.path, "/elsewhere/disliked.ogg")]
    memory.tracks_moved(moved)
    assert memory.taste.is_liked("/elsewhere/liked.ogg") and memory.taste.disliked == {"/elsewhere/disliked.ogg"}
    assert memory.history.plays()[0].path == "/elsewhere/liked.ogg"
    assert "/elsewhere/liked.ogg" in memory.taste.evidence("happy")
    renamed = replace(liked, path="/elsewhere/liked.ogg")
    assert Recommender([renamed], taste=memory.taste).plan("happy")[0].reason.endswith("from your likes when happy")


def test_a_file_name_that_is_not_utf8_is_remembered_exactly(tmp_path):
    import json

    from emosymphony.memory.profiles import export_profile

    odd = replace(make_library(1)[0], path="/music/sad/caf\udce9.ogg", title="caf\udce9")  # b"caf\xe9" in Latin-1
    memory = ListenerMemory.open(tmp_path)
    memory.taste.like(odd, "sad")
    memory.taste.dislike(odd)
    play = memory.history.start_play(odd, 1.0, "sad", "camera", "match")
    memory.history.end_play(play, 5.0, 0.02, "skipped")
    again = ListenerMemory.open(tmp_path)
    assert again.taste.disliked == {odd.path} and again.taste.is_liked(odd.path)
    assert odd.path in again.taste.evidence("sad") and again.history.plays()[0].title == "caf\udce9"
    exported = json.loads(json.dumps(export_profile(again.profiles, again.profile.name)))
    assert exported["plays"][0]["path"] == odd.path


def test_mood_time_stops_when_the_program_closes_or_the_profile_changes(tmp_path):
    from emosymphony.memory.journal import build_journal

    clock = _Clock()
    memory = ListenerMemory.open(tmp_path, clock=clock)
    first = memory.profile.name
    memory.profiles.add("Other")
    session = ListeningSession(Recommender(make_library(14), seed=5, taste=memory.taste), NullOutput(clock=clock),
                               on_event=memory.recorder, clock=clock)
    session.set_manual_mood("surprise")
    clock.now += 180.0
    session.close()
    memory.close()  # three minutes of surprise, then the program closed
    reopened = ListenerMemory.open(tmp_path, clock=clock)
    journal = build_journal(reopened.history, 0.0, clock.now + 14 * 60)  # looked at 14 minutes later
    assert journal.seconds_per_mood["surprise"] == 180.0
    assert [(m.mood, m.source) for m in reopened.history.moods()] == [("surprise", "manual"), ("no_face", "closed")]
    reopened.recorder(MoodEvent(0.0, "sad", "camera", 0.8))
    clock.now += 60.0
    reopened.switch("Other")  # another listener now: the first one's sad time stops here
    clock.now += 600.0
    history = ListenerMemory.open(tmp_path, profile=first, clock=clock).history
    assert build_journal(history, 0.0, clock.now).seconds_per_mood["sad"] == 60.0
    assert history.moods()[-1].source == "profile changed"
