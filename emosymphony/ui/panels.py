"""The window's panels: the camera with its controls, and the queue with its empty state."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..tracks import QueueItem
from .style import GAP, TITLE, font, mood_dot, spaced
from .widgets import format_time

CAMERA_NUMBERS = ("0", "1", "2")
OTHER_SOURCE = "Video file or image folder…"


class CameraPanel(QWidget):
    """The live preview (or a photo), which camera to use, camera on/off, Open photo, and a status line."""

    camera_chosen = Signal(str)
    other_source_requested = Signal()
    camera_switched = Signal(bool)  # True: on
    photo_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(320, 240)
        self.preview.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.preview.setStyleSheet("background: #1d1f23; color: #e8e8e8;")  # a camera's frame: dark in either theme
        self.preview.setFont(font(TITLE))
        self.preview.setWordWrap(True)
        self.preview.setAccessibleName("Camera preview")
        self.choice = QComboBox()
        self.choice.setAccessibleName("Camera source (a camera, a video file or a folder of images)")
        self.choice.setToolTip("Which camera to watch, or a video file or image folder to use as the camera")
        self.choice.activated.connect(self._chosen)
        self.switch = QPushButton("Turn camera off")
        self.switch.setCheckable(True)
        self.switch.setAccessibleName("Camera on or off")
        self.switch.toggled.connect(self._toggled)
        self.photo = QPushButton("Open photo…")
        self.photo.setAccessibleName("Open photo")
        self.photo.clicked.connect(self.photo_requested)
        self.status = QLabel("")
        self.status.setAccessibleName("Camera status")
        row = spaced(QHBoxLayout())
        label = QLabel("&Camera")
        label.setBuddy(self.choice)
        row.addWidget(label)
        row.addWidget(self.choice, 1)
        row.addWidget(self.switch)
        row.addWidget(self.photo)
        layout = spaced(QVBoxLayout(self))
        layout.addWidget(self.preview, 1)
        layout.addLayout(row)
        layout.addWidget(self.status)

    @property
    def is_on(self) -> bool:
        return not self.switch.isChecked()

    def set_on(self, on: bool) -> None:
        self.switch.setChecked(not on)

    def show_source(self, spec: str) -> None:
        """List the camera numbers, `spec` if it is a file or folder, and the entry that asks for one."""
        self.choice.blockSignals(True)
        self.choice.clear()
        for number in CAMERA_NUMBERS:
            self.choice.addItem(f"Camera {number}", number)
        if spec not in CAMERA_NUMBERS:
            self.choice.addItem(f"Camera {spec}" if spec.isdigit() else Path(spec).name or spec, spec)
        self.choice.addItem(OTHER_SOURCE, None)
        self.choice.setCurrentIndex(self.choice.findData(spec))
        self.choice.blockSignals(False)

    def show_text(self, text: str) -> None:
        self.preview.setPixmap(QPixmap())
        self.preview.setText(text)

    def show_image(self, image: QImage, smooth: bool = False) -> None:
        mode = Qt.TransformationMode.SmoothTransformation if smooth else Qt.TransformationMode.FastTransformation
        self.preview.setPixmap(QPixmap.fromImage(image).scaled(self.preview.size(), Qt.AspectRatioMode.KeepAspectRatio, mode))

    def _chosen(self, index: int) -> None:
        spec = self.choice.itemData(index)
        if spec is None:
            self.other_source_requested.emit()
        else:
            self.camera_chosen.emit(spec)

    def _toggled(self, off: bool) -> None:
        self.switch.setText("Turn camera on" if off else "Turn camera off")
        self.camera_switched.emit(not off)


class QueuePanel(QStackedWidget):
    """The upcoming songs with why each was picked; an empty library shows where the folders are and how to fill them."""

    row_activated = Signal(int)
    open_folder_requested = Signal()
    add_songs_requested = Signal()
    starter_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Title", "Artist", "Why"])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, header.ResizeMode.Stretch)
        header.setSectionResizeMode(2, header.ResizeMode.Stretch)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)  # one line a song; the whole text is in the tooltip
        self.table.setTabKeyNavigation(False)  # Tab leaves the table instead of walking its cells
        self.table.verticalHeader().hide()
        self.table.setAccessibleName("Upcoming songs")
        self.table.cellActivated.connect(lambda row, _: self.row_activated.emit(row))
        self.table.cellDoubleClicked.connect(lambda row, _: self.row_activated.emit(row))
        self.empty_text = QLabel()
        self.empty_text.setWordWrap(True)
        self.empty_text.setTextFormat(Qt.TextFormat.PlainText)
        self.empty_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.open_button = QPushButton("Open music folder")
        self.open_button.clicked.connect(self.open_folder_requested)
        self.add_button = QPushButton("Add songs…")
        self.add_button.clicked.connect(self.add_songs_requested)
        self.starter_button = QPushButton()
        self.starter_button.setAccessibleName("Start with free music")
        self.starter_button.clicked.connect(self.starter_requested)
        self.starter_button.hide()
        buttons = spaced(QHBoxLayout())
        buttons.addStretch(1)
        buttons.addWidget(self.starter_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        empty = QWidget()
        empty.setAccessibleName("No songs yet")
        empty_layout = spaced(QVBoxLayout(empty), margin=GAP * 2, spacing=GAP * 2)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_text)
        empty_layout.addLayout(buttons)
        empty_layout.addStretch(1)
        self.empty = empty
        self.addWidget(self.table)
        self.addWidget(empty)

    @property
    def showing_empty_state(self) -> bool:
        return self.currentWidget() is self.empty

    def show_queue(self, upcoming: list[QueueItem] | tuple[QueueItem, ...]) -> None:
        self.setCurrentWidget(self.table)
        self.table.setRowCount(len(upcoming))
        for row, item in enumerate(upcoming):
            track = item.track
            for column, text in enumerate((track.title, track.artist, item.reason)):
                cell = QTableWidgetItem(text)
                if column == 0:
                    cell.setIcon(mood_dot(track.emotion))
                cell.setToolTip("\n".join(line for line in (f"{track.display_name} ({format_time(track.duration)})",
                                                             item.reason, item.detail) if line))
                self.table.setItem(row, column, cell)

    def show_empty_library(self, root: Path, free_songs: int = 0) -> None:
        """The empty state; `free_songs`: how many starter songs can be added (0: no offer)."""
        self.starter_button.setText(f"Start with free music ({free_songs} songs)")
        self.starter_button.setVisible(free_songs > 0)
        self.empty_text.setText(
            "No songs yet.\n\nEmotion Symphony plays your own music from one folder per mood:\n"
            f"{root}\n(angry, disgust, fear, happy, sad, surprise, neutral)\n\n"
            "Drop songs onto this window, or add them here."
        )
        self.setCurrentWidget(self.empty)
