"""The memory database: schema, migration from version 1, bad files moved aside, newer versions refused, kills."""

from __future__ import annotations

import json
import os
import shutil
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
from helpers import small_disk


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
from benchmarks._simulation import make_library
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


# ----- busy, locked, full and read-only are not damage: the file is never touched ---------------------------


def _snapshot(folder) -> bytes:
    """The database file's bytes (its -wal and -shm come and go with connections)."""
    return (folder / DATABASE_NAME).read_bytes()


@pytest.fixture
def remembered(tmp_path, monkeypatch):
    """A data folder whose memory holds two profiles; the busy timeout short, so a locked file is met quickly."""
    import emosymphony.memory.database as database

    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 100)
    memory = ListenerMemory.open(tmp_path, None)
    memory.profiles.add("Alice")
    memory.profiles.add("Bob")
    memory.close()
    return tmp_path


@pytest.mark.parametrize("lock", ["BEGIN EXCLUSIVE", "BEGIN IMMEDIATE"], ids=["exclusive lock", "long write"])
def test_a_locked_database_is_left_alone_and_said(capsys, remembered, lock):
    from emosymphony.cli import main

    other = sqlite3.connect(remembered / DATABASE_NAME, isolation_level=None)
    other.execute(lock)
    before = _snapshot(remembered)
    try:
        memory = ListenerMemory.open(remembered, None)
        assert not memory.persistent and memory.notes[0] == (
            f"cannot use {remembered / DATABASE_NAME}: it is in use by another program (busy for more than 0.1 s). "
            "Nothing will be remembered this time")
        memory.close()
        assert main(["profile", "add", "Carol", "--data-dir", str(remembered)]) == 1
        err = capsys.readouterr().err
        assert "in use by another program" in err and "nothing was changed" in err and "Traceback" not in err
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert _snapshot(remembered) == before and not list(remembered.glob("*.unreadable*"))
    assert {p.name for p in ListenerMemory.open(remembered, None).profiles.list()} >= {"Alice", "Bob"}


@pytest.mark.slow
def test_a_full_disk_moves_nothing_aside(capsys, tmp_path):
    from emosymphony.cli import main

    with small_disk(tmp_path / "small-disk", "512k") as disk:
        memory = ListenerMemory.open(disk, None)
        memory.profiles.add("Alice")
        memory.close()
        filler = disk / "filler"
        descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT)
        try:  # fill the disk to its last byte
            while os.write(descriptor, b"\0" * 512):
                pass
        except OSError:
            pass
        finally:
            os.close(descriptor)
        for _ in range(2):  # a retry adds nothing either
            code = main(["profile", "add", "Bob", "--data-dir", str(disk)])
            err = capsys.readouterr().err
            assert code == 1 and "the disk is full" in err and "Traceback" not in err
        assert sorted(p.name for p in disk.iterdir() if p.name != "filler")[0] == DATABASE_NAME
        assert not list(disk.glob("*.unreadable*"))
        filler.unlink()
        reopened = ListenerMemory.open(disk, None)
        assert "Alice" in {p.name for p in reopened.profiles.list()}
        reopened.close()


