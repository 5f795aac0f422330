"""Frame sources: a camera, a video file or a folder of images, read on a background thread."""

from __future__ import annotations

import os
import queue
import stat
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import cv2
import numpy as np

from ..data import IMAGE_SUFFIXES
from ..errors import EmosymphonyError, os_problem, shown
from ..files import special_kind
from ..images import ImageError, load_image

FOLDER_FPS = 2.0
"""Time step given to the images of a folder source (each image counts as half a second)."""
CAMERA_FAILURES_ALLOWED = 10
"""Consecutive failed camera reads after which the camera counts as lost."""
MAX_CAMERA_INDEX = 63
"""Camera numbers are 0 to 63 (Linux numbers its video devices /dev/video0 to /dev/video63)."""


class SourceError(EmosymphonyError):
    """A camera, video file or folder that cannot be opened."""


def camera_number(spec: str) -> int | None:
    """The camera index a source names ("0", "1"...), None for a path; SourceError for a number out of range."""
    spec = spec.strip()
    if not spec or not all("0" <= c <= "9" for c in spec):  # "²" is a digit to str.isdigit, not a camera
        return None
    if len(spec) > 3 or int(spec) > MAX_CAMERA_INDEX:
        raise SourceError(f"camera {spec[:20]}{'…' if len(spec) > 20 else ''}: camera numbers go from 0 to "
                          f"{MAX_CAMERA_INDEX}")
    return int(spec)


@dataclass(frozen=True)
class Frame:
    """One picture and its time in seconds (the video's own time for a file)."""

    image: np.ndarray
    time: float
    index: int


_END = object()


