"""The listening session without Qt: the null output plays by a clock the tests move forward."""

import numpy as np
import pytest

from emosymphony import EMOTIONS, NO_FACE
from emosymphony.tracks import Track
from emosymphony.music.player import NullOutput, PAUSED, PLAYING, PygameOutput, STOPPED
from emosymphony.music.recommend import POINTS, Recommender
from emosymphony.events import EndEvent, MessageEvent, MoodEvent, TrackEvent
from emosymphony.session import ListeningSession
from emosymphony.settings import ListenerSettings


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

    def __init__(self, tracks=LIBRARY, queue_length=8, fade_seconds=2.0, generator=None, **settings):
        self.clock = Clock()
        self.events = []
        self.session = ListeningSession(
            Recommender(list(tracks), seed=1), NullOutput(clock=self.clock), ListenerSettings(**settings),
            self.events.append, self.clock, queue_length=queue_length, fade_seconds=fade_seconds, generator=generator,
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

    def play(self, track, fade_in=0.0, gain=1.0):
        self.calls.append(("play", track.path, fade_in))
        super().play(track, fade_in, gain)

    def fade_out(self, seconds):
        self.calls.append(("fade_out", seconds))
        super().fade_out(seconds)

    def finished(self):
        done = super().finished()
        if done:
            self.calls.append(("finished",))
        return done

    def stop(self):
        self.calls.append(("stop",))
        super().stop()


class Recorded(Run):
    def __init__(self, tracks=LIBRARY, **settings):
        super().__init__(tracks, **settings)
        self.output = RecordingOutput(self.clock)
        self.session.output = self.output

    def ends(self):
        return [(e.track.path, e.why, round(e.heard, 3)) for e in self.of(EndEvent)]


def test_every_event_carries_the_session_time_and_the_queue_as_it_is():
    from emosymphony.events import QueueEvent

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

    def play(track, fade_in=0.0, gain=1.0):
        if track.path in broken:
            raise PlayerError(f"cannot play {track.title}")
        original(track, fade_in, gain)

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


def test_nobody_in_view_plans_nothing_and_play_then_plays_neutral():
    run = Recorded()
    run.session.set_detected_mood(NO_FACE)
    assert run.session.upcoming == [] and not run.of(TrackEvent)
    run.session.play()
    assert run.session.current.track.emotion == "neutral" and run.session.current.reason.startswith("fits neutral")
    assert run.output.calls[0] == ("play", run.session.current.track.path, 0.0)  # no fade for a plain start


def test_the_same_mood_again_changes_nothing():
    run = Run()
    run.session.set_manual_mood("sad")
    events = len(run.events)
    run.session.set_manual_mood("sad")
    run.session.set_strategy("match")
    assert len(run.events) == events and len(run.of(MoodEvent)) == 1


def test_play_pause_toggles_and_play_after_stop_takes_the_first_upcoming():
    run = Run()
    run.session.set_manual_mood("sad")
    run.session.play_pause()
    assert run.session.state == PAUSED
    run.session.play_pause()
    assert run.session.state == PLAYING
    run.session.stop()
    first = run.session.upcoming[0].track
    run.session.play()
    assert run.session.current.track == first


def test_another_player_hears_each_transport_word_and_the_listener_is_told():
    from emosymphony.events import MessageEvent

    run = Run()
    run.session.set_manual_mood("sad")
    sent = []
    run.session.set_external(sent.append)
    for action in (run.session.play_pause, run.session.play, run.session.next, run.session.previous):
        action()
    assert sent == ["playpause", "playpause", "next", "previous"] and run.session.current is None
    assert run.of(MessageEvent)[-1].text == ("Controlling another player with media keys; Emotion Symphony's own "
                                             "player is stopped")
    run.session.set_external(None)
    assert run.session.state == PLAYING  # back: the music starts again by itself


@pytest.mark.parametrize("action", ["next", "play_upcoming", "return from another player"])
def test_after_a_transport_action_music_starts_again_by_itself_when_songs_arrive(action):
    only = song("sad", 0, duration=10.0)
    run = Run(tracks=[only])
    run.session.set_manual_mood("sad")
    run.session.stop()
    if action == "next":
        run.session.next()
    elif action == "play_upcoming":
        run.session.upcoming = [run.session.recommender.plan("sad", length=1)[0]]
        run.session.play_upcoming(0)
    else:
        run.session.set_external(lambda _: None)
        run.session.set_external(None)
    assert run.session.current.track == only
    run.play_out(11)  # it ends, and nothing else is left
    assert run.session.current is None
    run.session.library_changed([only, song("sad", 1)])
    assert run.session.state == PLAYING  # the listener had asked for music: it goes on when songs arrive


def test_the_last_song_ending_leaves_silence_and_says_why():
    from emosymphony.events import MessageEvent

    only = song("sad", 0, duration=10.0)
    run = Run(tracks=[only])
    run.session.set_manual_mood("sad")
    run.play_out(11)
    assert run.session.current is None and run.session.history[-1].track == only
    assert [(e.track, e.why) for e in run.of(EndEvent)] == [(only, "finished")]
    assert run.of(MessageEvent)[-1].text == "Nothing left to play: add songs to the music folders"


def test_previous_goes_back_until_three_seconds_then_restarts():
    run = Recorded()
    run.session.set_manual_mood("sad")
    first = run.session.current.track
    run.session.next()
    second = run.session.current.track
    run.clock.time += 3.0  # exactly three seconds in: still back to the song before
    run.session.previous()
    assert run.session.current.track == first and run.session.upcoming[0].track == second
    run.clock.time += 3.5
    run.session.previous()  # past three seconds: the song starts again
    assert run.session.current.track == first and run.output.calls[-1] == ("play", first.path, 0.0)


@pytest.mark.parametrize("action", ["next", "previous", "play_upcoming"])
def test_a_transport_action_during_a_switch_ends_the_switch(action):
    run = Recorded()
    run.session.set_manual_mood("sad")
    run.session.next()
    run.clock.time += 5
    run.session.set_manual_mood("happy")
    run.session.switch_now()
    getattr(run.session, action)(*([0] if action == "play_upcoming" else []))
    chosen = run.session.current.track
    run.play_out(3)
    assert run.session.current.track == chosen and not [e for e in run.of(EndEvent) if e.why == "switched"]


def test_a_switch_while_paused_resumes_the_song_instead():
    happy = song("happy", 0)
    run = Recorded(tracks=[song("sad", n) for n in range(3)] + [happy])
    run.session.set_manual_mood("sad")
    paused = run.session.current.track
    run.session.pause()
    run.session.set_manual_mood("happy")
    run.session.switch_now()
    assert run.session.state == PLAYING and run.session.current.track == paused
    run.session.switch_now()  # now playing: it fades to the first (here the only) upcoming song
    assert run.session._switching_to.track == happy


def test_a_disliked_song_is_named_in_the_message():
    from emosymphony.events import MessageEvent

    run = Run()
    run.session.set_manual_mood("sad")
    track = run.session.current.track
    run.session.dislike_current()
    assert f"Will not play {track.display_name} again" in [e.text for e in run.of(MessageEvent)]


def test_a_song_that_cannot_be_restarted_says_why():
    from emosymphony.music.player import PlayerError
    from emosymphony.events import MessageEvent

    run = Recorded()
    run.session.set_manual_mood("sad")
    run.clock.time += 10

    def refuse(track, fade_in=0.0, gain=1.0):
        raise PlayerError(f"cannot play {track.title}: gone")

    run.output.play = refuse
    run.session.previous()
    assert run.of(MessageEvent)[-1].text == f"cannot play {run.session.current.track.title}: gone"


def test_unplayable_songs_end_as_errors_in_order_and_are_not_remembered():
    from emosymphony.music.player import PlayerError

    library = [song("sad", n) for n in range(4)]
    run = Recorded(tracks=library)
    original = run.output.play
    tried = []

    def play(track, fade_in=0.0, gain=1.0):
        tried.append(track)
        if len(tried) < 3:  # the first two songs tried cannot be played
            raise PlayerError(f"cannot play {track.title}")
        original(track, fade_in, gain)

    run.output.play = play
    run.session.set_manual_mood("sad")
    assert run.session.current.track == tried[2] and len(set(tried)) == 3
    assert run.ends() == [(tried[0].path, "error", 0.0), (tried[1].path, "error", 0.0)]
    assert run.session.history == [] and len(run.of(TrackEvent)) == 1


def test_close_fades_to_silence_before_it_stops_and_without_a_fade_stops_at_once():
    import time as real_time

    from emosymphony.session import ListeningSession

    session = ListeningSession(Recommender(LIBRARY, seed=1), clock=real_time.monotonic)
    output = RecordingOutput(real_time.monotonic)
    session.output = output
    session.set_manual_mood("sad")
    session.close(fade_seconds=0.2)
    assert [call[0] for call in output.calls[1:]] == ["fade_out", "finished", "stop"]
    assert output.calls[1] == ("fade_out", 0.2)
    quiet = Recorded()
    quiet.session.set_manual_mood("sad")
    quiet.session.close()
    assert [call[0] for call in quiet.output.calls[1:]] == ["stop"]
    assert quiet.of(EndEvent)[-1].time == quiet.session.now()


# ----- generated music (issue #34) ---------------------------------------------------------------------


@pytest.fixture
def generator():
    """The real generated music (FluidSynth and Debian's SoundFont); each made one is kept to look at."""
    from emosymphony.music.generate.stream import GeneratedMusic
    from emosymphony.music.generate.synth import GenerationUnavailable, find_soundfont

    try:
        find_soundfont()
    except GenerationUnavailable as error:
        pytest.skip(str(error))
    made = []

    def make(start):
        made.append(GeneratedMusic(start, seed=4))
        return made[-1]

    make.made = made
    yield make
    for music in made:
        music.close()


FULL = [song(e, n) for e in EMOTIONS for n in range(5)]


def test_a_thin_folder_plays_its_songs_then_generated_music_and_songs_take_over_when_they_arrive(generator):
    thin = [t for t in FULL if t.emotion != "fear"] + [song("fear", n) for n in range(2)]
    run = Run(thin, generator=generator)
    run.session.set_detected_mood("fear", 0.9)
    planned = [i.track.path for i in [run.session.current, *run.session.upcoming]]
    assert sorted(planned[:2]) == ["/music/fear/fear-0.ogg", "/music/fear/fear-1.ogg"] and planned[2:] == ["generated:fear"]
    run.play_out(125)  # both songs (60 s each) end; generated music follows, and never ends by itself
    assert run.session.generating and run.session.current.track.path == "generated:fear"
    assert run.session.current.reason == "following fear"
    assert run.session.music is generator.made[0]
    assert run.session.music.target == POINTS["fear"]
    run.play_out(600)
    assert run.session.generating  # ten minutes on: no song boundary

    run.session.library_changed(FULL)  # the folder has five songs now: the music fades to them
    run.play_out(3)
    assert run.session.current.track.emotion == "fear" and not run.session.current.track.generated
    ends = run.of(EndEvent)
    assert ends[-1].track.path == "generated:fear" and ends[-1].why == "switched"
    assert ends[-1].heard == pytest.approx(600 + 125 - 120 + 1, abs=2)  # heard from its start to the fade


def test_an_empty_folder_gets_generated_music_at_once_and_a_new_mood_glides_in_without_a_break(generator):
    run = Run([t for t in FULL if t.emotion not in ("sad", "angry")], generator=generator)
    run.session.set_detected_mood("sad", 0.9)
    assert run.session.current.track.path == "generated:sad"
    music = run.session.music
    run.play_out(30)
    run.session.set_detected_mood("angry", 0.9)  # another thin mood: the same music goes on, steered there
    assert run.session.current.track.path == "generated:angry" and run.session.music is music
    assert len(generator.made) == 1 and music.target == POINTS["angry"]
    assert [(e.track.path, e.why) for e in run.of(EndEvent)] == [("generated:sad", "switched")]
    assert run.of(EndEvent)[0].heard == pytest.approx(30, abs=1)
    assert [e.item.track.path for e in run.of(TrackEvent)] == ["generated:sad", "generated:angry"]
    run.session.set_detected_mood("happy", 0.9)  # a full folder: fades to its songs
    run.play_out(3)
    assert run.session.current.track.emotion == "happy" and not run.session.generating


def test_lift_moves_generated_music_from_the_mood_toward_its_goal_over_time(generator):
    run = Run([], generator=generator, strategy="lift")
    run.session.set_detected_mood("sad", 0.9)
    assert run.session.current.reason == "following sad, lifting toward happy"
    assert run.session.music.target == pytest.approx(POINTS["sad"])  # starts where the listener is
    targets = []
    for _ in range(4):
        run.play_out(60)
        targets.append(run.session.music.target)
    distances = [np.hypot(v - POINTS["happy"][0], a - POINTS["happy"][1]) for v, a in targets]
    assert all(b < a for a, b in zip(distances, distances[1:])) and distances[-1] < 0.05
    assert run.session.describe_generated() == "Generated · following sad, lifting toward happy"  # nothing rendered yet


def test_generate_music_always_when_chosen_and_back_to_songs_when_not(generator):
    run = Run(FULL, generator=generator)
    run.session.set_detected_mood("happy", 0.9)
    assert not run.session.generating
    run.session.set_generate(True)
    run.play_out(3)  # the song fades to generated music
    assert run.session.generating and run.session.current.track.path == "generated:happy"
    run.session.set_generate(False)
    run.play_out(3)
    assert not run.session.generating and run.session.current.track.emotion == "happy"


def test_without_a_soundfont_the_player_says_so_once_and_plays_songs(monkeypatch, tmp_path):
    from emosymphony.core import generated_music

    monkeypatch.setenv("EMOSYMPHONY_SOUNDFONT", str(tmp_path / "missing.sf2"))
    run = Run([t for t in FULL if t.emotion != "sad"], generator=generated_music)
    run.session.set_detected_mood("sad", 0.9)
    messages = [e.text for e in run.events if isinstance(e, MessageEvent)]
    assert len(messages) == 1 and "generated music is not available: no SoundFont at" in messages[0]
    assert run.session.current is not None and not run.session.current.track.generated  # the nearest songs instead
    run.session.set_detected_mood("fear", 0.9)
    run.play_out(200)
    assert len([e for e in run.events if isinstance(e, MessageEvent)]) == 1


def test_previous_restarts_generated_music_and_a_paused_listener_stays_paused(generator):
    run = Run([t for t in FULL if t.emotion != "sad"], generator=generator)
    run.session.set_detected_mood("sad", 0.9)
    run.play_out(10)
    run.session.previous()  # ten seconds in: back to the start of the generated music
    assert run.session.generating and run.session.position < 1 and len(generator.made) == 1
    assert not [e for e in run.events if isinstance(e, MessageEvent)]
    run.session.pause()
    run.session.library_changed(FULL)  # songs arrive while paused: nothing starts by itself
    run.play_out(5)
    assert run.session.state == PAUSED and run.session.current.track.generated


def test_a_mood_picked_by_hand_crossfades_now_and_a_camera_mood_waits_for_the_song():
    run = Run()
    run.session.set_detected_mood("angry", 0.9)
    playing = run.session.current
    run.session.set_detected_mood("sad", 0.9)  # the camera: the angry song plays on
    assert run.session.current == playing and run.session.state == PLAYING
    run.session.set_manual_mood("happy")  # by hand: a fade to happy music at once
    run.play_out(2)
    assert run.session.current.track.emotion == "happy"
    assert [e.why for e in run.of(EndEvent)] == ["switched"]


def test_the_session_says_which_mood_waits_for_the_song_to_end():
    run = Run()
    run.session.set_detected_mood("angry", 0.9)
    assert run.session.waiting_mood is None
    run.session.set_detected_mood("sad", 0.9)
    assert run.session.waiting_mood == "sad"
    run.play_out(61)  # the angry song ends; sad music plays
    assert run.session.current.track.emotion == "sad" and run.session.waiting_mood is None


def test_the_music_fades_when_nobody_is_in_view_and_comes_back_where_it_was():
    run = Run(away_seconds=10.0, back_seconds=2.0)
    run.session.set_detected_mood("happy", 0.9)
    song = run.session.current
    run.play_out(20)
    run.session.set_detected_mood(NO_FACE)
    run.play_out(9)
    assert run.session.state == PLAYING and not run.session.away  # not yet: 10 s
    run.play_out(4)  # gone for longer than 10 s: the song fades out and waits
    assert run.session.away and run.session.state == STOPPED and run.session.current == song
    assert not run.of(EndEvent)  # the song is not over
    run.play_out(30)
    assert run.session.state == STOPPED and run.session.current == song
    run.session.set_detected_mood("happy", 0.8)
    run.play_out(1)
    assert run.session.away  # a face for 1 s is not yet a return
    run.play_out(1.5)
    assert not run.session.away and run.session.state == PLAYING and run.session.current == song
    assert run.session.position == pytest.approx(30, abs=1.5)  # where it faded (about 30 s in)
    assert not run.of(EndEvent)


def test_pause_when_away_can_be_off_and_a_hand_picked_mood_keeps_playing():
    run = Run(pause_when_away=False)
    run.session.set_detected_mood("sad", 0.9)
    run.session.set_detected_mood(NO_FACE)
    run.play_out(30)
    assert run.session.state == PLAYING and not run.session.away
    run = Run()
    run.session.set_manual_mood("sad")
    run.session.set_detected_mood(NO_FACE)
    run.play_out(30)
    assert run.session.state == PLAYING and not run.session.away


def test_five_songs_are_enough_for_a_folder_and_four_are_thin(generator):
    five = Run(FULL, generator=generator)
    five.session.set_detected_mood("sad", 0.9)
    assert not any(i.track.generated for i in five.session.upcoming)
    four = Run([t for t in FULL if t.path != "/music/sad/sad-4.ogg"], generator=generator)
    four.session.set_detected_mood("sad", 0.9)
    assert [i.track.path for i in four.session.upcoming][-1] == "generated:sad"


def test_a_camera_that_stops_is_not_a_listener_who_left():
    run = Run()
    run.session.set_detected_mood("happy", 0.9)
    run.session.camera_stopped()
    assert run.session.mood == NO_FACE
    run.play_out(40)
    assert run.session.state == PLAYING and not run.session.away
