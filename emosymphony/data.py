"""Readers for facial-expression data sets: the folder layout and the original fer2013.csv."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from .emotions import EMOTIONS
from .errors import EmosymphonyError, os_problem, shown
from .files import check_regular
from .images import ImageError, load_image

IMAGE_SIZE = 48
"""Side of the square grayscale face crops the data sets hold (FER2013's native size)."""

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".pgm", ".webp"})
CSV_SPLITS = ("Training", "PublicTest", "PrivateTest")
_CSV_COLUMNS = ("emotion", "pixels", "Usage")


class DatasetError(EmosymphonyError):
    """A data set is missing, malformed, or not in a layout we read."""


@dataclass
class Dataset:
    """Face crops (N, 48, 48) uint8 with their FER2013 labels (N,) int64.

    `files` holds each face's `CLASS/NAME` path when it was read from a folder (empty for a CSV).
    """

    images: np.ndarray
    labels: np.ndarray
    source: str
    skipped: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.labels)

    def subset(self, keep: np.ndarray) -> "Dataset":
        """The faces where the boolean mask `keep` is true."""
        files = [name for name, kept in zip(self.files, keep) if kept]
        return Dataset(self.images[keep], self.labels[keep], self.source, self.skipped, files)

    @property
    def class_counts(self) -> dict[str, int]:
        """Number of images of each emotion, in FER2013 order."""
        counts = np.bincount(self.labels, minlength=len(EMOTIONS))
        return {name: int(n) for name, n in zip(EMOTIONS, counts)}

    @property
    def classes_present(self) -> tuple[str, ...]:
        """Emotions that have at least one image."""
        return tuple(name for name, n in self.class_counts.items() if n)


def read_dataset(path: str | Path, split: str | None = None, require_all_classes: bool = False) -> Dataset:
    """Read a folder `ROOT/CLASS/*.png|jpg` or a `fer2013.csv` file (then `split` picks the Usage)."""
    path = Path(path)
    try:
        if not path.exists():
            raise DatasetError(f"data set not found: {shown(path)}")
        if path.is_file():
            if path.suffix.lower() != ".csv":
                raise DatasetError(f"{shown(path)} is a file but not a fer2013 .csv; expected a folder ROOT/CLASS/*.png or fer2013.csv")
            data = _read_csv(path, split)
        else:
            if split is not None:
                raise DatasetError("--split applies to fer2013.csv only; a folder is already one split")
            data = _read_folder(path)
    except OSError as error:
        raise DatasetError(f"{shown(error.filename or path)}: {os_problem(error)}") from None
    if require_all_classes:
        missing = [name for name, n in data.class_counts.items() if n == 0]
        if missing:
            raise DatasetError(f"{path}: no images for {', '.join(missing)}; training needs all of {', '.join(EMOTIONS)}")
    return data


def _read_folder(root: Path) -> Dataset:
    subdirs = sorted(p.name for p in root.iterdir() if p.is_dir())
    unknown = [d for d in subdirs if d.lower() not in EMOTIONS]
    known = [d for d in subdirs if d.lower() in EMOTIONS]
    if not known:
        found = ", ".join(subdirs) if subdirs else "no sub-folders"
        raise DatasetError(
            f"{root}: expected one sub-folder per emotion ({', '.join(EMOTIONS)}) holding images; found {found}"
        )
    if unknown:
        raise DatasetError(
            f"{root}: unexpected sub-folders {', '.join(unknown)}; expected only emotion folders ({', '.join(EMOTIONS)})"
        )
    images: list[np.ndarray] = []
    labels: list[int] = []
    files: list[str] = []
    skipped: list[str] = []
    for name in known:
        label = EMOTIONS.index(name.lower())
        for file in sorted((root / name).iterdir()):
            if file.suffix.lower() not in IMAGE_SUFFIXES:
                continue
            try:
                image = load_image(file, gray=True)
            except ImageError:
                skipped.append(shown(file))
                continue
            images.append(to_crop_size(image))
            labels.append(label)
            files.append(f"{name}/{file.name}")
    if not images:
        raise DatasetError(f"{root}: emotion folders hold no readable images (.png, .jpg, ...)")
    return Dataset(np.stack(images), np.asarray(labels, dtype=np.int64), str(root), skipped, files)


def _read_csv(path: Path, split: str | None) -> Dataset:
    if split is not None and split not in CSV_SPLITS:
        raise DatasetError(f"unknown split {split!r}; expected one of {', '.join(CSV_SPLITS)}")
    try:
        check_regular(path, "a CSV file")  # a named pipe or a device is refused, never read
    except EmosymphonyError as error:
        raise DatasetError(str(error)) from None
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        try:
            return _read_csv_rows(path, reader, split)
        except UnicodeDecodeError:
            raise DatasetError(f"{shown(path)}: not UTF-8 text (save it as UTF-8 CSV)") from None
        except csv.Error as error:
            raise DatasetError(f"{shown(path)}, line {reader.line_num}: not a readable CSV ({error})") from None


def _read_csv_rows(path: Path, reader: csv.DictReader, split: str | None) -> Dataset:
    images: list[np.ndarray] = []
    labels: list[int] = []
    columns = tuple(reader.fieldnames or ())
    missing = [c for c in _CSV_COLUMNS[:2] if c not in columns]
    if missing:
        raise DatasetError(f"{shown(path)}: expected columns {','.join(_CSV_COLUMNS)}; found {','.join(columns) or 'none'}")
    if split is not None and "Usage" not in columns:
        raise DatasetError(f"{shown(path)}: --split needs a Usage column; found {','.join(columns)}")
    for row in reader:
        line = reader.line_num
        if split is not None and row.get("Usage") != split:
            continue
        try:
            label = int(row["emotion"])
            pixels = np.asarray(row["pixels"].split(), dtype=np.uint8)
        except (ValueError, AttributeError, OverflowError, TypeError) as exc:
            raise DatasetError(f"{shown(path)}, line {line}: cannot read emotion/pixels ({exc})") from None
        if not 0 <= label < len(EMOTIONS):
            raise DatasetError(f"{shown(path)}, line {line}: emotion {label} is not a label 0..6")
        if pixels.size != IMAGE_SIZE * IMAGE_SIZE:
            raise DatasetError(
                f"{shown(path)}, line {line}: expected {IMAGE_SIZE * IMAGE_SIZE} pixels (48x48), found {pixels.size}"
            )
        images.append(pixels.reshape(IMAGE_SIZE, IMAGE_SIZE))
        labels.append(label)
    if not images:
        where = f" with Usage {split}" if split else ""
        raise DatasetError(f"{shown(path)}: no rows{where}")
    return Dataset(np.stack(images), np.asarray(labels, dtype=np.int64), f"{path}:{split or 'all'}")


def to_crop_size(image: np.ndarray) -> np.ndarray:
    """Resize a grayscale image to the model's 48x48 input size."""
    if image.shape[:2] == (IMAGE_SIZE, IMAGE_SIZE):
        return image
    shrinking = image.shape[0] > IMAGE_SIZE or image.shape[1] > IMAGE_SIZE
    interpolation = cv2.INTER_AREA if shrinking else cv2.INTER_LINEAR
    return cv2.resize(image, (IMAGE_SIZE, IMAGE_SIZE), interpolation=interpolation)
