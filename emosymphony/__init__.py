"""Emotion Symphony: music that follows the mood on your face.

The public API; everything else is internal and may change. Names are loaded when first used, so that
importing the package (or its listening session) loads neither OpenCV, Qt, SciPy nor TensorFlow.
"""

from importlib import import_module

from .emotions import EMOTIONS, NO_FACE

__version__ = "0.1.0"

_HOMES = {
    "Dataset": ".data", "DatasetError": ".data", "read_dataset": ".data",
    "EmosymphonyError": ".errors", "ModelError": ".errors",
    "ImageError": ".images", "load_image": ".images",
    "ListenerMemory": ".memory.listener",
    "EmotionClassifier": ".model.classifier",
    "AnalysisError": ".music.analysis", "SoundFeatures": ".music.analysis", "analyse": ".music.analysis",
    "MusicLibrary": ".music.library", "Track": ".tracks",
    "NullOutput": ".music.player", "PygameOutput": ".music.player", "open_output": ".music.player",
    "Recommender": ".music.recommend",
    "ListeningSession": ".session", "ListenerSettings": ".settings", "Symphony": ".core",
    "Face": ".vision.analysis", "FaceAnalyzer": ".vision.analysis", "FrameAnalysis": ".vision.analysis",
    "analyze_image": ".vision.analysis",
    "LiveUpdate": ".vision.live", "track_mood": ".vision.live",
    "FrameSource": ".vision.sources", "SourceError": ".vision.sources",
    "MoodChange": ".vision.tracker", "MoodState": ".vision.tracker", "MoodTracker": ".vision.tracker",
}
"""Each public name and the module that holds it."""

__all__ = ["EMOTIONS", "NO_FACE", *sorted(_HOMES)]


def __getattr__(name: str):
    """Load a public name from its module the first time it is used."""
    if name not in _HOMES:
        raise AttributeError(f"module 'emosymphony' has no attribute {name!r}")
    value = getattr(import_module(_HOMES[name], __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOMES))
