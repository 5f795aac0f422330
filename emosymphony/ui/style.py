"""The window's look in one place: a spacing grid, a type scale, the mood palette, and the system's light or dark
theme followed while the program runs."""

from __future__ import annotations

from PySide6.QtCore import QObject, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication, QLayout, QWidget

from ..emotions import MOOD_COLOURS, NO_FACE

GRID = 4
"""Every margin and gap is a multiple of this many pixels."""
TIGHT, GAP, ROOM = GRID, 2 * GRID, 4 * GRID
"""Between parts of one control, between controls, around groups."""

TYPE_RATIO = 1.25
"""Each step of the type scale is this much larger than the one below (a major third)."""
CAPTION, BODY, TITLE, HEADLINE = -1, 0, 1, 3
"""Steps of the type scale: small print, text, a song's title, the mood's name."""

QUIET_SHARE = 0.62
"""How much of the text's colour secondary text keeps (the rest is the window's)."""
LIKED_COLOUR = "#e0245e"
"""The heart of a liked song."""
COVER_SIZE = 96
"""Cover art (or the mood colour standing in for it) is shown this many pixels square."""


def font(step: int, bold: bool = False) -> QFont:
    """The application's font at `step` of the type scale."""
    chosen = QFont(QGuiApplication.font())
    chosen.setPointSizeF(QGuiApplication.font().pointSizeF() * TYPE_RATIO**step)
    chosen.setBold(bold)
    return chosen


def spaced(layout: QLayout, margin: int = 0, spacing: int = GAP) -> QLayout:
    """`layout` on the grid: `margin` around it and `spacing` between its items."""
    layout.setContentsMargins(margin, margin, margin, margin)
    layout.setSpacing(spacing)
    return layout


def secondary(widget: QWidget) -> None:
    """Text that supports the main text: the palette's quieter colour, in a light or dark theme alike."""
    widget.setForegroundRole(QPalette.ColorRole.PlaceholderText)


def mood_colour(mood: str) -> QColor:
    return QColor(MOOD_COLOURS.get(mood, MOOD_COLOURS[NO_FACE]))


def _luminance(colour: QColor) -> float:
    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(colour.redF()) + 0.7152 * linear(colour.greenF()) + 0.0722 * linear(colour.blueF())


def contrast(first: QColor, second: QColor) -> float:
    """WCAG 2 contrast ratio (1 .. 21; 4.5 is enough for text) of `first` drawn over `second`."""
    alpha = first.alphaF()
    first = QColor.fromRgbF(*(alpha * a + (1 - alpha) * b for a, b in zip(first.getRgbF()[:3], second.getRgbF()[:3])))
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_on(background: QColor) -> QColor:
    """Black or white, whichever reads better on `background`."""
    black, white = QColor("black"), QColor("white")
    return black if contrast(black, background) >= contrast(white, background) else white


def mood_dot(mood: str, size: int = 12) -> QIcon:
    """A round swatch of the mood's colour, for buttons and list rows."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(mood_colour(mood))
    painter.drawEllipse(QRectF(0.5, 0.5, size - 1, size - 1))
    painter.end()
    return QIcon(pixmap)


def dark_palette() -> QPalette:
    """A dark palette for styles that have none of their own."""
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#202226", QPalette.ColorRole.WindowText: "#e8e9eb",
        QPalette.ColorRole.Base: "#17181b", QPalette.ColorRole.AlternateBase: "#24262a",
        QPalette.ColorRole.Text: "#e8e9eb", QPalette.ColorRole.Button: "#2c2f34",
        QPalette.ColorRole.ButtonText: "#e8e9eb", QPalette.ColorRole.ToolTipBase: "#2c2f34",
        QPalette.ColorRole.ToolTipText: "#e8e9eb",
        QPalette.ColorRole.Highlight: "#3f7fbf", QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#7fb2e5", QPalette.ColorRole.BrightText: "#ffffff",
        QPalette.ColorRole.Light: "#3a3d43", QPalette.ColorRole.Midlight: "#33363b",
        QPalette.ColorRole.Mid: "#2a2c30", QPalette.ColorRole.Dark: "#141518", QPalette.ColorRole.Shadow: "#000000",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7b8088"))
    return palette


def quiet(palette: QPalette) -> QColor:
    """The colour of secondary text: between the text and the window's colour, still readable (contrast ≥ 4.5)."""
    text, window = palette.color(QPalette.ColorRole.WindowText), palette.color(QPalette.ColorRole.Window)
    share = QUIET_SHARE
    return QColor.fromRgbF(*(share * t + (1 - share) * w for t, w in zip(text.getRgbF()[:3], window.getRgbF()[:3])))


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


class ThemeFollower(QObject):
    """Keeps the application's palette with the system's colour scheme: the platform's own palette, or a dark
    one when the system says dark and the platform's palette is light (a desktop without a dark style)."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        app.styleHints().colorSchemeChanged.connect(self._system_changed)
        self._system_changed()

    def _system_changed(self) -> None:
        """The scheme is read here: PySide6 cannot convert the one colorSchemeChanged passes (its slot would fail)."""
        self.follow(self._app.styleHints().colorScheme())

    def follow(self, scheme: Qt.ColorScheme) -> None:
        """Use the palette for `scheme`."""
        self._app.setPalette(QPalette())  # the platform's palette, which may already be dark
        palette = QPalette(self._app.palette())
        if scheme == Qt.ColorScheme.Dark and not is_dark(palette):
            palette = dark_palette()
        palette.setColor(QPalette.ColorRole.PlaceholderText, quiet(palette))
        self._app.setPalette(palette)


def follow_system_theme(app: QApplication) -> None:
    """Start following the system's light or dark theme (once per application)."""
    if app.findChild(ThemeFollower) is None:
        ThemeFollower(app)
