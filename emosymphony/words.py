"""Plain words for counts: "1 song", "3 songs" (never "song(s)")."""

from __future__ import annotations


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """`count` and the noun in the number it takes."""
    return f"{count} {singular if count == 1 else plural or singular + 's'}"
