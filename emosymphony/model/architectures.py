"""A registry of emotion-classifier architectures (Keras 3).

Every network takes a (48, 48, 1) float input with pixel values 0..255 and ends in a 7-way softmax
in FER2013 order, so any registered architecture can be trained, saved and loaded the same way.
Keras is imported only when a model is built, so listing the registry stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from ..data import IMAGE_SIZE
from ..emotions import EMOTIONS

if TYPE_CHECKING:
    import keras

INPUT_SHAPE = (IMAGE_SIZE, IMAGE_SIZE, 1)
_REGISTRY: dict[str, Callable[[], keras.Model]] = {}


def register_architecture(name: str) -> Callable[[Callable[[], keras.Model]], Callable[[], keras.Model]]:
    """Decorator that adds a model builder to the registry under `name`."""

    def add(builder: Callable[[], keras.Model]) -> Callable[[], keras.Model]:
        if name in _REGISTRY:
            raise ValueError(f"architecture {name!r} is registered twice")
        _REGISTRY[name] = builder
        return builder

    return add


def architecture_names() -> tuple[str, ...]:
    """Names of all registered architectures."""
    return tuple(_REGISTRY)


def build_model(name: str) -> keras.Model:
    """Build a fresh, untrained model of a registered architecture."""
    try:
        builder = _REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown architecture {name!r}; registered: {', '.join(_REGISTRY)}") from None
    return builder()


def _inputs() -> tuple[keras.KerasTensor, keras.KerasTensor]:
    import keras
    from keras import layers

    inputs = keras.Input(INPUT_SHAPE, name="face")
    return inputs, layers.Rescaling(1.0 / 255.0, name="scale")(inputs)


def _classifier(x: keras.KerasTensor) -> keras.KerasTensor:
    from keras import layers

    return layers.Dense(len(EMOTIONS), activation="softmax", name="emotion")(x)


@register_architecture("seed-cnn")
def seed_cnn() -> keras.Model:
    """The seed projects' 4-conv network (64% reported on FER2013): the reproducible baseline."""
    import keras
    from keras import layers

    inputs, x = _inputs()
    x = layers.Conv2D(32, 3, activation="relu")(x)
    x = layers.Conv2D(64, 3, activation="relu")(x)
    x = layers.MaxPooling2D(2)(x)
    x = layers.Dropout(0.25)(x)
    x = layers.Conv2D(128, 3, activation="relu")(x)
    x = layers.MaxPooling2D(2)(x)
    x = layers.Conv2D(128, 3, activation="relu")(x)
    x = layers.MaxPooling2D(2)(x)
    x = layers.Dropout(0.25)(x)
    x = layers.Flatten()(x)
    x = layers.Dense(1024, activation="relu")(x)
    x = layers.Dropout(0.5)(x)
    return keras.Model(inputs, _classifier(x), name="seed_cnn")


