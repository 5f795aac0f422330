"""The window's mood side: the mood panel, the mood chosen by hand, the strategy, sensitivity and suggestions."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QButtonGroup, QComboBox, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QListWidget, \
    QListWidgetItem, QPushButton

from ..emotions import EMOTIONS, NO_FACE
from ..music.recommend import STRATEGY_HELP
from ..settings import STRATEGIES
from .style import BODY, GAP, TIGHT, font, mood_dot, spaced
from .widgets import MoodPanel

SUGGESTION_COUNT = 12
SENSITIVITY_LEVELS = (0.0, 0.25, 0.5, 0.75, 1.0)
"""The sensitivities the Mood menu offers."""


class MoodView:
    """Part of MainWindow: which mood the music follows, and how."""

    def _build_mood(self) -> None:
        self.mood_panel = MoodPanel()
        self.override_box = QGroupBox("Mood for the music")
        override_layout = spaced(QGridLayout(self.override_box), margin=GAP, spacing=TIGHT)
        self.override_buttons = QButtonGroup(self)
        for number, name in enumerate(("auto",) + EMOTIONS):
            button = QPushButton("Auto (camera)" if name == "auto" else name)
            button.setCheckable(True)
            if name != "auto":
                button.setIcon(mood_dot(name))
            button.setToolTip(f"Key {number}")
            button.setAccessibleName("Follow the camera" if name == "auto" else f"Choose the mood {name}")
            self.override_buttons.addButton(button, number)
            override_layout.addWidget(button, number // 4, number % 4)
        self.override_buttons.buttonToggled.connect(lambda button, on: button.setFont(font(BODY, bold=on)))
        self.override_buttons.button(0).setChecked(True)
        self.override_buttons.idClicked.connect(lambda number: self.set_override(None if number == 0 else EMOTIONS[number - 1]))

        self.strategy_choice = QComboBox()
        self.strategy_choice.addItems(STRATEGIES)
        self.strategy_choice.setAccessibleName("What the music should do (match, lift or steady)")
        self.strategy_help = QLabel()
        self.strategy_help.setWordWrap(True)
        self.strategy_choice.currentTextChanged.connect(self.set_strategy)
        self.strategy_row = spaced(QHBoxLayout())
        strategy_label = QLabel("Music sh&ould")  # Alt+S opens the Strategy menu
        strategy_label.setBuddy(self.strategy_choice)
        self.strategy_row.addWidget(strategy_label)
        self.strategy_row.addWidget(self.strategy_choice)
        self.strategy_row.addWidget(self.strategy_help, 1)

        self.suggestions = QListWidget()
        self.suggestions.setAccessibleName("Suggestions you don't own yet")
        self.suggestions.setToolTip("Songs for this mood that are not in your library; double-click to open")
        self.suggestions.itemActivated.connect(lambda item: QDesktopServices.openUrl(QUrl(item.data(Qt.ItemDataRole.UserRole))))

    def _show_mood(self, note: str = "", heading: str = "") -> None:
        session = self.session
        if not note and session.away:
            note = "the music waits for you, and comes back when you do"
        elif not note and session.mood == NO_FACE and session.source == "camera" and session.settings.pause_when_away:
            note = f"the music fades after {session.settings.away_seconds:g} s with no one in view"
        self.mood_panel.show_mood(session.mood, session.detected_confidence, session.source, note, heading)
        self.override_buttons.button(0 if session.manual is None else EMOTIONS.index(session.manual) + 1).setChecked(True)
        self._check_action("set_override", session.manual or "")
        self.tray_mood.setText(f"Mood: {self.mood_panel.name.text()}")
        if self.tray:
            self.tray.setToolTip(f"Emotion Symphony — {self.mood_panel.name.text()}")

    def _show_suggestions(self) -> None:
        self.suggestions.clear()
        for suggestion in self.symphony.suggestions(SUGGESTION_COUNT):
            item = QListWidgetItem(f"{suggestion.song.artist} – {suggestion.song.title}   ({suggestion.reason})")
            item.setData(Qt.ItemDataRole.UserRole, suggestion.song.link)
            item.setToolTip(suggestion.song.link)
            self.suggestions.addItem(item)

    def _show_listener_settings(self) -> None:
        """Show the listener's settings: strategy, sensitivity, autoplay, switching and volume."""
        settings = self.symphony.settings
        strategy = settings.strategy
        self.strategy_choice.blockSignals(True)
        self.strategy_choice.setCurrentText(strategy)
        self.strategy_choice.blockSignals(False)
        self.strategy_help.setText(STRATEGY_HELP[strategy])
        self._check_action("set_strategy", strategy)
        level = min(SENSITIVITY_LEVELS, key=lambda value: abs(value - settings.sensitivity))
        self._check_action("set_sensitivity", f"{level:g}")
        self.actions_by_text["Start music by itself"].setChecked(settings.autoplay)
        self.actions_by_text["Switch songs when my mood changes"].setChecked(settings.switch_on_mood)
        self.actions_by_text["Play every song at one loudness"].setChecked(settings.level_loudness)
        self.actions_by_text["Pause when I leave"].setChecked(settings.pause_when_away)
        self.actions_by_text["Tell the desktop when a song starts"].setChecked(settings.notify_tracks)
        self.actions_by_text["Start where I left off"].setChecked(settings.resume_where_i_was)
        self.actions_by_text["Generate music (always, not only for a mood with few songs)"].setChecked(settings.generate)
        self.now_playing.volume.blockSignals(True)
        self.now_playing.volume.setValue(int(round(settings.volume * 100)))
        self.now_playing.volume.blockSignals(False)

    def set_override(self, mood: str | None) -> None:
        """Follow a chosen mood ("" or None: back to the camera)."""
        self.session.set_manual_mood(mood or None)
        self._show_mood()

    def set_strategy(self, strategy: str) -> None:
        """Match, lift or steady: re-plans what comes next (the current song plays on)."""
        self.symphony.change_settings(strategy=strategy)
        self._show_listener_settings()
        self._show_suggestions()

    def set_sensitivity(self, level: str) -> None:
        """How readily a face counts as showing an emotion rather than calm ("0" calm .. "1" expressive)."""
        self.symphony.change_settings(sensitivity=float(level))

    def set_autoplay(self, on: bool) -> None:
        self.symphony.change_settings(autoplay=on)

    def set_switch_on_mood(self, on: bool) -> None:
        self.symphony.change_settings(switch_on_mood=on)

    def switch_now(self) -> None:
        self.session.switch_now()
