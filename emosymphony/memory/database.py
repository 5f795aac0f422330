"""The listening memory's SQLite database: where it lives, its schema and migrations, and opening it safely.

One file, `memory.db`, in the user data folder (platformdirs; `--data-dir` moves it). Write-ahead
logging and a busy timeout let the window and the command line use it at the same time; every
event is its own transaction, so a killed process loses at most the event it was writing.

Opening never destroys anything: a file that is not our database (not SQLite, damaged by its own
integrity check, or another program's) is moved aside under a dated name and a fresh database
starts; a database written by a newer version of Emotion Symphony is refused (DatabaseTooNew) and
left as it is. Busy, locked, read-only or on a full disk is not damage: `problem` says which, the
file is never touched, and the shell runs on a memory-only database for that run.

The database and its -wal/-shm files are the listener's alone (0600), and so is the default folder (0700);
a folder named with --data-dir is made 0700 when it is created, and otherwise left as its owner keeps it.
"""

from __future__ import annotations

import os
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import platformdirs

from ..errors import EmosymphonyError, os_problem, shown
from ..files import APP_NAME, PRIVATE_FILE_MODE, PRIVATE_FOLDER_MODE, make_private, private_folder
from ..shutdown import uninterrupted

DATABASE_NAME = "memory.db"
APPLICATION_ID = 0x454D5359  # "EMSY", in the SQLite header: tells our file from another program's
BUSY_TIMEOUT_MS = 5000

