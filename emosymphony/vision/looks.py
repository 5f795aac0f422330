"""Looks at the listener's face for teaching their resting face: from a camera (a few seconds) or from photos."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from ..errors import EmosymphonyError
from ..images import load_image
from ..model.resting_face import CAPTURE_SECONDS
from .analysis import FaceAnalyzer, FrameAnalysis
from .live import track_mood
from .sources import FrameSource



@dataclass
class Looks:
    """The listener's face in each look that found one: probabilities, face centre and size; and what was missed."""

    probabilities: list[np.ndarray] = field(default_factory=list)
    centres: list[tuple[float, float]] = field(default_factory=list)
    sizes: list[float] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    """Why some looks gave nothing (no face in a photo, a photo that cannot be read)."""

    def add(self, analysis: FrameAnalysis) -> bool:
        """Keep the listener's face of one analysed frame; False when it has none."""
        face = analysis.listener
        if face is None:
            return False
        box = face.box
        self.probabilities.append(face.probabilities)
        self.centres.append((box.x + box.w / 2, box.y + box.h / 2))
        self.sizes.append(float(max(box.w, box.h)))
        return True

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return np.array(self.probabilities), np.array(self.centres), np.array(self.sizes)


def looks_in_photos(analyzer: FaceAnalyzer, paths: list[str | Path]) -> Looks:
    """One look per photo of the listener (photos of several people: the largest face)."""
    looks = Looks()
    for path in paths:
        try:
            analysis = analyzer.analyze(load_image(path))
        except EmosymphonyError as error:
            looks.missed.append(str(error))
            continue
        if not looks.add(analysis):
            looks.missed.append(f"{Path(path).name}: no face" + (" (too dark)" if analysis.too_dark else ""))
    return looks


def looks_at_camera(analyzer: FaceAnalyzer, camera: str, seconds: float = CAPTURE_SECONDS,
                    progress: Callable[[float], None] | None = None) -> Looks:
    """Looks at the camera (five a second) for `seconds` of its time; `progress` hears the seconds done."""
    looks = Looks()
    with FrameSource(camera) as source:  # a live camera runs in real time; a video file as fast as it is read
        for update in track_mood(source, analyzer):
            if update.fresh and not looks.add(update.analysis):
                looks.missed.append(f"{update.frame.time:.1f} s: no face")
            if progress is not None:
                progress(update.frame.time)
            if update.frame.time >= seconds:
                break
        source.stop()
    return looks
