"""The main window: camera preview, mood, override, strategy, queue, player, drops and suggestions."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QColor, QDesktopServices, QIcon, QImage, QKeySequence, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSizePolicy,
    QMenu,
    QSplitter,
    QStyle,
    QSystemTrayIcon,
    QTableWidget,
    QTabWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..emotions import EMOTIONS, NO_FACE
from ..errors import EmosymphonyError
from ..images import load_image
from ..music.adding import AddReport, add_songs, undo_add
from ..music.catalog import load_default_catalog
from ..music.library import MusicLibrary, ScanResult, Track
from ..music.mediakeys import MediaKeys
from ..music.player import PLAYING, Player, PlayerError
from ..music.recommend import STRATEGIES, STRATEGY_HELP, MoodSelector, Recommender
from ..music.tags import read_cover
from ..vision.analysis import FaceAnalyzer
from ..vision.annotate import annotate
from .widgets import MOOD_COLOURS, DropTargets, MoodPanel, NowPlaying, format_time
from .workers import CameraWorker, LibraryScanner, ModelLoader, to_qimage

QUEUE_LENGTH = 10
SUGGESTION_COUNT = 12
VOLUME_STEP = 0.05


class _Bridge(QObject):
    """Carries callbacks from the player's thread and worker threads onto the UI thread."""

    track_started = Signal(object)
    message = Signal(str)
    photo_done = Signal(object, object, str)  # QImage | None, FrameAnalysis | None, error
    add_progress = Signal(int, int)
    add_done = Signal(object)


def app_icon() -> QIcon:
    """A small drawn icon (no image files needed): a note on the happy colour."""
    pixmap = QPixmap(64, 64)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(MOOD_COLOURS["happy"]))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(2, 2, 60, 60)
    painter.setPen(QColor("#222"))
    font = painter.font()
    font.setPointSize(30)
    painter.setFont(font)
    painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, "♪")
    painter.end()
    return QIcon(pixmap)