MIGRATIONS: tuple[str, ...] = (
    # 1: the application's own state, profiles, their settings, history (plays and mood changes), likes and dislikes
    """
    CREATE TABLE app_state(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE profiles(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE, created REAL NOT NULL);
    CREATE TABLE settings(profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
                          key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY(profile_id, key)) WITHOUT ROWID;
    CREATE TABLE tracks(id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE,
                        artist TEXT NOT NULL DEFAULT '', title TEXT NOT NULL DEFAULT '');
    CREATE TABLE plays(id INTEGER PRIMARY KEY, profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
                       track_id INTEGER NOT NULL REFERENCES tracks(id), started REAL NOT NULL, ended REAL,
                       heard REAL, ending TEXT, mood TEXT NOT NULL, source TEXT NOT NULL, strategy TEXT NOT NULL);
    CREATE INDEX plays_by_time ON plays(profile_id, started);
    CREATE TABLE moods(id INTEGER PRIMARY KEY, profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
                       time REAL NOT NULL, mood TEXT NOT NULL, confidence REAL NOT NULL, source TEXT NOT NULL);
    CREATE INDEX moods_by_time ON moods(profile_id, time);
    CREATE TABLE likes(profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
                       track_id INTEGER NOT NULL REFERENCES tracks(id), mood TEXT NOT NULL, time REAL NOT NULL,
                       PRIMARY KEY(profile_id, track_id)) WITHOUT ROWID;
    CREATE TABLE dislikes(profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
                          track_id INTEGER NOT NULL REFERENCES tracks(id), time REAL NOT NULL,
                          PRIMARY KEY(profile_id, track_id)) WITHOUT ROWID;
    """,
    # 2: what was learned: evidence for and against each track per mood and time of day,
    #    filled from the plays and likes that version 1 recorded (see memory/taste.py for the weights)
    """
    CREATE TABLE taste(profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
                       mood TEXT NOT NULL, track_id INTEGER NOT NULL REFERENCES tracks(id), daypart TEXT NOT NULL,
                       good REAL NOT NULL DEFAULT 0, bad REAL NOT NULL DEFAULT 0,
                       PRIMARY KEY(profile_id, mood, track_id, daypart)) WITHOUT ROWID;
    INSERT INTO taste(profile_id, mood, track_id, daypart, good, bad)
        SELECT profile_id, mood, track_id, daypart, SUM(good), SUM(bad) FROM (
            SELECT profile_id, mood, track_id,
                   CASE WHEN hour < 6 THEN 'night' WHEN hour < 12 THEN 'morning'
                        WHEN hour < 18 THEN 'afternoon' ELSE 'evening' END AS daypart,
                   CASE WHEN ending = 'finished' THEN 1.0 ELSE 0.0 END AS good,
                   CASE WHEN ending = 'skipped' AND heard_seconds < 30 THEN 1.0
                        WHEN ending = 'skipped' THEN 0.5 ELSE 0.0 END AS bad
            FROM (SELECT profile_id, mood, track_id, ending, (ended - started) AS heard_seconds,
                         CAST(strftime('%H', started, 'unixepoch', 'localtime') AS INTEGER) AS hour FROM plays)
            UNION ALL
            SELECT profile_id, mood, track_id,
                   CASE WHEN hour < 6 THEN 'night' WHEN hour < 12 THEN 'morning'
                        WHEN hour < 18 THEN 'afternoon' ELSE 'evening' END, 3.0, 0.0
            FROM (SELECT profile_id, mood, track_id,
                         CAST(strftime('%H', time, 'unixepoch', 'localtime') AS INTEGER) AS hour FROM likes))
        GROUP BY profile_id, mood, track_id, daypart HAVING SUM(good) > 0 OR SUM(bad) > 0;
    """,
    # 3: songs' sound features by content hash (music/analysis.py), shared by all profiles
    """
    CREATE TABLE sounds(hash TEXT PRIMARY KEY, version INTEGER NOT NULL, features TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE sound_files(path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime REAL NOT NULL, hash TEXT NOT NULL) WITHOUT ROWID;
    """,
    # 4: a file's identity beyond size and modification time (which a rewrite can restore): its inode and the
    #    time its status last changed, which no program can set back. Old rows match nothing: hashed again once.
    """
    ALTER TABLE sound_files ADD COLUMN inode INTEGER NOT NULL DEFAULT -1;
    ALTER TABLE sound_files ADD COLUMN ctime REAL NOT NULL DEFAULT -1;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


class DatabaseError(EmosymphonyError):
    """The listening memory cannot be opened or written."""


class DatabaseTooNew(DatabaseError):
    """The database was written by a newer version of Emotion Symphony; it is left untouched."""


class ProfileGone(DatabaseError):
    """The profile in use was removed (by another program, or another window) while it was in use."""


DAMAGE_CODES = frozenset({"SQLITE_CORRUPT", "SQLITE_NOTADB"})
"""The only errors that mean the file itself is bad (and may be moved aside)."""
_PROBLEMS = {
    "SQLITE_BUSY": "it is in use by another program (busy for more than {timeout:g} s)",
    "SQLITE_LOCKED": "it is locked by another program",
    "SQLITE_FULL": "the disk is full",
    "SQLITE_READONLY": "it is read-only",
    "SQLITE_CANTOPEN": "it cannot be opened (check the folder's permissions)",
    "SQLITE_PERM": "permission denied",
    "SQLITE_IOERR": "the disk could not be read or written (input/output error)",
    "SQLITE_CORRUPT": "it is damaged",
    "SQLITE_NOTADB": "it is not a database",
}


def error_name(error: sqlite3.Error) -> str:
    """SQLite's name of an error's primary code ("SQLITE_BUSY" for "SQLITE_BUSY_SNAPSHOT"...), or the exception's
    type for errors SQLite did not raise (an operation on a closed connection)."""
    name = getattr(error, "sqlite_errorname", None) or ""
    primary = "_".join(name.split("_")[:2])
    return primary if primary in _PROBLEMS else name or type(error).__name__


def is_damage(error: sqlite3.Error) -> bool:
    """Whether an error says the file is not a (healthy) database, rather than busy, locked, full or read-only."""
    return error_name(error) in DAMAGE_CODES


def problem(error: sqlite3.Error) -> str:
    """What an SQLite error means for the listener, in a few plain words."""
    template = _PROBLEMS.get(error_name(error))
    return template.format(timeout=BUSY_TIMEOUT_MS / 1000) if template else str(error)


def database_error(path: Path | None, error: sqlite3.Error, doing: str = "use") -> DatabaseError:
    """A DatabaseError that names the memory file and says in plain words why it could not be used."""
    where = shown(path) if path is not None else "the listening memory"
    said = problem(error)
    if path is not None and error_name(error) == "SQLITE_IOERR" and _disk_full(path.parent):
        said = _PROBLEMS["SQLITE_FULL"]  # the shared-memory index cannot grow on a full disk: SQLite says "I/O"
    return DatabaseError(f"cannot {doing} {where}: {said}")


def _disk_full(folder: Path) -> bool:
    try:
        status = os.statvfs(folder)
    except OSError:
        return False
    return status.f_bavail * status.f_frsize < 64 * 1024


@dataclass
class Database:
    """An open memory database and what the listener should be told about opening it."""

    connection: sqlite3.Connection
    path: Path | None
    """None for a database kept in memory only (forgotten at exit)."""
    notes: list[str] = field(default_factory=list)

    def close(self) -> None:
        self.connection.close()


def default_data_dir() -> Path:
    """Where the listening memory lives unless `--data-dir` says otherwise."""
    return Path(platformdirs.user_data_dir(APP_NAME))


def open_database(data_dir: str | Path | None = None) -> Database:
    """Open (creating or migrating) the memory database in `data_dir`; see the module docstring for bad files."""
    folder = Path(data_dir) if data_dir is not None else default_data_dir()
    path = folder / DATABASE_NAME
    try:
        if data_dir is None:  # the program's own folder: the listener's alone
            private_folder(folder)
        else:  # a folder the user named: made private if new, otherwise left as the user keeps it
            folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER_MODE)
        _private_files(path)
    except OSError as error:
        raise DatabaseError(f"cannot use the data folder {shown(folder)}: {os_problem(error)}") from None
    notes: list[str] = []
    try:
        connection = _connect(path)
    except _NotOurs as problem:
        aside = _move_aside(path)
        notes.append(f"{shown(path)} {problem}; it was moved to {shown(aside.name)} and a fresh memory was started")
        _private_files(path)
        connection = _connect(path)
    _private_files(path)
    return Database(connection, path, notes)


def _private_files(path: Path) -> None:
    """The database and its write-ahead log are the owner's alone: a new file is made 0600 before SQLite opens it
    (SQLite gives its -wal and -shm files the database's mode), an existing one is set to 0600."""
    if not os.path.lexists(path):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE))
    for suffix in ("", "-wal", "-shm"):
        make_private(f"{path}{suffix}")


