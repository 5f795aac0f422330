"""Profile ▸ Teach it my resting face…: a countdown, a few seconds of looks at a calm face, the effect in words,
an optional smile check, and Save. The looks come from the window's running camera."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QProgressBar, QPushButton, QVBoxLayout

from ..emotions import EMOTIONS
from ..model.resting_face import CAPTURE_SECONDS, RestingFace, RestingFaceError, learn
from ..vision.looks import Looks
from .style import ROOM, spaced

COUNTDOWN_SECONDS = 3
CHECK_SECONDS = 3.0
"""How long the optional check looks at a smile."""
TICK_MS = 100


class RestingFaceDialog(QDialog):
    """Guides one capture; `taught` carries the RestingFace when the listener saves it."""

    taught = Signal(object)

    def __init__(self, classifier, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Teach it my resting face")
        self.classifier = classifier
        self.face: RestingFace | None = None
        self._countdown, self._seconds = COUNTDOWN_SECONDS, CAPTURE_SECONDS
        self._looks: Looks | None = None
        self._checking = False
        self._elapsed = 0.0
        self._last = None
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setMinimumWidth(420)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("Save", QDialogButtonBox.ButtonRole.AcceptRole)
        self.check_button = QPushButton("Check with a smile")
        self.buttons.addButton(self.check_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.again_button = self.buttons.addButton("Try again", QDialogButtonBox.ButtonRole.ResetRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.save_button.clicked.connect(self._save)
        self.check_button.clicked.connect(self._check)
        self.again_button.clicked.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout = spaced(QVBoxLayout(self), margin=ROOM)
        for widget in (self.text, self.progress, self.buttons):
            layout.addWidget(widget)
        self._timer = QTimer(self, interval=TICK_MS, timeout=self._tick)
        self.start()

    @property
    def capturing(self) -> bool:
        return self._looks is not None and self._elapsed >= self._countdown

    def start(self) -> None:
        """Count down, then look at the resting face (the model reads it without any resting face)."""
        self.face, self._checking, self._elapsed = None, False, 0.0
        self._looks = Looks()
        self.classifier.resting_face = None
        for button in (self.save_button, self.check_button, self.again_button):
            button.setEnabled(False)
        self.progress.setValue(0)
        self._tick_text()
        self._timer.start()

    def look(self, analysis) -> None:
        """A frame analysed by the camera (each analysis counts once)."""
        if analysis is None or analysis is self._last or not self.capturing:
            return
        self._last = analysis
        self._looks.add(analysis)

    def _tick(self) -> None:
        self._elapsed += TICK_MS / 1000
        length = CHECK_SECONDS if self._checking else self._seconds
        self.progress.setValue(int(100 * max(0.0, self._elapsed - self._countdown) / length))
        self._tick_text()
        if self._elapsed >= self._countdown + length:
            self._timer.stop()
            self._checked() if self._checking else self._learned()

    def _tick_text(self) -> None:
        if self._elapsed < self._countdown:
            self.text.setText(f"Get ready… {self._countdown - int(self._elapsed)}")
        elif self._checking:
            self.text.setText("Now smile at the screen")
        else:
            self.text.setText("Relax and look at the screen")

    def _learned(self) -> None:
        looks, self._looks = self._looks, None
        self.again_button.setEnabled(True)
        probabilities, centres, sizes = looks.arrays()
        try:
            self.face = learn(probabilities, centres, sizes, self.classifier.identity, self.classifier.calibration,
                              self.classifier.sensitivity)
        except RestingFaceError as error:
            self.text.setText(f"{str(error).capitalize()}. Nothing was changed.")
            return
        self.text.setText(self.face.summary().capitalize() + ".\n\nSave it, or check that a smile still reads as happy.")
        self.save_button.setEnabled(True)
        self.check_button.setEnabled(True)

    def _check(self) -> None:
        """Look at a smile with the new resting face applied."""
        self.classifier.resting_face = np.array(self.face.offsets)
        self._checking, self._elapsed = True, 0.0
        self._looks = Looks()
        self.check_button.setEnabled(False)
        self._timer.start()

    def _checked(self) -> None:
        looks, self._looks = self._looks, None
        self._checking = False
        self.check_button.setEnabled(True)
        if not looks.probabilities:
            self.text.setText(self.face.summary().capitalize() + ".\n\nNo face was seen during the check.")
            return
        mean = np.mean(looks.probabilities, axis=0)
        mood = EMOTIONS[int(mean.argmax())]
        verdict = ("your smile still reads as happy" if mood == "happy"
                   else f"your smile read as {mood}, not happy: smile more clearly, or try again")
        self.text.setText(f"{self.face.summary().capitalize()}.\n\nCheck: {verdict} ({mean.max():.0%}).")

    def _save(self) -> None:
        self.taught.emit(self.face)
        self.accept()
