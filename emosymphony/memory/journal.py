"""The mood journal: how the listener's mood went over a period, what they played, and how often music lifted them.

"Lifted", as counted here: a *low stretch* starts when the followed mood becomes sad, angry, fear
or disgust while a song chosen with the "lift" strategy plays. The music *lifted* the listener if
the followed mood next becomes neutral or happy within LIFT_WINDOW_SECONDS; the time to lift runs
from the start of the stretch to that moment. A stretch that ends any other way (another low mood
for the whole window, nobody in view until the window is over, the end of the record) is not lifted.
"""

from __future__ import annotations

import bisect
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from ..emotions import EMOTIONS, MOOD_COLOURS, NO_FACE
from .history import History, MoodRecord, PlayRecord

PERIODS = {"session": "This session", "today": "Today", "week": "Last 7 days", "month": "Last 30 days"}
LOW_MOODS = ("sad", "angry", "fear", "disgust")
LIFTED_MOODS = ("neutral", "happy")
LIFT_WINDOW_SECONDS = 30 * 60.0
TOP_COUNT = 3
TIMELINE_BINS = 1500
"""The timeline shows, for each of this many equal slices of the period, the mood that filled most of it."""


def period_start(period: str, now: float, session_start: float | None = None) -> float:
    """When `period` ("session", "today", "week" or "month") begins, local time; a session begins at
    `session_start` (without one, "session" is today)."""
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}; expected one of {', '.join(PERIODS)}")
    if period == "session" and session_start is not None:
        return session_start
    midnight = time.mktime(time.localtime(now)[:3] + (0, 0, 0, 0, 0, -1))
    return midnight if period in ("today", "session") else now - (7 if period == "week" else 30) * 86400.0


@dataclass(frozen=True)
class Span:
    start: float
    end: float
    mood: str


@dataclass
class LiftSummary:
    stretches: int = 0
    lifted: int = 0
    minutes_to_lift: list[float] = field(default_factory=list)

    @property
    def median_minutes(self) -> float | None:
        return statistics.median(self.minutes_to_lift) if self.minutes_to_lift else None

    def text(self) -> str:
        if not self.stretches:
            return "No low stretch while lifting in this period."
        median = self.median_minutes
        after = f"; median time to lift {median:.1f} min" if median is not None else ""
        return (f"Lifted {self.lifted} of {self.stretches} low stretches while lifting "
                f"({100 * self.lifted / self.stretches:.0f}%) to neutral or happy within "
                f"{LIFT_WINDOW_SECONDS / 60:.0f} min{after}.")


@dataclass
class Journal:
    """A period of one profile's history, summarised."""

    start: float
    end: float
    spans: list[Span]
    seconds_per_mood: dict[str, float]
    most_played: dict[str, list[tuple[str, int]]]
    """mood -> (song, plays), most played first."""
    most_liked: dict[str, list[tuple[str, int]]]
    """mood -> (song, plays to the end + likes), best first."""
    lift: LiftSummary
    plays: int

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "plays": self.plays,
                "seconds_per_mood": {m: round(s, 1) for m, s in self.seconds_per_mood.items()},
                "most_played": self.most_played, "most_liked": self.most_liked,
                "lift": {"stretches": self.lift.stretches, "lifted": self.lift.lifted,
                         "median_minutes": self.lift.median_minutes}}


def build_journal(history: History, start: float, end: float) -> Journal:
    """Summarise the history between `start` and `end` (seconds since the epoch)."""
    before = history.mood_at(start)
    moods = ([MoodRecord(start, before.mood, before.confidence, before.source)] if before else [])
    moods += history.moods(start, end)
    plays = history.plays(start, end)
    times = [record.time for record in moods] + [end]
    seconds: dict[str, float] = {mood: 0.0 for mood in EMOTIONS}
    for record, until in zip(moods, times[1:]):
        if record.mood in seconds:
            seconds[record.mood] += until - record.time
    liked_paths = {(path, mood) for path, _, _, mood, when in history.liked() if start <= when < end}
    return Journal(start, end, _timeline(moods, times, start, end), seconds,
                   *_favourites(plays, liked_paths), _lifts(moods, plays), len(plays))


def _timeline(moods: list[MoodRecord], times: list[float], start: float, end: float) -> list[Span]:
    """The mood that filled most of each of TIMELINE_BINS slices, neighbours of one mood joined."""
    if not moods or end <= start:
        return []
    names = list(EMOTIONS) + [NO_FACE]
    width = (end - start) / TIMELINE_BINS
    filled = np.zeros((TIMELINE_BINS, len(names)))
    since = np.clip((np.asarray(times[:-1]) - start) / width, 0, TIMELINE_BINS)
    until = np.clip((np.asarray(times[1:]) - start) / width, 0, TIMELINE_BINS)
    which = np.array([names.index(r.mood) if r.mood in names else len(names) - 1 for r in moods])
    first, last = np.floor(since).astype(int), np.minimum(np.floor(until).astype(int), TIMELINE_BINS - 1)
    inside = first == last
    np.add.at(filled, (first[inside], which[inside]), until[inside] - since[inside])
    for a, b, s, u, w in zip(first[~inside], last[~inside], since[~inside], until[~inside], which[~inside]):
        filled[a, w] += a + 1 - s
        filled[a + 1:b, w] += 1.0
        filled[b, w] += u - b
    spans: list[Span] = []
    for index, row in enumerate(filled):
        if row.max() <= 0:
            continue
        mood = names[int(row.argmax())]
        left, right = start + index * width, start + (index + 1) * width
        if spans and spans[-1].mood == mood and spans[-1].end >= left - 1e-6:
            spans[-1] = Span(spans[-1].start, right, mood)
        else:
            spans.append(Span(left, right, mood))
    return spans


