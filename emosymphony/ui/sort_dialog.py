"""The "Sort for me" dialog: the proposed folder of each dropped song, which the listener can change."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ..emotions import EMOTIONS
from ..music.sorting import Proposal
from .style import ROOM, spaced

LEAVE_OUT = "(leave out)"


class SortDialog(QDialog):
    """One row per song: its name, the folder (a choice), how sure the analyser is, and why."""

    def __init__(self, proposals: list[Proposal], personal: bool, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Sort for me")
        self.proposals = proposals
        basis = ("your own sorted songs and the sound's rules" if personal
                 else "the sound's rules (sort 5 songs into each of 3 folders and it learns your idea of them)")
        note = QLabel(f"Proposed by {basis}. Change any folder, then add the songs.")
        note.setWordWrap(True)
        self.table = QTableWidget(len(proposals), 4)
        self.table.setHorizontalHeaderLabels(["Song", "Folder", "Sure", "Why"])
        self.table.setAccessibleName("Proposed folders")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.choices: list[QComboBox] = []
        for row, proposal in enumerate(proposals):
            self.table.setItem(row, 0, QTableWidgetItem(Path(proposal.path).name))
            choice = QComboBox()
            choice.addItems([*EMOTIONS, LEAVE_OUT])
            choice.setCurrentText(proposal.emotion or LEAVE_OUT)
            choice.setEnabled(proposal.emotion is not None)
            choice.setAccessibleName(f"Folder for {Path(proposal.path).name}")
            self.table.setCellWidget(row, 1, choice)
            self.choices.append(choice)
            self.table.setItem(row, 2, QTableWidgetItem(f"{proposal.confidence:.0%}" if proposal.emotion else "—"))
            self.table.setItem(row, 3, QTableWidgetItem(proposal.reason))
        self.table.resizeColumnsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add songs")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = spaced(QVBoxLayout(self), margin=ROOM)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(900, 420)

    def placements(self) -> dict[str, list[str]]:
        """The chosen folder -> the songs to add to it."""
        chosen: dict[str, list[str]] = {}
        for proposal, choice in zip(self.proposals, self.choices):
            if choice.currentText() != LEAVE_OUT:
                chosen.setdefault(choice.currentText(), []).append(proposal.path)
        return chosen
