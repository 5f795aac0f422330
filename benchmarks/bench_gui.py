"""The window under load: start-up time, preview and mood rates, UI-thread lag and memory.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_gui.py [--seconds 60]

A 30 fps video of a real smiling face (face_recognition's public-domain obama.jpg with camera
noise and head motion) stands in for the webcam, paced in real time; music plays (SDL dummy
output). A 10 ms timer on the UI thread measures how late the event loop serves it. The video and
music are made first; the window is then measured in a fresh child process, from that process's
start, so neither set-up time nor set-up memory is counted.
"""

from __future__ import annotations

import os
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import argparse  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
import wave  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import psutil  # noqa: E402
from PySide6.QtCore import QEvent, QObject, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from _machine import describe  # noqa: E402

from emosymphony.memory.listener import ListenerMemory  # noqa: E402
from emosymphony.ui.main_window import MainWindow  # noqa: E402


class ShownProbe(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.shown_at: float | None = None

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if self.shown_at is None and event.type() in (QEvent.Type.Expose, QEvent.Type.Paint):
            self.shown_at = time.time()
        return False


FPS = 30  # frame rate of the camera video (as in bench_stability)


def prepare(work: Path, seconds: float) -> None:
    import cv2
    from bench_stability import camera_like, write
    from material import face_recognition_photos

    photo = cv2.imread(str(face_recognition_photos()["obama"]))
    write(work / "camera.avi", camera_like(photo, int((seconds + 8) * FPS), seed=7))
    (work / "music" / "happy").mkdir(parents=True, exist_ok=True)
    for i in range(3):
        with wave.open(str(work / "music" / "happy" / f"tone{i}.wav"), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(22050)
            t = np.arange(22050 * 120) / 22050
            out.writeframes((3000 * np.sin(2 * np.pi * (300 + 100 * i) * t)).astype("<i2").tobytes())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--child", metavar="DIR", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        measure(Path(args.child), args.seconds)
        return
    work = Path(tempfile.mkdtemp(prefix="bench-gui-"))
    prepare(work, args.seconds)
    subprocess.run([sys.executable, __file__, "--child", str(work), "--seconds", str(args.seconds)], check=True)
    shutil.rmtree(work)


def measure(work: Path, seconds: float) -> None:
    video = work / "camera.avi"
    started_at = psutil.Process().create_time()
    app = QApplication(sys.argv[:1])
    probe = ShownProbe()
    window = MainWindow(camera=str(video), music_dir=str(work / "music"),
                        settings=QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat),
                        memory=ListenerMemory.open(work / "data"))
    window.installEventFilter(probe)
    window.show()

    counts = {"frames": 0, "moods": 0}
    marks: dict[str, float] = {}
    lags: list[float] = []
    last_tick = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        if "start" in marks:
            lags.append(now - last_tick[0] - 0.010)
        last_tick[0] = now

    lag_timer = QTimer(interval=10, timeout=tick)
    lag_timer.start()

    def attach() -> None:
        worker = window.camera_worker
        if worker is None or "attached" in marks:
            return
        marks["attached"] = time.time()
        worker.frame_ready.connect(lambda *_: counts.__setitem__("frames", counts["frames"] + 1))
        worker.mood_updated.connect(lambda *_: counts.__setitem__("moods", counts["moods"] + 1))

    def begin() -> None:
        marks["start"] = time.perf_counter()
        counts.update(frames=0, moods=0)
        window.play_pause()
        QTimer.singleShot(int(seconds * 1000), finish)

    def finish() -> None:
        elapsed = time.perf_counter() - marks["start"]
        rss = psutil.Process().memory_info().rss / 1e6
        shown = (probe.shown_at or time.time()) - started_at
        print(f"machine: {describe()}")
        print(f"window shown {shown:.2f} s after process start; camera running with the model "
              f"{marks.get('attached', time.time()) - started_at:.2f} s after process start")
        print(f"over {elapsed:.0f} s of live camera ({FPS} fps video, real time):")
        print(f"  preview {counts['frames'] / elapsed:.1f} frames/s, mood updates {counts['moods'] / elapsed:.1f}/s, "
              f"mood shown: {window.session.mood}")
        print(f"  UI-thread lag (10 ms timer): max {max(lags) * 1000:.1f} ms, 99th percentile "
              f"{np.percentile(lags, 99) * 1000:.1f} ms over {len(lags)} ticks")
        print(f"  resident memory: {rss:.0f} MB")
        loaded = [name for name in ("scipy", "tensorflow", "matplotlib") if name in sys.modules]
        print(f"  heavy modules loaded in the window process: {', '.join(loaded) or 'none'}")
        window.close()
        app.quit()

    attach_timer = QTimer(interval=50, timeout=attach)
    attach_timer.start()
    QTimer.singleShot(5000, begin)  # let start-up settle before measuring the steady state
    app.exec()


if __name__ == "__main__":
    main()
