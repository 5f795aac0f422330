"""The window's library side: scans and watching the folders, drops and added songs, sorting by sound, free music."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QProgressDialog

from ..emotions import EMOTIONS
from ..errors import EmosymphonyError
from ..music.adding import AddReport, add_songs, audio_files_in, undo_add
from ..music.library import ScanResult
from ..music.sorting import proposals_for
from ..music.starter import add_starter, known_features, origin, remove_starter, restore_starter, starter_songs
from ..music.tags import AUDIO_SUFFIXES
from ..words import counted
from .sort_dialog import SortDialog
from .sound_worker import SoundAnalyser
from .widgets import SORT_TILE
from .workers import LibraryScanner

RESCAN_DELAY_MS = 400
"""A change in the music folders is read this long after the last one (a copy of many songs is one rescan)."""


class LibraryView:
    """Part of MainWindow: the music folders as the listener fills them (the symphony applies what changed)."""

    def _build_library(self) -> None:
        self.last_drop: list[AddReport] | None = None
        self._undo = None
        """The reports of the last drop (one per folder it filled), for Undo."""
        self.duplicates_left_out: list[AddReport] = []
        """Reports of the last add whose songs were already in the library (Edit ▸ Add … anyway)."""
        self.library_scanned = False
        self.analyser = SoundAnalyser(self.symphony.sound_cache)
        self.analyser.progress.connect(self._analysis_progress)
        self.analyser.finished.connect(self._analysis_done)
        self.scanner = LibraryScanner(self.library)
        self.scanner.scanned.connect(self._library_scanned)
        self.scanner.failed.connect(self._library_failed)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(lambda _: self._rescan_timer.start())
        self._rescan_timer = QTimer(self, singleShot=True, interval=RESCAN_DELAY_MS, timeout=self.scanner.request)
        self.bridge.add_done.connect(self._drop_done)
        self.scanner.request()

    @property
    def library(self):
        return self.symphony.library

    def _library_scanned(self, result: ScanResult) -> None:
        if self._closed:  # a scan that ended after the window closed: the symphony is closed too
            return
        self.library_scanned = True
        folders = [str(self.library.root)] + [str(self.library.folder(e)) for e in EMOTIONS]
        missing = [f for f in folders if f not in self.watcher.directories()]
        if missing:
            self.watcher.addPaths(missing)
        if result.unreadable:
            self.show_message(f"{counted(len(result.unreadable), 'file')} in the music folder cannot be read, e.g. {Path(result.unreadable[0].path).name}")
        self.symphony.apply_scan(result)
        unknown = self.symphony.unanalysed()
        if unknown:
            self.analyser.submit("library", unknown)
        self._show_queue()
        self._show_suggestions()

    def _library_failed(self, error: str) -> None:
        self.show_message(f"Music folder problem: {error}")

    def ask_music_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Music folder", str(self.library.root))
        if folder:
            self.set_music_folder(folder)

    def open_music_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.library.root)))

    def set_music_folder(self, folder: str) -> None:
        if self.watcher.directories():
            self.watcher.removePaths(self.watcher.directories())
        self.symphony.use_music_folder(folder)
        self.library_scanned = False
        self.scanner.library = self.library
        self.scanner.request()

    def export_mood_playlist(self, mood: str | None = None, playlist: str | None = None) -> None:
        """Write a mood's songs as an M3U8 playlist (asks which mood and where, when not given)."""
        if mood is None:
            current = self.session.mood if self.session.mood in EMOTIONS else "happy"
            mood, accepted = QInputDialog.getItem(self, "Export mood playlist", "Which mood's songs?", list(EMOTIONS),
                                                  EMOTIONS.index(current), False)
            if not accepted:
                return
        if playlist is None:
            playlist, _ = QFileDialog.getSaveFileName(self, "Export mood playlist", str(self.library.root / f"{mood}.m3u8"),
                                                      "Playlists (*.m3u8 *.m3u)")
            if not playlist:
                return
        try:
            count = self.symphony.export_mood(mood, playlist)
        except EmosymphonyError as error:
            self.show_message(str(error))
            return
        self.show_message(f"Exported {counted(count, 'song')} of {mood} to {Path(playlist).name}")

    def ask_songs(self) -> None:
        """Choose audio files, then the mood folder they go into."""
        suffixes = " ".join(f"*{suffix}" for suffix in sorted(AUDIO_SUFFIXES))
        paths, _ = QFileDialog.getOpenFileNames(self, "Add songs", str(Path.home()), f"Audio ({suffixes})")
        if not paths:
            return
        mood = self.session.mood if self.session.mood in EMOTIONS else "neutral"
        emotion, accepted = QInputDialog.getItem(self, "Add songs", f"Which mood {'does this song' if len(paths) == 1 else f'do these {len(paths)} songs'} fit?",
                                                 list(EMOTIONS), EMOTIONS.index(mood), False)
        if accepted:
            self.add_files(paths, emotion)

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
        if emotion == SORT_TILE:
            self.sort_for_me(paths)
            return
        move = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        self.add_files(paths, emotion, move)

    def add_files(self, paths: list[str], emotion: str, move: bool = False) -> None:
        """Copy (or move) songs into an emotion folder on a worker thread, with progress."""
        self.add_placements({emotion: paths}, move)

    def add_duplicates_anyway(self) -> None:
        """Add the songs the last add left out because their content was already in the library."""
        placements: dict[str, list[str]] = {}
        for report in self.duplicates_left_out:
            placements.setdefault(report.emotion, []).extend(source for source, _ in report.duplicates)
        self.duplicates_left_out = []
        self.actions_by_text["Add the songs already in the library anyway"].setEnabled(False)
        if placements:
            self.add_placements(placements, anyway=True)

    def add_placements(self, placements: dict[str, list[str]], move: bool = False, anyway: bool = False) -> None:
        """Copy (or move) songs into their emotion folders on a worker thread, with progress; one Undo for all."""
        folders = ", ".join(placements)
        progress = QProgressDialog(f"Adding songs to {folders}…", "", 0, 0, self)
        progress.setCancelButton(None)
        progress.setMinimumDuration(500)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.bridge.add_progress.connect(lambda done, total: (progress.setMaximum(total), progress.setValue(done)))
        self._add_progress_dialog = progress
        library = self.library

        def work() -> None:
            reports = []
            for emotion, paths in placements.items():
                try:
                    reports.append(add_songs(library, paths, emotion, move, progress=self.bridge.add_progress.emit,
                                             anyway=anyway))
                except EmosymphonyError as error:
                    reports.append(AddReport(emotion, move, skipped=[("", str(error))]))
            self.bridge.add_done.emit(reports)

        threading.Thread(target=work, name="add-songs", daemon=True).start()

    def _drop_done(self, reports: list[AddReport]) -> None:
        self._add_progress_dialog.close()
        self.bridge.add_progress.disconnect()
        self.last_drop = [report for report in reports if report.added] or None
        self._can_undo(self._undo_drop if self.last_drop is not None else None)
        self.duplicates_left_out = [report for report in reports if report.duplicates]
        self.actions_by_text["Add the songs already in the library anyway"].setEnabled(bool(self.duplicates_left_out))
        anyway = " — Edit ▸ Add the songs already in the library anyway" if self.duplicates_left_out else ""
        self.show_message("; ".join(report.summary() for report in reports) + anyway, seconds=15)
        for report in reports:
            for path, why in report.skipped:
                self.log(f"  skipped {Path(path).name or path}: {why}")
        self.scanner.request()

    def _can_undo(self, undo) -> None:
        """What Edit ▸ Undo (and the status bar's Undo button) takes back now: the last drop or removal, or nothing."""
        self._undo = undo
        self.actions_by_text["Undo"].setEnabled(undo is not None)
        self.undo_button.setVisible(undo is not None)

    def undo_last_change(self) -> None:
        """Take back the last drop (the songs it added go) or removal of the free starter songs (they come back)."""
        undo, self._undo = self._undo, None
        self._can_undo(None)
        if undo is not None:
            self.show_message(undo())
            self.scanner.request()

    def _undo_drop(self) -> str:
        problems = [problem for report in self.last_drop for problem in undo_add(report)]
        summary = "; ".join(report.summary() for report in self.last_drop)
        self.last_drop = None
        return "Undone" + (f", but: {'; '.join(problems)}" if problems else f": {summary}")

    def sort_for_me(self, paths: list[str]) -> None:
        """Analyse dropped songs (in the analysis process) and show where each would go."""
        files, skipped = audio_files_in(paths)
        for path, why in skipped:
            self.log(f"  skipped {Path(path).name or path}: {why}")
        if not files:
            self.show_message("No songs among the dropped files")
            return
        self._to_sort = [str(f) for f in files]
        self.show_message(f"Listening to {counted(len(files), 'song')} to propose {'its folder' if len(files) == 1 else 'their folders'}…")
        self.analyser.submit("sort", self._to_sort)

    def add_starter_music(self) -> None:
        """Link the free Debian music into the folders, by its sound (analysed in the analysis process first)."""
        songs = starter_songs()
        if not songs:
            self.show_message("No free music is installed (scripts/setup.sh installs it)")
            return
        known = known_features(songs)  # the packaged versions, sorted beforehand: linked at once
        if known:
            self._starter_added(add_starter(self.library, known, [], self.symphony.personal_model()))
        rest = [str(s) for s in songs if str(s) not in known]
        if rest:
            self.queue_panel.starter_button.setEnabled(False)
            self.show_message(f"Listening to {counted(len(rest), 'free song')} to sort {'it' if len(rest) == 1 else 'them'}…")
            self.analyser.submit("starter", rest)

    def _starter_added(self, report) -> None:
        self.queue_panel.starter_button.setEnabled(True)
        self.show_message(f"Free music: {report.summary()}. Remove it any time: File ▸ Remove the free starter songs",
                          seconds=20)
        self.scanner.request()

    def remove_starter_music(self) -> None:
        """Remove the free starter songs (links only; the listener's own songs stay), after asking; Undo brings them
        back."""
        count = sum(1 for track in self.symphony.tracks if origin(track.path) is not None)
        if QMessageBox.question(
                self, "Remove the free starter songs",
                f"Remove the {counted(count, 'free starter song')} from your mood folders? Your own songs stay, and "
                "Edit ▸ Undo brings them back.") != QMessageBox.StandardButton.Yes:
            return
        removed, problems = remove_starter(self.library)
        self.show_message(f"Removed {counted(len(removed), 'free starter song')}; your own songs were not touched"
                          + (f" ({len(problems)} could not be removed)" if problems else "") + " — Ctrl+Z brings them back")

        def undo() -> str:
            failed = restore_starter(removed)
            return (f"The {counted(len(removed) - len(failed), 'free starter song')} are back"
                    + (f" ({len(failed)} could not come back)" if failed else ""))

        self._can_undo(undo if removed else None)
        self.scanner.request()

    def _analysis_progress(self, job: str, done: int, total: int) -> None:
        what = {"library": "Listening to your songs' sound", "sort": "Listening to the dropped songs",
                "starter": "Listening to the free songs"}[job]
        if total >= 3:
            self.statusBar().showMessage(f"{what}: {done} of {total}", 3000)

    def _analysis_done(self, job: str, found: dict, failed: list) -> None:
        if self._closed:
            return
        for path, why in failed:
            self.log(f"  not analysed: {why}")
        if job == "library":
            self.symphony.add_sounds(found)
        elif job == "sort":
            proposals = proposals_for(self._to_sort, found, failed, model := self.symphony.personal_model())
            self.sort_dialog = SortDialog(proposals, model is not None, self)
            self.sort_dialog.accepted.connect(lambda: self.add_placements(self.sort_dialog.placements()))
            self.sort_dialog.open()
        elif job == "starter":
            self._starter_added(add_starter(self.library, found, failed, self.symphony.personal_model()))
