"""The listening session: the one place that decides what plays, when, and why. No Qt.

Inputs: moods (camera, photo, or chosen by hand), the strategy, library changes and the listener's
transport actions. `tick()` asks the audio output whether the song has ended; a shell calls it a few
times a second (the window from a timer, `emosymphony listen` from its loop), always from one thread.
Outputs: events (`on_event`) and the state they describe (`mood`, `current`, `upcoming`, `history`).

Rules:
- the first known mood starts music when nothing plays (unless autoplay is off, or the listener
  paused or stopped it);
- a new mood, strategy or library re-plans only the upcoming songs: the current song finishes,
  unless "switch songs when my mood changes" is on, or the listener asks to switch now, or picks the
  mood by hand (a fade of about `fade_seconds`);
- Previous walks back through what actually played; at the end of the queue the next plan starts
  without repeating what just played;
- in external-player mode the session's own playback stops and the transport goes to another
  player (media keys);
- generated music (music/generate/) plays for a mood whose folder holds fewer than THIN_FOLDER songs, or
  always when the listener chose it: it follows the mood live, with no song boundaries (a new mood glides in
  over a few bars, and lift moves it toward the goal over LIFT_SECONDS); when songs arrive it fades to them;
- when the camera has seen nobody for `away_seconds` (and the listener wants it), the music fades out and the
  song waits at its place; `back_seconds` of a face in view bring it back there.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Callable

from .emotions import EMOTIONS, NO_FACE
from .errors import EmosymphonyError
from .events import EndEvent, MessageEvent, MoodEvent, QueueEvent, SessionEvent, TrackEvent
from .music.loudness import level_gain
from .music.player import PAUSED, PLAYING, STOPPED, AudioOutput, NullOutput, PlayerError
from .music.recommend import LIFT_TARGET, POINTS, Recommender
from .settings import STRATEGIES, ListenerSettings
from .tracks import QueueItem, Track, generated_track

if TYPE_CHECKING:
    from .music.generate.stream import GeneratedMusic

DETECTED_SOURCES = ("camera", "photo")
"""Where a detected mood comes from (a mood chosen by hand has the source "manual")."""
RESTART_AFTER_SECONDS = 3.0
"""Previous restarts the current song once this far into it, else goes back one song."""
THIN_FOLDER = 5
"""A mood whose folder has fewer songs than this gets generated music (when it can be generated)."""
LIFT_SECONDS = 240.0
"""How long generated music takes to lift (or steady) the listener's mood to its goal."""
AWAY_LOOK_SECONDS = 1.0
"""Seconds between looks at the camera while the music waits for a listener who left: enough to notice the return."""


