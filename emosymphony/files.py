"""Writing files so that nothing is ever half-written or overwritten by surprise.

- `write_atomically`: files the program owns (caches, catalogs, models, reports) are written to a
  hidden temporary file beside the target, flushed to disk, then renamed over it: a crash, a kill or
  a full disk leaves the old file or the new one, never a mix.
- `place_new`: a user's file (a song added to the library) goes to a hidden temporary name, is
  flushed, then takes the first free name (`name (1).ext`, ...) atomically, without replacing anything.
- `PARTIAL_PREFIX` marks the temporary files, followed by the writing process's id; `remove_leftovers`
  clears those whose writer is gone (a killed run), never one that is still being written.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable

from .errors import EmosymphonyError, os_problem, shown

PARTIAL_PREFIX = ".emosymphony-partial-"
_UMASK = os.umask(0o022)
os.umask(_UMASK)  # read once, before any thread starts; os.umask() cannot be read without setting it
FILE_MODE = 0o644 & ~_UMASK
"""New files are readable by all and writable by their owner (never executable), as the umask allows."""


def write_atomically(path: str | Path, data: bytes | str) -> None:
    """Replace `path` with `data` in one step (EmosymphonyError naming the file when it cannot be written)."""
    path = Path(path)
    if path.is_dir():
        raise EmosymphonyError(f"{shown(path)}: is a folder; give a file name")
    content = data.encode("utf-8") if isinstance(data, str) else data
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=_partial_prefix(), dir=path.parent)
    except OSError as error:
        raise EmosymphonyError(f"cannot write {shown(path)}: {os_problem(error)}") from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, FILE_MODE)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise EmosymphonyError(f"cannot write {shown(path)}: {os_problem(error)}") from None


def place_new(source: Path, folder: Path, copy: Callable[[Path, Path], None] = shutil.copyfile) -> Path:
    """Copy `source` into `folder` under its own name, or the first free `name (n)`; returns where it went.

    Raises OSError (the copy is removed) when it cannot be read or written.
    """
    descriptor, temporary = tempfile.mkstemp(prefix=_partial_prefix(), dir=folder)
    os.close(descriptor)
    partial = Path(temporary)
    try:
        copy(source, partial)
        with partial.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(partial, FILE_MODE)
        return _take_free_name(partial, folder / source.name)
    finally:
        partial.unlink(missing_ok=True)


def remove_leftovers(folder: Path) -> list[Path]:
    """Delete the temporary files that writers which are no longer running left in `folder`; returns them."""
    removed = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for entry in entries:
        if entry.name.startswith(PARTIAL_PREFIX) and not _writer_alive(entry.name):
            try:
                entry.unlink()
                removed.append(entry)
            except OSError:
                continue
    return removed


def _partial_prefix() -> str:
    return f"{PARTIAL_PREFIX}{os.getpid()}-"


def _writer_alive(name: str) -> bool:
    """Whether the process that named this temporary file still runs (names without a process id: no)."""
    pid = name[len(PARTIAL_PREFIX):].split("-", 1)[0]
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def free_path(path: Path) -> Path:
    """`path` if no file has that name, else the first free `name (1).ext`, `name (2).ext`, ... (for new outputs)."""
    for candidate in _names(path):
        if not os.path.lexists(candidate):
            return candidate
    raise AssertionError("unreachable")


def _take_free_name(partial: Path, wanted: Path) -> Path:
    """Give `partial` the first free name like `wanted`; a hard link never replaces an existing file."""
    for candidate in _names(wanted):
        try:
            os.link(partial, candidate)
            return candidate
        except FileExistsError:
            continue
        except OSError:  # no hard links here: reserve the name exclusively, then move onto our reservation
            try:
                os.close(os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
            except FileExistsError:
                continue
            os.replace(partial, candidate)
            return candidate
    raise AssertionError("unreachable")


def _names(path: Path):
    yield path
    number = 1
    while True:
        yield path.with_name(f"{path.stem} ({number}){path.suffix}")
        number += 1
