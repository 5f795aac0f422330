"""Every registered architecture must build, train a step, save, load and predict the same."""

import numpy as np
import pytest

from emosymphony import EMOTIONS
from emosymphony.model.architectures import INPUT_SHAPE, architecture_names, build_model, load_keras_model

pytestmark = pytest.mark.slow  # builds and trains Keras networks


@pytest.mark.parametrize("name", architecture_names())
def test_architecture_contract(name, tmp_path):
    pytest.importorskip("keras", reason="training needs TensorFlow (scripts/setup.sh --train)", exc_type=ImportError)
    model = build_model(name)
    assert model.input_shape[1:] == INPUT_SHAPE
    assert model.output_shape[1:] == (len(EMOTIONS),)

    rng = np.random.default_rng(0)
    faces = rng.uniform(0, 255, (8, *INPUT_SHAPE)).astype("float32")
    labels = np.eye(len(EMOTIONS), dtype="float32")[rng.integers(0, len(EMOTIONS), 8)]
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    before = [w.copy() for w in model.get_weights()]
    loss = model.train_on_batch(faces, labels)
    assert np.isfinite(loss)
    assert any(not np.array_equal(a, b) for a, b in zip(before, model.get_weights())), "a training step changed nothing"

    predictions = model.predict(faces, verbose=0)
    np.testing.assert_allclose(predictions.sum(axis=1), 1.0, rtol=1e-5)
    path = tmp_path / f"{name}.keras"
    model.save(path)
    loaded = load_keras_model(path)
    np.testing.assert_allclose(loaded.predict(faces, verbose=0), predictions, rtol=1e-5, atol=1e-6)


def test_unknown_architecture_lists_the_registered_ones():
    with pytest.raises(ValueError, match="seed-cnn"):
        build_model("resnet-9000")
