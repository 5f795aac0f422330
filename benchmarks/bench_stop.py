"""How long `play`, `listen` and `gui` take to stop after SIGTERM or SIGINT (the target is 2 s), measured on
real processes: the song fades, is recorded as interrupted, the memory closes.

    .venv/bin/python benchmarks/bench_stop.py [--runs 3]

Each run starts the command on a fresh music folder and memory (SDL's disk audio driver, Qt offscreen, a
video of a face as the camera), waits until a song plays, sends the signal and times the exit.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import cv2

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from helpers import portrait_frame, write_tone, write_video  # noqa: E402
from material import face_recognition_photos  # noqa: E402

from _machine import describe  # noqa: E402


def _prepare(folder: Path) -> tuple[Path, Path, dict]:
    music = folder / "music"
    for emotion in ("happy", "neutral", "sad"):
        (music / emotion).mkdir(parents=True)
        write_tone(music / emotion / f"{emotion}.wav", seconds=120)
    frame = portrait_frame(cv2.imread(str(face_recognition_photos()["obama"])))
    video = write_video(folder / "face.avi", [frame] * 900, fps=15)
    env = dict(os.environ, SDL_AUDIODRIVER="disk", SDL_DISKAUDIOFILE=str(folder / "out.raw"),
               QT_QPA_PLATFORM="offscreen", XDG_CACHE_HOME=str(folder / "cache"), XDG_CONFIG_HOME=str(folder / "config"))
    return music, video, env


def _started(command: str, process: subprocess.Popen, data: Path, env: dict) -> None:
    """Wait until a song plays (the command line prints it; the window's memory records it)."""
    if command != "gui":
        for line in process.stdout:
            if "playing" in line or '"event": "track"' in line:
                return
        raise RuntimeError(process.stderr.read())
    for _ in range(240):
        if (data / "memory.db").exists():
            plays = subprocess.run([sys.executable, "-m", "emosymphony", "history", "--json", "--data-dir", str(data)],
                                   env=env, capture_output=True, text=True).stdout
            if '"path"' in plays:
                return
        time.sleep(0.25)
    raise RuntimeError("the window never played")


def stop_seconds(command: str, number: int) -> float:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        music, video, env = _prepare(folder)
        data = folder / "data"
        argv = {"play": ["play", "--emotion", "happy", "--seconds", "300"],
                "listen": ["listen", "--camera", str(video), "--seconds", "300", "--json"],
                "gui": ["gui", "--camera", str(video), "--settings", str(folder / "s.ini")]}[command]
        process = subprocess.Popen([sys.executable, "-m", "emosymphony", *argv, "--music-dir", str(music),
                                    "--data-dir", str(data)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True)
        _started(command, process, data, env)
        time.sleep(1.0)
        sent = time.monotonic()
        process.send_signal(number)
        process.wait(timeout=60)
        return time.monotonic() - sent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(describe())
    for command in ("play", "listen", "gui"):
        for number in (signal.SIGTERM, signal.SIGINT):
            times = [stop_seconds(command, number) for _ in range(args.runs)]
            print(f"{command:<7} {signal.Signals(number).name:<8} median {statistics.median(times):.2f} s, "
                  f"max {max(times):.2f} s  ({', '.join(f'{t:.2f}' for t in times)})")


if __name__ == "__main__":
    main()
