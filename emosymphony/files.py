"""Writing files so that nothing is ever half-written or overwritten by surprise.

- `write_atomically`: files the program owns (caches, catalogs, models, reports) are written to a
  hidden temporary file beside the target, flushed to disk, then renamed over it: a crash, a kill or
  a full disk leaves the old file or the new one, never a mix.
- `place_new`: a user's file (a song added to the library) goes to a hidden temporary name, is
  flushed, then takes the first free name (`name (1).ext`, ...) atomically, without replacing anything.
- `PARTIAL_PREFIX` marks the temporary files, followed by the writing process's id; `remove_leftovers`
  clears those whose writer is gone (a killed run), never one that is still being written.
- `read_limited`: every user file the program reads whole (images, catalogs) is opened without blocking,
  checked to be a regular file no larger than a limit, and read with that limit: a named pipe,
  /dev/zero or a 40 GB file is refused before anything is read.
- `private_folder`: folders that hold what is remembered about a listener are 0700, their files 0600.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path
from typing import Callable, Iterable

from .errors import EmosymphonyError, os_problem, shown

APP_NAME = "emosymphony"
"""The program's name for its own folders (data, cache)."""
PARTIAL_PREFIX = ".emosymphony-partial-"
_UMASK = os.umask(0o022)
os.umask(_UMASK)  # read once, before any thread starts; os.umask() cannot be read without setting it
FILE_MODE = 0o644 & ~_UMASK
"""New files are readable by all and writable by their owner (never executable), as the umask allows."""
PRIVATE_FILE_MODE, PRIVATE_FOLDER_MODE = 0o600, 0o700
"""What is written about a listener (memory, exports, settings) is theirs alone."""


def read_limited(path: str | Path, limit: int, what: str = "a file") -> bytes:
    """The bytes of a regular file of at most `limit` bytes; EmosymphonyError naming it otherwise.

    The file is opened without blocking (a named pipe never hangs the program) and its type and size are
    checked on the open file before anything is read; the read itself stops at the limit (a file that grows)."""
    descriptor = open_regular(path, what)
    with open(descriptor, "rb") as handle:
        size = os.fstat(descriptor).st_size
        if size > limit:
            raise EmosymphonyError(f"{shown(path)}: too large for {what} ({_size(size)}; at most {_size(limit)})")
        try:
            data = handle.read(limit + 1)  # one byte more than allowed tells a file that grew (or lied about its size)
        except OSError as error:
            raise EmosymphonyError(f"{shown(path)}: {os_problem(error)}") from None
    if len(data) > limit:
        raise EmosymphonyError(f"{shown(path)}: too large for {what} (over {_size(limit)})")
    return data


def open_regular(path: str | Path, what: str = "a file") -> int:
    """A read-only descriptor of `path` (following links) if it is a regular file; EmosymphonyError if it is
    missing, unreadable, a folder, a named pipe, a device or a socket. Never blocks."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        raise EmosymphonyError(f"{shown(path)}: {os_problem(error)}") from None
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        raise EmosymphonyError(f"{shown(path)}: {special_kind(mode)}, not {what}")
    os.set_blocking(descriptor, True)
    return descriptor


def check_regular(path: str | Path, what: str = "a file") -> None:
    """EmosymphonyError unless `path` is a regular file (checked by its status: nothing is opened)."""
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        raise EmosymphonyError(f"{shown(path)}: {os_problem(error)}") from None
    if not stat.S_ISREG(mode):
        raise EmosymphonyError(f"{shown(path)}: {special_kind(mode)}, not {what}")


def special_kind(mode: int) -> str:
    """What a file that is not a regular one is, in a few words."""
    if stat.S_ISDIR(mode):
        return "is a folder"
    if stat.S_ISFIFO(mode):
        return "is a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device"
    if stat.S_ISSOCK(mode):
        return "is a socket"
    return "is not a regular file"


def _size(count: int) -> str:
    return f"{count / 1e9:.1f} GB" if count >= 1e9 else f"{count / 1e6:.0f} MB" if count >= 1e6 else f"{count} bytes"


def private_folder(path: str | Path) -> Path:
    """Create `path` (and its parents) if needed, the owner's alone (0700); an existing one loses its group's and
    others' permissions (the owner's are left as they are)."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER_MODE)
    make_private(path)
    return path


def make_private(path: str | Path) -> None:
    """Take the group's and others' permissions off an existing file or folder (a file made read-only by its
    owner stays read-only); a missing one is left missing."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
        if mode & 0o077:
            os.chmod(path, mode & 0o700)
    except FileNotFoundError:
        pass


def write_atomically(path: str | Path, data: bytes | str, private: bool = False, mode: int | None = None) -> None:
    """Replace `path` with `data` in one step (EmosymphonyError naming the file when it cannot be written).

    Only a regular file is ever replaced (a link to one is followed and stays a link); a folder, a device or a
    named pipe is refused. `private`: the file is the owner's alone (0600); `mode`: these permissions instead
    (a file of the listener's keeps its own)."""
    path = Path(path)
    if os.path.lexists(path):
        try:
            mode = os.stat(path).st_mode
        except OSError as error:
            raise EmosymphonyError(f"cannot write {shown(path)}: {os_problem(error)}") from None
        if stat.S_ISDIR(mode):
            raise EmosymphonyError(f"{shown(path)}: is a folder; give a file name")
        if not stat.S_ISREG(mode):
            raise EmosymphonyError(f"{shown(path)}: {special_kind(mode)}; only a regular file is ever replaced")
        path = Path(os.path.realpath(path))
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
        os.chmod(temporary, mode if mode is not None else PRIVATE_FILE_MODE if private else FILE_MODE)
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


def same_content(source: Path, candidates: Iterable[Path]) -> Path | None:
    """The first of `candidates` with the bytes of `source` (links followed); a named pipe, a device or a name that
    cannot be read is passed over, never opened."""
    import filecmp

    try:
        size = os.stat(source).st_size
    except OSError:
        return None
    for candidate in candidates:
        try:
            status = os.stat(candidate)
            if stat.S_ISREG(status.st_mode) and status.st_size == size and filecmp.cmp(source, candidate, shallow=False):
                return Path(candidate)
        except OSError:
            continue
    return None


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
    return next(candidate for candidate in _names(path) if not os.path.lexists(candidate))


def _take_free_name(partial: Path, wanted: Path) -> Path:
    """Give `partial` the first free name like `wanted`; a hard link never replaces an existing file."""
    names = _names(wanted)
    while True:
        candidate = next(names)
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


def _names(path: Path):
    yield path
    number = 1
    while True:
        yield path.with_name(f"{path.stem} ({number}){path.suffix}")
        number += 1
