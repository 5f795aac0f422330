"""Whole-frame latency of the live pipeline on a 640x480 frame with one face (capture excluded).

    .venv/bin/python benchmarks/bench_pipeline.py [--frames 300]

The headline is FaceAnalyzer.analyze + MoodTracker.update, exactly what the camera worker runs.
The stage split times the same functions one by one. The face is scikit-image's public-domain
astronaut photo (pip install scikit-image), jittered a little from frame to frame.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import cv2
import numpy as np
from skimage import data

sys.path.insert(0, str(Path(__file__).parent))
from _machine import describe  # noqa: E402

from emosymphony import EmotionClassifier, FaceAnalyzer, MoodTracker  # noqa: E402
from emosymphony.images import to_gray  # noqa: E402
from emosymphony.vision.faces import FaceDetector, crop_face  # noqa: E402
from emosymphony.vision.lighting import DIM_BRIGHTNESS, brightness, enhance  # noqa: E402


def frames(count: int) -> list[np.ndarray]:
    photo = cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2BGR)
    photo = cv2.resize(photo, (400, 400))
    rng = np.random.default_rng(0)
    result = []
    for _ in range(count):
        frame = np.full((480, 640, 3), 110, np.uint8)
        dx, dy = rng.integers(-8, 9, 2)
        frame[40 + dy : 440 + dy, 120 + dx : 520 + dx] = photo
        noise = rng.normal(0, 4, frame.shape)
        result.append(np.clip(frame + noise, 0, 255).astype(np.uint8))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--frames", type=int, default=300)
    args = parser.parse_args()
    classifier = EmotionClassifier.load()
    detector = FaceDetector()
    analyzer = FaceAnalyzer(classifier, detector)
    tracker = MoodTracker()
    video = frames(args.frames)
    for frame in video[:10]:
        analyzer.analyze(frame)

    totals = []
    for i, frame in enumerate(video):
        started = time.perf_counter()
        analysis = analyzer.analyze(frame)
        tracker.update(i / 30, analysis.listener.probabilities if analysis.listener else None)
        totals.append(time.perf_counter() - started)
    found = sum(1 for frame in video[:50] if analyzer.analyze(frame).faces)

    stages = {"gray + brightness (+ enhance if dim)": [], "detect": [], "crop": [], "classify": [], "track": []}
    tracker = MoodTracker()
    for i, frame in enumerate(video):
        t0 = time.perf_counter()
        gray = to_gray(frame)
        if brightness(gray) < DIM_BRIGHTNESS:
            gray = enhance(gray)
        t1 = time.perf_counter()
        boxes = detector.detect(gray)
        t2 = time.perf_counter()
        crops = [crop_face(gray, box) for box in boxes]
        t3 = time.perf_counter()
        probabilities = classifier.predict(crops)
        t4 = time.perf_counter()
        tracker.update(i / 30, probabilities[0] if len(probabilities) else None)
        t5 = time.perf_counter()
        for name, seconds in zip(stages, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4)):
            stages[name].append(seconds)

    median_total = float(np.median(totals)) * 1000
    print(f"machine: {describe()}")
    print(f"frames: {args.frames} of 640x480 BGR, one face; face found in {found}/50 checked frames")
    print(f"whole frame (detect + crop + classify + track): median {median_total:.2f} ms, "
          f"90th percentile {np.percentile(totals, 90) * 1000:.2f} ms")
    stage_total = sum(float(np.median(v)) for v in stages.values())
    for name, values in stages.items():
        median = float(np.median(values)) * 1000
        print(f"  {name:<38} median {median:6.2f} ms  ({median / (stage_total * 1000):.0%})")


if __name__ == "__main__":
    main()
