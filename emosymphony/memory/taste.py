"""What a listener likes, learned per mood and time of day: Beta posteriors drawn by Thompson sampling.

Each (track, mood) has a count of good and bad evidence:
- a song played to its end: good +1 (weakly positive);
- a skip within the first SHORT_SKIP_SECONDS: bad +1 (weakly negative);
- a skip later than that: bad +LATE_SKIP_WEIGHT (the song had its chance; half as telling);
- a like (Ctrl+L): good +LIKE_WEIGHT; a dislike (Ctrl+D) never plays the song again (reversible);
- a song switched away because the mood changed, or interrupted by quitting, a time limit or a signal:
  no evidence.

The chance that the listener enjoys a track in a mood is Beta(PRIOR_GOOD + good, PRIOR_BAD + bad).
The prior is pessimistic (mean 1/7): a song never heard in this mood is a long shot beside one the
listener played to the end, so the draws explore a little instead of trying every unknown song
first (on 40 simulated listeners, liked picks at plays 36-45 in a mood: Beta(1, 1) 45%, Beta(1, 6)
61%, late skips counting 0.5 against; `benchmarks/bench_learning.py --prior`, `benchmarks/RESULTS.md`).
evidence from the same time of day (night, morning, afternoon, evening) counts twice, so a song
liked in the evening rises most in the evening. To rank, each candidate gets one random draw from
its posterior (Thompson sampling): a track known to please wins most of the time, an unknown one
sometimes, so the listener keeps meeting songs the memory knows nothing about yet.
(W. R. Thompson, "On the likelihood that one unknown probability exceeds another in view of the
evidence of two samples", Biometrika 25, 1933; O. Chapelle and L. Li, "An empirical evaluation of
Thompson sampling", NIPS 2011.) `benchmarks/bench_learning.py` measures it on simulated listeners.
"""

from __future__ import annotations

import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterator

from ..emotions import EMOTIONS
from ..tracks import Track
from .database import Database, ProfileGone, database_error, memory_only, transaction
from .tracks import restored, storable, track_id

SHORT_SKIP_SECONDS = 30.0
LATE_SKIP_WEIGHT = 0.5
LIKE_WEIGHT = 3.0
PRIOR_GOOD, PRIOR_BAD = 1.0, 6.0
PRIOR_MEAN = PRIOR_GOOD / (PRIOR_GOOD + PRIOR_BAD)
DAYPARTS = ("night", "morning", "afternoon", "evening")
"""Hours 0-6, 6-12, 12-18 and 18-24, local time."""


