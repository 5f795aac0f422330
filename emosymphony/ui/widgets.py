"""The window's parts: mood panel, now-playing area, and the emotion drop targets."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSizePolicy,
    QSlider,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..emotions import EMOTIONS, MOOD_COLOURS, NO_FACE

def format_time(seconds: float) -> str:
    seconds = max(int(seconds), 0)
    return f"{seconds // 60}:{seconds % 60:02d}"


class MoodPanel(QWidget):
    """The mood the music follows (name, colour, where it comes from) and the camera's seven probability bars."""

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
        self.bars_caption = QLabel("")
        self.bars_caption.setWordWrap(True)
        header = QHBoxLayout()
        header.addWidget(self.swatch)
        titles = QVBoxLayout()
        titles.addWidget(self.name)
        titles.addWidget(self.detail)
        header.addLayout(titles, 1)
        grid = QGridLayout()
        self.bars_box = QWidget()
        self.bars_box.setLayout(grid)
        self.bars: dict[str, QProgressBar] = {}
        for row, emotion in enumerate(EMOTIONS):
            bar = QProgressBar()
            bar.setFixedHeight(16)
            bar.setRange(0, 100)
            bar.setTextVisible(True)
            bar.setFormat("%p%")
            bar.setStyleSheet(f"QProgressBar::chunk {{ background: {MOOD_COLOURS[emotion]}; }}")
            bar.setAccessibleName(f"camera's {emotion} probability")
            grid.addWidget(QLabel(emotion), row, 0)
            grid.addWidget(bar, row, 1)
            self.bars[emotion] = bar
        grid.setVerticalSpacing(2)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.bars_caption)
        layout.addWidget(self.bars_box)
        self.show_mood(NO_FACE, 0.0, "camera")

    def show_mood(self, mood: str, confidence: float, source: str, note: str = "", heading: str = "") -> None:
        """The mood the music follows; `note` replaces the usual detail, `heading` the name of the state when
        there is no mood (e.g. "Camera off", "Video ended")."""
        if heading and mood == NO_FACE and source != "manual":
            label = heading
        elif mood == NO_FACE:
            label = "No face in the photo" if source == "photo" else "No one in view"
        else:
            label = mood.capitalize()
        self.name.setText(label)
        self.swatch.setStyleSheet(f"background: {MOOD_COLOURS.get(mood, '#ccc')}; border-radius: 22px;")
        if note:
            detail = note
        elif source == "manual":
            detail = "chosen by you (0 returns to the camera)"
        elif mood == NO_FACE:
            detail = "open another photo, or pick a mood with keys 1–7" if source == "photo" else "the music goes on"
        else:
            detail = f"from the {source}, {confidence:.0%} sure"
        self.detail.setText(detail)
        self.bars_box.setEnabled(source != "manual")
        self.bars_caption.setText("The camera's reading (not followed while you choose the mood)" if source == "manual"
                                  else f"The {'photo' if source == 'photo' else 'camera'}'s reading")

    def show_probabilities(self, probabilities: np.ndarray | None) -> None:
        """The live bars; None empties them (no face, camera ended)."""
        for i, emotion in enumerate(EMOTIONS):
            self.bars[emotion].setValue(0 if probabilities is None else int(round(100 * float(probabilities[i]))))


class SeekSlider(QSlider):
    """A position slider that seeks where it is clicked, and by 5 s (arrows) or 30 s (Page keys)."""

    seek_requested = Signal(float)

    def __init__(self) -> None:
        super().__init__(Qt.Orientation.Horizontal)
        self.setRange(0, 0)
        self.setSingleStep(5000)
        self.setPageStep(30000)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Position in the song")
        self.actionTriggered.connect(self._moved_by_key_or_click)
        self.sliderReleased.connect(lambda: self.seek_requested.emit(self.value() / 1000))

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if event.button() == Qt.MouseButton.LeftButton and self.maximum() > 0:
            value = QStyle.sliderValueFromPosition(self.minimum(), self.maximum(), int(event.position().x()), self.width())
            self.setValue(value)
            self.seek_requested.emit(value / 1000)
            event.accept()
            return
        super().mousePressEvent(event)

    def _moved_by_key_or_click(self, action: int) -> None:
        if action != QSlider.SliderAction.SliderMove:  # dragging seeks on release
            self.seek_requested.emit(self.sliderPosition() / 1000)


class ElidedLabel(QLabel):
    """One line of text that gives way to the layout: cut with "…" where the room ends (the whole text in its
    tooltip), so a long title never widens the window."""

    def __init__(self, text: str = "") -> None:
        super().__init__(text)
        self.setTextFormat(Qt.TextFormat.PlainText)  # tags are text, never markup
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def setText(self, text: str) -> None:  # noqa: N802
        super().setText(text)
        self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(0, super().minimumSizeHint().height())

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        room = self.contentsRect()
        shown = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, room.width())
        self.style().drawItemText(painter, room, int(self.alignment()), self.palette(), self.isEnabled(), shown,
                                  self.foregroundRole())