class FrameSource:
    """Frames of a camera (`"0"`, `0`), a video file or a folder of images.

    Iterate over `frames()`; when it stops, `end_reason` says why ("end of video", "camera lost:
    ...", "stopped"). A camera's frames are captured on a background thread and only the newest
    is kept, so a slow consumer never makes the camera lag behind; files are read ahead in order.
    `realtime` paces a file at its own frame rate and drops frames a slow consumer is late for,
    as a camera would deliver them.
    """

    def __init__(self, spec: str | int, realtime: bool = False):
        self.spec = str(spec)
        self.is_camera = camera_number(self.spec) is not None
        self.realtime = realtime or self.is_camera
        self.end_reason = ""
        self.fps = 0.0
        self.skipped: list[str] = []
        """Why the images of a folder that could not be used were left out."""
        self._stop = threading.Event()
        self._queue: queue.Queue = queue.Queue(maxsize=1 if self.is_camera else 8)
        self._reader = self._open()
        self._thread = threading.Thread(target=self._pump, name=f"frames:{self.spec}", daemon=True)
        self._thread.start()

    def _open(self) -> Iterator[Frame]:
        if self.is_camera:
            return self._camera_frames(self._open_capture(camera_number(self.spec), f"camera {self.spec}"))
        path = Path(self.spec)
        try:
            mode = os.stat(path).st_mode  # its status only: opening a named pipe would wait for a writer
        except FileNotFoundError:
            raise SourceError(f"{shown(path)}: no such camera, video file or folder") from None
        except (OSError, ValueError) as error:
            problem = os_problem(error) if isinstance(error, OSError) else "not a usable name"
            raise SourceError(f"{shown(path)}: {problem}") from None
        if stat.S_ISDIR(mode):
            return self._folder_frames(path)
        if stat.S_ISCHR(mode):  # a camera device named by its path (/dev/video0)
            return self._camera_frames(self._open_capture(str(path), str(path)))
        if not stat.S_ISREG(mode):
            raise SourceError(f"{shown(path)}: {special_kind(mode)}, not a camera, video file or folder")
        return self._video_frames(self._open_capture(str(path), str(path)))

    def _open_capture(self, target: int | str, name: str) -> cv2.VideoCapture:
        try:
            capture = cv2.VideoCapture(target)
        except cv2.error as error:
            raise SourceError(f"cannot open {shown(name)}: {str(error).strip().splitlines()[-1][:200]}") from None
        if not capture.isOpened():
            capture.release()
            kind = "camera" if isinstance(target, int) else "video file"
            raise SourceError(f"cannot open {shown(name)}: no such {kind}, or it is busy or unreadable")
        self.fps = capture.get(cv2.CAP_PROP_FPS) or 0.0
        return capture

    def _camera_frames(self, capture: cv2.VideoCapture) -> Iterator[Frame]:
        start, index, failures = time.monotonic(), 0, 0
        try:
            while not self._stop.is_set():
                ok, image = capture.read()
                if not ok or image is None:
                    failures += 1
                    if failures >= CAMERA_FAILURES_ALLOWED:
                        self.end_reason = f"camera lost: camera {self.spec} stopped sending pictures"
                        return
                    time.sleep(0.05)
                    continue
                failures = 0
                yield Frame(image, time.monotonic() - start, index)
                index += 1
        finally:
            capture.release()

    def _video_frames(self, capture: cv2.VideoCapture) -> Iterator[Frame]:
        fps = self.fps if self.fps > 0 else 30.0
        index = 0
        try:
            while not self._stop.is_set():
                ok, image = capture.read()
                if not ok or image is None:
                    self.end_reason = "end of video" if index else f"{self.spec}: no frames could be read"
                    return
                yield Frame(image, index / fps, index)
                index += 1
        finally:
            capture.release()

    def _folder_frames(self, folder: Path) -> Iterator[Frame]:
        self.fps = FOLDER_FPS
        try:
            files = sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        except OSError as error:
            raise SourceError(f"{shown(folder)}: {os_problem(error)}") from None
        if not files:
            raise SourceError(f"{folder}: no images in this folder")
        return self._images(files)

    def _images(self, files: list[Path]) -> Iterator[Frame]:
        index = 0
        for file in files:
            if self._stop.is_set():
                return
            try:
                image = load_image(file)
            except ImageError as error:
                self.skipped.append(str(error))
                continue
            yield Frame(image, index / FOLDER_FPS, index)
            index += 1
        self.end_reason = "end of folder" if index else f"{shown(self.spec)}: no readable images" + (
            f" ({self.skipped[0]})" if self.skipped else "")

    def _pump(self) -> None:
        try:
            for frame in self._reader:
                self._deliver(frame)
        except Exception as error:  # a capture backend can fail in ways we cannot list; end with a reason
            self.end_reason = f"{self.spec}: {error}"
        finally:
            self._deliver(_END)

    def _deliver(self, item: object) -> None:
        """A camera's newest frame replaces an unread one; a file's frames wait for the reader."""
        while not self.is_camera and not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return
            except queue.Full:
                continue
        self._replace(item)

    def _replace(self, item: object) -> None:
        while True:
            try:
                self._queue.put_nowait(item)
                return
            except queue.Full:
                try:
                    self._queue.get_nowait()
                except queue.Empty:
                    pass

    def frames(self) -> Iterator[Frame]:
        """The frames, in order, until the source ends or `stop()` is called."""
        started = time.monotonic()
        while True:
            item = self._queue.get()
            if item is _END:
                if self._stop.is_set() and not self.end_reason:
                    self.end_reason = "stopped"
                return
            if self.realtime and not self.is_camera:
                delay = item.time - (time.monotonic() - started)
                if delay > 0 and self._stop.wait(delay):
                    continue
                if delay < -1.0 / (self.fps or FOLDER_FPS):
                    continue  # the consumer fell behind: drop late frames, as a live camera would
            yield item

    def stop(self) -> None:
        """Stop reading (the camera is released); `frames()` ends soon after."""
        self._stop.set()

    def close(self) -> None:
        """Stop and wait for the reader thread to finish."""
        self._stop.set()
        self._thread.join(timeout=2.0)

    def __enter__(self) -> "FrameSource":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
