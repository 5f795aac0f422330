"""Make the README's screenshot: the window with a video of scikit-image's public-domain astronaut
photo as the camera, and Debian's singularity-music tracks (if installed) as the happy folder.

    xvfb-run -s "-screen 0 1366x768x24" env QT_QPA_PLATFORM=xcb .venv/bin/python scripts/screenshot.py [assets/screenshot.png]

(a 1366×768 laptop screen: the window takes its first size from the screen).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import cv2
import numpy as np
from skimage import data

MUSIC = Path("/usr/share/games/singularity/music")


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "assets/screenshot.png").resolve()
    work = Path(tempfile.mkdtemp(prefix="screenshot-"))
    photo = cv2.resize(cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2BGR), (440, 440))
    frame = np.full((480, 640, 3), 60, np.uint8)
    frame[20:460, 100:540] = photo
    writer = cv2.VideoWriter(str(work / "astronaut.avi"), cv2.VideoWriter_fourcc(*"MJPG"), 30, (640, 480))
    for _ in range(30 * 20):
        writer.write(frame)
    writer.release()
    for emotion, files in (("happy", sorted(MUSIC.glob("*.ogg"))[:6]), ("sad", sorted(MUSIC.glob("lose/*.ogg")))):
        (work / "music" / emotion).mkdir(parents=True, exist_ok=True)
        for file in files:
            shutil.copy(file, work / "music" / emotion)
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"), "SDL_AUDIODRIVER": "dummy"}
    subprocess.run(
        [sys.executable, "-m", "emosymphony", "gui", "--camera", str(work / "astronaut.avi"), "--music-dir",
         str(work / "music"), "--screenshot", str(out), "--quit-after", "6", "--settings", str(work / "settings.ini")],
        check=True, env=env,
    )
    shutil.rmtree(work)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
