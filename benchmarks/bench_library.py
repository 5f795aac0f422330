"""Library scan speed: first scan and unchanged rescan of N generated, tagged audio files.

    .venv/bin/python benchmarks/bench_library.py [--files 5000]
"""

from __future__ import annotations

import argparse
import io
import shutil
import sys
import tempfile
import time
import wave
from pathlib import Path

import numpy as np
from mutagen.id3 import TALB, TIT2, TPE1
from mutagen.wave import WAVE

sys.path.insert(0, str(Path(__file__).parent))
from _machine import describe  # noqa: E402

from emosymphony import EMOTIONS, MusicLibrary  # noqa: E402


def _tone_bytes(seconds: float = 0.05, rate: int = 8000) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        t = np.arange(int(seconds * rate)) / rate
        out.writeframes((8000 * np.sin(2 * np.pi * 440 * t)).astype("<i2").tobytes())
    return buffer.getvalue()


def make_library(root: Path, count: int) -> None:
    tone = _tone_bytes()
    for i in range(count):
        emotion = EMOTIONS[i % len(EMOTIONS)]
        path = root / emotion / f"track {i:05d}.wav"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(tone)
        audio = WAVE(path)
        audio.add_tags()
        audio.tags.add(TIT2(encoding=3, text=f"Song {i}"))
        audio.tags.add(TPE1(encoding=3, text=f"Artist {i % 97}"))
        audio.tags.add(TALB(encoding=3, text=f"Album {i % 31}"))
        audio.save()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=5000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-library-"))
    try:
        make_library(work / "music", args.files)
        library = MusicLibrary(work / "music", cache_file=work / "cache.json")
        started = time.perf_counter()
        first = library.scan()
        first_seconds = time.perf_counter() - started
        rescans = []
        for _ in range(5):
            started = time.perf_counter()
            again = MusicLibrary(work / "music", cache_file=work / "cache.json").scan()
            rescans.append(time.perf_counter() - started)
        assert len(first.playable) == len(again.playable) == args.files
        assert all(t.title.startswith("Song ") for t in first.playable)
        print(f"machine: {describe()}")
        print(f"files: {args.files} tagged WAV (ID3 title/artist/album)")
        print(f"first scan: {first_seconds:.2f} s")
        print(f"rescan, nothing changed (new process state, cache on disk): median {np.median(rescans):.3f} s of 5")
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