class ListeningSession:
    """What plays next and why; call its methods and `tick()` from one thread."""

    def __init__(
        self,
        recommender: Recommender,
        output: AudioOutput | None = None,
        settings: ListenerSettings | None = None,
        on_event: Callable[[SessionEvent], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        queue_length: int = 8,
        fade_seconds: float = 2.0,
        generator: Callable[[tuple[float, float]], "GeneratedMusic"] | None = None,
    ):
        """`settings`: the listener's (strategy, autoplay, switch on mood), read at each decision; `fade_seconds`:
        length of a switch (the old song fades out over half of it, the new one fades in over the other half);
        `generator`: makes generated music starting at a (valence, arousal) point (GenerationUnavailable when it
        cannot; None: no generated music)."""
        self.recommender = recommender
        self.output: AudioOutput = output or NullOutput(clock=clock)
        self.settings = settings or ListenerSettings()
        self.queue_length, self.fade_seconds = queue_length, fade_seconds
        self.loudness: dict[str, float] = {}
        """Each song's loudness in LUFS by path, where it was measured (the shell's analysis)."""
        self.on_event = on_event or (lambda event: None)
        self._clock = clock
        self._start_time = clock()
        self.detected, self.detected_source, self.detected_confidence = NO_FACE, "camera", 0.0
        self.manual: str | None = None
        self.current: QueueItem | None = None
        self.upcoming: list[QueueItem] = []
        self.history: list[QueueItem] = []
        self._planned_for: tuple[str, str] | None = None
        self._switching_to: QueueItem | None = None
        self._switch_began = (0.0, 0.0)
        """(position in the song, session time) when the fade of a switch began."""
        self._held = False
        self._external: Callable[[str], None] | None = None
        self._generator = generator
        self.music: GeneratedMusic | None = None
        """The generated music, once it has played."""
        self._mood_since = 0.0
        self.resume_at: tuple[str, float] | None = None
        """The song and position the last run ended on: the first song to play, from there (then cleared)."""
        self.away = False
        """The music faded out because nobody is in view (a shell looks at the camera less often meanwhile)."""
        self._nobody_since: float | None = None
        self._back_since: float | None = None
        self._away_position = 0.0
        self._current_began = 0.0
        self._current_mood = "neutral"

    # ----- state ------------------------------------------------------------------------------

    @property
    def mood(self) -> str:
        """The mood the music follows: the one chosen by hand, else the detected one (may be NO_FACE)."""
        return self.manual or self.detected

    @property
    def source(self) -> str:
        return "manual" if self.manual else self.detected_source

    @property
    def state(self) -> str:
        """STOPPED, PLAYING or PAUSED (a song fading out for a switch counts as playing)."""
        return PLAYING if self._switching_to is not None else self.output.state

    @property
    def position(self) -> float:
        return self.output.position if self.current else 0.0

    @property
    def external(self) -> bool:
        return self._external is not None

    def now(self) -> float:
        """Seconds since the session started (the time of its events)."""
        return self._clock() - self._start_time

    @property
    def waiting_mood(self) -> str | None:
        """The mood the next songs are planned for, while the song playing now, planned for another mood, finishes
        first (None when nothing waits)."""
        if self.current is None or self.current.track.generated or self._planned_for is None or self.state != PLAYING:
            return None
        return self._planned_for[0] if self._planned_for[0] != self._current_mood else None

    def look_interval(self, usual: float) -> float:
        """Seconds between looks at the camera: `usual`, or AWAY_LOOK_SECONDS while the music waits for the listener."""
        return max(usual, AWAY_LOOK_SECONDS) if self.away else usual

    @property
    def generating(self) -> bool:
        """Whether generated music plays now."""
        return self.current is not None and self.current.track.generated and self.output.state != STOPPED

    def describe_generated(self) -> str:
        """What the generated music is doing, e.g. "Generated · D Dorian, 72 bpm · following sad, lifting toward
        happy" (empty when it does not play)."""
        if not self.generating or self.music is None:
            return ""
        playing = self.music.describe()
        return " · ".join(part for part in ("Generated", playing, self.current.reason) if part)

    # ----- inputs: mood, strategy, library ----------------------------------------------------------

    def set_detected_mood(self, mood: str, confidence: float = 0.0, source: str = "camera") -> None:
        """A mood seen by the camera or in a photo (NO_FACE when nobody is in view)."""
        if mood not in EMOTIONS and mood != NO_FACE:
            raise ValueError(f"unknown mood {mood!r}")
        if source not in DETECTED_SOURCES:
            raise ValueError(f"a detected mood comes from the camera or a photo, not {source!r}")
        before = (self.mood, self.source)
        self.detected, self.detected_source, self.detected_confidence = mood, source, confidence
        if source == "camera":
            if mood == NO_FACE:
                self._nobody_since = self._nobody_since if self._nobody_since is not None else self.now()
                self._back_since = None
            else:
                self._nobody_since = None
                if self.away and self._back_since is None:
                    self._back_since = self.now()
        self._mood_input_changed(before)

    def camera_stopped(self) -> None:
        """The camera ended, failed or was turned off: its mood is no longer known, and nobody is taken to have left
        (the music goes on; music already waiting for the listener waits for Play)."""
        if self.detected_source != "camera":
            return
        self.set_detected_mood(NO_FACE)
        self._nobody_since = None

    def set_manual_mood(self, mood: str | None) -> None:
        """Follow a mood chosen by hand; None returns to the detected mood."""
        if mood is not None and mood not in EMOTIONS:
            raise ValueError(f"unknown emotion {mood!r}")
        before = (self.mood, self.source)
        self.manual = mood
        self._mood_input_changed(before)

    def set_strategy(self, strategy: str) -> None:
        """Match, lift or steady; re-plans the upcoming songs only."""
        if strategy not in STRATEGIES:
            raise ValueError(f"unknown strategy {strategy!r}; expected one of {', '.join(STRATEGIES)}")
        if strategy != self.settings.strategy:
            self.settings.strategy = strategy
            self._mood_since = self.now()
            self._replan()
            self._follow_generated()

    def set_generate(self, always: bool) -> None:
        """Generated music all the time (True), or only for a mood with too few songs. The listener's own choice:
        a playing song fades to generated music at once, and generated music to songs."""
        if always != self.settings.generate:
            self.settings.generate = always
            self._replan(force=self._planned_for is not None)
            if self.generating:
                self._follow_generated()
            elif always and self.output.state == PLAYING:
                self._switch()

    def library_changed(self, tracks: list[Track]) -> None:
        """A new scan of the library: re-plans the upcoming songs (the current one plays on)."""
        self.recommender.set_tracks(tracks)
        self.recommender.unplayable.clear()
        self._replan(force=self._planned_for is not None)
        self._follow_generated()
        self._autoplay()

    # ----- inputs: the listener's transport ------------------------------------------------------------

    def play_pause(self) -> None:
        if self._send_external("playpause"):
            return
        self.pause() if self.state == PLAYING else self.play()

    def play(self) -> None:
        """Resume, or start the first upcoming song (planning for the mood, or neutral, if none is planned)."""
        if self._send_external("playpause"):
            return
        self._held = False
        if self.away:
            self._come_back()
            return
        if self.output.state == PAUSED:
            self.output.resume()
            return
        if self.state == PLAYING:
            return
        if self._resume():
            return
        if not self.upcoming:
            self._replan(force=True)
        if not self.upcoming:
            self._message("Nothing to play: the music folders have no songs yet")
            return
        self._start(self.upcoming.pop(0), "skipped")
        self._queue_changed()

    def pause(self) -> None:
        self._held = True
        if self._switching_to is not None:
            self._finish_switch()
        self.output.pause()

    def stop(self) -> None:
        """Stop the song; it counts as skipped, and autoplay waits until the listener plays again."""
        self._held = True
        self._switching_to = None
        if self.current is not None:
            self._end_current("skipped")
            self.history.append(self.current)
            self.current = None
        self.output.stop()

    def next(self) -> None:
        """Skip to the next upcoming song."""
        if self._send_external("next"):
            return
        self._switching_to = None
        self._held = False
        self._advance("skipped")

    def previous(self) -> None:
        """Back to the start of the song, or (in its first seconds) to the song that played before it."""
        if self._send_external("previous"):
            return
        if self.current is not None and (self.position > RESTART_AFTER_SECONDS or not self.history):
            self._held = False
            self._switching_to = None
            self._restart()
            return
        if not self.history:
            return
        self._held = False
        self._switching_to = None
        back = self.history.pop()
        if self.current is not None:
            self.upcoming.insert(0, self.current)
        self._start(back, "skipped", remember=False)
        self._queue_changed()

    def play_upcoming(self, index: int) -> None:
        """Play the upcoming song at `index` now; the others stay upcoming."""
        if not 0 <= index < len(self.upcoming):
            return
        self._held = False
        self._switching_to = None
        item = self.upcoming.pop(index)
        self._start(item, "skipped")
        self._queue_changed()

    def switch_now(self) -> None:
        """Fade from the current song to the first upcoming one, planned afresh for the mood now."""
        self._replan(force=True)
        self._switch()

    def seek(self, seconds: float) -> None:
        if self.current is None:
            return
        try:
            self.output.seek(seconds)
        except PlayerError as error:
            self._message(str(error))

    def dislike_current(self) -> Track | None:
        """Skip the current song and leave it out of every plan from now on; returns it."""
        if self.current is None:
            return None
        track = self.current.track
        try:
            self.recommender.dislike(track)
        except EmosymphonyError as error:  # the memory cannot take it now: skipped this once, and said why
            self._message(f"{error}; {track.display_name} is skipped this time only")
        else:
            self.upcoming = [item for item in self.upcoming if item.track.path != track.path]
            self._message(f"Will not play {track.display_name} again")
        self.next()
        return track

    def like_current(self, liked: bool = True) -> Track | None:
        """The listener likes the current song (in the mood it plays for), or (`liked` False) no longer does;
        returns it."""
        if self.current is None:
            return None
        track = self.current.track
        try:
            if liked:
                self.recommender.taste.like(track, self._plan_mood())
                self._message(f"Liked {track.display_name}")
            else:
                self.recommender.taste.unlike(track.path)
                self._message(f"No longer liked: {track.display_name}")
        except EmosymphonyError as error:  # the memory cannot take it now: said, and the music goes on
            self._message(str(error))
        return track

    def set_external(self, send: Callable[[str], None] | None) -> None:
        """Control another player with `send(action)` (media keys) instead of playing here; None returns."""
        self._external = send
        if send is not None:
            self.stop()
            self._message("Controlling another player with media keys; Emotion Symphony's own player is stopped")
        else:
            self._held = False
            self._autoplay()

    # ----- time --------------------------------------------------------------------------------------

    def tick(self) -> None:
        """Notice a song that has ended (or a finished fade) and start the next one; steer generated music; fade out
        when nobody has been in view long enough, and come back."""
        if self.generating:
            self._steer()
        if self._nobody_for_long():
            self._go_away()
        elif self.away and self._back_since is not None and self.now() - self._back_since >= self.settings.back_seconds:
            self._come_back()
        if not self.output.finished() or self.away:
            return
        if self._switching_to is not None:
            self._finish_switch()
        elif self.current is not None:
            self._advance("finished")

    def close(self, fade_seconds: float = 0.0) -> None:
        """End the session: the current song fades out over `fade_seconds` (at most), ends as "interrupted"
        (which teaches nothing about it), and the output is closed."""
        heard = self.output.position
        if fade_seconds > 0 and self.output.state == PLAYING:
            self.output.fade_out(fade_seconds)
            deadline = time.monotonic() + fade_seconds + 0.1  # real time: the session's clock may be a test's
            while not self.output.finished() and time.monotonic() < deadline:
                time.sleep(0.02)
        self._held = True
        self._switching_to = None
        if self.current is not None:
            self.on_event(EndEvent(self.now(), self.current.track, "interrupted", heard))
            self.history.append(self.current)
            self.current = None
        self.output.stop()
        self.output.close()
        if self.music is not None:
            self.music.close()
            self.music = None

    # ----- the rules ----------------------------------------------------------------------------------

    def _resume(self) -> bool:
        """Start the song the last run ended on, from where it was (once); whether it did."""
        if self.resume_at is None or self.current is not None:
            return False
        path, position = self.resume_at
        self.resume_at = None
        track = next((t for t in self.recommender.tracks if t.path == path and t.path not in self.recommender.unplayable), None)
        if track is None:
            return False
        self._start(QueueItem(track, "where you left off"), "skipped")
        if self.current is not None and self.current.track is track and position > 1.0:
            self.seek(position)
        return self.current is not None

    def _nobody_for_long(self) -> bool:
        return (self.settings.pause_when_away and not self.away and self.manual is None and self._nobody_since is not None
                and self.now() - self._nobody_since >= self.settings.away_seconds
                and self.output.state == PLAYING and self.current is not None and self._external is None)

    def _go_away(self) -> None:
        """Fade out; the song keeps its place (no end is told: it is not over)."""
        self.away, self._back_since = True, None
        self._away_position = self.output.position
        if self._switching_to is not None:  # a switch under way: the new song is the one that waits
            self.current, self._switching_to, self._away_position = self._switching_to, None, 0.0
        self.output.fade_out(self.fade_seconds)
        self._message("Nobody in view: the music fades out, and comes back when you do")

    def _come_back(self) -> None:
        """Play the waiting song again from where it faded."""
        self.away, self._back_since = False, None
        if self.current is None:
            return
        try:
            self._sound(self.current, self.fade_seconds / 2)
            if not self.current.track.generated and self._away_position > 1.0:
                self.output.seek(self._away_position)
        except PlayerError as error:
            self._message(str(error))

    def _mood_input_changed(self, before: tuple[str, str]) -> None:
        if (self.mood, self.source) == before:
            return
        confidence = 1.0 if self.manual else self.detected_confidence
        self.on_event(MoodEvent(self.now(), self.mood, self.source, confidence))
        if self.mood == NO_FACE:
            return  # nobody in view: the music goes on as planned
        self._mood_since = self.now()
        asked = self.source == "manual"  # a mood picked by hand is heard at once, whatever the switching setting
        if self._replan() and (self.settings.switch_on_mood or asked) and self.output.state == PLAYING and not self.generating:
            self._switch()
        else:
            self._follow_generated()
        self._autoplay()

    def _plan_mood(self) -> str:
        """The mood to plan for: the one followed now, else (nobody in view) the one planned last, else neutral."""
        if self.mood in EMOTIONS:
            return self.mood
        return self._planned_for[0] if self._planned_for else "neutral"

    def _replan(self, force: bool = False) -> bool:
        """Plan the upcoming songs for the mood and strategy now; returns whether the plan changed."""
        if self.mood == NO_FACE and not force and self._planned_for is None:
            return False
        key = (self._plan_mood(), self.settings.strategy)
        if not force and key == self._planned_for and self.upcoming:
            return False
        self._planned_for = key
        self.upcoming = self._plan(*key)
        self._queue_changed()
        return True

    def _plan(self, mood: str, strategy: str) -> list[QueueItem]:
        """Songs for the mood and strategy; with generated music available, it plays always (when chosen), or
        after the few songs of a thin folder (for lift and steady: of a thin library), and instead of the
        nearest songs of other folders for an empty one."""
        playing = frozenset(i.track.path for i in (self.current, self._switching_to) if i is not None)
        songs = self.recommender.plan(mood, strategy, length=self.queue_length, exclude=playing)
        if self._generator is None:
            return songs
        generated = QueueItem(generated_track(mood), self._generated_reason(mood, strategy))
        if self.settings.generate:
            return [generated]
        available = [t for t in self.recommender.tracks if t.path not in self.recommender.unplayable]
        if strategy == "match":
            own = [t for t in available if t.emotion == mood]
            if len(own) < THIN_FOLDER:
                return [item for item in songs if item.track.emotion == mood] + [generated]
        elif len(available) < THIN_FOLDER:
            return songs + [generated]
        return songs

    @staticmethod
    def _generated_reason(mood: str, strategy: str) -> str:
        goal = {"match": mood, "steady": "calm", "lift": LIFT_TARGET[mood]}[strategy]
        if goal == mood:
            return f"following {mood}"
        return f"following {mood}, {'lifting' if strategy == 'lift' else 'steadying'} toward {goal}"

    def _follow_generated(self) -> None:
        """While generated music plays: a plan of generated music carries on without a break (a new pseudo-track
        for a new mood), and a plan of songs fades to them (generated music has no end to wait for)."""
        if not self.generating or not self.upcoming or self._switching_to is not None or self.output.state == PAUSED:
            return  # (paused: the listener's pause holds; the new plan waits for Play)
        if self.upcoming[0].track.generated:
            if self.upcoming[0] != self.current:
                self._start(self.upcoming.pop(0), "switched", carry_on=True)
                self._queue_changed()
            else:
                self.upcoming.pop(0)
            self._steer()
        else:
            self._switch()

    def _target(self) -> tuple[float, float]:
        """Where generated music should be now: the mood's point, or on the way from it to the goal."""
        mood, strategy = self._plan_mood(), self.settings.strategy
        goal = {"match": mood, "steady": "calm", "lift": LIFT_TARGET[mood]}[strategy]
        (v0, a0), (v1, a1) = POINTS[mood], POINTS[goal]
        progress = min(1.0, max(0.0, (self.now() - self._mood_since) / LIFT_SECONDS))
        return v0 + (v1 - v0) * progress, a0 + (a1 - a0) * progress

    def _steer(self) -> None:
        if self.music is not None:
            self.music.steer(*self._target())

    def _autoplay(self) -> None:
        if (
            self.settings.autoplay
            and not self._held
            and self._external is None
            and self.current is None
            and self.mood in EMOTIONS
        ):
            if self._resume():
                return
            if not self.upcoming:
                self._replan(force=True)
            if self.upcoming:
                self._start(self.upcoming.pop(0), "skipped")
                self._queue_changed()

    def _advance(self, why: str) -> None:
        """End the current song (`why`) and start the next upcoming one, planning more when none is left."""
        if not self.upcoming:
            self._replan(force=True)
        if self.upcoming:
            self._start(self.upcoming.pop(0), why)
            self._queue_changed()
            return
        if self.current is not None:
            self._end_current(why)
            self.history.append(self.current)
            self.current = None
        self.output.stop()
        self._message("Nothing left to play: add songs to the music folders")

    def _switch(self) -> None:
        if not self.upcoming:
            return
        if self.output.state != PLAYING or self.current is None:
            self.play()
            return
        self._switching_to = self.upcoming.pop(0)
        self._switch_began = (self.output.position, self.now())
        self.output.fade_out(self.fade_seconds / 2)
        self._queue_changed()

    def _restart(self) -> None:
        try:
            self._sound(self.current)
        except PlayerError as error:
            self._message(str(error))

    def _finish_switch(self) -> None:
        item, self._switching_to = self._switching_to, None
        self._start(item, "switched", fade_in=self.fade_seconds / 2)

    def _gain(self, track: Track) -> float:
        """The levelling gain of a song (1 when levelling is off or its loudness is not known yet)."""
        return level_gain(self.loudness.get(track.path)) if self.settings.level_loudness else 1.0

    def _start(self, item: QueueItem, previous_why: str, fade_in: float = 0.0, remember: bool = True,
               carry_on: bool = False) -> None:
        """Play `item`; the current song ends with `previous_why`. An unplayable file is skipped with a message.
        `carry_on`: generated music that plays goes on under the new item (a new mood), not afresh (Next)."""
        carry_on = carry_on and self.generating
        while True:
            if self.current is not None:
                self._end_current(previous_why)
                if remember:
                    self.history.append(self.current)
            self.current = item
            try:
                self._sound(item, fade_in, carry_on)
            except PlayerError as error:
                self._message(f"{error}; skipping it")
                self.recommender.mark_unplayable(item.track)
                previous_why, remember = "error", False
                if not self.upcoming:
                    self._replan(force=True)
                if not self.upcoming:
                    self._end_current("error")
                    self.current = None
                    return
                item = self.upcoming.pop(0)
                continue
            self._current_began, self._current_mood = self.now(), self._plan_mood()
            if not item.track.generated:
                self.recommender.mark_played(item.track)
            self.on_event(TrackEvent(self.now(), item, self._plan_mood(), self.source, self.settings.strategy))
            return

    def _sound(self, item: QueueItem, fade_in: float = 0.0, carry_on: bool = False) -> None:
        """Make `item` heard from its start: a song, or generated music (PlayerError when it cannot be)."""
        if item.track.generated:
            self._play_generated(item, fade_in, carry_on)
        else:
            self.output.play(item.track, fade_in, self._gain(item.track))

    def _play_generated(self, item: QueueItem, fade_in: float, carry_on: bool) -> None:
        """Generated music for the item's mood: with `carry_on` it goes on where it plays already (a new mood glides
        in), else starts at the listener's mood (the iso principle). PlayerError when it cannot be generated here."""
        if carry_on and self.music is not None:
            self._steer()
            return
        try:
            if self.music is None:
                self.music = self._generator(self._target())
            else:
                self.music.begin_at(*self._target())
            self.output.play_generated(item.track, self.music, fade_in)
        except EmosymphonyError as error:  # no FluidSynth or SoundFont: songs only from now on, said once
            self._generator = None
            raise PlayerError(f"generated music is not available: {error}") from None

    def _end_current(self, why: str) -> None:
        """Tell that the current song ended; a finished one was heard to its end (the output's position is reset by then)."""
        if self.current.track.generated:  # heard from its start (the music itself may go on under the next mood)
            heard = self.now() - self._current_began
        elif why == "switched":  # the output has stopped by now: heard until the fade began, and through the fade
            position, began = self._switch_began
            heard = position + self.now() - began
        else:
            heard = {"error": 0.0, "finished": self.current.track.duration}.get(why, self.output.position)
        self.on_event(EndEvent(self.now(), self.current.track, why, heard))

    def _queue_changed(self) -> None:
        self.on_event(QueueEvent(self.now(), tuple(self.upcoming)))

    def _message(self, text: str) -> None:
        self.on_event(MessageEvent(self.now(), text))

    def _send_external(self, action: str) -> bool:
        if self._external is None:
            return False
        self._external(action)
        return True
