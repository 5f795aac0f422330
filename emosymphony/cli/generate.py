"""`emosymphony generate`: music generated for a mood (or a valence/arousal point) written to a WAV file."""

from __future__ import annotations

import argparse
import sys

from ..emotions import EMOTIONS
from ..errors import shown
from ._common import EXIT_OK, EXIT_USAGE, new_output, number_between

LONGEST_SECONDS = 3600.0


def _generate(args: argparse.Namespace) -> int:
    from ..music.generate.stream import GeneratedMusic, render_to, write_wav
    from ..music.recommend import POINTS

    if args.mood is None and (args.valence is None or args.arousal is None):
        print("emosymphony generate: give --mood, or both --valence and --arousal", file=sys.stderr)
        return EXIT_USAGE
    if args.mood is not None and (args.valence is not None or args.arousal is not None):
        print("emosymphony generate: give --mood or --valence/--arousal, not both", file=sys.stderr)
        return EXIT_USAGE
    out = new_output(args.out, args.force)
    point = POINTS[args.mood] if args.mood else (args.valence, args.arousal)
    music = GeneratedMusic(point, seed=args.seed)
    try:
        audio = render_to(music, args.seconds)
        write_wav(out, audio, music.rate)
    finally:
        music.close()
    what = args.mood or f"valence {point[0]:+.2f}, arousal {point[1]:+.2f}"
    print(f"wrote {shown(out)}: {args.seconds:g} s of music generated for {what} (seed {args.seed}; "
          f"{music.describe()} at the end)")
    return EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:
    """Add `generate`."""
    generate = commands.add_parser(
        "generate", help="write music generated for a mood to a WAV file (FluidSynth and a General MIDI SoundFont)")
    generate.add_argument("--mood", choices=EMOTIONS, help="the mood to generate music for")
    generate.add_argument("--valence", type=number_between(-1.0, 1.0), metavar="V", help="-1 (unpleasant) to 1 (pleasant), with --arousal")
    generate.add_argument("--arousal", type=number_between(-1.0, 1.0), metavar="A", help="-1 (calm) to 1 (excited), with --valence")
    generate.add_argument("--seconds", type=number_between(0.0, LONGEST_SECONDS, low_included=False), default=60.0, metavar="S",
                          help=f"how long (default 60, at most {LONGEST_SECONDS:g})")
    generate.add_argument("--seed", type=int, default=0, help="the same seed gives the same music (default 0)")
    generate.add_argument("--out", required=True, metavar="FILE.wav")
    generate.add_argument("--force", action="store_true", help="replace an existing --out file")
    generate.set_defaults(handler=_generate)
