"""The `emosymphony` command line: a shell over the package's core, like the window is.

Each area registers its own sub-commands beside their handlers: model (train, evaluate, export),
vision (detect, watch), music (library, recommend, play, listen, media-key, catalog), generate, memory
(profile, history) and gui.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from typing import Callable, Sequence

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from ..errors import EmosymphonyError, os_problem, shown  # noqa: E402
from ..shutdown import Stop, exit_status, stop_on_signals  # noqa: E402
from ._common import EXIT_FAILURE, EXIT_USAGE, run_opened  # noqa: E402


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command."""
    from .. import __version__
    from . import generate, gui, memory, model, music, vision

    parser = argparse.ArgumentParser(
        prog="emosymphony",
        description="Emotion Symphony: music that follows the mood on your face.",
    )
    parser.add_argument("--version", action="version", version=f"emosymphony {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for area in (model, vision, music, generate, memory, gui):
        area.register(commands)
    _one_line_errors(parser)
    return parser


def _one_line_errors(parser: argparse.ArgumentParser) -> None:
    """A bad argument to any command is one line naming the command and the argument (exit 2), not argparse's usage
    block (`--help` shows the usage)."""

    def error(message: str) -> None:
        print(f"{parser.prog}: {message}", file=sys.stderr)
        sys.exit(EXIT_USAGE)

    parser.error = error  # type: ignore[method-assign]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command in action.choices.values():
                _one_line_errors(command)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version")):
        argv = ["gui", *argv]  # bare `emosymphony [--camera X ...]` is the window
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    stop_on_signals()
    for stream in (sys.stdout, sys.stderr):  # names that are not UTF-8 print escaped, never crash the command
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        return run_opened(handler, args)
    except EmosymphonyError as error:
        print(f"emosymphony {args.command}: {error}", file=sys.stderr)
        return EXIT_FAILURE
    except OSError as error:  # the one place an operating-system error becomes a message
        where = f"{shown(error.filename)}: " if error.filename else ""
        print(f"emosymphony {args.command}: {where}{os_problem(error)}", file=sys.stderr)
        return EXIT_FAILURE
    except sqlite3.Error as error:  # the one place a database error becomes a message (the file is untouched)
        from ..memory.database import problem

        print(f"emosymphony {args.command}: the listening memory: {problem(error)}; nothing was changed",
              file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt as interrupt:
        print("interrupted" if not isinstance(interrupt, Stop) else f"stopped by {interrupt}", file=sys.stderr)
        return exit_status(interrupt)
