"""Training-time augmentation of face-crop batches, as TensorFlow ops inside the input pipeline."""

from __future__ import annotations

import math

import tensorflow as tf


MAX_ROTATION_DEGREES = 12.0
SCALE_RANGE = (0.9, 1.12)
MAX_SHIFT = 0.08
"""Largest shift as a fraction of the image side."""
CAMERA_SCALE_RANGE = (0.82, 1.22)
"""Framing jitter of the camera level: a live crop may be a fifth tighter or looser than FER2013's."""
CAMERA_MAX_SHIFT = 0.1
GAMMA_RANGE = (0.7, 1.4)
MAX_BLUR_SIGMA = 1.0
"""Largest Gaussian blur, in pixels of the 48-pixel face (a webcam out of focus, a small face)."""
MAX_NOISE = 4.0
"""Largest standard deviation of the sensor noise added, in grey levels."""
ERASE_PROBABILITY = 0.5
ERASE_AREA = (0.02, 0.15)


def augment_batch(images: tf.Tensor, level: str = "geometric") -> tf.Tensor:
    """Augment a (B, H, W, 1) float batch (0..255) at one of the levels of config.AUGMENTATIONS."""
    if level == "none":
        return images
    images = _flip(images)
    if level == "flip":
        return images
    if level == "camera":
        images = _affine(images, CAMERA_SCALE_RANGE, CAMERA_MAX_SHIFT)
        return _noise(_blur(_gamma(_relight(images))))
    images = _affine(images)
    if level == "geometric":
        return images
    images = _relight(images)
    return _erase(images)


def _flip(images: tf.Tensor) -> tf.Tensor:
    batch = tf.shape(images)[0]
    flip = tf.random.uniform([batch, 1, 1, 1]) < 0.5
    return tf.where(flip, tf.image.flip_left_right(images), images)


def _affine(
    images: tf.Tensor, scale_range: tuple[float, float] = SCALE_RANGE, max_shift: float = MAX_SHIFT
) -> tf.Tensor:
    """One random similarity transform per image about its centre, reflecting at the borders."""
    batch = tf.shape(images)[0]
    size = tf.cast(tf.shape(images)[1], tf.float32)
    angle = tf.random.uniform([batch], -1.0, 1.0) * (MAX_ROTATION_DEGREES * math.pi / 180.0)
    scale = tf.random.uniform([batch], *scale_range)
    shift = tf.random.uniform([batch, 2], -max_shift, max_shift) * size
    # The transform maps output pixel (x, y) to input pixel: in = R(-angle) / scale * (out - c) + c - shift.
    cos, sin = tf.cos(angle) / scale, tf.sin(angle) / scale
    centre = (size - 1.0) / 2.0
    a0, a1 = cos, sin
    b0, b1 = -sin, cos
    a2 = centre - a0 * centre - a1 * centre - shift[:, 0]
    b2 = centre - b0 * centre - b1 * centre - shift[:, 1]
    zeros = tf.zeros([batch])
    transforms = tf.stack([a0, a1, a2, b0, b1, b2, zeros, zeros], axis=1)
    return tf.raw_ops.ImageProjectiveTransformV3(
        images=images,
        transforms=transforms,
        output_shape=tf.shape(images)[1:3],
        fill_value=0.0,
        interpolation="BILINEAR",
        fill_mode="REFLECT",
    )


def _relight(images: tf.Tensor) -> tf.Tensor:
    batch = tf.shape(images)[0]
    contrast = tf.random.uniform([batch, 1, 1, 1], 0.75, 1.25)
    brightness = tf.random.uniform([batch, 1, 1, 1], -25.0, 25.0)
    mean = tf.reduce_mean(images, axis=[1, 2, 3], keepdims=True)
    return tf.clip_by_value((images - mean) * contrast + mean + brightness, 0.0, 255.0)


