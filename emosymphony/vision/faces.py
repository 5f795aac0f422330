"""Face detection with the Haar cascades that ship in opencv-python-headless 4.x, and face crops."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from ..errors import EmosymphonyError

CASCADE_FILE = "haarcascade_frontalface_alt2.xml"
DETECT_WIDTH = 320
"""Frames wider than this are shrunk to it for detection (boxes are scaled back)."""
MIN_FACE_FRACTION = 0.12
"""Smallest face searched for, as a share of the shorter side of the frame."""
SCALE_STEP = 1.15
"""Size ratio between the scales the cascade searches (larger: faster, coarser)."""
NEAR_REGION_GROWTH = 0.5
"""A search near a known face covers its box grown by this share of its side in every direction."""
NEAR_SIZE_RANGE = 1.4
"""A search near a known face looks for faces up to this factor smaller or larger than it."""
CROP_MARGIN = 0.016
"""Share of the box side added on each side of a detected face before it is classified: FER2013's faces are
framed so (the detector's box is 0.969 of their frame side, median over val/: benchmarks/measure_framing.py).
A looser crop reads calmer: 20% looser costs the shipped model 4-6 points (benchmarks/shift_check.py)."""


MIN_SEARCH_SIDE = 20
"""Frames whose shorter side is under this many pixels (after shrinking) are not searched."""


@dataclass(frozen=True)
class Box:
    """A face box in frame pixels."""

    x: int
    y: int
    w: int
    h: int

    @property
    def area(self) -> int:
        return self.w * self.h

    def as_list(self) -> list[int]:
        return [self.x, self.y, self.w, self.h]


class FaceDetector:
    """Finds frontal faces in grayscale frames, largest (the listener) first."""

    def __init__(self, cascade_file: str | Path | None = None, min_neighbors: int = 5):
        path = Path(cascade_file) if cascade_file else Path(cv2.data.haarcascades) / CASCADE_FILE
        self._cascade = cv2.CascadeClassifier(str(path))
        if self._cascade.empty():
            raise EmosymphonyError(f"cannot load the face detector {path}; is opencv-python-headless<5 installed?")
        self._min_neighbors = min_neighbors

    def detect(self, gray: np.ndarray, near: Box | None = None, min_neighbors: int | None = None) -> list[Box]:
        """Faces in a grayscale uint8 frame, sorted by size, largest first.

        With `near`, only the region around that box is searched, for faces of about its size:
        the cheap search a video makes for a face it saw in the previous frame. `min_neighbors`
        overrides the detector's strictness (lower finds more faces, and more things that are not).
        """
        height, width = gray.shape[:2]
        scale = min(1.0, DETECT_WIDTH / width)
        if min(height, width) * scale < MIN_SEARCH_SIDE:
            return []  # a sliver (2000x2, 60000x1...) holds no face, and shrinks to nothing
        small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
        smallest = max(20, int(min(small.shape[:2]) * MIN_FACE_FRACTION))
        if near is None:
            region, offset, sizes = small, (0, 0), {"minSize": (smallest, smallest)}
        else:
            region, offset = _region_around(small, near, scale)
            side = max(near.w, near.h) * scale
            low = max(smallest, int(side / NEAR_SIZE_RANGE))
            high = max(low + 1, int(side * NEAR_SIZE_RANGE))
            sizes = {"minSize": (low, low), "maxSize": (high, high)}
        if min(region.shape[:2]) < sizes["minSize"][0]:
            return []
        found = self._cascade.detectMultiScale(
            region, scaleFactor=SCALE_STEP, minNeighbors=min_neighbors or self._min_neighbors, **sizes
        )
        boxes = [
            Box(*(int(round(v / scale)) for v in (x + offset[0], y + offset[1], w, h)))
            for x, y, w, h in np.asarray(found).reshape(-1, 4)
        ]
        return sorted(boxes, key=lambda box: box.area, reverse=True)


def _region_around(small: np.ndarray, box: Box, scale: float) -> tuple[np.ndarray, tuple[int, int]]:
    """The part of the detection-size frame around `box` (frame pixels), and its top-left corner."""
    grow = NEAR_REGION_GROWTH * max(box.w, box.h)
    x0, y0 = int((box.x - grow) * scale), int((box.y - grow) * scale)
    x1, y1 = int((box.x + box.w + grow) * scale) + 1, int((box.y + box.h + grow) * scale) + 1
    x0, y0 = max(x0, 0), max(y0, 0)
    return small[y0:y1, x0:x1], (x0, y0)


def crop_face(gray: np.ndarray, box: Box, margin: float = CROP_MARGIN) -> np.ndarray:
    """The face with a margin around it, padded by edge replication where it leaves the frame."""
    pad_x, pad_y = int(box.w * margin), int(box.h * margin)
    x0, y0 = box.x - pad_x, box.y - pad_y
    x1, y1 = box.x + box.w + pad_x, box.y + box.h + pad_y
    height, width = gray.shape[:2]
    inside = gray[max(y0, 0) : min(y1, height), max(x0, 0) : min(x1, width)]
    return cv2.copyMakeBorder(
        inside,
        max(-y0, 0),
        max(y1 - height, 0),
        max(-x0, 0),
        max(x1 - width, 0),
        cv2.BORDER_REPLICATE,
    )
