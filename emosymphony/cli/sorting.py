"""`library sort` and `library starter`: songs placed by their sound, and free music to start with."""

from __future__ import annotations

import argparse
import json
import sys

from ..errors import EmosymphonyError, plain_text, shown
from ..words import counted
from ._common import EXIT_FAILURE, EXIT_OK, CommandError, memory_options


def _progress(what: str):
    """Prints "analysing 3/40" on one line of stderr (a line every tenth song when it is not a terminal)."""
    live = sys.stderr.isatty()

    def show(done: int, total: int) -> None:
        if live:
            print(f"\r{what} {done}/{total}", end="" if done < total else "\n", file=sys.stderr, flush=True)
        elif done == total or done % 10 == 0:
            print(f"{what} {done}/{total}", file=sys.stderr, flush=True)

    return show


def _library_sort(args: argparse.Namespace, symphony) -> int:
    from ..music.adding import add_songs, audio_files_in
    from ..music.sorting import check, personal_model, propose, sorted_examples

    library, cache = symphony.library, symphony.sound_cache
    symphony.scan()
    examples = sorted_examples(symphony.tracks, cache, _progress("reading your sorted songs"))
    if args.check:
        if args.sources:
            raise CommandError("--check looks at the songs already in the music folder; give no SOURCE")
        disagreeing = check(examples)
        if args.json:
            print(json.dumps([{"path": p, "folder": f, **proposal.to_dict()} for p, f, proposal in disagreeing], indent=1))
        else:
            print(f"{len(disagreeing)} of {len(examples)} songs sound like another folder:")
            for path, folder, proposal in disagreeing:
                print(f"  {shown(path)}: in {folder}, sounds {proposal.emotion} ({proposal.confidence:.0%}): "
                      f"{plain_text(proposal.reason)}")
        return EXIT_OK
    if not args.sources:
        raise CommandError("give the songs (or folders of songs) to sort, or --check")
    files, skipped = audio_files_in(args.sources)
    for path, why in skipped:
        print(f"skipped {shown(path)}: {why}", file=sys.stderr)
    model = personal_model(examples)
    proposals = propose(files, cache, model, _progress("analysing"))
    for note in cache.notes:
        print(f"note: {note}", file=sys.stderr)
    if args.json:
        print(json.dumps({"personal_model": model is not None, "proposals": [p.to_dict() for p in proposals]}, indent=1))
    else:
        basis = "your sorted songs and the sound's rules" if model else "the sound's rules (sort 5 songs into 3 folders to teach it yours)"
        print(f"proposals from {basis}:")
        for proposal in proposals:
            if proposal.emotion is None:
                print(f"  {shown(proposal.path)}: not analysed: {proposal.reason}")
            else:
                print(f"  {shown(proposal.path)} → {proposal.emotion} ({proposal.confidence:.0%}): {plain_text(proposal.reason)}")
    if args.apply:
        by_emotion: dict[str, list[str]] = {}
        for proposal in proposals:
            if proposal.emotion is not None:
                by_emotion.setdefault(proposal.emotion, []).append(proposal.path)
        for emotion, paths in by_emotion.items():
            report = add_songs(library, paths, emotion)
            print(report.summary(), file=sys.stderr if args.json else sys.stdout)
            for path, why in report.skipped:
                print(f"  skipped {shown(path)}: {why}", file=sys.stderr)
    return EXIT_OK


def _library_starter(args: argparse.Namespace, symphony) -> int:
    from ..music.analysis import analyse_all
    from ..music.sorting import personal_model, sorted_examples
    from ..music.starter import STARTER_PACKAGES, add_starter, known_features, remove_starter, starter_songs

    library = symphony.library
    if args.remove:
        removed, problems = remove_starter(library)
        print(f"removed {counted(len(removed), 'starter song')} (links); your own songs were not touched")
        for path, why in problems:
            print(f"  could not remove {shown(path)}: {why}", file=sys.stderr)
        return EXIT_OK
    if not any(package.installed for package in STARTER_PACKAGES):
        names = " ".join(package.name for package in STARTER_PACKAGES)
        raise CommandError(f"no starter music is installed; install it with scripts/setup.sh or: apt-get install {names}")
    cache = symphony.sound_cache
    symphony.scan()
    model = personal_model(sorted_examples(symphony.tracks, cache))
    songs = starter_songs()
    known = known_features(songs)  # the packaged versions were analysed beforehand
    found, failed = analyse_all([s for s in songs if str(s) not in known], cache, _progress("analysing free music"))
    found.update(known)
    report = add_starter(library, found, failed, model)
    print(f"{shown(library.root)}: {report.summary()}")
    for _, why in report.skipped:
        print(f"  skipped: {why}", file=sys.stderr)
    return EXIT_OK


def _library_tag(args: argparse.Namespace, symphony) -> int:
    from ..music.mood_tags import changes, write_mood

    scanned = symphony.scan()
    pending, problems = changes(symphony.tracks)
    problems += [(track.path, track.error) for track in scanned.unreadable]  # damaged, cut short, empty...
    for path, why in problems:
        print(f"  not tagged: {shown(path)}: {why}", file=sys.stderr)
    for folder in scanned.unreadable_folders:
        print(f"  not tagged: {folder}", file=sys.stderr)
    written, failed = 0, 0
    for change in pending:
        now = f"{change.current!r}" if change.current is not None else "no mood"
        line = f"{shown(change.track.path)}: {plain_text(now)} -> {change.wanted!r}"
        if not args.apply:
            print(f"would tag {line}")
            continue
        try:
            write_mood(change.track.path, change.wanted)
        except EmosymphonyError as error:  # read-only, damaged, too large, a disk that is full...
            print(f"  not tagged: {error}", file=sys.stderr)
            failed += 1
            continue
        written += 1
        print(f"tagged {line}")
    if args.apply:
        print(f"{counted(written, 'song')} tagged with their folder's mood" + (f"; {failed} could not be" if failed else ""))
    else:
        print(f"{counted(len(pending), 'song')} would be tagged; nothing was changed (add --apply to write the tags)")
    return EXIT_OK if not failed else EXIT_FAILURE


def register(library_commands: argparse._SubParsersAction, music_dir: argparse.ArgumentParser) -> None:
    """Add `library sort` and `library starter`."""
    data = memory_options()
    sort = library_commands.add_parser(
        "sort", parents=[music_dir, data],
        help="propose an emotion folder for songs by how they sound (--apply copies them in)")
    sort.add_argument("sources", nargs="*", metavar="SOURCE", help="audio files or folders of them")
    sort.add_argument("--apply", action="store_true", help="copy each song into its proposed folder (never overwrites)")
    sort.add_argument("--check", action="store_true", help="list songs in the music folder whose sound disagrees with their folder")
    sort.add_argument("--json", action="store_true")
    sort.set_defaults(handler=_library_sort, opens=lambda args: "new-library" if args.apply else "library")
    starter = library_commands.add_parser(
        "starter", parents=[music_dir, data],
        help="add free music from Debian's packages to the emotion folders (as links), sorted by its sound")
    starter.add_argument("--remove", action="store_true", help="remove the starter songs again (only those)")
    starter.set_defaults(handler=_library_starter, opens="new-library")
    tag = library_commands.add_parser(
        "tag", parents=[music_dir, data],
        help="write each song's folder mood into its tags (MOOD / TMOO), for other players; shows first")
    tag.add_argument("--apply", action="store_true", help="write the tags (without it, only show what would change)")
    tag.set_defaults(handler=_library_tag, opens="library")