def _gamma(images: tf.Tensor) -> tf.Tensor:
    """A random gamma per image: darker or washed-out mid-tones, as an auto-exposing webcam gives."""
    batch = tf.shape(images)[0]
    log_gamma = tf.random.uniform([batch, 1, 1, 1], math.log(GAMMA_RANGE[0]), math.log(GAMMA_RANGE[1]))
    return 255.0 * tf.pow(images / 255.0, tf.exp(log_gamma))


def _blur(images: tf.Tensor) -> tf.Tensor:
    """Gaussian blur with a random sigma per image (0 leaves it sharp), 5x5 separable kernel."""
    batch = tf.shape(images)[0]
    sigma = tf.random.uniform([batch, 1], 0.0, MAX_BLUR_SIGMA) + 1e-3
    taps = tf.range(-2.0, 3.0)[None, :]
    kernel = tf.exp(-0.5 * tf.square(taps / sigma))
    kernel = kernel / tf.reduce_sum(kernel, axis=1, keepdims=True)  # (B, 5)
    padded = tf.pad(images, [[0, 0], [2, 2], [2, 2], [0, 0]], mode="REFLECT")
    # Each image its own kernel: sum the shifted copies, weighted per image.
    height, width = tf.shape(images)[1], tf.shape(images)[2]
    rows = sum(padded[:, i : i + height, :, :] * kernel[:, i, None, None, None] for i in range(5))
    return sum(rows[:, :, i : i + width, :] * kernel[:, i, None, None, None] for i in range(5))


def _noise(images: tf.Tensor) -> tf.Tensor:
    batch = tf.shape(images)[0]
    sigma = tf.random.uniform([batch, 1, 1, 1], 0.0, MAX_NOISE)
    return tf.clip_by_value(images + tf.random.normal(tf.shape(images)) * sigma, 0.0, 255.0)


def _erase(images: tf.Tensor) -> tf.Tensor:
    """Random erasing: with some probability, fill one random rectangle with noise."""
    shape = tf.shape(images)
    batch, height, width = shape[0], shape[1], shape[2]
    area = tf.random.uniform([batch], *ERASE_AREA) * tf.cast(height * width, tf.float32)
    aspect = tf.exp(tf.random.uniform([batch], math.log(0.5), math.log(2.0)))
    box_h = tf.minimum(tf.sqrt(area * aspect), tf.cast(height, tf.float32))
    box_w = tf.minimum(tf.sqrt(area / aspect), tf.cast(width, tf.float32))
    top = tf.random.uniform([batch]) * (tf.cast(height, tf.float32) - box_h)
    left = tf.random.uniform([batch]) * (tf.cast(width, tf.float32) - box_w)
    rows = tf.cast(tf.range(height), tf.float32)[None, :, None]
    cols = tf.cast(tf.range(width), tf.float32)[None, None, :]
    inside = (
        (rows >= top[:, None, None])
        & (rows < (top + box_h)[:, None, None])
        & (cols >= left[:, None, None])
        & (cols < (left + box_w)[:, None, None])
    )
    chosen = tf.random.uniform([batch, 1, 1]) < ERASE_PROBABILITY
    mask = (inside & chosen)[..., None]
    noise = tf.random.uniform(shape, 0.0, 255.0)
    return tf.where(mask, noise, images)


def mixup(
    images: tf.Tensor, labels: tf.Tensor, weights: tf.Tensor, alpha: float
) -> tuple[tf.Tensor, tf.Tensor, tf.Tensor]:
    """Blend each sample of a batch with another one of the same batch (mixup, Zhang et al. 2018).

    One mixing share lambda ~ Beta(alpha, alpha) per batch, folded to lambda >= 0.5 so every sample
    stays mostly itself; images, one-hot labels and sample weights are blended alike.
    """
    first = tf.random.gamma([], alpha)
    share = first / (first + tf.random.gamma([], alpha))
    share = tf.maximum(share, 1.0 - share)
    partner = tf.random.shuffle(tf.range(tf.shape(images)[0]))

    def blend(values: tf.Tensor) -> tf.Tensor:
        return share * values + (1.0 - share) * tf.gather(values, partner)

    return blend(images), blend(labels), blend(weights)
