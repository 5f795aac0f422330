"""FER+ crowd votes: ten people's votes per FER2013 face, read from a CSV, as soft targets and majority labels.

The file (FER+, Barsoum et al. 2016, matched to the FER2013 folders) has the columns
`split, file, neutral, happiness, surprise, sadness, anger, disgust, fear, contempt, unknown, NF`;
`file` is the face's path under its split folder, e.g. `angry/Training_10118481.png`.

Decisions (documented in models/MODEL_CARD.md):
- *Contempt* is not one of our seven emotions and *unknown* says nothing about the face, so both are
  left out of the soft targets; the remaining emotion votes are renormalised.
- A face most voters called *not a face* (NF above half of all votes) is left out of training.
- A face whose votes leave no emotion vote, and a file without a row, keeps its FER2013 label.
- Judging follows the FER+ paper's majority rule (`majority_label`).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .emotions import EMOTIONS
from .errors import EmosymphonyError
from .files import check_regular

VOTE_COLUMNS = ("neutral", "happiness", "surprise", "sadness", "anger", "disgust", "fear", "contempt", "unknown", "NF")
_TO_FER2013 = [VOTE_COLUMNS.index(name) for name in ("anger", "disgust", "fear", "happiness", "sadness", "surprise", "neutral")]
"""For each emotion in FER2013 order, its vote column."""
_NOT_OURS = {"contempt": "contempt", "unknown": "unknown", "NF": "not a face"}


class VotesError(EmosymphonyError):
    """The votes file is missing or malformed."""


@dataclass(frozen=True)
class Votes:
    """Vote counts (10 columns, VOTE_COLUMNS order) per face file, keyed by its `CLASS/NAME` path."""

    counts: dict[str, np.ndarray]
    source: str

    def __len__(self) -> int:
        return len(self.counts)

    def for_files(self, files: Sequence[str]) -> list[np.ndarray | None]:
        """The counts of each file, None where the file has no row."""
        return [self.counts.get(name) for name in files]


def read_votes(path: str | Path) -> Votes:
    """Read a FER+ votes CSV; a malformed row raises VotesError naming its line."""
    path = Path(path)
    try:
        check_regular(path, "a votes file")  # a named pipe or a device is refused, never read
    except EmosymphonyError as error:
        raise VotesError(f"cannot read votes file {error}") from None
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except OSError as error:
        raise VotesError(f"cannot read votes file {path}: {error.strerror or error}") from None
    counts: dict[str, np.ndarray] = {}
    with handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
            expected = ["split", "file", *VOTE_COLUMNS]
            if header is None or [column.strip() for column in header] != expected:
                raise VotesError(f"{path}, line 1: expected the columns {','.join(expected)}")
            for row in reader:
                line = reader.line_num
                if not row:
                    continue
                if len(row) != len(expected):
                    raise VotesError(f"{path}, line {line}: expected {len(expected)} fields, found {len(row)}")
                try:
                    votes = np.array([int(value) for value in row[2:]], dtype=np.int64)
                except ValueError:
                    raise VotesError(f"{path}, line {line}: vote counts must be whole numbers") from None
                if (votes < 0).any():
                    raise VotesError(f"{path}, line {line}: vote counts must not be negative")
                name = row[1].strip()
                if name in counts:
                    raise VotesError(f"{path}, line {line}: {name} has a second row")
                counts[name] = votes
        except (csv.Error, UnicodeDecodeError) as error:
            raise VotesError(f"{path}, line {reader.line_num}: not a readable CSV ({error})") from None
    if not counts:
        raise VotesError(f"{path}: no vote rows")
    return Votes(counts, str(path))


def vote_distribution(counts: np.ndarray) -> np.ndarray | None:
    """The share of the votes for each of the seven emotions (FER2013 order), or None if none voted for one."""
    emotion_votes = counts[_TO_FER2013].astype(np.float64)
    total = emotion_votes.sum()
    return emotion_votes / total if total > 0 else None


def is_not_a_face(counts: np.ndarray) -> bool:
    """Whether more than half of all votes said the picture is not a face."""
    return counts[VOTE_COLUMNS.index("NF")] * 2 > counts.sum()


def majority_label(counts: np.ndarray) -> tuple[int | None, str]:
    """FER+'s majority rule: drop single votes; the winner must hold more than half of the rest.

    Returns (FER2013 label, "") for a kept face, else (None, why): "no majority", or the winner
    when it is not one of the seven emotions ("contempt", "unknown", "not a face").
    """
    kept = np.where(counts > 1, counts, 0)
    total = kept.sum()
    winner = int(np.argmax(kept))
    if total == 0 or kept[winner] * 2 <= total:
        return None, "no majority"
    name = VOTE_COLUMNS[winner]
    if name in _NOT_OURS:
        return None, _NOT_OURS[name]
    return _TO_FER2013.index(winner), ""


def soft_targets(labels: np.ndarray, files: Sequence[str], votes: Votes, weight: float) -> tuple[np.ndarray, np.ndarray]:
    """Training targets `weight x vote shares + (1 - weight) x FER2013 one-hot`, and which faces to keep.

    Faces without a row, or whose votes name no emotion, keep their one-hot label; faces most voters
    called not a face are dropped (keep is False).
    """
    if len(files) != len(labels):
        raise VotesError("votes need the data set's file names (read it from a folder ROOT/CLASS/*.png)")
    one_hot = np.eye(len(EMOTIONS), dtype=np.float32)[labels]
    targets = one_hot.copy()
    keep = np.ones(len(labels), dtype=bool)
    for i, counts in enumerate(votes.for_files(files)):
        if counts is None:
            continue
        if is_not_a_face(counts):
            keep[i] = False
            continue
        shares = vote_distribution(counts)
        if shares is not None:
            targets[i] = weight * shares + (1 - weight) * one_hot[i]
    return targets, keep


def majority_labels(files: Sequence[str], votes: Votes) -> tuple[np.ndarray, dict[str, int]]:
    """Each file's FER+ majority label (-1 where left out), and how many were left out for each reason."""
    labels = np.full(len(files), -1, dtype=np.int64)
    left_out: dict[str, int] = {}
    for i, counts in enumerate(votes.for_files(files)):
        label, why = (None, "no row") if counts is None else majority_label(counts)
        if label is None:
            left_out[why] = left_out.get(why, 0) + 1
        else:
            labels[i] = label
    return labels, left_out
