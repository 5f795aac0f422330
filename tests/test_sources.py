import cv2
import numpy as np
import pytest

from helpers import write_video
from emosymphony import FrameSource, SourceError


def _frames(count, size=(160, 120)):
    return [np.full((size[1], size[0], 3), i * 8 % 256, np.uint8) for i in range(count)]


def test_video_file_frames_carry_the_video_time(tmp_path):
    video = write_video(tmp_path / "clip.avi", _frames(20), fps=10)
    with FrameSource(str(video)) as source:
        frames = list(source.frames())
    assert [f.index for f in frames] == list(range(20))
    assert frames[-1].time == pytest.approx(1.9)
    assert frames[0].image.shape == (120, 160, 3)
    assert source.end_reason == "end of video"


def test_folder_of_images_skips_unreadable_ones(tmp_path):
    for i in range(3):
        cv2.imwrite(str(tmp_path / f"{i}.png"), np.full((50, 50), i * 50, np.uint8))
    (tmp_path / "1b.png").write_bytes(b"broken")
    with FrameSource(str(tmp_path)) as source:
        frames = list(source.frames())
    assert len(frames) == 3 and [f.time for f in frames] == [0.0, 0.5, 1.0]
    assert source.end_reason == "end of folder"


def test_missing_camera_is_a_clear_error():
    with pytest.raises(SourceError, match="cannot open camera 7"):
        FrameSource("7")


def test_missing_file_and_empty_folder(tmp_path):
    with pytest.raises(SourceError, match="no such camera, video file or folder"):
        FrameSource(str(tmp_path / "nothing.avi"))
    with pytest.raises(SourceError, match="no images"):
        FrameSource(str(tmp_path))


def test_a_file_that_is_not_a_video(tmp_path):
    fake = tmp_path / "fake.avi"
    fake.write_bytes(b"not a video at all" * 10)
    with pytest.raises(SourceError, match="cannot open"):
        FrameSource(str(fake))


def test_stop_ends_the_stream_early(tmp_path):
    video = write_video(tmp_path / "clip.avi", _frames(200), fps=30)
    with FrameSource(str(video)) as source:
        seen = 0
        for _ in source.frames():
            seen += 1
            if seen == 5:
                source.stop()
        assert seen < 200
        assert source.end_reason == "stopped"


class _UnpluggedCamera(FrameSource):
    """The camera path fed by a real capture of a short video: when the video runs out, every read
    fails, exactly as when a webcam is unplugged (there is no webcam on the test machines)."""

    def _open(self):
        self.is_camera = True
        return self._camera_frames(self._open_capture(self.spec, "test camera"))


def test_a_camera_that_stops_sending_pictures_ends_the_stream_with_a_reason(tmp_path):
    video = write_video(tmp_path / "clip.avi", _frames(12), fps=30)
    with _UnpluggedCamera(str(video)) as source:
        frames = list(source.frames())
    assert 1 <= len(frames) <= 12  # a camera keeps only the newest picture; a slow reader may skip some
    assert source.end_reason.startswith("camera lost:") and "stopped sending pictures" in source.end_reason
