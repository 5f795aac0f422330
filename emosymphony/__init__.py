"""Emotion Symphony: music that follows the mood on your face.

The public API; everything else is internal and may change.
"""

from .data import Dataset, DatasetError, read_dataset
from .emotions import EMOTIONS, NO_FACE
from .errors import EmosymphonyError
from .images import ImageError, load_image
from .memory.listener import ListenerMemory
from .model.classifier import EmotionClassifier, ModelError
from .music.analysis import AnalysisError, SoundFeatures, analyse
from .music.library import MusicLibrary, Track
from .music.player import NullOutput, PygameOutput, open_output
from .music.recommend import Recommender
from .session import ListeningSession, SessionSettings
from .vision.analysis import Face, FaceAnalyzer, FrameAnalysis, analyze_image
from .vision.live import LiveUpdate, track_mood
from .vision.sources import FrameSource, SourceError
from .vision.tracker import MoodChange, MoodState, MoodTracker

__version__ = "0.1.0"

__all__ = [
    "EMOTIONS",
    "NO_FACE",
    "AnalysisError",
    "Dataset",
    "DatasetError",
    "EmosymphonyError",
    "EmotionClassifier",
    "Face",
    "FaceAnalyzer",
    "FrameAnalysis",
    "FrameSource",
    "ImageError",
    "ListenerMemory",
    "ListeningSession",
    "LiveUpdate",
    "ModelError",
    "MoodChange",
    "MoodState",
    "MoodTracker",
    "MusicLibrary",
    "NullOutput",
    "PygameOutput",
    "Recommender",
    "SessionSettings",
    "SoundFeatures",
    "SourceError",
    "Track",
    "analyse",
    "analyze_image",
    "load_image",
    "open_output",
    "read_dataset",
    "track_mood",
]
