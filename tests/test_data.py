from pathlib import Path

import cv2
import numpy as np
import pytest

from emosymphony import EMOTIONS
from emosymphony.data import DatasetError, read_dataset


def _folder(root: Path, counts: dict[str, int], size: int = 48) -> Path:
    rng = np.random.default_rng(0)
    for emotion, count in counts.items():
        (root / emotion).mkdir(parents=True, exist_ok=True)
        for i in range(count):
            cv2.imwrite(str(root / emotion / f"{i}.png"), rng.integers(0, 255, (size, size), dtype=np.uint8))
    return root


def _csv(path: Path, rows: list[tuple[int, int, str]]) -> Path:
    lines = ["emotion,pixels,Usage"] + [f"{label},{' '.join([str(value)] * 2304)},{usage}" for label, value, usage in rows]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_folder_layout_reads_labels_in_fer_order(tmp_path):
    data = read_dataset(_folder(tmp_path, {"happy": 3, "angry": 2}))
    assert data.images.shape == (5, 48, 48) and data.images.dtype == np.uint8
    assert data.class_counts["happy"] == 3 and data.class_counts["angry"] == 2
    assert sorted(set(data.labels.tolist())) == [EMOTIONS.index("angry"), EMOTIONS.index("happy")]
    assert data.classes_present == ("angry", "happy")


def test_folder_images_of_other_sizes_are_resized(tmp_path):
    data = read_dataset(_folder(tmp_path, {"sad": 2}, size=100))
    assert data.images.shape == (2, 48, 48)


def test_real_fer_val_folder(fer_val):
    data = read_dataset(fer_val)
    assert len(data) == 3589
    assert data.class_counts == {"angry": 467, "disgust": 56, "fear": 496, "happy": 895, "sad": 653, "surprise": 415, "neutral": 607}


def test_unknown_subfolders_are_named_in_the_error(tmp_path):
    _folder(tmp_path, {"happy": 1})
    (tmp_path / "joy").mkdir()
    with pytest.raises(DatasetError, match="joy"):
        read_dataset(tmp_path)


def test_folder_without_emotion_folders_says_what_it_expected(tmp_path):
    (tmp_path / "pics").mkdir()
    with pytest.raises(DatasetError, match="expected one sub-folder per emotion.*found pics"):
        read_dataset(tmp_path)


def test_training_requires_every_class(tmp_path):
    _folder(tmp_path, {"happy": 1, "sad": 1})
    with pytest.raises(DatasetError, match="no images for angry, disgust, fear, surprise, neutral"):
        read_dataset(tmp_path, require_all_classes=True)


def test_corrupt_images_are_skipped_and_listed(tmp_path):
    _folder(tmp_path, {"fear": 2})
    (tmp_path / "fear" / "broken.png").write_bytes(b"not a png")
    data = read_dataset(tmp_path)
    assert len(data) == 2 and data.skipped == [str(tmp_path / "fear" / "broken.png")]


def test_folder_of_only_corrupt_images_is_an_error(tmp_path):
    (tmp_path / "fear").mkdir()
    (tmp_path / "fear" / "broken.png").write_bytes(b"xx")
    with pytest.raises(DatasetError, match="no readable images"):
        read_dataset(tmp_path)


def test_csv_split_selects_usage(tmp_path):
    path = _csv(tmp_path / "fer2013.csv", [(3, 10, "Training"), (0, 20, "PublicTest"), (6, 30, "PrivateTest")])
    private = read_dataset(path, split="PrivateTest")
    assert private.labels.tolist() == [6] and int(private.images[0, 0, 0]) == 30
    assert len(read_dataset(path)) == 3


def test_csv_with_wrong_columns(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("label,data\n1,2\n")
    with pytest.raises(DatasetError, match="expected columns emotion,pixels,Usage; found label,data"):
        read_dataset(path)


def test_csv_with_short_pixel_row_names_the_line(tmp_path):
    path = tmp_path / "fer.csv"
    path.write_text("emotion,pixels,Usage\n1,1 2 3,Training\n")
    with pytest.raises(DatasetError, match="line 2: expected 2304 pixels"):
        read_dataset(path)


def test_csv_bad_label_and_unknown_split(tmp_path):
    path = _csv(tmp_path / "fer.csv", [(9, 1, "Training")])
    with pytest.raises(DatasetError, match="emotion 9 is not a label"):
        read_dataset(path)
    with pytest.raises(DatasetError, match="unknown split"):
        read_dataset(path, split="Test")


def test_missing_path_and_non_csv_file(tmp_path):
    with pytest.raises(DatasetError, match="not found"):
        read_dataset(tmp_path / "nothing")
    other = tmp_path / "a.txt"
    other.write_text("x")
    with pytest.raises(DatasetError, match="not a fer2013 .csv"):
        read_dataset(other)
