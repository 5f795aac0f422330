"""The window's parts: mood panel, now-playing area, and the emotion drop targets."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPalette, QPen, QPixmap
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

from ..emotions import EMOTIONS, NO_FACE
from .style import CAPTION, COVER_SIZE, GAP, HEADLINE, LIKED_COLOUR, ROOM, TIGHT, TITLE, font, mood_colour, \
    secondary, spaced, text_on

def format_time(seconds: float) -> str:
    seconds = max(int(seconds), 0)
    return f"{seconds // 60}:{seconds % 60:02d}"


class MoodPanel(QWidget):
    """The mood the music follows (name, colour, where it comes from) and the camera's seven probability bars."""

    def __init__(self) -> None:
        super().__init__()
        self.swatch = QLabel()
        self.swatch.setFixedSize(48, 48)
        self.name = QLabel("—")
        self.name.setFont(font(HEADLINE, bold=True))
        self.detail = QLabel("")
        self.detail.setWordWrap(True)
        self.bars_caption = QLabel("")
        self.bars_caption.setWordWrap(True)
        self.bars_caption.setFont(font(CAPTION))
        secondary(self.bars_caption)
        header = spaced(QHBoxLayout(), spacing=ROOM)
        header.addWidget(self.swatch)
        titles = spaced(QVBoxLayout(), spacing=0)
        titles.addWidget(self.name)
        titles.addWidget(self.detail)
        header.addLayout(titles, 1)
        grid = spaced(QGridLayout(), spacing=TIGHT)
        grid.setHorizontalSpacing(GAP)
        self.bars_box = QWidget()
        self.bars_box.setLayout(grid)
        self.bars: dict[str, QProgressBar] = {}
        for row, emotion in enumerate(EMOTIONS):
            bar = QProgressBar()
            bar.setFixedHeight(16)
            bar.setRange(0, 100)
            bar.setTextVisible(True)
            bar.setFormat("%p%")
            bar.setAccessibleName(f"camera's {emotion} probability")
            grid.addWidget(QLabel(emotion), row, 0)
            grid.addWidget(bar, row, 1)
            self.bars[emotion] = bar
        self._style_bars()
        layout = spaced(QVBoxLayout(self))
        layout.addLayout(header)
        layout.addWidget(self.bars_caption)
        layout.addWidget(self.bars_box)
        self.show_mood(NO_FACE, 0.0, "camera")

    def _style_bars(self) -> None:
        """Each bar in its mood's colour, on the theme's base colour."""
        palette = self.palette()
        for emotion, bar in self.bars.items():
            bar.setStyleSheet(
                f"QProgressBar {{ background: {palette.color(QPalette.ColorRole.Base).name()}; border-radius: 4px;"
                f" border: 1px solid {palette.color(QPalette.ColorRole.Mid).name()}; text-align: center; }}"
                f" QProgressBar::chunk {{ background: {mood_colour(emotion).name()}; border-radius: 3px; }}")

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() == QEvent.Type.PaletteChange:  # the system's theme turned light or dark
            self._style_bars()
        super().changeEvent(event)

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
        self.swatch.setStyleSheet(f"background: {mood_colour(mood).name()}; border-radius: 24px;")
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
        self.heart.setCheckable(True)
        self.heart.setAutoRaise(True)
        self.heart.setFont(font(HEADLINE))
        self.heart.setFixedSize(48, 48)
        self.heart.setEnabled(False)
        self.heart.setToolTip("Like this song (Ctrl+L): it comes back more often in this mood")
        self.heart.setAccessibleName("Like this song")
        self.heart.toggled.connect(self.show_liked)
        self.heart.clicked.connect(self.like_toggled)
        self.cover = QLabel()
        self.cover.setFixedSize(COVER_SIZE, COVER_SIZE)
        self.cover.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.cover.setFont(font(HEADLINE))
        self.cover.setAccessibleName("Cover")
        self.title = ElidedLabel("Nothing playing")
        self.title.setFont(font(TITLE, bold=True))
        self.artist = ElidedLabel()
        self.album = ElidedLabel()
        self.reason = ElidedLabel()
        secondary(self.reason)
        self.credit = ElidedLabel()
        self.credit.setFont(font(CAPTION))
        secondary(self.credit)
        self.position = SeekSlider()
        self.position.setMinimumWidth(160)  # a bar, never just its handle
        self.position.seek_requested.connect(self.seek_requested)
        self.elapsed = QLabel("0:00 / 0:00")
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(0, 100)
        self.volume.setFixedWidth(112)
        self.volume.setToolTip("Volume (Ctrl+Up / Ctrl+Down)")
        self.volume.setAccessibleName("Volume")
        self.volume.valueChanged.connect(lambda value: self.volume_changed.emit(value / 100))
        texts = spaced(QVBoxLayout(), spacing=0)
        title_row = spaced(QHBoxLayout())
        title_row.addWidget(self.title, 1)
        title_row.addWidget(self.heart)
        texts.addLayout(title_row)
        for widget in (self.artist, self.album, self.reason, self.credit):
            texts.addWidget(widget)
        times = spaced(QHBoxLayout())
        times.addWidget(self.position, 1)
        times.addWidget(self.elapsed)
        times.addWidget(QLabel("Volume"))
        times.addWidget(self.volume)
        texts.addSpacing(TIGHT)
        texts.addLayout(times)
        layout = spaced(QHBoxLayout(self), spacing=ROOM)
        layout.addWidget(self.cover, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(texts, 1)
        self.show_liked(False)

    def show_track(self, title: str, artist: str, album: str, duration: float, cover: bytes | None, reason: str = "",
                   liked: bool | None = None, credit: str = "", mood: str = NO_FACE) -> None:
        """`liked`: whether the listener likes the song (None: nothing playing, the heart is off); `credit`: the
        licence and source of free music; `mood`: the song's, whose colour stands in for a missing cover."""
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
            self.cover.setStyleSheet("")
            self.cover.setPixmap(pixmap.scaled(COVER_SIZE, COVER_SIZE, Qt.AspectRatioMode.KeepAspectRatio,
                                               Qt.TransformationMode.SmoothTransformation))
        else:
            colour = mood_colour(mood)
            self.cover.setPixmap(QPixmap())
            self.cover.setStyleSheet(f"background: {colour.name()}; color: {text_on(colour).name()}; border-radius: 8px;")
            self.cover.setText("♪")

    def show_liked(self, liked: bool) -> None:
        """A filled red heart for a liked song, an outline otherwise."""
        self.heart.blockSignals(True)
        self.heart.setChecked(liked)
        self.heart.setText("♥" if liked else "♡")
        self.heart.setStyleSheet(f"color: {LIKED_COLOUR};" if liked else "")
        self.heart.blockSignals(False)

    def show_position(self, seconds: float, duration: float) -> None:
        if not self.position.isSliderDown():
            self.position.setValue(int(seconds * 1000))
        self.elapsed.setText(f"{format_time(seconds)} / {format_time(duration)}")


SORT_COLOUR = "#3d4451"
"""The "sort for me" tile: slate, apart from every mood's colour."""
SORT_TILE = "sort for me"
"""The eighth drop target: the songs' sound proposes each one's folder (a dialog shows the proposals)."""


class DropTargets(QWidget):
    """Seven tiles, one per emotion, and "sort for me", shown over the window while files are dragged onto it."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hovered: str | None = None
        self.hide()

    HINT = "Drop on a mood to copy the songs into its folder · hold Shift to move them instead"

    def tiles(self) -> dict[str, QRect]:
        """Where each tile is (by emotion, or SORT_TILE), in this widget's coordinates, below the hint."""
        columns, margin, top = 4, 3 * GAP, self.fontMetrics().height() * 2 + 3 * GAP
        width = (self.width() - margin * (columns + 1)) // columns
        height = (self.height() - top - margin * 2) // 2
        rects = {}
        for i, emotion in enumerate((*EMOTIONS, SORT_TILE)):
            row, column = divmod(i, columns)
            rects[emotion] = QRect(margin + column * (width + margin), top + row * (height + margin), width, height)
        return rects

    def emotion_at(self, point: QPoint) -> str | None:
        return next((emotion for emotion, rect in self.tiles().items() if rect.contains(point)), None)

    def hover(self, point: QPoint) -> None:
        self.hovered = self.emotion_at(point)
        self.update()

    def tile_colours(self, emotion: str) -> tuple[QColor, QColor]:
        """A tile's fill (its mood's colour) and text colour (black or white, whichever reads better on it)."""
        fill = QColor(SORT_COLOUR) if emotion == SORT_TILE else mood_colour(emotion)
        return fill, text_on(fill)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(20, 22, 26, 220))
        painter.setPen(QColor("white"))
        painter.setFont(font(TITLE))
        painter.drawText(self.rect().adjusted(3 * GAP, 3 * GAP, -3 * GAP, 0),
                         Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, self.HINT)
        for emotion, rect in self.tiles().items():
            fill, ink = self.tile_colours(emotion)
            painter.setBrush(fill)
            painter.setPen(QPen(QColor("white"), 4) if emotion == self.hovered else Qt.PenStyle.NoPen)
            painter.drawRoundedRect(rect.adjusted(2, 2, -2, -2), 16, 16)
            painter.setPen(ink)
            painter.setFont(font(HEADLINE, bold=True))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, emotion)
            if emotion == SORT_TILE:
                painter.setFont(font(TITLE))
                painter.drawText(rect.adjusted(0, 0, 0, -ROOM), Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                                 "by how they sound")
        painter.end()
