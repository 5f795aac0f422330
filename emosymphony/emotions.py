"""The seven FER2013 emotions and their place on the valence/arousal plane."""

from __future__ import annotations

EMOTIONS: tuple[str, ...] = ("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral")
"""Emotion names in FER2013 label order (label 0 is "angry", ... label 6 is "neutral")."""

NO_FACE = "no_face"
"""Mood reported by the tracker when no face has been seen for a while."""

MOOD_COLOURS: dict[str, str] = {
    "angry": "#d64541",
    "disgust": "#7d9a3a",
    "fear": "#8e5ea2",
    "happy": "#f2b90f",
    "sad": "#3f7fbf",
    "surprise": "#f07f2e",
    "neutral": "#8a9099",
    NO_FACE: "#c8ccd2",
}
"""One colour per mood, the same in the window and in charts."""


def emotion_index(name: str) -> int:
    """Return the FER2013 label of an emotion name (case-insensitive); ValueError if unknown."""
    key = name.strip().lower()
    if key not in EMOTIONS:
        raise ValueError(f"unknown emotion {name!r}; expected one of: {', '.join(EMOTIONS)}")
    return EMOTIONS.index(key)
