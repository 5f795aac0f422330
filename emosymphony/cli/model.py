"""Commands for the emotion model: train, evaluate, export."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..emotions import EMOTIONS
from ..model.config import AUGMENTATIONS, OPTIMIZER_DEFAULTS, TrainConfig
from ._common import EXIT_OK, CommandError, load_classifier, model_options, new_output, warn_skipped
from ..errors import shown

DEFAULTS = TrainConfig()


def _train(args: argparse.Namespace) -> int:
    from ..data import read_dataset

    training = _needs_tensorflow("training", "..model.training")
    try:
        config = TrainConfig(
            arch=args.arch, epochs=args.epochs, batch_size=args.batch_size, augment=args.augment,
            mixup=args.mixup, optimizer=args.optimizer, seed=args.seed, average_from=args.average_from,
            teacher=args.teacher, teacher_weight=args.teacher_weight, votes=args.votes,
            votes_weight=args.votes_weight, init=args.init, learning_rate=args.learning_rate,
            class_weight_power=args.class_weight_power,
        )
    except ValueError as error:
        raise CommandError(str(error)) from None
    for option, value in (("teacher model", args.teacher), ("votes file", args.votes), ("model to start from", args.init)):
        if value and not Path(value).is_file():
            raise CommandError(f"{option} not found: {value}")
    out = Path(args.out)
    if out.is_dir():
        raise CommandError(f"--out {shown(out)} is a folder; give the model's file name, e.g. {shown(out / 'emotion.keras')}")
    if out.exists() and not (args.resume or args.force):
        raise CommandError(f"{out} exists; pass --force to replace it (or --resume to continue its run)")
    print(f"reading {args.data} ...", flush=True)
    split = args.split or ("Training" if Path(args.data).is_file() else None)
    train_data = read_dataset(args.data, split=split, require_all_classes=True)
    val_data = read_dataset(args.val, split=args.val_split) if args.val else None
    for data in filter(None, (train_data, val_data)):
        warn_skipped(data)
        print(f"  {data.source}: {len(data)} images {data.class_counts}", flush=True)
    run_dir = Path(args.run_dir) if args.run_dir else out.parent / f"{out.stem}-run"
    verbose = 1 if sys.stdout.isatty() else 2
    model, history = training.train(train_data, val_data, config, run_dir, resume=args.resume, verbose=verbose)
    written = training.save_outputs(model, config.arch, history, out)
    print(f"saved {', '.join(shown(path) for path in written)} (checkpoints in {shown(run_dir)})")
    return EXIT_OK


def _evaluate(args: argparse.Namespace) -> int:
    from ..data import read_dataset
    from ..model.evaluation import evaluate, plot_confusion_matrix
    from ..votes import read_votes

    classifier = load_classifier(args, flip_average=not args.no_flip)
    data = read_dataset(args.data, split=args.split)
    warn_skipped(data)
    report = evaluate(classifier, data, read_votes(args.votes) if args.votes else None)
    if args.plots:
        plot_confusion_matrix(report["confusion_matrix"], Path(args.plots) / "confusion_matrix.png", title=Path(args.data).name)
    if args.json:
        print(json.dumps(report))
        return EXIT_OK
    print(f"model {report['model']} on {report['data']} ({report['samples']} images)")
    if "left_out" in report:
        left_out = ", ".join(f"{count} {why}" for why, count in report["left_out"].items()) or "none"
        print(f"labels: FER+ majority of {report['labels']}; left out: {left_out}")
    print(f"accuracy {report['accuracy']:.4f}   macro-F1 {report['macro_f1']:.4f}")
    print(f"{'emotion':<10}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>10}")
    for name, row in report["per_class"].items():
        print(f"{name:<10}{row['precision']:>10.3f}{row['recall']:>10.3f}{row['f1']:>10.3f}{row['support']:>10}")
    print("confusion matrix (rows true, columns predicted):")
    print(" " * 10 + "".join(f"{name[:7]:>8}" for name in EMOTIONS))
    for name, row in zip(EMOTIONS, report["confusion_matrix"]):
        print(f"{name:<10}" + "".join(f"{count:>8}" for count in row))
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    import numpy as np

    from ..data import read_dataset

    export_int8 = _needs_tensorflow("export", "..model.export").export_int8
    out = new_output(args.out, args.force)
    data = read_dataset(args.calibration, split=args.split)
    rng = np.random.default_rng(args.seed)
    faces = data.images[rng.choice(len(data), size=min(args.samples, len(data)), replace=False)]
    export_int8(Path(args.model), faces, out)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB), int8 calibrated on {len(faces)} faces of {data.source}")
    return EXIT_OK


def _ensemble(args: argparse.Namespace) -> int:
    average_models = _needs_tensorflow("ensemble", "..model.ensemble").average_models
    out = new_output(args.out, args.force)
    for name in args.model:
        if not Path(name).is_file():
            raise CommandError(f"model not found: {shown(name)}")
    average_models([Path(name) for name in args.model], out)
    print(f"wrote {shown(out)}: the mean of {len(args.model)} models; export it like any model")
    return EXIT_OK


def _needs_tensorflow(what: str, module: str):
    """Import a module that needs TensorFlow, or say how to install it."""
    import importlib

    try:
        return importlib.import_module(module, __package__)
    except ImportError as error:
        if error.name and error.name.split(".")[0] in ("tensorflow", "keras"):
            raise CommandError(f"{what} needs TensorFlow, which this installation leaves out; "
                               "install it with: pip install 'emosymphony[train]'") from None
        raise


def register(commands: argparse._SubParsersAction) -> None:
    """Add train, evaluate, export and ensemble."""
    from ..model.architectures import architecture_names

    train = commands.add_parser("train", help="train the emotion model on FER2013-style data")
    train.add_argument("--data", required=True, help="training data: folder ROOT/CLASS/*.png or fer2013.csv")
    train.add_argument("--split", help="Usage to read from a fer2013.csv (default: Training)")
    train.add_argument("--val", help="validation data (folder or fer2013.csv)")
    train.add_argument("--val-split", help="Usage to read from a validation fer2013.csv, e.g. PublicTest")
    train.add_argument("--arch", default=DEFAULTS.arch, choices=architecture_names())
    train.add_argument("--epochs", type=int, default=DEFAULTS.epochs)
    train.add_argument("--batch-size", type=int, default=DEFAULTS.batch_size)
    train.add_argument("--augment", default=DEFAULTS.augment, choices=AUGMENTATIONS,
                       help=f"geometric: flip, rotate/scale/shift; full: geometric plus re-lighting and random erasing; "
                            f"camera: flip, wider framing jitter, light and gamma, blur and noise; flip: mirror only (default {DEFAULTS.augment})")
    train.add_argument("--mixup", type=float, default=DEFAULTS.mixup, metavar="ALPHA",
                       help="blend training faces pairwise, share ~ Beta(ALPHA, ALPHA) (default 0: off)")
    train.add_argument("--optimizer", default=DEFAULTS.optimizer, choices=tuple(OPTIMIZER_DEFAULTS),
                       help="; ".join(f"{name}: lr {lr:g}, weight decay {wd:g}" for name, (lr, wd) in OPTIMIZER_DEFAULTS.items())
                       + f" (default {DEFAULTS.optimizer})")
    train.add_argument("--average-from", type=int, default=DEFAULTS.average_from, metavar="EPOCH",
                       help="save the mean of the weights after each epoch from EPOCH on (default 0: the last epoch's)")
    train.add_argument("--teacher", metavar="MODEL",
                       help="learn also from this model's probabilities on the training faces (distillation)")
    train.add_argument("--teacher-weight", type=float, default=DEFAULTS.teacher_weight, metavar="W",
                       help=f"share of the teacher's probabilities in each target, the rest the label (default {DEFAULTS.teacher_weight})")
    train.add_argument("--votes", metavar="CSV",
                       help="FER+ votes file: train on each face's vote shares (faces read from a folder)")
    train.add_argument("--votes-weight", type=float, default=DEFAULTS.votes_weight, metavar="W",
                       help=f"share of the vote shares in each target, the rest the FER2013 label (default {DEFAULTS.votes_weight:g})")
    train.add_argument("--init", metavar="MODEL", help="start from the weights of this .keras model (same --arch)")
    train.add_argument("--learning-rate", type=float, metavar="LR",
                       help="peak learning rate (default: the optimizer's, 2e-3 for adamw, 0.05 for sgd)")
    train.add_argument("--seed", type=int, default=DEFAULTS.seed)
    train.add_argument("--class-weight-power", type=float, default=DEFAULTS.class_weight_power, metavar="P",
                       help="weight each class by (its share)**-P: 0 none, 1 fully balanced "
                            f"(default {DEFAULTS.class_weight_power})")
    train.add_argument("--out", default="models/emotion.keras", help="where to save the trained model")
    train.add_argument("--run-dir", help="folder for checkpoints and state (default: beside --out)")
    train.add_argument("--resume", action="store_true", help="continue the run in --run-dir from its last epoch")
    train.add_argument("--force", action="store_true", help="replace an existing --out file")
    train.set_defaults(handler=_train)

    evaluate = commands.add_parser("evaluate", parents=[model_options()],
                                   help="measure a model on labelled data (accuracy, macro-F1, confusion)")
    evaluate.add_argument("--data", required=True, help="labelled data: folder ROOT/CLASS/*.png or fer2013.csv")
    evaluate.add_argument("--split", help="Usage to read from a fer2013.csv, e.g. PrivateTest")
    evaluate.add_argument("--no-flip", action="store_true",
                          help="classify the face only, not also its mirror image (faster, less accurate)")
    evaluate.add_argument("--votes", metavar="CSV",
                          help="judge against the FER+ majority of these votes instead of the folder labels")
    evaluate.add_argument("--json", action="store_true", help="print one JSON object")
    evaluate.add_argument("--plots", metavar="DIR", help="write confusion_matrix.png into DIR")
    evaluate.set_defaults(handler=_evaluate)

    export = commands.add_parser("export", help="build the fast int8 runtime model from a trained .keras model")
    export.add_argument("--model", default="models/emotion.keras", help="trained Keras model")
    export.add_argument("--calibration", required=True, help="faces to calibrate int8 ranges on (training data)")
    export.add_argument("--split", help="Usage to read from a fer2013.csv")
    export.add_argument("--samples", type=int, default=1000, help="how many calibration faces")
    export.add_argument("--seed", type=int, default=1)
    export.add_argument("--out", default="emosymphony/model/emotion.tflite",
                        help="where to write it (default: the bundled runtime model of a checkout)")
    export.add_argument("--force", action="store_true", help="replace an existing --out file")
    export.set_defaults(handler=_export)

    ensemble = commands.add_parser("ensemble", help="combine trained .keras models into one that averages them")
    ensemble.add_argument("--model", action="append", required=True, metavar="MODEL", help="a trained model (twice or more)")
    ensemble.add_argument("--out", required=True, metavar="OUT.keras")
    ensemble.add_argument("--force", action="store_true", help="replace an existing --out file")
    ensemble.set_defaults(handler=_ensemble)
