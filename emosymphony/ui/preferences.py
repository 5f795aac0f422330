"""The window's remembered settings of this computer, read with validation: a bad value falls back to its default,
with a note."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from PySide6.QtCore import QByteArray, QSettings

from ..files import make_private


def _text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(value)
    return value


def _state(value: object) -> QByteArray:
    if not isinstance(value, (QByteArray, bytes)):
        raise ValueError(value)
    return QByteArray(value)


_READERS = {"camera": _text, "music_dir": _text, "geometry": _state, "splitter": _state}


@dataclass
class Preferences:
    """What the window remembers of this computer between runs (the listener's own settings are in their profile:
    emosymphony/settings.py)."""

    camera: str = "0"
    music_dir: str | None = None
    geometry: QByteArray | None = None
    splitter: QByteArray | None = None
    problems: list[str] = field(default_factory=list)
    """Settings that held a value we cannot use (reset to the default)."""

    @classmethod
    def load(cls, settings: QSettings) -> "Preferences":
        values: dict[str, object] = {}
        problems: list[str] = []
        for name, read in _READERS.items():
            raw = settings.value(name)
            if raw is None:
                continue
            try:
                values[name] = read(raw)
            except (ValueError, TypeError):
                problems.append(f"{name}={str(raw)[:40]!r}")
        return cls(**values, problems=problems)

    def save(self, settings: QSettings) -> None:
        """Save the computer's settings."""
        for item in fields(self):
            value = getattr(self, item.name)
            if item.name != "problems" and value is not None:
                settings.setValue(item.name, value)
        settings.sync()
        make_private(settings.fileName())  # the camera, the music folder: the listener's alone (0600)
