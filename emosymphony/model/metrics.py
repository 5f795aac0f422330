"""Classification metrics over the seven emotions (NumPy only)."""

from __future__ import annotations

import numpy as np

from ..emotions import EMOTIONS


def confusion_matrix(true: np.ndarray, predicted: np.ndarray) -> np.ndarray:
    """7x7 counts, rows the true emotion and columns the predicted one, FER2013 order."""
    k = len(EMOTIONS)
    return np.bincount(np.asarray(true) * k + np.asarray(predicted), minlength=k * k).reshape(k, k)


def classification_report(true: np.ndarray, predicted: np.ndarray) -> dict:
    """Accuracy, macro-F1 and per-class precision/recall/F1/support.

    Macro-F1 averages over the emotions present in `true`, so a data set that lacks a class is
    judged on what it has.
    """
    matrix = confusion_matrix(true, predicted)
    support = matrix.sum(axis=1)
    predicted_count = matrix.sum(axis=0)
    hits = np.diag(matrix)
    precision = np.divide(hits, predicted_count, out=np.zeros(len(hits)), where=predicted_count > 0)
    recall = np.divide(hits, support, out=np.zeros(len(hits)), where=support > 0)
    denominator = precision + recall
    f1 = np.divide(2 * precision * recall, denominator, out=np.zeros(len(hits)), where=denominator > 0)
    present = support > 0
    per_class = {
        name: {
            "precision": float(precision[i]),
            "recall": float(recall[i]),
            "f1": float(f1[i]),
            "support": int(support[i]),
        }
        for i, name in enumerate(EMOTIONS)
        if present[i]
    }
    return {
        "samples": int(support.sum()),
        "accuracy": float(hits.sum() / max(support.sum(), 1)),
        "macro_f1": float(f1[present].mean()) if present.any() else 0.0,
        "per_class": per_class,
        "confusion_matrix": matrix.tolist(),
    }
