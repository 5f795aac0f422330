"""The window's parts: mood panel, now-playing area, and the emotion drop targets."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, QRect, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from ..emotions import EMOTIONS, NO_FACE

MOOD_COLOURS = {
    "angry": "#d64541",
    "disgust": "#7d9a3a",
    "fear": "#8e5ea2",
    "happy": "#f2b90f",
    "sad": "#3f7fbf",
    "surprise": "#f07f2e",
    "neutral": "#8a9099",
    NO_FACE: "#c8ccd2",
}


def format_time(seconds: float) -> str:
    seconds = max(int(seconds), 0)
    return f"{seconds // 60}:{seconds % 60:02d}"


class MoodPanel(QWidget):
    """The current mood (name and colour), its confidence and source, and seven live probability bars."""

    def __init__(self) -> None:
        super().__init__()
        self.swatch = QLabel()
        self.swatch.setFixedSize(44, 44)
        self.name = QLabel("—")
        font = QFont()
        font.setPointSize(20)
        font.setBold(True)
        self.name.setFont(font)
        self.detail = QLabel("")
        self.detail.setWordWrap(True)
        header = QHBoxLayout()
        header.addWidget(self.swatch)
        titles = QVBoxLayout()
        titles.addWidget(self.name)
        titles.addWidget(self.detail)
        header.addLayout(titles, 1)
        grid = QGridLayout()
        self.bars: dict[str, QProgressBar] = {}
        for row, emotion in enumerate(EMOTIONS):
            bar = QProgressBar()
            bar.setFixedHeight(16)
            bar.setRange(0, 100)
            bar.setTextVisible(True)
            bar.setFormat("%p%")
            bar.setStyleSheet(f"QProgressBar::chunk {{ background: {MOOD_COLOURS[emotion]}; }}")
            grid.addWidget(QLabel(emotion), row, 0)
            grid.addWidget(bar, row, 1)
            self.bars[emotion] = bar
        grid.setVerticalSpacing(2)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(grid)
        self.show_mood(NO_FACE, 0.0, "camera")

    def show_mood(self, mood: str, confidence: float, source: str) -> None:
        label = "no face" if mood == NO_FACE else mood
        self.name.setText(label.capitalize())
        self.swatch.setStyleSheet(f"background: {MOOD_COLOURS.get(mood, '#ccc')}; border-radius: 22px;")
        self.detail.setText(f"from the {source}" + (f", {confidence:.0%} sure" if mood != NO_FACE else ""))

    def show_probabilities(self, probabilities: np.ndarray | None) -> None:
        for i, emotion in enumerate(EMOTIONS):
            self.bars[emotion].setValue(0 if probabilities is None else int(round(100 * float(probabilities[i]))))


class NowPlaying(QWidget):
    """Cover art, title, artist and album, a position slider that seeks, times, and volume."""

    seek_requested = Signal(float)
    volume_changed = Signal(float)

    def __init__(self) -> None:
        super().__init__()
        self.cover = QLabel()
        self.cover.setFixedSize(96, 96)
        self.cover.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.cover.setStyleSheet("background: #e6e8eb; border-radius: 6px;")
        self.title = QLabel("Nothing playing")
        bold = QFont()
        bold.setBold(True)
        self.title.setFont(bold)
        self.artist = QLabel("")
        self.album = QLabel("")
        self.position = QSlider(Qt.Orientation.Horizontal)
        self.position.setRange(0, 0)
        self.position.sliderReleased.connect(lambda: self.seek_requested.emit(self.position.value() / 1000))
        self.elapsed = QLabel("0:00 / 0:00")
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(0, 100)
        self.volume.setFixedWidth(110)
        self.volume.setToolTip("Volume (Ctrl+Up / Ctrl+Down)")
        self.volume.valueChanged.connect(lambda value: self.volume_changed.emit(value / 100))
        texts = QVBoxLayout()
        for widget in (self.title, self.artist, self.album):
            texts.addWidget(widget)
        times = QHBoxLayout()
        times.addWidget(self.position, 1)
        times.addWidget(self.elapsed)
        times.addWidget(QLabel("Volume"))
        times.addWidget(self.volume)
        texts.addLayout(times)
        layout = QHBoxLayout(self)
        layout.addWidget(self.cover)
        layout.addLayout(texts, 1)

    def show_track(self, title: str, artist: str, album: str, duration: float, cover: bytes | None) -> None:
        self.title.setText(title)
        self.artist.setText(artist)
        self.album.setText(album)
        self.position.setRange(0, int(duration * 1000))
        pixmap = QPixmap()
        if cover and pixmap.loadFromData(cover):
            self.cover.setPixmap(pixmap.scaled(96, 96, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))
        else:
            self.cover.setPixmap(QPixmap())
            self.cover.setText("♪")

    def show_position(self, seconds: float, duration: float) -> None:
        if not self.position.isSliderDown():
            self.position.setValue(int(seconds * 1000))
        self.elapsed.setText(f"{format_time(seconds)} / {format_time(duration)}")


class DropTargets(QWidget):
    """Seven tiles, one per emotion, shown over the window while files are dragged onto it."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hovered: str | None = None
        self.hide()

    def tiles(self) -> dict[str, QRect]:
        """Where each emotion's tile is, in this widget's coordinates."""
        columns = 4
        margin = 24
        width = (self.width() - margin * (columns + 1)) // columns
        height = (self.height() - margin * 3) // 2
        rects = {}
        for i, emotion in enumerate(EMOTIONS):
            row, column = divmod(i, columns)
            rects[emotion] = QRect(margin + column * (width + margin), margin + row * (height + margin), width, height)
        return rects

    def emotion_at(self, point: QPoint) -> str | None:
        return next((emotion for emotion, rect in self.tiles().items() if rect.contains(point)), None)

    def hover(self, point: QPoint) -> None:
        self.hovered = self.emotion_at(point)
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(20, 22, 26, 200))
        font = painter.font()
        font.setPointSize(16)
        font.setBold(True)
        painter.setFont(font)
        for emotion, rect in self.tiles().items():
            colour = QColor(MOOD_COLOURS[emotion])
            colour.setAlpha(255 if emotion == self.hovered else 170)
            painter.setBrush(colour)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRoundedRect(rect, 14, 14)
            painter.setPen(QColor("white"))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, f"{emotion}\n(Shift: move)")
        painter.end()
