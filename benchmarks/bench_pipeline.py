"""Whole-frame latency of the live pipeline on a 640x480 frame with one face (capture excluded).

    .venv/bin/python benchmarks/bench_pipeline.py [--frames 300]

The headline is FaceAnalyzer.analyze + MoodTracker.update with the analyzer a video stream uses
(FaceAnalyzer.for_video: each frame searched near the last face, the whole frame every tenth frame),
exactly what the camera worker and `watch` run. A second line gives the cost when every frame gets a
full search (as a photo does). The stage split times the same functions one by one. The face is scikit-image's public-domain
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
from emosymphony.vision.following import FULL_SEARCH_EVERY, FaceFollower  # noqa: E402
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


def _ms(seconds: list[float], percentile: float) -> float:
    return float(np.percentile(seconds, percentile)) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--frames", type=int, default=300)
    args = parser.parse_args()
    classifier = EmotionClassifier.load()
    detector = FaceDetector()
    video = frames(args.frames)
    for frame in video[:10]:
        FaceAnalyzer(classifier, detector).analyze(frame)

    def whole_frames(analyzer: FaceAnalyzer) -> tuple[list[float], int]:
        tracker, seconds, found = MoodTracker(), [], 0
        for i, frame in enumerate(video):
            started = time.perf_counter()
            analysis = analyzer.analyze(frame)
            tracker.update(i / 30, analysis.listener.probabilities if analysis.listener else None)
            seconds.append(time.perf_counter() - started)
            found += analysis.listener is not None
        return seconds, found

    totals, found = whole_frames(FaceAnalyzer(classifier, detector).for_video())
    full_totals, _ = whole_frames(FaceAnalyzer(classifier, detector))

    stages = {"gray + brightness (+ enhance if dim)": [], "detect": [], "crop": [], "classify": [], "track": []}
    tracker, follower = MoodTracker(), FaceFollower(detector)
    for i, frame in enumerate(video):
        t0 = time.perf_counter()
        gray = to_gray(frame)
        if brightness(gray) < DIM_BRIGHTNESS:
            gray = enhance(gray)
        t1 = time.perf_counter()
        boxes = follower.detect(gray)
        t2 = time.perf_counter()
        crops = [crop_face(gray, box) for box in boxes]
        t3 = time.perf_counter()
        probabilities = classifier.predict(crops)
        t4 = time.perf_counter()
        tracker.update(i / 30, probabilities[0] if len(probabilities) else None)
        t5 = time.perf_counter()
        for name, seconds in zip(stages, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4)):
            stages[name].append(seconds)

    print(f"machine: {describe()}")
    print(f"frames: {args.frames} of 640x480 BGR, one face; face found in {found}/{args.frames}")
    print(f"whole frame, video (near the last face; full search every {FULL_SEARCH_EVERY}th frame): "
          f"median {_ms(totals, 50):.2f} ms, mean {np.mean(totals) * 1000:.2f} ms, 90th percentile {_ms(totals, 90):.2f} ms, "
          f"max {_ms(totals, 100):.2f} ms")
    print(f"whole frame, full search every frame (photo path): median {_ms(full_totals, 50):.2f} ms, "
          f"90th percentile {_ms(full_totals, 90):.2f} ms")
    print("stages (video), medians:")
    stage_total = sum(float(np.median(v)) for v in stages.values())
    for name, values in stages.items():
        median = float(np.median(values)) * 1000
        print(f"  {name:<38} median {median:6.2f} ms  ({median / (stage_total * 1000):.0%})")


if __name__ == "__main__":
    main()
