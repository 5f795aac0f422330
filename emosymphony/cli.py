"""The `emosymphony` command line: a shell over the package's core, like the window is."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Callable, Sequence

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from .emotions import EMOTIONS
from .errors import EmosymphonyError, os_problem, plain_text, shown
from .files import free_path, write_atomically

EXIT_OK, EXIT_FAILURE, EXIT_NO_FACE = 0, 1, 3
TICK_SECONDS = 0.1
"""How often a command-line session looks whether a song has ended."""


class CommandError(EmosymphonyError):
    """A problem the user can fix; printed as one clear line and exit status 1."""


def _train(args: argparse.Namespace) -> int:
    from .data import read_dataset
    from .model.training import TrainConfig, plot_history, save_for_inference, train

    try:
        config = TrainConfig(
            arch=args.arch, epochs=args.epochs, batch_size=args.batch_size, augment=args.augment,
            mixup=args.mixup, optimizer=args.optimizer, seed=args.seed, average_from=args.average_from,
            teacher=args.teacher, teacher_weight=args.teacher_weight, votes=args.votes,
            votes_weight=args.votes_weight, init=args.init, learning_rate=args.learning_rate,
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
        _warn_skipped(data)
        print(f"  {data.source}: {len(data)} images {data.class_counts}", flush=True)
    run_dir = Path(args.run_dir) if args.run_dir else out.parent / f"{out.stem}-run"
    model, history = train(train_data, val_data, config, run_dir, resume=args.resume, verbose=1 if sys.stdout.isatty() else 2)
    save_for_inference(model, config.arch, out)
    history_file = out.with_name(f"{out.stem}-history.json")
    write_atomically(history_file, json.dumps(history, indent=1))
    plot_history(history, out.with_name(f"{out.stem}-curves.png"))
    print(f"saved {out}, {history_file.name} and {out.stem}-curves.png (checkpoints in {run_dir})")
    return EXIT_OK


def _evaluate(args: argparse.Namespace) -> int:
    from .data import read_dataset
    from .model.classifier import EmotionClassifier
    from .model.evaluation import evaluate, plot_confusion_matrix
    from .votes import read_votes

    classifier = EmotionClassifier.load(args.model, flip_average=not args.no_flip)
    data = read_dataset(args.data, split=args.split)
    _warn_skipped(data)
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

    from .data import read_dataset
    from .model.classifier import export_int8

    out = _new_output(args.out, args.force)
    data = read_dataset(args.calibration, split=args.split)
    rng = np.random.default_rng(args.seed)
    faces = data.images[rng.choice(len(data), size=min(args.samples, len(data)), replace=False)]
    export_int8(Path(args.model), faces, out)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB), int8 calibrated on {len(faces)} faces of {data.source}")
    return EXIT_OK


def _detect(args: argparse.Namespace) -> int:
    import cv2

    from .images import load_image
    from .vision.analysis import FaceAnalyzer
    from .vision.annotate import annotate

    analyzer = FaceAnalyzer(_load_classifier(args.model))
    out_dir = Path(args.annotate) if args.annotate else None
    if out_dir:
        if out_dir.exists() and not out_dir.is_dir():
            raise CommandError(f"--annotate {shown(out_dir)} is a file; give a folder for the annotated copies")
        out_dir.mkdir(parents=True, exist_ok=True)
    results, failed, faceless = [], False, False
    for name in args.images:
        result: dict = {"image": shown(name), "faces": [], "error": None}
        try:
            image = load_image(name)
            analysis = analyzer.analyze(image)
            result["faces"] = [face.to_dict() for face in analysis.faces]
            if not analysis.faces:
                result["error"] = "too dark to find a face" if analysis.too_dark else "no face found"
                faceless = True
            if out_dir:
                target = free_path(out_dir / f"{Path(name).stem}-annotated.png")
                write_atomically(target, cv2.imencode(".png", annotate(image, analysis))[1].tobytes())
                result["annotated"] = shown(target)
        except EmosymphonyError as error:
            result["error"], failed = str(error), True
        results.append(result)
        if not args.json:
            _print_detection(result)
    if args.json:
        print(json.dumps(results, indent=1))
    return EXIT_FAILURE if failed else EXIT_NO_FACE if faceless else EXIT_OK


def _print_detection(result: dict) -> None:
    if result["error"] and not result["faces"]:
        error = result["error"]  # errors about the file already name it
        print(error if error.startswith(result["image"]) else f"{result['image']}: {error}")
        return
    print(f"{result['image']}: {len(result['faces'])} face(s)")
    for face in result["faces"]:
        top = sorted(face["probabilities"].items(), key=lambda item: -item[1])[:3]
        shares = ", ".join(f"{name} {p:.0%}" for name, p in top)
        print(f"  {face['emotion']:<9} at {face['box']}  ({shares})")


def _watch(args: argparse.Namespace) -> int:
    from .vision.analysis import FaceAnalyzer
    from .vision.live import track_mood
    from .vision.sources import FrameSource

    analyzer = FaceAnalyzer(_load_classifier(args.model))
    frames = 0
    with FrameSource(args.camera, realtime=args.realtime) as source:
        try:
            for update in track_mood(source, analyzer):
                frames += 1
                if args.seconds is not None and update.frame.time > args.seconds:
                    source.end_reason = f"{args.seconds:g} seconds passed"
                    break
                if update.change:
                    change = update.change
                    if args.json:
                        print(json.dumps(change.to_dict()), flush=True)
                    else:
                        print(f"{change.time:8.2f}s  {change.mood:<9} ({change.confidence:.0%})", flush=True)
        except KeyboardInterrupt:
            source.end_reason = "interrupted"
        source.stop()
    print(f"watch ended: {source.end_reason or 'stopped'}", file=sys.stderr)
    if frames == 0 and source.end_reason != "interrupted":
        print(f"emosymphony watch: no picture could be read from {shown(args.camera)}", file=sys.stderr)
        return EXIT_FAILURE
    return EXIT_FAILURE if source.end_reason.startswith("camera lost") else EXIT_OK


def _library(args: argparse.Namespace, create: bool = False):
    """The music library: the default one is created when missing; a folder named with --music-dir must
    exist, unless songs are being added to it (`create`)."""
    from .music.library import MusicLibrary

    library = MusicLibrary(args.music_dir)
    if args.music_dir and not create and not library.root.is_dir():
        raise CommandError(f"music folder not found: {shown(library.root)} (check the name, or add songs to create it)")
    library.ensure_layout()
    return library


def _library_scan(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    library = _library(args)
    result = library.scan()
    if args.json:
        print(json.dumps({
            "root": str(library.root),
            "tracks": [asdict(t) for t in result.tracks],
            "unreadable_folders": result.unreadable_folders,
        }, indent=1))
    else:
        for note in result.notes:
            print(f"note: {note}", file=sys.stderr)
        print(f"{shown(library.root)}: {len(result.playable)} playable tracks, {len(result.unreadable)} unreadable")
        for emotion in EMOTIONS:
            count = sum(1 for t in result.playable if t.emotion == emotion)
            print(f"  {emotion:<9} {count:>5}")
        for track in result.unreadable:
            print(f"  unreadable: {shown(track.path)}: {track.error}")
        for problem in result.unreadable_folders:
            print(f"  unreadable folder: {problem}")
    return EXIT_OK


def _library_add(args: argparse.Namespace) -> int:
    from .music.adding import add_songs

    report = add_songs(_library(args, create=True), args.files, args.emotion, move=args.move)
    for source, target in report.added:
        kept = report.sources_kept.get(target)
        verb = f"copied (the original was kept: {kept})" if kept else "moved" if args.move else "copied"
        print(f"{verb} {shown(source)} -> {shown(target)}")
    for source, reason in report.skipped:
        print(f"skipped {shown(source)}: {reason}")
    print(report.summary())
    return EXIT_OK if report.added or not report.skipped else EXIT_FAILURE


def _recommender(args: argparse.Namespace):
    from .music.catalog import load_default_catalog
    from .music.recommend import Recommender

    return Recommender(_library(args).scan().playable, load_default_catalog())


def _recommend(args: argparse.Namespace) -> int:
    recommender = _recommender(args)
    queue = recommender.plan(args.emotion, args.strategy, length=args.length)
    suggestions = recommender.suggestions(args.emotion, args.strategy, count=args.suggestions)
    if args.json:
        print(json.dumps({
            "emotion": args.emotion,
            "strategy": args.strategy,
            "queue": [{"path": i.track.path, "title": i.track.title, "artist": i.track.artist, "reason": i.reason} for i in queue],
            "suggestions": [{"title": s.song.title, "artist": s.song.artist, "link": s.song.link, "reason": s.reason} for s in suggestions],
        }, indent=1))
        return EXIT_OK
    print(f"queue for {args.emotion} ({args.strategy}):" if queue else f"no tracks in the library for {args.emotion}")
    for number, item in enumerate(queue, start=1):
        print(f"{number:>3}. {plain_text(item.track.display_name)}  — {plain_text(item.reason)}")
    print("suggestions from the catalog (songs you do not have):")
    for suggestion in suggestions:
        song = suggestion.song
        print(f"   {plain_text(song.artist)} – {plain_text(song.title)}  {song.link}  ({plain_text(suggestion.reason)})")
    return EXIT_OK


def _session(args: argparse.Namespace, on_event) -> "ListeningSession":
    """A listening session over the library, playing through the sound card (silently if there is none)."""
    from .music.player import open_output
    from .session import ListeningSession, SessionSettings

    settings = SessionSettings(strategy=args.strategy, switch_on_mood=args.switch_on_mood)
    recommender = _recommender(args)  # before the sound device opens: a library error leaves nothing open
    output = open_output()
    if not output.audible:
        print(f"{output.reason}: playing silently", file=sys.stderr, flush=True)
    output.volume = args.volume
    return ListeningSession(recommender, output, settings, on_event)


def _event_printer(as_json: bool):
    """Prints session events: JSON lines of moods, starts and ends, or readable lines; messages to stderr."""
    from .session import EndEvent, MessageEvent, MoodEvent, TrackEvent

    def show(event) -> None:
        if isinstance(event, MessageEvent):
            print(event.text, file=sys.stderr, flush=True)
        elif isinstance(event, (MoodEvent, TrackEvent, EndEvent)):
            if as_json:
                print(json.dumps(event.to_dict()), flush=True)
            elif isinstance(event, MoodEvent):
                print(f"{event.time:8.2f}s  mood {event.mood} ({event.source}, {event.confidence:.0%})", flush=True)
            elif isinstance(event, TrackEvent):
                print(f"{event.time:8.2f}s  playing {plain_text(event.item.track.display_name)}  — "
                      f"{plain_text(event.item.reason)}", flush=True)
            else:
                print(f"{event.time:8.2f}s  {event.why}: {plain_text(event.track.display_name)}", flush=True)

    return show


def _keep_playing(session, seconds: float | None) -> None:
    """Tick the session until `seconds` of session time have passed (or, with no limit, the music stops)."""
    import time

    while (session.now() < seconds) if seconds is not None else session.current is not None:
        time.sleep(TICK_SECONDS)
        session.tick()


def _play(args: argparse.Namespace) -> int:
    session = _session(args, _event_printer(as_json=False))
    try:
        session.set_manual_mood(args.emotion)
        if session.current is None:
            raise CommandError(f"no playable tracks in {_library(args).root} for {args.emotion}")
        _keep_playing(session, args.seconds)
    except KeyboardInterrupt:
        pass
    finally:
        session.close()
    return EXIT_OK


def _listen(args: argparse.Namespace) -> int:
    from .vision.analysis import FaceAnalyzer
    from .vision.live import track_mood
    from .vision.sources import FrameSource

    analyzer = FaceAnalyzer(_load_classifier(args.model))
    session = _session(args, _event_printer(args.json))
    try:
        with FrameSource(args.camera, realtime=True) as source:
            for update in track_mood(source, analyzer):
                if update.change:
                    session.set_detected_mood(update.change.mood, update.change.confidence)
                session.tick()
                if args.seconds is not None and session.now() >= args.seconds:
                    source.end_reason = f"{args.seconds:g} seconds passed"
                    break
            source.stop()
        print(f"camera: {source.end_reason or 'stopped'}", file=sys.stderr, flush=True)
        if args.seconds is not None:
            _keep_playing(session, args.seconds)
    except KeyboardInterrupt:
        source_lost = False
    else:
        source_lost = source.end_reason.startswith("camera lost")
    finally:
        session.close()
    return EXIT_FAILURE if source_lost else EXIT_OK


def _media_key(args: argparse.Namespace) -> int:
    from .music.mediakeys import MediaKeys

    MediaKeys().send(args.action)
    print(f"sent {args.action}")
    return EXIT_OK


def _catalog_import(args: argparse.Namespace) -> int:
    from .music.catalog import read_catalog_csv, write_catalog_csv

    out = _new_output(args.out, args.force)
    songs = [song for path in args.files for song in read_catalog_csv(path)]
    write_catalog_csv(songs, out)
    print(f"wrote {out} from {len(songs)} songs of {len(args.files)} file(s)")
    return EXIT_OK


def _gui(args: argparse.Namespace) -> int:
    from .ui.app import run_gui

    return run_gui(args.camera, args.music_dir, args.screenshot, args.quit_after, args.settings)


def _new_output(name: str, force: bool) -> Path:
    """An output file the command may write: not a folder, and not an existing file unless `force`."""
    out = Path(name)
    if out.is_dir():
        raise CommandError(f"--out {shown(out)} is a folder; give a file name")
    if out.exists() and not force:
        raise CommandError(f"{shown(out)} exists; pass --force to replace it")
    return out


def _load_classifier(path: str | None):
    from .model.classifier import EmotionClassifier

    return EmotionClassifier.load(path)


def _warn_skipped(data) -> None:
    if data.skipped:
        print(f"warning: {len(data.skipped)} unreadable images skipped, e.g. {data.skipped[0]}", file=sys.stderr)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command."""
    from .model.architectures import architecture_names

    parser = argparse.ArgumentParser(
        prog="emosymphony",
        description="Emotion Symphony: music that follows the mood on your face.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    train = commands.add_parser("train", help="train the emotion model on FER2013-style data")
    train.add_argument("--data", required=True, help="training data: folder ROOT/CLASS/*.png or fer2013.csv")
    train.add_argument("--split", help="Usage to read from a fer2013.csv (default: Training)")
    train.add_argument("--val", help="validation data (folder or fer2013.csv)")
    train.add_argument("--val-split", help="Usage to read from a validation fer2013.csv, e.g. PublicTest")
    train.add_argument("--arch", default="symphony-cnn", choices=architecture_names())
    train.add_argument("--epochs", type=int, default=60)
    train.add_argument("--batch-size", type=int, default=64)
    train.add_argument("--augment", default="geometric", choices=("full", "geometric", "flip", "none"),  # model.augment.AUGMENTATIONS
                       help="geometric: flip, rotate/scale/shift (default); "
                            "full: geometric plus re-lighting and random erasing; flip: mirror only")
    train.add_argument("--mixup", type=float, default=0.0, metavar="ALPHA",
                       help="blend training faces pairwise, share ~ Beta(ALPHA, ALPHA) (default 0: off)")
    train.add_argument("--optimizer", default="adamw", choices=("adamw", "sgd"),  # model.training.OPTIMIZER_DEFAULTS
                       help="adamw: lr 2e-3, weight decay 0.05 (default); sgd: Nesterov momentum, lr 0.05, weight decay 5e-4")
    train.add_argument("--average-from", type=int, default=0, metavar="EPOCH",
                       help="save the mean of the weights after each epoch from EPOCH on (default 0: the last epoch's)")
    train.add_argument("--teacher", metavar="MODEL",
                       help="learn also from this model's probabilities on the training faces (distillation)")
    train.add_argument("--teacher-weight", type=float, default=0.7, metavar="W",
                       help="share of the teacher's probabilities in each target, the rest the label (default 0.7)")
    train.add_argument("--votes", metavar="CSV",
                       help="FER+ votes file: train on each face's vote shares (faces read from a folder)")
    train.add_argument("--votes-weight", type=float, default=1.0, metavar="W",
                       help="share of the vote shares in each target, the rest the FER2013 label (default 1)")
    train.add_argument("--init", metavar="MODEL", help="start from the weights of this .keras model (same --arch)")
    train.add_argument("--learning-rate", type=float, metavar="LR",
                       help="peak learning rate (default: the optimizer's, 2e-3 for adamw, 0.05 for sgd)")
    train.add_argument("--seed", type=int, default=1)
    train.add_argument("--out", default="models/emotion.keras", help="where to save the trained model")
    train.add_argument("--run-dir", help="folder for checkpoints and state (default: beside --out)")
    train.add_argument("--resume", action="store_true", help="continue the run in --run-dir from its last epoch")
    train.add_argument("--force", action="store_true", help="replace an existing --out file")
    train.set_defaults(handler=_train)

    evaluate = commands.add_parser("evaluate", help="measure a model on labelled data (accuracy, macro-F1, confusion)")
    evaluate.add_argument("--data", required=True, help="labelled data: folder ROOT/CLASS/*.png or fer2013.csv")
    evaluate.add_argument("--split", help="Usage to read from a fer2013.csv, e.g. PrivateTest")
    evaluate.add_argument("--model", help="model file, .tflite or .keras (default: the shipped model)")
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
    export.add_argument("--out", default="models/emotion.tflite")
    export.add_argument("--force", action="store_true", help="replace an existing --out file")
    export.set_defaults(handler=_export)

    detect = commands.add_parser(
        "detect",
        help="find faces and their emotions in images",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="exit status: 0 every image had a face; 1 an image could not be read or processed "
        "(the others still are); 2 bad arguments; 3 an image had no face",
    )
    detect.add_argument("images", nargs="+", metavar="IMAGE")
    detect.add_argument("--json", action="store_true", help="print a JSON list, one object per image")
    detect.add_argument("--annotate", metavar="OUTDIR", help="write copies with boxes and labels drawn")
    detect.add_argument("--model", help="emotion model file (default: the shipped model)")
    detect.set_defaults(handler=_detect)

    watch = commands.add_parser(
        "watch",
        help="follow the mood live from a camera or video, one line per change",
        epilog="exit status: 0 the stream ended (end of video, --seconds, Ctrl-C); 1 the camera could not "
        "be opened or was lost",
    )
    watch.add_argument("--camera", default="0", metavar="SRC", help="camera index, video file or image folder")
    watch.add_argument("--seconds", type=float, help="stop after this many seconds (video: its own time)")
    watch.add_argument("--realtime", action="store_true", help="play a video file at its own speed")
    watch.add_argument("--json", action="store_true", help="one JSON object per line: time, mood, confidence")
    watch.add_argument("--model", help="emotion model file (default: the shipped model)")
    watch.set_defaults(handler=_watch)

    from .music.mediakeys import ACTIONS
    from .music.recommend import STRATEGIES

    music_dir = argparse.ArgumentParser(add_help=False)
    music_dir.add_argument("--music-dir", metavar="DIR", help="music folder (default: ~/Music/Emotion Symphony)")

    library = commands.add_parser("library", help="the per-emotion music folders")
    library_commands = library.add_subparsers(dest="library_command", metavar="ACTION", required=True)
    scan = library_commands.add_parser("scan", parents=[music_dir], help="list the tracks of each emotion folder")
    scan.add_argument("--json", action="store_true", help="print the tracks as JSON")
    scan.set_defaults(handler=_library_scan)
    add = library_commands.add_parser(
        "add", parents=[music_dir], help="copy (or move) songs into an emotion folder; never overwrites"
    )
    add.add_argument("files", nargs="+", metavar="FILE", help="audio files or folders of them")
    add.add_argument("--emotion", required=True, choices=EMOTIONS)
    add.add_argument("--move", action="store_true", help="move instead of copy")
    add.set_defaults(handler=_library_add)

    recommend = commands.add_parser("recommend", parents=[music_dir], help="print the planned queue and catalog suggestions for a mood")
    recommend.add_argument("--emotion", required=True, choices=EMOTIONS)
    recommend.add_argument("--strategy", default="match", choices=STRATEGIES)
    recommend.add_argument("--length", type=int, default=8, help="how many tracks to plan")
    recommend.add_argument("--suggestions", type=int, default=10, help="how many catalog songs")
    recommend.add_argument("--json", action="store_true")
    recommend.set_defaults(handler=_recommend)

    listening = argparse.ArgumentParser(add_help=False, parents=[music_dir])
    listening.add_argument("--strategy", default="match", choices=STRATEGIES, help="match, lift or steady the mood")
    listening.add_argument("--seconds", type=float, help="stop after this many seconds")
    listening.add_argument("--volume", type=float, default=0.8, help="0 to 1")
    listening.add_argument("--switch-on-mood", action="store_true",
                           help="fade to the new mood's music at once instead of letting the song finish")
    play = commands.add_parser("play", parents=[listening], help="play music for a mood without a window")
    play.add_argument("--emotion", required=True, choices=EMOTIONS)
    play.set_defaults(handler=_play)
    listen = commands.add_parser(
        "listen", parents=[listening],
        help="watch the camera and play music for the mood, without a window",
        epilog="with --json, one object per line: {time, event: mood, mood, source, confidence}, "
        "{time, event: track, path, emotion, reason} or {time, event: end, path, why: finished|skipped|switched|error}. "
        "exit status: 0 the stream ended or --seconds passed; 1 the camera could not be opened or was lost",
    )
    listen.add_argument("--camera", default="0", metavar="SRC", help="camera index, video file or image folder")
    listen.add_argument("--json", action="store_true", help="one JSON object per line for each event")
    listen.add_argument("--model", help="emotion model file (default: the shipped model)")
    listen.set_defaults(handler=_listen)

    keys = commands.add_parser("media-key", help="send a system media key to another player")
    keys.add_argument("action", choices=tuple(ACTIONS))
    keys.set_defaults(handler=_media_key)

    gui = commands.add_parser("gui", parents=[music_dir], help="open the window (the default with no command)")
    gui.add_argument("--camera", metavar="SRC", help="camera index, video file or image folder (default: last used, 0)")
    gui.add_argument("--screenshot", metavar="PNG", help="save a picture of the window (at --quit-after, else after 3 s)")
    gui.add_argument("--quit-after", type=float, metavar="SECONDS", help="close the window after this many seconds")
    gui.add_argument("--settings", metavar="INI", help="settings file to use instead of the user's")
    gui.set_defaults(handler=_gui)

    catalog = commands.add_parser("catalog", help="song catalogs for suggestions")
    catalog_commands = catalog.add_subparsers(dest="catalog_command", metavar="ACTION", required=True)
    catalog_import = catalog_commands.add_parser("import", help="convert catalog CSV files to the package's layout")
    catalog_import.add_argument("files", nargs="+", metavar="CSV")
    catalog_import.add_argument("--out", required=True)
    catalog_import.add_argument("--force", action="store_true", help="replace an existing --out file")
    catalog_import.set_defaults(handler=_catalog_import)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["gui"])
    handler: Callable[[argparse.Namespace], int] = args.handler
    for stream in (sys.stdout, sys.stderr):  # names that are not UTF-8 print escaped, never crash the command
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        return handler(args)
    except EmosymphonyError as error:
        print(f"emosymphony {args.command}: {error}", file=sys.stderr)
        return EXIT_FAILURE
    except OSError as error:  # the one place an operating-system error becomes a message
        where = f"{shown(error.filename)}: " if error.filename else ""
        print(f"emosymphony {args.command}: {where}{os_problem(error)}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
