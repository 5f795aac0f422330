"""Commands for music: the library, recommendations, playing and listening without a window, media keys, catalogs."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..emotions import EMOTIONS
from ..errors import plain_text, shown
from ..words import counted
from . import sorting
from ._common import (
    EXIT_FAILURE,
    EXIT_OK,
    CommandError,
    calibration_option,
    load_classifier,
    memory_options,
    model_options,
    music_dir_option,
    new_output,
    number_between,
    unit_number,
)

TICK_SECONDS = 0.1
"""How often a command-line session looks whether a song has ended."""


def _library_export(args: argparse.Namespace, symphony) -> int:
    out = new_output(args.out, args.force)
    symphony.scan()
    count = symphony.export_mood(args.mood, out)
    print(f"wrote {shown(out)}: {counted(count, 'song')} of the {args.mood} folder")
    return EXIT_OK


def _library_scan(args: argparse.Namespace, symphony) -> int:
    from dataclasses import asdict

    library = symphony.library
    result = symphony.scan()
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


def _library_add(args: argparse.Namespace, symphony) -> int:
    from ..music.adding import add_songs

    report = add_songs(symphony.library, args.files, args.emotion, move=args.move, anyway=args.anyway)
    for source, target in report.added:
        kept = report.sources_kept.get(target)
        verb = f"copied (the original was kept: {kept})" if kept else "moved" if args.move else "copied"
        print(f"{verb} {shown(source)} -> {shown(target)}")
    for source, existing in report.present:
        print(f"already there: {shown(source)} as {shown(existing)}")
    for source, existing in report.duplicates:
        print(f"not added: {shown(source)} is already in {Path(existing).parent.name} as {shown(Path(existing).name)} "
              "(--anyway adds it too)")
    for source, reason in report.skipped:
        print(f"skipped {shown(source)}: {reason}")
    print(report.summary())
    return EXIT_OK if report.added or report.present or report.duplicates or not report.skipped else EXIT_FAILURE


def _recommend(args: argparse.Namespace, symphony) -> int:
    symphony.scan()
    recommender = symphony.session.recommender
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


def _listening(args: argparse.Namespace, symphony, on_event) -> None:
    """Make the opened application ready to listen: its events go to `on_event` (then into the memory), the
    options given for this run (--strategy, --volume, --switch-on-mood, --generate, --sensitivity) apply over the profile's
    settings without changing them, and the library is read."""
    symphony.listeners.append(on_event)
    given = {name: getattr(args, name, None) for name in ("strategy", "volume", "switch_on_mood", "generate", "sensitivity",
                                                          "pause_when_away", "away_seconds", "back_seconds")}
    symphony.change_settings(remember=False, **{name: value for name, value in given.items() if value is not None})
    symphony.scan()


def _event_printer(as_json: bool):
    """Prints session events: JSON lines of moods, starts and ends, or readable lines; messages to stderr."""
    from ..events import EndEvent, MessageEvent, MoodEvent, TrackEvent

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


def _notice(args: argparse.Namespace, session, event: str, **fields: str) -> None:
    """Something about the listening itself (the camera, the library): a JSON line with --json, else a line on stderr."""
    if args.json:
        print(json.dumps({"time": round(session.now(), 3), "event": event, **fields}), flush=True)
    else:
        print(f"{event}: " + "; ".join(str(value) for value in fields.values()), file=sys.stderr, flush=True)


def _keep_playing(session, seconds: float | None) -> None:
    """Tick the session until `seconds` of session time have passed (or, with no limit, the music stops)."""
    import time

    while (session.now() < seconds) if seconds is not None else session.current is not None:
        time.sleep(TICK_SECONDS)
        session.tick()


def _play(args: argparse.Namespace, symphony) -> int:
    _listening(args, symphony, _event_printer(as_json=False))
    session = symphony.session
    session.set_manual_mood(args.emotion)
    if session.current is None:
        raise CommandError(f"no playable tracks in {shown(symphony.library.root)} for {args.emotion}")
    _keep_playing(session, args.seconds)  # Ctrl-C or SIGTERM (Stop) end it too: the song fades, recorded as interrupted
    return EXIT_OK


def _listen(args: argparse.Namespace, symphony) -> int:
    from ..vision.analysis import FaceAnalyzer
    from ..vision.live import ANALYSIS_INTERVAL, track_mood
    from ..vision.sources import FrameSource, SourceError

    classifier = load_classifier(args)
    _listening(args, symphony, _event_printer(args.json))
    for note in symphony.use_model(classifier, personal=not args.no_calibration):
        print(note, file=sys.stderr, flush=True)
    session = symphony.session
    if not symphony.tracks:
        _notice(args, session, "warning", text=f"no songs in {shown(symphony.library.root)}: add some with "
                                              "`emosymphony library add` (the mood is still followed)")
    frames = 0
    try:  # Ctrl-C or SIGTERM (Stop) end it too: the song fades and is recorded as interrupted
        source = FrameSource(args.camera, realtime=True)
    except SourceError as error:
        _notice(args, session, "camera", state="failed", reason=str(error))
        raise
    with source:
        for update in track_mood(source, FaceAnalyzer(classifier), analysis_interval=lambda: session.look_interval(ANALYSIS_INTERVAL)):
            frames += 1
            if update.change:
                session.set_detected_mood(update.change.mood, update.change.confidence)
            session.tick()
            if args.seconds is not None and session.now() >= args.seconds:
                source.end_reason = f"{args.seconds:g} seconds passed"
                break
        source.stop()
    failed = frames == 0 or source.end_reason.startswith("camera lost")
    _notice(args, session, "camera", state="failed" if failed else "ended", reason=source.end_reason or "stopped")
    symphony.camera_stopped()
    if frames == 0:
        raise CommandError(f"no picture could be read from {shown(args.camera)}"
                           + (f" ({source.end_reason})" if source.end_reason else ""))
    if args.seconds is not None:
        _keep_playing(session, args.seconds)
    return EXIT_FAILURE if failed else EXIT_OK


def _media_key(args: argparse.Namespace) -> int:
    from ..music.mediakeys import MediaKeys

    MediaKeys().send(args.action)
    print(f"sent {args.action}")
    return EXIT_OK


def _catalog_import(args: argparse.Namespace) -> int:
    from ..music.catalog import read_catalog_csv, write_catalog_csv

    out = new_output(args.out, args.force)
    songs = [song for path in args.files for song in read_catalog_csv(path)]
    write_catalog_csv(songs, out)
    print(f"wrote {out} from {counted(len(songs), 'song')} of {counted(len(args.files), 'file')}")
    return EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:
    """Add library, recommend, play, listen, media-key and catalog."""
    from ..music.mediakeys import ACTIONS
    from ..settings import STRATEGIES

    music_dir = music_dir_option()
    library = commands.add_parser("library", help="the per-emotion music folders")
    library_commands = library.add_subparsers(dest="library_command", metavar="ACTION", required=True)
    scan = library_commands.add_parser("scan", parents=[music_dir, memory_options()],
                                       help="list the tracks of each emotion folder")
    scan.add_argument("--json", action="store_true", help="print the tracks as JSON")
    scan.set_defaults(handler=_library_scan, opens="library")
    add = library_commands.add_parser(
        "add", parents=[music_dir, memory_options()], help="copy (or move) songs into an emotion folder; never overwrites"
    )
    add.add_argument("files", nargs="+", metavar="FILE", help="audio files or folders of them")
    add.add_argument("--emotion", required=True, choices=EMOTIONS)
    add.add_argument("--move", action="store_true", help="move instead of copy")
    add.add_argument("--anyway", action="store_true", help="add songs whose content is already in the library too")
    add.set_defaults(handler=_library_add, opens="new-library")
    sorting.register(library_commands, music_dir)
    export = library_commands.add_parser("export", parents=[music_dir, memory_options()],
                                         help="write a mood's songs as an M3U8 playlist (paths relative to it)")
    export.add_argument("--mood", required=True, choices=EMOTIONS)
    export.add_argument("--out", required=True, metavar="FILE.m3u8")
    export.add_argument("--force", action="store_true", help="replace an existing --out file")
    export.set_defaults(handler=_library_export, opens="library")

    recommend = commands.add_parser("recommend", parents=[music_dir, memory_options()], help="print the planned queue and catalog suggestions for a mood")
    recommend.add_argument("--emotion", required=True, choices=EMOTIONS)
    recommend.add_argument("--strategy", default="match", choices=STRATEGIES)
    recommend.add_argument("--length", type=int, default=8, help="how many tracks to plan")
    recommend.add_argument("--suggestions", type=int, default=10, help="how many catalog songs")
    recommend.add_argument("--json", action="store_true")
    recommend.set_defaults(handler=_recommend, opens="library")

    listening = argparse.ArgumentParser(add_help=False, parents=[music_dir, memory_options()])
    listening.add_argument("--strategy", choices=STRATEGIES, help="match, lift or steady the mood (default: the profile's)")
    listening.add_argument("--seconds", type=float, help="stop after this many seconds")
    listening.add_argument("--volume", type=unit_number, metavar="V", help="0 to 1 (default: the profile's)")
    listening.add_argument("--switch-on-mood", action=argparse.BooleanOptionalAction,
                           help="fade to the new mood's music at once instead of letting the song finish "
                                "(default: the profile's)")
    listening.add_argument("--generate", action=argparse.BooleanOptionalAction,
                           help="play generated music all the time, not only for a mood with fewer than 5 songs "
                                "(default: the profile's)")
    play = commands.add_parser("play", parents=[listening], help="play music for a mood without a window")
    play.add_argument("--emotion", required=True, choices=EMOTIONS)
    play.set_defaults(handler=_play, opens="audible")
    listen = commands.add_parser(
        "listen", parents=[listening, model_options(), calibration_option()],
        help="watch the camera and play music for the mood, without a window",
        epilog="with --json, one object per line: {time, event: mood, mood, source, confidence}, "
        "{time, event: track, path, emotion, reason, mood, source, strategy} or {time, event: end, path, "
        "why: finished|skipped|switched|error|interrupted}, {time, event: warning, text} (an empty library) or "
        "{time, event: camera, state: ended|failed, reason}. "
        "exit status: 0 the stream ended or --seconds passed; 1 the camera could not be opened, gave no picture or "
        "was lost; 130 Ctrl-C; 143 SIGTERM",
    )
    listen.add_argument("--camera", default="0", metavar="SRC", help="camera index, video file or image folder")
    listen.add_argument("--json", action="store_true", help="one JSON object per line for each event")
    listen.add_argument("--pause-when-away", action=argparse.BooleanOptionalAction,
                        help="fade the music out while nobody is in view (default: the profile's; on)")
    listen.add_argument("--away-seconds", type=number_between(1.0, 600.0), metavar="S",
                        help="after this long with nobody in view (default 10)")
    listen.add_argument("--back-seconds", type=number_between(1.0, 600.0), metavar="S",
                        help="back after a face this long (default 2)")
    listen.set_defaults(handler=_listen, opens="audible")

    keys = commands.add_parser("media-key", help="send a system media key to another player")
    keys.add_argument("action", choices=tuple(ACTIONS))
    keys.set_defaults(handler=_media_key)

    catalog = commands.add_parser("catalog", help="song catalogs for suggestions")
    catalog_commands = catalog.add_subparsers(dest="catalog_command", metavar="ACTION", required=True)
    catalog_import = catalog_commands.add_parser("import", help="convert catalog CSV files to the package's layout")
    catalog_import.add_argument("files", nargs="+", metavar="CSV")
    catalog_import.add_argument("--out", required=True)
    catalog_import.add_argument("--force", action="store_true", help="replace an existing --out file")
    catalog_import.set_defaults(handler=_catalog_import)
