"""The main window: it opens the symphony (the application core) and presents it.

What each part shows lives in its own module: the camera (camera_view), the mood (mood_view), playback
(playback_view), the library (library_view) and profiles (profile_view). This one assembles them, builds the
menus from the action table, passes the symphony's events to the parts and closes everything in order.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtDBus import QDBusConnection
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QApplication, QListWidget, QMainWindow, QMenu, QMessageBox, QPushButton, QSplitter, \
    QSystemTrayIcon, QTabWidget, QVBoxLayout, QWidget

from ..core import Symphony
from ..events import EndEvent, MessageEvent, MoodEvent, QueueEvent, TrackEvent
from ..files import private_folder
from ..memory.listener import ListenerMemory
from ..music.player import open_output
from .actions import ACTIONS, shortcut_lines
from .camera_view import CameraView
from .desktop import app_icon
from .library_view import LibraryView
from .mood_view import MoodView
from .mpris import MprisService
from .notifications import Notifier
from .playback_view import PlaybackView
from .preferences import Preferences
from .profile_view import ProfileView
from .style import ROOM, follow_system_theme, spaced
from .widgets import DropTargets

TICK_MS = 100
"""How often the session is asked whether a song has ended (and the position shown)."""
QUIT_FADE_SECONDS = 0.5
"""The song fades out this long when the window closes (by the listener, at logout or on SIGTERM)."""


class _Bridge(QObject):
    """Carries results of worker threads onto the UI thread."""

    photo_done = Signal(object, object, str)  # QImage | None, FrameAnalysis | None, error
    add_progress = Signal(int, int)
    add_done = Signal(object)  # list[AddReport]


class MainWindow(CameraView, MoodView, PlaybackView, LibraryView, ProfileView, QMainWindow):
    """Emotion Symphony's window. The symphony decides; workers do the heavy work; the window asks and draws."""

    def __init__(
        self,
        camera: str | None = None,
        music_dir: str | None = None,
        settings: QSettings | None = None,
        model_path: str | None = None,
        dbus: QDBusConnection | None = None,
        memory: ListenerMemory | None = None,
        quit_fade: float = QUIT_FADE_SECONDS,
        calibrated: bool = True,
    ) -> None:
        """`settings`: this computer's (default: the user's); `dbus`: the bus to offer the player on over MPRIS and
        to send notifications on (default: the session bus, if there is one); `memory`: the listening memory and
        profile (default: the user's, last profile used); `quit_fade`: how long the song fades out when the window closes; `calibrated`: read
        faces with the profile's resting face."""
        super().__init__()
        self.quit_fade, self.calibrated = quit_fade, calibrated
        if settings is None:  # the program's own settings: its folder is the listener's alone
            settings = QSettings("emosymphony", "Emotion Symphony")
            private_folder(Path(settings.fileName()).parent)
        self.settings = settings
        self.prefs = Preferences.load(self.settings)
        self.symphony = Symphony.open(music_dir or self.prefs.music_dir or None, memory=memory or ListenerMemory.open(),
                                      output=open_output())
        self.symphony.listeners.append(self._session_event)
        self.setWindowTitle("Emotion Symphony")
        self.setWindowIcon(app_icon())
        follow_system_theme(QApplication.instance())
        self.setAcceptDrops(True)
        self.bridge = _Bridge()
        self._closed = False
        self.camera_spec = camera if camera is not None else self.prefs.camera
        self._build_ui(model_path)
        self._build_menus()
        self._build_tray()
        self.mpris = MprisService(self.session, self, self._update_play_button, dbus)
        self.notifier = Notifier(self, dbus, on_problem=self.log)
        self._restore_layout()
        for note in self.symphony.notes:
            self.show_message(note, seconds=20)
        self.memory.on_problem = lambda text: self.show_message(text, seconds=20)
        if self.prefs.problems:
            self.show_message(f"Some saved settings could not be used and were reset: {', '.join(self.prefs.problems)}")
        self._build_library()
        self._clock = QTimer(self, interval=TICK_MS, timeout=self._tick)
        self._clock.start()

    @property
    def session(self):
        return self.symphony.session

    @property
    def memory(self):
        return self.symphony.memory

    # ----- building -------------------------------------------------------------------------

    def _build_ui(self, model_path: str | None) -> None:
        self._build_mood()
        self._build_playback()
        self._build_camera(model_path)
        self.activity = QListWidget()
        self.activity.setAccessibleName("Messages")
        self.lists = QTabWidget()
        self.lists.addTab(self.queue_panel, "Queue")
        self.lists.addTab(self.suggestions, "Suggestions you don't own yet")
        self.lists.addTab(self.activity, "Messages")

        left = spaced(QVBoxLayout(), margin=ROOM)  # the camera and what it reads; the preview takes what room is left
        left.addWidget(self.camera_panel, 1)
        left.addWidget(self.mood_panel.bars_caption)
        left.addWidget(self.mood_panel.bars_box)
        left_widget = QWidget()
        left_widget.setLayout(left)
        right = spaced(QVBoxLayout(), margin=ROOM, spacing=ROOM)
        right.addWidget(self.mood_panel)
        right.addWidget(self.override_box)
        right.addLayout(self.strategy_row)
        right.addWidget(self.lists, 1)
        right.addWidget(self.now_playing)
        right.addLayout(self.transport)
        right_widget = QWidget()
        right_widget.setLayout(right)
        self.splitter = QSplitter()
        self.splitter.addWidget(left_widget)
        self.splitter.addWidget(right_widget)
        self.setCentralWidget(self.splitter)
        self.drop_targets = DropTargets(self)
        self.statusBar()
        self.undo_button = QPushButton("Undo")
        self.undo_button.setAccessibleName("Undo the last drop or removal")
        self.undo_button.clicked.connect(self.undo_last_change)
        self.undo_button.hide()
        self.statusBar().addPermanentWidget(self.undo_button)

    def _build_menus(self) -> None:
        """Menus and shortcuts from the one table in ui/actions.py."""
        self.actions_by_text: dict[str, QAction] = {}
        menus: dict[str, QMenu] = {}
        groups: dict[str, QActionGroup] = {}
        for spec in ACTIONS:
            menu = menus.get(spec.menu) or menus.setdefault(spec.menu, self.menuBar().addMenu(spec.menu))
            action = QAction(spec.text, self)
            if spec.shortcut:
                action.setShortcut(QKeySequence(spec.shortcut))
                action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            method = getattr(self, spec.name)
            if spec.argument is not None:
                action.triggered.connect(lambda _=False, m=method, a=spec.argument: m(a))
            elif spec.checkable:
                action.toggled.connect(method)
            else:
                action.triggered.connect(method)
            if spec.checkable and spec.argument is not None:
                group = groups.setdefault(spec.name, QActionGroup(self))
                group.addAction(action)
            action.setCheckable(spec.checkable)
            menu.addAction(action)
            self.addAction(action)
            self.actions_by_text[spec.text] = action
        self.actions_by_text["Undo"].setEnabled(False)
        self.actions_by_text["Add the songs already in the library anyway"].setEnabled(False)
        self.profile_menu = menus["P&rofile"].addMenu("Switch profile")
        self._show_profiles()
        for key, slot in ((Qt.Key.Key_MediaTogglePlayPause, self.play_pause), (Qt.Key.Key_MediaPlay, self.play_pause),
                          (Qt.Key.Key_MediaNext, self.next), (Qt.Key.Key_MediaPrevious, self.previous)):
            media = QAction(self)
            media.setShortcut(QKeySequence(key))
            media.triggered.connect(slot)
            self.addAction(media)

    def _build_tray(self) -> None:
        """The tray icon's menu (the mood, play/pause, next, show, quit); the icon when the desktop has a tray."""
        self.tray_menu = QMenu(self)
        self.tray_mood = self.tray_menu.addAction("Mood: —")
        self.tray_mood.setEnabled(False)  # says, does nothing
        self.tray_menu.addAction("Play/Pause", self.play_pause)
        self.tray_menu.addAction("Next", self.next)
        self.tray_menu.addSeparator()
        self.tray_menu.addAction("Show window", self.showNormal)
        self.tray_menu.addAction("Quit", self.close)
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(app_icon(), self)
            self.tray.setContextMenu(self.tray_menu)
            self.tray.show()

    def _restore_layout(self) -> None:
        if self.prefs.geometry is None or not self.restoreGeometry(self.prefs.geometry):
            room = self.screen().availableGeometry()  # the first size fits the screen (a 1366×768 laptop too)
            self.resize(min(1280, int(room.width() * 0.92)), min(820, int(room.height() * 0.92)))
        if self.prefs.splitter is not None:
            self.splitter.restoreState(self.prefs.splitter)
        self._show_listener_settings()
        self._show_mood()
        self._show_nothing_playing()
        self.play_button.setFocus()  # the keys work from launch; nothing that takes typing has focus

    def _check_action(self, name: str, argument: str) -> None:
        """Tick the menu entry of a choice (strategy, mood) made elsewhere."""
        spec = next(spec for spec in ACTIONS if spec.name == name and spec.argument == argument)
        self.actions_by_text[spec.text].setChecked(True)

    # ----- the symphony's events and time --------------------------------------------------------------

    def _session_event(self, event) -> None:
        if isinstance(event, MoodEvent):
            self._show_mood()
            self._show_suggestions()
        elif isinstance(event, (TrackEvent, EndEvent)):
            self._show_track_event(event)
        elif isinstance(event, QueueEvent):
            self._show_queue()
        elif isinstance(event, MessageEvent):
            self.show_message(event.text)
        self._update_play_button()

    def _tick(self) -> None:
        self.session.tick()
        self._show_playback()

    # ----- messages, help, closing ------------------------------------------------------------

    def show_message(self, text: str, seconds: int = 8) -> None:
        """Say something in the status bar; it stays in the Messages tab."""
        self.statusBar().showMessage(text, seconds * 1000)
        self.log(text)

    def log(self, text: str) -> None:
        self.activity.insertItem(0, f"{time.strftime('%H:%M:%S')}  {text}")

    def show_shortcuts(self) -> None:
        QMessageBox.information(self, "Keyboard shortcuts",
                                "\n".join(f"{key} — {text}" for key, text in shortcut_lines()))

    def show_about(self) -> None:
        from .. import __version__

        QMessageBox.about(self, "About Emotion Symphony",
                          f"Emotion Symphony {__version__}\n\n"
                          "Emotion Symphony plays music that fits — or gently lifts — the mood on your face.\n\n"
                          "The camera picture is analysed on this computer only: nothing is stored or sent anywhere.")

    def closeEvent(self, event) -> None:  # noqa: N802
        if self._closed:  # a window can be asked to close twice; it shuts down once
            super().closeEvent(event)
            return
        self._closed = True
        self.prefs.camera = self.camera_spec
        self.prefs.music_dir = str(self.library.root)
        self.prefs.geometry = self.saveGeometry()
        self.prefs.splitter = self.splitter.saveState()
        self.prefs.save(self.settings)
        self._clock.stop()
        self.stop_camera()
        self.loader.wait()  # returns when loading ends; Qt aborts on a running thread
        for problem in self.symphony.close(fade_seconds=self.quit_fade):  # a removed profile, a full memory...
            self.log(problem)
        self.analyser.close()
        self.mpris.close()
        if self.tray:
            self.tray.hide()
        super().closeEvent(event)
