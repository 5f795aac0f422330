"""One frame or photo in, the faces with their emotions out."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from ..emotions import EMOTIONS
from ..images import to_gray
from ..model.classifier import EmotionClassifier
from .faces import Box, FaceDetector, crop_face
from .following import FaceFollower
from .lighting import DIM_BRIGHTNESS, TOO_DARK_BRIGHTNESS, brightness, enhance


@dataclass(frozen=True)
class Face:
    """One face found in a frame: its box, most likely emotion and all seven probabilities."""

    box: Box
    probabilities: np.ndarray
    listener: bool = False
    """True for the largest face, taken as the person listening."""

    @property
    def emotion(self) -> str:
        return EMOTIONS[int(np.argmax(self.probabilities))]

    def to_dict(self) -> dict:
        return {
            "box": self.box.as_list(),
            "emotion": self.emotion,
            "probabilities": {name: round(float(p), 4) for name, p in zip(EMOTIONS, self.probabilities)},
            "listener": self.listener,
        }


@dataclass(frozen=True)
class FrameAnalysis:
    """What one frame shows: its faces (largest first), how bright it was, whether it was enhanced."""

    faces: list[Face] = field(default_factory=list)
    brightness: float = 0.0
    enhanced: bool = False

    @property
    def too_dark(self) -> bool:
        """True when the frame is too dark to trust: black, or dim and no face found even after enhancing."""
        return self.brightness < TOO_DARK_BRIGHTNESS or (self.enhanced and not self.faces)

    @property
    def listener(self) -> Face | None:
        return self.faces[0] if self.faces else None


class FaceAnalyzer:
    """Detects faces in a frame (brightening it when dark) and classifies each one's emotion."""

    def __init__(self, classifier: EmotionClassifier | None = None, detector: FaceDetector | None = None):
        self.classifier = classifier or EmotionClassifier.load()
        self.detector = detector or FaceDetector()
        self._find_faces = self.detector.detect

    def for_video(self) -> FaceAnalyzer:
        """A new analyzer for one video stream (same model and detector) that follows the listener's face.

        Each frame is then searched near the face of the frame before, with a full search every few
        frames and whenever the face is not found there (see FaceFollower).
        """
        video = FaceAnalyzer(self.classifier, self.detector)
        video._find_faces = FaceFollower(self.detector).detect
        return video

    def analyze(self, image: np.ndarray) -> FrameAnalysis:
        """Faces with emotions in a grayscale, BGR or BGRA image."""
        gray = to_gray(image)
        level = brightness(gray)
        enhanced = level < DIM_BRIGHTNESS
        if enhanced:
            gray = enhance(gray)
        boxes = self._find_faces(gray)
        if not boxes:
            return FrameAnalysis([], level, enhanced)
        probabilities = self.classifier.predict([crop_face(gray, box) for box in boxes])
        faces = [Face(box, p, listener=i == 0) for i, (box, p) in enumerate(zip(boxes, probabilities))]
        return FrameAnalysis(faces, level, enhanced)


def analyze_image(image: np.ndarray, analyzer: FaceAnalyzer | None = None) -> FrameAnalysis:
    """Faces and their emotions in one image (BGR, BGRA or grayscale uint8 array)."""
    return (analyzer or _default_analyzer()).analyze(image)


@lru_cache(maxsize=1)
def _default_analyzer() -> FaceAnalyzer:
    """The analyzer with the shipped model, made once per process."""
    return FaceAnalyzer()
