"""The memory database: schema, migration from version 1, bad files moved aside, newer versions refused, kills."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from emosymphony.memory.database import (
    APPLICATION_ID,
    DATABASE_NAME,
    MIGRATIONS,
    SCHEMA_VERSION,
    DatabaseTooNew,
    open_database,
)
from emosymphony.memory.listener import ListenerMemory


def _tables(connection) -> set[str]:
    return {name for (name,) in connection.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}


def test_a_fresh_database_gets_the_whole_schema(tmp_path):
    database = open_database(tmp_path)
    connection = database.connection
    assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert {"profiles", "settings", "tracks", "plays", "moods", "likes", "dislikes", "taste"} <= _tables(connection)
    assert database.notes == [] and database.path == tmp_path / DATABASE_NAME


def test_a_version_1_database_is_migrated_with_what_it_learned(tmp_path):
    path = tmp_path / DATABASE_NAME
    old = sqlite3.connect(path)
    old.executescript(MIGRATIONS[0])
    nine_am = time.mktime((2026, 5, 4, 9, 0, 0, 0, 0, -1))
    old.executescript(f"""
        INSERT INTO profiles(id, name, created) VALUES (1, 'ana', 0);
        INSERT INTO tracks(id, path) VALUES (1, '/m/sad/a.ogg'), (2, '/m/sad/b.ogg');
        INSERT INTO plays(profile_id, track_id, started, ended, heard, ending, mood, source, strategy) VALUES
            (1, 1, {nine_am}, {nine_am + 200}, 1.0, 'finished', 'sad', 'camera', 'match'),
            (1, 2, {nine_am + 300}, {nine_am + 310}, 0.05, 'skipped', 'sad', 'camera', 'match');
        INSERT INTO likes(profile_id, track_id, mood, time) VALUES (1, 1, 'sad', {nine_am + 100});
        PRAGMA application_id = {APPLICATION_ID};
        PRAGMA user_version = 1;
    """)
    old.close()
    connection = open_database(tmp_path).connection
    assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    taste = connection.execute("SELECT track_id, mood, daypart, good, bad FROM taste ORDER BY track_id").fetchall()
    assert taste == [(1, "sad", "morning", 4.0, 0.0), (2, "sad", "morning", 0.0, 1.0)]
    assert connection.execute("SELECT count(*) FROM plays").fetchone()[0] == 2  # history kept


@pytest.mark.parametrize("content", [b"this is not a database at all" * 100, b"SQLite format 3\x00" + b"\xff" * 4000])
def test_a_damaged_file_is_moved_aside_and_a_fresh_memory_starts(tmp_path, content):
    (tmp_path / DATABASE_NAME).write_bytes(content)
    database = open_database(tmp_path)
    assert "moved to" in database.notes[0] and "fresh memory" in database.notes[0]
    kept = [p for p in tmp_path.iterdir() if p.name.startswith(f"{DATABASE_NAME}.unreadable-")]
    assert len(kept) == 1 and kept[0].read_bytes() == content  # the listener's file is not lost
    assert database.connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_another_programs_database_is_moved_aside(tmp_path):
    other = sqlite3.connect(tmp_path / DATABASE_NAME)
    other.execute("CREATE TABLE invoices(id INTEGER, amount REAL)")
    other.execute("INSERT INTO invoices VALUES (1, 9.5)")
    other.commit()
    other.close()
    database = open_database(tmp_path)
    assert "another program's" in database.notes[0]
    aside = next(p for p in tmp_path.iterdir() if ".unreadable-" in p.name and not p.name.endswith(("-wal", "-shm")))
    assert sqlite3.connect(aside).execute("SELECT amount FROM invoices").fetchone() == (9.5,)


def test_a_newer_versions_database_is_refused_and_left_untouched(tmp_path):
    newer = sqlite3.connect(tmp_path / DATABASE_NAME)
    newer.executescript(f"CREATE TABLE future(x); PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = 99;")
    newer.close()
    before = (tmp_path / DATABASE_NAME).read_bytes()
    with pytest.raises(DatabaseTooNew, match="newer version"):
        open_database(tmp_path)
    memory = ListenerMemory.open(tmp_path)  # the app goes on, remembering nothing this time
    assert not memory.persistent and "Nothing will be remembered" in memory.notes[0]
    assert (tmp_path / DATABASE_NAME).read_bytes() == before


def test_two_programs_write_at_the_same_time(tmp_path):
    window, command_line = ListenerMemory.open(tmp_path), ListenerMemory.open(tmp_path)
    for second in range(200):
        window.history.record_mood(second, "happy", 0.9, "camera")
        command_line.history.record_mood(second + 0.5, "sad", 0.8, "camera")
    assert len(window.history.moods()) == 400


_WRITER = """
import sys, time
from emosymphony.memory.listener import ListenerMemory
from emosymphony.memory.simulation import make_library
memory = ListenerMemory.open(sys.argv[1])
track = make_library(7)[3]
for n in range(1, 10**7):
    memory.history.record_mood(time.time(), "happy", 0.9, "camera")
    memory.taste.heard(track, "happy", "finished", 200.0, time.time())
    print(n, flush=True)
"""


def test_a_kill_during_heavy_writes_loses_at_most_the_last_event(tmp_path):
    writer = subprocess.Popen([sys.executable, "-c", _WRITER, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    last = 0
    for line in writer.stdout:
        last = int(line)
        if last >= 1500:
            break
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    for line in writer.stdout:  # what it said before it died
        last = int(line)
    connection = open_database(tmp_path).connection
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    moods = connection.execute("SELECT count(*) FROM moods").fetchone()[0]
    assert last <= moods <= last + 1
