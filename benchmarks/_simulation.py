"""Simulated listeners and generated history, to measure the learning and the memory's scale (benchmarks, tests).

A simulated listener has hidden tastes: in each mood, 20% of the library is liked, 60% neutral and
20% disliked. It skips a disliked song within its first 30 s, plays a liked one to the end, lets a
neutral one finish half the time (else skips it after 30 s, which teaches nothing), and now and
then says so: a like (LIKE_RATE) for a liked song, a dislike (DISLIKE_RATE) for a disliked one.
Its plays go through the same recorder, history and taste as a real listening session's.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

from emosymphony.emotions import EMOTIONS
from emosymphony.events import EndEvent, TrackEvent
from emosymphony.music.recommend import Recommender
from emosymphony.tracks import QueueItem, Track
from emosymphony.memory.database import Database, transaction
from emosymphony.memory.listener import ListenerMemory

LIKED, NEUTRAL, DISLIKED = "liked", "neutral", "disliked"
LIKE_RATE = 0.1
DISLIKE_RATE = 0.1
SONG_SECONDS = 210.0


def make_library(count: int = 300, root: str = "/simulated") -> list[Track]:
    """`count` tracks spread evenly over the seven emotion folders (no files: for the recommender only)."""
    return [Track(f"{root}/{EMOTIONS[i % len(EMOTIONS)]}/{i:04d}.ogg", EMOTIONS[i % len(EMOTIONS)], f"Song {i}",
                  f"Artist {i % 37}", "", SONG_SECONDS, False, 1, 0.0) for i in range(count)]


@dataclass
class SimulatedListener:
    """Hidden tastes (mood -> path -> LIKED/NEUTRAL/DISLIKED) and the randomness of its reactions."""

    tastes: dict[str, dict[str, str]]
    rng: random.Random

    @classmethod
    def create(cls, tracks: list[Track], seed: int) -> "SimulatedListener":
        rng = random.Random(seed)
        tastes = {}
        for mood in EMOTIONS:
            paths = [t.path for t in tracks]
            rng.shuffle(paths)
            fifth = len(paths) // 5
            tastes[mood] = {p: LIKED if i < fifth else DISLIKED if i < 2 * fifth else NEUTRAL for i, p in enumerate(paths)}
        return cls(tastes, rng)

    def react(self, track: Track, mood: str) -> tuple[str, float, str | None]:
        """(how the play ends, seconds heard, "like"/"dislike"/None) for `track` heard in `mood`."""
        kind = self.tastes[mood][track.path]
        if kind == LIKED:
            return "finished", track.duration, "like" if self.rng.random() < LIKE_RATE else None
        if kind == DISLIKED:
            return "skipped", self.rng.uniform(3.0, 25.0), "dislike" if self.rng.random() < DISLIKE_RATE else None
        if self.rng.random() < 0.5:
            return "finished", track.duration, None
        return "skipped", self.rng.uniform(30.0, track.duration - 10), None


class SimulatedClock:
    """Wall-clock time for a simulation: starts at `start` and moves only when told."""

    def __init__(self, start: float):
        self.now = start

    def __call__(self) -> float:
        return self.now


def listen(memory: ListenerMemory, recommender: Recommender, listener: SimulatedListener, mood: str,
           clock: SimulatedClock) -> tuple[Track, str]:
    """One play in `mood`: pick the next song as the session does, react, record; returns it and how the listener took it."""
    item: QueueItem = recommender.plan(mood, "match", length=1)[0]
    track = item.track
    recommender.mark_played(track)
    memory.recorder(TrackEvent(0.0, item, mood, "camera", "match"))
    ending, heard, said = listener.react(track, mood)
    clock.now += heard
    memory.recorder(EndEvent(0.0, track, ending, heard))
    if said == "like":
        memory.taste.like(track, mood)
    elif said == "dislike":
        recommender.dislike(track)
    clock.now += 5.0
    return track, listener.tastes[mood][track.path]


def generate_year(database: Database, profile_id: int, tracks: list[Track], plays: int = 100_000,
                  mood_changes: int = 500_000, end: float | None = None, seed: int = 0) -> None:
    """Fill a profile's history with a year of heavy use, ending at `end` (default now), in bulk."""
    rng = random.Random(seed)
    end = end if end is not None else time.time()
    start = end - 365 * 86400.0
    connection = database.connection
    with transaction(connection):
        connection.executemany("INSERT OR IGNORE INTO tracks(path, artist, title) VALUES (?, ?, ?)",
                               [(t.path, t.artist, t.title) for t in tracks])
        ids = [row[0] for row in connection.execute("SELECT id FROM tracks WHERE path IN (%s)" % ",".join("?" * len(tracks)),
                                                      [t.path for t in tracks])]
        mood_times = sorted(rng.uniform(start, end) for _ in range(mood_changes))
        moods = rng.choices(list(EMOTIONS) + ["no_face"], weights=[4, 1, 2, 12, 6, 3, 20, 6], k=mood_changes)
        connection.executemany(
            "INSERT INTO moods(profile_id, time, mood, confidence, source) VALUES (?, ?, ?, ?, 'camera')",
            ((profile_id, t, m, round(rng.uniform(0.4, 1.0), 3)) for t, m in zip(mood_times, moods)))
        play_times = sorted(rng.uniform(start, end) for _ in range(plays))
        endings = rng.choices(("finished", "skipped", "switched"), weights=(6, 3, 1), k=plays)
        connection.executemany(
            "INSERT INTO plays(profile_id, track_id, started, ended, heard, ending, mood, source, strategy) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, 'camera', ?)",
            ((profile_id, rng.choice(ids), t, t + 180.0, 1.0 if e == "finished" else 0.3, e, rng.choice(EMOTIONS),
              rng.choice(("match", "lift", "steady"))) for t, e in zip(play_times, endings)))
        connection.executemany(
            "INSERT OR IGNORE INTO likes(profile_id, track_id, mood, time) VALUES (?, ?, ?, ?)",
            ((profile_id, rng.choice(ids), rng.choice(EMOTIONS), rng.uniform(start, end)) for _ in range(200)))
        connection.executemany(
            "INSERT INTO taste(profile_id, mood, track_id, daypart, good, bad) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT DO UPDATE SET good = good + excluded.good, bad = bad + excluded.bad",
            ((profile_id, m, i, d, rng.uniform(0, 20), rng.uniform(0, 10))
             for m in EMOTIONS for i in ids for d in ("night", "morning", "afternoon", "evening")))
