"""Evaluating a classifier on a labelled data set, and plotting its confusion matrix."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import numpy as np

from ..data import Dataset
from ..emotions import EMOTIONS
from .classifier import EmotionClassifier
from ..votes import Votes, VotesError, majority_labels
from .metrics import classification_report


def evaluate(classifier: EmotionClassifier, data: Dataset, votes: Votes | None = None) -> dict:
    """Accuracy, macro-F1, per-class figures and the confusion matrix of `classifier` on `data`.

    With `votes`, each face is judged against its FER+ majority label instead of its folder; faces
    the majority rule leaves out are not classified, and counted by reason under "left_out".
    """
    report = classification_report(*_judged(classifier.predict, data, votes))
    report["model"] = classifier.source
    report["data"] = data.source
    if votes is not None:
        report["labels"] = votes.source
        report["left_out"] = majority_labels(data.files, votes)[1]
    return report


def _judged(predict: Callable[[np.ndarray], np.ndarray], data: Dataset, votes: Votes | None) -> tuple[np.ndarray, np.ndarray]:
    """The true and predicted labels of the faces that are judged."""
    if votes is None:
        return data.labels, predict(data.images).argmax(axis=1)
    if not data.files:
        raise VotesError("votes need the data set's file names (read it from a folder ROOT/CLASS/*.png)")
    labels, _ = majority_labels(data.files, votes)
    judged = labels >= 0
    if not judged.any():
        raise VotesError(f"none of the {len(data)} faces of {data.source} has a FER+ majority in {votes.source}")
    return labels[judged], predict(data.images[judged]).argmax(axis=1)


def plot_confusion_matrix(matrix: np.ndarray | list, path: Path, title: str = "") -> None:
    """Write a PNG of a 7x7 confusion matrix, rows normalised to recall, counts written in."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    counts = np.asarray(matrix)
    rows = counts.sum(axis=1, keepdims=True)
    share = np.divide(counts, rows, out=np.zeros(counts.shape), where=rows > 0)
    figure, axis = plt.subplots(figsize=(6.5, 5.5))
    image = axis.imshow(share, cmap="Blues", vmin=0, vmax=1)
    axis.set_xticks(range(len(EMOTIONS)), EMOTIONS, rotation=45, ha="right")
    axis.set_yticks(range(len(EMOTIONS)), EMOTIONS)
    axis.set_xlabel("predicted")
    axis.set_ylabel("true")
    for (row, column), count in np.ndenumerate(counts):
        colour = "white" if share[row, column] > 0.5 else "black"
        axis.text(column, row, f"{count}", ha="center", va="center", color=colour, fontsize=8)
    figure.colorbar(image, ax=axis, label="share of the true class")
    axis.set_title(title)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=100)
    plt.close(figure)
