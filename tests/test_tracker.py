import numpy as np

from emosymphony import EMOTIONS, NO_FACE
from emosymphony.vision.tracker import MoodTracker

FPS = 30


def _probabilities(**shares):
    p = np.full(len(EMOTIONS), 0.0)
    for name, share in shares.items():
        p[EMOTIONS.index(name)] = share
    rest = (1 - p.sum()) / (len(EMOTIONS) - len(shares))
    p[[i for i, name in enumerate(EMOTIONS) if name not in shares]] = rest
    return p


def _run(tracker, sequence, start=0.0):
    changes = []
    for i, p in enumerate(sequence):
        change = tracker.update(start + i / FPS, p)
        if change:
            changes.append(change)
    return changes


def test_first_face_sets_the_mood_at_once():
    tracker = MoodTracker()
    assert tracker.state.mood == NO_FACE
    changes = _run(tracker, [_probabilities(happy=0.8)])
    assert [c.mood for c in changes] == ["happy"] and changes[0].previous == NO_FACE


def test_flicker_between_two_close_emotions_is_suppressed():
    rng = np.random.default_rng(1)
    frames = []
    for i in range(FPS * 60):  # one minute where "sad" and "neutral" take turns frame by frame
        lead = "sad" if i % 2 else "neutral"
        other = "neutral" if lead == "sad" else "sad"
        frames.append(_probabilities(**{lead: 0.45 + rng.uniform(0, 0.1), other: 0.3}))
    changes = _run(MoodTracker(), frames)
    assert len(changes) == 1  # only the first mood, no flicker


def test_a_real_change_is_followed_within_one_and_a_half_seconds():
    tracker = MoodTracker()
    _run(tracker, [_probabilities(neutral=0.7)] * (FPS * 3))
    changes = _run(tracker, [_probabilities(happy=0.75)] * (FPS * 3), start=3.0)
    assert [c.mood for c in changes] == ["happy"]
    assert changes[0].time - 3.0 < 1.5
    assert changes[0].previous == "neutral" and changes[0].confidence > 0.4


def test_single_frame_glitches_do_not_change_the_mood():
    frames = [_probabilities(neutral=0.7)] * 60
    for i in range(5, 60, 10):
        frames[i] = _probabilities(angry=0.99)
    assert [c.mood for c in _run(MoodTracker(), frames)] == ["neutral"]


def test_no_face_after_the_timeout_and_fresh_start_when_the_face_returns():
    tracker = MoodTracker(no_face_seconds=2.0)
    _run(tracker, [_probabilities(sad=0.8)] * FPS)
    changes = _run(tracker, [None] * (FPS * 3), start=1.0)
    assert [c.mood for c in changes] == [NO_FACE]
    assert abs(changes[0].time - (1.0 - 1 / FPS + 2.0)) < 0.05
    assert tracker.state.mood == NO_FACE and tracker.state.confidence == 0.0
    changes = _run(tracker, [_probabilities(happy=0.8)], start=5.0)
    assert [c.mood for c in changes] == ["happy"]  # not averaged with the old "sad"


def test_short_absence_keeps_the_mood():
    tracker = MoodTracker(no_face_seconds=2.0)
    _run(tracker, [_probabilities(sad=0.8)] * FPS)
    assert _run(tracker, [None] * FPS, start=1.0) == []
    assert tracker.state.mood == "sad"


def test_smoothing_does_not_depend_on_the_frame_rate():
    def time_to_change(fps):
        tracker = MoodTracker()
        for i in range(fps * 2):
            tracker.update(i / fps, _probabilities(neutral=0.7))
        for i in range(fps * 3):
            change = tracker.update(2.0 + i / fps, _probabilities(surprise=0.7))
            if change:
                return change.time - 2.0
    assert abs(time_to_change(10) - time_to_change(30)) < 0.15
