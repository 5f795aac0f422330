"""Analysing a large library in the background while the window runs: does the window stay smooth?

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_sound_background.py [--songs 1000]

The window runs as in bench_gui.py (a 30 fps video of a face as the camera, ten minutes long, and a
song playing). Its
analyser (ui/sound_worker.py, a separate process) is given `--songs` analyses: the Debian songs of
the starter library over and over, with a cache that never answers, so every one is really
analysed. A 10 ms timer on the UI thread measures how late the event loop serves it.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import argparse  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from PySide6.QtCore import QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from _machine import describe  # noqa: E402
from bench_gui import FPS  # noqa: E402

from emosymphony.music.analysis import SoundCache  # noqa: E402
from emosymphony.music.starter import starter_songs  # noqa: E402
from emosymphony.ui.main_window import MainWindow  # noqa: E402
from emosymphony.ui.sound_worker import SoundAnalyser  # noqa: E402


CAMERA_SECONDS = int(os.environ.get("BENCH_CAMERA_SECONDS", "600"))


def prepare(work: Path) -> None:
    """A camera video of CAMERA_SECONDS (written 30 s at a time) and a song to play."""
    import cv2
    from bench_stability import camera_like
    from material import face_recognition_photos

    from helpers import write_tone

    photo = cv2.imread(str(face_recognition_photos()["obama"]))
    writer = cv2.VideoWriter(str(work / "camera.avi"), cv2.VideoWriter_fourcc(*"MJPG"), FPS, (640, 480))
    for start in range(0, CAMERA_SECONDS * FPS, 30 * FPS):
        for frame in camera_like(photo, 30 * FPS, seed=7, start=start):
            writer.write(frame)
    writer.release()
    (work / "music" / "happy").mkdir(parents=True)
    write_tone(work / "music" / "happy" / "tone.wav", seconds=600)


class NoAnswers(SoundCache):
    """A cache that never knows a song: every song is analysed."""

    def get(self, digest):
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--songs", type=int, default=1000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-sound-"))
    prepare(work)
    songs = [str(s) for s in starter_songs()]
    paths = [songs[i % len(songs)] for i in range(args.songs)]
    app = QApplication(sys.argv[:1])
    window = MainWindow(camera=str(work / "camera.avi"), music_dir=str(work / "music"),
                        settings=QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat))
    window.show()
    analyser = SoundAnalyser(NoAnswers(window.memory.database.connection))
    lags: list[float] = []
    state = {"last": time.perf_counter(), "began": 0.0, "done": 0, "failed": 0}

    def tick() -> None:
        now = time.perf_counter()
        if state["began"]:
            lags.append(now - state["last"] - 0.010)
        state["last"] = now

    def progress(_, done, total) -> None:
        state["done"] = done

    def finished(_, found, failed) -> None:
        elapsed = time.perf_counter() - state["began"]
        print(f"machine: {describe()}")
        print(f"{state['done']} analyses of {len(set(paths))} different songs ({len(failed)} refused: the silent "
              f"track each time) in {elapsed:.0f} s ({elapsed / state['done']:.2f} s each, in the analysis process, "
              f"the window and camera running)")
        print(f"UI-thread lag (10 ms timer): max {max(lags) * 1000:.1f} ms, 99th percentile "
              f"{np.percentile(lags, 99) * 1000:.1f} ms over {len(lags)} ticks; the camera (a {CAMERA_SECONDS} s "
              f"video) was {'still running' if window.camera_worker is not None else 'over'} at the end")
        analyser.close()
        window.close()
        app.quit()

    def begin() -> None:
        state["began"] = time.perf_counter()
        window.play_pause()
        analyser.submit("bench", paths)

    analyser.progress.connect(progress)
    analyser.finished.connect(finished)
    timer = QTimer(interval=10, timeout=tick)
    timer.start()
    QTimer.singleShot(5000, begin)
    app.exec()


if __name__ == "__main__":
    main()
