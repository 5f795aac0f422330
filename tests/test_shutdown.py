"""Stopping when asked: SIGTERM and SIGINT end `play`, `listen` and `gui` in order — the song is recorded as
interrupted (never left open, never counted as a skip), the memory closed, the exit status says which signal.
How fast they stop is measured by benchmarks/bench_stop.py, not asserted here."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import cv2
import pytest

from helpers import portrait_frame, write_tone, write_video
from emosymphony.shutdown import Stop, stop_on_signals


@pytest.fixture
def restored_handlers():
    saved = {number: signal.getsignal(number) for number in (signal.SIGTERM, signal.SIGINT)}
    yield
    for number, handler in saved.items():
        signal.signal(number, handler)


@pytest.mark.parametrize("number, status", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_the_first_signal_raises_stop_and_later_ones_wait_for_the_clean_up(restored_handlers, number, status):
    stop_on_signals()
    cleaned = []
    with pytest.raises(Stop) as caught:
        try:
            os.kill(os.getpid(), number)
            time.sleep(5)  # the handler interrupts this
        finally:
            os.kill(os.getpid(), signal.SIGTERM)  # a second signal during the clean-up is ignored
            cleaned.append(True)
    assert caught.value.exit_status == status and cleaned == [True]


def test_a_callback_hears_the_signal_instead(restored_handlers):
    heard = []
    stop_on_signals(heard.append)
    os.kill(os.getpid(), signal.SIGTERM)
    os.kill(os.getpid(), signal.SIGINT)
    assert heard == [signal.SIGTERM]


@pytest.fixture
def setup(tmp_path, face_photos):
    music = tmp_path / "music"
    for emotion in ("happy", "neutral", "sad"):
        (music / emotion).mkdir(parents=True)
        write_tone(music / emotion / f"{emotion}.wav", seconds=120, title=f"Long {emotion}")
    frame = portrait_frame(cv2.imread(str(face_photos["obama"])))
    video = write_video(tmp_path / "face.avi", [frame] * 900, fps=15)  # a minute of a smiling face
    env = dict(os.environ, SDL_AUDIODRIVER="disk", SDL_DISKAUDIOFILE=str(tmp_path / "out.raw"),
               QT_QPA_PLATFORM="offscreen", XDG_CACHE_HOME=str(tmp_path / "cache"),
               XDG_CONFIG_HOME=str(tmp_path / "config"))
    return {"music": music, "video": video, "data": tmp_path / "data", "env": env, "tmp": tmp_path}


def _start(setup, *argv: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "emosymphony", *argv, "--music-dir", str(setup["music"]),
                             "--data-dir", str(setup["data"])], env=setup["env"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _plays(setup) -> list[dict]:
    result = subprocess.run([sys.executable, "-m", "emosymphony", "history", "--json", "--data-dir", str(setup["data"])],
                            env=setup["env"], capture_output=True, text=True, timeout=60)
    return json.loads(result.stdout)["plays"]


def _wait_for_line(process: subprocess.Popen, text: str) -> None:
    for line in process.stdout:
        if text in line:
            return
    raise AssertionError(f"never printed {text!r}: {process.stderr.read()}")


def _wait_for_a_play(setup, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (setup["data"] / "memory.db").exists() and _plays(setup):
            return
        time.sleep(0.5)
    raise AssertionError("no song started")


@pytest.mark.slow
@pytest.mark.parametrize("number, status", [(signal.SIGTERM, 143), (signal.SIGINT, 130)], ids=["SIGTERM", "SIGINT"])
@pytest.mark.parametrize("command", ["play", "listen", "gui"])
def test_a_signal_ends_the_program_in_order(setup, command, number, status):
    if command == "play":
        process = _start(setup, "play", "--emotion", "happy", "--seconds", "100")
        _wait_for_line(process, "playing")
    elif command == "listen":
        process = _start(setup, "listen", "--camera", str(setup["video"]), "--seconds", "100", "--json")
        _wait_for_line(process, '"event": "track"')
    else:
        process = _start(setup, "gui", "--camera", str(setup["video"]), "--settings", str(setup["tmp"] / "s.ini"))
        _wait_for_a_play(setup)
    process.send_signal(number)
    assert process.wait(timeout=30) == status, process.stderr.read()
    assert "Traceback" not in process.stderr.read()
    plays = _plays(setup)
    assert plays and plays[-1]["ending"] == "interrupted" and plays[-1]["ended"] is not None
    if command == "gui":
        assert (setup["tmp"] / "s.ini").exists()  # the window closed as a listener would close it: settings saved