def test_read_only_is_not_damage(tmp_path):
    from emosymphony.memory.database import is_damage, problem

    open_database(tmp_path).close()
    reader = sqlite3.connect(f"{(tmp_path / DATABASE_NAME).as_uri()}?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError) as caught:
        reader.execute("INSERT INTO profiles(name, created) VALUES ('x', 0)")
    assert problem(caught.value) == "it is read-only" and not is_damage(caught.value)


@pytest.mark.slow
def test_a_read_only_database_gives_messages_not_tracebacks(remembered):
    if shutil.which("setpriv") is None or os.geteuid() != 0:
        pytest.skip("needs root and setpriv to drop root's override of file modes (CAP_DAC_OVERRIDE)")
    before = _snapshot(remembered)
    for path in remembered.glob(f"{DATABASE_NAME}*"):
        os.chmod(path, 0o444)

    def command(*argv):
        return subprocess.run(["setpriv", "--bounding-set=-dac_override,-dac_read_search", sys.executable, "-m",
                               "emosymphony", *argv, "--data-dir", str(remembered)], capture_output=True, text=True,
                              timeout=120)

    listed, added = command("profile", "list"), command("profile", "add", "Carol")
    assert listed.returncode == 0 and "Alice" not in listed.stdout and "read-only" in listed.stderr
    assert added.returncode == 1 and "nothing was changed" in added.stderr
    assert "Traceback" not in listed.stderr + added.stderr
    assert _snapshot(remembered) == before


def test_only_a_file_that_fails_its_integrity_check_is_moved_aside(tmp_path):
    memory = ListenerMemory.open(tmp_path, None)
    memory.profiles.add("Alice")
    memory.close()
    path = tmp_path / DATABASE_NAME
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the schema page is garbage: SQLite's own check fails
    path.write_bytes(bytes(data))
    reopened = ListenerMemory.open(tmp_path, None)
    assert reopened.persistent and "moved to memory.db.unreadable-" in " ".join(reopened.notes)
    import re

    [aside] = [p for p in tmp_path.glob("*.unreadable*") if p.name[-1].isdigit()]
    assert re.fullmatch(r"memory\.db\.unreadable-\d{8}-\d{6}", aside.name)  # dated, sorting by when


# ----- damaged values inside a healthy database ------------------------------------------------------------


def test_damaged_values_fall_back_and_are_said_once(capsys, tmp_path, remembered):
    from emosymphony.cli import main

    connection = sqlite3.connect(remembered / DATABASE_NAME, isolation_level=None)
    alice = connection.execute("SELECT id FROM profiles WHERE name = 'Alice'").fetchone()[0]
    connection.execute("INSERT INTO settings(profile_id, key, value) VALUES (?, 'strategy', 'not json{')", (alice,))
    connection.execute("INSERT INTO settings(profile_id, key, value) VALUES (?, 'volume', '0.4')", (alice,))
    connection.execute("INSERT OR REPLACE INTO app_state(key, value) VALUES ('last_profile', 'abc')")
    connection.close()
    assert main(["profile", "list", "--data-dir", str(remembered)]) == 0
    assert "Alice" in capsys.readouterr().out
    memory = ListenerMemory.open(remembered, "Alice")
    assert memory.settings() == {"volume": 0.4}
    assert [n for n in memory.notes if "strategy" in n] == ["the saved setting 'strategy' of Alice is damaged; its default is used"]
    out = tmp_path / "alice.json"
    assert main(["profile", "export", "Alice", "--out", str(out), "--data-dir", str(remembered)]) == 0
    assert "damaged" in capsys.readouterr().err and '"volume": 0.4' in out.read_text()


def test_a_damaged_cached_analysis_is_analysed_again(tmp_path, real_recordings):
    from emosymphony.music.analysis import SoundCache, analyse

    cache = SoundCache(open_database(tmp_path).connection)
    song = tmp_path / "song.ogg"
    shutil.copy(real_recordings[0], song)
    first = analyse(song, cache)
    cache.connection.execute("UPDATE sounds SET features = ?", (json.dumps({"tempo": "fast"}),))
    assert cache.known(song) is None and "damaged cached analysis" in cache.notes[0]
    assert analyse(song, cache) == first


def test_a_song_rewritten_with_its_size_and_time_restored_is_analysed_again(tmp_path, real_recordings):
    from emosymphony.music.analysis import SoundCache

    cache = SoundCache(open_database(tmp_path).connection)
    song = tmp_path / "song.ogg"
    shutil.copy(real_recordings[0], song)
    before = cache.digest(song)
    status = os.stat(song)
    data = bytearray(song.read_bytes())
    data[-1000:] = bytes(255 - b for b in data[-1000:])  # same size, other content
    song.write_bytes(bytes(data))
    os.utime(song, ns=(status.st_atime_ns, status.st_mtime_ns))  # the modification time put back
    assert os.stat(song).st_size == status.st_size and os.stat(song).st_mtime == status.st_mtime
    assert cache.digest(song) != before


@pytest.fixture
def tokyo(monkeypatch):
    """Local time nine hours ahead of UTC (the machines run on UTC, which hides a missing 'localtime')."""
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_migration_weighs_late_skips_by_local_time_of_day(tmp_path, tokyo):
    path = tmp_path / DATABASE_NAME
    old = sqlite3.connect(path)
    old.executescript(MIGRATIONS[0])
    seven_pm = time.mktime((2026, 5, 4, 19, 0, 0, 0, 0, -1))  # 10:00 UTC: "morning" there, "evening" here
    old.executescript(f"""
        INSERT INTO profiles(id, name, created) VALUES (1, 'ana', 0);
        INSERT INTO tracks(id, path) VALUES (1, '/m/sad/a.ogg'), (2, '/m/sad/b.ogg');
        INSERT INTO plays(profile_id, track_id, started, ended, heard, ending, mood, source, strategy) VALUES
            (1, 1, {seven_pm}, {seven_pm + 29}, 0.1, 'skipped', 'sad', 'camera', 'match'),
            (1, 2, {seven_pm}, {seven_pm + 95}, 0.4, 'skipped', 'sad', 'camera', 'match');
        PRAGMA application_id = {APPLICATION_ID};
        PRAGMA user_version = 1;
    """)
    old.close()
    taste = open_database(tmp_path).connection.execute(
        "SELECT track_id, daypart, good, bad FROM taste ORDER BY track_id").fetchall()
    assert taste == [(1, "evening", 0.0, 1.0), (2, "evening", 0.0, 0.5)]  # an early skip 1, a late one 0.5


def test_a_migration_that_fails_leaves_the_database_as_it_was(tmp_path, monkeypatch):
    import emosymphony.memory.database as database
    from emosymphony.memory.database import DatabaseError

    open_database(tmp_path).close()
    broken = "CREATE TABLE half_done(x);\nINSERT INTO no_such_table VALUES (1);\n"
    monkeypatch.setattr(database, "MIGRATIONS", MIGRATIONS + (broken,))
    monkeypatch.setattr(database, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(DatabaseError, match="no such table"):
        open_database(tmp_path)
    check = sqlite3.connect(tmp_path / DATABASE_NAME)
    assert check.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert "half_done" not in _tables(check)  # rolled back whole
    assert not list(tmp_path.glob("*.unreadable*"))  # a failed migration is not damage


@pytest.mark.slow
def test_two_processes_write_at_once_and_lose_nothing(tmp_path):
    writer = """
import sys, time
from pathlib import Path
from emosymphony.memory.listener import ListenerMemory
memory = ListenerMemory.open(sys.argv[1])
Path(sys.argv[1], "ready-" + sys.argv[2]).touch()
while len(list(Path(sys.argv[1]).glob("ready-*"))) < 2:  # both start writing at the same moment
    time.sleep(0.001)
for n in range(300):
    memory.history.record_mood(float(n), sys.argv[2], 0.5, "camera")
    memory.profiles.save_settings(memory.profile, {"volume": n / 300})
print("done", flush=True)
"""
    ListenerMemory.open(tmp_path).close()  # both open the same profile
    processes = [subprocess.Popen([sys.executable, "-c", writer, str(tmp_path), mood], stdout=subprocess.PIPE, text=True)
                 for mood in ("happy", "sad")]
    assert [p.communicate(timeout=120)[0] for p in processes] == ["done\n", "done\n"]
    moods = ListenerMemory.open(tmp_path).history.moods()
    assert sorted(m.mood for m in moods) == ["happy"] * 300 + ["sad"] * 300


# ----- the classification of errors, the integrity check, setting aside (each rule stated once) -----------------


def _error(run) -> sqlite3.Error:
    try:
        run()
    except sqlite3.Error as error:
        return error
    raise AssertionError("no error")


def test_errors_are_named_by_their_primary_code_and_said_plainly(tmp_path):
    from emosymphony.memory.database import database_error, error_name, is_damage, problem

    (tmp_path / "garbage.db").write_bytes(b"x" * 5000)
    not_a_database = _error(lambda: sqlite3.connect(tmp_path / "garbage.db").execute("PRAGMA user_version").fetchone())
    cannot_open = _error(lambda: sqlite3.connect(tmp_path / "no" / "such" / "x.db"))
    closed = sqlite3.connect(":memory:")
    closed.close()
    on_closed = _error(lambda: closed.execute("SELECT 1"))
    extended = sqlite3.OperationalError("disk I/O error")
    extended.sqlite_errorname = "SQLITE_IOERR_SHORT_READ"
    assert [error_name(e) for e in (not_a_database, cannot_open, on_closed, extended)] == [
        "SQLITE_NOTADB", "SQLITE_CANTOPEN", "ProgrammingError", "SQLITE_IOERR"]
    assert [is_damage(e) for e in (not_a_database, cannot_open, on_closed, extended)] == [True, False, False, False]
    assert problem(not_a_database) == "it is not a database"
    assert problem(on_closed) == "Cannot operate on a closed database."
    busy = sqlite3.OperationalError("database is locked")
    busy.sqlite_errorname = "SQLITE_BUSY"
    assert problem(busy) == "it is in use by another program (busy for more than 5 s)"
    assert str(database_error(None, busy)) == "cannot use the listening memory: it is in use by another program (busy for more than 5 s)"
    assert str(database_error(tmp_path / "m.db", cannot_open, "open")) == (
        f"cannot open {tmp_path / 'm.db'}: it cannot be opened (check the folder's permissions)")


@pytest.mark.parametrize("free, full", [(16, False), (15, True)])
def test_an_io_error_on_a_nearly_full_disk_is_said_as_full(tmp_path, monkeypatch, free, full):
    import emosymphony.memory.database as database

    real = os.statvfs(tmp_path)
    monkeypatch.setattr(database.os, "statvfs", lambda _: os.statvfs_result(  # blocks of 4 KiB: 64 KiB free or less
        (4096, 4096, real.f_blocks, free, free, real.f_files, real.f_ffree, real.f_favail, 0, 255)))
    io_error = sqlite3.OperationalError("disk I/O error")
    io_error.sqlite_errorname = "SQLITE_IOERR_SHMSIZE"
    said = str(database.database_error(tmp_path / "memory.db", io_error))
    assert said.endswith("the disk is full" if full else "input/output error)")
    assert str(database.database_error(None, io_error)).endswith("input/output error)")  # no folder to look at


def test_the_integrity_check_tells_damage_from_health(tmp_path):
    from emosymphony.memory.database import _fails_integrity

    open_database(tmp_path / "healthy").close()
    (tmp_path / "empty.db").write_bytes(b"")
    (tmp_path / "text.db").write_bytes(b"hello, I am not SQLite" * 300)
    healthy = (tmp_path / "healthy" / DATABASE_NAME).read_bytes()
    (tmp_path / "torn.db").write_bytes(healthy[:100] + b"\xff" * (len(healthy) - 100))
    results = {name: _fails_integrity(tmp_path / name) for name in
               ("healthy/memory.db", "empty.db", "text.db", "torn.db", "missing.db")}
    assert results == {"healthy/memory.db": False, "empty.db": False, "text.db": True, "torn.db": True,
                       "missing.db": False}


def test_setting_aside_takes_the_log_along_and_never_reuses_a_name(tmp_path, monkeypatch):
    import emosymphony.memory.database as database

    monkeypatch.setattr(database.time, "strftime", lambda _: "20261204-101500")
    names = []
    for _ in range(3):
        (tmp_path / DATABASE_NAME).write_bytes(b"not a database" * 500)
        (tmp_path / f"{DATABASE_NAME}-wal").write_bytes(b"log")
        (tmp_path / f"{DATABASE_NAME}-shm").write_bytes(b"index")
        names.append(database._move_aside(tmp_path / DATABASE_NAME).name)
        assert not (tmp_path / f"{DATABASE_NAME}-wal").exists() and not (tmp_path / f"{DATABASE_NAME}-shm").exists()
    assert names == ["memory.db.unreadable-20261204-101500", "memory.db.unreadable-20261204-101500-1",
                     "memory.db.unreadable-20261204-101500-2"]
    assert (tmp_path / f"{names[1]}-wal").read_bytes() == b"log" and (tmp_path / f"{names[1]}-shm").read_bytes() == b"index"
    monkeypatch.setattr(database.os, "rename", lambda *_: (_ for _ in ()).throw(PermissionError(13, "denied")))
    (tmp_path / DATABASE_NAME).write_bytes(b"not a database" * 500)
    with pytest.raises(database.DatabaseError) as caught:
        database._move_aside(tmp_path / DATABASE_NAME)
    assert str(caught.value) == f"{tmp_path / DATABASE_NAME} cannot be read, and cannot be moved aside: permission denied"


def test_an_old_log_left_readable_by_all_is_made_private(tmp_path):
    import stat

    open_database(tmp_path).close()
    for suffix in ("", "-wal", "-shm"):
        path = tmp_path / f"{DATABASE_NAME}{suffix}"
        path.touch()
        os.chmod(path, 0o644)
    database = open_database(tmp_path)
    assert {stat.S_IMODE(os.stat(tmp_path / f"{DATABASE_NAME}{suffix}").st_mode) for suffix in ("", "-wal", "-shm")} == {0o600}
    database.close()


def test_the_memory_only_database_is_in_memory_and_shared_between_threads(tmp_path, monkeypatch):
    import threading

    from emosymphony.memory.database import memory_only

    monkeypatch.chdir(tmp_path)
    database = memory_only()
    writer = threading.Thread(target=lambda: database.connection.execute(
        "INSERT INTO profiles(name, created) VALUES ('t', 0)"))
    writer.start()
    writer.join()
    assert database.connection.execute("SELECT name FROM profiles").fetchall() == [("t",)]
    assert database.connection.in_transaction is False  # every statement commits by itself
    assert os.listdir(tmp_path) == [] and database.path is None


def test_a_file_database_commits_each_write_and_is_shared_between_threads(tmp_path):
    import threading

    first, second = open_database(tmp_path), open_database(tmp_path)
    writer = threading.Thread(target=lambda: first.connection.execute(
        "INSERT INTO profiles(name, created) VALUES ('t', 0)"))
    writer.start()
    writer.join()
    assert second.connection.execute("SELECT name FROM profiles").fetchall() == [("t",)]


def test_what_cannot_be_opened_is_said_with_the_file_and_the_reason(tmp_path, monkeypatch):
    import emosymphony.memory.database as database
    from emosymphony.memory.database import DatabaseError

    (tmp_path / "a-file").write_text("x")
    with pytest.raises(DatabaseError) as caught:
        open_database(tmp_path / "a-file")
    assert str(caught.value) == f"cannot use the data folder {tmp_path / 'a-file'}: file exists"
    (tmp_path / "folder" / DATABASE_NAME).mkdir(parents=True)  # a folder where the file should be
    with pytest.raises(DatabaseError) as caught:
        open_database(tmp_path / "folder")
    assert str(caught.value) == (f"cannot open {tmp_path / 'folder' / DATABASE_NAME}: it cannot be opened "
                                 "(check the folder's permissions)")
    monkeypatch.setattr(database.os, "statvfs", lambda _: (_ for _ in ()).throw(OSError(5, "EIO")))
    assert database._disk_full(tmp_path) is False  # cannot tell: not said to be full


def test_the_notes_about_a_file_set_aside_name_it_and_say_why(tmp_path):
    (tmp_path / DATABASE_NAME).write_bytes(b"not a database" * 500)
    note = open_database(tmp_path).notes[0]
    assert note.startswith(f"{tmp_path / DATABASE_NAME} is not a readable database (file is not a database); "
                           "it was moved to memory.db.unreadable-") and note.endswith(" and a fresh memory was started")
    other = tmp_path / "other"
    other.mkdir()
    foreign = sqlite3.connect(other / DATABASE_NAME)
    foreign.execute("CREATE TABLE invoices(id)")
    foreign.close()
    assert open_database(other).notes[0].startswith(f"{other / DATABASE_NAME} is another program's SQLite database;")


def test_the_default_folder_is_the_users_data_folder():
    from emosymphony.memory.database import default_data_dir

    database = open_database()
    assert database.path == default_data_dir() / DATABASE_NAME and database.path.exists()
    database.close()


def test_private_files_covers_the_database_and_both_logs(tmp_path):
    import stat

    from emosymphony.memory.database import _private_files

    for suffix in ("", "-wal", "-shm"):
        (tmp_path / f"{DATABASE_NAME}{suffix}").write_text("x")
        os.chmod(tmp_path / f"{DATABASE_NAME}{suffix}", 0o644)
    _private_files(tmp_path / DATABASE_NAME)
    assert [stat.S_IMODE(os.stat(tmp_path / f"{DATABASE_NAME}{s}").st_mode) for s in ("", "-wal", "-shm")] == [0o600] * 3
    _private_files(tmp_path / "new.db")
    assert stat.S_IMODE(os.stat(tmp_path / "new.db").st_mode) == 0o600
