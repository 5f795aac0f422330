"""Are songs as loud as each other when they come out of the speakers? (issue #33: within 1 LU of the target)

    .venv/bin/python benchmarks/bench_levelling.py [--songs 6] [--seconds 30]

Real songs of the Debian starter packages are analysed like the library's (music/analysis.py: their
integrated loudness from the 30-s excerpt, or a ReplayGain tag), then each is played through the program's
own output (pygame, SDL's disk driver writing what comes out to a file) from the start of that excerpt,
at full volume, with the gain the session gives it, and again without levelling. The loudness of what
came out (music/loudness.py, on the output's samples) is compared with the target.
"""

from __future__ import annotations

import argparse
import glob
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from _machine import describe  # noqa: E402

SONGS = sorted(glob.glob("/usr/share/games/singularity/music/**/*.ogg", recursive=True))[:3] \
    + sorted(glob.glob("/usr/share/games/asc/music/*.mp3"))[:3] \
    + sorted(glob.glob("/usr/share/games/wesnoth/1.16/data/core/music/*.ogg"))[:3]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--songs", type=int, default=6)
    parser.add_argument("--seconds", type=float, default=30.0, help="how much of each excerpt to play (all: 30)")
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp(prefix="levelling-")) / "out.raw"
    os.environ["SDL_AUDIODRIVER"] = "disk"
    os.environ["SDL_DISKAUDIOFILE"] = str(out)
    import soundfile

    from emosymphony.music.analysis import EXCERPT_START, measure
    from emosymphony.music.loudness import TARGET_LUFS, integrated_loudness, level_gain
    from emosymphony.music.player import PygameOutput
    from emosymphony.tracks import Track

    print(describe())
    output = PygameOutput()
    output.volume = 1.0
    import pygame

    rate, _, channels = pygame.mixer.get_init()
    songs = SONGS[: args.songs]
    if not songs:
        sys.exit("no starter songs installed (scripts/setup.sh installs them)")
    rows = {"levelled": [], "as mastered": []}
    print(f"{len(songs)} songs, {args.seconds:g} s each from the analysis excerpt, output {rate} Hz x {channels}; "
          f"target {TARGET_LUFS:g} LUFS")
    for path in songs:
        measured = measure(path).integrated_loudness
        duration = soundfile.info(path).duration
        track = Track(path, "neutral", Path(path).stem, "", "", duration, False, 0, 0.0)
        start = duration * EXCERPT_START
        line = f"  {Path(path).name[:28]:<28} analysed {measured:6.1f} LUFS"
        for mode, gain in (("levelled", level_gain(measured)), ("as mastered", 1.0)):
            before = out.stat().st_size if out.exists() else 0
            output.play(track, gain=gain)
            output.seek(start)
            time.sleep(args.seconds)
            output.stop()
            time.sleep(0.3)
            data = out.read_bytes()[before:]
            frame = 2 * channels
            samples = np.frombuffer(data[: len(data) // frame * frame], dtype="<i2").reshape(-1, channels).T / 32768.0
            played = integrated_loudness(samples[:, int(0.5 * rate):], rate)  # past the start of the seek
            rows[mode].append(played)
            line += f"   {mode}: gain {gain:5.2f}, played {played:6.1f} LUFS"
        print(line, flush=True)
    output.close()
    for mode, values in rows.items():
        print(f"{mode:<12} played loudness: spread {max(values) - min(values):.1f} LU, farthest from the target "
              f"{max(abs(v - TARGET_LUFS) for v in values):.1f} LU, median {statistics.median(values):.1f} LUFS")


if __name__ == "__main__":
    main()
