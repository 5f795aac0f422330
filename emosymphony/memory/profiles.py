"""Listener profiles on a shared computer: each has its own history, likes, dislikes and settings.

There are no passwords: the operating-system account is the login, and anyone using it can switch
profiles. The first profile is named after that account.
"""

from __future__ import annotations

import getpass
import json
import sqlite3
import time
import unicodedata
from dataclasses import dataclass

from ..errors import EmosymphonyError
from .database import Database, ProfileGone, transaction
from .tracks import restored

NAME_LIMIT = 40


class ProfileError(EmosymphonyError):
    """A profile name that is taken, empty or unknown."""


@dataclass(frozen=True)
class Profile:
    id: int
    name: str
    created: float


class Profiles:
    """Create, rename, remove and find profiles; read and write each one's settings."""

    def __init__(self, database: Database):
        self.database = database
        self._sql = database.connection.execute
        self.problems: list[str] = []
        """Saved settings that could not be read back (their defaults are used), each said once."""

    def list(self) -> list[Profile]:
        return [Profile(*row) for row in self._sql("SELECT id, name, created FROM profiles ORDER BY name COLLATE NOCASE")]

    def get(self, name: str) -> Profile:
        row = self._sql("SELECT id, name, created FROM profiles WHERE name = ?", (name.strip(),)).fetchone()
        if row is None:
            known = ", ".join(p.name for p in self.list()) or "none yet"
            raise ProfileError(f"no profile named {name!r} (profiles: {known})")
        return Profile(*row)

    def open(self, name: str | None = None) -> Profile:
        """The named profile, or (None) the last one used, else one named after this computer account (created)."""
        if name is not None:
            return self.get(name)
        row = self._sql("SELECT value FROM app_state WHERE key = 'last_profile'").fetchone()
        if row is not None and str(row[0]).isascii() and str(row[0]).isdigit():  # a damaged value: as if unset
            found = self._sql("SELECT id, name, created FROM profiles WHERE id = ?", (int(row[0]),)).fetchone()
            if found:
                return Profile(*found)
        existing = self.list()
        return existing[0] if existing else self.add(_account_name())

    def remember_last(self, profile: Profile) -> None:
        """The profile the window opens with next time."""
        self._sql("INSERT OR REPLACE INTO app_state(key, value) VALUES ('last_profile', ?)", (str(profile.id),))

    def add(self, name: str) -> Profile:
        name = _valid(name)
        if self._sql("SELECT 1 FROM profiles WHERE name = ?", (name,)).fetchone():
            raise ProfileError(f"there is already a profile named {name!r}")
        self._sql("INSERT INTO profiles(name, created) VALUES (?, ?)", (name, time.time()))
        return self.get(name)

    def rename(self, old: str, new: str) -> Profile:
        profile, new = self.get(old), _valid(new)
        clash = self._sql("SELECT id FROM profiles WHERE name = ?", (new,)).fetchone()
        if clash and clash[0] != profile.id:
            raise ProfileError(f"there is already a profile named {new!r}")
        self._sql("UPDATE profiles SET name = ? WHERE id = ?", (new, profile.id))
        return self.get(new)

    def remove(self, name: str) -> None:
        """Delete a profile with its history, likes, dislikes, learned taste and settings."""
        profile = self.get(name)
        with transaction(self.database.connection):
            self._sql("DELETE FROM profiles WHERE id = ?", (profile.id,))
            self._sql("DELETE FROM app_state WHERE key = 'last_profile' AND value = ?", (str(profile.id),))

    def settings(self, profile: Profile) -> dict[str, object]:
        """The profile's saved settings (JSON values); one that cannot be read back is left out (its default
        applies) and said once in `problems`."""
        values = {}
        for key, value in self._sql("SELECT key, value FROM settings WHERE profile_id = ?", (profile.id,)):
            try:
                values[key] = json.loads(value)
            except (TypeError, ValueError, RecursionError):
                problem = f"the saved setting {key[:40]!r} of {profile.name} is damaged; its default is used"
                if problem not in self.problems:
                    self.problems.append(problem)
        return values

    def save_settings(self, profile: Profile, values: dict[str, object]) -> None:
        """Save settings of `profile`; ProfileGone if another program removed it meanwhile."""
        try:
            with transaction(self.database.connection):
                for key, value in values.items():
                    self._sql("INSERT OR REPLACE INTO settings(profile_id, key, value) VALUES (?, ?, ?)",
                              (profile.id, key, json.dumps(value)))
        except sqlite3.IntegrityError:
            raise ProfileGone(f"the profile {profile.name} was removed; its settings were not saved") from None


_EXPORTS = {
    "plays": "SELECT path, artist, title, started, ended, heard, ending, mood, source, strategy FROM plays "
             "JOIN tracks ON tracks.id = track_id WHERE profile_id = ? ORDER BY started",
    "moods": "SELECT time, mood, confidence, source FROM moods WHERE profile_id = ? ORDER BY time",
    "likes": "SELECT path, artist, title, mood, time FROM likes JOIN tracks ON tracks.id = track_id WHERE profile_id = ?",
    "dislikes": "SELECT path, artist, title, time FROM dislikes JOIN tracks ON tracks.id = track_id WHERE profile_id = ?",
    "taste": "SELECT path, mood, daypart, good, bad FROM taste JOIN tracks ON tracks.id = track_id WHERE profile_id = ?",
}


def export_profile(profiles: Profiles, name: str) -> dict:
    """Everything the memory holds about one profile, as plain data (write it as ASCII JSON: a path that is
    not UTF-8 keeps its exact bytes as \\udcXX escapes)."""
    profile = profiles.get(name)
    data: dict[str, object] = {"profile": {"name": profile.name, "created": profile.created},
                               "settings": profiles.settings(profile)}
    for table, query in _EXPORTS.items():
        cursor = profiles.database.connection.execute(query, (profile.id,))
        columns = [column[0] for column in cursor.description]
        data[table] = [{c: restored(v) if c in ("path", "artist", "title") else v for c, v in zip(columns, row)}
                       for row in cursor]
    return data


def _valid(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ProfileError("a profile needs a name")
    if any(unicodedata.category(c) in ("Cc", "Cf", "Cs") for c in name):
        raise ProfileError("a profile name cannot hold control or formatting characters (terminal escapes, "
                           "direction overrides)")
    if len(name) > NAME_LIMIT:
        raise ProfileError(f"a profile name has at most {NAME_LIMIT} characters")
    return name


def _account_name() -> str:
    try:
        return _valid(getpass.getuser())
    except (KeyError, OSError, ProfileError):
        return "Listener"
