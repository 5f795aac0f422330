"""Several trained networks as one model: the mean of their probabilities (needs TensorFlow).

The ensemble is an ordinary Keras model (input 48x48x1, output 7), so it is exported, calibrated and run
like any other: the program never knows it holds more than one network.
"""

from __future__ import annotations

from pathlib import Path

from ..data import IMAGE_SIZE
from ..files import write_atomically


def average_models(paths: list[Path], out: Path) -> None:
    """Write to `out` (.keras) one model whose output is the mean of the probabilities of the models in `paths`."""
    import tempfile

    import keras

    from .architectures import load_keras_model

    face = keras.Input((IMAGE_SIZE, IMAGE_SIZE, 1), name="face")
    outputs = []
    for number, path in enumerate(paths):
        member = load_keras_model(path, compile=False)
        member.name = f"member_{number}"  # nested models need names of their own
        outputs.append(member(face))
    model = keras.Model(face, keras.layers.Average(name="mean")(outputs), name="ensemble")
    with tempfile.TemporaryDirectory() as scratch:  # Keras writes by name; the file appears whole or not at all
        written = Path(scratch) / "ensemble.keras"
        model.save(written)
        write_atomically(out, written.read_bytes())
