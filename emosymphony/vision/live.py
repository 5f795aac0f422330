"""The live pipeline: frames from a source, faces and emotions per frame, a smoothed mood over time."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Iterator

from .analysis import FaceAnalyzer, FrameAnalysis
from .sources import Frame, FrameSource
from .tracker import MoodChange, MoodState, MoodTracker


ANALYSIS_INTERVAL = 0.2
"""Seconds between analysed frames: moods change over seconds, so five looks a second are enough
(at 15 fps this cuts the cost of watching by about two thirds; see benchmarks/bench_watch_cpu.py)."""


@dataclass(frozen=True)
class LiveUpdate:
    """One frame: the latest analysis (`fresh` when it is this frame's), the mood after it, and the change it caused."""

    frame: Frame
    analysis: FrameAnalysis
    state: MoodState
    change: MoodChange | None
    fresh: bool = True


def track_mood(
    source: FrameSource,
    analyzer: FaceAnalyzer,
    tracker: MoodTracker | None = None,
    analysis_interval: float | Callable[[], float] = ANALYSIS_INTERVAL,
) -> Iterator[LiveUpdate]:
    """Analyze frames of `source` at most every `analysis_interval` seconds of its time (a number, or asked
    before each frame: the looks slow down while the listener is away), following the face from look to look,
    and smooth the mood; the frames between carry the latest analysis."""
    interval = analysis_interval if callable(analysis_interval) else lambda: analysis_interval
    tracker = tracker or MoodTracker()
    analyzer = analyzer.for_video()
    analysis: FrameAnalysis | None = None
    analysed_at = -math.inf
    for frame in source.frames():
        if analysis is not None and frame.time - analysed_at < interval() - 1e-3:
            yield LiveUpdate(frame, analysis, tracker.state, None, fresh=False)
            continue
        analysis, analysed_at = analyzer.analyze(frame.image), frame.time
        listener = analysis.listener
        change = tracker.update(frame.time, listener.probabilities if listener else None)
        yield LiveUpdate(frame, analysis, tracker.state, change)
