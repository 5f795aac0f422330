"""The window's look: the grid, the type scale, readable colours, and following the system's light or dark theme."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from emosymphony.emotions import MOOD_COLOURS
from emosymphony.ui.style import TYPE_RATIO, ThemeFollower, contrast, font, is_dark, text_on
from emosymphony.ui.widgets import SORT_COLOUR


def test_contrast_is_the_wcag_ratio(qapp):
    assert contrast(QColor("black"), QColor("white")) == pytest.approx(21.0)
    assert contrast(QColor("#777777"), QColor("#777777")) == pytest.approx(1.0)
    assert contrast(QColor("white"), QColor("#767676")) == pytest.approx(4.54, abs=0.01)  # WCAG's own example
    assert contrast(QColor(0, 0, 0, 0), QColor("white")) == pytest.approx(1.0)  # see-through text is not seen


@pytest.mark.parametrize("colour", [*MOOD_COLOURS.values(), SORT_COLOUR])
def test_text_on_every_mood_colour_is_readable(qapp, colour):
    assert contrast(text_on(QColor(colour)), QColor(colour)) >= 4.5  # white on yellow would be 1.9


def test_the_type_scale_steps_by_its_ratio(qapp):
    base = QGuiApplication.font().pointSizeF()
    assert [font(step).pointSizeF() for step in (-1, 0, 1, 3)] == pytest.approx(
        [base / TYPE_RATIO, base, base * TYPE_RATIO, base * TYPE_RATIO**3])
    assert font(1, bold=True).bold() and not font(1).bold()


def test_the_palette_follows_the_scheme(qapp):
    follower = qapp.findChild(ThemeFollower) or ThemeFollower(qapp)  # the desktop's own switch: test_main_window.py
    try:
        follower.follow(Qt.ColorScheme.Dark)
        assert is_dark(qapp.palette())
        text = qapp.palette().color(QPalette.ColorRole.WindowText)
        assert contrast(text, qapp.palette().color(QPalette.ColorRole.Window)) >= 7
        assert contrast(qapp.palette().color(QPalette.ColorRole.PlaceholderText),
                        qapp.palette().color(QPalette.ColorRole.Window)) >= 4.5
        follower.follow(Qt.ColorScheme.Light)
        assert not is_dark(qapp.palette())
        assert contrast(qapp.palette().color(QPalette.ColorRole.PlaceholderText),
                        qapp.palette().color(QPalette.ColorRole.Window)) >= 4.5  # secondary text in the light theme too
    finally:
        follower.follow(Qt.ColorScheme.Light)


def test_a_change_of_the_system_scheme_is_read_from_qt_not_from_the_signal(qapp):
    """PySide6 cannot hand the scheme colorSchemeChanged carries to a Python slot when Qt emits it (the slot fails
    with a TypeError), so the follower reads the scheme from Qt. Offscreen Qt has none: the palette is the light one."""
    follower = qapp.findChild(ThemeFollower) or ThemeFollower(qapp)
    try:
        follower.follow(Qt.ColorScheme.Dark)
        qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
        assert qapp.styleHints().colorScheme() != Qt.ColorScheme.Dark and not is_dark(qapp.palette())
    finally:
        follower.follow(Qt.ColorScheme.Light)
