"""EmotionClassifier: face crops in, probabilities of the seven emotions out."""

from __future__ import annotations

import hashlib
import os
import threading
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Iterable

import numpy as np

from ..data import IMAGE_SIZE
from ..emotions import EMOTIONS
from ..errors import ModelError, first_line, os_problem, shown
from ..settings import DEFAULT_SENSITIVITY
from .calibration import Calibration
from .input import to_model_input

BUNDLED_MODEL = "emotion.tflite"
"""The runtime model inside the package (emosymphony/model/emotion.tflite): the int8 build of models/emotion.keras."""
MODEL_ENV = "EMOSYMPHONY_MODEL"
MAX_BATCH = 64


def bundled_model() -> Traversable:
    """The runtime model shipped inside the package (found with importlib.resources, installed or not)."""
    return resources.files(__package__) / BUNDLED_MODEL


class EmotionClassifier:
    """Runs an emotion model with LiteRT (TensorFlow Lite) on batches of face crops; safe to share between threads."""

    def __init__(
        self,
        model_content: bytes,
        source: str,
        flip_average: bool = True,
        calibration: Calibration | None = None,
        sensitivity: float = DEFAULT_SENSITIVITY,
    ):
        self.source = source
        self.flip_average = flip_average
        self.calibration = calibration or Calibration()
        self.sensitivity = sensitivity
        self.resting_face: np.ndarray | None = None
        """The listener's resting-face offsets (resting_face.py), or None; the camera thread reads it at each look."""
        if not 0.0 <= sensitivity <= 1.0:
            raise ValueError(f"sensitivity must be from 0 to 1, not {sensitivity}")
        self._content = model_content
        self._interpreters: dict[int, object] = {}
        self._lock = threading.Lock()
        self._interpreter(1)  # fails now, not on the first face, if the model is not usable

    @classmethod
    def load(
        cls,
        path: str | Path | None = None,
        flip_average: bool = True,
        sensitivity: float = DEFAULT_SENSITIVITY,
        calibration: Calibration | None = None,
    ) -> "EmotionClassifier":
        """Load a `.tflite` model or a Keras `.keras` model (default: $EMOSYMPHONY_MODEL, else the bundled one).

        `flip_average` also classifies the mirrored face and averages the two (on FER2013 val it
        raises accuracy by 1-2 points at twice the cost; see models/MODEL_CARD.md). The probabilities are
        calibrated by `calibration` (default: the `.json` beside the model) at `sensitivity` (0 calm .. 1 expressive).
        """
        path = path if path is not None else os.environ.get(MODEL_ENV)
        if path is None:
            model = bundled_model()
            if not model.is_file():
                raise ModelError(f"the bundled model {BUNDLED_MODEL} is missing from this installation; reinstall emosymphony")
            return cls(model.read_bytes(), f"emosymphony/model/{BUNDLED_MODEL} (bundled)", flip_average,
                       calibration or Calibration.beside(model), sensitivity)
        path = Path(path)
        if not path.is_file():
            raise ModelError(f"model file not found: {shown(path)}")
        try:
            content = _keras_content(path) if path.suffix == ".keras" else path.read_bytes()
        except OSError as error:
            raise ModelError(f"cannot read the model {shown(path)}: {os_problem(error)}") from None
        try:
            return cls(content, str(path), flip_average, calibration or Calibration.beside(path), sensitivity)
        except (ValueError, RuntimeError) as error:
            raise ModelError(f"{path} is not a usable emotion model ({first_line(error)})") from None

    def predict(self, faces: Iterable[np.ndarray] | np.ndarray) -> np.ndarray:
        """Probabilities (N, 7) in FER2013 order for N face crops (grayscale or BGR uint8, any size)."""
        crops = [to_model_input(face) for face in faces]
        if not crops:
            return np.zeros((0, len(EMOTIONS)), dtype=np.float32)
        batch = np.stack(crops)[..., None]
        probabilities = self._run(batch)
        if self.flip_average:
            probabilities = probabilities + self._run(batch[:, :, ::-1])
        # An int8 model's softmax comes in steps of 1/256: scale each row back to a sum of exactly 1.
        probabilities = probabilities / np.maximum(probabilities.sum(axis=1, keepdims=True), 1e-12)
        return self.calibration.apply(probabilities, self.sensitivity, self.resting_face).astype(np.float32)

    @property
    def identity(self) -> str:
        """Names this model's weights (a resting face taught for other weights is never applied to these)."""
        return hashlib.sha256(self._content).hexdigest()[:16]

    def _run(self, batch: np.ndarray) -> np.ndarray:
        outputs = []
        with self._lock:
            for start in range(0, len(batch), MAX_BATCH):
                chunk = np.ascontiguousarray(batch[start : start + MAX_BATCH], dtype=np.float32)
                interpreter = self._interpreter(len(chunk))
                interpreter.set_tensor(interpreter.get_input_details()[0]["index"], chunk)
                interpreter.invoke()
                outputs.append(interpreter.get_tensor(interpreter.get_output_details()[0]["index"]).copy())
        return np.concatenate(outputs)

    def _interpreter(self, size: int):
        interpreter = self._interpreters.get(size)
        if interpreter is None:
            interpreter = _new_interpreter(self._content, size)
            self._interpreters[size] = interpreter
        return interpreter


def _keras_content(path: Path) -> bytes:
    """A .keras model converted for LiteRT; converting needs TensorFlow (the [train] extra)."""
    try:
        from .export import keras_to_tflite
    except ImportError:
        raise ModelError(f"{shown(path)}: running a .keras model needs TensorFlow; "
                         "install it with: pip install 'emosymphony[train]' (or use the .tflite model)") from None
    return keras_to_tflite(path)


def _new_interpreter(content: bytes, size: int):
    from ai_edge_litert.interpreter import Interpreter

    interpreter = Interpreter(model_content=content, num_threads=min(2, os.cpu_count() or 1))
    details = interpreter.get_input_details()
    outputs = interpreter.get_output_details()
    if len(details) != 1 or tuple(details[0]["shape"][1:]) != (IMAGE_SIZE, IMAGE_SIZE, 1):
        raise ValueError(f"expects input {tuple(details[0]['shape'])}, not (N, 48, 48, 1)")
    if len(outputs) != 1 or int(outputs[0]["shape"][-1]) != len(EMOTIONS):
        raise ValueError("does not output the seven emotions")
    interpreter.resize_tensor_input(details[0]["index"], [size, IMAGE_SIZE, IMAGE_SIZE, 1])
    interpreter.allocate_tensors()
    return interpreter
