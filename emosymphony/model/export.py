"""Converting a trained Keras model to the TensorFlow Lite build the program runs (needs TensorFlow)."""

from __future__ import annotations

import contextlib
import sys
import zipfile
from pathlib import Path

import numpy as np
import tensorflow as tf

from ..data import IMAGE_SIZE
from ..emotions import EMOTIONS
from ..errors import ModelError, first_line, shown
from ..files import write_atomically


def keras_to_tflite(path: Path, representative: np.ndarray | None = None) -> bytes:
    """Convert a Keras model file to TensorFlow Lite; int8 when representative faces are given."""
    from .architectures import load_keras_model

    if not zipfile.is_zipfile(path):  # Keras would call a damaged file "not found"
        raise ModelError(f"{shown(path)} is damaged or not a Keras model (a .keras file is a zip archive)")
    try:
        model = load_keras_model(path, compile=False)
    except Exception as error:  # Keras raises many kinds for a damaged or foreign file
        raise ModelError(f"{shown(path)} is not a usable Keras model ({first_line(error)})") from None
    if tuple(model.input_shape[1:]) != (IMAGE_SIZE, IMAGE_SIZE, 1) or model.output_shape[-1] != len(EMOTIONS):
        raise ModelError(f"{shown(path)}: expects input {model.input_shape} and gives {model.output_shape}, not 48x48x1 -> 7")
    converter = tf.lite.TFLiteConverter.from_keras_model(model)
    if representative is not None:
        converter.optimizations = [tf.lite.Optimize.DEFAULT]
        converter.representative_dataset = lambda: ([face[None, ..., None]] for face in representative)
    with contextlib.redirect_stdout(sys.stderr):  # the converter reports its temporary SavedModel on stdout
        return converter.convert()


def export_int8(keras_path: Path, faces: np.ndarray, out: Path) -> None:
    """Write the int8 TensorFlow Lite build of a Keras model, calibrated on (N, 48, 48) faces."""
    write_atomically(out, keras_to_tflite(keras_path, representative=faces.astype(np.float32)))
