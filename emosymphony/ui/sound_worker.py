"""Song analysis for the window, in a separate process: the signal maths never holds up the window."""

from __future__ import annotations

import multiprocessing
import queue
import threading

from PySide6.QtCore import QObject, Signal

from ..music.analysis import AnalysisError, SoundCache, SoundFeatures, measure

START_DELAY_SECONDS = 3.0
"""The first seconds after the window opens belong to the window, the model and the camera."""


def _serve(connection) -> None:
    """In the analysis process: measure each path received, send back ("ok", features) or ("error", why)."""
    while (path := connection.recv()) is not None:
        try:
            connection.send(("ok", measure(path)))
        except AnalysisError as error:
            connection.send(("error", str(error)))
        except Exception as error:  # noqa: BLE001 - one strange file must not end the analysis of the others
            connection.send(("error", f"{path}: {type(error).__name__}: {error}"))


class SoundAnalyser(QObject):
    """Analyses songs one at a time in a worker process, through the cache; jobs run in the order given.

    Signals carry a job's name: `progress(job, done, total)` and `finished(job, features by path,
    [(path, why)])`. `close` ends the process at once, even in the middle of a song."""

    progress = Signal(str, int, int)
    finished = Signal(str, object, object)

    def __init__(self, cache: SoundCache):
        super().__init__()
        self.cache = cache
        self._jobs: queue.Queue = queue.Queue()
        self._process = None
        self._connection = None
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sound-analysis", daemon=True)
        self._thread.start()

    def submit(self, job: str, paths: list[str]) -> None:
        self._jobs.put((job, list(paths)))

    def close(self) -> None:
        self._stopping.set()
        self._jobs.put(None)
        if self._process is not None:
            self._process.terminate()
        self._thread.join(timeout=10)
        if self._process is not None:
            self._process.join(timeout=5)

    def _run(self) -> None:
        if self._stopping.wait(START_DELAY_SECONDS):
            return
        while (job := self._jobs.get()) is not None:
            name, paths = job
            found, failed = {}, []
            for done, path in enumerate(paths, start=1):
                if self._stopping.is_set():
                    return
                try:
                    found[path] = self._analyse(path)
                except AnalysisError as error:
                    failed.append((path, str(error)))
                self.progress.emit(name, done, len(paths))
            if not self._stopping.is_set():
                self.finished.emit(name, found, failed)

    def _analyse(self, path: str) -> SoundFeatures:
        digest = self.cache.digest(path)
        known = self.cache.get(digest)
        if known is not None:
            return known
        for attempt in (1, 2):  # an analysis process that died (out of memory, killed) is started again once
            answer = self._ask(path)
            if answer is not None:
                break
            if attempt == 2 or self._stopping.is_set():
                raise AnalysisError(f"{path}: the analysis process stopped")
        kind, value = answer
        if kind == "error":
            raise AnalysisError(value)
        self.cache.put(digest, value)
        return value

    def _ask(self, path: str):
        """Send `path` to the analysis process (started when needed); its answer, or None if it died."""
        if self._process is None or not self._process.is_alive():
            context = multiprocessing.get_context("spawn")
            self._connection, child = context.Pipe()
            self._process = context.Process(target=_serve, args=(child,), name="emosymphony-analysis", daemon=True)
            self._process.start()
            child.close()
        try:
            self._connection.send(path)
            while not self._connection.poll(0.1):
                if self._stopping.is_set() or not self._process.is_alive():
                    return None
            return self._connection.recv()
        except (EOFError, OSError):
            return None
