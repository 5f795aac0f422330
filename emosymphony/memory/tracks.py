"""Tracks as the memory knows them: one row per file path, with the artist and title to show.

A file name that is not UTF-8 reaches Python with its odd bytes as lone surrogates (PEP 383), which
SQLite cannot store. `storable` maps them to private-use characters (U+F780..U+F7FF, as bytes
0x80..0xFF) and `restored` maps them back, so every path is stored and found again exactly.
"""

from __future__ import annotations

import sqlite3

from ..tracks import Track

_TO_STORED = {code: code - 0xDC80 + 0xF780 for code in range(0xDC80, 0xDD00)}
_TO_RESTORED = {stored: code for code, stored in _TO_STORED.items()}


def storable(text: str) -> str:
    """`text` as SQLite can store it (see the module docstring)."""
    return text.translate(_TO_STORED)


def restored(text: str) -> str:
    """The text `storable` was given."""
    return text.translate(_TO_RESTORED)


def track_id(connection: sqlite3.Connection, track: Track) -> int:
    """The row of `track` (added on first sight; its artist and title kept up to date)."""
    connection.execute(
        "INSERT INTO tracks(path, artist, title) VALUES (?, ?, ?) "
        "ON CONFLICT(path) DO UPDATE SET artist = excluded.artist, title = excluded.title "
        "WHERE artist != excluded.artist OR title != excluded.title",
        (storable(track.path), storable(track.artist), storable(track.title)))
    return connection.execute("SELECT id FROM tracks WHERE path = ?", (storable(track.path),)).fetchone()[0]


def tracks_moved(connection: sqlite3.Connection, moves: list[tuple[str, str]]) -> None:
    """Keep history, likes and dislikes with songs the library saw renamed or moved (old path, new path)."""
    for old, new in moves:
        if not connection.execute("SELECT 1 FROM tracks WHERE path = ?", (storable(new),)).fetchone():
            connection.execute("UPDATE tracks SET path = ? WHERE path = ?", (storable(new), storable(old)))
