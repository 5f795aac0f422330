"""Emotion classification speed of the shipped model, as the live camera and batch jobs call it.

    .venv/bin/python benchmarks/bench_emotion.py [--model PATH] [--repeats 7]

Prints the median over repeated runs of: one face per call (the live path) and batches of 64,
in milliseconds per face, with the machine and thread count.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from _machine import describe  # noqa: E402

from emosymphony import EmotionClassifier, read_dataset  # noqa: E402
from emosymphony.model.classifier import MAX_BATCH  # noqa: E402

FER_VAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "fer2013" / "val"


def _median_ms_per_face(classifier: EmotionClassifier, faces: np.ndarray, batch: int, calls: int, repeats: int) -> float:
    runs = []
    for _ in range(repeats):
        started = time.perf_counter()
        for i in range(calls):
            start = (i * batch) % (len(faces) - batch)
            classifier.predict(faces[start : start + batch])
        runs.append((time.perf_counter() - started) * 1000 / (calls * batch))
    return float(np.median(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", help="model file (default: the shipped models/emotion.tflite)")
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    faces = read_dataset(FER_VAL).images[:1024] if FER_VAL.is_dir() else np.random.default_rng(0).integers(0, 255, (1024, 48, 48), dtype=np.uint8)
    print(f"machine: {describe()}")
    for flip in (True, False):
        started = time.perf_counter()
        classifier = EmotionClassifier.load(args.model, flip_average=flip)
        load_seconds = time.perf_counter() - started
        for batch in (1, MAX_BATCH):  # warm up both interpreter sizes
            classifier.predict(faces[:batch])
        single = _median_ms_per_face(classifier, faces, 1, 300, args.repeats)
        batched = _median_ms_per_face(classifier, faces, MAX_BATCH, 15, args.repeats)
        mode = "face + mirror averaged (default)" if flip else "face only (flip_average=False)"
        print(f"model: {classifier.source} (LiteRT, 2 interpreter threads), {mode}, loaded in {load_seconds:.2f} s")
        print(f"  one face per call (live camera): median {single:.3f} ms per face over {args.repeats} runs of 300 calls")
        print(f"  batches of {MAX_BATCH}: median {batched:.3f} ms per face over {args.repeats} runs of 15 batches")


if __name__ == "__main__":
    main()
