"""The one exception family the package raises for problems a user can fix, and how OS errors read to a user."""

from __future__ import annotations

import errno
import unicodedata
from pathlib import Path


class EmosymphonyError(Exception):
    """Something the user can act on (a missing file, a bad layout, a corrupt model...)."""


class ModelError(EmosymphonyError):
    """The model file is missing, unreadable or not an emotion model."""


_PLAIN = {
    errno.ENOENT: "no such file or folder",
    errno.EACCES: "permission denied",
    errno.EPERM: "not permitted",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EISDIR: "is a folder, not a file",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.ELOOP: "a symbolic link loops back on itself",
    errno.ENAMETOOLONG: "the name is too long",
    errno.EROFS: "the disk is read-only",
    errno.EIO: "the disk could not be read (input/output error)",
}


def os_problem(error: OSError) -> str:
    """What went wrong, in a few plain words (without the path)."""
    return _PLAIN.get(error.errno or 0) or (error.strerror or str(error)).lower()


def shown(path: str | Path) -> str:
    """A path as it can be printed: undecodable bytes of its name escaped, control characters removed."""
    return plain_text(str(path).encode("utf-8", "backslashreplace").decode("utf-8"))


def plain_text(text: str) -> str:
    """Text without control characters (terminal escape codes in tags cannot reach the terminal)."""
    return "".join(" " if c in "\t\n\r" else c for c in text
                   if c in "\t\n\r" or unicodedata.category(c) not in ("Cc", "Cf"))


def file_error(path: str | Path, error: OSError) -> EmosymphonyError:
    """An EmosymphonyError naming the file and the problem, for raising from an OSError."""
    return EmosymphonyError(f"{shown(path)}: {os_problem(error)}")


def first_line(error: BaseException) -> str:
    """The first line of an exception's text (at most 200 characters), or its type's name."""
    text = str(error).strip().splitlines()
    return text[0][:200] if text else type(error).__name__
