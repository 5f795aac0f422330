"""Background work for the window: the camera pipeline and library scans, reported through Qt signals."""

from __future__ import annotations

import threading
from typing import Callable

import cv2
import numpy as np
from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtGui import QImage

from ..errors import EmosymphonyError
from ..model.classifier import EmotionClassifier
from ..music.library import MusicLibrary, ScanResult
from ..vision.analysis import FaceAnalyzer
from ..vision.annotate import annotate
from ..vision.live import ANALYSIS_INTERVAL, track_mood
from ..vision.sources import FrameSource

PREVIEW_WIDTH = 640


def to_qimage(image: np.ndarray, width: int = PREVIEW_WIDTH) -> QImage:
    """A BGR frame as an RGB QImage no wider than `width` (safe to build off the UI thread)."""
    if image.shape[1] > width:
        scale = width / image.shape[1]
        image = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    rgb = np.ascontiguousarray(cv2.cvtColor(image, cv2.COLOR_BGR2RGB))
    height, width_ = rgb.shape[:2]
    return QImage(rgb.data, width_, height, 3 * width_, QImage.Format.Format_RGB888).copy()


class ModelLoader(QThread):
    """Loads the emotion model off the UI thread."""

    loaded = Signal(object)
    failed = Signal(str)

    def __init__(self, path: str | None = None):
        super().__init__()
        self.path = path

    def run(self) -> None:
        try:
            self.loaded.emit(EmotionClassifier.load(self.path))
        except EmosymphonyError as error:
            self.failed.emit(str(error))


class CameraWorker(QThread):
    """Reads a camera (or video/folder), finds the faces, tracks the mood; the UI only draws."""

    frame_ready = Signal(QImage, object)  # preview image, FrameAnalysis | None
    mood_updated = Signal(object)  # MoodState
    mood_changed = Signal(object)  # MoodChange
    ended = Signal(str)  # why the stream stopped

    def __init__(self, source_spec: str, classifier: EmotionClassifier | None, realtime: bool = True,
                 look_interval: Callable[[], float] | None = None):
        """`look_interval`: seconds between looks, asked before each frame (default: vision.live's)."""
        super().__init__()
        self.look_interval = look_interval
        self.source_spec = source_spec
        self.classifier = classifier
        self.realtime = realtime
        self._stop = threading.Event()
        self._source: FrameSource | None = None

    def stop(self) -> None:
        """Ask the worker to stop; the camera is released when it finishes."""
        self._stop.set()
        if self._source is not None:
            self._source.stop()

    def run(self) -> None:
        try:
            self._source = FrameSource(self.source_spec, realtime=self.realtime)
        except EmosymphonyError as error:
            self.ended.emit(str(error))
            return
        try:
            if self.classifier is None:
                self._preview_only(self._source)
            else:
                self._follow_mood(self._source, FaceAnalyzer(self.classifier))
        finally:
            self._source.close()
        self.ended.emit("camera turned off" if self._stop.is_set() else self._source.end_reason or "stream ended")

    def _follow_mood(self, source: FrameSource, analyzer: FaceAnalyzer) -> None:
        for update in track_mood(source, analyzer, analysis_interval=self.look_interval or ANALYSIS_INTERVAL):
            if self._stop.is_set():
                return
            self.frame_ready.emit(to_qimage(annotate(update.frame.image, update.analysis)), update.analysis)
            if update.fresh:
                self.mood_updated.emit(update.state)
            if update.change:
                self.mood_changed.emit(update.change)

    def _preview_only(self, source: FrameSource) -> None:
        for frame in source.frames():
            if self._stop.is_set():
                return
            self.frame_ready.emit(to_qimage(frame.image), None)


class LibraryScanner(QObject):
    """Scans the music library on a worker thread; one scan at a time, the latest request wins."""

    scanned = Signal(object)  # ScanResult
    failed = Signal(str)

    def __init__(self, library: MusicLibrary):
        super().__init__()
        self.library = library
        self._lock = threading.Lock()
        self._again = threading.Event()
        self._running = False

    def request(self) -> None:
        with self._lock:
            if self._running:
                self._again.set()
                return
            self._running = True
        threading.Thread(target=self._run, name="library-scan", daemon=True).start()

    def _run(self) -> None:
        while True:
            self._again.clear()
            try:
                self.library.ensure_layout()
                result: ScanResult = self.library.scan()
                self.scanned.emit(result)
            except EmosymphonyError as error:
                self.failed.emit(str(error))
            with self._lock:
                if not self._again.is_set():
                    self._running = False
                    return
