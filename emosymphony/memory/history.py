"""A profile's listening history: every play and every change of the followed mood. Camera frames are never stored."""

from __future__ import annotations

from typing import NamedTuple

from ..tracks import Track
from .database import Database, transaction
from .tracks import restored, track_id


class PlayRecord(NamedTuple):
    """One play: times are seconds since the epoch; `heard` is the share of the song that played (None if unknown)."""

    path: str
    artist: str
    title: str
    started: float
    ended: float | None
    heard: float | None
    ending: str | None
    """finished, skipped, switched, error or interrupted; None while playing (or when the program was killed)."""
    mood: str
    source: str
    strategy: str

    def to_dict(self) -> dict:
        return self._asdict()


class MoodRecord(NamedTuple):
    """A change of the followed mood (a year of heavy use holds half a million: a light tuple)."""

    time: float
    mood: str
    confidence: float
    source: str

    def to_dict(self) -> dict:
        return self._asdict()


class History:
    """Records and reads one profile's plays and mood changes."""

    def __init__(self, database: Database, profile_id: int):
        self.database = database
        self.profile_id = profile_id

    def record_mood(self, moment: float, mood: str, confidence: float, source: str) -> None:
        self.database.connection.execute(
            "INSERT INTO moods(profile_id, time, mood, confidence, source) VALUES (?, ?, ?, ?, ?)",
            (self.profile_id, moment, mood, confidence, source))

    def start_play(self, track: Track, moment: float, mood: str, source: str, strategy: str) -> int:
        """Record that a song started; returns the play's id for `end_play`."""
        connection = self.database.connection
        with transaction(connection):
            return connection.execute(
                "INSERT INTO plays(profile_id, track_id, started, mood, source, strategy) VALUES (?, ?, ?, ?, ?, ?)",
                (self.profile_id, track_id(connection, track), moment, mood, source, strategy)).lastrowid

    def end_play(self, play_id: int, moment: float, heard: float | None, ending: str) -> None:
        self.database.connection.execute("UPDATE plays SET ended = ?, heard = ?, ending = ? WHERE id = ?",
                                         (moment, heard, ending, play_id))

    def plays(self, since: float = 0.0, until: float | None = None) -> list[PlayRecord]:
        """Plays that started in [since, until), oldest first."""
        rows = self.database.connection.execute(
            "SELECT path, artist, title, started, ended, heard, ending, mood, source, strategy FROM plays "
            "JOIN tracks ON tracks.id = track_id WHERE profile_id = ? AND started >= ? AND started < ? ORDER BY started",
            (self.profile_id, since, until if until is not None else float("inf"))).fetchall()
        return [PlayRecord(restored(path), restored(artist), restored(title), *rest) for path, artist, title, *rest in rows]

    def moods(self, since: float = 0.0, until: float | None = None) -> list[MoodRecord]:
        """Mood changes in [since, until), oldest first."""
        rows = self.database.connection.execute(
            "SELECT time, mood, confidence, source FROM moods WHERE profile_id = ? AND time >= ? AND time < ? ORDER BY time",
            (self.profile_id, since, until if until is not None else float("inf"))).fetchall()
        return list(map(MoodRecord._make, rows))

    def mood_at(self, moment: float) -> MoodRecord | None:
        """The last mood change before `moment` (the mood in force then)."""
        row = self.database.connection.execute(
            "SELECT time, mood, confidence, source FROM moods WHERE profile_id = ? AND time < ? ORDER BY time DESC LIMIT 1",
            (self.profile_id, moment)).fetchone()
        return MoodRecord(*row) if row else None

    def liked(self) -> list[tuple[str, str, str, str, float]]:
        """(path, artist, title, mood, when) of every liked track, latest first."""
        rows = self.database.connection.execute(
            "SELECT path, artist, title, mood, time FROM likes JOIN tracks ON tracks.id = track_id "
            "WHERE profile_id = ? ORDER BY time DESC", (self.profile_id,)).fetchall()
        return [(restored(path), restored(artist), restored(title), mood, when) for path, artist, title, mood, when in rows]
