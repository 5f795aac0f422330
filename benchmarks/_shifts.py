"""The shifts of the shift check (benchmarks/shift_check.py, compare_fer.py): FER2013 faces framed, lit or
photographed differently. Only OpenCV and NumPy, so that another model's venv can use them too."""

from __future__ import annotations

from typing import Callable

import cv2
import numpy as np

SIZE = 48


def _zoom(face: np.ndarray, factor: float) -> np.ndarray:
    """factor > 1: a tighter crop (the face fills more); < 1: a looser one (border replicated)."""
    if factor >= 1:
        side = int(round(SIZE / factor))
        start = (SIZE - side) // 2
        inner = face[start : start + side, start : start + side]
        return cv2.resize(inner, (SIZE, SIZE), interpolation=cv2.INTER_LINEAR)
    pad = int(round((SIZE / factor - SIZE) / 2))
    outer = cv2.copyMakeBorder(face, pad, pad, pad, pad, cv2.BORDER_REPLICATE)
    return cv2.resize(outer, (SIZE, SIZE), interpolation=cv2.INTER_AREA)


def _levels(face: np.ndarray, values: np.ndarray) -> np.ndarray:
    return np.clip(values, 0, 255).astype(np.uint8)


def _jpeg(face: np.ndarray, quality: int) -> np.ndarray:
    ok, data = cv2.imencode(".jpg", face, [cv2.IMWRITE_JPEG_QUALITY, quality])
    return cv2.imdecode(data, cv2.IMREAD_GRAYSCALE)


def _rotate(face: np.ndarray, degrees: float) -> np.ndarray:
    matrix = cv2.getRotationMatrix2D(((SIZE - 1) / 2, (SIZE - 1) / 2), degrees, 1.0)
    return cv2.warpAffine(face, matrix, (SIZE, SIZE), borderMode=cv2.BORDER_REPLICATE)


SHIFTS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "clean": lambda f: f,
    "crop 20% tighter": lambda f: _zoom(f, 1.25),
    "crop 10% tighter": lambda f: _zoom(f, 1.11),
    "crop 10% looser": lambda f: _zoom(f, 0.9),
    "crop 20% looser": lambda f: _zoom(f, 0.8),
    "brighter +40": lambda f: _levels(f, f.astype(float) + 40),
    "darker -40": lambda f: _levels(f, f.astype(float) - 40),
    "contrast x0.6": lambda f: _levels(f, (f.astype(float) - f.mean()) * 0.6 + f.mean()),
    "contrast x1.4": lambda f: _levels(f, (f.astype(float) - f.mean()) * 1.4 + f.mean()),
    "gamma 0.6": lambda f: _levels(f, 255 * (f / 255.0) ** 0.6),
    "gamma 1.6": lambda f: _levels(f, 255 * (f / 255.0) ** 1.6),
    "blur 1 px": lambda f: cv2.GaussianBlur(f, (0, 0), 1.0),
    "blur 1.5 px": lambda f: cv2.GaussianBlur(f, (0, 0), 1.5),
    "JPEG q30": lambda f: _jpeg(f, 30),
    "JPEG q15": lambda f: _jpeg(f, 15),
    "rotated +10": lambda f: _rotate(f, 10),
    "rotated -10": lambda f: _rotate(f, -10),
}
