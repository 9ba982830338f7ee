"""Layers, the building blocks of a model, named and used as in ``keras.layers``.

A layer holds weights (nnlib Variables, float32 as in Keras) and turns inputs into outputs. Its weights
are made on its first call, when it sees the size of its inputs' last axis (Keras calls this step
``build``; ``layer.build(input_shape)`` also does it without calling the layer), so a ``Dense(4)``
needs to be told only how many outputs it has:

>>> import numpy as np
>>> from nnlib import layers
>>> layer = layers.Dense(4, activation="relu")
>>> layer.built
False
>>> outputs = layer(np.ones((5, 3)))       # 5 samples of 3 features
>>> layer.kernel.shape, layer.bias.shape, outputs.shape
((3, 4), (4,), (5, 4))
>>> layer.kernel.dtype
dtype('float32')

To write your own layer, subclass :class:`Layer`: make the weights in ``build(input_shape)`` with
``add_weight`` and compute the outputs in ``call(inputs)`` with :mod:`nnlib.ops`, so a GradientTape can
differentiate through it. :class:`Dense` below is written exactly that way.

The starting weights come from :mod:`nnlib.initializers`, named as in Keras: ``Dense(4,
kernel_initializer="he_normal")``, or an object such as ``initializers.HeNormal(seed=1)``. They
draw from Keras's distributions, but not the same random numbers; to start nnlib and Keras from the
same weights, copy them across with ``get_weights`` and ``set_weights``.

In the book: chapter 7, "A linear classifier, four ways" (chapters/07_linear_classifier.ipynb); used
again in chapter 8.
"""
import functools
import re

import numpy as np

from . import activations, initializers, ops
from .autodiff import Tensor, Variable

# Layers -------------------------------------------------------------------------------------------

_name_counts = {}


def _snake_case(name):
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def unique_name(base):
    """``base``, then ``base_1``, ``base_2``, ... as Keras names its layers and models."""
    count = _name_counts.get(base, 0)
    _name_counts[base] = count + 1
    return base if count == 0 else f"{base}_{count}"


def _marks_built(build):
    """``build``, then ``layer.built = True``: what Keras's Layer makes of every ``build`` method."""

    @functools.wraps(build)
    def build_then_mark_built(self, *args, **kwargs):
        build(self, *args, **kwargs)
        self.built = True

    return build_then_mark_built


class Layer:
    """The base class of every layer: weights, ``build`` on first call, ``call`` for the computation.

    A subclass overrides ``build(input_shape)`` (make the weights with :meth:`add_weight`) and
    ``call(inputs)`` (compute the outputs with :mod:`nnlib.ops`). Inputs that are not nnlib Tensors
    are converted to the layer's dtype (float32 unless told otherwise), as Keras does.

    Every ``build`` marks the layer built, whether the first call runs it or you do, as in Keras
    (so ``layer.build(shape)``, then ``set_weights``, then a call uses those weights): as Python
    makes each subclass, ``__init_subclass__`` wraps the ``build`` it defines in ``_marks_built``.
    """

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "build" in vars(cls):
            cls.build = _marks_built(vars(cls)["build"])

    def __init__(self, trainable=True, name=None, dtype="float32"):
        self.name = name or unique_name(_snake_case(type(self).__name__))
        self.dtype = np.dtype(dtype)
        self.built = False
        self.output_shape = None  # (None, ...) once the layer has run: None stands for the batch
        self._weights = []
        self._trainable = trainable

    @_marks_built
    def build(self, input_shape):
        """Make the weights, now that the shape of the inputs is known. The default makes none."""

    def call(self, inputs):
        raise NotImplementedError(f"{type(self).__name__} must define call(self, inputs)")

    def __call__(self, inputs):
        if not isinstance(inputs, Tensor):
            inputs = np.asarray(inputs, dtype=self.dtype)
        if not self.built:
            self.build(tuple(inputs.shape))
        outputs = self.call(inputs)
        self.output_shape = (None,) + tuple(outputs.shape[1:])
        return outputs

    def add_weight(self, shape, initializer="glorot_uniform", dtype=None, trainable=True, name=None):
        """A new weight (an nnlib Variable) of ``shape``, filled by ``initializer`` (anything
        :func:`nnlib.initializers.get` takes; None is "glorot_uniform") and tracked by the layer."""
        dtype = np.dtype(dtype or self.dtype)
        initializer = initializers.get("glorot_uniform" if initializer is None else initializer)
        value = initializer(tuple(shape), dtype=dtype)
        weight = Variable(value, dtype=dtype, trainable=trainable and self._trainable, name=name)
        self._weights.append(weight)
        return weight

    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):  # freezing a layer freezes its weights: tapes stop following them
        self._trainable = bool(value)
        for w in self._weights:
            w.trainable = self._trainable

    @property
    def weights(self):
        return list(self._weights)

    @property
    def trainable_weights(self):
        return [w for w in self._weights if w.trainable]

    @property
    def non_trainable_weights(self):
        return [w for w in self._weights if not w.trainable]

    def get_weights(self):
        """The weights' values as a list of numpy arrays (copies), in the order Keras lists them."""
        return [w.numpy().copy() for w in self._weights]

    def set_weights(self, weights):
        """Set the weights from a list of arrays, such as another layer's (or a Keras layer's)
        get_weights()."""
        assign_values(self.name, self._weights, weights)

    def count_params(self):
        return sum(int(np.prod(w.shape)) for w in self._weights)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}, built={self.built}>"


