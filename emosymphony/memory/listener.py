"""One listener's memory as a shell uses it: the database, the profile in use, its taste, history and recorder."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Callable

from .database import Database, DatabaseError, database_error, memory_only, open_database
from .history import History
from .profiles import Profile, Profiles
from .recorder import SessionRecorder
from .taste import Taste
from .tracks import tracks_moved


class ListenerMemory:
    """The memory of the profile in use; `switch` changes profile. Problems opening it are in `notes`."""

    def __init__(self, database: Database, profile: Profile, clock: Callable[[], float] = time.time):
        self.database = database
        self.profiles = Profiles(database)
        self.notes: list[str] = list(database.notes)
        self.on_problem: Callable[[str], None] = self.notes.append
        """Hears what could not be remembered while listening (a shell shows it); by default kept in `notes`."""
        self._clock = clock
        self._use(profile)

    @classmethod
    def open(cls, data_dir: str | Path | None = None, profile: str | None = None,
             clock: Callable[[], float] = time.time) -> "ListenerMemory":
        """Open the memory in `data_dir` for `profile` (None: the last one used). A database that cannot be used
        (a newer version's, an unwritable folder) gives a memory that forgets at exit, with a note saying why;
        an unknown profile name raises ProfileError."""
        try:
            database = open_database(data_dir)
            chosen = _open_profile(database, profile)
        except DatabaseError as error:  # never the file's fault here: it is left as it is
            database = memory_only()
            database.notes.append(f"{error}. Nothing will be remembered this time")
            chosen = _open_profile(database, profile, create=True)
        memory = cls(database, chosen, clock)
        memory.settings()  # read once now, so that a damaged setting is said with the other notes
        return memory

    @property
    def persistent(self) -> bool:
        return self.database.path is not None

    @property
    def folder(self) -> Path | None:
        return self.database.path.parent if self.database.path else None

    def switch(self, name: str) -> None:
        """Use another profile (its taste, history and settings) from now on."""
        profile = self.profiles.get(name)
        self.recorder.stop("profile changed")
        self.profiles.remember_last(profile)
        self._use(profile)

    def _use(self, profile: Profile) -> None:
        self.profile = profile
        self.taste = Taste(self.database, profile.id, self._clock)
        self.history = History(self.database, profile.id)
        self.recorder = SessionRecorder(self.history, self.taste, self._clock, lambda text: self.on_problem(text))

    def tracks_moved(self, moves: list[tuple[str, str]]) -> None:
        """Songs the library saw renamed or moved (old path, new path) keep their history, likes and dislikes."""
        if moves:
            tracks_moved(self.database.connection, moves)
            self.taste.refresh()  # the same object the recommender holds

    def settings(self) -> dict[str, object]:
        """The profile's saved settings (a damaged one is left out and said once in `notes`)."""
        values = self.profiles.settings(self.profile)
        for problem in self.profiles.problems:
            if problem not in self.notes:
                self.notes.append(problem)
        return values

    def save_settings(self, values: dict[str, object]) -> None:
        """Save the profile's settings; DatabaseError (the file is untouched) when they cannot be written now."""
        try:
            self.profiles.save_settings(self.profile, values)
        except sqlite3.Error as error:
            raise database_error(self.database.path, error, "save the settings in") from None

    def close(self) -> None:
        """Stop following the mood (the journal counts no time after this) and close the database."""
        self.recorder.stop("closed")
        self.database.close()


def _open_profile(database: Database, name: str | None, create: bool = False) -> Profile:
    """The profile to use (see `Profiles.open`; `create`: a named one is made if missing), remembered as the last
    one used; DatabaseError when the file cannot be read or written now (busy, locked, read-only, full disk)."""
    profiles = Profiles(database)
    try:
        if create and name is not None and name.strip() not in {p.name for p in profiles.list()}:
            profiles.add(name)
        chosen = profiles.open(name)
        profiles.remember_last(chosen)
    except sqlite3.Error as error:
        database.close()
        raise database_error(database.path, error) from None
    return chosen
