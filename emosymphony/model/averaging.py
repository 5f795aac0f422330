"""Stochastic weight averaging: the mean of a network's weights over its last epochs, with batch norm re-estimated."""

from __future__ import annotations

from pathlib import Path

import keras
import numpy as np

_BATCH_NORM_STATE = ("momentum", "moving_mean", "moving_variance")


class WeightAverage:
    """Running mean of a model's weights, one snapshot per epoch; saved beside the run's checkpoints."""

    def __init__(self, weights: list[np.ndarray] | None = None, count: int = 0):
        self.weights, self.count = weights, count

    def add(self, weights: list[np.ndarray]) -> None:
        """Take one more snapshot into the mean."""
        self.count += 1
        if self.weights is None:
            self.weights = [np.array(w, copy=True) for w in weights]
            return
        for mean, new in zip(self.weights, weights):
            mean += (new - mean) / self.count

    def save(self, path: Path) -> None:
        """Write the mean and its snapshot count to an .npz file (atomically)."""
        partial = path.with_name("partial-" + path.name)
        with partial.open("wb") as file:
            np.savez(file, *self.weights, count=self.count)
        partial.replace(path)

    @classmethod
    def load(cls, path: Path) -> "WeightAverage":
        """Read a mean written by `save`."""
        with np.load(path) as stored:
            weights = [stored[f"arr_{i}"] for i in range(len(stored.files) - 1)]
            return cls(weights, int(stored["count"]))


def reestimate_batch_norm(model: keras.Model, images: np.ndarray, batch_size: int = 256) -> None:
    """Set every batch-norm layer's moving mean and variance to their average over `images` (N, 48, 48) uint8.

    Averaged weights never ran together during training, so the moving statistics collected along the
    way do not fit them; one pass over the (unaugmented) training faces measures the right ones.
    """
    layers = [layer for layer in model.layers if all(hasattr(layer, name) for name in _BATCH_NORM_STATE)]
    saved_momentum = [layer.momentum for layer in layers]
    for layer in layers:
        layer.moving_mean.assign(np.zeros(layer.moving_mean.shape))
        layer.moving_variance.assign(np.ones(layer.moving_variance.shape))
    order = np.random.default_rng(0).permutation(len(images))  # batches of mixed emotions, as in training
    for step, start in enumerate(range(0, len(images), batch_size)):
        for layer in layers:
            layer.momentum = step / (step + 1)  # a cumulative mean over the batches seen so far
        batch = images[order[start : start + batch_size]]
        model(batch[..., None].astype(np.float32), training=True)
    for layer, momentum in zip(layers, saved_momentum):
        layer.momentum = momentum
