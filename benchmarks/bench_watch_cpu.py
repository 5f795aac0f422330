"""CPU cost of watching a 15 fps camera in real time, and how soon a new mood is followed.

    .venv/bin/python benchmarks/bench_watch_cpu.py [--seconds 12] [--repeats 2]

The camera is a 640x480, 15 fps MJPG video made like bench_stability's (noise, a wandering head,
changing light): Biden's portrait (read as neutral) for half the time, then Obama smiling. It is
read with FrameSource in real time, as a webcam would deliver it, through `track_mood`, exactly
like `emosymphony watch --realtime` and the window's camera thread. Reported for each analysis
interval (0 = every frame, as before; 0.2 s = the default): the process's CPU time (all threads)
as a share of one core over the watching (the model is loaded before the clock starts), and the
seconds from the switch to the happy mood.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import cv2

sys.path.insert(0, str(Path(__file__).parent))
from _machine import describe  # noqa: E402
from bench_stability import camera_like, portraits  # noqa: E402

from emosymphony import EmotionClassifier, FaceAnalyzer, FrameSource, track_mood  # noqa: E402
from emosymphony.vision.live import ANALYSIS_INTERVAL  # noqa: E402

FPS = 15


def write_camera(path: Path, seconds: float) -> float:
    """The video; returns the time of the switch to the smiling face."""
    photos = portraits()
    half = int(seconds * FPS / 2)
    frames = camera_like(photos["biden"], half, seed=1) + camera_like(photos["obama"], half, seed=2, start=half)
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), FPS, (640, 480))
    for frame in frames:
        writer.write(frame)
    writer.release()
    return half / FPS


def watch(video: Path, analyzer: FaceAnalyzer, interval: float, switch: float) -> tuple[float, float | None, int]:
    """(share of one core, seconds from the switch to happy, frames seen)."""
    frames, followed = 0, None
    with FrameSource(str(video), realtime=True) as source:
        cpu, wall = time.process_time(), time.perf_counter()
        for update in track_mood(source, analyzer, analysis_interval=interval):
            frames += 1
            if update.change and update.change.mood == "happy" and update.frame.time >= switch and followed is None:
                followed = update.change.time - switch
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return cpu / wall, followed, frames


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=12.0)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    print(describe())
    analyzer = FaceAnalyzer(EmotionClassifier.load())
    with tempfile.TemporaryDirectory() as folder:
        video = Path(folder) / "camera.avi"
        switch = write_camera(video, args.seconds)
        print(f"{args.seconds:g} s at {FPS} fps, neutral face then smiling at {switch:g} s, real time")
        print(f"{'analysis interval':>18} {'CPU (one core)':>15} {'happy after':>12} {'frames':>7}")
        for _ in range(args.repeats):
            for interval in (0.0, ANALYSIS_INTERVAL):
                share, followed, frames = watch(video, analyzer, interval, switch)
                after = f"{followed:.2f} s" if followed is not None else "never"
                print(f"{interval:>16g} s {share:>14.1%} {after:>12} {frames:>7}", flush=True)


if __name__ == "__main__":
    main()
