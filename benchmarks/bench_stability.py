"""Mood stability and responsiveness on videos built from real face photos.

    .venv/bin/python benchmarks/bench_stability.py [--seconds 60]

Each video is a 640x480, 30 fps MJPG file made from a public-domain portrait (face_recognition 1.3.0
test images, scikit-image's astronaut) with camera noise, small head motion (shift, rotation, scale)
and slow brightness changes. It is read back through FrameSource and the live pipeline, exactly
like `emosymphony watch`. Reported:
- constant expression: mood changes per minute after the first mood;
- expression change: a face the model reads as non-happy for 5 s, then a smiling face (read as
  happy with at least 60%) for 5 s: seconds from the switch until the new mood is reported.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import cv2
import numpy as np
from skimage import data

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from _machine import describe  # noqa: E402
from material import face_recognition_photos  # noqa: E402

from emosymphony import EMOTIONS, NO_FACE, EmotionClassifier, FaceAnalyzer, FrameSource, track_mood  # noqa: E402

FPS = 30


def portraits() -> dict[str, np.ndarray]:
    photos = {name: cv2.imread(str(path)) for name, path in face_recognition_photos().items()
              if name in ("obama", "obama2", "obama3", "biden")}
    photos["astronaut"] = cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2BGR)
    return photos


def camera_like(photo: np.ndarray, count: int, seed: int, start: int = 0) -> list[np.ndarray]:
    """Frames of the photo as a webcam would show it: noise, a wandering head, changing light."""
    rng = np.random.default_rng(seed)
    scale = min(640 / photo.shape[1], 480 / photo.shape[0]) * 0.95
    base = cv2.resize(photo, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    frames = []
    shift = np.zeros(2)
    for i in range(start, start + count):
        shift = np.clip(shift + rng.normal(0, 0.8, 2), -12, 12)
        angle = 3 * np.sin(i / 45)
        zoom = 1 + 0.03 * np.sin(i / 70)
        canvas = np.full((480, 640, 3), 120, np.uint8)
        top, left = (480 - base.shape[0]) // 2, (640 - base.shape[1]) // 2
        canvas[top : top + base.shape[0], left : left + base.shape[1]] = base
        matrix = cv2.getRotationMatrix2D((320, 240), angle, zoom)
        matrix[:, 2] += shift
        moved = cv2.warpAffine(canvas, matrix, (640, 480), borderMode=cv2.BORDER_REPLICATE)
        light = 1 + 0.25 * np.sin(2 * np.pi * i / (FPS * 10))
        noisy = moved.astype(np.float32) * light + rng.normal(0, 6, moved.shape)
        frames.append(np.clip(noisy, 0, 255).astype(np.uint8))
    return frames


def write(path: Path, frames: list[np.ndarray]) -> Path:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), FPS, (640, 480))
    for frame in frames:
        writer.write(frame)
    writer.release()
    return path


def run(video: Path, analyzer: FaceAnalyzer) -> tuple[list, int, int]:
    """The mood changes, the frames without a face, and the longest run of such frames."""
    changes, faceless, run_length, longest = [], 0, 0, 0
    with FrameSource(str(video)) as source:
        for update in track_mood(source, analyzer):
            if update.change:
                changes.append(update.change)
            run_length = 0 if update.analysis.listener else run_length + 1
            faceless += run_length > 0
            longest = max(longest, run_length)
    return changes, faceless, longest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60.0, help="length of each constant-expression video")
    parser.add_argument("--model", help="emotion model file (default: the bundled one)")
    args = parser.parse_args()
    analyzer = FaceAnalyzer(EmotionClassifier.load(args.model))
    photos = portraits()
    reading = {name: analyzer.analyze(photo).listener for name, photo in photos.items()}
    print(f"machine: {describe()}")
    print("single-photo readings: " + ", ".join(
        f"{name} {face.emotion} {face.probabilities.max():.0%}" if face else f"{name} no face" for name, face in reading.items()))
    work = Path(tempfile.mkdtemp(prefix="bench-stability-"))
    total_changes, total_minutes = 0, 0.0
    print(f"constant expression, {args.seconds:g} s each (noise, head motion, light changes):")
    for seed, (name, photo) in enumerate(photos.items()):
        video = write(work / f"{name}.avi", camera_like(photo, int(args.seconds * FPS), seed))
        changes, faceless, longest = run(video, analyzer)
        later = [c for c in changes if c.previous != NO_FACE]
        total_changes += len(later)
        total_minutes += args.seconds / 60
        moods = " -> ".join(c.mood for c in changes)
        print(f"  {name:<10} {len(later)} change(s) after the first mood  [{moods}]; "
              f"no face found in {faceless} of {int(args.seconds * FPS)} frames, longest gap {longest / FPS:.2f} s")
    print(f"  overall: {total_changes / total_minutes:.2f} mood changes per minute while the expression is constant")

    happy = EMOTIONS.index("happy")
    # "smiling": read as happy with at least 60% on the clean photo; the talking portraits (about 30%
    # happy) are left out of the change test as neither clearly smiling nor clearly not.
    smiling = [n for n, f in reading.items() if f and f.emotion == "happy" and f.probabilities.max() >= 0.6]
    other = [n for n, f in reading.items() if f and f.emotion != "happy"]
    latencies = []
    print("expression change (5 s non-happy face, then 5 s smiling face):")
    for i, (before, after) in enumerate((b, a) for b in other for a in smiling):
        frames = camera_like(photos[before], 5 * FPS, 100 + i) + camera_like(photos[after], 5 * FPS, 200 + i, start=5 * FPS)
        changes, _, _ = run(write(work / f"{before}-{after}.avi", frames), analyzer)
        reported = next((c.time for c in changes if c.time >= 5.0 and c.mood == EMOTIONS[happy]), None)
        latency = None if reported is None else reported - 5.0
        latencies.append(latency)
        print(f"  {before} ({reading[before].emotion}) -> {after} (happy): "
              + ("not reported" if latency is None else f"happy reported {latency:.2f} s after the switch"))
    found = [x for x in latencies if x is not None]
    if found:
        print(f"  overall: worst {max(found):.2f} s, median {np.median(found):.2f} s, "
              f"{len(found)}/{len(latencies)} changes reported")
    for video in work.iterdir():
        video.unlink()
    work.rmdir()


if __name__ == "__main__":
    main()
