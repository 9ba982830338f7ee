"""Initializers: the starting values of a layer's weights, named and used as in ``keras.initializers``.

An initializer is called with a shape (and a dtype, float32 unless told otherwise) and returns a
numpy array of that shape:

>>> from nnlib import initializers
>>> initializers.Ones()((2, 3)).dtype
dtype('float32')
>>> initializers.get("he_normal")
HeNormal(seed=None)

A layer takes one by its Keras name (``Dense(4, kernel_initializer="he_normal")``), as a class, or
as an object (``HeNormal(seed=1)``). The random ones draw from Keras's distributions, most of them
scaled to the weight's shape by :class:`VarianceScaling`: the number of inputs and outputs of each
unit (``compute_fans``) sets the spread, so that a layer neither shrinks nor blows up what goes
through it. The normal ones draw from a truncated normal, redrawing every value more than 2 standard
deviations from the mean, as Keras does.

With a ``seed``, an initializer has its own generator: the same seed gives the same values, and two
layers sharing one initializer get different weights, the same ones every run (Keras 3 gives them
the same weights). Without a seed, it draws from numpy's global generator, so ``np.random.seed(0)``
(which the book's set-up cell runs, through ``keras.utils.set_random_seed``) makes the weights
reproducible. The random numbers themselves differ from Keras's; to start nnlib and Keras from the
same weights, copy them across with ``get_weights`` and ``set_weights``.

In the book: chapter 3, "Activation functions" (chapters/03_activations.ipynb), where the size of
the first weights decides whether a deep network's gradients survive; used again in chapters 7 and 8.
"""
import math

import numpy as np

from .autodiff import Tensor, as_array


def _float32_unless(dtype):
    return "float32" if dtype is None else dtype  # Keras's default dtype, "floatx"


class Initializer:
    """Makes starting weights: ``initializer(shape, dtype)`` returns a numpy array of ``shape``."""

    def __call__(self, shape, dtype=None):
        raise NotImplementedError(f"{type(self).__name__} must define __call__(self, shape, dtype=None)")

    def __repr__(self):
        return f"{type(self).__name__}()"


class Zeros(Initializer):
    """Every weight 0 (the usual start for biases)."""

    def __call__(self, shape, dtype=None):
        return np.zeros(shape, dtype=_float32_unless(dtype))


class Ones(Initializer):
    """Every weight 1."""

    def __call__(self, shape, dtype=None):
        return np.ones(shape, dtype=_float32_unless(dtype))


class RandomInitializer(Initializer):
    """The base of the random initializers: with a ``seed`` (an integer), its own generator;
    without, numpy's global one."""

    def __init__(self, seed=None):
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer))):
            raise ValueError(f"{type(self).__name__}: seed must be an integer or None, got {seed!r}")
        self.seed = seed
        self._rng = np.random if seed is None else np.random.default_rng(seed)

    def __repr__(self):
        return f"{type(self).__name__}(seed={self.seed})"


class RandomNormal(RandomInitializer):
    """Normal draws with mean ``mean`` and standard deviation ``stddev``."""

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        super().__init__(seed)
        self.mean, self.stddev = mean, stddev

    def __call__(self, shape, dtype=None):
        return self._rng.normal(self.mean, self.stddev, shape).astype(_float32_unless(dtype))


class TruncatedNormal(RandomInitializer):
    """Normal draws with mean ``mean`` and standard deviation ``stddev``, each one more than
    2 * stddev from the mean drawn again: every value lies in [mean - 2 stddev, mean + 2 stddev].

    Cutting off the tails shrinks the spread: the values' standard deviation is 0.87962566 * stddev.
    """

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        super().__init__(seed)
        self.mean, self.stddev = mean, stddev

    def __call__(self, shape, dtype=None):
        return _truncated_normal(self._rng, self.mean, self.stddev, shape).astype(_float32_unless(dtype))


