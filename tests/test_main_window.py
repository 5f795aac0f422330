"""The real window, offscreen, with a video file as the camera and real faces."""

import os
import subprocess
import sys

import cv2
import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPoint, QSettings, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from conftest import portrait_frame, write_tone, write_video
from emosymphony import NO_FACE
from emosymphony.music.player import PAUSED, PLAYING
from emosymphony.ui.main_window import MainWindow


@pytest.fixture
def music(tmp_path):
    root = tmp_path / "music"
    for emotion, frequency in (("happy", 660), ("sad", 220), ("neutral", 440), ("angry", 330)):
        (root / emotion).mkdir(parents=True)
        for i in range(3):
            write_tone(root / emotion / f"{emotion}{i}.wav", seconds=3, frequency=frequency + 20 * i,
                       title=f"{emotion.title()} song {i}", artist="Tone Band")
    return root


@pytest.fixture
def smiling_video(face_photos, tmp_path):
    frame = portrait_frame(cv2.imread(str(face_photos["obama"])))
    return write_video(tmp_path / "smile.avi", [frame] * 150, fps=30)


@pytest.fixture
def make_window(qtbot, tmp_path, music, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    windows = []

    def make(camera="7", **kwargs):
        settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(camera=camera, music_dir=kwargs.pop("music_dir", str(music)), settings=settings, **kwargs)
        qtbot.addWidget(window)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()


def _wait_for_model(qtbot, window):
    qtbot.waitUntil(lambda: window.classifier is not None or window.model_error is not None, timeout=20000)


def test_window_opens_and_closes_cleanly(make_window, qtbot):
    window = make_window()
    _wait_for_model(qtbot, window)
    assert window.windowTitle() == "Emotion Symphony"
    window.close()
    assert window.camera_worker is None and window.player is None


def test_smiling_face_on_camera_makes_the_mood_happy(make_window, qtbot, smiling_video, shipped_model):
    window = make_window(camera=str(smiling_video))
    qtbot.waitUntil(lambda: window.selector.detected == "happy", timeout=20000)
    assert window.mood_panel.name.text() == "Happy"
    assert "camera" in window.mood_panel.detail.text()
    assert window.mood_panel.bars["happy"].value() > 40
    assert window.preview.pixmap() is not None and not window.preview.pixmap().isNull()
    assert all(track.emotion == "happy" for track in window.queue)


def test_manual_override_changes_the_queue_and_auto_returns(make_window, qtbot, smiling_video, shipped_model):
    window = make_window(camera=str(smiling_video))
    qtbot.waitUntil(lambda: window.selector.detected == "happy", timeout=20000)
    qtbot.keyClick(window, Qt.Key.Key_5)  # 5 = sad
    assert window.selector.mood == "sad" and window.selector.source == "manual"
    assert window.queue and all(track.emotion == "sad" for track in window.queue)
    assert window.queue_table.item(0, 0).text().startswith("Sad song")
    assert window.mood_panel.name.text() == "Sad"
    qtbot.keyClick(window, Qt.Key.Key_0)
    assert window.selector.mood == "happy" and window.selector.source == "camera"
    assert all(track.emotion == "happy" for track in window.queue)


def _drop(window, paths, emotion, modifiers=Qt.KeyboardModifier.NoModifier):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, modifiers)
    QApplication.sendEvent(window, enter)
    assert window.drop_targets.isVisible()
    centre = window.drop_targets.tiles()[emotion].center()
    point = window.drop_targets.mapTo(window, centre)
    drop = QDropEvent(point.toPointF(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, modifiers)
    QApplication.sendEvent(window, drop)


def test_drop_copies_into_the_chosen_folder_and_undo_removes_it(make_window, qtbot, music, tmp_path):
    window = make_window()
    song = write_tone(tmp_path / "new song.wav", seconds=1)
    _drop(window, [song], "surprise")
    target = music / "surprise" / "new song.wav"
    qtbot.waitUntil(lambda: window.last_drop is not None, timeout=10000)
    assert target.exists() and song.exists()
    assert "1 song(s) copied into surprise" in window.statusBar().currentMessage()
    window.undo_action.trigger()
    assert not target.exists() and song.exists()


def test_shift_drop_moves(make_window, qtbot, music, tmp_path):
    window = make_window()
    song = write_tone(tmp_path / "moved.wav", seconds=1)
    _drop(window, [song], "fear", Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.last_drop is not None, timeout=10000)
    assert (music / "fear" / "moved.wav").exists() and not song.exists()


def test_transport_changes_what_the_player_outputs(make_window, qtbot, tmp_path, monkeypatch):
    output = tmp_path / "out.raw"
    monkeypatch.setenv("SDL_AUDIODRIVER", "disk")
    monkeypatch.setenv("SDL_DISKAUDIOFILE", str(output))
    window = make_window()
    qtbot.waitUntil(lambda: bool(window.queue), timeout=10000)

    def level(seconds=0.4):
        start = output.stat().st_size if output.exists() else 0
        qtbot.wait(int(seconds * 1000))
        data = output.read_bytes()[start:]
        samples = np.frombuffer(data[: len(data) // 2 * 2], dtype="<i2").astype(float)
        return float(np.sqrt(np.mean(samples**2))) if len(samples) else 0.0

    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert window.player.state == PLAYING and window.play_button.text() == "Pause"
    first = window.player.current
    assert level() > 1000
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert window.player.state == PAUSED
    qtbot.wait(200)
    assert level() < 50
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert window.player.current != first and window.player.state == PLAYING
    assert level() > 1000
    qtbot.waitUntil(lambda: window.now_playing.title.text() == window.player.current.title, timeout=5000)
    volume = window.now_playing.volume.value()
    qtbot.keyClick(window, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert window.now_playing.volume.value() == volume - 5


def test_open_photo_shows_its_emotion(make_window, qtbot, face_photos, shipped_model):
    window = make_window()
    _wait_for_model(qtbot, window)
    window.open_photo(str(face_photos["obama"]))
    qtbot.waitUntil(lambda: window.selector.detected_source == "photo", timeout=10000)
    assert window.selector.detected == "happy"
    assert window.mood_panel.name.text() == "Happy" and "photo" in window.mood_panel.detail.text()
    assert window.camera_button.isChecked()  # the camera is off while the photo is shown
    assert window.camera_worker is None


def test_unreadable_photo_gives_a_message(make_window, qtbot, tmp_path, shipped_model):
    window = make_window()
    _wait_for_model(qtbot, window)
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8 broken")
    window.open_photo(str(broken))
    qtbot.waitUntil(lambda: "broken.jpg" in window.statusBar().currentMessage()
                    and "Looking" not in window.statusBar().currentMessage(), timeout=10000)


def test_no_camera_state(make_window, qtbot):
    window = make_window(camera="7")
    qtbot.waitUntil(lambda: "cannot open camera 7" in window.preview.text(), timeout=20000)
    assert "Open photo" in window.preview.text()
    assert window.selector.mood == NO_FACE


def test_missing_model_state(make_window, qtbot, smiling_video, tmp_path):
    window = make_window(camera=str(smiling_video), model_path=str(tmp_path / "missing.tflite"))
    qtbot.waitUntil(lambda: window.model_error is not None, timeout=20000)
    assert "model file not found" in window.statusBar().currentMessage()
    assert "Emotion model missing" in window.mood_panel.detail.text()
    qtbot.waitUntil(lambda: window.preview.pixmap() is not None and not window.preview.pixmap().isNull(), timeout=10000)
    qtbot.keyClick(window, Qt.Key.Key_4)  # the music still follows a chosen mood
    assert all(track.emotion == "happy" for track in window.queue)


def test_settings_survive_a_restart(make_window, qtbot, music):
    window = make_window()
    window.set_strategy("lift")
    window.now_playing.volume.setValue(35)
    window.resize(760, 700)
    size = (window.width(), window.height())
    window.close()
    again = make_window(camera=None, music_dir=None)
    assert again.strategy == "lift" and again.strategy_choice.currentText() == "lift"
    assert again.now_playing.volume.value() == 35
    assert again.library.root == music
    assert again.camera_spec == "7"
    assert (again.width(), again.height()) == size


def test_library_changes_are_noticed_while_running(make_window, qtbot, music):
    window = make_window()
    qtbot.waitUntil(lambda: bool(window.recommender.tracks), timeout=10000)
    before = len(window.recommender.tracks)
    write_tone(music / "happy" / "late arrival.wav", seconds=1)
    qtbot.waitUntil(lambda: len(window.recommender.tracks) == before + 1, timeout=10000)


def test_screenshot_command_writes_the_window(tmp_path, music, smiling_video, shipped_model):
    shot = tmp_path / "window.png"
    result = subprocess.run(
        [sys.executable, "-m", "emosymphony", "gui", "--camera", str(smiling_video), "--music-dir", str(music),
         "--screenshot", str(shot), "--quit-after", "3", "--settings", str(tmp_path / "s.ini")],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "SDL_AUDIODRIVER": "dummy",
             "XDG_CACHE_HOME": str(tmp_path / "cache")},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    image = cv2.imread(str(shot))
    assert image is not None and image.shape[0] > 500 and image.shape[1] > 900
    assert len(np.unique(image.reshape(-1, 3), axis=0)) > 100  # a real picture, not a blank window
