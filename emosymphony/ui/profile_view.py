"""The window's Profile menu: switching, adding, renaming and removing listeners, their journal and their data."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QActionGroup, QDesktopServices
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from ..errors import EmosymphonyError
from ..files import write_atomically
from ..memory.profiles import export_profile


class ProfileView:
    """Part of MainWindow: who is listening (the symphony switches; this asks and shows)."""

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
        try:
            problems = self.symphony.switch_profile(name)
        except EmosymphonyError as error:
            self.show_message(str(error))
            return
        for problem in problems:
            self.show_message(problem)
        self._show_listener_settings()
        self._show_profiles()
        self.show_message(f"Listening as {self.memory.profile.name}")

    def new_profile(self) -> None:
        name, accepted = QInputDialog.getText(self, "New profile", "Name of the new listener:")
        if accepted:
            try:
                self.symphony.add_profile(name)
            except EmosymphonyError as error:
                self.show_message(str(error))
                return
            self._show_listener_settings()
            self._show_profiles()
            self.show_message(f"Listening as {self.memory.profile.name}")

    def rename_profile(self) -> None:
        name, accepted = QInputDialog.getText(self, "Rename profile", "New name:", text=self.memory.profile.name)
        if accepted:
            try:
                self.symphony.rename_profile(name)
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

    def teach_resting_face(self) -> None:
        """Open the guided capture of the listener's calm face (from the running camera)."""
        if self.classifier is None:
            self.show_message(self.model_error or "The emotion model is still loading; try again in a moment")
            return
        if self.camera_worker is None:
            self.show_message("Turn the camera on first: the resting face is taught from the camera")
            return
        from .resting_face_dialog import RestingFaceDialog

        self.resting_dialog = RestingFaceDialog(self.classifier, self)
        self.resting_dialog.taught.connect(self._resting_face_taught)
        self.resting_dialog.finished.connect(self._resting_dialog_closed)
        self.resting_dialog.open()

    def _resting_face_taught(self, face) -> None:
        try:
            self.symphony.teach_resting_face(face)
        except EmosymphonyError as error:
            self.show_message(f"{error}; the resting face was not saved")
            return
        self.show_message(f"Saved for {self.memory.profile.name}: {face.summary()}", seconds=15)

    def _resting_dialog_closed(self, _result: int) -> None:
        self.resting_dialog = None
        for note in self.symphony.use_model(self.classifier, self.calibrated):  # what is stored applies again
            self.show_message(note)

    def forget_resting_face(self) -> None:
        try:
            self.symphony.teach_resting_face(None)
        except EmosymphonyError as error:
            self.show_message(str(error))
            return
        self.show_message(f"Forgot the resting face of {self.memory.profile.name}")

    def open_data_folder(self) -> None:
        if self.memory.folder is None:
            self.show_message("Nothing is remembered on disk this time (see the Messages tab)")
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.memory.folder)))

    def show_journal(self) -> None:
        from .memory_views import JournalWindow  # with matplotlib: loaded when first asked for (45 MB)

        self.journal_window = JournalWindow(self.memory.history, self.memory.profile.name, self,
                                            session_start=self.symphony.opened_at)
        self.journal_window.show()