def _truncated_normal(rng, mean, stddev, shape):
    """Normal draws from ``rng``, each one more than 2 stddev from the mean drawn again."""
    values = np.asarray(rng.normal(mean, stddev, shape))
    outside = np.abs(values - mean) > 2 * stddev
    while outside.any():  # 4.6% of the values the first time, 0.2% the second, ...
        values[outside] = rng.normal(mean, stddev, int(outside.sum()))
        outside = np.abs(values - mean) > 2 * stddev
    return values


class RandomUniform(RandomInitializer):
    """Uniform draws in [minval, maxval)."""

    def __init__(self, minval=-0.05, maxval=0.05, seed=None):
        super().__init__(seed)
        self.minval, self.maxval = minval, maxval

    def __call__(self, shape, dtype=None):
        return self._rng.uniform(self.minval, self.maxval, shape).astype(_float32_unless(dtype))


MODES = ("fan_in", "fan_out", "fan_avg")
DISTRIBUTIONS = ("truncated_normal", "untruncated_normal", "uniform")


class VarianceScaling(RandomInitializer):
    """Draws with mean 0 and variance scale / n, where n is the weight's fan_in (``mode="fan_in"``),
    its fan_out, or their average (``"fan_avg"``), as ``compute_fans`` counts them, and at least 1:

    - ``"truncated_normal"``: a truncated normal with stddev = sqrt(scale / n) / 0.87962566, so
      that after the cut the standard deviation is sqrt(scale / n);
    - ``"untruncated_normal"``: a normal with stddev = sqrt(scale / n);
    - ``"uniform"``: uniform in [-limit, limit] with limit = sqrt(3 * scale / n).

    Glorot, He and LeCun initialization are this with a fixed scale and mode. As in Keras, the
    distribution's name may be in any case, and ``"normal"`` means ``"truncated_normal"``.
    """

    def __init__(self, scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None):
        super().__init__(seed)
        number = isinstance(scale, (int, float, np.integer, np.floating)) and not isinstance(scale, bool)
        if not (number and scale > 0):
            raise ValueError(f"VarianceScaling: scale must be a number > 0, got {scale!r}")
        if mode not in MODES:
            raise ValueError(f"VarianceScaling: mode must be one of {', '.join(map(repr, MODES))}, "
                             f"got {mode!r}")
        if isinstance(distribution, str):
            distribution = distribution.lower()
        distribution = "truncated_normal" if distribution == "normal" else distribution
        if distribution not in DISTRIBUTIONS:
            raise ValueError(f"VarianceScaling: distribution must be one of "
                             f"{', '.join(map(repr, DISTRIBUTIONS))}, got {distribution!r}")
        self.scale, self.mode, self.distribution = scale, mode, distribution

    def __call__(self, shape, dtype=None):
        fan_in, fan_out = compute_fans(shape)
        n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[self.mode]
        variance = self.scale / max(1.0, n)
        if self.distribution == "uniform":
            limit = math.sqrt(3 * variance)
            values = self._rng.uniform(-limit, limit, shape)
        elif self.distribution == "untruncated_normal":
            values = self._rng.normal(0.0, math.sqrt(variance), shape)
        else:
            values = _truncated_normal(self._rng, 0.0, math.sqrt(variance) / 0.87962566103423978, shape)
        return values.astype(_float32_unless(dtype))


class GlorotUniform(VarianceScaling):
    """Uniform in [-limit, limit], limit = sqrt(6 / (fan_in + fan_out)) (Glorot and Bengio, 2010):
    the outputs' variance then stays about that of the inputs, forwards and backwards."""

    def __init__(self, seed=None):
        super().__init__(scale=1.0, mode="fan_avg", distribution="uniform", seed=seed)


class GlorotNormal(VarianceScaling):
    """Truncated normal with standard deviation sqrt(2 / (fan_in + fan_out)) (Glorot and Bengio,
    2010)."""

    def __init__(self, seed=None):
        super().__init__(scale=1.0, mode="fan_avg", distribution="truncated_normal", seed=seed)


