"""The `fer` pip package side by side with ours, on the same faces and the same shifts as shift_check.py.

Run it in a virtual environment holding only `fer` (it is never mixed into the project's):

    python3.11 -m venv /tmp/fer-venv && /tmp/fer-venv/bin/pip install fer==22.5.1
    /tmp/fer-venv/bin/python benchmarks/compare_fer.py

`fer` (Justin Shenk, MIT; a mini-Xception trained on FER2013's labels) is given each 48x48 FER2013 val/ face
as the face box (its detector needs larger faces), so the two models are compared on the same crops:
accuracy against the FER2013 folder labels and against the FER+ majority labels, clean and under each
shift. Then `fer` reads the public-domain portraits of the test material end to end with its own face
detector (ours: `emosymphony detect --json` on the same files, from the project's venv).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))
from _machine import describe  # noqa: E402
from _shifts import SHIFTS  # noqa: E402

from emosymphony.data import read_dataset  # noqa: E402  (OpenCV and NumPy only)
from emosymphony.emotions import EMOTIONS  # noqa: E402
from emosymphony.votes import majority_labels, read_votes  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
BATCH = 256


def _classify(detector, faces: np.ndarray) -> np.ndarray:
    """fer's emotion model on 48x48 faces (its own preprocessing: resized to 64x64, scaled to -1..1)."""
    import cv2

    size = tuple(detector._FER__emotion_target_size)  # fer keeps its model and input size private
    batch = np.stack([cv2.resize(face, size) for face in faces]).astype("float32")[..., None]
    batch = (batch / 255.0 - 0.5) * 2.0  # as fer's own preprocessing (v2)
    scores = detector._FER__emotion_classifier.predict(batch, batch_size=BATCH, verbose=0)
    # fer's labels: angry, disgust, fear, happy, sad, surprise, neutral (FER2013's order)
    assert list(detector._get_labels().values()) == list(EMOTIONS)
    return scores


def main() -> None:
    from fer import FER

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--val", default=str(SHARED / "fer2013" / "val"))
    parser.add_argument("--votes", default=str(SHARED / "ferplus" / "votes.csv"))
    parser.add_argument("--photos", default=str(ROOT / "tests" / ".fixtures" / "face_recognition"))
    args = parser.parse_args()
    print(describe())
    detector = FER()
    val = read_dataset(args.val)
    majority, _ = majority_labels(val.files, read_votes(args.votes))
    judged = majority >= 0
    print(f"fer on FER2013 val/ ({len(val)} faces, FER+ majority on {judged.sum()}), each face given as the box")
    clean = None
    for shift, change in SHIFTS.items():
        predicted = _classify(detector, np.stack([change(face) for face in val.images])).argmax(axis=1)
        fer2013 = float((predicted == val.labels).mean())
        ferplus = float((predicted[judged] == majority[judged]).mean())
        clean = clean or (fer2013, ferplus)
        recall = {name: float((predicted[val.labels == i] == i).mean()) for i, name in enumerate(EMOTIONS)}
        extra = ("  recall " + " ".join(f"{name} {value:.0%}" for name, value in recall.items())) if shift == "clean" else ""
        print(f"{shift:<18} FER2013 {fer2013:7.2%} ({clean[0] - fer2013:+6.2%})  FER+ {ferplus:7.2%} "
              f"({clean[1] - ferplus:+6.2%}){extra}", flush=True)
    import cv2

    print("\nportraits, fer's own detector:")
    for photo in sorted(Path(args.photos).glob("*.jpg")):
        found = detector.detect_emotions(cv2.imread(str(photo)))
        print(f"  {photo.name}: " + (json.dumps({k: round(v, 2) for k, v in found[0]["emotions"].items()})
                                     if found else "no face"))


if __name__ == "__main__":
    main()