def assign_values(owner, variables, values):
    """Give each Variable its value from ``values`` (a list of arrays), after checking that the
    number and the shapes match; ``owner`` names the layer or model in the errors."""
    values = list(values)
    if len(values) != len(variables):
        hint = " (has it been built? call it on some inputs first)" if not variables else ""
        raise ValueError(f"{owner} has {len(variables)} weights{hint}, but set_weights was given "
                         f"{len(values)}")
    for v, value in zip(variables, values):
        value = np.asarray(value)
        if value.shape != v.shape:
            raise ValueError(f"{owner}: weight {v.name!r} has shape {v.shape}, but set_weights gave "
                             f"it an array of shape {value.shape}")
    for v, value in zip(variables, values):
        v.assign(np.asarray(value, dtype=v.dtype))


class Dense(Layer):
    """A fully connected layer: ``outputs = activation(inputs @ kernel + bias)``.

    ``kernel`` has shape (inputs' last axis, units): column j holds the weights of unit j. Its
    starting values come from ``kernel_initializer``, the bias's from ``bias_initializer``: a name
    (``"he_normal"``), a class or an object of :mod:`nnlib.initializers`, or a function
    ``f(shape, dtype)``. An ``activation`` of None, given or set later, means none (linear).
    """

    def __init__(self, units, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        if isinstance(units, bool) or not isinstance(units, (int, np.integer)) or units < 1:
            raise ValueError(f"Dense needs units, the number of outputs, to be a positive integer, "
                             f"got units={units!r}")
        self.units = int(units)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel = self.bias = None

    def build(self, input_shape):
        if len(input_shape) < 2:
            raise ValueError(
                f"{self.name} (Dense) needs inputs with a batch axis and a features axis, shape "
                f"(samples, features), but got shape {input_shape}; one feature per sample? "
                "reshape with x.reshape(-1, 1)")
        self.kernel = self.add_weight((input_shape[-1], self.units), self.kernel_initializer,
                                      name="kernel")
        if self.use_bias:
            self.bias = self.add_weight((self.units,), self.bias_initializer, name="bias")

    def call(self, inputs):
        if inputs.shape[-1] != self.kernel.shape[0]:
            raise ValueError(f"{self.name} (Dense) was built for inputs with {self.kernel.shape[0]} "
                             f"features (last axis): inputs of shape {inputs.shape} are incompatible "
                             "with the layer")
        if self.bias is None:
            outputs = ops.matmul(inputs, self.kernel)
        else:
            outputs = ops.affine(inputs, self.kernel, self.bias)  # matmul, then + bias
        return outputs if self.activation is None else self.activation(outputs)


class Activation(Layer):
    """Applies an activation function, by name or as a callable: ``Activation("relu")``."""

    def __init__(self, activation, name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        self.activation = activations.get(activation)

    def call(self, inputs):
        return self.activation(inputs)


class Flatten(Layer):
    """Flattens every sample into one axis: (samples, 8, 8) becomes (samples, 64)."""

    def call(self, inputs):
        return ops.reshape(inputs, (inputs.shape[0], -1))


class InputLayer:
    """What :func:`Input` returns: the shape of one sample, for a Sequential model to build itself with."""

    def __init__(self, shape, name=None):
        self.shape = (None,) + tuple(shape)
        self.name = name or unique_name("input_layer")

    def __repr__(self):
        return f"<InputLayer shape={self.shape}>"


def Input(shape, name=None):  # noqa: N802  (keras.Input)
    """The shape of one sample (without the batch axis), as the first entry of a Sequential model:
    ``Sequential([Input(shape=(2,)), Dense(1)])`` builds the model's weights right away."""
    if isinstance(shape, (int, np.integer)):
        shape = (shape,)
    return InputLayer(shape, name)
