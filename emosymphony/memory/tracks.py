"""Tracks as the memory knows them: one row per file path, with the artist and title to show."""

from __future__ import annotations

import sqlite3

from ..music.library import Track


def track_id(connection: sqlite3.Connection, track: Track) -> int:
    """The row of `track` (added on first sight; its artist and title kept up to date)."""
    connection.execute(
        "INSERT INTO tracks(path, artist, title) VALUES (?, ?, ?) "
        "ON CONFLICT(path) DO UPDATE SET artist = excluded.artist, title = excluded.title "
        "WHERE artist != excluded.artist OR title != excluded.title",
        (track.path, track.artist, track.title))
    return connection.execute("SELECT id FROM tracks WHERE path = ?", (track.path,)).fetchone()[0]


def tracks_moved(connection: sqlite3.Connection, moves: list[tuple[str, str]]) -> None:
    """Keep history, likes and dislikes with songs the library saw renamed or moved (old path, new path)."""
    for old, new in moves:
        if not connection.execute("SELECT 1 FROM tracks WHERE path = ?", (new,)).fetchone():
            connection.execute("UPDATE tracks SET path = ? WHERE path = ?", (new, old))
