"""The listening session without Qt: the null output plays by a clock the tests move forward."""

import pytest

from emosymphony import EMOTIONS, NO_FACE
from emosymphony.music.library import Track
from emosymphony.music.player import NullOutput, PAUSED, PLAYING, PygameOutput, STOPPED
from emosymphony.music.recommend import POINTS, Recommender
from emosymphony.session import EndEvent, ListeningSession, MoodEvent, SessionSettings, TrackEvent


class Clock:
    def __init__(self):
        self.time = 100.0

    def __call__(self) -> float:
        return self.time


def song(emotion: str, number: int, duration: float = 60.0) -> Track:
    return Track(f"/music/{emotion}/{emotion}-{number}.ogg", emotion, f"{emotion} {number}", "", "", duration, False, 1, 0.0)


LIBRARY = [song(emotion, n) for emotion in EMOTIONS for n in range(4)]


class Run:
    """A session over LIBRARY with its clock and the events it sent."""

    def __init__(self, tracks=LIBRARY, **settings):
        self.clock = Clock()
        self.events = []
        self.session = ListeningSession(
            Recommender(list(tracks), seed=1), NullOutput(clock=self.clock), SessionSettings(**settings),
            self.events.append, self.clock,
        )

    def of(self, kind):
        return [e for e in self.events if isinstance(e, kind)]

    def started(self):
        return [e.item.track for e in self.of(TrackEvent)]

    def play_out(self, seconds: float, step: float = 0.5) -> None:
        """Let the clock run, ticking as a shell would."""
        end = self.clock.time + seconds
        while self.clock.time < end:
            self.clock.time += step
            self.session.tick()


def test_the_first_mood_starts_music():
    run = Run()
    assert run.session.state == STOPPED and not run.of(TrackEvent)
    run.session.set_detected_mood(NO_FACE)
    assert not run.of(TrackEvent)  # nobody in view yet: nothing to follow
    run.session.set_detected_mood("happy", 0.9)
    assert run.session.state == PLAYING
    [start] = run.of(TrackEvent)
    assert start.item.track.emotion == "happy" and start.item.reason.startswith("fits happy")
    assert run.of(MoodEvent)[-1].to_dict() | {"time": 0} == {
        "time": 0, "event": "mood", "mood": "happy", "source": "camera", "confidence": 0.9}


def test_autoplay_can_be_turned_off():
    run = Run(autoplay=False)
    run.session.set_detected_mood("sad", 0.8)
    assert run.session.state == STOPPED and len(run.session.upcoming) == 4  # the sad folder
    run.session.play()
    assert run.started()[0].emotion == "sad"


def test_a_new_mood_replans_only_what_comes_next():
    run = Run()
    run.session.set_detected_mood("happy", 0.9)
    playing = run.session.current.track
    run.clock.time += 5
    run.session.set_detected_mood("sad", 0.8)
    assert run.session.current.track == playing and run.session.state == PLAYING
    assert not run.of(EndEvent)
    assert {item.track.emotion for item in run.session.upcoming} == {"sad"}
    run.play_out(60)
    assert [e.why for e in run.of(EndEvent)] == ["finished"]
    assert run.started()[1].emotion == "sad"


def test_switching_on_mood_fades_to_the_new_mood():
    run = Run(switch_on_mood=True, fade_seconds=2.0)
    run.session.set_detected_mood("happy", 0.9)
    first = run.session.current.track
    run.clock.time += 10
    run.session.set_detected_mood("angry", 0.7)
    assert run.session.current.track == first  # fading out, not cut
    run.play_out(1.5)
    [end] = run.of(EndEvent)
    assert (end.track, end.why) == (first, "switched")
    assert run.session.current.track.emotion == "angry"


def test_switch_now_on_request():
    run = Run()
    run.session.set_detected_mood("happy", 0.9)
    run.session.set_detected_mood("fear", 0.6)
    run.session.switch_now()
    run.play_out(1.5)
    assert [e.why for e in run.of(EndEvent)] == ["switched"]
    assert run.session.current.track.emotion == "fear"


def test_a_drop_or_strategy_change_does_not_cut_the_song():
    run = Run()
    run.session.set_detected_mood("happy", 0.9)
    playing = run.session.current
    run.session.library_changed(LIBRARY + [song("happy", 9)])
    run.session.set_strategy("lift")
    run.session.set_strategy("steady")
    assert run.session.current == playing and not run.of(EndEvent)
    assert all(item.reason.startswith("steady") for item in run.session.upcoming)


