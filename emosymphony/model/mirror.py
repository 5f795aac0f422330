"""A convolution whose filters come in mirror-image pairs, which makes a network blind to left and right.

Channel layout: a layer with 2m channels holds m filters and, in channels m..2m-1, their mirror images,
so the features of a mirrored face are the features of the face mirrored with the two halves swapped.
Stacking such layers (with 3x3 'same' convolutions, 2x2 pooling on even sizes and a final average
over space and over each pair) gives exactly the same output for a face and its mirror image, in one
pass: the network learns what flip test-time averaging would otherwise buy with a second pass.
"""

from __future__ import annotations

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="emosymphony")
class MirrorConvBN(keras.layers.Layer):
    """3x3 'same' convolution with mirror-paired filters and batch normalisation shared by each pair.

    `paired_input=False` for the first layer, whose input (the grey image) is its own mirror partner.
    At inference the normalisation is folded into the kernel and a bias, so a converted model holds a
    plain convolution.
    """

    def __init__(self, filters: int, paired_input: bool = True, momentum: float = 0.99, epsilon: float = 1e-3, **kwargs):
        super().__init__(**kwargs)
        if filters % 2:
            raise ValueError(f"filters must be even (mirror pairs), not {filters}")
        self.filters = filters
        self.paired_input = paired_input
        self.momentum = momentum
        self.epsilon = epsilon

    def build(self, input_shape: tuple) -> None:
        channels = int(input_shape[-1])
        if self.paired_input and channels % 2:
            raise ValueError(f"a paired input needs an even channel count, not {channels}")
        half = self.filters // 2
        self.kernel = self.add_weight(name="kernel", shape=(3, 3, channels, half), initializer="glorot_uniform")
        self.gamma = self.add_weight(name="gamma", shape=(half,), initializer="ones")
        self.beta = self.add_weight(name="beta", shape=(half,), initializer="zeros")
        self.moving_mean = self.add_weight(name="moving_mean", shape=(half,), initializer="zeros", trainable=False)
        self.moving_variance = self.add_weight(name="moving_variance", shape=(half,), initializer="ones", trainable=False)

    def _paired_kernel(self):
        """The full (3, 3, in, filters) kernel: the learned filters, then their mirror images."""
        kernel = self.kernel
        if self.paired_input:
            half_in = kernel.shape[2] // 2
            # The mirror of a paired input swaps its halves, so the mirrored filter reads them swapped.
            kernel = ops.concatenate([kernel[:, :, half_in:], kernel[:, :, :half_in]], axis=2)
        return ops.concatenate([self.kernel, ops.flip(kernel, axis=1)], axis=-1)

    def call(self, inputs, training: bool | None = None):
        kernel = self._paired_kernel()
        if training:
            outputs = ops.conv(inputs, kernel, padding="same")
            pairs = ops.reshape(outputs, (-1, 2, self.filters // 2))
            mean = ops.mean(pairs, axis=(0, 1))
            variance = ops.mean(ops.square(pairs - mean), axis=(0, 1))
            self.moving_mean.assign(self.momentum * self.moving_mean + (1 - self.momentum) * mean)
            self.moving_variance.assign(self.momentum * self.moving_variance + (1 - self.momentum) * variance)
            scale = self.gamma * ops.rsqrt(variance + self.epsilon)
            shift = self.beta - mean * scale
            return outputs * ops.tile(scale, 2) + ops.tile(shift, 2)
        scale = self.gamma * ops.rsqrt(self.moving_variance + self.epsilon)
        shift = self.beta - self.moving_mean * scale
        return ops.conv(inputs, kernel * ops.tile(scale, 2), padding="same") + ops.tile(shift, 2)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return (*input_shape[:-1], self.filters)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "filters": self.filters,
            "paired_input": self.paired_input,
            "momentum": self.momentum,
            "epsilon": self.epsilon,
        }
