import cv2
import numpy as np

from helpers import portrait_frame, write_video
from emosymphony import NO_FACE, FaceAnalyzer, FrameSource, track_mood


def test_video_as_camera_gives_a_happy_mood_then_no_face(face_photos, tmp_path, shipped_model):
    smile = portrait_frame(cv2.imread(str(face_photos["obama"])))
    empty = np.full_like(smile, 120)
    video = write_video(tmp_path / "camera.avi", [smile] * 45 + [empty] * 90, fps=30)
    with FrameSource(str(video)) as source:
        updates = list(track_mood(source, FaceAnalyzer()))
    assert len(updates) == 135
    changes = [u.change for u in updates if u.change]
    assert [c.mood for c in changes] == ["happy", NO_FACE]
    assert changes[0].time == 0.0
    # looks every 0.2 s: the last one at the face is at 1.4 s (frame 42 of 45), no face two seconds later
    assert abs(changes[1].time - (42 / 30 + 2.0)) < 0.01
    assert sum(u.fresh for u in updates) == 23  # frames 0, 6, 12, ... 132: one in six at 30 fps
    assert all(u.analysis is not None for u in updates)
    assert updates[10].state.mood == "happy" and updates[10].analysis.listener is not None


def test_looks_slow_down_to_one_a_second_while_the_listener_is_away(tmp_path, shipped_model):
    from emosymphony.music.recommend import Recommender
    from emosymphony.session import AWAY_LOOK_SECONDS, ListeningSession
    from emosymphony.vision.live import ANALYSIS_INTERVAL

    video = write_video(tmp_path / "empty room.avi", [np.full((240, 320, 3), 90, np.uint8)] * 60, fps=10)  # 6 s
    session = ListeningSession(Recommender([]))
    fresh = []
    for update in track_mood(FrameSource(str(video)), FaceAnalyzer(shipped_model),
                             analysis_interval=lambda: session.look_interval(ANALYSIS_INTERVAL)):
        if update.fresh:
            fresh.append(update.frame.time)
        session.away = update.frame.time >= 3.0  # the music faded at 3 s
    gaps = np.diff(fresh)
    assert ANALYSIS_INTERVAL == 0.2 and AWAY_LOOK_SECONDS == 1.0
    assert np.allclose(gaps[[t < 2.9 for t in fresh[:-1]]], 0.2, atol=0.01)  # five looks a second while someone may be there
    assert np.allclose(gaps[[t >= 3.0 for t in fresh[:-1]]], 1.0, atol=0.01)  # then one a second
