"""Does the memory learn what a listener likes? Simulated listeners (emosymphony/memory/simulation.py), and the
memory's scale with a year of heavy use.

    .venv/bin/python benchmarks/bench_learning.py [--listeners 100] [--plays 60] [--scale]
    .venv/bin/python benchmarks/bench_learning.py --listeners 40 --plays 50 --prior 1 1 --late-skip 0

--prior and --late-skip replace memory/taste.py's PRIOR_GOOD, PRIOR_BAD and LATE_SKIP_WEIGHT for
the run: how those constants were chosen.

Learning: each listener has hidden tastes over a 300-track library (per mood: 20% liked, 60% neutral,
20% disliked) and plays `--plays` songs in each of the seven moods, in random order, all listeners
as profiles of one database. Printed: the share of liked songs among the picks by the number of
plays in that mood so far (mean over listeners and moods), against the 20% of picking at random.
Isolation: the first listener is run again alone in a fresh database; its picks must be the same.

--scale: a profile with a year of heavy use (100,000 plays, 500,000 mood changes): the database's
size, the journal window opened (offscreen) for today, 7 and 30 days, and picking the next song.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _machine import describe  # noqa: E402

from emosymphony import EMOTIONS  # noqa: E402
from emosymphony.memory.listener import ListenerMemory  # noqa: E402
from _simulation import (  # noqa: E402
    LIKED,
    SimulatedClock,
    SimulatedListener,
    generate_year,
    listen,
    make_library,
)
from emosymphony.memory.taste import Taste  # noqa: E402
from emosymphony.music.recommend import Recommender  # noqa: E402

START = time.mktime((2026, 3, 2, 8, 0, 0, 0, 0, -1))
WINDOWS = ((1, 5), (6, 10), (11, 20), (21, 30), (31, 40), (36, 45), (41, 50), (51, 60))


def run_listener(data_dir: Path, number: int, plays: int, tracks) -> list[list[bool]]:
    """Liked-or-not of every pick, per mood, for simulated listener `number` (profile "listener-<number>")."""
    clock = SimulatedClock(START)
    memory = ListenerMemory.open(data_dir, clock=clock)
    name = f"listener-{number}"
    memory.profiles.add(name)
    memory.switch(name)
    listener = SimulatedListener.create(tracks, seed=number)
    recommender = Recommender(tracks, seed=number, taste=memory.taste)
    order = [mood for mood in EMOTIONS for _ in range(plays)]
    random.Random(number).shuffle(order)
    hits: dict[str, list[bool]] = {mood: [] for mood in EMOTIONS}
    for mood in order:
        _, kind = listen(memory, recommender, listener, mood, clock)
        hits[mood].append(kind == LIKED)
    memory.close()
    return [hits[mood] for mood in EMOTIONS]


def learning(listeners: int, plays: int) -> None:
    tracks = make_library(300)
    shared = Path(tempfile.mkdtemp(prefix="bench-learning-"))
    began = time.perf_counter()
    curves = [curve for n in range(listeners) for curve in run_listener(shared, n, plays, tracks)]
    seconds = time.perf_counter() - began
    print(f"{listeners} listeners x 7 moods x {plays} plays in {seconds:.1f} s "
          f"({1000 * seconds / (listeners * 7 * plays):.2f} ms a play, pick + record)")
    print("plays in the mood | liked among the picks")
    for first, last in WINDOWS:
        if last <= plays:
            share = statistics.mean(hit for curve in curves for hit in curve[first - 1:last])
            print(f"{first:>3}-{last:<3}            | {100 * share:5.1f}%")
    at_40 = statistics.mean(curve[39] for curve in curves) if plays >= 40 else float("nan")
    print(f"pick number 40 alone: {100 * at_40:.1f}% (random picking: 20%)")
    alone = run_listener(Path(tempfile.mkdtemp(prefix="bench-learning-alone-")), 0, plays, tracks)
    print("listener 0 alone in a fresh database picks the same as among", listeners, "profiles:",
          alone == curves[:7])


def scale() -> None:
    tracks = make_library(2000, root="/year")
    folder = Path(tempfile.mkdtemp(prefix="bench-year-"))
    memory = ListenerMemory.open(folder)
    began = time.perf_counter()
    generate_year(memory.database, memory.profile.id, tracks)
    print(f"generated a year (100,000 plays, 500,000 mood changes) in {time.perf_counter() - began:.1f} s")
    memory.database.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = sum(p.stat().st_size for p in folder.iterdir())
    print(f"database size: {size / 1e6:.1f} MB")

    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from emosymphony.memory.journal import PERIODS
    from emosymphony.ui.memory_views import JournalWindow

    app = QApplication.instance() or QApplication([])
    opened, ready = [], {period: [] for period in PERIODS if period != "today"}
    for _ in range(5):
        began = time.perf_counter()
        window = JournalWindow(memory.history, "bench")
        window.show()
        app.processEvents()  # paints the window, and with it the chart
        assert not window.figure.stale, "the chart was not drawn"
        opened.append(1000 * (time.perf_counter() - began))
        for period in ready:
            began = time.perf_counter()
            window.period.setCurrentIndex(list(PERIODS).index(period))
            while window.journal is None or window.figure.stale:  # read on a worker thread, then drawn
                app.processEvents()
                time.sleep(0.002)
            ready[period].append(1000 * (time.perf_counter() - began))
        window.close()
    print(f"journal window opened with today drawn: median {statistics.median(opened):.0f} ms, "
          f"max {max(opened):.0f} ms (5 runs)")
    for period, times in ready.items():
        print(f"  {PERIODS[period].lower()} chosen: read on a worker thread and drawn in median "
              f"{statistics.median(times):.0f} ms, max {max(times):.0f} ms")

    loads = []
    for _ in range(5):
        began = time.perf_counter()
        Taste(memory.database, memory.profile.id)
        loads.append(1000 * (time.perf_counter() - began))
    print(f"profile opened (learned scores of every mood read): median {statistics.median(loads):.0f} ms")
    recommender = Recommender(tracks, seed=1, taste=memory.taste)
    rng = random.Random(1)
    for strategy in ("match", "lift"):
        first, times = [], []
        for mood in EMOTIONS:
            for repeat in range(10):
                began = time.perf_counter()
                track = recommender.plan(mood, strategy, length=1)[0].track
                (first if repeat == 0 else times).append(1000 * (time.perf_counter() - began))
                memory.taste.heard(track, mood, rng.choice(("finished", "skipped")), rng.uniform(5, 200), time.time())
        print(f"next song ({strategy}, 2,000 tracks, a learned score for each in every mood and part of the day), "
              f"a play recorded between picks: median {statistics.median(times):.1f} ms, max {max(times):.1f} ms; "
              f"first pick in a mood (reads its scores): median {statistics.median(first):.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listeners", type=int, default=100)
    parser.add_argument("--plays", type=int, default=60, help="plays in each mood per listener")
    parser.add_argument("--scale", action="store_true", help="measure a year of heavy use instead")
    parser.add_argument("--prior", type=float, nargs=2, metavar=("GOOD", "BAD"), help="the Beta prior to try")
    parser.add_argument("--late-skip", type=float, metavar="W", help="evidence against a song skipped after 30 s")
    args = parser.parse_args()
    print(describe())
    if args.prior:
        from emosymphony.memory import taste
        from emosymphony.music import recommend

        taste.PRIOR_GOOD, taste.PRIOR_BAD = args.prior
        taste.PRIOR_MEAN = recommend.PRIOR_MEAN = args.prior[0] / sum(args.prior)
        recommend.PRIOR_GOOD, recommend.PRIOR_BAD = args.prior
    if args.late_skip is not None:
        from emosymphony.memory import taste

        taste.LATE_SKIP_WEIGHT = args.late_skip
    from emosymphony.memory import taste as chosen

    print(f"prior Beta({chosen.PRIOR_GOOD:g}, {chosen.PRIOR_BAD:g}), a skip after 30 s counts {chosen.LATE_SKIP_WEIGHT:g} against")
    scale() if args.scale else learning(args.listeners, args.plays)


if __name__ == "__main__":
    main()
