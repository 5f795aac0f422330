"""The music library: one folder per emotion, scanned incrementally with a cache."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import platformdirs

from ..emotions import EMOTIONS
from ..errors import EmosymphonyError, os_problem, shown
from ..files import APP_NAME, PARTIAL_PREFIX, private_folder, remove_leftovers, special_kind, write_atomically
from ..tracks import Track
from .tags import AUDIO_SUFFIXES, TagError, read_tags, shorten

CACHE_VERSION = 1


class LibraryError(EmosymphonyError):
    """The music folder cannot be created, read or written."""


@dataclass
class ScanResult:
    """The tracks found, and what changed since the previous scan."""

    tracks: list[Track]
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)
    unreadable_folders: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Things the user should know that are not about one file (a damaged cache that was rebuilt)."""

    @property
    def playable(self) -> list[Track]:
        return [t for t in self.tracks if t.playable]

    @property
    def unreadable(self) -> list[Track]:
        return [t for t in self.tracks if not t.playable]

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed or self.renamed)


def default_music_root() -> Path:
    """Where the music lives unless the user chooses another folder: ~/Music/Emotion Symphony."""
    return Path(platformdirs.user_music_dir()) / "Emotion Symphony"


class MusicLibrary:
    """The per-emotion folders under `root`; `scan()` reads only files that are new or changed."""

    def __init__(self, root: str | Path | None = None, cache_file: str | Path | None = None):
        self.root = Path(root).expanduser() if root else default_music_root()
        self.cache_file = Path(cache_file) if cache_file else _default_cache_file(self.root)
        self._notes: list[str] = []
        self._cache: dict[str, Track] = self._load_cache()
        self._last_paths: set[str] | None = None

    def ensure_layout(self) -> None:
        """Create the root and its seven emotion folders if they are missing. A folder that cannot be made (its name
        is taken by a file...) is left out and never hides the others' songs; `scan` names it. LibraryError when
        the root itself cannot be made."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise LibraryError(f"cannot create the music folder {shown(self.root)}: {os_problem(error)}") from None
        for emotion in EMOTIONS:
            try:
                self.folder_for_adding(emotion)
            except LibraryError:
                continue

    def folder_for_adding(self, emotion: str) -> Path:
        """The emotion's folder, created if missing; LibraryError naming it when it cannot be (it is a file...)."""
        folder = self.root / emotion
        try:
            folder.mkdir(exist_ok=True)
        except FileExistsError:
            raise LibraryError(f"the {emotion} folder {shown(folder)} is a file, not a folder; rename or remove "
                               f"that file to use the {emotion} folder") from None
        except OSError as error:
            raise LibraryError(f"cannot create the {emotion} folder {shown(folder)}: {os_problem(error)}") from None
        return folder

    def folder(self, emotion: str) -> Path:
        return self.root / emotion

    def scan(self) -> ScanResult:
        """All audio files of the emotion folders; files already known with the same size and time are not re-read."""
        try:
            if not self.root.is_dir():
                raise LibraryError(f"music folder not found: {shown(self.root)}")
        except OSError as error:
            raise LibraryError(f"music folder {shown(self.root)}: {os_problem(error)}") from None
        tracks: list[Track] = []
        unreadable_folders: list[str] = []
        for emotion in EMOTIONS:
            folder = self.root / emotion
            if not os.path.isdir(folder):
                if os.path.lexists(folder):
                    unreadable_folders.append(f"{shown(folder)}: is not a folder (the {emotion} songs cannot be found)")
                continue
            remove_leftovers(folder)
            entries, problems = walk_audio(folder)
            unreadable_folders.extend(f"{shown(path)}: {why}" for path, why in problems if not _is_audio_name(path))
            for path, stat in entries:
                tracks.append(self._track(path, emotion, stat))
            for path, why in problems:  # a song that is a broken link, a pipe...: listed as unreadable
                if _is_audio_name(path):
                    name = Path(path).stem
                    tracks.append(Track(path, emotion, name, "", "", 0.0, False, 0, 0.0, why))
        tracks.sort(key=lambda t: (EMOTIONS.index(t.emotion), t.path.lower()))
        result = self._changes(tracks)
        result.unreadable_folders = unreadable_folders
        result.notes, self._notes = self._notes, []
        self._cache = {t.path: t for t in tracks}
        self._save_cache()
        return result

    def _track(self, path: str, emotion: str, stat: os.stat_result) -> Track:
        known = self._cache.get(path)
        if known and known.size == stat.st_size and known.mtime == stat.st_mtime and known.emotion == emotion:
            return known
        name = Path(path).stem
        try:
            info = read_tags(Path(path))
        except TagError as error:
            return Track(path, emotion, name, "", "", 0.0, False, stat.st_size, stat.st_mtime, str(error))
        return Track(
            path,
            emotion,
            info.title or name,
            info.artist or "",
            info.album or "",
            info.duration,
            info.has_cover,
            stat.st_size,
            stat.st_mtime,
        )

    def _changes(self, tracks: list[Track]) -> ScanResult:
        now = {t.path: t for t in tracks}
        before = set(self._cache) if self._last_paths is None else self._last_paths
        self._last_paths = set(now)
        added = sorted(set(now) - before)
        removed = sorted(before - set(now))
        old = {p: self._cache[p] for p in removed if p in self._cache}
        renamed = []
        for path in [p for p in added if now[p].playable]:
            match = next((p for p, t in old.items() if (t.size, t.mtime) == (now[path].size, now[path].mtime)), None)
            if match:
                renamed.append((match, path))
                added.remove(path)
                removed.remove(match)
                del old[match]
        return ScanResult(tracks, added, removed, renamed)

    def _load_cache(self) -> dict[str, Track]:
        """The tracks known from the last scan; a damaged cache is dropped (and said once in the next scan)."""
        try:
            text = self.cache_file.read_text(encoding="utf-8", errors="surrogateescape")
        except OSError:
            return {}
        try:
            data = json.loads(text)
            if not isinstance(data, dict) or data.get("version") != CACHE_VERSION or data.get("root") != str(self.root):
                raise ValueError("another version or library")
            tracks = {}
            for entry in data["tracks"]:
                track = Track(**entry)
                track = replace(track, title=shorten(track.title), artist=shorten(track.artist),
                                album=shorten(track.album))
                if not isinstance(track.path, str) or track.emotion not in EMOTIONS:
                    raise ValueError("bad entry")
                tracks[track.path] = track
            return tracks
        except (ValueError, KeyError, TypeError, RecursionError):
            self._notes.append(f"the library cache {shown(self.cache_file)} was damaged; it was rebuilt")
            return {}

    def _save_cache(self) -> None:
        data = {"version": CACHE_VERSION, "root": str(self.root), "tracks": [asdict(t) for t in self._cache.values()]}
        try:
            private_folder(self.cache_file.parent)
            write_atomically(self.cache_file, json.dumps(data, ensure_ascii=False).encode("utf-8", "surrogateescape"),
                             private=True)
        except (EmosymphonyError, OSError):
            pass  # the cache only saves time; the library works without it


