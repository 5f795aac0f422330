"""What the command-line areas share: options, opening the symphony or the memory for a command, errors."""

from __future__ import annotations

import argparse
import math
import os
import sys
from pathlib import Path
from typing import Callable

from ..errors import EmosymphonyError, shown

EXIT_OK, EXIT_FAILURE, EXIT_USAGE, EXIT_NO_FACE = 0, 1, 2, 3


class CommandError(EmosymphonyError):
    """A problem the user can fix; printed as one clear line and exit status 1."""


def music_dir_option() -> argparse.ArgumentParser:
    """The --music-dir option, for the commands that use the library."""
    option = argparse.ArgumentParser(add_help=False)
    option.add_argument("--music-dir", metavar="DIR", help="music folder (default: ~/Music/Emotion Symphony)")
    return option


def memory_options(profile: bool = True) -> argparse.ArgumentParser:
    """--data-dir (and --profile), for the commands that use the listening memory."""
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument("--data-dir", metavar="DIR", help="folder of the listening memory (default: the user data folder)")
    if profile:
        options.add_argument("--profile", metavar="NAME", help="listener profile (default: the last one used)")
    return options


STOP_FADE_SECONDS = 0.5
"""How long the song fades when a command-line session ends (a time limit, Ctrl-C, SIGTERM)."""


def _open_memory(args: argparse.Namespace, saving: bool = False):
    """The listening memory for --data-dir and --profile; what the listener should know goes to stderr.
    `saving`: the command exists to change the memory, so a memory that would forget at exit is an error."""
    from ..memory.listener import ListenerMemory

    memory = ListenerMemory.open(args.data_dir, getattr(args, "profile", None))
    for note in memory.notes:
        print(note, file=sys.stderr, flush=True)
    if saving and not memory.persistent:
        memory.close()
        raise CommandError("nothing was changed: the listening memory cannot be written now (see above)")
    memory.on_problem = lambda text: print(text, file=sys.stderr, flush=True)
    return memory


def _open_symphony(args: argparse.Namespace, opens: str):
    """The application for a command: the library of --music-dir (the default one is created when missing; a
    folder named with --music-dir must exist unless the command adds songs: `opens` "new-library"), the memory of
    --data-dir and --profile, and the sound card for "audible" commands (silent when there is none)."""
    from ..core import Symphony
    from ..music.player import open_output

    memory = _open_memory(args)
    try:
        symphony = Symphony.open(args.music_dir, memory=memory, output=open_output() if opens == "audible" else None)
        root = symphony.library.root
        if args.music_dir and opens != "new-library" and not root.is_dir():
            raise CommandError(f"music folder not found: {shown(root)} (check the name, or add songs to create it)")
        symphony.library.ensure_layout()
    except BaseException:
        memory.close()
        raise
    for note in symphony.notes:
        if note not in memory.notes:  # those were said when the memory opened
            print(note, file=sys.stderr, flush=True)
    return symphony


def run_opened(handler: Callable, args: argparse.Namespace) -> int:
    """Run a handler with what it declared it needs (`opens`): "memory" gets the opened listening memory,
    "library", "new-library" and "audible" get the opened application; both are closed after it, whatever
    happens (a song playing fades and is recorded as interrupted)."""
    opens = getattr(args, "opens", None)
    opens = opens(args) if callable(opens) else opens
    if opens is None:
        return handler(args)
    if opens in ("memory", "memory-change"):
        memory = _open_memory(args, saving=opens == "memory-change")
        try:
            return handler(args, memory)
        finally:
            memory.close()
    symphony = _open_symphony(args, opens)
    try:
        return handler(args, symphony)
    finally:
        for problem in symphony.close(fade_seconds=STOP_FADE_SECONDS if opens == "audible" else 0.0):
            print(problem, file=sys.stderr, flush=True)


def new_output(name: str, force: bool) -> Path:
    """An output file the command may write: not a folder, and not an existing file unless `force`."""
    out = Path(name)
    if out.is_dir():
        raise CommandError(f"--out {shown(out)} is a folder; give a file name")
    if out.exists() and not out.is_file():
        raise CommandError(f"{shown(out)} is not a regular file (a device, a pipe...); it is never replaced")
    if os.path.lexists(out) and not force:
        raise CommandError(f"{shown(out)} exists; pass --force to replace it")
    return out


def model_options() -> argparse.ArgumentParser:
    """--model and --sensitivity, for the commands that read faces."""
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument("--model", help="emotion model file, .tflite or .keras (default: the bundled model)")
    options.add_argument("--sensitivity", type=unit_number, metavar="S",
                         help="how readily a face counts as showing an emotion rather than calm: "
                              "0 (calm) to 1 (expressive); default: the profile's (0.5 unless changed)")
    return options


def number_between(low: float, high: float, low_included: bool = True):
    """An argparse type: a number from `low` to `high` (above `low` when not `low_included`); anything else is one
    line naming the value."""

    def read(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not (low <= value if low_included else low < value) or not value <= high:  # NaN fails too
            raise argparse.ArgumentTypeError(f"must be a number {'from' if low_included else 'above'} {low:g} "
                                             f"{'to' if low_included else 'and at most'} {high:g}, not {text!r}")
        return value

    return read


unit_number = number_between(0.0, 1.0)
"""A number from 0 to 1 given on the command line."""


def load_classifier(args: argparse.Namespace, flip_average: bool = True):
    """The emotion model named by --model (default: the bundled one) at --sensitivity."""
    from ..model.classifier import EmotionClassifier
    from ..settings import ListenerSettings

    sensitivity = args.sensitivity if args.sensitivity is not None else ListenerSettings().sensitivity
    return EmotionClassifier.load(args.model, flip_average=flip_average, sensitivity=sensitivity)


def calibration_option() -> argparse.ArgumentParser:
    """--no-calibration, for the commands that read the listener's face."""
    option = argparse.ArgumentParser(add_help=False)
    option.add_argument("--no-calibration", action="store_true",
                        help="read faces without the profile's resting face (see `emosymphony calibrate`)")
    return option


def listener_classifier(args: argparse.Namespace, memory, flip_average: bool = True):
    """The emotion model of --model, reading faces as the profile's listener: their sensitivity (unless
    --sensitivity is given) and their resting face (unless --no-calibration); notes go to stderr."""
    from ..core import fit_model, listener_settings

    classifier = load_classifier(args, flip_average)
    settings, notes = listener_settings(memory)
    if args.sensitivity is not None:
        settings = settings.changed(sensitivity=args.sensitivity)
    for note in notes + fit_model(classifier, settings, personal=not getattr(args, "no_calibration", False)):
        print(note, file=sys.stderr, flush=True)
    return classifier


def warn_skipped(data) -> None:
    if data.skipped:
        print(f"warning: {len(data.skipped)} unreadable images skipped, e.g. {data.skipped[0]}", file=sys.stderr)


