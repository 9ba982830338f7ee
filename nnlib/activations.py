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
(for softmax, the Jacobian), so a chapter can plot it and a test can check it against the tape. Where
a derivative does not exist (the kink of a ReLU), the formula takes the value on the left.

float32 stays float32 and float64 stays float64. Integers and Python numbers become float64, as in
numpy (Keras would make them float32).

In the book: chapter 3, "Activation functions" (chapters/03_activations.ipynb); used again in
chapter 4.
"""
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


def softmax(x, axis=-1):
    """softmax(x)_i = e^x_i / sum_j e^x_j along ``axis``: positive entries that sum to 1.

    Computed as e^(x - max) / sum e^(x - max), which is the same number and cannot overflow.
    """
    x = as_tensor(x, floating=True)
    if x.ndim == 0:
        raise ValueError("softmax needs a tensor with at least one axis to normalize along, "
                         "got a scalar (shape ())")
    if axis is not None and not -x.ndim <= axis < x.ndim:
        raise ValueError(f"softmax got axis={axis}, but its input of shape {x.shape} has "
                         f"{x.ndim} axes: use an axis from {-x.ndim} to {x.ndim - 1}")
    return ops.softmax(x, axis=axis)


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


def softmax_derivative(x, axis=-1):
    """The Jacobian d s_i / d x_j = s_i (delta_ij - s_j), with s = softmax(x) and i, j along ``axis``.

    Its shape is the other axes, then (k, k) for the k entries along ``axis`` (an integer here).
    """
    s = np.moveaxis(softmax(x, axis).numpy(), axis, -1)
    return s[..., :, np.newaxis] * (np.eye(s.shape[-1], dtype=s.dtype) - s[..., np.newaxis, :])


# By name ----------------------------------------------------------------------------------------

ACTIVATIONS = ["linear", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "softplus", "softmax"]


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
