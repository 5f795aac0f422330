"""First sound for a new listener, with a face in view: seconds from launch to the first non-silent audio (with the
folders still empty this is generated music), and from "Start with free music" to the first free song playing.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_first_sound.py [--runs 3]

An empty music folder, a 30 fps video of a real smiling face (face_recognition's public-domain obama.jpg with
camera noise) as the webcam, paced in real time; SDL's disk driver writes what pygame plays to a file, which is
read as it grows. Each run is a fresh child process with a fresh data folder (the free starter packages must be
installed: scripts/setup.sh).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _machine import describe  # noqa: E402

FPS = 30
LOUD = 300
"""A 16-bit sample above this counts as sound."""


def prepare(work: Path) -> None:
    import cv2
    from bench_stability import camera_like, write
    from material import face_recognition_photos

    photo = cv2.imread(str(face_recognition_photos()["obama"]))
    write(work / "camera.avi", camera_like(photo, 60 * FPS, seed=7))
    (work / "music").mkdir()


def child(work: Path) -> None:
    """One launch: prints "launch_to_sound click_to_sound" in seconds."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ["SDL_AUDIODRIVER"] = "disk"
    os.environ["SDL_DISKAUDIOFILE"] = str(work / "out.raw")
    import numpy as np
    import psutil
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from emosymphony.memory.listener import ListenerMemory
    from emosymphony.ui.main_window import MainWindow

    launched = psutil.Process().create_time()
    app = QApplication(sys.argv[:1])
    window = MainWindow(camera=str(work / "camera.avi"), music_dir=str(work / "music"),
                        settings=QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat),
                        memory=ListenerMemory.open(work / "data"))
    window.show()
    marks: dict[str, float] = {}

    def poll() -> None:
        from emosymphony.music.starter import origin

        if "click" not in marks and window.library_scanned and window.queue_panel.starter_button.isVisible():
            marks["click"] = time.time()
            window.queue_panel.starter_button.click()
        path = work / "out.raw"
        if "sound" not in marks and path.exists():
            data = np.frombuffer(path.read_bytes()[: path.stat().st_size // 2 * 2], dtype="<i2")
            if len(data) and np.abs(data).max() > LOUD:
                marks["sound"] = time.time()
        current = window.session.current
        if "click" in marks and current is not None and origin(current.track.path) is not None:
            marks["song"] = time.time()
            app.quit()
        if time.time() - launched > 120:
            app.quit()

    timer = QTimer(interval=20, timeout=poll)
    timer.start()
    app.exec()
    window.close()
    nan = float("nan")
    print(f"{marks.get('sound', nan) - launched:.2f} {marks.get('song', nan) - launched:.2f} "
          f"{marks.get('song', nan) - marks.get('click', nan):.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", metavar="DIR", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(Path(args.child))
        return
    print(describe())
    sound, song, click = [], [], []
    for run in range(args.runs):
        work = Path(tempfile.mkdtemp(prefix="bench-first-sound-"))
        prepare(work)
        out = subprocess.run([sys.executable, __file__, "--child", str(work)], capture_output=True, text=True, check=True)
        a, b, c = map(float, out.stdout.split()[-3:])
        sound.append(a)
        song.append(b)
        click.append(c)
        print(f"run {run + 1}: first sound {a:.2f} s after launch (generated music for the face's mood: the folders "
              f"are empty); the first free song {b:.2f} s after launch, {c:.2f} s after \"Start with free music\"")
        shutil.rmtree(work)
    print(f"median: first sound {statistics.median(sound):.2f} s after launch; first free song "
          f"{statistics.median(click):.2f} s after the click (target ≤ 5 s)")


if __name__ == "__main__":
    main()
