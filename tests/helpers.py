"""Helpers and paths the tests share (conftest.py holds the fixtures)."""

from __future__ import annotations

import contextlib
import wave
from pathlib import Path

import cv2
import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
FER_VAL = SHARED / "fer2013" / "val"
FER_TRAIN = SHARED / "fer2013" / "train"
SINGULARITY_MUSIC = Path("/usr/share/games/singularity/music")
ASC_MUSIC = Path("/usr/share/games/asc/music")
SHIPPED_MODEL = ROOT / "emosymphony" / "model" / "emotion.tflite"
SHIPPED_KERAS = ROOT / "models" / "emotion.keras"


def write_tone(path: Path, seconds: float = 1.0, frequency: float = 440.0, rate: int = 22050,
               title: str | None = None, artist: str | None = None) -> Path:
    """A sine tone as 16-bit mono WAV, with ID3 title/artist tags when given."""
    t = np.arange(int(seconds * rate)) / rate
    samples = (0.5 * 32767 * np.sin(2 * np.pi * frequency * t)).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.tobytes())
    if title or artist:
        from mutagen.id3 import TIT2, TPE1
        from mutagen.wave import WAVE

        audio = WAVE(path)
        audio.add_tags()
        if title:
            audio.tags.add(TIT2(encoding=3, text=title))
        if artist:
            audio.tags.add(TPE1(encoding=3, text=artist))
        audio.save()
    return path


def write_video(path: Path, frames: list[np.ndarray], fps: float = 30.0) -> Path:
    """An MJPG .avi of BGR frames (all the size of the first)."""
    height, width = frames[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, (width, height))
    for frame in frames:
        writer.write(frame)
    writer.release()
    return path


def portrait_frame(photo: np.ndarray, size: tuple[int, int] = (640, 480)) -> np.ndarray:
    """A webcam-sized frame with the photo scaled to fit, centred on gray."""
    width, height = size
    scale = min(width / photo.shape[1], height / photo.shape[0])
    resized = cv2.resize(photo, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    frame = np.full((height, width, 3), 128, np.uint8)
    top, left = (height - resized.shape[0]) // 2, (width - resized.shape[1]) // 2
    frame[top : top + resized.shape[0], left : left + resized.shape[1]] = resized
    return frame


def chords(notes: list[list[int]], seconds_each: float, level: float, harmonics: int = 4, rate: int = 22050) -> np.ndarray:
    """Chords (MIDI note numbers) one after another, each with a soft attack, decay and `harmonics` overtones."""
    t = np.arange(int(seconds_each * rate)) / rate
    envelope = np.minimum(1.0, t / 0.02) * np.exp(-1.5 * t)
    clips = []
    for chord in notes:
        frequencies = [440.0 * 2 ** ((n - 69) / 12) for n in chord]
        wave_ = sum(sum(np.sin(2 * np.pi * f * h * t) / h for h in range(1, harmonics + 1)) for f in frequencies)
        clips.append(envelope * wave_ / len(chord))
    samples = np.concatenate(clips)
    return (level * samples / np.abs(samples).max()).astype(np.float32)


def progression(third: int) -> list[list[int]]:
    """I-IV-V-I in C, four times, with a major (4) or minor (3) third on I and IV."""
    return [[60, 60 + third, 67], [65, 65 + third, 72], [67, 71 if third == 4 else 70, 74], [60, 60 + third, 67]] * 4


def write_clip(path: Path, samples: np.ndarray, rate: int = 22050) -> Path:
    """Float samples (-1..1) as a 16-bit mono WAV file."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    return path


@contextlib.contextmanager
def small_disk(folder: Path, size: str):
    """A tmpfs of `size` ("64k") mounted on `folder` (created) while the block runs, to fill a disk for real;
    the test is skipped where mounting is not allowed (no CAP_SYS_ADMIN)."""
    import gc
    import subprocess

    folder.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True).returncode:
        pytest.skip("cannot mount a small tmpfs here to fill a disk (needs CAP_SYS_ADMIN)")
    try:
        yield folder
    finally:
        gc.collect()  # files the code under test left open close with their objects
        if subprocess.run(["umount", str(folder)], capture_output=True).returncode:
            subprocess.run(["umount", "-l", str(folder)])


def _missing(package: str) -> bool:
    """Whether `package` cannot be imported here (looked up, not imported: TensorFlow takes seconds to load)."""
    import importlib.util

    try:
        return importlib.util.find_spec(package) is None
    except (ImportError, ValueError):
        return True


needs_tensorflow = pytest.mark.skipif(_missing("tensorflow"), reason="needs TensorFlow (scripts/setup.sh --train)")
"""Skips a test (or a parameter) where TensorFlow is not installed: the player runs without it, training needs it."""