def daypart(moment: float) -> str:
    """The part of the day of a time (seconds since the epoch, local time)."""
    return DAYPARTS[time.localtime(moment).tm_hour // 6]


@dataclass(frozen=True)
class Evidence:
    """What is known of one track in one mood (the time of day's share already counted twice)."""

    good: float
    bad: float

    @property
    def mean(self) -> float:
        """The posterior mean chance that the listener enjoys the track."""
        return (PRIOR_GOOD + self.good) / (PRIOR_GOOD + PRIOR_BAD + self.good + self.bad)

    @property
    def liked(self) -> bool:
        """More for it than against it, beyond the prior."""
        return self.mean > PRIOR_MEAN


class Taste:
    """One profile's likes, dislikes and learned scores, kept in the memory database."""

    def __init__(self, database: Database, profile_id: int, clock: Callable[[], float] = time.time):
        self.database = database
        self.profile_id = profile_id
        self._clock = clock
        self._evidence: dict[tuple[str, str], dict[str, Evidence]] = {}
        """(mood, part of the day) -> what `evidence` returns, kept up to date by this object's own writes."""
        self.disliked: set[str] = set()
        self.refresh()

    def refresh(self) -> None:
        """Read the dislikes and learned scores again (after songs moved, or another program's writes)."""
        self.disliked = {restored(path) for (path,) in self._sql(
            "SELECT path FROM dislikes JOIN tracks ON tracks.id = track_id WHERE profile_id = ?", self.profile_id)}
        self._load(daypart(self._clock()))

    @classmethod
    def forgetful(cls) -> "Taste":
        """A taste kept in memory only: what a listener without a memory database gets."""
        database = memory_only()
        database.connection.execute("INSERT INTO profiles(name, created) VALUES ('listener', 0)")
        return cls(database, 1)

    @contextmanager
    def _choice(self, what: str) -> Iterator[None]:
        """A write the listener asked for (a like, a dislike): DatabaseError saying why it was not remembered."""
        try:
            with transaction(self.database.connection):
                yield
        except sqlite3.IntegrityError:  # the profile's rows are gone
            raise ProfileGone(f"this profile was removed by another program; the {what} was not remembered") from None
        except sqlite3.Error as error:
            raise database_error(self.database.path, error, f"remember the {what} in") from None

    def _sql(self, statement: str, *parameters) -> list[tuple]:
        return self.database.connection.execute(statement, parameters).fetchall()

    # ----- explicit feedback -------------------------------------------------------------------

    def like(self, track: Track, mood: str) -> None:
        """The listener likes this track (heard in `mood`)."""
        if self.is_liked(track.path):
            return
        connection = self.database.connection
        with self._choice("like"):
            track_key = track_id(connection, track)
            connection.execute("INSERT INTO likes(profile_id, track_id, mood, time) VALUES (?, ?, ?, ?)",
                               (self.profile_id, track_key, mood, self._clock()))
            self._add(track_key, track.path, mood, LIKE_WEIGHT, 0.0)

    def unlike(self, path: str) -> None:
        """Take a like back (its evidence too)."""
        connection = self.database.connection
        with self._choice("change"):
            rows = connection.execute(
                "SELECT track_id, mood, time FROM likes JOIN tracks ON tracks.id = track_id WHERE profile_id = ? AND path = ?",
                (self.profile_id, storable(path))).fetchall()
            for track_key, mood, moment in rows:
                connection.execute("DELETE FROM likes WHERE profile_id = ? AND track_id = ?", (self.profile_id, track_key))
                self._add(track_key, path, mood, -LIKE_WEIGHT, 0.0, daypart(moment))

    def is_liked(self, path: str) -> bool:
        return bool(self._sql("SELECT 1 FROM likes JOIN tracks ON tracks.id = track_id WHERE profile_id = ? AND path = ?",
                              self.profile_id, storable(path)))

    def dislike(self, track: Track) -> None:
        """Never play this track again (until `undislike`)."""
        connection = self.database.connection
        with self._choice("dislike"):
            connection.execute("INSERT OR IGNORE INTO dislikes(profile_id, track_id, time) VALUES (?, ?, ?)",
                               (self.profile_id, track_id(connection, track), self._clock()))
        self.disliked.add(track.path)

    def undislike(self, path: str) -> None:
        """Let a disliked track play again."""
        with self._choice("change"):
            self.database.connection.execute(
                "DELETE FROM dislikes WHERE profile_id = ? AND track_id = (SELECT id FROM tracks WHERE path = ?)",
                (self.profile_id, storable(path)))
        self.disliked.discard(path)

    def never_play(self) -> list[tuple[str, str, str, float]]:
        """The disliked tracks: (path, artist, title, when), latest first."""
        return [(restored(path), restored(artist), restored(title), when) for path, artist, title, when in self._sql(
            "SELECT path, artist, title, time FROM dislikes JOIN tracks ON tracks.id = track_id "
            "WHERE profile_id = ? ORDER BY time DESC", self.profile_id)]

    # ----- implicit feedback -------------------------------------------------------------------

    def heard(self, track: Track, mood: str, ending: str, seconds: float, started: float) -> None:
        """Learn from how a play in `mood` ended ("finished", "skipped", ...) after `seconds` of it."""
        if ending == "finished":
            good, bad = 1.0, 0.0
        elif ending == "skipped" and seconds < SHORT_SKIP_SECONDS:
            good, bad = 0.0, 1.0
        elif ending == "skipped":
            good, bad = 0.0, LATE_SKIP_WEIGHT
        else:
            return
        connection = self.database.connection
        with transaction(connection):
            self._add(track_id(connection, track), track.path, mood, good, bad, daypart(started))

    def _load(self, part: str) -> None:
        """Read what is known in every mood, weighted for the part of the day `part`."""
        rows = self._sql(
            "SELECT mood, path, SUM(good) + SUM(CASE WHEN daypart = ? THEN good ELSE 0 END), "
            "SUM(bad) + SUM(CASE WHEN daypart = ? THEN bad ELSE 0 END) "
            "FROM taste JOIN tracks ON tracks.id = track_id WHERE profile_id = ? GROUP BY mood, track_id",
            part, part, self.profile_id)
        self._evidence = {(mood, part): {} for mood in EMOTIONS}
        for mood, path, good, bad in rows:
            if (good or bad) and mood in EMOTIONS:
                self._evidence[(mood, part)][restored(path)] = Evidence(good, bad)

    def _add(self, track_key: int, path: str, mood: str, good: float, bad: float, part: str | None = None) -> None:
        part = part or daypart(self._clock())
        self.database.connection.execute(
            "INSERT INTO taste(profile_id, mood, track_id, daypart, good, bad) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT DO UPDATE SET good = max(0, good + excluded.good), bad = max(0, bad + excluded.bad)",
            (self.profile_id, mood, track_key, part, good, bad))
        for (cached_mood, cached_part), known in self._evidence.items():
            if cached_mood == mood:
                weight = 2.0 if cached_part == part else 1.0
                before = known.pop(path, Evidence(0.0, 0.0))
                after = Evidence(max(0.0, before.good + weight * good), max(0.0, before.bad + weight * bad))
                if after.good or after.bad:
                    known[path] = after

    # ----- what was learned ----------------------------------------------------------------------

    def evidence(self, mood: str) -> dict[str, Evidence]:
        """What is known of each track in `mood`, the evidence from this time of day counted twice.

        Read from the database for every mood when the profile opens and when the part of the day changes, then
        kept up to date by this object's writes (what another program learns meanwhile shows from the next read)."""
        part = daypart(self._clock())
        if (mood, part) not in self._evidence:
            self._load(part)
        return self._evidence[(mood, part)]
