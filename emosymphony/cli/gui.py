"""The window: `emosymphony` with no command, or `emosymphony gui`."""

from __future__ import annotations

import argparse
from pathlib import Path

from ._common import calibration_option, memory_options, music_dir_option


def _gui(args: argparse.Namespace) -> int:
    from ..ui.app import run_gui

    return run_gui(args.camera, args.music_dir, args.screenshot, args.quit_after, args.settings, args.data_dir, args.profile,
                   calibrated=not args.no_calibration)


def _install_desktop(args: argparse.Namespace) -> int:
    from ..errors import shown
    from ..ui.desktop import install_desktop

    for path in install_desktop(Path(args.data_home) if args.data_home else None):
        print(f"wrote {shown(path)}")
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    """Add gui and install-desktop."""
    desktop = commands.add_parser("install-desktop", help="add Emotion Symphony to the desktop's menu (for this user)")
    desktop.add_argument("--data-home", metavar="DIR", help="data folder (default: $XDG_DATA_HOME or ~/.local/share)")
    desktop.set_defaults(handler=_install_desktop)
    gui = commands.add_parser("gui", parents=[music_dir_option(), memory_options(), calibration_option()], help="open the window (the default with no command)")
    gui.add_argument("--camera", metavar="SRC", help="camera index, video file or image folder (default: last used, 0)")
    gui.add_argument("--screenshot", metavar="PNG", help="save a picture of the window (at --quit-after, else after 3 s)")
    gui.add_argument("--quit-after", type=float, metavar="SECONDS", help="close the window after this many seconds")
    gui.add_argument("--settings", metavar="INI", help="settings file to use instead of the user's")
    gui.set_defaults(handler=_gui)
