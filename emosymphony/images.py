"""Reading user images safely, and converting them to grayscale.

Every image the program opens goes through `load_image`: Python reads the bytes (so any file name
works, UTF-8 or not), Pillow checks the size from the header before anything is decoded (so a
"decompression bomb" is refused, not unpacked), decodes the whole image (so a truncated file is
reported as damaged) and turns phone photos upright by their EXIF orientation.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import numpy as np

from .errors import EmosymphonyError, shown
from .files import read_limited

MAX_PIXELS = 40_000_000
"""Largest image (width x height) we decode; bigger ones are refused with a clear message."""
MAX_BYTES = 200_000_000
"""Largest image file we read (an uncompressed 40-megapixel picture fits); bigger ones are refused unread."""


class ImageError(EmosymphonyError):
    """An image file is missing, unreadable, corrupt, empty or too large."""


def load_image(path: str | Path, gray: bool = False) -> np.ndarray:
    """Read an image file as BGR uint8 (or grayscale with `gray`), or raise ImageError saying what is wrong."""
    try:
        data = read_limited(path, MAX_BYTES, "an image")
    except EmosymphonyError as error:
        raise ImageError(str(error)) from None
    return decode_image(data, shown(path), gray)


def decode_image(data: bytes, name: str, gray: bool = False) -> np.ndarray:
    """Decode image file bytes as BGR (or grayscale) uint8; `name` is how errors refer to it."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    if not data:
        raise ImageError(f"{name}: empty file")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise ImageError(f"{name}: {width}x{height} is too large (over {MAX_PIXELS // 1_000_000} megapixels)")
                image.load()
                image = ImageOps.exif_transpose(image)
                converted = image.convert("L" if gray else "RGB")
    except Image.DecompressionBombError:
        raise ImageError(f"{name}: too large to open safely (over {MAX_PIXELS // 1_000_000} megapixels)") from None
    except UnidentifiedImageError:
        raise ImageError(f"{name}: not an image (or a format we cannot read)") from None
    except (OSError, ValueError, SyntaxError, EOFError) as error:  # Pillow's ways of saying "damaged"
        raise ImageError(f"{name}: damaged or truncated image ({error})") from None
    pixels = np.asarray(converted)  # Pillow's decoders never give an image without pixels
    return np.ascontiguousarray(pixels if gray else pixels[..., ::-1])


def to_gray(image: np.ndarray) -> np.ndarray:
    """A uint8 grayscale version of a grayscale, BGR or BGRA image."""
    import cv2

    if image.ndim == 3 and image.shape[2] == 1:
        image = image[..., 0]
    if image.ndim == 2:
        return image if image.dtype == np.uint8 else np.clip(image, 0, 255).astype(np.uint8)
    if image.ndim != 3 or image.shape[2] not in (3, 4):
        raise ValueError(f"expected a grayscale or colour image, got shape {image.shape}")
    if image.dtype not in (np.uint8, np.uint16, np.float32):  # what OpenCV converts; other numbers go through float32
        image = image.astype(np.float32)
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)  # OpenCV takes 3 or 4 channels here (alpha is left out)
    return gray if gray.dtype == np.uint8 else np.clip(gray, 0, 255).astype(np.uint8)
