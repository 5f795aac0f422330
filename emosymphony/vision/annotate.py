"""Drawing face boxes and emotion labels onto a copy of a frame."""

from __future__ import annotations

import cv2
import numpy as np

from .analysis import FrameAnalysis

LISTENER_COLOUR = (80, 200, 80)
OTHER_COLOUR = (200, 160, 60)


def annotate(image: np.ndarray, analysis: FrameAnalysis) -> np.ndarray:
    """A BGR copy of `image` with each face's box and its emotion and confidence written above it."""
    canvas = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR) if image.ndim == 2 else image[..., :3].copy()
    thickness = max(1, round(max(canvas.shape[:2]) / 400))
    for face in analysis.faces:
        box = face.box
        colour = LISTENER_COLOUR if face.listener else OTHER_COLOUR
        cv2.rectangle(canvas, (box.x, box.y), (box.x + box.w, box.y + box.h), colour, thickness)
        label = f"{face.emotion} {face.probabilities.max():.0%}"
        scale = max(0.5, box.w / 250)
        (width, height), baseline = cv2.getTextSize(label, cv2.FONT_HERSHEY_SIMPLEX, scale, thickness)
        top = max(box.y - height - baseline - 4, 0)
        cv2.rectangle(canvas, (box.x, top), (box.x + width + 4, top + height + baseline + 4), colour, cv2.FILLED)
        cv2.putText(canvas, label, (box.x + 2, top + height + 2), cv2.FONT_HERSHEY_SIMPLEX, scale, (0, 0, 0), thickness, cv2.LINE_AA)
    return canvas
