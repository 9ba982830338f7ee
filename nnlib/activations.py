"""Activation functions, with the names, arguments and defaults of ``keras.activations``.

An activation is the non-linear function phi in a neuron's ``y = phi(x . w + b)``. Each function here
takes a numpy array, a Python number or an nnlib Tensor/Variable and returns an nnlib Tensor. It is
built from :mod:`nnlib.ops`, so a GradientTape differentiates through it; ``.numpy()`` gives the array:

>>> from nnlib import activations
>>> activations.relu([-2.0, 0.0, 3.0]).numpy()
array([0., 0., 3.])
>>> activations.relu_derivative([-2.0, 0.0, 3.0])
array([0., 0., 1.])

Each activation ``f`` also has ``f_derivative``, its derivative written out as a formula in numpy
(for softmax and log_softmax, the Jacobian), so a chapter can plot it and a test can check it against
the tape. Where a derivative does not exist (the kink of a ReLU), the formula takes the value on the
left, unless its docstring says otherwise.

float32 stays float32 and float64 stays float64. Integers and Python numbers become float64, as in
numpy (Keras would make them float32).

In the book: chapter 3, "Activation functions" (chapters/03_activations.ipynb); used again in
chapter 4.
"""
import math

import numpy as np

from . import ops
from .autodiff import as_array, as_tensor


def linear(x):
    """linear(x) = x: no activation at all."""
    return as_tensor(x, floating=True)


def sigmoid(x):
    """sigmoid(x) = 1 / (1 + e^-x), between 0 and 1."""
    return ops.sigmoid(as_tensor(x, floating=True))


def tanh(x):
    """tanh(x) = (e^x - e^-x) / (e^x + e^-x), between -1 and 1."""
    return ops.tanh(as_tensor(x, floating=True))


def relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    """relu(x) = max(x, 0). In general: x above ``threshold`` (clipped to [0, max_value] when
    ``max_value`` is given), and negative_slope * (x - threshold) at or below it."""
    x = as_tensor(x, floating=True)
    if negative_slope != 0 and max_value is None and threshold == 0:
        return leaky_relu(x, negative_slope)  # what Keras does in this case
    # The same steps as Keras, so that the gradients at the kinks are the same too.
    positive = ops.relu(x) if threshold == 0 else ops.where(x > threshold, x, 0)
    if max_value is not None:
        positive = ops.clip(positive, 0, max_value)
    if negative_slope != 0:
        positive = positive - negative_slope * ops.relu(threshold - x)
    return positive


def leaky_relu(x, negative_slope=0.2):
    """leaky_relu(x) = x for x > 0, negative_slope * x otherwise."""
    x = as_tensor(x, floating=True)
    return ops.where(x > 0, x, negative_slope * x)


def elu(x, alpha=1.0):
    """elu(x) = x for x > 0, alpha * (e^x - 1) otherwise.

    e^x is taken of min(x, 0): ``where`` differentiates both branches, and an e^x that overflowed for
    a large positive x (not even the one chosen) would turn the gradient into inf * 0 = nan.
    """
    x = as_tensor(x, floating=True)
    return ops.where(x > 0, x, alpha * (ops.exp(ops.minimum(x, 0)) - 1))


def softplus(x):
    """softplus(x) = log(1 + e^x), a smooth ReLU."""
    return ops.softplus(as_tensor(x, floating=True))


def gelu(x, approximate=False):
    """gelu(x) = x * Phi(x) = 0.5 x (1 + erf(x / sqrt(2))), Phi the standard normal CDF: x, weighted
    by the chance that a normal draw falls below it (Hendrycks and Gimpel, 2016).

    With ``approximate=True``, a tanh stands in for erf:
    gelu(x) = 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3))).
    """
    x = as_tensor(x, floating=True)
    if approximate:
        return 0.5 * x * (1 + ops.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)))
    return 0.5 * x * (1 + ops.erf(x / math.sqrt(2)))


def silu(x):
    """silu(x) = x * sigmoid(x) = x / (1 + e^-x), also called swish (Ramachandran et al., 2017):
    a smooth ReLU that dips below 0, to -0.278 at x = -1.278."""
    x = as_tensor(x, floating=True)
    return x * ops.sigmoid(x)


swish = silu  # the same function under its other name, as keras.activations.swish is silu

SELU_ALPHA = 1.6732632423543772848170429916717  # Keras's constants (Klambauer et al., 2017)
SELU_SCALE = 1.0507009873554804934193349852946