def _song(play: PlayRecord) -> str:
    return f"{play.artist} – {play.title}" if play.artist else play.title


def _favourites(plays: list[PlayRecord], liked: set[tuple[str, str]]):
    played: dict[str, Counter] = {mood: Counter() for mood in EMOTIONS}
    enjoyed: dict[str, Counter] = {mood: Counter() for mood in EMOTIONS}
    names: dict[str, str] = {}
    for play in plays:
        if play.mood not in played:
            continue
        names[play.path] = _song(play)
        played[play.mood][play.path] += 1
        if play.ending == "finished":
            enjoyed[play.mood][play.path] += 1
    for path, mood in liked:
        if mood in enjoyed and path in names:
            enjoyed[mood][path] += 1
    top = lambda counts: {m: [(names[p], n) for p, n in c.most_common(TOP_COUNT)] for m, c in counts.items() if c}
    return top(played), top(enjoyed)


def _lifts(moods: list[MoodRecord], plays: list[PlayRecord]) -> LiftSummary:
    summary = LiftSummary()
    starts = [play.started for play in plays]
    index = 0
    while index < len(moods):
        record = moods[index]
        if record.mood in LOW_MOODS and _lifting_at(record.time, plays, starts):
            summary.stretches += 1
            deadline = record.time + LIFT_WINDOW_SECONDS
            later = index + 1
            while later < len(moods) and moods[later].time <= deadline and moods[later].mood not in LIFTED_MOODS:
                later += 1
            if later < len(moods) and moods[later].time <= deadline:
                summary.lifted += 1
                summary.minutes_to_lift.append((moods[later].time - record.time) / 60)
            while index + 1 < len(moods) and moods[index + 1].mood in LOW_MOODS + (NO_FACE,):
                index += 1  # the stretch goes on through other low moods and absences
        index += 1
    return summary


def _lifting_at(moment: float, plays: list[PlayRecord], starts: list[float]) -> bool:
    """Whether a song planned with "lift" plays at `moment` (or starts within a minute of it)."""
    position = bisect.bisect_right(starts, moment + 60.0) - 1
    if position < 0:
        return False
    play = plays[position]
    playing = play.ended is None or play.ended >= moment - 1.0 or play.started >= moment
    return playing and play.strategy == "lift"


def draw_journal(figure, journal: Journal, title: str = "") -> None:
    """Draw the mood timeline and the time spent in each mood on a matplotlib `figure` (window or file)."""
    figure.clear()
    figure.subplots_adjust(left=0.11, right=0.97, top=0.92, bottom=0.12, hspace=0.6)
    timeline, totals = figure.subplots(2, 1, height_ratios=(1, 3))
    seconds = journal.end - journal.start
    unit, unit_name = time_unit(seconds)
    strip = np.ones((1, TIMELINE_BINS, 3))
    width = (journal.end - journal.start) / TIMELINE_BINS
    for span in journal.spans:
        first = int(round((span.start - journal.start) / width))
        strip[0, first:int(round((span.end - journal.start) / width))] = _rgb(MOOD_COLOURS.get(span.mood, "#ffffff"))
    timeline.imshow(strip, aspect="auto", interpolation="nearest", extent=(0, seconds / unit, 0, 1))
    timeline.set_yticks([])
    timeline.set_xlabel(f"{unit_name} since " + time.strftime("%a %d %b %H:%M", time.localtime(journal.start)))
    timeline.set_title(title or "Mood over time")
    bar_unit, bar_unit_name = (3600, "hours") if max(journal.seconds_per_mood.values(), default=0) >= 2 * 3600 else (60, "minutes")
    totals.barh(list(EMOTIONS), [journal.seconds_per_mood[m] / bar_unit for m in EMOTIONS],
                color=[MOOD_COLOURS[m] for m in EMOTIONS])
    totals.set_xlabel(f"{bar_unit_name} in each mood")
    totals.invert_yaxis()


def time_unit(seconds: float) -> tuple[int, str]:
    """The unit a span of `seconds` reads best in: minutes up to 2 hours, hours up to 2 days, then days."""
    if seconds <= 2 * 3600:
        return 60, "minutes"
    return (3600, "hours") if seconds <= 2 * 86400 else (86400, "days")


def spent(seconds: float) -> str:
    """Time in a mood as the journal's table says it: seconds under a minute (a visible bar is never "0 min")."""
    if 0 < seconds < 59.5:
        return f"{int(round(seconds)) or 1} s"
    minutes = int(round(seconds / 60))
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"


def _rgb(colour: str) -> tuple[float, float, float]:
    return tuple(int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