def walk_audio(folder: Path, recursive: bool = False) -> tuple[list[tuple[str, os.stat_result]], list[tuple[str, str]]]:
    """The audio files in `folder` (and its sub-folders when `recursive`) with their stats, and the
    problems met as (path, reason) — an unreadable folder or file, a symbolic link that loops — which
    never hide the other files."""
    found: list[tuple[str, os.stat_result]] = []
    problems: list[tuple[str, str]] = []
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as entries:
                listed = sorted(entries, key=lambda e: e.name)
        except OSError as error:
            problems.append((str(current), os_problem(error)))
            continue
        for entry in listed:
            if entry.name.startswith(PARTIAL_PREFIX):
                continue
            try:
                if recursive and entry.is_dir(follow_symlinks=False):
                    pending.append(Path(entry.path))
                elif _is_audio_name(entry.name):
                    if entry.is_file():
                        found.append((entry.path, entry.stat()))
                    elif entry.is_symlink() and not os.path.exists(entry.path):
                        problems.append((entry.path, f"the link points to {shown(os.readlink(entry.path))}, "
                                                     "which is missing"))
                    elif not entry.is_dir():
                        problems.append((entry.path, f"{special_kind(os.stat(entry.path).st_mode)}, not a song"))
            except OSError as error:
                problems.append((entry.path, os_problem(error)))
    return found, problems


def _is_audio_name(path: str) -> bool:
    return os.path.splitext(path)[1].lower() in AUDIO_SUFFIXES


def _default_cache_file(root: Path) -> Path:
    digest = hashlib.sha1(str(root.resolve()).encode()).hexdigest()[:12]
    return Path(platformdirs.user_cache_dir(APP_NAME)) / f"library-{digest}.json"
