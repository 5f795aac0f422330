"""The live pipeline: frames from a source, faces and emotions per frame, a smoothed mood over time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from .analysis import FaceAnalyzer, FrameAnalysis
from .sources import Frame, FrameSource
from .tracker import MoodChange, MoodState, MoodTracker


@dataclass(frozen=True)
class LiveUpdate:
    """One processed frame: what it showed, the mood after it, and the change it caused if any."""

    frame: Frame
    analysis: FrameAnalysis
    state: MoodState
    change: MoodChange | None


def track_mood(
    source: FrameSource, analyzer: FaceAnalyzer, tracker: MoodTracker | None = None
) -> Iterator[LiveUpdate]:
    """Analyze each frame of `source` (following the face from frame to frame) and smooth the mood."""
    tracker = tracker or MoodTracker()
    analyzer = analyzer.for_video()
    for frame in source.frames():
        analysis = analyzer.analyze(frame.image)
        listener = analysis.listener
        change = tracker.update(frame.time, listener.probabilities if listener else None)
        yield LiveUpdate(frame, analysis, tracker.state, change)
