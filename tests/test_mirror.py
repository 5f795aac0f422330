"""Mirror-paired convolutions: a mirrored input gives the mirrored features with the pair halves swapped."""

import numpy as np
import pytest

keras = pytest.importorskip("keras", reason="training needs TensorFlow (scripts/setup.sh --train)", exc_type=ImportError)

from emosymphony.model.architectures import build_model  # noqa: E402
from emosymphony.model.mirror import MirrorConvBN  # noqa: E402

pytestmark = pytest.mark.slow  # builds and trains Keras networks


def _swap_halves(features: np.ndarray) -> np.ndarray:
    half = features.shape[-1] // 2
    return np.concatenate([features[..., half:], features[..., :half]], axis=-1)


def _trained_layer(filters: int, channels: int, paired_input: bool) -> MirrorConvBN:
    layer = MirrorConvBN(filters, paired_input)
    rng = np.random.default_rng(1)
    batch = rng.normal(size=(4, 10, 10, channels)).astype("float32")
    layer(batch, training=True)  # moves the normalisation statistics away from their start
    layer.gamma.assign(rng.uniform(0.5, 2.0, filters // 2).astype("float32"))
    layer.beta.assign(rng.normal(size=filters // 2).astype("float32"))
    return layer


@pytest.mark.parametrize("training", [False, True])
def test_first_layer_mirrors_its_features_for_a_mirrored_image(training):
    layer = _trained_layer(8, 1, paired_input=False)
    image = np.random.default_rng(2).normal(size=(2, 12, 12, 1)).astype("float32")
    features = keras.ops.convert_to_numpy(layer(image, training=training))
    mirrored = keras.ops.convert_to_numpy(layer(image[:, :, ::-1], training=training))
    np.testing.assert_allclose(mirrored, _swap_halves(features[:, :, ::-1]), atol=1e-5)


def test_paired_layer_keeps_the_pairing():
    layer = _trained_layer(6, 4, paired_input=True)
    features = np.random.default_rng(3).normal(size=(2, 8, 8, 4)).astype("float32")
    mirrored_input = _swap_halves(features[:, :, ::-1])
    out = keras.ops.convert_to_numpy(layer(features))
    np.testing.assert_allclose(keras.ops.convert_to_numpy(layer(mirrored_input)), _swap_halves(out[:, :, ::-1]), atol=1e-5)


def test_layer_without_the_symmetry_is_caught():
    """The check above can fail: a plain convolution does not pass it."""
    conv = keras.layers.Conv2D(8, 3, padding="same")
    image = np.random.default_rng(2).normal(size=(2, 12, 12, 1)).astype("float32")
    features = keras.ops.convert_to_numpy(conv(image))
    assert not np.allclose(keras.ops.convert_to_numpy(conv(image[:, :, ::-1])), _swap_halves(features[:, :, ::-1]), atol=1e-3)


def test_odd_filter_count_is_refused():
    with pytest.raises(ValueError, match="even"):
        MirrorConvBN(7)


@pytest.mark.parametrize("arch", ["symphony-mirror", "symphony-mirror-wide"])
def test_mirror_networks_give_the_same_probabilities_for_a_mirrored_face(arch: str):
    model = build_model(arch)
    rng = np.random.default_rng(0)
    faces = rng.uniform(0, 255, (8, 48, 48, 1)).astype("float32")
    labels = np.eye(7, dtype="float32")[rng.integers(0, 7, 8)]
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    model.train_on_batch(faces, labels)
    probabilities = model.predict(faces, verbose=0)
    assert np.abs(probabilities - probabilities.mean(axis=0)).max() > 1e-4  # not a constant output
    np.testing.assert_allclose(model.predict(faces[:, :, ::-1], verbose=0), probabilities, atol=1e-6)
