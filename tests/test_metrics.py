import numpy as np

from emosymphony import EMOTIONS
from emosymphony.model.metrics import classification_report, confusion_matrix


def test_confusion_matrix_rows_are_true_columns_predicted():
    matrix = confusion_matrix(np.array([0, 0, 3]), np.array([0, 3, 3]))
    assert matrix[0, 0] == 1 and matrix[0, 3] == 1 and matrix[3, 3] == 1 and matrix.sum() == 3


def test_report_figures_by_hand():
    true = np.array([3, 3, 3, 4, 4, 6])
    predicted = np.array([3, 3, 4, 4, 3, 6])
    report = classification_report(true, predicted)
    assert report["accuracy"] == 4 / 6
    happy = report["per_class"]["happy"]
    assert happy["precision"] == 2 / 3 and happy["recall"] == 2 / 3 and happy["support"] == 3
    sad = report["per_class"]["sad"]
    assert sad["precision"] == 1 / 2 and sad["recall"] == 1 / 2
    assert report["per_class"]["neutral"]["f1"] == 1.0
    # macro-F1 over the classes present only (happy, sad, neutral)
    assert abs(report["macro_f1"] - (2 / 3 + 1 / 2 + 1.0) / 3) < 1e-12
    assert set(report["per_class"]) == {"happy", "sad", "neutral"}
    assert len(report["confusion_matrix"]) == len(EMOTIONS)
