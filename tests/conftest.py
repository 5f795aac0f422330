"""Fixtures: real face photos, real recordings, FER2013 samples, the shipped model, Xvfb (helpers.py has the rest)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import cv2
import numpy as np
import pytest

from helpers import ASC_MUSIC, FER_TRAIN, FER_VAL, SHIPPED_MODEL, SINGULARITY_MUSIC
from material import face_recognition_photos

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")


@pytest.fixture(scope="session")
def fer_val() -> Path:
    if not FER_VAL.is_dir():
        pytest.skip(f"FER2013 val/ not found at {FER_VAL}")
    return FER_VAL


@pytest.fixture(scope="session")
def fer_train() -> Path:
    if not FER_TRAIN.is_dir():
        pytest.skip(f"FER2013 train/ not found at {FER_TRAIN}")
    return FER_TRAIN


@pytest.fixture(scope="session")
def face_photos() -> dict[str, Path]:
    """The public-domain portraits of the face_recognition 1.3.0 source distribution (pip download)."""
    try:
        return face_recognition_photos()
    except RuntimeError as error:
        pytest.skip(str(error))


@pytest.fixture(scope="session")
def astronaut() -> np.ndarray:
    """scikit-image's public-domain photo of astronaut Eileen Collins, smiling (BGR)."""
    data = pytest.importorskip("skimage.data")
    return cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2BGR)


@pytest.fixture(scope="session")
def real_recordings() -> list[Path]:
    """Tagged Ogg Vorbis tracks of Debian's singularity-music package."""
    files = sorted(SINGULARITY_MUSIC.rglob("*.ogg"))
    if not files:
        pytest.skip("Debian package singularity-music is not installed (apt-get install singularity-music)")
    return files


@pytest.fixture(scope="session")
def untagged_mp3s() -> list[Path]:
    """Untagged MP3 files of Debian's asc-music package."""
    files = sorted(ASC_MUSIC.glob("*.mp3"))
    if not files:
        pytest.skip("Debian package asc-music is not installed (apt-get install asc-music)")
    return files


@pytest.fixture(scope="session")
def shipped_model() -> Path:
    if not SHIPPED_MODEL.is_file():
        pytest.fail(f"the shipped model {SHIPPED_MODEL} is missing")
    return SHIPPED_MODEL


@pytest.fixture(scope="session")
def xvfb(tmp_path_factory):
    """A real X server (Xvfb) on :97, with DISPLAY set to it while the tests run."""
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (apt-get install xvfb)")
    display = ":97"
    server = subprocess.Popen(["Xvfb", display, "-screen", "0", "800x600x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while not os.path.exists(f"/tmp/.X11-unix/X{display[1:]}") and time.monotonic() < deadline:
        time.sleep(0.05)
    authority = tmp_path_factory.mktemp("x") / "Xauthority"
    authority.write_bytes(b"")  # python-xlib wants the file; this server asks for no cookie
    saved = {name: os.environ.get(name) for name in ("DISPLAY", "XAUTHORITY")}
    os.environ.update(DISPLAY=display, XAUTHORITY=str(authority))
    yield display
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(autouse=True)
def private_data_home(tmp_path, monkeypatch):
    """Every test (and the programs it starts) keeps its listening memory in its own folder, never the user's."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


@pytest.fixture(autouse=True)
def no_fade_at_the_end(monkeypatch):
    """Commands run in the test process end without their half-second fade (tests/test_shutdown.py runs the real
    programs, fade included)."""
    monkeypatch.setattr("emosymphony.cli._common.STOP_FADE_SECONDS", 0.0)
