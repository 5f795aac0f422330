"""The listener's settings: one typed, validated home, stored in their profile. No Qt.

The computer's own settings (camera, music folder, window layout) are the window's; these follow the
listener from one computer account to the next profile switch.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Callable

DEFAULT_SENSITIVITY = 0.5
"""The sensitivity at which the emotion model reads faces as it was calibrated (emosymphony/model/calibration.py)."""
STRATEGIES = ("match", "lift", "steady")
"""What the music does with the mood: match it, lift it step by step toward content, or keep it steady."""


def _flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes"):
        return True
    if text in ("false", "0", "no"):
        return False
    raise ValueError(value)


def _number_from(low: float, high: float) -> Callable[[object], float]:
    """A reader of a number from `low` to `high` (ValueError for anything else: a bool, NaN, text)."""

    def read(value: object) -> float:
        if isinstance(value, bool):
            raise ValueError(value)
        number = float(value)  # type: ignore[arg-type]
        if not low <= number <= high:  # NaN fails this too
            raise ValueError(value)
        return number

    return read


_unit = _number_from(0.0, 1.0)
_seconds = _number_from(1.0, 600.0)


def _strategy(value: object) -> str:
    if str(value) not in STRATEGIES:
        raise ValueError(value)
    return str(value)


def _resting_face(value: object) -> dict | None:
    """A resting face as stored (emosymphony/model/resting_face.py checks the rest when it is used)."""
    if value is None:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("model"), str) or not isinstance(value.get("offsets"), list):
        raise ValueError(value)
    return value


_READERS = {"strategy": _strategy, "volume": _unit, "sensitivity": _unit, "autoplay": _flag, "switch_on_mood": _flag,
            "level_loudness": _flag, "generate": _flag, "resume_where_i_was": _flag, "pause_when_away": _flag,
            "notify_tracks": _flag, "away_seconds": _seconds,
            "back_seconds": _seconds, "resting_face": _resting_face}
"""How each setting is read back from what was saved (or typed); a bad value raises ValueError or TypeError."""


@dataclass
class ListenerSettings:
    """What one listener chose; every value is checked when set through `changed` or read back with `restored`."""

    strategy: str = "match"
    volume: float = 0.8
    """0 silent .. 1 full."""
    sensitivity: float = DEFAULT_SENSITIVITY
    """How readily a face counts as showing an emotion rather than calm (0 calm .. 1 expressive)."""
    autoplay: bool = True
    """Start music when the first mood is known and nothing plays."""
    switch_on_mood: bool = False
    """Fade to the new mood's music at once instead of letting the current song finish."""
    level_loudness: bool = True
    """Play every song at one loudness (music/loudness.py) instead of as it was mastered."""
    generate: bool = False
    """Play generated music all the time (music/generate/), not only for a mood with too few songs."""
    resume_where_i_was: bool = True
    """Start the next run with the song that played at quit, from where it was."""
    pause_when_away: bool = True
    """Fade the music out when nobody has been in view for `away_seconds`; it comes back after `back_seconds`
    of a face in view."""
    away_seconds: float = 10.0
    back_seconds: float = 2.0
    notify_tracks: bool = True
    """Tell the desktop (a notification) when a song starts, and why it plays."""
    resting_face: dict | None = None
    """What the emotion model reads on this listener's face at rest, for one model (model/resting_face.py)."""

    def __post_init__(self) -> None:
        for name, read in _READERS.items():
            try:
                setattr(self, name, read(getattr(self, name)))
            except (ValueError, TypeError):
                raise ValueError(_refusal(name, getattr(self, name))) from None

    @classmethod
    def restored(cls, saved: dict[str, object]) -> tuple["ListenerSettings", list[str]]:
        """Settings from saved values: unknown keys are ignored, a bad value falls back to its default and is
        named in the returned problems."""
        values: dict[str, object] = {}
        problems: list[str] = []
        for name, read in _READERS.items():
            if name in saved:
                try:
                    values[name] = read(saved[name])
                except (ValueError, TypeError):
                    problems.append(f"{name}={str(saved[name])[:40]!r}")
        return cls(**values), problems

    def changed(self, **values: object) -> "ListenerSettings":
        """A copy with some values changed; ValueError names the first one that is not allowed."""
        unknown = set(values) - set(_READERS)
        if unknown:
            raise ValueError(f"no setting named {sorted(unknown)[0]!r}; known: {', '.join(_READERS)}")
        return ListenerSettings(**{**asdict(self), **values})

    def saved(self) -> dict[str, object]:
        """The values to store in the profile."""
        return {item.name: getattr(self, item.name) for item in fields(self)}


def _refusal(name: str, value: object) -> str:
    if name == "strategy":
        return f"unknown strategy {value!r}; expected one of {', '.join(STRATEGIES)}"
    if name in ("volume", "sensitivity"):
        return f"{name} must be a number from 0 to 1, not {value!r}"
    if name in ("away_seconds", "back_seconds"):
        return f"{name} must be a number of seconds from 1 to 600, not {value!r}"
    if name == "resting_face":
        return "resting_face must be a stored resting face or None"
    return f"{name} must be on or off, not {value!r}"
