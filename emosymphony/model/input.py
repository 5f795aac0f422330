"""The model's input: any face crop (grayscale or BGR/BGRA, any size) as the 48x48 float array networks take."""

from __future__ import annotations

import numpy as np

from ..data import to_crop_size
from ..images import to_gray


def to_model_input(face: np.ndarray) -> np.ndarray:
    """Convert one face crop (grayscale or BGR/BGRA uint8, any size) to a 48x48 float32 array."""
    face = to_gray(np.asarray(face))
    if face.size == 0:
        raise ValueError("a face crop must not be empty")
    return to_crop_size(face).astype(np.float32)
