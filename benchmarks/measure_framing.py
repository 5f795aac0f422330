"""Where FER2013's faces sit in their 48x48 frames, relative to the box our face detector returns on them.

    .venv/bin/python benchmarks/measure_framing.py [--data ../shared/data/fer2013/val]

Each face is enlarged 4x (cubic) and padded by replicating its border, so the detector (the program's
FaceDetector, Haar cascade) can find it whole; the box it returns is expressed in units of the original
frame. The median box says how to crop a live face so that it is framed like the training faces: the
frame side is box side / w, i.e. a margin of (1/w - 1)/2 of the box on each side (vision/faces.py,
CROP_MARGIN).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import cv2
import numpy as np

from emosymphony.vision.faces import FaceDetector

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
UP, PAD = 4, 96


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(SHARED / "fer2013" / "val"))
    args = parser.parse_args()
    detector = FaceDetector()
    files = sorted(Path(args.data).glob("*/*.png"))
    boxes = []
    for path in files:
        face = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
        big = cv2.copyMakeBorder(cv2.resize(face, None, fx=UP, fy=UP, interpolation=cv2.INTER_CUBIC),
                                 PAD, PAD, PAD, PAD, cv2.BORDER_REPLICATE)
        found = detector.detect(big)
        if found:
            box, side = found[0], face.shape[0] * UP
            boxes.append(((box.x - PAD) / side, (box.y - PAD) / side, box.w / side, box.h / side))
    table = np.array(boxes)
    print(f"{len(files)} faces of {args.data}; the detector found {len(table)} ({len(table) / len(files):.0%})")
    for name, column in zip(("left", "top", "width", "height"), table.T):
        low, high = np.percentile(column, [25, 75])
        print(f"  box {name:<6} median {np.median(column):6.3f} of the frame (quartiles {low:6.3f} .. {high:6.3f})")
    width = float(np.median(table[:, 2]))
    print(f"margin that frames a detected face like FER2013: ({1 / width:.3f} - 1) / 2 = {(1 / width - 1) / 2:.3f} "
          "of the box on each side")


if __name__ == "__main__":
    main()