def test_previous_walks_back_through_what_played():
    run = Run()
    run.session.set_detected_mood("happy", 0.9)
    run.play_out(121)  # two songs finish, the third starts
    first, second, third = run.started()
    assert run.session.current.track == third
    run.session.previous()
    assert run.session.current.track == second
    run.session.previous()
    assert run.session.current.track == first
    run.session.previous()  # nothing before the first: start it over
    assert run.session.current.track == first and run.session.position == 0
    run.session.next()
    assert run.session.current.track == second  # what was skipped back over comes again
    run.clock.time += 10
    run.session.previous()  # well into the song: back to its start
    assert run.session.current.track == second and run.session.position == 0


def test_no_immediate_repeat_when_the_queue_runs_out():
    three = [song("happy", n) for n in range(3)] + [song("sad", 0)]
    run = Run(tracks=three)
    run.session.set_detected_mood("happy", 0.9)
    run.play_out(60 * 12)
    played = [t.path for t in run.started()]
    assert len(played) >= 12
    assert all(a != b for a, b in zip(played, played[1:]))
    assert {t.emotion for t in run.started()} == {"happy"}


def test_lift_steps_toward_a_better_mood_song_by_song():
    run = Run(strategy="lift", queue_length=5)
    run.session.set_detected_mood("sad", 0.8)
    reasons = [run.session.current.reason] + [item.reason for item in run.session.upcoming]
    assert reasons[0].startswith("lift, step 1 of 5: from sad toward happy")
    assert reasons[4].startswith("lift, step 5 of 5")
    valence = [POINTS[item.track.emotion][0] for item in [run.session.current, *run.session.upcoming]]
    assert valence == sorted(valence) and valence[0] < 0 < valence[-1]


def test_nobody_in_view_keeps_the_music_and_a_manual_mood_wins():
    run = Run()
    run.session.set_detected_mood("happy", 0.9)
    plan = list(run.session.upcoming)
    run.session.set_detected_mood(NO_FACE)
    assert run.session.upcoming == plan and run.session.state == PLAYING
    run.session.set_manual_mood("angry")
    assert run.of(MoodEvent)[-1].source == "manual" and run.of(MoodEvent)[-1].confidence == 1.0
    assert {item.track.emotion for item in run.session.upcoming} == {"angry"}
    events = len(run.events)
    run.session.set_detected_mood("sad", 0.9)  # the hand-picked mood holds
    assert run.session.mood == "angry" and len(run.of(MoodEvent)) == len([e for e in run.events[:events] if isinstance(e, MoodEvent)])
    run.session.set_manual_mood(None)
    assert run.session.mood == "sad" and run.of(MoodEvent)[-1].source == "camera"


def test_nobody_in_view_keeps_planning_for_the_last_mood():
    run = Run(queue_length=3)
    run.session.set_detected_mood("sad", 0.9)
    run.session.set_detected_mood(NO_FACE)
    run.session.set_strategy("lift")
    assert run.session.upcoming[0].reason.startswith("lift, step 1 of 3: from sad")
    run.session.library_changed(LIBRARY)
    assert run.session.upcoming[0].reason.startswith("lift, step 1 of 3: from sad")


def test_a_paused_listener_is_not_overruled_by_a_mood():
    run = Run()
    run.session.set_detected_mood("happy", 0.9)
    run.session.pause()
    run.session.set_detected_mood("sad", 0.9)
    assert run.session.state == PAUSED
    run.session.stop()
    run.session.set_detected_mood("angry", 0.9)
    assert run.session.state == STOPPED
    run.session.play_pause()
    assert run.session.state == PLAYING and run.session.current.track.emotion == "angry"


def test_dislike_skips_and_never_plans_the_song_again():
    run = Run(queue_length=3)
    run.session.set_detected_mood("happy", 0.9)
    disliked = run.session.dislike_current()
    assert run.of(EndEvent)[-1].why == "skipped"
    run.play_out(60 * 10)
    assert disliked not in run.started()[1:]


def test_external_player_mode_stops_our_music_and_sends_keys():
    run = Run()
    run.session.set_detected_mood("happy", 0.9)
    sent = []
    run.session.set_external(sent.append)
    assert run.session.state == STOPPED and run.of(EndEvent)[-1].why == "skipped"
    run.session.set_detected_mood("sad", 0.9)
    run.session.play_pause()
    run.session.next()
    run.session.previous()
    assert sent == ["playpause", "next", "previous"] and run.session.state == STOPPED
    run.session.set_external(None)
    assert run.session.state == PLAYING


def test_an_empty_library_says_so():
    run = Run(tracks=[])
    run.session.set_detected_mood("happy", 0.9)
    run.session.play()
    assert run.session.state == STOPPED
    assert "no songs" in run.events[-1].text