class HeNormal(VarianceScaling):
    """Truncated normal with standard deviation sqrt(2 / fan_in) (He et al., 2015): for ReLU
    layers, which zero half their inputs' variance."""

    def __init__(self, seed=None):
        super().__init__(scale=2.0, mode="fan_in", distribution="truncated_normal", seed=seed)


class HeUniform(VarianceScaling):
    """Uniform in [-limit, limit], limit = sqrt(6 / fan_in) (He et al., 2015)."""

    def __init__(self, seed=None):
        super().__init__(scale=2.0, mode="fan_in", distribution="uniform", seed=seed)


class LecunNormal(VarianceScaling):
    """Truncated normal with standard deviation sqrt(1 / fan_in) (LeCun et al., 1998): the start
    that selu's constants assume."""

    def __init__(self, seed=None):
        super().__init__(scale=1.0, mode="fan_in", distribution="truncated_normal", seed=seed)


class LecunUniform(VarianceScaling):
    """Uniform in [-limit, limit], limit = sqrt(3 / fan_in) (LeCun et al., 1998)."""

    def __init__(self, seed=None):
        super().__init__(scale=1.0, mode="fan_in", distribution="uniform", seed=seed)


def compute_fans(shape):
    """(fan_in, fan_out): the number of inputs and outputs of each unit, as Keras counts them.

    For a Dense kernel (inputs, units) they are its two sizes; a vector counts its size for both, a
    scalar 1; for a convolution kernel (..., input channels, output channels) each channel count is
    multiplied by the size of the window (the leading axes).
    """
    shape = tuple(shape)
    if len(shape) == 0:
        return 1, 1
    if len(shape) == 1:
        return int(shape[0]), int(shape[0])
    receptive_field = math.prod(shape[:-2])  # 1 for a Dense kernel
    return int(shape[-2] * receptive_field), int(shape[-1] * receptive_field)


# By name ----------------------------------------------------------------------------------------

INITIALIZERS = {"zeros": Zeros, "ones": Ones, "random_normal": RandomNormal,
                "truncated_normal": TruncatedNormal, "random_uniform": RandomUniform,
                "variance_scaling": VarianceScaling, "glorot_uniform": GlorotUniform,
                "glorot_normal": GlorotNormal, "he_normal": HeNormal, "he_uniform": HeUniform,
                "lecun_normal": LecunNormal, "lecun_uniform": LecunUniform}
# What else Keras takes for them: the class names, and four short names.
_OTHER_NAMES = {**{cls.__name__: cls for cls in INITIALIZERS.values()},
                "zero": Zeros, "one": Ones, "normal": RandomNormal, "uniform": RandomUniform}


def get(identifier):
    """An initializer from its Keras name (``"he_normal"`` or ``"HeNormal"``), a class (a new one
    is made), an Initializer or any function ``f(shape, dtype=None)`` (returned as is), an array
    (the weights must then have its shape, and start as copies of it), or None (None, as in Keras:
    the layer then picks its default).

    >>> get("glorot_uniform"), get(GlorotNormal)
    (GlorotUniform(seed=None), GlorotNormal(seed=None))
    """
    if identifier is None:
        return None
    if isinstance(identifier, str):
        cls = INITIALIZERS.get(identifier) or _OTHER_NAMES.get(identifier)
        if cls is None:
            raise ValueError(f"unknown initializer {identifier!r}; nnlib knows "
                             f"{', '.join(repr(k) for k in INITIALIZERS)}")
        return cls()
    if isinstance(identifier, type):
        return identifier()
    if callable(identifier):
        return identifier
    if isinstance(identifier, (np.ndarray, np.generic, Tensor)):
        values = as_array(identifier)

        def copy_of_values(shape, dtype=None):
            if tuple(shape) != values.shape:
                raise ValueError(f"this initializer holds an array of shape {values.shape}, but was "
                                 f"asked for shape {tuple(shape)}")
            return values.astype(_float32_unless(dtype))

        return copy_of_values
    raise ValueError(f"an initializer must be a name such as 'glorot_uniform', an Initializer, a "
                     f"function f(shape, dtype=None), an array or None, got {identifier!r}")
