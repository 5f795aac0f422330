"""Writes a listening session's events into the memory: history rows and what they teach about taste."""

from __future__ import annotations

import sqlite3
import time
from typing import Callable

from ..emotions import NO_FACE
from ..events import EndEvent, MoodEvent, SessionEvent, TrackEvent
from ..shutdown import uninterrupted
from .database import DatabaseError, problem
from .history import History
from .taste import Taste


class SessionRecorder:
    """Pass each session event to this (after the shell's own handler): plays, moods and implicit feedback.

    Recording never stops the music: an event that cannot be written (the database busy for longer than its
    timeout, a full disk, the profile removed by another program) is dropped, and `on_problem` hears why once
    for each kind of problem. After the profile is removed, nothing more is recorded."""

    def __init__(self, history: History, taste: Taste, clock: Callable[[], float] = time.time,
                 on_problem: Callable[[str], None] | None = None):
        self.history = history
        self.taste = taste
        self._clock = clock
        self.on_problem = on_problem or (lambda text: None)
        self._said: set[str] = set()
        self._gone = False
        self._playing: dict[str, tuple[int, float, str]] = {}
        """path -> (play id, wall-clock start, mood) of the songs that started and have not ended."""
        self._following = False
        """Whether the last mood recorded is one the listener is in (not "nobody in view")."""

    def stop(self, why: str) -> None:
        """The mood stops being followed ("closed", "profile changed"): the journal counts its time up to now."""
        if self._following:
            self(MoodEvent(0.0, NO_FACE, why, 0.0))

    def __call__(self, event: SessionEvent) -> None:
        if self._gone:
            return
        try:
            with uninterrupted():  # a play is recorded whole: its row and what it teaches
                self._record(event)
        except sqlite3.IntegrityError:  # the profile's rows are gone: removed while in use
            self._gone = True
            self.on_problem("This profile was removed by another program; from now on nothing is remembered")
        except (sqlite3.Error, DatabaseError) as error:
            text = problem(error) if isinstance(error, sqlite3.Error) else str(error)
            if text not in self._said:
                self._said.add(text)
                self.on_problem(f"Could not remember what played: {text} (the music goes on)")

    def _record(self, event: SessionEvent) -> None:
        if isinstance(event, MoodEvent):
            self.history.record_mood(self._clock(), event.mood, event.confidence, event.source)
            self._following = event.mood != NO_FACE
        elif isinstance(event, TrackEvent):
            track = event.item.track
            started = self._clock()
            play_id = self.history.start_play(track, started, event.mood, event.source, event.strategy)
            self._playing[track.path] = (play_id, started, event.mood)
        elif isinstance(event, EndEvent) and event.track.path in self._playing:
            play_id, started, mood = self._playing.pop(event.track.path)
            share = min(event.heard / event.track.duration, 1.0) if event.track.duration > 0 else None
            self.history.end_play(play_id, self._clock(), share, event.why)
            self.taste.heard(event.track, mood, event.why, event.heard, started)
