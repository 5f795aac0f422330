"""Measuring how bright a frame is and brightening dark ones before detection."""

from __future__ import annotations

import cv2
import numpy as np

DIM_BRIGHTNESS = 70.0
"""Mean gray level (0..255) under which a frame is enhanced before detection."""
TOO_DARK_BRIGHTNESS = 12.0
"""Mean gray level under which a frame is reported too dark even if a face might be found."""


def brightness(gray: np.ndarray) -> float:
    """Mean gray level of a frame, 0 (black) to 255 (white)."""
    return float(cv2.mean(gray)[0])


def enhance(gray: np.ndarray) -> np.ndarray:
    """Brighten a dark frame: gamma towards mid-gray, then local contrast (CLAHE)."""
    level = max(brightness(gray), 1.0)
    gamma = np.log(110.0 / 255.0) / np.log(level / 255.0)
    table = (255.0 * (np.arange(256) / 255.0) ** gamma).clip(0, 255).astype(np.uint8)
    clahe = cv2.createCLAHE(clipLimit=2.0, tileGridSize=(8, 8))
    return clahe.apply(cv2.LUT(gray, table))