def test_an_unplayable_file_is_skipped_with_a_message(tmp_path, real_recordings):
    broken = tmp_path / "broken.ogg"
    broken.write_text("not audio")
    broken_track = Track(str(broken), "happy", "broken", "", "", 60.0, False, 9, 0.0)
    real_track = Track(str(real_recordings[0]), "happy", "real", "", "", 60.0, False, 9, 0.0)
    events = []
    output = PygameOutput()
    try:
        session = ListeningSession(Recommender([broken_track], seed=3), output, on_event=events.append)
        session.set_manual_mood("happy")
        assert [(e.track, e.why) for e in events if isinstance(e, EndEvent)] == [(broken_track, "error")]
        assert any("cannot play broken" in getattr(e, "text", "") for e in events)
        assert session.current is None and output.state == STOPPED
        session.library_changed([broken_track, real_track])
        assert session.current.track == real_track and output.state == PLAYING
    finally:
        output.close()


def test_settings_refuse_an_unknown_strategy():
    with pytest.raises(ValueError, match="unknown strategy 'loud'"):
        SessionSettings(strategy="loud")


def test_next_plays_the_first_upcoming_song():
    run = Run()
    run.session.set_manual_mood("sad")
    for _ in range(3):
        upcoming = [item.track for item in run.session.upcoming]
        run.session.next()
        assert run.session.current.track == upcoming[0]
        assert [item.track for item in run.session.upcoming][: len(upcoming) - 1] == upcoming[1:]


@pytest.mark.parametrize("index", [0, 1, 2])
def test_any_upcoming_song_can_be_picked_the_others_stay(index):
    run = Run()
    run.session.set_manual_mood("happy")
    upcoming = [item.track for item in run.session.upcoming]
    run.session.play_upcoming(index)
    assert run.session.current.track == upcoming[index]
    assert [item.track for item in run.session.upcoming] == upcoming[:index] + upcoming[index + 1:]
    run.session.play_upcoming(len(run.session.upcoming))  # past the end: nothing changes
    assert run.session.current.track == upcoming[index]


def test_a_disliked_song_leaves_the_queue_and_only_it():
    run = Run()
    run.session.set_manual_mood("neutral")
    disliked = run.session.current.track
    run.session.upcoming.insert(2, run.session.current)  # the same song planned again later
    others = [item.track for item in run.session.upcoming if item.track != disliked]
    assert run.session.dislike_current() == disliked
    assert disliked not in [item.track for item in run.session.upcoming] and run.session.current.track != disliked
    assert [run.session.current.track] + [item.track for item in run.session.upcoming][: len(others) - 1] == others


def test_close_ends_the_song_as_interrupted_with_what_was_heard():
    run = Run()
    run.session.set_manual_mood("sad")
    run.play_out(10)
    song = run.session.current.track
    run.session.close(fade_seconds=0.05)
    end = run.of(EndEvent)[-1]
    assert (end.track, end.why, end.heard) == (song, "interrupted", pytest.approx(10.0, abs=0.5))
    assert run.session.current is None and run.session.state == STOPPED and run.session.history[-1].track == song
    run.session.set_manual_mood("happy")  # a closed session starts nothing by itself
    assert run.session.current is None and len(run.of(TrackEvent)) == 1


def test_close_with_nothing_playing_says_nothing_ended():
    run = Run()
    run.session.close()
    assert not run.of(EndEvent) and run.session.state == STOPPED


# ----- the exact events: times, endings, what was heard, fades (issue 37: each states one rule) -------------


class RecordingOutput(NullOutput):
    """The null output, remembering what it was asked to do."""

    def __init__(self, clock):
        super().__init__(clock=clock)
        self.calls = []

    def play(self, track, fade_in=0.0):
        self.calls.append(("play", track.path, fade_in))
        super().play(track, fade_in)

    def fade_out(self, seconds):
        self.calls.append(("fade_out", seconds))
        super().fade_out(seconds)


class Recorded(Run):
    def __init__(self, tracks=LIBRARY, **settings):
        super().__init__(tracks, **settings)
        self.output = RecordingOutput(self.clock)
        self.session.output = self.output

    def ends(self):
        return [(e.track.path, e.why, round(e.heard, 3)) for e in self.of(EndEvent)]


def test_every_event_carries_the_session_time_and_the_queue_as_it_is():
    from emosymphony.session import QueueEvent

    run = Recorded()
    run.clock.time += 2.5
    run.session.set_detected_mood("sad", 0.7)
    run.clock.time += 4.0
    run.session.next()
    assert run.session.now() == 6.5
    assert {e.time for e in run.events if not isinstance(e, (EndEvent, TrackEvent))} <= {2.5, 6.5}
    assert [e.time for e in run.of(TrackEvent)] == [2.5, 6.5] and [e.time for e in run.of(EndEvent)] == [6.5]
    last_queue = run.of(QueueEvent)[-1]
    assert last_queue.upcoming == tuple(run.session.upcoming) and last_queue.time == 6.5
    mood = run.of(MoodEvent)[0]
    assert (mood.mood, mood.source, mood.confidence) == ("sad", "camera", 0.7)


