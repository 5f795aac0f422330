"""The listening memory on the command line: `profile` (list, add, rename, remove, export) and `history`."""

from __future__ import annotations

import argparse
import datetime
import io
import json
import time

from ..errors import plain_text, shown
from ..files import write_atomically
from ..words import counted
from ._common import EXIT_OK, memory_options, new_output


def _profile_list(args: argparse.Namespace, memory) -> int:
    for profile in memory.profiles.list():
        marker = "*" if profile.id == memory.profile.id else " "
        print(f"{marker} {plain_text(profile.name)}")
    return EXIT_OK


def _profile_add(args: argparse.Namespace, memory) -> int:
    profile = memory.profiles.add(args.name)
    print(f"added profile {plain_text(profile.name)}")
    return EXIT_OK


def _profile_rename(args: argparse.Namespace, memory) -> int:
    profile = memory.profiles.rename(args.old, args.new)
    print(f"renamed {plain_text(args.old)} to {plain_text(profile.name)}")
    return EXIT_OK


def _profile_remove(args: argparse.Namespace, memory) -> int:
    memory.profiles.remove(args.name)
    print(f"removed profile {plain_text(args.name)} with its history, likes, dislikes and settings")
    return EXIT_OK


def _profile_export(args: argparse.Namespace, memory) -> int:
    from ..memory.profiles import export_profile

    out = new_output(args.out, args.force)
    data = export_profile(memory.profiles, args.name)
    write_atomically(out, json.dumps(data, indent=1), private=True)
    print(f"wrote {shown(out)}: {len(data['plays'])} plays, {len(data['moods'])} mood changes, "
          f"{len(data['likes'])} likes, {len(data['dislikes'])} dislikes")
    return EXIT_OK


def _since(text: str) -> float:
    try:
        return datetime.datetime.fromisoformat(text).timestamp()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (use YYYY-MM-DD or YYYY-MM-DD HH:MM)") from None


def _clock(moment: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(moment))


def _history(args: argparse.Namespace, memory) -> int:
    from ..memory.journal import build_journal, period_start

    now = time.time()
    since = args.since if args.since is not None else period_start("today", now)
    if args.plot:
        _plot(new_output(args.plot, args.force), build_journal(memory.history, since, now), memory.profile.name)
        return EXIT_OK
    plays, moods = memory.history.plays(since), memory.history.moods(since)
    if args.playlist:
        _played_playlist(new_output(args.playlist, args.force), plays, since)
        return EXIT_OK
    if args.json:
        print(json.dumps({"profile": memory.profile.name, "since": since,
                          "plays": [p.to_dict() for p in plays], "moods": [m.to_dict() for m in moods]}, indent=1))
        return EXIT_OK
    events = [(p.started, f"played {shown(p.artist + ' – ' if p.artist else '')}{shown(p.title)} "
                          f"for {p.mood} ({p.strategy}): {p.ending or 'unfinished'}"
                          + (f", {p.heard:.0%} heard" if p.heard is not None else "")) for p in plays]
    events += [(m.time, f"mood {m.mood} ({m.source}, {m.confidence:.0%})") for m in moods]
    if not events:
        print(f"nothing recorded for {plain_text(memory.profile.name)} since {_clock(since)}")
    for moment, text in sorted(events):
        print(f"{_clock(moment)}  {text}")
    return EXIT_OK


def _played_playlist(out, plays, since: float) -> None:
    """The songs played since `since` (each once, in the order first played; files that are gone left out)."""
    from ..music.playlists import played_tracks, write_playlist

    count = write_playlist(played_tracks(plays), out)
    print(f"wrote {shown(out)}: {counted(count, 'song')} played since {_clock(since)}")


def _plot(out, journal, profile: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    from ..memory.journal import draw_journal

    figure = Figure(figsize=(9, 6), dpi=100)
    draw_journal(figure, journal, f"{plain_text(profile)}: mood since {_clock(journal.start)}")
    picture = io.BytesIO()
    figure.savefig(picture, format="png")
    write_atomically(out, picture.getvalue(), private=True)
    print(f"wrote {shown(out)}: {journal.lift.text()}")


def register(commands: argparse._SubParsersAction) -> None:
    """Add profile and history."""
    data_dir = memory_options(profile=False)
    profile = commands.add_parser("profile", help="listener profiles (each with its own history, likes and settings)")
    actions = profile.add_subparsers(dest="profile_command", metavar="ACTION", required=True)
    actions.add_parser("list", parents=[data_dir], help="list the profiles (* the last one used)").set_defaults(handler=_profile_list, opens="memory")
    add = actions.add_parser("add", parents=[data_dir], help="add a profile")
    add.add_argument("name")
    add.set_defaults(handler=_profile_add, opens="memory-change")
    rename = actions.add_parser("rename", parents=[data_dir], help="rename a profile")
    rename.add_argument("old")
    rename.add_argument("new")
    rename.set_defaults(handler=_profile_rename, opens="memory-change")
    remove = actions.add_parser("remove", parents=[data_dir], help="delete a profile and everything remembered for it")
    remove.add_argument("name")
    remove.set_defaults(handler=_profile_remove, opens="memory-change")
    export = actions.add_parser("export", parents=[data_dir], help="write everything remembered for a profile as JSON")
    export.add_argument("name")
    export.add_argument("--out", required=True, metavar="FILE.json")
    export.add_argument("--force", action="store_true", help="replace an existing --out file")
    export.set_defaults(handler=_profile_export, opens="memory")

    history = commands.add_parser("history", parents=[memory_options()], help="what was played and how the mood went")
    history.add_argument("--since", type=_since, metavar="DATE", help="from this date or time on (default: today)")
    history.add_argument("--json", action="store_true")
    history.add_argument("--plot", metavar="FILE.png", help="draw the mood journal's chart to a picture instead")
    history.add_argument("--playlist", metavar="FILE.m3u8", help="write the songs played (since --since) as a playlist")
    history.add_argument("--force", action="store_true", help="replace an existing --plot or --playlist file")
    history.set_defaults(handler=_history, opens="memory")
