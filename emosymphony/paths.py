"""File-name helpers that never overwrite a user's file."""

from __future__ import annotations

from pathlib import Path


def free_path(path: Path) -> Path:
    """`path` if no file has that name, else the first free `name (1).ext`, `name (2).ext`, ..."""
    candidate, number = path, 1
    while candidate.exists():
        candidate = path.with_name(f"{path.stem} ({number}){path.suffix}")
        number += 1
    return candidate
