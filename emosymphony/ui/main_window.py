"""The main window: wiring between the panels, the workers and the listening session, which decides what plays."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

from PySide6.QtDBus import QDBusConnection
from PySide6.QtCore import QFileSystemWatcher, QObject, QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QActionGroup, QDesktopServices, QImage, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QStyle,
    QSystemTrayIcon,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..emotions import EMOTIONS, NO_FACE
from ..errors import EmosymphonyError
from ..files import private_folder, write_atomically
from ..images import load_image
from ..memory.listener import ListenerMemory
from ..memory.profiles import export_profile
from ..music.adding import AddReport, add_songs, audio_files_in, undo_add
from ..music.analysis import SoundCache, SoundFeatures
from ..music.catalog import load_default_catalog
from ..music.library import MusicLibrary, ScanResult
from ..music.mediakeys import MediaKeys
from ..music.player import PLAYING, open_output
from ..music.recommend import STRATEGIES, STRATEGY_HELP, Recommender
from ..music.sorting import examples_of, personal_model, proposals_for
from ..music.sound_mood import place
from ..music.starter import add_starter, origin, remove_starter, starter_songs
from ..music.tags import AUDIO_SUFFIXES, read_cover
from ..session import EndEvent, ListeningSession, MessageEvent, MoodEvent, QueueEvent, SessionSettings, TrackEvent
from ..vision.analysis import FaceAnalyzer
from ..vision.annotate import annotate
from .actions import ACTIONS, shortcut_lines
from .desktop import app_icon
from .memory_views import JournalWindow, NeverPlayDialog
from .mpris import MprisService
from .panels import CameraPanel, QueuePanel
from .preferences import Preferences
from .sort_dialog import SortDialog
from .sound_worker import SoundAnalyser
from .widgets import SORT_TILE, DropTargets, MoodPanel, NowPlaying
from .workers import CameraWorker, LibraryScanner, ModelLoader, to_qimage

SUGGESTION_COUNT = 12
VOLUME_STEP = 0.05
TICK_MS = 100
QUIT_FADE_SECONDS = 0.5
"""The song fades out this long when the window closes (by the listener, at logout or on SIGTERM)."""
"""How often the session is asked whether a song has ended (and the position shown)."""


class _Bridge(QObject):
    """Carries results of worker threads onto the UI thread."""

    photo_done = Signal(object, object, str)  # QImage | None, FrameAnalysis | None, error
    add_progress = Signal(int, int)
    add_done = Signal(object)  # list[AddReport]


class MainWindow(QMainWindow):
    """Emotion Symphony's window. The session decides what plays; workers do the heavy work; this class wires and draws."""

    def __init__(
        self,
        camera: str | None = None,
        music_dir: str | None = None,
        settings: QSettings | None = None,
        model_path: str | None = None,
        dbus: QDBusConnection | None = None,
        memory: ListenerMemory | None = None,
        quit_fade: float = QUIT_FADE_SECONDS,
    ) -> None:
        """`dbus`: the bus to offer the player on over MPRIS (default: the session bus, if there is one);
        `memory`: the listening memory and profile (default: the user's, last profile used); `quit_fade`: how long
        the song fades out when the window closes."""
        super().__init__()
        self.quit_fade = quit_fade
        if settings is None:  # the program's own settings: its folder is the listener's alone
            settings = QSettings("emosymphony", "Emotion Symphony")
            private_folder(Path(settings.fileName()).parent)
        self.settings = settings
        self.memory = memory or ListenerMemory.open()
        self.prefs = Preferences.load(self.settings)
        self.prefs.use_profile(self.memory.settings())
        self.setWindowTitle("Emotion Symphony")
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)
        self.bridge = _Bridge()
        self.classifier = None
        self.model_error: str | None = None
        self.camera_worker: CameraWorker | None = None
        self.last_drop: list[AddReport] | None = None
        """The reports of the last drop (one per folder it filled), for Undo."""
        self.library_scanned = False
        self._closed = False
        self.camera_spec = camera if camera is not None else self.prefs.camera
        self.library = MusicLibrary(music_dir or self.prefs.music_dir or None)

        output = open_output()
        self.session = ListeningSession(
            Recommender([], load_default_catalog(), taste=self.memory.taste),
            output,
            SessionSettings(strategy=self.prefs.strategy, autoplay=self.prefs.autoplay,
                            switch_on_mood=self.prefs.switch_on_mood),
            on_event=self._session_event,
        )
        self.sound_cache = SoundCache(self.memory.database.connection)
        self.library_sounds: dict[str, SoundFeatures] = {}
        self.analyser = SoundAnalyser(self.sound_cache)
        self.analyser.progress.connect(self._analysis_progress)
        self.analyser.finished.connect(self._analysis_done)
        self._build_ui()
        self._build_menus()
        self._build_tray()
        self.mpris = MprisService(self, dbus)
        self._restore_layout()
        if not output.audible:
            self.show_message(f"{output.reason}: music cannot be heard here; suggestions still work")
        for note in self.memory.notes:
            self.show_message(note, seconds=20)
        self.memory.on_problem = lambda text: self.show_message(text, seconds=20)
        if self.prefs.problems:
            self.show_message(f"Some saved settings could not be used and were reset: {', '.join(self.prefs.problems)}")

        self.scanner = LibraryScanner(self.library)
        self.scanner.scanned.connect(self._library_scanned)
        self.scanner.failed.connect(self._library_failed)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(lambda _: self._rescan_timer.start())
        self._rescan_timer = QTimer(self, singleShot=True, interval=400, timeout=self.scanner.request)
        self.scanner.request()

        self.bridge.photo_done.connect(self._photo_done)
        self.bridge.add_done.connect(self._drop_done)
        self._clock = QTimer(self, interval=TICK_MS, timeout=self._tick)
        self._clock.start()

        self.camera_panel.show_text("Loading the emotion model…")
        self.loader = ModelLoader(model_path)
        self.loader.loaded.connect(self._model_loaded)
        self.loader.failed.connect(self._model_failed)
        self.loader.start()

    # ----- building -------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.camera_panel = CameraPanel()
        self.camera_panel.show_source(self.camera_spec)
        self.camera_panel.camera_chosen.connect(self.choose_camera)
        self.camera_panel.other_source_requested.connect(self._ask_camera_source)
        self.camera_panel.camera_switched.connect(self._camera_switched)
        self.camera_panel.photo_requested.connect(self.ask_photo)

        self.mood_panel = MoodPanel()
        override_box = QGroupBox("Mood for the music")
        override_layout = QGridLayout(override_box)
        override_layout.setSpacing(4)
        self.override_buttons = QButtonGroup(self)
        for number, name in enumerate(("auto",) + EMOTIONS):
            button = QPushButton("Auto (camera)" if name == "auto" else name)
            button.setCheckable(True)
            button.setToolTip(f"Key {number}")
            button.setAccessibleName("Follow the camera" if name == "auto" else f"Choose the mood {name}")
            self.override_buttons.addButton(button, number)
            override_layout.addWidget(button, number // 4, number % 4)
        self.override_buttons.button(0).setChecked(True)
        self.override_buttons.idClicked.connect(lambda number: self.set_override(None if number == 0 else EMOTIONS[number - 1]))

        self.strategy_choice = QComboBox()
        self.strategy_choice.addItems(STRATEGIES)
        self.strategy_choice.setAccessibleName("Music should")
        self.strategy_help = QLabel()
        self.strategy_help.setWordWrap(True)
        self.strategy_choice.currentTextChanged.connect(self.set_strategy)
        strategy_row = QHBoxLayout()
        strategy_label = QLabel("Music &should")
        strategy_label.setBuddy(self.strategy_choice)
        strategy_row.addWidget(strategy_label)
        strategy_row.addWidget(self.strategy_choice)
        strategy_row.addWidget(self.strategy_help, 1)

        self.queue_panel = QueuePanel()
        self.queue_panel.row_activated.connect(self.session.play_upcoming)
        self.queue_panel.open_folder_requested.connect(self.open_music_folder)
        self.queue_panel.add_songs_requested.connect(self.ask_songs)
        self.queue_panel.starter_requested.connect(self.add_starter_music)
        self.now_playing = NowPlaying()
        self.now_playing.seek_requested.connect(self.session.seek)
        self.now_playing.volume_changed.connect(self._volume_changed)
        self.now_playing.like_toggled.connect(lambda _: self.like_current())
        style = self.style()
        self.previous_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_MediaSkipBackward), "Previous")
        self.play_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay), "Play")
        self.next_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_MediaSkipForward), "Next")
        for button, action, name in ((self.previous_button, self.previous, "Previous song"),
                                     (self.play_button, self.play_pause, "Play or pause"),
                                     (self.next_button, self.next, "Next song")):
            button.setAccessibleName(name)
            button.clicked.connect(action)
        self.external_note = QLabel("")
        transport = QHBoxLayout()
        for widget in (self.previous_button, self.play_button, self.next_button):
            transport.addWidget(widget)
        transport.addWidget(self.external_note, 1)

        self.suggestions = QListWidget()
        self.suggestions.setAccessibleName("Suggestions you don't own yet")
        self.suggestions.setToolTip("Songs for this mood that are not in your library; double-click to open")
        self.suggestions.itemActivated.connect(lambda item: QDesktopServices.openUrl(QUrl(item.data(Qt.ItemDataRole.UserRole))))
        self.activity = QListWidget()
        self.activity.setAccessibleName("Messages")

        self.lists = QTabWidget()
        self.lists.addTab(self.queue_panel, "Queue")
        self.lists.addTab(self.suggestions, "Suggestions you don't own yet")
        self.lists.addTab(self.activity, "Messages")
        self.queue_panel.setMinimumHeight(110)

        right = QVBoxLayout()
        right.addWidget(self.mood_panel)
        right.addWidget(override_box)
        right.addLayout(strategy_row)
        right.addWidget(self.lists, 1)
        right.addWidget(self.now_playing)
        right.addLayout(transport)

        right_widget = QWidget()
        right_widget.setLayout(right)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.camera_panel)
        self.splitter.addWidget(right_widget)
        self.setCentralWidget(self.splitter)
        self.drop_targets = DropTargets(self)
        self.statusBar()
        self.undo_button = QPushButton("Undo")
        self.undo_button.setAccessibleName("Undo the last drop")
        self.undo_button.clicked.connect(self.undo_last_drop)
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
        self.actions_by_text["Undo last drop"].setEnabled(False)
        self.profile_menu = menus["P&rofile"].addMenu("Switch profile")
        self._show_profiles()
        for key, slot in ((Qt.Key.Key_MediaTogglePlayPause, self.play_pause), (Qt.Key.Key_MediaPlay, self.play_pause),
                          (Qt.Key.Key_MediaNext, self.next), (Qt.Key.Key_MediaPrevious, self.previous)):
            media = QAction(self)
            media.setShortcut(QKeySequence(key))
            media.triggered.connect(slot)
            self.addAction(media)

    def _build_tray(self) -> None:
        self.tray: QSystemTrayIcon | None = None
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return
        self.tray = QSystemTrayIcon(app_icon(), self)
        menu = QMenu(self)
        menu.addAction("Play/Pause", self.play_pause)
        menu.addAction("Next", self.next)
        menu.addSeparator()
        menu.addAction("Show window", self.showNormal)
        menu.addAction("Quit", self.close)
        self.tray.setContextMenu(menu)
        self.tray.show()

    def _restore_layout(self) -> None:
        if self.prefs.geometry is None or not self.restoreGeometry(self.prefs.geometry):
            self.resize(1280, 820)
        if self.prefs.splitter is not None:
            self.splitter.restoreState(self.prefs.splitter)
        self._restore_profile_settings()
        self._show_mood()
        self.play_button.setFocus()  # the keys work from launch; nothing that takes typing has focus

    def _restore_profile_settings(self) -> None:
        """Show the profile's settings: volume, autoplay, switching, strategy and sensitivity."""
        self.now_playing.volume.setValue(int(round(self.prefs.volume * 100)))
        self.actions_by_text["Start music by itself"].setChecked(self.prefs.autoplay)
        self.actions_by_text["Switch songs when my mood changes"].setChecked(self.prefs.switch_on_mood)
        self.set_strategy(self.prefs.strategy)
        level = min((0.0, 0.25, 0.5, 0.75, 1.0), key=lambda value: abs(value - self.prefs.sensitivity))
        self._check_action("set_sensitivity", f"{level:g}")
        self.set_sensitivity(f"{self.prefs.sensitivity:g}")

    def _save_settings(self) -> None:
        self.prefs.camera = self.camera_spec
        self.prefs.music_dir = str(self.library.root)
        self.prefs.geometry = self.saveGeometry()
        self.prefs.splitter = self.splitter.saveState()
        self.prefs.save(self.settings)
        self._save_profile_settings()

    def _save_profile_settings(self) -> None:
        self.prefs.strategy = self.session.settings.strategy
        self.prefs.volume = self.now_playing.volume.value() / 100
        self.prefs.autoplay = self.session.settings.autoplay
        self.prefs.switch_on_mood = self.session.settings.switch_on_mood
        self.memory.save_settings(self.prefs.profile_values())

    # ----- the session's events ------------------------------------------------------------------

    def _session_event(self, event) -> None:
        self.memory.recorder(event)
        if isinstance(event, MoodEvent):
            self._show_mood()
            self._show_suggestions()
        elif isinstance(event, TrackEvent):
            track = event.item.track
            cover = read_cover(Path(track.path)) if track.has_cover else None
            package = origin(track.path)
            self.now_playing.show_track(track.title, track.artist, track.album, track.duration, cover, event.item.reason,
                                        liked=self.memory.taste.is_liked(track.path),
                                        credit=package.credit() if package else "")
        elif isinstance(event, EndEvent):
            if self.session.current is None:
                self.now_playing.show_track("Nothing playing", "", "", 0.0, None)
        elif isinstance(event, QueueEvent):
            self._show_queue()
        elif isinstance(event, MessageEvent):
            self.show_message(event.text)
        self._update_play_button()

    def _show_queue(self) -> None:
        if self.library_scanned and not self.session.recommender.tracks:
            self.queue_panel.show_empty_library(self.library.root, len(starter_songs()))
        else:
            self.queue_panel.show_queue(self.session.upcoming)

    def _show_mood(self, note: str = "") -> None:
        session = self.session
        self.mood_panel.show_mood(session.mood, session.detected_confidence, session.source, note)
        self.override_buttons.button(0 if session.manual is None else EMOTIONS.index(session.manual) + 1).setChecked(True)
        self._check_action("set_override", session.manual or "")
        if self.tray:
            self.tray.setToolTip(f"Emotion Symphony — {session.mood}")

    def _show_suggestions(self) -> None:
        mood = self.session.mood if self.session.mood in EMOTIONS else "neutral"
        self.suggestions.clear()
        for suggestion in self.session.recommender.suggestions(mood, self.session.settings.strategy, SUGGESTION_COUNT):
            item = QListWidgetItem(f"{suggestion.song.artist} – {suggestion.song.title}   ({suggestion.reason})")
            item.setData(Qt.ItemDataRole.UserRole, suggestion.song.link)
            item.setToolTip(suggestion.song.link)
            self.suggestions.addItem(item)

    def _show_strategy(self) -> None:
        strategy = self.session.settings.strategy
        self.strategy_choice.blockSignals(True)
        self.strategy_choice.setCurrentText(strategy)
        self.strategy_choice.blockSignals(False)
        self.strategy_help.setText(STRATEGY_HELP[strategy])
        self._check_action("set_strategy", strategy)

    def _check_action(self, name: str, argument: str) -> None:
        """Tick the menu entry of a choice (strategy, mood) made elsewhere."""
        spec = next(spec for spec in ACTIONS if spec.name == name and spec.argument == argument)
        self.actions_by_text[spec.text].setChecked(True)

    def _tick(self) -> None:
        self.session.tick()
        current = self.session.current
        if current is not None:
            self.now_playing.show_position(self.session.position, current.track.duration)

    # ----- camera and mood ------------------------------------------------------------------

    def _model_loaded(self, classifier) -> None:
        self.classifier = classifier
        classifier.sensitivity = self.prefs.sensitivity
        self.start_camera()

    def _model_failed(self, error: str) -> None:
        self.model_error = error
        self.mood_panel.detail.setText("Emotion model missing — choose your mood with the buttons or keys 1–7")
        self.show_message(f"Emotion model unavailable: {error}. The camera still shows, the mood is manual.")
        self.start_camera()

    def start_camera(self) -> None:
        """(Re)start the camera worker on the chosen source."""
        self.stop_camera()
        if not self.camera_panel.is_on:
            return
        self.camera_panel.show_text(f"Opening {self.camera_panel.choice.currentText()}…")
        worker = CameraWorker(self.camera_spec, self.classifier)
        worker.frame_ready.connect(self._show_frame)
        worker.mood_updated.connect(self._mood_updated)
        worker.mood_changed.connect(self._mood_changed)
        worker.ended.connect(self._camera_ended)
        self.camera_worker = worker
        worker.start()

    def stop_camera(self) -> None:
        """Stop the camera worker and wait for its thread to end."""
        worker, self.camera_worker = self.camera_worker, None
        if worker is not None:
            for signal in (worker.frame_ready, worker.mood_updated, worker.mood_changed, worker.ended):
                signal.disconnect()
            worker.stop()
            worker.wait()

    def choose_camera(self, spec: str) -> None:
        self.camera_spec = spec.strip() or "0"
        self.camera_panel.show_source(self.camera_spec)
        self.camera_panel.set_on(True)
        self.start_camera()

    def _ask_camera_source(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Video file to use as the camera", str(Path.home()),
                                              "Videos (*.avi *.mp4 *.mkv *.mov *.webm);;All files (*)")
        if path:
            self.choose_camera(path)
        else:
            self.camera_panel.show_source(self.camera_spec)

    def _camera_switched(self, on: bool) -> None:
        if on:
            self.start_camera()
            return
        self.stop_camera()
        self.camera_panel.show_text("Camera is off. Turn it on, or open a photo.")
        self.mood_panel.show_probabilities(None)
        if self.session.detected_source == "camera":
            self.session.set_detected_mood(NO_FACE)
            self._show_mood(note="camera is off")

    def _show_frame(self, image: QImage, analysis) -> None:
        self.camera_panel.show_image(image)
        if analysis is None:
            status = "No emotion model: showing the camera only"
        elif analysis.too_dark:
            status = "Too dark to see your face — turn on a light, or use File ▸ Open photo…"
        elif not analysis.faces:
            status = "No face in view"
        else:
            status = f"{len(analysis.faces)} face(s); the largest is you"
        self.camera_panel.status.setText(status)

    def _mood_updated(self, state) -> None:
        """Every frame: the live bars, and the followed mood's confidence as it changes."""
        self.mood_panel.show_probabilities(state.probabilities if state.mood != NO_FACE else None)
        if self.session.source == "camera" and state.mood == self.session.mood:
            self.mood_panel.show_mood(state.mood, state.confidence, "camera")

    def _mood_changed(self, change) -> None:
        self.session.set_detected_mood(change.mood, change.confidence, "camera")

    def _camera_ended(self, reason: str) -> None:
        worker, self.camera_worker = self.camera_worker, None
        if worker is not None:
            worker.wait()  # its run() is returning; never drop a QThread that still runs
        self.mood_panel.show_probabilities(None)
        if self.session.detected_source == "camera":
            self.session.set_detected_mood(NO_FACE)
            self._show_mood(note=f"camera ended ({reason})" if self.session.manual is None else "")
            if self.camera_panel.is_on:
                self.camera_panel.show_text(f"{reason}\n\nNo camera? Use File ▸ Open photo… or pick a mood with keys 1–7.")
        self.camera_panel.status.setText(reason)

    def set_override(self, mood: str | None) -> None:
        """Follow a chosen mood ("" or None: back to the camera)."""
        self.session.set_manual_mood(mood or None)
        self._show_mood()

    def set_strategy(self, strategy: str) -> None:
        """Match, lift or steady: re-plans what comes next (the current song plays on)."""
        self.session.set_strategy(strategy)
        self._show_strategy()
        self._show_suggestions()

    def set_sensitivity(self, level: str) -> None:
        """How readily a face counts as showing an emotion rather than calm ("0" calm .. "1" expressive)."""
        self.prefs.sensitivity = float(level)
        if self.classifier is not None:
            self.classifier.sensitivity = self.prefs.sensitivity  # the camera thread reads it on its next look

    def set_autoplay(self, on: bool) -> None:
        self.session.settings.autoplay = on

    def set_switch_on_mood(self, on: bool) -> None:
        self.session.settings.switch_on_mood = on

    def switch_now(self) -> None:
        self.session.switch_now()

    # ----- photo ----------------------------------------------------------------------------

    def ask_photo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open photo", str(Path.home()), "Images (*.png *.jpg *.jpeg *.bmp *.webp)")
        if path:
            self.open_photo(path)

    def open_photo(self, path: str) -> None:
        """Analyze a photo off the UI thread and show it annotated in place of the camera."""
        if self.classifier is None:
            self.show_message(self.model_error or "The emotion model is still loading; try again in a moment")
            return
        self.show_message(f"Looking at {Path(path).name}…")
        classifier = self.classifier

        def work() -> None:
            try:
                image = load_image(path)
                analysis = FaceAnalyzer(classifier).analyze(image)
                self.bridge.photo_done.emit(to_qimage(annotate(image, analysis), width=1024), analysis, "")
            except EmosymphonyError as error:
                self.bridge.photo_done.emit(None, None, str(error))

        threading.Thread(target=work, name="photo", daemon=True).start()

    def _photo_done(self, image: QImage | None, analysis, error: str) -> None:
        if error:
            self.show_message(error)
            return
        self.camera_panel.set_on(False)  # the photo replaces the camera until it is turned on again
        self.camera_panel.show_image(image, smooth=True)
        listener = analysis.listener
        if listener is None:
            self.camera_panel.status.setText("No face found in the photo" + (" (too dark)" if analysis.too_dark else ""))
            self.mood_panel.show_probabilities(None)
            self.session.set_detected_mood(NO_FACE, source="photo")
        else:
            self.camera_panel.status.setText(f"Photo: {len(analysis.faces)} face(s)")
            self.mood_panel.show_probabilities(listener.probabilities)
            self.session.set_detected_mood(listener.emotion, float(listener.probabilities.max()), "photo")
        self._show_mood()

    # ----- library and drops ----------------------------------------------------------------

    def _library_scanned(self, result: ScanResult) -> None:
        self.library_scanned = True
        folders = [str(self.library.root)] + [str(self.library.folder(e)) for e in EMOTIONS]
        missing = [f for f in folders if f not in self.watcher.directories()]
        if missing:
            self.watcher.addPaths(missing)
        if result.unreadable:
            self.show_message(f"{len(result.unreadable)} file(s) in the music folder cannot be read, e.g. {Path(result.unreadable[0].path).name}")
        self.memory.tracks_moved(result.renamed)
        self.session.library_changed(result.playable)
        unknown = [t.path for t in result.playable if t.path not in self.library_sounds]
        if unknown:
            self.analyser.submit("library", unknown)
        self._show_queue()
        self._show_suggestions()

    def _library_failed(self, error: str) -> None:
        self.show_message(f"Music folder problem: {error}")

    def ask_music_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Music folder", str(self.library.root))
        if folder:
            self.set_music_folder(folder)

    def open_music_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.library.root)))

    def set_music_folder(self, folder: str) -> None:
        if self.watcher.directories():
            self.watcher.removePaths(self.watcher.directories())
        self.library = MusicLibrary(folder)
        self.library_scanned = False
        self.scanner.library = self.library
        self.scanner.request()

    def ask_songs(self) -> None:
        """Choose audio files, then the mood folder they go into."""
        suffixes = " ".join(f"*{suffix}" for suffix in sorted(AUDIO_SUFFIXES))
        paths, _ = QFileDialog.getOpenFileNames(self, "Add songs", str(Path.home()), f"Audio ({suffixes})")
        if not paths:
            return
        mood = self.session.mood if self.session.mood in EMOTIONS else "neutral"
        emotion, accepted = QInputDialog.getItem(self, "Add songs", f"Which mood do these {len(paths)} song(s) fit?",
                                                 list(EMOTIONS), EMOTIONS.index(mood), False)
        if accepted:
            self.add_files(paths, emotion)

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
            self.drop_targets.setGeometry(self.centralWidget().geometry())
            self.drop_targets.raise_()
            self.drop_targets.show()

    def dragMoveEvent(self, event) -> None:  # noqa: N802
        point = self.drop_targets.mapFrom(self, event.position().toPoint())
        self.drop_targets.hover(point)
        event.acceptProposedAction() if self.drop_targets.hovered else event.ignore()

    def dragLeaveEvent(self, event) -> None:  # noqa: N802
        self.drop_targets.hide()

    def dropEvent(self, event) -> None:  # noqa: N802
        self.drop_targets.hide()
        emotion = self.drop_targets.emotion_at(self.drop_targets.mapFrom(self, event.position().toPoint()))
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if not emotion or not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        if emotion == SORT_TILE:
            self.sort_for_me(paths)
            return
        move = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        self.add_files(paths, emotion, move)

    def add_files(self, paths: list[str], emotion: str, move: bool = False) -> None:
        """Copy (or move) songs into an emotion folder on a worker thread, with progress."""
        self.add_placements({emotion: paths}, move)

    def add_placements(self, placements: dict[str, list[str]], move: bool = False) -> None:
        """Copy (or move) songs into their emotion folders on a worker thread, with progress; one Undo for all."""
        folders = ", ".join(placements)
        progress = QProgressDialog(f"Adding songs to {folders}…", "", 0, 0, self)
        progress.setCancelButton(None)
        progress.setMinimumDuration(500)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.bridge.add_progress.connect(lambda done, total: (progress.setMaximum(total), progress.setValue(done)))
        self._add_progress_dialog = progress

        def work() -> None:
            reports = []
            for emotion, paths in placements.items():
                try:
                    reports.append(add_songs(self.library, paths, emotion, move, progress=self.bridge.add_progress.emit))
                except EmosymphonyError as error:
                    reports.append(AddReport(emotion, move, skipped=[("", str(error))]))
            self.bridge.add_done.emit(reports)

        threading.Thread(target=work, name="add-songs", daemon=True).start()

    def _drop_done(self, reports: list[AddReport]) -> None:
        self._add_progress_dialog.close()
        self.bridge.add_progress.disconnect()
        self.last_drop = [report for report in reports if report.added] or None
        self.actions_by_text["Undo last drop"].setEnabled(self.last_drop is not None)
        self.undo_button.setVisible(self.last_drop is not None)
        self.show_message("; ".join(report.summary() for report in reports), seconds=15)
        for report in reports:
            for path, why in report.skipped:
                self.log(f"  skipped {Path(path).name or path}: {why}")
        self.scanner.request()

    def undo_last_drop(self) -> None:
        if self.last_drop is None:
            return
        problems = [problem for report in self.last_drop for problem in undo_add(report)]
        summary = "; ".join(report.summary() for report in self.last_drop)
        self.show_message("Undone" + (f", but: {'; '.join(problems)}" if problems else f": {summary}"))
        self.last_drop = None
        self.actions_by_text["Undo last drop"].setEnabled(False)
        self.undo_button.hide()
        self.scanner.request()

    # ----- songs by their sound ----------------------------------------------------------------

    def sort_for_me(self, paths: list[str]) -> None:
        """Analyse dropped songs (in the analysis process) and show where each would go."""
        files, skipped = audio_files_in(paths)
        for path, why in skipped:
            self.log(f"  skipped {Path(path).name or path}: {why}")
        if not files:
            self.show_message("No songs among the dropped files")
            return
        self._to_sort = [str(f) for f in files]
        self.show_message(f"Listening to {len(files)} song(s) to propose their folders…")
        self.analyser.submit("sort", self._to_sort)

    def add_starter_music(self) -> None:
        """Link the free Debian music into the folders, by its sound (analysed in the analysis process first)."""
        songs = starter_songs()
        if not songs:
            self.show_message("No free music is installed (scripts/setup.sh installs it)")
            return
        self.queue_panel.starter_button.setEnabled(False)
        self.show_message(f"Listening to {len(songs)} free songs to sort them…")
        self.analyser.submit("starter", [str(s) for s in songs])

    def remove_starter_music(self) -> None:
        """Remove the free starter songs (links only; the listener's own songs stay)."""
        removed, problems = remove_starter(self.library)
        self.show_message(f"Removed {len(removed)} free starter songs; your own songs were not touched"
                          + (f" ({len(problems)} could not be removed)" if problems else ""))
        self.scanner.request()

    def _personal_model(self):
        return personal_model(examples_of(self.session.recommender.tracks, self.library_sounds))

    def _analysis_progress(self, job: str, done: int, total: int) -> None:
        what = {"library": "Listening to your songs' sound", "sort": "Listening to the dropped songs",
                "starter": "Listening to the free songs"}[job]
        if total >= 3:
            self.statusBar().showMessage(f"{what}: {done} of {total}", 3000)

    def _analysis_done(self, job: str, found: dict, failed: list) -> None:
        for path, why in failed:
            self.log(f"  not analysed: {why}")
        if job == "library":
            self.library_sounds.update(found)
            self.session.recommender.set_sounds({path: place(f) for path, f in self.library_sounds.items()})
        elif job == "sort":
            proposals = proposals_for(self._to_sort, found, failed, model := self._personal_model())
            self.sort_dialog = SortDialog(proposals, model is not None, self)
            self.sort_dialog.accepted.connect(lambda: self.add_placements(self.sort_dialog.placements()))
            self.sort_dialog.open()
        elif job == "starter":
            report = add_starter(self.library, found, failed, self._personal_model())
            self.queue_panel.starter_button.setEnabled(True)
            self.show_message(f"Free music: {report.summary()}. Remove it any time: File ▸ Remove the free starter songs",
                              seconds=20)
            self.scanner.request()

    # ----- playback -------------------------------------------------------------------------

    def play_pause(self) -> None:
        self.session.play_pause()
        self._update_play_button()

    def next(self) -> None:
        self.session.next()

    def previous(self) -> None:
        self.session.previous()

    def dislike_current(self) -> None:
        self.session.dislike_current()

    def like_current(self) -> None:
        """Like the song playing (in the mood it plays for), or take the like back."""
        current = self.session.current
        if current is None:
            return
        self.session.like_current(not self.memory.taste.is_liked(current.track.path))
        self.now_playing.show_liked(self.memory.taste.is_liked(current.track.path))

    def show_never_play(self) -> None:
        NeverPlayDialog(self.memory.taste, self).exec()
        self.session.library_changed(self.session.recommender.tracks)  # a song let back may be planned again

    # ----- profiles and the journal ----------------------------------------------------------

    def _show_profiles(self) -> None:
        self.profile_menu.clear()
        group = QActionGroup(self.profile_menu)
        for profile in self.memory.profiles.list():
            action = self.profile_menu.addAction(profile.name)
            action.setCheckable(True)
            action.setChecked(profile.id == self.memory.profile.id)
            action.triggered.connect(lambda _=False, name=profile.name: self.switch_profile(name))
            group.addAction(action)
        self.setWindowTitle(f"Emotion Symphony — {self.memory.profile.name}")

    def switch_profile(self, name: str) -> None:
        """Listen as another profile: its likes, dislikes, learned taste, history and settings from now on."""
        if name == self.memory.profile.name:
            return
        self._save_profile_settings()
        self.memory.switch(name)
        self.session.recommender.taste = self.memory.taste
        self.prefs.use_profile(self.memory.settings())
        self.session.settings.autoplay = self.prefs.autoplay
        self.session.settings.switch_on_mood = self.prefs.switch_on_mood
        self._restore_profile_settings()
        self.session.library_changed(self.session.recommender.tracks)
        self._show_profiles()
        self.show_message(f"Listening as {self.memory.profile.name}")

    def new_profile(self) -> None:
        name, accepted = QInputDialog.getText(self, "New profile", "Name of the new listener:")
        if accepted:
            try:
                profile = self.memory.profiles.add(name)
            except EmosymphonyError as error:
                self.show_message(str(error))
                return
            self.switch_profile(profile.name)

    def rename_profile(self) -> None:
        name, accepted = QInputDialog.getText(self, "Rename profile", "New name:", text=self.memory.profile.name)
        if accepted:
            try:
                self.memory.profile = self.memory.profiles.rename(self.memory.profile.name, name)
            except EmosymphonyError as error:
                self.show_message(str(error))
            self._show_profiles()

    def remove_profile(self) -> None:
        others = [p.name for p in self.memory.profiles.list() if p.id != self.memory.profile.id]
        if not others:
            self.show_message("This is the only profile; add another one before removing it")
            return
        name, accepted = QInputDialog.getItem(self, "Remove a profile", "Profile to remove (switch profiles to remove "
                                              "the one in use):", others, 0, False)
        if accepted:
            self.remove_profile_named(name)

    def remove_profile_named(self, name: str) -> None:
        """Delete another profile and everything remembered for it, after the listener confirms."""
        answer = QMessageBox.question(self, "Remove profile",
                                      f"Remove the profile “{name}” with its history, likes, dislikes and settings? "
                                      "This cannot be undone.")
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.memory.profiles.remove(name)
        except EmosymphonyError as error:
            self.show_message(str(error))
            return
        self._show_profiles()
        self.show_message(f"Removed the profile {name}")

    def export_profile(self) -> None:
        name = f"emosymphony-{self.memory.profile.name}.json"
        path, _ = QFileDialog.getSaveFileName(self, "Export my data", str(Path.home() / name), "JSON (*.json)")
        if path:
            try:
                write_atomically(path, json.dumps(export_profile(self.memory.profiles, self.memory.profile.name),
                                                  indent=1), private=True)
            except EmosymphonyError as error:
                self.show_message(str(error))
                return
            self.show_message(f"Wrote everything remembered for {self.memory.profile.name} to {path}")

    def open_data_folder(self) -> None:
        if self.memory.folder is None:
            self.show_message("Nothing is remembered on disk this time (see the Messages tab)")
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.memory.folder)))

    def show_journal(self) -> None:
        self.journal_window = JournalWindow(self.memory.history, self.memory.profile.name, self)
        self.journal_window.show()

    def change_volume(self, direction: str) -> None:
        """"+" or "-": one step up or down (sent to the other player in external mode)."""
        if self.session.external:
            self._media_keys.send("volumeup" if direction == "+" else "volumedown")
            return
        step = VOLUME_STEP if direction == "+" else -VOLUME_STEP
        self.now_playing.volume.setValue(self.now_playing.volume.value() + int(round(step * 100)))

    def _volume_changed(self, value: float) -> None:
        self.session.output.volume = value

    def set_external(self, on: bool) -> None:
        """Send the transport to another player with media keys; Emotion Symphony's own player stops."""
        if not on:
            self.session.set_external(None)
            self.external_note.setText("")
            return
        try:
            self._media_keys = MediaKeys()
        except EmosymphonyError as error:
            self.show_message(str(error))
            self.actions_by_text["Control another player (media keys)"].setChecked(False)
            return
        self.session.set_external(self._media_keys.send)
        self.external_note.setText("Controlling another player with media keys")

    def _update_play_button(self) -> None:
        self.mpris.notify()
        playing = self.session.state == PLAYING
        self.play_button.setText("Pause" if playing else "Play")
        icon = QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(icon))

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
        QMessageBox.about(self, "About Emotion Symphony",
                          "Emotion Symphony plays music that fits — or gently lifts — the mood on your face.\n\n"
                          "The camera picture is analysed on this computer only: nothing is stored or sent anywhere.")

    def closeEvent(self, event) -> None:  # noqa: N802
        if self._closed:  # a window can be asked to close twice; it shuts down once
            super().closeEvent(event)
            return
        self._closed = True
        try:
            self._save_settings()
        except EmosymphonyError as error:  # a removed profile, a locked or full memory: quitting goes on
            self.log(str(error))
        self._clock.stop()
        self.stop_camera()
        self.loader.wait()  # returns when loading ends; Qt aborts on a running thread
        self.session.close(fade_seconds=self.quit_fade)
        self.analyser.close()
        self.memory.close()
        self.mpris.close()
        if self.tray:
            self.tray.hide()
        super().closeEvent(event)
