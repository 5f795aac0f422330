"""Sorting music by its sound: analysis speed, and how well the folders are guessed.

    .venv/bin/python benchmarks/bench_sound.py

Speed: every song of the Debian music packages the project installs (scripts/setup.sh), analysed
without a cache in a fresh process; the first song (loading SciPy and libsndfile) is reported apart from
the median of the others.
Accuracy: the songs of tests/sorted_library.csv (sorted by the team, see that file), leave-one-out:
each song's folder guessed by the personal model of all the others (blended with the built-in model, as the
app does), by the built-in model alone, and by chance (the largest folder's share).
"""

from __future__ import annotations

import csv
import math
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _machine import describe  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def sorted_library() -> list[tuple[Path, str]]:
    from emosymphony.music.starter import STARTER_PACKAGES

    folders = {package.name: package.folder for package in STARTER_PACKAGES}
    lines = [line for line in (ROOT / "tests" / "sorted_library.csv").read_text(encoding="utf-8").splitlines()
             if not line.startswith("#")]
    return [(folders[row["package"]] / row["file"], row["emotion"]) for row in csv.DictReader(lines)]


def main() -> None:
    print(describe())
    began = time.perf_counter()
    from emosymphony.music.analysis import AnalysisError, analyse
    from emosymphony.music.sound_mood import built_in, leave_one_out, place
    from emosymphony.music.starter import starter_songs

    print(f"import: {time.perf_counter() - began:.2f} s")
    songs = starter_songs()
    times, features, failed = [], {}, []
    for song in songs:
        began = time.perf_counter()
        try:
            features[song] = analyse(song)
        except AnalysisError as error:
            failed.append(str(error))
        times.append(time.perf_counter() - began)
    print(f"{len(songs)} songs: first {times[0]:.2f} s (loading the libraries), then median "
          f"{statistics.median(times[1:]):.3f} s, max {max(times[1:]):.3f} s a song; not analysed: {failed}")

    radii = sorted(math.hypot(*place(f)) for f in features.values())
    print(f"distance from the plane's centre (no labels): median {statistics.median(radii):.2f}, 90th percentile "
          f"{radii[int(0.9 * (len(radii) - 1))]:.2f} (the emotion points lie at 0.80)")
    truth = sorted_library()
    examples = [(features[path], emotion) for path, emotion in truth if path in features]
    personal, by_rules = leave_one_out(examples)
    counts = Counter(emotion for _, emotion in examples)
    print(f"sorted songs: {len(examples)} ({', '.join(f'{n} {e}' for e, n in counts.most_common())})")
    print(f"leave-one-out accuracy: personal model {100 * personal:.1f}%, built-in model alone {100 * by_rules:.1f}%, "
          f"chance (always the largest folder) {100 * counts.most_common(1)[0][1] / len(examples):.1f}%")
    confusion = Counter((emotion, built_in(f).emotion) for f, emotion in examples)
    print("built-in model's guesses by folder:", {e: dict((g, n) for (t, g), n in confusion.items() if t == e) for e in counts})


if __name__ == "__main__":
    main()
