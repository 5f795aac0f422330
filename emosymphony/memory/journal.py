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

from ..emotions import EMOTIONS, MOOD_COLOURS, NO_FACE
from .history import History, MoodRecord, PlayRecord

PERIODS = {"today": "Today", "week": "Last 7 days", "month": "Last 30 days"}
LOW_MOODS = ("sad", "angry", "fear", "disgust")
LIFTED_MOODS = ("neutral", "happy")
LIFT_WINDOW_SECONDS = 30 * 60.0
TOP_COUNT = 3
TIMELINE_PIXELS = 2000
"""The timeline merges mood spans shorter than 1/TIMELINE_PIXELS of the period into their neighbours."""


def period_start(period: str, now: float) -> float:
    """When `period` ("today", "week" or "month") begins, local time."""
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}; expected one of {', '.join(PERIODS)}")
    midnight = time.mktime(time.localtime(now)[:3] + (0, 0, 0, 0, 0, -1))
    return midnight if period == "today" else now - (7 if period == "week" else 30) * 86400.0


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
        after = f"; half of them within {median:.1f} min" if median is not None else ""
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
    spans = _spans(moods, end)
    seconds: dict[str, float] = {mood: 0.0 for mood in EMOTIONS}
    for span in spans:
        if span.mood in seconds:
            seconds[span.mood] += span.end - span.start
    liked_paths = {(path, mood) for path, _, _, mood, when in history.liked() if start <= when < end}
    return Journal(start, end, _merged(spans, (end - start) / TIMELINE_PIXELS), seconds,
                   *_favourites(plays, liked_paths), _lifts(moods, plays), len(plays))


def _spans(moods: list[MoodRecord], end: float) -> list[Span]:
    spans = []
    for record, following in zip(moods, moods[1:] + [None]):
        until = following.time if following else end
        if until > record.time:
            spans.append(Span(record.time, until, record.mood))
    return spans


def _merged(spans: list[Span], shortest: float) -> list[Span]:
    """Join neighbours of one mood, and let spans too short to see go to the span before them."""
    merged: list[Span] = []
    for span in spans:
        if merged and (merged[-1].mood == span.mood or span.end - span.start < shortest):
            merged[-1] = Span(merged[-1].start, span.end, merged[-1].mood)
        else:
            merged.append(span)
    return merged


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
    timeline, totals = figure.subplots(2, 1, height_ratios=(1, 2))
    rows = [m for m in EMOTIONS] + [NO_FACE]
    by_mood: dict[str, list[tuple[float, float]]] = {mood: [] for mood in rows}
    for span in journal.spans:
        if span.mood in by_mood:
            by_mood[span.mood].append(((span.start - journal.start) / 3600, (span.end - span.start) / 3600))
    for mood, ranges in by_mood.items():
        if ranges:
            timeline.broken_barh(ranges, (0, 1), facecolors=MOOD_COLOURS[mood], label=mood)
    timeline.set_xlim(0, (journal.end - journal.start) / 3600)
    timeline.set_yticks([])
    timeline.set_xlabel("hours since " + time.strftime("%a %d %b %H:%M", time.localtime(journal.start)))
    timeline.set_title(title or "Mood over time")
    hours = [journal.seconds_per_mood[m] / 3600 for m in EMOTIONS]
    totals.barh(list(EMOTIONS), hours, color=[MOOD_COLOURS[m] for m in EMOTIONS])
    totals.set_xlabel("hours in each mood")
    totals.invert_yaxis()
    figure.tight_layout()
