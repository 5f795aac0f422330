"""The one image reader: what it returns for good pictures, and the message it gives for every kind of bad one."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from emosymphony.images import MAX_BYTES, MAX_PIXELS, ImageError, decode_image, load_image, to_gray


def _png(pixels: np.ndarray, mode: str) -> bytes:
    out = io.BytesIO()
    Image.fromarray(pixels, mode).save(out, "PNG")
    return out.getvalue()


RGB = np.zeros((4, 6, 3), np.uint8)
RGB[..., 0], RGB[..., 1], RGB[..., 2] = 200, 100, 10  # red 200, green 100, blue 10


def test_colour_comes_back_as_bgr_and_gray_as_one_channel(tmp_path):
    path = tmp_path / "p.png"
    path.write_bytes(_png(RGB, "RGB"))
    colour = load_image(path)
    assert colour.shape == (4, 6, 3) and colour.dtype == np.uint8 and colour.flags["C_CONTIGUOUS"]
    assert colour[0, 0].tolist() == [10, 100, 200]
    gray = load_image(path, gray=True)
    assert gray.shape == (4, 6) and gray[0, 0] == round(0.299 * 200 + 0.587 * 100 + 0.114 * 10)


def test_a_phone_photo_is_turned_upright_by_its_exif_orientation():
    pixels = np.zeros((2, 3, 3), np.uint8)
    pixels[0, 0] = 255  # a white pixel at the top left
    image = Image.fromarray(pixels, "RGB")
    exif = image.getexif()
    exif[0x0112] = 6  # "rotate 90° clockwise to view"
    out = io.BytesIO()
    image.save(out, "PNG", exif=exif)
    upright = decode_image(out.getvalue(), "phone.png")
    assert upright.shape == (3, 2, 3) and upright[0, 1].tolist() == [255, 255, 255]


@pytest.mark.parametrize("data, message", [
    (b"", "phone.png: empty file"),
    (b"hello", "phone.png: not an image"),
    (_png(np.random.default_rng(0).integers(0, 256, (64, 64, 3), dtype=np.uint8), "RGB")[:2000],
     "phone.png: damaged or truncated image"),
])
def test_bad_bytes_are_named_and_said(data, message):
    with pytest.raises(ImageError, match=f"^{message}"):
        decode_image(data, "phone.png")


def test_the_pixel_limit_is_exact():
    width, side = 8000, MAX_PIXELS // 8000  # exactly the limit
    at_limit = Image.new("L", (width, side))
    out = io.BytesIO()
    at_limit.save(out, "PNG")
    assert decode_image(out.getvalue(), "x.png", gray=True).shape == (side, width)
    over = Image.new("L", (width + 1, side))
    out = io.BytesIO()
    over.save(out, "PNG")
    with pytest.raises(ImageError, match=f"x.png: {width + 1}x{side} is too large \\(over 40 megapixels\\)"):
        decode_image(out.getvalue(), "x.png")


def test_a_file_over_the_byte_limit_is_refused_unread(tmp_path):
    big = tmp_path / "big.png"
    with open(big, "wb") as handle:
        handle.write(_png(RGB, "RGB"))
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(ImageError, match="big.png: too large for an image"):
        load_image(big)
    exact = tmp_path / "exact.png"
    with open(exact, "wb") as handle:
        handle.write(_png(RGB, "RGB"))
        handle.truncate(MAX_BYTES)
    assert load_image(exact).shape == (4, 6, 3)  # the limit itself is allowed (PNG ignores what follows its end)


@pytest.mark.parametrize("image, expected", [
    (np.full((2, 2), 7, np.uint8), 7),
    (np.full((2, 2, 1), 9, np.uint8), 9),
    (np.full((2, 2), 300.0), 255),
    (np.full((2, 2), -5.0), 0),
    (np.dstack([np.full((2, 2), 10, np.uint8), np.full((2, 2), 100, np.uint8), np.full((2, 2), 200, np.uint8)]),
     round(0.114 * 10 + 0.587 * 100 + 0.299 * 200)),
    (np.dstack([np.full((2, 2), 10, np.uint8), np.full((2, 2), 100, np.uint8), np.full((2, 2), 200, np.uint8),
                np.zeros((2, 2), np.uint8)]), round(0.114 * 10 + 0.587 * 100 + 0.299 * 200)),
])
def test_to_gray_takes_every_layout(image, expected):
    gray = to_gray(image)
    assert gray.shape == (2, 2) and gray.dtype == np.uint8 and int(gray[0, 0]) == expected


def test_to_gray_refuses_what_is_not_a_picture():
    with pytest.raises(ValueError, match="expected a grayscale or colour image"):
        to_gray(np.zeros((2, 2, 2), np.uint8))
    with pytest.raises(ValueError):
        to_gray(np.zeros(4, np.uint8))


def test_a_gray_picture_keeps_its_left_and_right():
    ramp = np.tile(np.arange(0, 250, 50, dtype=np.uint8), (3, 1))  # dark on the left, light on the right
    gray = decode_image(_png(ramp, "L"), "ramp.png", gray=True)
    assert gray[0].tolist() == [0, 50, 100, 150, 200]
    one = decode_image(_png(np.full((1, 1), 9, np.uint8), "L"), "dot.png", gray=True)
    assert one.shape == (1, 1) and one[0, 0] == 9


def test_a_bomb_beyond_pillows_own_limit_is_named_too():
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 20000, 20000, 8, 0, 0, 0, 0)
    bomb = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    with pytest.raises(ImageError) as caught:
        decode_image(bomb, "bomb.png")
    assert str(caught.value) in ("bomb.png: too large to open safely (over 40 megapixels)",
                                 "bomb.png: 20000x20000 is too large (over 40 megapixels)")


def test_colour_in_floats_is_clipped_to_bytes():
    bright = np.full((2, 2, 3), 400.0)
    dark = np.full((2, 2, 3), -20.0)
    assert to_gray(bright).tolist() == [[255, 255], [255, 255]] and to_gray(bright).dtype == np.uint8
    assert to_gray(dark).tolist() == [[0, 0], [0, 0]]
    assert to_gray(np.full((2, 2, 3), 100.4))[0, 0] == 100