def _conv_bn(x: keras.KerasTensor, filters: int, strides: int = 1) -> keras.KerasTensor:
    from keras import layers

    x = layers.Conv2D(filters, 3, strides=strides, padding="same", use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    return layers.ReLU()(x)


def _symphony_stem(x: keras.KerasTensor) -> keras.KerasTensor:
    """The symphony networks' start: conv 32 at 48x48, then conv 48 with stride 2 to 24x24."""
    return _conv_bn(_conv_bn(x, 32), 48, strides=2)


def _pooled_classifier(x: keras.KerasTensor) -> keras.KerasTensor:
    """Global average pool, dropout 0.4 and the 7-way softmax."""
    from keras import layers

    return _classifier(layers.Dropout(0.4)(layers.GlobalAveragePooling2D()(x)))


def _squeeze_excite(x: keras.KerasTensor, filters: int, ratio: int = 8) -> keras.KerasTensor:
    """Re-weight the channels of `x` by a gate computed from their global averages."""
    from keras import layers

    gate = layers.GlobalAveragePooling2D(keepdims=True)(x)
    gate = layers.Dense(max(filters // ratio, 8), activation="relu")(gate)
    gate = layers.Dense(filters, activation="sigmoid")(gate)
    return layers.Multiply()([x, gate])


def _residual_se_stage(x: keras.KerasTensor, filters: int) -> keras.KerasTensor:
    """Max-pool, then conv -> conv + squeeze-excite, with the first conv's output added back."""
    from keras import layers

    x = _conv_bn(layers.MaxPooling2D(2)(x), filters)
    branch = layers.Conv2D(filters, 3, padding="same", use_bias=False)(x)
    branch = _squeeze_excite(layers.BatchNormalization()(branch), filters)
    return layers.ReLU()(layers.Add()([x, branch]))


def _vgg_stages(
    x: keras.KerasTensor,
    stages: tuple[tuple[int, int], ...],
    conv: Callable[[keras.KerasTensor, int], keras.KerasTensor] = _conv_bn,
) -> keras.KerasTensor:
    """Stages of (filters, convs), each after a 2x2 max-pool that halves the resolution."""
    from keras import layers

    for filters, convs in stages:
        x = layers.MaxPooling2D(2)(x)
        for _ in range(convs):
            x = conv(x, filters)
    return x


@register_architecture("symphony-cnn")
def symphony_cnn() -> keras.Model:
    """The project's network: a slim VGG with batch norm; one conv at 48x48, then 24, 12, 6 and 3."""
    import keras

    inputs, x = _inputs()
    x = _vgg_stages(_symphony_stem(x), ((96, 2), (192, 2), (320, 2)))
    return keras.Model(inputs, _pooled_classifier(x), name="symphony_cnn")


@register_architecture("symphony-cnn-s2")
def symphony_cnn_s2() -> keras.Model:
    """symphony-cnn with its first conv at stride 2 (conv 32 and conv 48 both at 24x24): epochs about 1.15 times faster."""
    import keras

    inputs, x = _inputs()
    x = _conv_bn(_conv_bn(x, 32, strides=2), 48)
    x = _vgg_stages(x, ((96, 2), (192, 2), (320, 2)))
    return keras.Model(inputs, _pooled_classifier(x), name="symphony_cnn_s2")


@register_architecture("symphony-cnn40")
def symphony_cnn40() -> keras.Model:
    """symphony-cnn on the central 40x40 of the face (4 border pixels cropped): about 0.7 times the cost.

    The last max-pool takes 5x5 to 2x2; averaging a face with its mirror image sees both edges.
    """
    import keras
    from keras import layers

    inputs, x = _inputs()
    x = layers.Cropping2D(4, name="centre")(x)
    x = _vgg_stages(_symphony_stem(x), ((96, 2), (192, 2), (320, 2)))
    return keras.Model(inputs, _pooled_classifier(x), name="symphony_cnn40")


@register_architecture("symphony-se")
def symphony_se() -> keras.Model:
    """symphony-cnn with a residual connection and squeeze-excite in each of the last three stages (same convs)."""
    import keras

    inputs, x = _inputs()
    x = _symphony_stem(x)
    for filters in (96, 192, 320):
        x = _residual_se_stage(x, filters)
    return keras.Model(inputs, _pooled_classifier(x), name="symphony_se")


def _mirror_network(name: str, stages: tuple[tuple[int, int], ...]) -> keras.Model:
    """The symphony stem and VGG stages built from mirror-paired filters, with the pairs averaged at the end.

    The network gives exactly the same output for a face and its mirror image (see
    emosymphony.model.mirror); the stride-2 stem conv becomes pool + conv, which keeps the symmetry.
    """
    import keras
    from keras import layers

    from .mirror import MirrorConvBN

    def conv(x: keras.KerasTensor, filters: int, paired_input: bool = True) -> keras.KerasTensor:
        return layers.ReLU()(MirrorConvBN(filters, paired_input)(x))

    inputs, x = _inputs()
    x = conv(layers.MaxPooling2D(2)(conv(x, 32, paired_input=False)), 48)
    x = _vgg_stages(x, stages, conv)
    last = stages[-1][0]
    pairs = layers.Reshape((2, last // 2))(layers.GlobalAveragePooling2D()(x))
    features = layers.GlobalAveragePooling1D()(pairs)  # the average of each filter and its mirror image
    return keras.Model(inputs, _classifier(layers.Dropout(0.4)(features)), name=name)


@register_architecture("symphony-mirror")
def symphony_mirror() -> keras.Model:
    """symphony-cnn's widths with mirror-paired filters: one pass does what mirror averaging needs two for.

    Same cost per pass as symphony-cnn, half the parameters.
    """
    return _mirror_network("symphony_mirror", ((96, 2), (192, 2), (320, 2)))


@register_architecture("symphony-mirror-wide")
def symphony_mirror_wide() -> keras.Model:
    """symphony-mirror with the three stages about 17% wider (112, 224, 384): about 1.2 times the cost."""
    return _mirror_network("symphony_mirror_wide", ((112, 2), (224, 2), (384, 2)))


def load_keras_model(path, compile: bool = True) -> keras.Model:
    """Load a saved model of any registered architecture (custom layers included)."""
    import keras

    from . import mirror  # noqa: F401  registers MirrorConvBN with Keras

    return keras.models.load_model(path, compile=compile)
