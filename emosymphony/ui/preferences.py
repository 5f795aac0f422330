"""The window's remembered settings, read with validation: a bad value falls back to its default, with a note."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from PySide6.QtCore import QByteArray, QSettings

from ..files import make_private
from ..music.recommend import STRATEGIES


def _flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes"):
        return True
    if text in ("false", "0", "no"):
        return False
    raise ValueError(value)


def _unit(value: object) -> float:
    number = float(value)
    if not 0.0 <= number <= 1.0:
        raise ValueError(value)
    return number


def _strategy(value: object) -> str:
    if str(value) not in STRATEGIES:
        raise ValueError(value)
    return str(value)


def _text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(value)
    return value


def _state(value: object) -> QByteArray:
    if not isinstance(value, (QByteArray, bytes)):
        raise ValueError(value)
    return QByteArray(value)


_READERS = {"camera": _text, "music_dir": _text, "strategy": _strategy, "volume": _unit, "sensitivity": _unit,
            "autoplay": _flag,
            "switch_on_mood": _flag, "geometry": _state, "splitter": _state}


PROFILE_KEYS = ("strategy", "volume", "sensitivity", "autoplay", "switch_on_mood")
"""Settings of the listener, kept in their profile; the others belong to the computer (QSettings)."""


@dataclass
class Preferences:
    """What the window remembers between runs."""

    camera: str = "0"
    music_dir: str | None = None
    strategy: str = "match"
    volume: float = 0.8
    sensitivity: float = 0.5
    """How readily a face counts as showing an emotion rather than calm (0 calm .. 1 expressive)."""
    autoplay: bool = True
    switch_on_mood: bool = False
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

    def use_profile(self, values: dict[str, object]) -> None:
        """Take the listener's settings from their profile (a bad value is reset, with a note in `problems`)."""
        for name in PROFILE_KEYS:
            setattr(self, name, getattr(type(self), name))
            if name in values:
                try:
                    setattr(self, name, _READERS[name](values[name]))
                except (ValueError, TypeError):
                    self.problems.append(f"{name}={str(values[name])[:40]!r}")

    def profile_values(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in PROFILE_KEYS}

    def save(self, settings: QSettings) -> None:
        """Save the computer's settings (the listener's go to their profile: `profile_values`)."""
        for item in fields(self):
            value = getattr(self, item.name)
            if item.name not in ("problems",) + PROFILE_KEYS and value is not None:
                settings.setValue(item.name, value)
        settings.sync()
        make_private(settings.fileName())  # the camera, the music folder: the listener's alone (0600)