def selu(x):
    """selu(x) = scale * x for x > 0, scale * alpha * (e^x - 1) otherwise: an ELU stretched by
    scale = 1.0507 and alpha = 1.6733, chosen so that with LecunNormal weights each layer's
    outputs keep mean 0 and variance 1 (Klambauer et al., 2017).

    e^x is taken of min(x, 0), as in :func:`elu`. At x = 0 the gradient is scale (the slope on the
    right), as in Keras.
    """
    x = as_tensor(x, floating=True)
    return SELU_SCALE * ops.where(x >= 0, x, SELU_ALPHA * (ops.exp(ops.minimum(x, 0)) - 1))


def hard_sigmoid(x):
    """hard_sigmoid(x) = 0 for x <= -3, 1 for x >= 3, x / 6 + 0.5 in between: a sigmoid made of
    three straight lines, cheap to compute (Keras 3's; Keras 2's was 0.2 x + 0.5 on [-2.5, 2.5]).

    Its gradient is 1/6 strictly between -3 and 3, and 0 at the two corners, as in Keras.
    """
    x = as_tensor(x, floating=True)
    y = x / 6 + 0.5
    return ops.where(y <= 0, 0.0, ops.where(y >= 1, 1.0, y))


def softmax(x, axis=-1):
    """softmax(x)_i = e^x_i / sum_j e^x_j along ``axis``: positive entries that sum to 1.

    Computed as e^(x - max) / sum e^(x - max), which is the same number and cannot overflow.
    ``axis`` may also be a tuple of axes (the entries along all of them together sum to 1, as for
    one softmax over an image's height and width) or None (all axes).
    """
    x = as_tensor(x, floating=True)
    _check_axis("softmax", x, axis)
    return ops.softmax(x, axis=axis)


def log_softmax(x, axis=-1):
    """log_softmax(x)_i = log(softmax(x)_i) = x_i - log(sum_j e^x_j) along ``axis`` (an axis, a
    tuple of them, or None, as for :func:`softmax`).

    Computed as x - max - log(sum e^(x - max)): finite even where softmax rounds to 0, so that
    log(softmax(x)) never gives -inf.
    """
    x = as_tensor(x, floating=True)
    _check_axis("log_softmax", x, axis)
    return ops.log_softmax(x, axis=axis)


def _check_axis(name, x, axis):
    """A clear error unless ``axis`` is an axis of ``x``, a tuple of distinct ones, or None."""
    if x.ndim == 0:
        raise ValueError(f"{name} needs a tensor with at least one axis to normalize along, "
                         "got a scalar (shape ())")
    axes = () if axis is None else axis if isinstance(axis, tuple) else (axis,)
    for a in axes:
        if isinstance(a, bool) or not isinstance(a, (int, np.integer)) or not -x.ndim <= a < x.ndim:
            raise ValueError(f"{name} got axis={axis!r}, but its input of shape {x.shape} has "
                             f"{x.ndim} axes: use an axis from {-x.ndim} to {x.ndim - 1}, a tuple "
                             "of them, or None for all")
    if len({a % x.ndim for a in axes}) < len(axes):
        raise ValueError(f"{name} got axis={axis!r}, which names the same axis twice (of the "
                         f"{x.ndim} axes of its input of shape {x.shape})")


# Derivatives, written out ------------------------------------------------------------------------

def linear_derivative(x):
    """linear'(x) = 1."""
    return np.ones_like(as_array(x, floating=True))


def sigmoid_derivative(x):
    """sigmoid'(x) = sigmoid(x) (1 - sigmoid(x)), at most 0.25 (at x = 0)."""
    s = sigmoid(x).numpy()
    return s * (1 - s)


def tanh_derivative(x):
    """tanh'(x) = 1 - tanh(x)^2, at most 1 (at x = 0)."""
    t = tanh(x).numpy()
    return 1 - t**2


def relu_derivative(x, negative_slope=0.0, max_value=None, threshold=0.0):
    """relu'(x) = 1 above ``threshold`` (0 where it is clipped), negative_slope at or below it."""
    x = as_array(x, floating=True)
    slope = np.where(x > threshold, 1.0, negative_slope)
    if max_value is not None:  # Keras clips the part above the threshold to [0, max_value]
        slope = np.where((x > threshold) & ((x < 0) | (x > max_value)), 0.0, slope)
    return slope.astype(x.dtype)


def leaky_relu_derivative(x, negative_slope=0.2):
    """leaky_relu'(x) = 1 for x > 0, negative_slope otherwise."""
    x = as_array(x, floating=True)
    return np.where(x > 0, 1.0, negative_slope).astype(x.dtype)


def elu_derivative(x, alpha=1.0):
    """elu'(x) = 1 for x > 0, alpha * e^x otherwise."""
    x = as_array(x, floating=True)
    return np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0))).astype(x.dtype)


