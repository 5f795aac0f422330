"""Does the memory learn what a listener likes? Simulated listeners (emosymphony/memory/simulation.py), and the
memory's scale with a year of heavy use.

    .venv/bin/python benchmarks/bench_learning.py [--listeners 100] [--plays 60] [--scale]

Learning: each listener has hidden tastes over a 300-track library (per mood: 20% liked, 60% neutral,
20% disliked) and plays `--plays` songs in each of the seven moods, in random order, all listeners
as profiles of one database. Printed: the share of liked songs among the picks by the number of
plays in that mood so far (mean over listeners and moods), against the 20% of picking at random.
Isolation: the first listener is run again alone in a fresh database; its picks must be the same.

--scale: a profile with a year of heavy use (100,000 plays, 500,000 mood changes): the journal
built and drawn for today, 7 and 30 days, picking the next song, and the database's size.
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
from emosymphony.memory.simulation import (  # noqa: E402
    LIKED,
    SimulatedClock,
    SimulatedListener,
    generate_year,
    listen,
    make_library,
)
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

    import matplotlib
    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    from emosymphony.memory.journal import PERIODS, build_journal, draw_journal, period_start

    for period in PERIODS:
        times = []
        for _ in range(5):
            began = time.perf_counter()
            now = time.time()
            journal = build_journal(memory.history, period_start(period, now), now)
            figure = Figure(figsize=(8, 5))
            draw_journal(figure, journal)
            figure.canvas.draw()
            times.append(1000 * (time.perf_counter() - began))
        print(f"journal {period:>5}: built and drawn in {statistics.median(times):.0f} ms (median of 5; "
              f"{len(journal.spans)} spans, {journal.plays} plays)")

    recommender = Recommender(tracks, seed=1, taste=memory.taste)
    for strategy in ("match", "lift"):
        times = []
        for mood in EMOTIONS * 5:
            began = time.perf_counter()
            recommender.plan(mood, strategy, length=1)
            times.append(1000 * (time.perf_counter() - began))
        print(f"next song ({strategy}, 2,000 tracks with learned scores): median {statistics.median(times):.1f} ms, "
              f"max {max(times):.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listeners", type=int, default=100)
    parser.add_argument("--plays", type=int, default=60, help="plays in each mood per listener")
    parser.add_argument("--scale", action="store_true", help="measure a year of heavy use instead")
    args = parser.parse_args()
    print(describe())
    scale() if args.scale else learning(args.listeners, args.plays)


if __name__ == "__main__":
    main()
