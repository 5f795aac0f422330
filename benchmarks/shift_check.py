"""How much does each model lose when faces are framed, lit or photographed differently than FER2013's?

    .venv/bin/python benchmarks/shift_check.py --model MODEL [--model MODEL ...]

Each model (.tflite with its calibration .json beside it; face + mirror, at the default sensitivity, as the
program runs it) classifies FER2013 val/ clean and under each shift below. Reported: accuracy against the
FER2013 folder labels, accuracy against the FER+ majority labels (the FER+ paper's rule), and the loss of
each against clean. Shifts: crops 10 and 20% tighter and looser (a looser crop replicates the border),
brightness +-40 grey levels, contrast x0.6 and x1.4, gamma 0.6 and 1.6, Gaussian blur sigma 1 and 1.5 px,
JPEG quality 30 and 15, rotation +-10 degrees. (FER2013 is grey already: colour-to-grey conversion is not
a shift of this set; the program converts colour frames with images.to_gray.)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from _machine import describe  # noqa: E402

from emosymphony.data import read_dataset  # noqa: E402
from emosymphony.model.classifier import EmotionClassifier  # noqa: E402
from emosymphony.votes import majority_labels, read_votes  # noqa: E402
from _shifts import SHIFTS  # noqa: E402

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", action="append", required=True)
    parser.add_argument("--val", default=str(SHARED / "fer2013" / "val"))
    parser.add_argument("--votes", default=str(SHARED / "ferplus" / "votes.csv"))
    args = parser.parse_args()
    val = read_dataset(args.val)
    majority, _ = majority_labels(val.files, read_votes(args.votes))
    judged = majority >= 0
    print(describe())
    print(f"FER2013 val: {len(val)} faces (FER+ majority on {judged.sum()}); each model at its default sensitivity, "
          "face + mirror")
    models = {name: EmotionClassifier.load(name) for name in args.model}
    print(f"\n{'shift':<18}" + "".join(f"{Path(name).parent.name + '/' + Path(name).name:>34}" for name in models))
    print(f"{'':<18}" + "".join(f"{'FER2013 (loss)  FER+ (loss)':>34}" for _ in models))
    clean: dict[str, tuple[float, float]] = {}
    worst: dict[str, tuple[float, str]] = {name: (0.0, "") for name in models}
    for shift, change in SHIFTS.items():
        faces = np.stack([change(face) for face in val.images])
        cells = []
        for name, classifier in models.items():
            predicted = classifier.predict(faces).argmax(axis=1)
            fer2013 = float((predicted == val.labels).mean())
            ferplus = float((predicted[judged] == majority[judged]).mean())
            clean.setdefault(name, (fer2013, ferplus))
            loss = (clean[name][0] - fer2013, clean[name][1] - ferplus)
            if max(loss) > worst[name][0]:
                worst[name] = (max(loss), shift)
            cells.append(f"{fer2013:7.2%} ({loss[0]:+6.2%}) {ferplus:7.2%} ({loss[1]:+6.2%})")
        print(f"{shift:<18}" + "".join(f"{cell:>34}" for cell in cells), flush=True)
    for name, (loss, shift) in worst.items():
        print(f"{name}: largest loss {loss:.2%} ({shift})")


if __name__ == "__main__":
    main()