def test_each_way_a_song_ends_is_named_with_what_was_heard():
    run = Recorded()
    run.session.set_manual_mood("sad")
    first = run.session.current.track
    run.clock.time += 12.0
    run.session.next()  # skipped after 12 s
    second = run.session.current.track
    run.play_out(61)  # finished: the whole song counts as heard
    third = run.session.current.track
    run.clock.time += 1.0
    run.session.previous()  # back within its first seconds: skipped
    run.clock.time += 5.0
    run.session.play_upcoming(0)  # a pick from the queue: skipped
    assert run.ends()[:4] == [(first.path, "skipped", 12.0), (second.path, "finished", 60.0),
                              (third.path, "skipped", 2.0), (second.path, "skipped", 5.0)]


def test_a_switch_fades_out_over_half_the_fade_and_in_over_the_other_half():
    run = Recorded(fade_seconds=3.0)
    run.session.set_manual_mood("sad")
    playing = run.session.current.track
    run.clock.time += 10.0
    run.session.set_manual_mood("happy")
    run.session.switch_now()
    upcoming = run.session._switching_to.track
    assert run.output.calls[-1] == ("fade_out", 1.5) and run.session.state == PLAYING
    run.play_out(2.0)
    assert run.output.calls[-1] == ("play", upcoming.path, 1.5) and upcoming.emotion == "happy"
    assert run.ends() == [(playing.path, "switched", 11.5)]  # 10 s, then the 1.5 s fade (the first tick past it)


def test_an_unplayable_song_ends_as_an_error_heard_for_nothing_and_the_next_one_plays():
    from emosymphony.music.player import PlayerError

    run = Recorded()
    broken = {song("sad", 0).path, song("sad", 1).path}
    original = run.output.play

    def play(track, fade_in=0.0):
        if track.path in broken:
            raise PlayerError(f"cannot play {track.title}")
        original(track, fade_in)

    run.output.play = play
    run.session.set_manual_mood("sad")
    assert run.session.current.track.path not in broken and run.session.state == PLAYING
    errors = [(path, why, heard) for path, why, heard in run.ends() if why == "error"]
    assert {path for path, _, _ in errors} <= broken and all(heard == 0.0 for _, _, heard in errors)
    assert len(run.of(TrackEvent)) == 1  # only the song that played was announced


@pytest.mark.parametrize("call, message", [
    (lambda s: s.set_strategy("loud"), "unknown strategy 'loud'; expected one of match, lift, steady"),
    (lambda s: s.set_detected_mood("glee"), "unknown mood 'glee'"),
    (lambda s: s.set_detected_mood("happy", source="manual"), "a detected mood comes from the camera or a photo, not 'manual'"),
    (lambda s: s.set_manual_mood("glee"), "unknown emotion 'glee'"),
    (lambda s: SessionSettings(strategy="loud"), "unknown strategy 'loud'; expected one of match, lift, steady"),
])
def test_wrong_inputs_are_refused_with_the_choices(call, message):
    with pytest.raises(ValueError) as caught:
        call(Run().session)
    assert str(caught.value) == message


def test_a_new_session_follows_nobody_yet_and_plays_by_its_clock():
    clock = Clock()
    session = ListeningSession(Recommender(LIBRARY, seed=1), clock=clock)
    assert (session.detected, session.detected_source, session.detected_confidence) == (NO_FACE, "camera", 0.0)
    assert session.manual is None and session.upcoming == [] and session.history == [] and session.current is None
    assert session.mood == NO_FACE and session.source == "camera" and session.now() == 0.0
    session.set_detected_mood("happy")
    assert session.detected_confidence == 0.0
    clock.time += 61  # the default output is silent, and keeps the session's time
    session.tick()
    assert session.history and session.now() == 61


@pytest.mark.parametrize("event, expected", [
    (MoodEvent(1.23456, "happy", "camera", 0.123456),
     {"time": 1.235, "event": "mood", "mood": "happy", "source": "camera", "confidence": 0.1235}),
    (EndEvent(2.0004, song("sad", 1), "interrupted", 3.0),
     {"time": 2.0, "event": "end", "path": song("sad", 1).path, "why": "interrupted"}),
])
def test_events_as_json_round_their_numbers(event, expected):
    assert event.to_dict() == expected
