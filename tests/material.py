"""Real test material fetched through the package clients (shared by the tests and the benchmarks)."""

from __future__ import annotations

import subprocess
import sys
import tarfile
from pathlib import Path

FIXTURE_CACHE = Path(__file__).resolve().parent / ".fixtures"
FACE_RECOGNITION_SDIST = "face_recognition==1.3.0"


def face_recognition_photos(cache: Path = FIXTURE_CACHE) -> dict[str, Path]:
    """The public-domain portraits in the face_recognition 1.3.0 source distribution, by name.

    Downloaded once with pip into `cache`; raises RuntimeError when pip cannot get it.
    """
    folder = cache / "face_recognition"
    if not folder.is_dir():
        cache.mkdir(parents=True, exist_ok=True)
        download = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", FACE_RECOGNITION_SDIST,
             "-d", str(cache)],
            capture_output=True, text=True, timeout=300,
        )
        archives = list(cache.glob("face_recognition-1.3.0.tar.gz"))
        if download.returncode != 0 or not archives:
            raise RuntimeError(f"could not pip-download {FACE_RECOGNITION_SDIST}: {download.stderr[-300:]}")
        partial = cache / "face_recognition.partial"
        partial.mkdir(exist_ok=True)
        with tarfile.open(archives[0]) as archive:
            for member in archive.getmembers():
                if "/tests/test_images/" in member.name and member.isfile():
                    member.name = Path(member.name).name
                    archive.extract(member, partial, filter="data")
        partial.rename(folder)
    return {p.stem: p for p in folder.iterdir()}
