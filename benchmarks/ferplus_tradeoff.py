"""The trade-off between reading calm faces as calm (FER+ labels) and keeping expressions visible (FER2013 labels).

    .venv/bin/python benchmarks/ferplus_tradeoff.py --model MODEL [--model MODEL ...] [--write-calibration JSON]

For each model (.tflite or .keras; face + mirror averaged, as the program runs it, without any
calibration file) on FER2013 val/: accuracy, macro-F1 and per-class recall against the FER+ majority
label (../shared/data/ferplus/votes.csv, the FER+ paper's rule), and accuracy against the original
FER2013 folder labels, for neutral shifts from -1.5 to +3 (log-probability units subtracted from
neutral: larger = more sensitive, fewer neutral answers). Then the temperature fitted on the FER+
majority labels and the expected calibration error (15 bins) before and after it.

The default shift is the one with the best FER+ accuracy among those that keep FER2013 accuracy at or
above --floor (0.64); with --write-calibration, that shift and the temperature are written for the
last model given, and with --report DIR its metrics.json (both labelings at the default shift, the
curve, calibration), confusion matrices and trade-off plot.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from _machine import describe  # noqa: E402

from emosymphony.data import read_dataset  # noqa: E402
from emosymphony.emotions import EMOTIONS  # noqa: E402
from emosymphony.model.calibration import NEUTRAL, Calibration, expected_calibration_error, fit_temperature  # noqa: E402
from emosymphony.model.classifier import EmotionClassifier  # noqa: E402
from emosymphony.model.metrics import classification_report  # noqa: E402
from emosymphony.votes import majority_labels, read_votes  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
SHIFTS = np.round(np.arange(-1.5, 3.01, 0.25), 2)
SHORT = {"angry": "ang", "disgust": "dis", "fear": "fea", "happy": "hap", "sad": "sad", "surprise": "sur", "neutral": "neu"}


def shifted(probabilities: np.ndarray, shift: float) -> np.ndarray:
    logits = np.log(np.clip(probabilities, 1e-12, 1.0))
    logits[:, NEUTRAL] -= shift
    return logits.argmax(axis=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", action="append", required=True)
    parser.add_argument("--val", default=str(SHARED / "fer2013" / "val"))
    parser.add_argument("--votes", default=str(SHARED / "ferplus" / "votes.csv"))
    parser.add_argument("--floor", type=float, default=0.64, help="FER2013 accuracy the default shift must keep")
    parser.add_argument("--write-calibration", metavar="JSON")
    parser.add_argument("--report", metavar="DIR", help="write metrics.json and the plots of the last model here")
    args = parser.parse_args()
    print(describe())
    val = read_dataset(args.val)
    majority, left_out = majority_labels(val.files, read_votes(args.votes))
    judged = majority >= 0
    print(f"FER2013 val: {len(val)} faces; FER+ majority judged on {judged.sum()} (left out: {left_out})")
    for path in args.model:
        probabilities = EmotionClassifier.load(path, calibration=Calibration()).predict(val.images)
        print(f"\n{path}")
        print(f"{'shift':>6} {'FER+ acc':>9} {'macro-F1':>9} " + " ".join(f"{SHORT[e]:>5}" for e in EMOTIONS)
              + f" {'FER2013':>8} {'neutral answers':>16}")
        best, curve = None, []
        for shift in SHIFTS:
            predicted = shifted(probabilities, shift)
            plus = classification_report(majority[judged], predicted[judged])
            fer = float((predicted == val.labels).mean())
            recalls = " ".join(f"{plus['per_class'][e]['recall']:>5.1%}" if e in plus["per_class"] else "    -"
                               for e in EMOTIONS)
            print(f"{shift:>6.2f} {plus['accuracy']:>9.2%} {plus['macro_f1']:>9.2%} {recalls} {fer:>8.2%} "
                  f"{(predicted == NEUTRAL).mean():>16.1%}")
            curve.append({"shift": float(shift), "ferplus_accuracy": plus["accuracy"], "ferplus_macro_f1": plus["macro_f1"],
                          "ferplus_recall": {e: row["recall"] for e, row in plus["per_class"].items()},
                          "fer2013_accuracy": fer, "neutral_answers": float((predicted == NEUTRAL).mean())})
            if fer >= args.floor and (best is None or plus["accuracy"] > best[1]):
                best = (float(shift), plus["accuracy"])
        temperature = fit_temperature(probabilities[judged], majority[judged])
        calibration = Calibration(temperature, best[0] if best else 0.0)
        before = expected_calibration_error(probabilities[judged], majority[judged])
        after = expected_calibration_error(calibration.apply(probabilities[judged]), majority[judged])
        raw_after = expected_calibration_error(Calibration(temperature).apply(probabilities[judged]), majority[judged])
        print(f"temperature {temperature:.3f}: ECE (15 bins, FER+ majority) {before:.2%} before, {raw_after:.2%} after "
              f"(shift 0), {after:.2%} with the default shift")
        if best:
            print(f"default shift (best FER+ accuracy with FER2013 >= {args.floor:.0%}): {best[0]:+.2f} "
                  f"-> FER+ {best[1]:.2%}")
        else:
            print(f"no shift keeps FER2013 accuracy at {args.floor:.0%}")
    if args.report:
        write_report(Path(args.report), path, probabilities, val, majority, judged, calibration, curve,
                     {"before": before, "after": after, "after_at_shift_0": raw_after}, args)
    if args.write_calibration:
        calibration.save(Path(args.write_calibration))
        print(f"wrote {args.write_calibration}: temperature {calibration.temperature:.3f}, "
              f"neutral shift {calibration.neutral_shift:+.2f}")


def write_report(folder: Path, model: str, probabilities: np.ndarray, val, majority: np.ndarray, judged: np.ndarray,
                 calibration: Calibration, curve: list[dict], ece: dict, args: argparse.Namespace) -> None:
    """metrics.json, a confusion matrix for each labeling, and the trade-off curve as a plot."""
    import json

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from emosymphony.model.evaluation import plot_confusion_matrix

    predicted = shifted(probabilities, calibration.neutral_shift)
    plus = classification_report(majority[judged], predicted[judged])
    fer = classification_report(val.labels, predicted)
    metrics = {
        "model": model,
        "command": "benchmarks/ferplus_tradeoff.py " + " ".join(f"--model {m}" for m in args.model),
        "evaluated_on": f"FER2013 PublicTest ({args.val}): {len(val)} faces; FER+ majority of {args.votes} on {int(judged.sum())}",
        "run_as": "int8 LiteRT, face + mirror averaged, at the default sensitivity",
        "calibration": {"temperature": calibration.temperature, "neutral_shift": calibration.neutral_shift,
                        "expected_calibration_error_15_bins": ece},
        "ferplus_majority": plus,
        "fer2013_labels": fer,
        "tradeoff_curve": curve,
    }
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "metrics.json").write_text(json.dumps(metrics, indent=1))
    plot_confusion_matrix(plus["confusion_matrix"], folder / "confusion_matrix_ferplus.png", "FER+ majority labels, val")
    plot_confusion_matrix(fer["confusion_matrix"], folder / "confusion_matrix_fer2013.png", "FER2013 labels, val")
    figure, axis = plt.subplots(figsize=(7, 4.5))
    shifts = [row["shift"] for row in curve]
    axis.plot(shifts, [row["ferplus_accuracy"] for row in curve], label="FER+ accuracy")
    axis.plot(shifts, [row["ferplus_recall"]["neutral"] for row in curve], label="FER+ neutral recall")
    axis.plot(shifts, [min(row["ferplus_recall"][e] for e in ("angry", "fear", "sad")) for row in curve],
              label="FER+ lowest recall of angry, fear, sad")
    axis.plot(shifts, [row["fer2013_accuracy"] for row in curve], label="FER2013-label accuracy")
    axis.axvline(calibration.neutral_shift, color="gray", linestyle="--", label="default (sensitivity 0.5)")
    axis.set_xlabel("neutral shift (higher: more sensitive, fewer calm answers)")
    axis.set_ylim(0, 1)
    axis.legend(loc="lower left", fontsize=8)
    figure.tight_layout()
    figure.savefig(folder / "tradeoff.png", dpi=100)
    plt.close(figure)


if __name__ == "__main__":
    main()
