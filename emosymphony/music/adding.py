"""Adding songs to an emotion folder (copy or move), never overwriting, and undoing the last add."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from ..emotions import emotion_index
from ..paths import free_path
from .library import MusicLibrary
from .tags import AUDIO_SUFFIXES


@dataclass
class AddReport:
    """What an add did: files placed (source, destination), files skipped (path, reason)."""

    emotion: str
    moved: bool
    added: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        verb = "moved" if self.moved else "copied"
        text = f"{len(self.added)} song(s) {verb} into {self.emotion}"
        return text + (f", {len(self.skipped)} skipped" if self.skipped else "")


def audio_files_in(paths: Iterable[str | Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Audio files among `paths` (folders are searched recursively) and the paths skipped, with reasons."""
    found: list[Path] = []
    skipped: list[tuple[str, str]] = []
    for item in map(Path, paths):
        if item.is_dir():
            found.extend(sorted(p for p in item.rglob("*") if p.is_file() and p.suffix.lower() in AUDIO_SUFFIXES))
        elif not item.exists():
            skipped.append((str(item), "no such file"))
        elif item.suffix.lower() not in AUDIO_SUFFIXES:
            skipped.append((str(item), f"not a supported audio file ({', '.join(sorted(AUDIO_SUFFIXES))})"))
        else:
            found.append(item)
    return found, skipped


def add_songs(
    library: MusicLibrary,
    paths: Iterable[str | Path],
    emotion: str,
    move: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> AddReport:
    """Copy (or move) audio files and folders' audio files into the emotion's folder.

    An existing file is never overwritten: a name that is taken gets " (1)", " (2)"... added.
    `progress(done, total)` is called after each file.
    """
    emotion = emotion.lower()
    emotion_index(emotion)
    library.ensure_layout()
    target_dir = library.folder(emotion)
    files, skipped = audio_files_in(paths)
    report = AddReport(emotion, move, skipped=skipped)
    for done, source in enumerate(files, start=1):
        if source.resolve().parent == target_dir.resolve():
            report.skipped.append((str(source), f"already in the {emotion} folder"))
        else:
            target = free_path(target_dir / source.name)
            try:
                _place(source, target, move)
                report.added.append((str(source), str(target)))
            except OSError as error:
                report.skipped.append((str(source), error.strerror or str(error)))
        if progress:
            progress(done, len(files))
    return report


def undo_add(report: AddReport) -> list[str]:
    """Reverse an add: copies are deleted, moved files go back. Returns problems, if any."""
    problems = []
    for source, target in reversed(report.added):
        target_path = Path(target)
        if not target_path.exists():
            problems.append(f"{target} is gone already")
            continue
        try:
            if report.moved:
                if Path(source).exists():
                    problems.append(f"{source} exists again; {target} left in place")
                    continue
                Path(source).parent.mkdir(parents=True, exist_ok=True)
                shutil.move(target, source)
            else:
                target_path.unlink()
        except OSError as error:
            problems.append(f"{target}: {error.strerror or error}")
    return problems


def _place(source: Path, target: Path, move: bool) -> None:
    # O_EXCL creation reserves the name, so a file that appeared meanwhile is never overwritten.
    try:
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    except FileExistsError:
        raise OSError(f"{target} appeared while adding") from None
    os.close(descriptor)
    try:
        shutil.copy2(source, target)
    except OSError:
        target.unlink(missing_ok=True)
        raise
    if move:
        source.unlink()

