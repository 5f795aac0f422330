"""Windows over the listening memory: the mood journal (Ctrl+J) and the "Never play" list."""

from __future__ import annotations

import threading
import time
from typing import Callable

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
)

from ..emotions import EMOTIONS
from ..errors import EmosymphonyError
from ..memory.history import History
from ..memory.journal import PERIODS, Journal, build_journal, draw_journal, period_start, spent
from ..memory.taste import Taste
from ..music.playlists import played_tracks, write_playlist
from ..words import counted
from .style import ROOM, spaced


def journal_text(journal: Journal) -> str:
    """The journal's figures as HTML: time per mood, most played and most enjoyed per mood, and lifting."""
    from html import escape

    rows = []
    for mood in EMOTIONS:
        played = ", ".join(f"{escape(song)} ({n}×)" for song, n in journal.most_played.get(mood, []))
        enjoyed = ", ".join(escape(song) for song, _ in journal.most_liked.get(mood, []))
        rows.append(f"<tr><td><b>{mood}</b></td><td>{spent(journal.seconds_per_mood[mood])}</td>"
                    f"<td>{played or '—'}</td><td>{enjoyed or '—'}</td></tr>")
    return (f"<p>{escape(journal.lift.text())} {journal.plays} songs played.</p>"
            "<table cellspacing=6><tr><th align=left>Mood</th><th align=left>Time</th>"
            "<th align=left>Played most</th><th align=left>Enjoyed most (played to the end, liked)</th></tr>"
            + "".join(rows) + "</table>")


class _Built(QObject):
    """Carries a journal built on a worker thread to the UI thread."""

    done = Signal(str, object)  # period, Journal


class JournalWindow(QDialog):
    """How the mood went today, in the last 7 or 30 days, with what was played and how often music lifted it.

    Today is read as the window opens; a longer period (tens of thousands of mood changes after heavy
    use) is read on a worker thread while the window says so."""

    def __init__(self, history: History, profile: str, parent=None, clock: Callable[[], float] = time.time,
                 session_start: float | None = None):
        """`session_start`: when this run began (seconds since the epoch): the journal opens on it."""
        super().__init__(parent)
        self._built = _Built()
        self._built.done.connect(self._show)
        self.setWindowTitle(f"Mood journal — {profile}")
        self.history = history
        self._clock = clock
        self._session_start = session_start
        self.period = QComboBox()
        self.period.setAccessibleName("Period")
        for key, label in PERIODS.items():
            if key != "session" or session_start is not None:
                self.period.addItem(label, key)
        self.period.currentIndexChanged.connect(lambda _: self.show_period(self.period.currentData()))
        self.figure = Figure(figsize=(8, 4.5), dpi=96)
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setAccessibleName("Mood timeline and time in each mood")
        self.details = QTextBrowser()
        self.details.setAccessibleName("Journal figures")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.export = QPushButton("Export the songs played…")
        self.export.setAccessibleName("Export the songs played in this period as a playlist")
        self.export.clicked.connect(lambda: self.export_played())
        self.export_note = QLabel("")
        top = spaced(QHBoxLayout())
        top.addWidget(QLabel("Show"))
        top.addWidget(self.period)
        top.addStretch(1)
        top.addWidget(self.export_note)
        top.addWidget(self.export)
        layout = spaced(QVBoxLayout(self), margin=ROOM)
        layout.addLayout(top)
        layout.addWidget(self.canvas, 3)
        layout.addWidget(self.details, 2)
        layout.addWidget(buttons)
        self.resize(900, 780)
        self.journal: Journal | None = None
        self.show_period(self.period.currentData())

    def export_played(self, playlist: str | None = None) -> None:
        """Write the songs played in the period shown as an M3U8 playlist (asks where, when not given)."""
        period = self.period.currentData()
        if playlist is None:
            playlist, _ = QFileDialog.getSaveFileName(self, "Export the songs played", f"{period}.m3u8",
                                                      "Playlists (*.m3u8)")
            if not playlist:
                return
        start = period_start(period, self._clock(), self._session_start)
        try:
            count = write_playlist(played_tracks(self.history.plays(start)), playlist)
        except EmosymphonyError as error:
            self.export_note.setText(str(error))
            return
        self.export_note.setText(f"Exported {counted(count, 'song')}")

    def show_period(self, period: str) -> None:
        now = self._clock()
        start = period_start(period, now, self._session_start)
        if period in ("session", "today"):
            self._show(period, build_journal(self.history, start, now))
            return
        self.journal = None
        self.details.setPlainText(f"Reading {PERIODS[period].lower()}…")

        def work() -> None:
            self._built.done.emit(period, build_journal(self.history, start, now))

        threading.Thread(target=work, name="journal", daemon=True).start()

    def _show(self, period: str, journal: Journal) -> None:
        if period != self.period.currentData():
            return  # the listener chose another period meanwhile
        self.journal = journal
        draw_journal(self.figure, journal, PERIODS[period])
        self.canvas.draw_idle()
        self.details.setHtml(journal_text(journal))


class NeverPlayDialog(QDialog):
    """The songs the listener said never to play again, and a way to let them back."""

    def __init__(self, taste: Taste, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Never play")
        self.taste = taste
        self.list = QListWidget()
        self.list.setAccessibleName("Songs never to play")
        self.allow = QPushButton("Play again")
        self.allow.setAccessibleName("Let the selected song play again")
        self.allow.clicked.connect(self.allow_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = spaced(QVBoxLayout(self), margin=ROOM)
        layout.addWidget(QLabel("Songs skipped with “never play again” (Ctrl+D):"))
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        row.addWidget(self.allow)
        row.addStretch(1)
        row.addWidget(buttons)
        layout.addLayout(row)
        self.resize(560, 400)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        for path, artist, title, when in self.taste.never_play():
            name = f"{artist} – {title}" if artist else title
            item = QListWidgetItem(f"{name}   (since {time.strftime('%Y-%m-%d', time.localtime(when))})")
            item.setData(Qt.ItemDataRole.UserRole, path)
            item.setToolTip(path)
            self.list.addItem(item)
        self.allow.setEnabled(self.list.count() > 0)
        if self.list.count():
            self.list.setCurrentRow(0)

    def allow_selected(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.taste.undislike(item.data(Qt.ItemDataRole.UserRole))
            self.refresh()
