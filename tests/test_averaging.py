import numpy as np
import pytest

pytest.importorskip("tensorflow", reason="training needs TensorFlow (scripts/setup.sh --train)", exc_type=ImportError)

import keras  # noqa: E402

from emosymphony.data import read_dataset  # noqa: E402
from emosymphony.model.averaging import WeightAverage, reestimate_batch_norm  # noqa: E402
from emosymphony.model.mirror import MirrorConvBN  # noqa: E402

pytestmark = pytest.mark.slow  # builds and trains Keras networks


@pytest.fixture(scope="module")
def faces(fer_val) -> np.ndarray:
    """96 real FER2013 faces of mixed emotions (uint8, 48x48)."""
    data = read_dataset(fer_val)
    return data.images[np.random.default_rng(0).choice(len(data), 96, replace=False)]


def test_the_average_is_the_mean_of_the_snapshots_and_survives_a_save(tmp_path):
    rng = np.random.default_rng(0)
    snapshots = [[rng.normal(size=(3, 4)).astype(np.float32), rng.normal(size=5).astype(np.float32)] for _ in range(4)]
    average = WeightAverage()
    for weights in snapshots[:2]:
        average.add(weights)
    average.save(tmp_path / "average.npz")
    resumed = WeightAverage.load(tmp_path / "average.npz")
    for weights in snapshots[2:]:
        resumed.add(weights)
    assert resumed.count == 4
    for mean, layer in zip(resumed.weights, zip(*snapshots)):
        np.testing.assert_allclose(mean, np.mean(layer, axis=0), rtol=1e-6, atol=1e-6)
    assert snapshots[0][0] is not resumed.weights[0]


def _model_with_both_kinds_of_batch_norm() -> keras.Model:
    inputs = keras.Input((48, 48, 1))
    x = keras.layers.Rescaling(1 / 255)(inputs)
    x = keras.layers.Conv2D(8, 3, padding="same", use_bias=False)(x)
    x = keras.layers.BatchNormalization(momentum=0.9)(x)
    x = MirrorConvBN(8)(keras.layers.ReLU()(x))
    return keras.Model(inputs, keras.layers.GlobalAveragePooling2D()(x))


def test_batch_norm_statistics_become_those_of_the_faces(faces):
    keras.utils.set_random_seed(0)
    model = _model_with_both_kinds_of_batch_norm()
    batch = faces[..., None].astype(np.float32)
    before = model(batch, training=False).numpy()
    reestimate_batch_norm(model, faces, batch_size=len(faces))
    # One batch of all the faces: the stored statistics are that batch's, so inference equals training mode.
    np.testing.assert_allclose(model(batch, training=False), model(batch, training=True), rtol=1e-3, atol=1e-4)
    assert not np.allclose(before, model(batch, training=False), atol=1e-3)
    assert model.layers[3].momentum == 0.9


def test_statistics_over_several_batches_are_their_mean(faces):
    inputs = keras.Input((48, 48, 1))
    norm = keras.layers.BatchNormalization()
    model = keras.Model(inputs, norm(inputs))
    reestimate_batch_norm(model, faces, batch_size=32)
    assert float(norm.moving_mean.numpy()[0]) == pytest.approx(faces.mean(), rel=1e-5)
    # The mean of three batches' variances: close to, not exactly, the variance of all faces.
    assert float(norm.moving_variance.numpy()[0]) == pytest.approx(faces.var(), rel=0.05)
