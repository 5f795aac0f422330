"""The window's remembered settings, read with validation: a bad value falls back to its default, with a note."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from PySide6.QtCore import QByteArray, QSettings

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

    def save(self, settings: QSettings) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if item.name != "problems" and value is not None:
                settings.setValue(item.name, value)
        settings.sync()