def memory_only() -> Database:
    """A database that lives in memory and is forgotten at exit (no data folder, or one that was refused)."""
    connection = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    _prepare(connection)
    _migrate(connection)
    return Database(connection, None)


@contextmanager
def transaction(connection: sqlite3.Connection) -> Iterator[None]:
    """Run a few statements as one transaction (rolled back on error); the connection autocommits otherwise."""
    with uninterrupted():  # a signal waits for the commit (or the rollback)
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")


class _NotOurs(Exception):
    """The file at the database path is damaged or belongs to another program (the text says which)."""


def _connect(path: Path) -> sqlite3.Connection:
    try:
        connection = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    except sqlite3.Error as error:
        raise database_error(path, error, "open") from None
    try:
        application_id = connection.execute("PRAGMA application_id").fetchone()[0]
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        tables = connection.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]
        if application_id != APPLICATION_ID and (tables or version):
            raise _NotOurs("is another program's SQLite database")
        if version > SCHEMA_VERSION:
            raise DatabaseTooNew(
                f"{shown(path)} was written by a newer version of Emotion Symphony (memory version {version}, "
                f"this one reads up to {SCHEMA_VERSION}); it is left untouched. Update Emotion Symphony, or use "
                f"--data-dir to keep a separate memory"
            )
        _prepare(connection)
        if version < SCHEMA_VERSION:
            _migrate(connection)
        return connection
    except sqlite3.Error as error:
        connection.close()
        if is_damage(error) and _fails_integrity(path):
            raise _NotOurs(f"is not a readable database ({error})") from None
        raise database_error(path, error, "open") from None
    except BaseException:
        connection.close()
        raise


def _fails_integrity(path: Path) -> bool:
    """Whether the file, opened read-only on its own, is not SQLite or fails SQLite's integrity check (a file that
    merely cannot be read now, being busy or locked, does not fail: it is left where it is)."""
    try:
        with open(path, "rb") as handle:
            if handle.read(16) not in (b"", b"SQLite format 3\x00"):
                return True
        probe = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except (OSError, sqlite3.Error):
        return False
    try:
        return probe.execute("PRAGMA quick_check").fetchone()[0] != "ok"
    except sqlite3.Error as error:
        return is_damage(error)
    finally:
        probe.close()


def _prepare(connection: sqlite3.Connection) -> None:
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")  # with WAL: a killed process loses nothing committed
    connection.execute("PRAGMA foreign_keys = ON")


def _migrate(connection: sqlite3.Connection) -> None:
    """Bring the schema to SCHEMA_VERSION, one version per transaction."""
    while True:
        connection.execute("BEGIN IMMEDIATE")  # another process may be migrating at the same moment
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version >= SCHEMA_VERSION:
            connection.execute("COMMIT")
            return
        try:
            for statement in _statements(MIGRATIONS[version]):
                connection.execute(statement)
            connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            connection.execute(f"PRAGMA user_version = {version + 1}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise


def _statements(script: str) -> list[str]:
    """The statements of a migration, to run inside one transaction (executescript would commit first)."""
    statements, pending = [], ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    return [s for s in statements if s]


def _move_aside(path: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.unreadable-{stamp}")
    number = 1
    while aside.exists():
        aside = path.with_name(f"{path.name}.unreadable-{stamp}-{number}")
        number += 1
    try:
        os.rename(path, aside)
        for suffix in ("-wal", "-shm"):
            leftover = Path(f"{path}{suffix}")
            if leftover.exists():
                os.rename(leftover, Path(f"{aside}{suffix}"))
    except OSError as error:
        raise DatabaseError(f"{shown(path)} cannot be read, and cannot be moved aside: {os_problem(error)}") from None
    return aside