class NowPlaying(QWidget):
    """Cover art, title, artist and album, a position slider that seeks, times, and volume."""

    seek_requested = Signal(float)
    volume_changed = Signal(float)
    like_toggled = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        self.heart = QToolButton()
        self.heart.setText("♡")
        self.heart.setCheckable(True)
        self.heart.setEnabled(False)
        self.heart.setToolTip("Like this song (Ctrl+L): it comes back more often in this mood")
        self.heart.setAccessibleName("Like this song")
        self.heart.toggled.connect(lambda on: self.heart.setText("♥" if on else "♡"))
        self.heart.clicked.connect(self.like_toggled)
        self.cover = QLabel()
        self.cover.setFixedSize(96, 96)
        self.cover.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.cover.setStyleSheet("background: #e6e8eb; border-radius: 6px;")
        self.title = ElidedLabel("Nothing playing")
        bold = QFont()
        bold.setBold(True)
        self.title.setFont(bold)
        self.artist = ElidedLabel()
        self.album = ElidedLabel()
        self.reason = ElidedLabel()
        self.reason.setStyleSheet("color: #666;")
        self.credit = ElidedLabel()
        self.credit.setStyleSheet("color: #666; font-size: small;")
        for label in (self.title, self.artist, self.album, self.reason, self.credit):
            label.setTextFormat(Qt.TextFormat.PlainText)  # tags are text, never markup
        self.position = SeekSlider()
        self.position.seek_requested.connect(self.seek_requested)
        self.elapsed = QLabel("0:00 / 0:00")
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(0, 100)
        self.volume.setFixedWidth(110)
        self.volume.setToolTip("Volume (Ctrl+Up / Ctrl+Down)")
        self.volume.setAccessibleName("Volume")
        self.volume.valueChanged.connect(lambda value: self.volume_changed.emit(value / 100))
        texts = QVBoxLayout()
        title_row = QHBoxLayout()
        title_row.addWidget(self.title, 1)
        title_row.addWidget(self.heart)
        texts.addLayout(title_row)
        for widget in (self.artist, self.album, self.reason, self.credit):
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

    def show_track(self, title: str, artist: str, album: str, duration: float, cover: bytes | None, reason: str = "",
                   liked: bool | None = None, credit: str = "") -> None:
        """`liked`: whether the listener likes the song (None: nothing playing, the heart is off); `credit`: the
        licence and source of free music."""
        self.title.setText(title)
        self.credit.setText(credit)
        self.heart.setEnabled(liked is not None)
        self.show_liked(bool(liked))
        self.artist.setText(artist)
        self.album.setText(album)
        self.reason.setText(f"Why: {reason}" if reason else "")
        self.position.setRange(0, int(duration * 1000))
        pixmap = QPixmap()
        if cover and pixmap.loadFromData(cover):
            self.cover.setPixmap(pixmap.scaled(96, 96, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))
        else:
            self.cover.setPixmap(QPixmap())
            self.cover.setText("♪")

    def show_liked(self, liked: bool) -> None:
        self.heart.blockSignals(True)
        self.heart.setChecked(liked)
        self.heart.setText("♥" if liked else "♡")
        self.heart.blockSignals(False)

    def show_position(self, seconds: float, duration: float) -> None:
        if not self.position.isSliderDown():
            self.position.setValue(int(seconds * 1000))
        self.elapsed.setText(f"{format_time(seconds)} / {format_time(duration)}")


SORT_TILE = "sort for me"
"""The eighth drop target: the songs' sound proposes each one's folder (a dialog shows the proposals)."""


class DropTargets(QWidget):
    """Seven tiles, one per emotion, and "sort for me", shown over the window while files are dragged onto it."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hovered: str | None = None
        self.hide()

    def tiles(self) -> dict[str, QRect]:
        """Where each tile is (by emotion, or SORT_TILE), in this widget's coordinates."""
        columns = 4
        margin = 24
        width = (self.width() - margin * (columns + 1)) // columns
        height = (self.height() - margin * 3) // 2
        rects = {}
        for i, emotion in enumerate((*EMOTIONS, SORT_TILE)):
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
            colour = QColor(MOOD_COLOURS.get(emotion, "#4a6fa5"))
            colour.setAlpha(255 if emotion == self.hovered else 170)
            painter.setBrush(colour)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRoundedRect(rect, 14, 14)
            painter.setPen(QColor("white"))
            hint = "by how they sound" if emotion == SORT_TILE else "(Shift: move)"
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, f"{emotion}\n{hint}")
        painter.end()
