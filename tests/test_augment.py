import numpy as np
import pytest

pytest.importorskip("tensorflow", reason="training needs TensorFlow (scripts/setup.sh --train)", exc_type=ImportError)

import tensorflow as tf  # noqa: E402

from emosymphony import read_dataset  # noqa: E402
from emosymphony.model.augment import augment_batch, mixup  # noqa: E402
from emosymphony.model.config import AUGMENTATIONS  # noqa: E402

pytestmark = pytest.mark.slow  # TensorFlow ops


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


def test_mixup_blends_each_face_mostly_with_itself_and_its_label_alike(faces):
    tf.random.set_seed(4)
    labels = np.eye(7, dtype=np.float32)[np.arange(len(faces)) % 7]
    weights = np.linspace(0.5, 2.0, len(faces)).astype(np.float32)
    blended = mixup(tf.constant(faces), tf.constant(labels), tf.constant(weights), 0.4)
    mixed, mixed_labels, mixed_weights = (t.numpy() for t in blended)
    np.testing.assert_allclose(mixed_labels.sum(axis=1), 1.0, rtol=1e-6)
    own_share = (mixed_labels * labels).sum(axis=1)
    assert np.all(own_share >= 0.5 - 1e-6) and np.any(own_share < 1.0)
    # Each mixed face is the same blend of its own face and one partner as its label and weight.
    for i in np.flatnonzero(own_share < 1.0):  # the others were paired with a face of their own class
        share = own_share[i]
        partner_pixels = (mixed[i] - share * faces[i]) / (1.0 - share)
        partner = np.argmin([np.abs(partner_pixels - f).max() for f in faces])
        np.testing.assert_allclose(partner_pixels, faces[partner], atol=1e-2)
        np.testing.assert_allclose(mixed_weights[i], share * weights[i] + (1 - share) * weights[partner], rtol=1e-5)
