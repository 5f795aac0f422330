"""Which training augmentation helps on FER2013: the same network trained with each level, compared on val.

    .venv/bin/python benchmarks/ablate_augmentation.py [--epochs 15] [--arch symphony-cnn] [--runs runs/ablation]

Trains one run per augmentation level (full: flip, rotate/scale/shift, re-light and erase;
geometric: flip, rotate/scale/shift; flip: mirror only; none), with the project's recipe otherwise
unchanged and the same seed. Each run keeps its checkpoints in its own folder and is resumed when
the script is started again, so an interrupted ablation continues. Prints, per level, the
validation accuracy and macro-F1 (Keras model, one pass, no mirror averaging) at the last epoch and
the best epoch, and the training minutes (time the run was paused counts too).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _machine import describe  # noqa: E402

from emosymphony import read_dataset  # noqa: E402
from emosymphony.model.augment import AUGMENTATIONS  # noqa: E402
from emosymphony.model.config import TrainConfig  # noqa: E402
from emosymphony.model.training import train  # noqa: E402

FER = Path(__file__).resolve().parents[2] / "shared" / "data" / "fer2013"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int, default=15)
    parser.add_argument("--arch", default="symphony-cnn")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", default="runs/ablation", help="folder for the runs' checkpoints")
    args = parser.parse_args()
    train_data, val_data = read_dataset(FER / "train"), read_dataset(FER / "val")
    results = {}
    for level in AUGMENTATIONS:
        config = TrainConfig(arch=args.arch, epochs=args.epochs, augment=level, seed=args.seed)
        run_dir = Path(args.runs) / f"{args.arch}-{level}-{args.epochs}"
        print(f"== augment {level}: {run_dir}", flush=True)
        _, history = train(train_data, val_data, config, run_dir, resume=True, verbose=2)
        results[level] = history
    print(f"machine: {describe()}")
    print(f"{args.arch}, {args.epochs} epochs, seed {args.seed}; FER2013 val, Keras float model, one pass:")
    print(f"  {'augment':<8} {'last acc':>9} {'last F1':>8} {'best acc':>9} {'(epoch)':>8} {'minutes':>8}")
    for level, history in results.items():
        last = history[-1]
        best = max(history, key=lambda record: record["val_accuracy"])
        minutes = sum(record["seconds"] for record in history) / 60
        print(f"  {level:<8} {last['val_accuracy']:>9.2%} {last['val_macro_f1']:>8.2%} "
              f"{best['val_accuracy']:>9.2%} {best['epoch']:>8} {minutes:>8.0f}")


if __name__ == "__main__":
    main()
