"""Commands that look at faces: detect (images) and watch (a camera or video)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..errors import EmosymphonyError, shown
from ..files import free_path, write_atomically
from ..model.resting_face import CAPTURE_SECONDS
from ._common import (
    EXIT_FAILURE,
    EXIT_NO_FACE,
    EXIT_OK,
    CommandError,
    calibration_option,
    listener_classifier,
    memory_options,
    model_options,
)


def _detect(args: argparse.Namespace, memory) -> int:
    import cv2

    from ..images import load_image
    from ..vision.analysis import FaceAnalyzer
    from ..vision.annotate import annotate

    analyzer = FaceAnalyzer(listener_classifier(args, memory))
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


def _watch(args: argparse.Namespace, memory) -> int:
    from ..vision.analysis import FaceAnalyzer
    from ..vision.live import track_mood
    from ..vision.sources import FrameSource

    analyzer = FaceAnalyzer(listener_classifier(args, memory))
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


def _calibrate(args: argparse.Namespace, memory) -> int:
    from ..core import remember_resting_face
    from ..model.resting_face import learn
    from ..vision.analysis import FaceAnalyzer
    from ..vision.looks import looks_at_camera, looks_in_photos

    if args.reset:
        if args.camera or args.photos:
            raise CommandError("--reset forgets the resting face; give no --camera or --photos with it")
        remember_resting_face(memory, None)
        print(f"forgot the resting face of {memory.profile.name}")
        return EXIT_OK
    if bool(args.camera) == bool(args.photos):
        raise CommandError("give the camera to look at (--camera SRC) or photos of your resting face (--photos)")
    classifier = listener_classifier(args, memory)
    classifier.resting_face = None  # the resting face is measured as the model sees it without one
    analyzer = FaceAnalyzer(classifier)
    if args.camera:
        print(f"relax and look at the screen for {args.seconds:g} s…", file=sys.stderr, flush=True)
        looks = looks_at_camera(analyzer, args.camera, args.seconds)
    else:
        looks = looks_in_photos(analyzer, args.photos)
    for why in looks.missed[:5]:
        print(f"  {why}", file=sys.stderr)
    probabilities, centres, sizes = looks.arrays()
    face = learn(probabilities, centres, sizes, classifier.identity, classifier.calibration, classifier.sensitivity)
    remember_resting_face(memory, face)
    if args.json:
        print(json.dumps({"profile": memory.profile.name, **face.to_dict(), "summary": face.summary()}, indent=1))
    else:
        print(f"{memory.profile.name}: {face.summary()} ({face.looks} looks); detect, watch, listen and the window "
              "use it from now on (--no-calibration turns it off)")
    return EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:
    """Add detect, watch and calibrate."""
    detect = commands.add_parser(
        "detect", parents=[model_options(), memory_options(), calibration_option()],
        help="find faces and their emotions in images",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="exit status: 0 every image had a face; 1 an image could not be read or processed "
        "(the others still are); 2 bad arguments; 3 an image had no face",
    )
    detect.add_argument("images", nargs="+", metavar="IMAGE")
    detect.add_argument("--json", action="store_true", help="print a JSON list, one object per image")
    detect.add_argument("--annotate", metavar="OUTDIR", help="write copies with boxes and labels drawn")
    detect.set_defaults(handler=_detect, opens="memory")

    watch = commands.add_parser(
        "watch", parents=[model_options(), memory_options(), calibration_option()],
        help="follow the mood live from a camera or video, one line per change",
        epilog="exit status: 0 the stream ended (end of video, --seconds, Ctrl-C); 1 the camera could not "
        "be opened or was lost",
    )
    watch.add_argument("--camera", default="0", metavar="SRC", help="camera index, video file or image folder")
    watch.add_argument("--seconds", type=float, help="stop after this many seconds (video: its own time)")
    watch.add_argument("--realtime", action="store_true", help="play a video file at its own speed")
    watch.add_argument("--json", action="store_true", help="one JSON object per line: time, mood, confidence")
    watch.set_defaults(handler=_watch, opens="memory")

    calibrate = commands.add_parser(
        "calibrate", parents=[model_options(), memory_options()],
        help="teach it your resting face, so that your calm face reads as calm (stored in the profile)",
        epilog="exit status: 0 taught (or forgotten with --reset); 1 too few looks with a face, a face that moved "
        "or changed too much, or a camera that gave no picture: nothing is stored",
    )
    source = calibrate.add_mutually_exclusive_group()
    source.add_argument("--camera", metavar="SRC", help="camera index or video file to look at")
    source.add_argument("--photos", nargs="+", metavar="IMAGE", help="photos of your calm face (at least 10)")
    calibrate.add_argument("--seconds", type=float, default=CAPTURE_SECONDS,
                           help=f"how long to look at the camera (default {CAPTURE_SECONDS:g})")
    calibrate.add_argument("--reset", action="store_true", help="forget the profile's resting face")
    calibrate.add_argument("--json", action="store_true")
    calibrate.set_defaults(handler=_calibrate, opens="memory-change")
