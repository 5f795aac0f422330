import numpy as np

from emosymphony.vision.lighting import brightness, enhance


def test_brightness_is_the_mean_gray_level():
    assert brightness(np.full((10, 10), 40, np.uint8)) == 40.0


def test_enhance_brightens_a_dark_frame_and_keeps_detail():
    rng = np.random.default_rng(0)
    dark = rng.integers(0, 40, (120, 160)).astype(np.uint8)
    bright = enhance(dark)
    assert bright.shape == dark.shape and bright.dtype == np.uint8
    assert brightness(bright) > 80
    assert np.corrcoef(dark.ravel(), bright.ravel())[0, 1] > 0.5
