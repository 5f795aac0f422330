"""Reading user images safely, and converting them to grayscale."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from .errors import EmosymphonyError

MAX_PIXELS = 40_000_000
"""Largest image (width x height) we decode; bigger ones are refused with a clear message."""


class ImageError(EmosymphonyError):
    """An image file is missing, unreadable, corrupt, empty or too large."""


def load_image(path: str | Path) -> np.ndarray:
    """Read an image file as BGR uint8, or raise ImageError saying what is wrong with it."""
    from PIL import Image, UnidentifiedImageError

    path = Path(path)
    if not path.exists():
        raise ImageError(f"{path}: no such file")
    if path.is_dir():
        raise ImageError(f"{path}: is a folder, not an image")
    try:
        if path.stat().st_size == 0:
            raise ImageError(f"{path}: empty file")
        with Image.open(path) as header:
            width, height = header.size
    except UnidentifiedImageError:
        raise ImageError(f"{path}: not an image (or a format we cannot read)") from None
    except OSError as error:
        raise ImageError(f"{path}: cannot read ({error.strerror or error})") from None
    if width * height > MAX_PIXELS:
        raise ImageError(f"{path}: {width}x{height} is too large (over {MAX_PIXELS // 1_000_000} megapixels)")
    image = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if image is None or image.size == 0:
        raise ImageError(f"{path}: corrupt or truncated image")
    return image


def to_gray(image: np.ndarray) -> np.ndarray:
    """A uint8 grayscale version of a grayscale, BGR or BGRA image."""
    if image.ndim == 3 and image.shape[2] == 1:
        image = image[..., 0]
    if image.ndim == 2:
        return image if image.dtype == np.uint8 else np.clip(image, 0, 255).astype(np.uint8)
    if image.ndim != 3 or image.shape[2] not in (3, 4):
        raise ValueError(f"expected a grayscale or colour image, got shape {image.shape}")
    gray = cv2.cvtColor(image, cv2.COLOR_BGRA2GRAY if image.shape[2] == 4 else cv2.COLOR_BGR2GRAY)
    return gray if gray.dtype == np.uint8 else np.clip(gray, 0, 255).astype(np.uint8)
