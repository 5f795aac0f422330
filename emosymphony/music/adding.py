"""Adding songs to an emotion folder (copy or move), never overwriting, and undoing the last add."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from ..emotions import EMOTIONS, emotion_index
from ..errors import EmosymphonyError, os_problem, shown
from ..files import check_regular, place_new, same_content
from ..words import counted
from .library import MusicLibrary, walk_audio
from .tags import AUDIO_SUFFIXES, TagError, read_tags


@dataclass
class AddReport:
    """What an add did: files placed (source, destination), files already there from an earlier add (source,
    the copy found), files skipped (path, reason), and for a move, the copies whose source could not be
    deleted (destination -> reason)."""

    emotion: str
    moved: bool
    added: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    sources_kept: dict[str, str] = field(default_factory=dict)
    present: list[tuple[str, str]] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    """(source, the library's song with the same content): not added; `add_songs(..., anyway=True)` adds them."""

    def summary(self) -> str:
        verb = "moved" if self.moved else "copied"
        text = f"{counted(len(self.added) - len(self.sources_kept), 'song')} {verb} into {self.emotion}"
        if self.sources_kept:
            reason = next(iter(self.sources_kept.values()))
            text += f", {len(self.sources_kept)} copied but the original kept ({reason})"
        if self.present:
            text += f", {len(self.present)} already there"
        for _, existing in self.duplicates[:1]:
            place = Path(existing)
            text += f", already in {place.parent.name} as {place.name}"
            if len(self.duplicates) > 1:
                text += f" (and {counted(len(self.duplicates) - 1, 'other')})"
        return text + (f", {len(self.skipped)} skipped" if self.skipped else "")


def audio_files_in(paths: Iterable[str | Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Audio files among `paths` (folders are searched, sub-folders too) and the paths skipped, with reasons."""
    found: list[Path] = []
    skipped: list[tuple[str, str]] = []
    for item in map(Path, paths):
        try:
            if item.is_dir():
                files, problems = walk_audio(item, recursive=True)
                found.extend(Path(path) for path, _ in files)
                skipped.extend(problems)
                if not files and not problems:
                    skipped.append((str(item), "no audio files in this folder"))
            elif not os.path.lexists(item):
                skipped.append((str(item), "no such file"))
            elif item.suffix.lower() not in AUDIO_SUFFIXES:
                skipped.append((str(item), f"not a supported audio file ({', '.join(sorted(AUDIO_SUFFIXES))})"))
            else:
                found.append(item)
        except OSError as error:
            skipped.append((str(item), os_problem(error)))
    return found, skipped


def add_songs(
    library: MusicLibrary,
    paths: Iterable[str | Path],
    emotion: str,
    move: bool = False,
    progress: Callable[[int, int], None] | None = None,
    anyway: bool = False,
) -> AddReport:
    """Copy (or move) audio files, and the audio files of folders, into the emotion's folder.

    A song whose content is already in the library (any folder) is not added twice: it is reported in
    `duplicates`, unless `anyway`.

    Each file must be whole audio that mutagen reads. It is copied under a hidden temporary name,
    flushed, then given its own name or, when that is taken, " (1)", " (2)"...: an existing file is
    never overwritten and a killed add leaves no half song under a real name. `progress(done, total)`
    is called after each file.
    """
    emotion = emotion.lower()
    emotion_index(emotion)
    library.ensure_layout()
    target_dir = library.folder_for_adding(emotion)
    files, skipped = audio_files_in(paths)
    report = AddReport(emotion, move, skipped=skipped)
    known = _songs_by_size(library)
    for done, source in enumerate(files, start=1):
        _add_one(source, target_dir, report, known, anyway)
        if progress:
            progress(done, len(files))
    return report


def _songs_by_size(library: MusicLibrary) -> dict[int, list[Path]]:
    """The library's song files (links followed) by size: a new song is compared only with those of its size."""
    sizes: dict[int, list[Path]] = {}
    for emotion in EMOTIONS:
        for path, _ in walk_audio(library.folder(emotion))[0]:
            try:
                sizes.setdefault(os.stat(path).st_size, []).append(Path(path))
            except OSError:
                continue
    return sizes


def _add_one(source: Path, target_dir: Path, report: AddReport, known: dict[int, list[Path]], anyway: bool) -> None:
    try:
        if source.resolve().parent == target_dir.resolve():
            report.skipped.append((str(source), f"already in the {report.emotion} folder"))
            return
        check_regular(source, "a song")  # before the content comparison opens it: a named pipe would hang it
        size = os.stat(source).st_size
        existing = same_content(source, known.get(size, []))
        if existing is not None and os.path.samefile(existing.parent, target_dir):
            report.present.append((str(source), str(existing)))  # already in this folder (a killed add resumed, too)
            return
        if existing is not None and not anyway:
            report.duplicates.append((str(source), str(existing)))
            return
        read_tags(source)
        target = place_new(source, target_dir)
    except EmosymphonyError as error:
        report.skipped.append((str(source), str(error).removeprefix(f"{shown(source)}: ")))
        return
    except TagError as error:
        report.skipped.append((str(source), f"not playable audio: {error}"))
        return
    except OSError as error:
        report.skipped.append((str(source), os_problem(error)))
        return
    known.setdefault(size, []).append(target)  # a second copy in the same add is a duplicate too
    report.added.append((str(source), str(target)))
    if report.moved:
        try:
            source.unlink()
        except OSError as error:
            report.sources_kept[str(target)] = os_problem(error)


def undo_add(report: AddReport) -> list[str]:
    """Reverse an add: copies are deleted, moved files go back. Returns problems, if any."""
    problems = []
    for source, target in reversed(report.added):
        target_path = Path(target)
        if not target_path.exists():
            problems.append(f"{shown(target)} is gone already")
            continue
        try:
            if report.moved and target not in report.sources_kept:
                if Path(source).exists():
                    problems.append(f"{shown(source)} exists again; {shown(target)} left in place")
                    continue
                Path(source).parent.mkdir(parents=True, exist_ok=True)
                shutil.move(target, source)
            else:
                target_path.unlink()
        except OSError as error:
            problems.append(f"{shown(target)}: {os_problem(error)}")
    return problems
