"""Layers, the building blocks of a model, named and used as in ``keras.layers``.

A layer holds weights (nnlib Variables, float32 as in Keras) and turns inputs into outputs. Its weights
are made on its first call, when it sees the size of its inputs' last axis (Keras calls this step
``build``), so a ``Dense(4)`` needs to be told only how many outputs it has:

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

Initializers (``"glorot_uniform"``, ``"zeros"``, ``"ones"``, ``"random_normal"``, or the classes
:class:`GlorotUniform`, ... with a ``seed``) draw from the same distributions as Keras's. An
initializer without a seed draws from numpy's global generator, so ``np.random.seed(0)`` (which the
book's set-up cell runs, through ``keras.utils.set_random_seed``) makes the weights reproducible. The
random numbers themselves differ from Keras's; to start nnlib and Keras from the same weights, copy
them across with ``get_weights`` and ``set_weights``.

In the book: chapter 7, "A linear classifier, four ways" (chapters/07_linear_classifier.ipynb); used
again in chapter 8.
"""
import re

import numpy as np

from . import activations
from . import ops
from .autodiff import Tensor, Variable

# Initializers --------------------------------------------------------------------------------------


class Initializer:
    """Makes a layer's starting weights: ``initializer(shape, dtype)`` returns a numpy array.

    With a ``seed``, the initializer has its own generator (two layers sharing it get different
    weights, the same ones every run); without, it uses numpy's global generator.
    """

    def __init__(self, seed=None):
        self.seed = seed
        self._rng = np.random if seed is None else np.random.default_rng(seed)

    def __call__(self, shape, dtype="float32"):
        raise NotImplementedError

    def __repr__(self):
        return f"{type(self).__name__}(seed={self.seed})"


class Zeros(Initializer):
    def __call__(self, shape, dtype="float32"):
        return np.zeros(shape, dtype=dtype)


class Ones(Initializer):
    def __call__(self, shape, dtype="float32"):
        return np.ones(shape, dtype=dtype)


class RandomNormal(Initializer):
    """Normal draws with mean ``mean`` and standard deviation ``stddev`` (Keras's defaults: 0, 0.05)."""

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        super().__init__(seed)
        self.mean, self.stddev = mean, stddev

    def __call__(self, shape, dtype="float32"):
        return self._rng.normal(self.mean, self.stddev, shape).astype(dtype)


class GlorotUniform(Initializer):
    """Uniform draws in [-limit, limit] with limit = sqrt(6 / (fan_in + fan_out)) (Glorot and Bengio,
    2010): the outputs' variance then stays about that of the inputs, forwards and backwards."""

    def __call__(self, shape, dtype="float32"):
        fan_in, fan_out = _fans(shape)
        limit = np.sqrt(6 / (fan_in + fan_out))
        return self._rng.uniform(-limit, limit, shape).astype(dtype)


def _fans(shape):
    """The number of inputs and outputs of each unit, as Keras counts them for a weight of ``shape``."""
    if len(shape) == 0:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    receptive_field = int(np.prod(shape[:-2]))  # 1 for a Dense kernel (inputs, units)
    return shape[-2] * receptive_field, shape[-1] * receptive_field


INITIALIZERS = {"glorot_uniform": GlorotUniform, "zeros": Zeros, "ones": Ones,
                "random_normal": RandomNormal}


def get_initializer(identifier):
    """An initializer from its Keras name (``"glorot_uniform"``, ...), an Initializer, or a function."""
    if isinstance(identifier, str):
        key = identifier if identifier in INITIALIZERS else _snake_case(identifier)
        if key not in INITIALIZERS:
            raise ValueError(f"unknown initializer {identifier!r}; nnlib knows "
                             f"{', '.join(repr(k) for k in INITIALIZERS)}")
        return INITIALIZERS[key]()
    if callable(identifier):
        return identifier
    raise TypeError(f"an initializer must be a name such as 'glorot_uniform' or a callable, "
                    f"got {identifier!r}")


# Layers -------------------------------------------------------------------------------------------

_name_counts = {}


def _snake_case(name):
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def unique_name(base):
    """``base``, then ``base_1``, ``base_2``, ... as Keras names its layers and models."""
    count = _name_counts.get(base, 0)
    _name_counts[base] = count + 1
    return base if count == 0 else f"{base}_{count}"


class Layer:
    """The base class of every layer: weights, ``build`` on first call, ``call`` for the computation.

    A subclass overrides ``build(input_shape)`` (make the weights with :meth:`add_weight`) and
    ``call(inputs)`` (compute the outputs with :mod:`nnlib.ops`). Inputs that are not nnlib Tensors
    are converted to the layer's dtype (float32 unless told otherwise), as Keras does.
    """

    def __init__(self, trainable=True, name=None, dtype="float32"):
        self.name = name or unique_name(_snake_case(type(self).__name__))
        self.dtype = np.dtype(dtype)
        self.built = False
        self.output_shape = None  # (None, ...) once the layer has run: None stands for the batch
        self._weights = []
        self._trainable = trainable

    def build(self, input_shape):
        """Make the weights, now that the shape of the inputs is known. The default makes none."""

    def call(self, inputs):
        raise NotImplementedError(f"{type(self).__name__} must define call(self, inputs)")

    def __call__(self, inputs):
        if not isinstance(inputs, Tensor):
            inputs = np.asarray(inputs, dtype=self.dtype)
        if not self.built:
            self.build(tuple(inputs.shape))
            self.built = True
        outputs = self.call(inputs)
        self.output_shape = (None,) + tuple(outputs.shape[1:])
        return outputs

    def add_weight(self, shape, initializer="glorot_uniform", dtype=None, trainable=True, name=None):
        """A new weight (an nnlib Variable) of ``shape``, filled by ``initializer`` and tracked by the layer."""
        dtype = np.dtype(dtype or self.dtype)
        value = get_initializer(initializer)(tuple(shape), dtype=dtype)
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
        """Set the weights from a list of arrays, such as another layer's (or a Keras layer's) get_weights()."""
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

    ``kernel`` has shape (inputs' last axis, units): column j holds the weights of unit j.
    """

    def __init__(self, units, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        if isinstance(units, bool) or not isinstance(units, (int, np.integer)) or units < 1:
            raise ValueError(f"Dense needs a positive whole number of units, got {units!r}")
        self.units = int(units)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = get_initializer(kernel_initializer)
        self.bias_initializer = get_initializer(bias_initializer)
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
                             f"features (last axis), but got inputs of shape {inputs.shape}")
        if self.bias is None:
            return self.activation(ops.matmul(inputs, self.kernel))
        return self.activation(ops.affine(inputs, self.kernel, self.bias))  # matmul, then + bias


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