class MainWindow(QMainWindow):
    """Emotion Symphony's window. Heavy work runs in workers; this class only wires and draws."""

    def __init__(
        self,
        camera: str | None = None,
        music_dir: str | None = None,
        settings: QSettings | None = None,
        model_path: str | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings or QSettings("emosymphony", "Emotion Symphony")
        self.setWindowTitle("Emotion Symphony")
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)
        self.bridge = _Bridge()
        self.selector = MoodSelector()
        self.classifier = None
        self.model_error: str | None = None
        self.camera_worker: CameraWorker | None = None
        self.last_drop: AddReport | None = None
        self.queue: list[Track] = []
        self.player: Player | None = None
        self._planned_mood: str | None = None
        self._media_keys: MediaKeys | None = None

        self.camera_spec = camera if camera is not None else str(self.settings.value("camera", "0"))
        root = music_dir or self.settings.value("music_dir") or None
        self.library = MusicLibrary(root)
        self.recommender = Recommender([], load_default_catalog())
        self._build_ui()
        self._build_menus()
        self._build_tray()
        self._restore_settings()
        self._start_player()

        self.scanner = LibraryScanner(self.library)
        self.scanner.scanned.connect(self._library_scanned)
        self.scanner.failed.connect(self._library_failed)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(lambda _: self._rescan_timer.start())
        self._rescan_timer = QTimer(self, singleShot=True, interval=400, timeout=self.scanner.request)
        self.scanner.request()

        self.bridge.track_started.connect(self._track_started)
        self.bridge.message.connect(self.show_message)
        self.bridge.photo_done.connect(self._photo_done)
        self.bridge.add_done.connect(self._drop_done)
        self._clock = QTimer(self, interval=250, timeout=self._tick)
        self._clock.start()

        self.preview.setText("Loading the emotion model…")
        self.loader = ModelLoader(model_path)
        self.loader.loaded.connect(self._model_loaded)
        self.loader.failed.connect(self._model_failed)
        self.loader.start()

    # ----- building -------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(320, 240)
        self.preview.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.preview.setStyleSheet("background: #1d1f23; color: #e8e8e8; font-size: 15px;")
        self.preview.setWordWrap(True)
        self.camera_choice = QComboBox()
        self.camera_choice.setEditable(True)
        self.camera_choice.setToolTip("Camera number, or a video file or image folder to use as the camera")
        self.camera_choice.addItems(["0", "1", "2"])
        self.camera_choice.activated.connect(lambda _: self._choose_camera(self.camera_choice.currentText()))
        self.camera_button = QPushButton("Turn camera off")
        self.camera_button.setCheckable(True)
        self.camera_button.toggled.connect(self._camera_toggled)
        self.photo_button = QPushButton("Open photo…")
        self.photo_button.clicked.connect(self._ask_photo)
        self.status_line = QLabel("")
        camera_row = QHBoxLayout()
        camera_row.addWidget(QLabel("Camera"))
        camera_row.addWidget(self.camera_choice, 1)
        camera_row.addWidget(self.camera_button)
        camera_row.addWidget(self.photo_button)
        left = QVBoxLayout()
        left.addWidget(self.preview, 1)
        left.addLayout(camera_row)
        left.addWidget(self.status_line)

        self.mood_panel = MoodPanel()
        override_box = QGroupBox("Mood for the music")
        override_layout = QGridLayout(override_box)
        override_layout.setSpacing(4)
        self.override_buttons = QButtonGroup(self)
        for number, name in enumerate(("auto",) + EMOTIONS):
            button = QPushButton("Auto (camera)" if name == "auto" else name)
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setToolTip(f"Key {number}")
            self.override_buttons.addButton(button, number)
            override_layout.addWidget(button, number // 4, number % 4)
        self.override_buttons.button(0).setChecked(True)
        self.override_buttons.idClicked.connect(lambda number: self.set_override(None if number == 0 else EMOTIONS[number - 1]))

        self.strategy_choice = QComboBox()
        self.strategy_choice.addItems(STRATEGIES)
        self.strategy_choice.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.strategy_help = QLabel()
        self.strategy_choice.currentTextChanged.connect(self.set_strategy)
        strategy_row = QHBoxLayout()
        strategy_row.addWidget(QLabel("Music should"))
        strategy_row.addWidget(self.strategy_choice)
        strategy_row.addWidget(self.strategy_help, 1)

        self.queue_table = QTableWidget(0, 3)
        self.queue_table.setHorizontalHeaderLabels(["Title", "Artist", "Length"])
        self.queue_table.horizontalHeader().setStretchLastSection(False)
        self.queue_table.horizontalHeader().setSectionResizeMode(0, self.queue_table.horizontalHeader().ResizeMode.Stretch)
        self.queue_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.queue_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.queue_table.verticalHeader().hide()
        self.queue_table.cellDoubleClicked.connect(lambda row, _: self.play_queue_row(row))
        self.now_playing = NowPlaying()
        self.now_playing.seek_requested.connect(lambda seconds: self.player and self.player.seek(seconds))
        self.now_playing.volume_changed.connect(self._volume_changed)
        style = self.style()
        self.previous_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_MediaSkipBackward), "Previous")
        self.play_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay), "Play")
        self.next_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_MediaSkipForward), "Next")
        for button, action in ((self.previous_button, self.previous), (self.play_button, self.play_pause), (self.next_button, self.next)):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(action)
        self.external_toggle = QCheckBox("Control another player (media keys)")
        self.external_toggle.toggled.connect(self._external_toggled)
        transport = QHBoxLayout()
        for widget in (self.previous_button, self.play_button, self.next_button):
            transport.addWidget(widget)
        transport.addStretch(1)
        transport.addWidget(self.external_toggle)

        self.suggestions = QListWidget()
        self.suggestions.setToolTip("Songs for this mood that are not in your library; double-click to open")
        self.suggestions.itemActivated.connect(lambda item: QDesktopServices.openUrl(QUrl(item.data(Qt.ItemDataRole.UserRole))))

        self.lists = QTabWidget()
        self.lists.addTab(self.queue_table, "Queue")
        self.lists.addTab(self.suggestions, "Suggestions you don't own yet")
        self.queue_table.setMinimumHeight(110)

        right = QVBoxLayout()
        right.addWidget(self.mood_panel)
        right.addWidget(override_box)
        right.addLayout(strategy_row)
        right.addWidget(self.lists, 1)
        right.addWidget(self.now_playing)
        right.addLayout(transport)

        left_widget, right_widget = QWidget(), QWidget()
        left_widget.setLayout(left)
        right_widget.setLayout(right)
        self.splitter = QSplitter()
        self.splitter.addWidget(left_widget)
        self.splitter.addWidget(right_widget)
        self.setCentralWidget(self.splitter)
        self.drop_targets = DropTargets(self)
        self.statusBar()
        self.undo_button = QPushButton("Undo")
        self.undo_button.clicked.connect(self.undo_last_drop)
        self.undo_button.hide()
        self.statusBar().addPermanentWidget(self.undo_button)

    def _build_menus(self) -> None:
        def action(menu: QMenu, text: str, slot, shortcut: str | QKeySequence | None = None) -> QAction:
            item = QAction(text, self)
            item.triggered.connect(slot)
            if shortcut:
                item.setShortcut(QKeySequence(shortcut))
                item.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            menu.addAction(item)
            self.addAction(item)
            return item

        file_menu = self.menuBar().addMenu("&File")
        action(file_menu, "Open photo…", self._ask_photo, "Ctrl+O")
        action(file_menu, "Choose music folder…", self._ask_music_folder)
        action(file_menu, "Open music folder", lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.library.root))))
        file_menu.addSeparator()
        action(file_menu, "Quit", self.close, QKeySequence.StandardKey.Quit)
        edit_menu = self.menuBar().addMenu("&Edit")
        self.undo_action = action(edit_menu, "Undo last drop", self.undo_last_drop, QKeySequence.StandardKey.Undo)
        self.undo_action.setEnabled(False)
        playback = self.menuBar().addMenu("&Playback")
        action(playback, "Play/Pause", self.play_pause, "Space")
        action(playback, "Next", self.next, "Ctrl+Right")
        action(playback, "Previous", self.previous, "Ctrl+Left")
        action(playback, "Volume up", lambda: self.change_volume(VOLUME_STEP), "Ctrl+Up")
        action(playback, "Volume down", lambda: self.change_volume(-VOLUME_STEP), "Ctrl+Down")
        action(playback, "Skip and never play again", self.dislike_current, "Ctrl+D")
        for key, slot in ((Qt.Key.Key_MediaTogglePlayPause, self.play_pause), (Qt.Key.Key_MediaPlay, self.play_pause),
                          (Qt.Key.Key_MediaNext, self.next), (Qt.Key.Key_MediaPrevious, self.previous)):
            media = QAction(self)
            media.setShortcut(QKeySequence(key))
            media.triggered.connect(slot)
            self.addAction(media)
        mood_menu = self.menuBar().addMenu("&Mood")
        action(mood_menu, "Auto (camera)", lambda: self.set_override(None), "0")
        for number, emotion in enumerate(EMOTIONS, start=1):
            action(mood_menu, emotion.capitalize(), lambda _=False, e=emotion: self.set_override(e), str(number))
        help_menu = self.menuBar().addMenu("&Help")
        action(help_menu, "Keyboard shortcuts", self._show_shortcuts, "F1")
        action(help_menu, "About Emotion Symphony", self._show_about)

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

    def _restore_settings(self) -> None:
        geometry = self.settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 820)
        splitter = self.settings.value("splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        strategy = str(self.settings.value("strategy", "match"))
        self.strategy = strategy if strategy in STRATEGIES else "match"
        self.strategy_choice.setCurrentText(self.strategy)
        self.strategy_help.setText(STRATEGY_HELP[self.strategy])
        self.now_playing.volume.setValue(int(round(float(self.settings.value("volume", 0.8)) * 100)))
        self.camera_choice.setCurrentText(self.camera_spec)

    def _save_settings(self) -> None:
        self.settings.setValue("camera", self.camera_spec)
        self.settings.setValue("music_dir", str(self.library.root))
        self.settings.setValue("strategy", self.strategy)
        self.settings.setValue("volume", self.now_playing.volume.value() / 100)
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("splitter", self.splitter.saveState())
        self.settings.sync()

    def _start_player(self) -> None:
        try:
            self.player = Player(on_track=self.bridge.track_started.emit, on_message=self.bridge.message.emit)
            self.player.volume = self.now_playing.volume.value() / 100
        except PlayerError as error:
            self.player = None
            self.show_message(f"{error} — music cannot be played here; suggestions still work")

    # ----- camera and mood ------------------------------------------------------------------

    def _model_loaded(self, classifier) -> None:
        self.classifier = classifier
        self.start_camera()

    def _model_failed(self, error: str) -> None:
        self.model_error = error
        self.mood_panel.detail.setText("Emotion model missing — choose your mood with the buttons or keys 1–7")
        self.show_message(f"Emotion model unavailable: {error}. The camera still shows, the mood is manual.")
        self.start_camera()

    def start_camera(self) -> None:
        """(Re)start the camera worker on the chosen source."""
        self.stop_camera()
        if self.camera_button.isChecked():
            return
        self.preview.setText(f"Opening camera {self.camera_spec}…")
        worker = CameraWorker(self.camera_spec, self.classifier)
        worker.frame_ready.connect(self._show_frame)
        worker.mood_updated.connect(self._mood_updated)
        worker.mood_changed.connect(self._mood_changed)
        worker.ended.connect(self._camera_ended)
        self.camera_worker = worker
        worker.start()

    def stop_camera(self) -> None:
        worker, self.camera_worker = self.camera_worker, None
        if worker is not None:
            for signal in (worker.frame_ready, worker.mood_updated, worker.mood_changed, worker.ended):
                signal.disconnect()
            worker.stop()
            worker.wait(3000)

    def _choose_camera(self, spec: str) -> None:
        self.camera_spec = spec.strip() or "0"
        self.start_camera()

    def _camera_toggled(self, off: bool) -> None:
        self.camera_button.setText("Turn camera on" if off else "Turn camera off")
        if off:
            self.stop_camera()
            self.preview.setPixmap(QPixmap())
            self.preview.setText("Camera is off. Turn it on, or open a photo.")
            self.selector.set_detected(NO_FACE)
            self._show_mood()
            self._follow_mood()
        else:
            self.start_camera()

    def _show_frame(self, image: QImage, analysis) -> None:
        if self.selector.detected_source == "photo":
            return
        self.preview.setPixmap(QPixmap.fromImage(image).scaled(
            self.preview.size(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation))
        if analysis is None:
            self.status_line.setText("No emotion model: showing the camera only")
        elif analysis.too_dark:
            self.status_line.setText("Too dark to see your face — turn on a light, or use File ▸ Open photo…")
        elif not analysis.faces:
            self.status_line.setText("No face in view")
        else:
            self.status_line.setText(f"{len(analysis.faces)} face(s); the largest is you")

    def _mood_updated(self, state) -> None:
        self.mood_panel.show_probabilities(state.probabilities if state.mood != NO_FACE else None)
        self.selector.set_detected(state.mood, "camera")
        self._show_mood(state.confidence)

    def _mood_changed(self, change) -> None:
        self.selector.set_detected(change.mood, "camera")
        self._follow_mood()

    def _camera_ended(self, reason: str) -> None:
        self.camera_worker = None
        if self.selector.detected_source != "photo" and not self.camera_button.isChecked():
            self.preview.setPixmap(QPixmap())
            self.preview.setText(f"{reason}\n\nNo camera? Use File ▸ Open photo… or pick a mood with keys 1–7.")
        self.status_line.setText(reason)

    def _show_mood(self, confidence: float = 0.0) -> None:
        mood = self.selector.mood
        self.mood_panel.show_mood(mood, 1.0 if self.selector.override else confidence, self.selector.source)
        if self.tray:
            self.tray.setToolTip(f"Emotion Symphony — {mood}")

    def set_override(self, mood: str | None) -> None:
        """Follow a chosen mood (None: back to the camera)."""
        self.selector.set_override(mood)
        self.override_buttons.button(0 if mood is None else EMOTIONS.index(mood) + 1).setChecked(True)
        self._show_mood()
        self._follow_mood()

    def set_strategy(self, strategy: str) -> None:
        """Match, lift or steady; re-plans the queue."""
        self.strategy = strategy
        self.strategy_choice.setCurrentText(strategy)
        self.strategy_help.setText(STRATEGY_HELP[strategy])
        self._planned_mood = None
        self._follow_mood()

    def _follow_mood(self) -> None:
        """Re-plan the queue and suggestions when the mood the music follows changes."""
        mood = self.selector.mood
        if mood == NO_FACE and self.queue:
            return  # keep the music while nobody is in view
        mood = "neutral" if mood == NO_FACE else mood
        if mood == self._planned_mood and self.queue:
            return
        self._planned_mood = mood
        self.queue = [item.track for item in self.recommender.plan(mood, self.strategy, QUEUE_LENGTH)]
        self._show_queue()
        self._show_suggestions(mood)
        if self.player and self.player.state == PLAYING and self.queue:
            self.player.set_queue(self.queue, fade=True)
        elif self.player:
            self.player.set_queue(self.queue)

    def _show_queue(self) -> None:
        self.queue_table.setRowCount(len(self.queue))
        for row, track in enumerate(self.queue):
            for column, text in enumerate((track.title, track.artist, format_time(track.duration))):
                self.queue_table.setItem(row, column, QTableWidgetItem(text))
        if not self.queue:
            self.show_message(f"No songs for this mood yet: drop some onto the window ({self.library.root})")

    def _show_suggestions(self, mood: str) -> None:
        self.suggestions.clear()
        for suggestion in self.recommender.suggestions(mood, self.strategy, SUGGESTION_COUNT):
            item = QListWidgetItem(f"{suggestion.song.artist} – {suggestion.song.title}   ({suggestion.reason})")
            item.setData(Qt.ItemDataRole.UserRole, suggestion.song.link)
            item.setToolTip(suggestion.song.link)
            self.suggestions.addItem(item)

    # ----- photo ----------------------------------------------------------------------------

    def _ask_photo(self) -> None:
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
        self.camera_button.setChecked(True)  # the photo replaces the camera until it is turned on again
        self.preview.setPixmap(QPixmap.fromImage(image).scaled(
            self.preview.size(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))
        listener = analysis.listener
        if listener is None:
            self.status_line.setText("No face found in the photo" + (" (too dark)" if analysis.too_dark else ""))
            return
        self.status_line.setText(f"Photo: {len(analysis.faces)} face(s)")
        self.mood_panel.show_probabilities(listener.probabilities)
        self.selector.set_detected(listener.emotion, "photo")
        self._show_mood(float(listener.probabilities.max()))
        self._follow_mood()

    # ----- library and drops ----------------------------------------------------------------

    def _library_scanned(self, result: ScanResult) -> None:
        self.recommender.set_tracks(result.playable)
        folders = [str(self.library.root)] + [str(self.library.folder(e)) for e in EMOTIONS]
        missing = [f for f in folders if f not in self.watcher.directories()]
        if missing:
            self.watcher.addPaths(missing)
        if result.unreadable:
            self.show_message(f"{len(result.unreadable)} file(s) in the music folder cannot be read, e.g. {Path(result.unreadable[0].path).name}")
        if result.changed or not self.queue:
            self._planned_mood = None
            self._follow_mood()

    def _library_failed(self, error: str) -> None:
        self.show_message(f"Music folder problem: {error}")

    def _ask_music_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Music folder", str(self.library.root))
        if folder:
            self.set_music_folder(folder)

    def set_music_folder(self, folder: str) -> None:
        if self.watcher.directories():
            self.watcher.removePaths(self.watcher.directories())
        self.library = MusicLibrary(folder)
        self.scanner = LibraryScanner(self.library)
        self.scanner.scanned.connect(self._library_scanned)
        self.scanner.failed.connect(self._library_failed)
        self._rescan_timer.timeout.disconnect()
        self._rescan_timer.timeout.connect(self.scanner.request)
        self.queue = []
        self.scanner.request()

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
        move = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        self.add_files(paths, emotion, move)

    def add_files(self, paths: list[str], emotion: str, move: bool = False) -> None:
        """Copy (or move) songs into an emotion folder on a worker thread, with progress."""
        progress = QProgressDialog(f"Adding songs to {emotion}…", "", 0, 0, self)
        progress.setCancelButton(None)
        progress.setMinimumDuration(500)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.bridge.add_progress.connect(lambda done, total: (progress.setMaximum(total), progress.setValue(done)))
        self._add_progress_dialog = progress

        def work() -> None:
            try:
                report = add_songs(self.library, paths, emotion, move, progress=self.bridge.add_progress.emit)
            except EmosymphonyError as error:
                report = AddReport(emotion, move, skipped=[("", str(error))])
            self.bridge.add_done.emit(report)

        threading.Thread(target=work, name="add-songs", daemon=True).start()

    def _drop_done(self, report: AddReport) -> None:
        self._add_progress_dialog.close()
        self.bridge.add_progress.disconnect()
        self.last_drop = report if report.added else None
        self.undo_action.setEnabled(self.last_drop is not None)
        self.undo_button.setVisible(self.last_drop is not None)
        details = "; ".join(f"{Path(p).name}: {why}" for p, why in report.skipped[:3])
        self.show_message(report.summary() + (f" ({details})" if details else ""), seconds=15)
        self.scanner.request()

    def undo_last_drop(self) -> None:
        if self.last_drop is None:
            return
        problems = undo_add(self.last_drop)
        self.show_message("Undone" + (f", but: {'; '.join(problems)}" if problems else f": {self.last_drop.summary()}"))
        self.last_drop = None
        self.undo_action.setEnabled(False)
        self.undo_button.hide()
        self.scanner.request()

    # ----- playback -------------------------------------------------------------------------

    def play_pause(self) -> None:
        if self._send_media_key("playpause") or self.player is None:
            return
        if self.player.state != PLAYING and not self.player.queue and self.queue:
            self.player.set_queue(self.queue)
        self.player.toggle()
        self._update_play_button()

    def next(self) -> None:
        if not self._send_media_key("next") and self.player:
            self.player.next()

    def previous(self) -> None:
        if not self._send_media_key("previous") and self.player:
            self.player.previous()

    def change_volume(self, step: float) -> None:
        if self._send_media_key("volumeup" if step > 0 else "volumedown"):
            return
        self.now_playing.volume.setValue(self.now_playing.volume.value() + int(round(step * 100)))

    def _volume_changed(self, value: float) -> None:
        if self.player:
            self.player.volume = value

    def play_queue_row(self, row: int) -> None:
        if self.player and 0 <= row < len(self.queue):
            if self.player.queue != self.queue:
                self.player.set_queue(self.queue)
            self.player.play(row)
            self._update_play_button()

    def dislike_current(self) -> None:
        if self.player and self.player.current:
            self.recommender.dislike(self.player.current)
            self.show_message(f"Will not play {self.player.current.display_name} again")
            self.player.next()

    def _track_started(self, track: Track | None) -> None:
        if track is None:  # the queue has played out: plan more for the same mood and keep going
            self.now_playing.show_track("Nothing playing", "", "", 0.0, None)
            self._planned_mood = None
            self._follow_mood()
            if self.player and self.queue:
                self.player.play(0)
        else:
            self.recommender.mark_played(track)
            self.now_playing.show_track(track.title, track.artist, track.album, track.duration,
                                        read_cover(Path(track.path)) if track.has_cover else None)
            if track in self.queue:
                self.queue_table.selectRow(self.queue.index(track))
        self._update_play_button()

    def _update_play_button(self) -> None:
        playing = self.player is not None and self.player.state == PLAYING
        self.play_button.setText("Pause" if playing else "Play")
        icon = QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(icon))

    def _tick(self) -> None:
        if self.player and self.player.current:
            self.now_playing.show_position(self.player.position, self.player.current.duration)

    def _external_toggled(self, on: bool) -> None:
        if not on:
            return
        try:
            self._media_keys = self._media_keys or MediaKeys()
        except EmosymphonyError as error:
            self.show_message(str(error))
            self.external_toggle.setChecked(False)

    def _send_media_key(self, action: str) -> bool:
        if not self.external_toggle.isChecked() or self._media_keys is None:
            return False
        self._media_keys.send(action)
        self.show_message(f"Sent media key: {action}", seconds=3)
        return True

    # ----- messages, help, closing ------------------------------------------------------------

    def show_message(self, text: str, seconds: int = 8) -> None:
        self.statusBar().showMessage(text, seconds * 1000)

    def _show_shortcuts(self) -> None:
        QMessageBox.information(self, "Keyboard shortcuts", "\n".join([
            "Space — play / pause", "Ctrl+Right / Ctrl+Left — next / previous",
            "Ctrl+Up / Ctrl+Down — volume", "1–7 — choose the mood (angry … neutral)", "0 — back to the camera",
            "Ctrl+D — skip and never play again", "Ctrl+O — open a photo", "Ctrl+Z — undo the last drop",
            "Media keys — play/pause, next, previous",
        ]))

    def _show_about(self) -> None:
        QMessageBox.about(self, "About Emotion Symphony",
                          "Emotion Symphony plays music that fits — or gently lifts — the mood on your face.\n\n"
                          "The camera picture is analysed on this computer only: nothing is stored or sent anywhere.")

    def closeEvent(self, event) -> None:  # noqa: N802
        self._save_settings()
        self._clock.stop()
        self.stop_camera()
        self.loader.wait(5000)
        if self.player:
            self.player.close()
            self.player = None
        if self.tray:
            self.tray.hide()
        super().closeEvent(event)
