"""One listener's memory as a shell uses it: the database, the profile in use, its taste, history and recorder."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

from .database import Database, DatabaseError, memory_only, open_database
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
        except DatabaseError as error:
            database = memory_only()
            database.notes.append(f"{error}. Nothing will be remembered this time")
        profiles = Profiles(database)
        chosen = profiles.open(profile)
        profiles.remember_last(chosen)
        return cls(database, chosen, clock)

    @property
    def persistent(self) -> bool:
        return self.database.path is not None

    @property
    def folder(self) -> Path | None:
        return self.database.path.parent if self.database.path else None

    def switch(self, name: str) -> None:
        """Use another profile (its taste, history and settings) from now on."""
        profile = self.profiles.get(name)
        self.profiles.remember_last(profile)
        self._use(profile)

    def _use(self, profile: Profile) -> None:
        self.profile = profile
        self.taste = Taste(self.database, profile.id, self._clock)
        self.history = History(self.database, profile.id)
        self.recorder = SessionRecorder(self.history, self.taste, self._clock)

    def tracks_moved(self, moves: list[tuple[str, str]]) -> None:
        """Songs the library saw renamed or moved (old path, new path) keep their history, likes and dislikes."""
        if moves:
            tracks_moved(self.database.connection, moves)
            self.taste.refresh()  # the same object the recommender holds

    def settings(self) -> dict[str, object]:
        return self.profiles.settings(self.profile)

    def save_settings(self, values: dict[str, object]) -> None:
        self.profiles.save_settings(self.profile, values)

    def close(self) -> None:
        self.database.close()
