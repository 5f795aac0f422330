import numpy as np
import pytest
import tensorflow as tf

from emosymphony import read_dataset
from emosymphony.model.augment import AUGMENTATIONS, augment_batch


@pytest.fixture(scope="module")
def faces(fer_val) -> np.ndarray:
    """32 real FER2013 faces spread over the classes, as a (32, 48, 48, 1) float batch."""
    return read_dataset(fer_val).images[::100][:32, :, :, None].astype(np.float32)


@pytest.mark.parametrize("level", AUGMENTATIONS)
def test_every_level_keeps_shape_and_pixel_range(level, faces):
    tf.random.set_seed(0)
    augmented = augment_batch(tf.constant(faces), level).numpy()
    assert augmented.shape == faces.shape and augmented.dtype == np.float32
    assert augmented.min() >= 0.0 and augmented.max() <= 255.0


def test_none_returns_the_faces_unchanged(faces):
    np.testing.assert_array_equal(augment_batch(tf.constant(faces), "none").numpy(), faces)


def test_flip_mirrors_some_faces_and_leaves_the_others(faces):
    tf.random.set_seed(1)
    augmented = augment_batch(tf.constant(faces), "flip").numpy()
    mirrored = np.array([np.array_equal(a, f[:, ::-1]) for a, f in zip(augmented, faces)])
    unchanged = np.array([np.array_equal(a, f) for a, f in zip(augmented, faces)])
    assert np.all(mirrored | unchanged)
    assert 0 < mirrored.sum() < len(faces)


def test_geometric_moves_pixels_but_keeps_the_lighting(faces):
    tf.random.set_seed(2)
    augmented = augment_batch(tf.constant(faces), "geometric").numpy()
    changed = [not np.array_equal(a, f) and not np.array_equal(a, f[:, ::-1]) for a, f in zip(augmented, faces)]
    assert all(changed)
    # A similarity transform with reflected borders keeps each face's mean brightness roughly.
    np.testing.assert_allclose(augmented.mean(axis=(1, 2, 3)), faces.mean(axis=(1, 2, 3)), atol=20)


def test_full_relights_and_erases(faces):
    tf.random.set_seed(3)
    full = augment_batch(tf.constant(faces), "full").numpy()
    tf.random.set_seed(3)
    geometric = augment_batch(tf.constant(faces), "geometric").numpy()
    assert not np.allclose(full, geometric)
    brightness_shift = np.abs(full.mean(axis=(1, 2, 3)) - faces.mean(axis=(1, 2, 3)))
    assert brightness_shift.max() > 5
