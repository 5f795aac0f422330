"""Following the listener's face through a video: a cheap search near its last box, a full one now and then."""

from __future__ import annotations

import numpy as np

from .faces import Box, FaceDetector

FULL_SEARCH_EVERY = 10
"""While a face is followed, every this many frames the whole frame is searched (someone may walk in)."""
RELAXED_MIN_NEIGHBORS = 2
"""Strictness of the second, looser search near a face the strict search just lost (turned head, shadow)."""
RELAXED_FOR_FRAMES = 45
"""The looser search is trusted for this many frames (1.5 s at 30 fps) after the strict one last saw the face."""


class FaceFollower:
    """Finds the faces in consecutive frames of one video, searching near the listener's last box when it can.

    Near the last box it searches strictly, then (for a face the strict search saw within the last
    RELAXED_FOR_FRAMES frames) loosely; when both fail, or every FULL_SEARCH_EVERY frames, it
    searches the whole frame. Other faces are those of the last full search, kept until the next.
    """

    def __init__(self, detector: FaceDetector, full_search_every: int = FULL_SEARCH_EVERY):
        self.detector = detector
        self.full_search_every = full_search_every
        self._listener: Box | None = None
        self._others: list[Box] = []
        self._frames_since_full = 0
        self._frames_since_seen = 0
        self._frame_shape: tuple[int, ...] = ()

    def detect(self, gray: np.ndarray) -> list[Box]:
        """Faces in the next frame (grayscale uint8): the listener first, then the others."""
        if gray.shape != self._frame_shape:
            self._frame_shape, self._listener = gray.shape, None
        self._frames_since_full += 1
        self._frames_since_seen += 1
        loose: list[Box] | None = None
        if self._listener is not None and self._frames_since_full < self.full_search_every:
            near = self.detector.detect(gray, near=self._listener)
            if near:
                self._frames_since_seen = 0
                return self._followed(near[0])
            loose = self._relaxed_search(gray)
            if loose:
                return self._followed(loose[0])
        boxes = self.detector.detect(gray)
        self._frames_since_full = 0
        if boxes:
            self._frames_since_seen = 0
            self._listener, self._others = boxes[0], boxes[1:]
            return boxes
        if loose is None:  # not tried yet in this frame
            loose = self._relaxed_search(gray)
        if loose:
            return self._followed(loose[0])
        if self._frames_since_seen > RELAXED_FOR_FRAMES:  # else the next frame looks at the same place again
            self._listener, self._others = None, []
        return []

    def _relaxed_search(self, gray: np.ndarray) -> list[Box]:
        """A looser search near the listener, while the strict search saw it recently enough."""
        if self._listener is None or self._frames_since_seen > RELAXED_FOR_FRAMES:
            return []
        return self.detector.detect(gray, near=self._listener, min_neighbors=RELAXED_MIN_NEIGHBORS)

    def _followed(self, listener: Box) -> list[Box]:
        self._listener = listener
        return [listener, *(box for box in self._others if not _overlap(box, listener))]


def _overlap(a: Box, b: Box) -> bool:
    """True when the boxes share more than a third of the smaller one."""
    width = min(a.x + a.w, b.x + b.w) - max(a.x, b.x)
    height = min(a.y + a.h, b.y + b.h) - max(a.y, b.y)
    return width > 0 and height > 0 and width * height > min(a.area, b.area) / 3