def softplus_derivative(x):
    """softplus'(x) = sigmoid(x)."""
    return sigmoid(x).numpy()


def gelu_derivative(x, approximate=False):
    """gelu'(x) = Phi(x) + x phi(x), with Phi(x) = (1 + erf(x / sqrt(2))) / 2 the standard normal
    CDF and phi(x) = e^(-x^2 / 2) / sqrt(2 pi) its density.

    With ``approximate=True``, for t = tanh(sqrt(2 / pi) (x + 0.044715 x^3)):
    gelu'(x) = 0.5 (1 + t) + 0.5 x (1 - t^2) sqrt(2 / pi) (1 + 3 * 0.044715 x^2).
    """
    x = as_array(x, floating=True)
    if approximate:
        c = math.sqrt(2 / math.pi)
        t = np.tanh(c * (x + 0.044715 * x**3))
        return 0.5 * (1 + t) + 0.5 * x * (1 - t**2) * c * (1 + 3 * 0.044715 * x**2)
    cdf = 0.5 * (1 + ops.erf(x / math.sqrt(2)).numpy())
    return cdf + x * np.exp(-x**2 / 2) / math.sqrt(2 * math.pi)


def silu_derivative(x):
    """silu'(x) = sigmoid(x) (1 + x (1 - sigmoid(x)))."""
    x = as_array(x, floating=True)
    s = sigmoid(x).numpy()
    return s * (1 + x * (1 - s))


swish_derivative = silu_derivative


def selu_derivative(x):
    """selu'(x) = scale for x > 0, scale * alpha * e^x for x < 0. At 0, where the two sides
    differ (scale * alpha = 1.7581 on the left), it takes scale, as Keras's gradient does."""
    x = as_array(x, floating=True)
    return (SELU_SCALE * np.where(x >= 0, 1.0, SELU_ALPHA * np.exp(np.minimum(x, 0)))).astype(x.dtype)


def hard_sigmoid_derivative(x):
    """hard_sigmoid'(x) = 1/6 for -3 < x < 3, 0 elsewhere (at the corners too, as Keras's gradient)."""
    x = as_array(x, floating=True)
    return np.where((x > -3) & (x < 3), 1 / 6, 0.0).astype(x.dtype)


def softmax_derivative(x, axis=-1):
    """The Jacobian d s_i / d x_j = s_i (delta_ij - s_j), with s = softmax(x) and i, j along ``axis``.

    Its shape is the other axes, then (k, k) for the k entries along ``axis``. For a tuple of axes
    (or None, all of them) the entries along them are numbered together, as
    ``np.moveaxis(s, axis, last axes)`` lays them out, and k is the product of their sizes.
    """
    s = _entries_last(softmax(x, axis).numpy(), axis)
    return s[..., :, np.newaxis] * (np.eye(s.shape[-1], dtype=s.dtype) - s[..., np.newaxis, :])


def log_softmax_derivative(x, axis=-1):
    """The Jacobian d log(s_i) / d x_j = delta_ij - s_j, with s = softmax(x): laid out as
    :func:`softmax_derivative`'s."""
    s = _entries_last(softmax(x, axis).numpy(), axis)
    return np.eye(s.shape[-1], dtype=s.dtype) - s[..., np.newaxis, :]


def _entries_last(values, axis):
    """``values`` with the entries along ``axis`` (an axis, a tuple of them, or None for all)
    moved onto one last axis."""
    axes = tuple(range(values.ndim)) if axis is None else axis if isinstance(axis, tuple) else (axis,)
    moved = np.moveaxis(values, axes, tuple(range(-len(axes), 0)))
    return moved.reshape(moved.shape[:moved.ndim - len(axes)] + (-1,))


# By name ----------------------------------------------------------------------------------------

ACTIVATIONS = ["linear", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu", "gelu", "silu", "swish",
               "softplus", "hard_sigmoid", "softmax", "log_softmax"]


def get(identifier):
    """An activation function from its Keras name, a callable, or None (no activation: linear).

    >>> get("relu") is relu, get(None) is linear
    (True, True)
    """
    if identifier is None:
        return linear
    if isinstance(identifier, str):
        if identifier not in ACTIVATIONS:
            raise ValueError(f"unknown activation {identifier!r}; nnlib knows "
                             f"{', '.join(repr(a) for a in ACTIVATIONS)}")
        return globals()[identifier]
    if callable(identifier):
        return identifier
    raise TypeError(f"an activation must be a name such as 'relu', a function or None, "
                    f"got {identifier!r}")
