"""Tensor operations that a GradientTape can differentiate, named as in ``keras.ops``.

Each function does two things: it computes its result with numpy, and it hands :func:`record` one
*local backward rule* per input, a function that takes ``g``, the gradient of the loss with respect to
the result, and returns the gradient with respect to that input. The rules are the derivatives a reader
would write by hand (the chain rule does the rest). Undoing broadcasting is left to the tape, so a rule
may return a gradient of the broadcast shape.

Inputs may be Variables, Tensors, numpy arrays or Python numbers.

In the book: chapter 5, "Derivatives, gradients and the chain rule" (chapters/05_derivatives.ipynb);
used again in chapters 3, 4, 7 and 8.
"""
import math

import numpy as np

from .autodiff import Tensor, as_array, as_tensor, record
from .shapes import broadcast_shapes


def _elementwise(x1, x2):
    """Both operands as Tensors, after checking that their shapes broadcast (with a clear error)."""
    x1, x2 = as_tensor(x1), as_tensor(x2)
    if x1.shape != x2.shape:
        broadcast_shapes(x1.shape, x2.shape)
    return x1, x2


# Arithmetic -------------------------------------------------------------------------------------

def add(x1, x2):
    x1, x2 = _elementwise(x1, x2)
    return record(x1._value + x2._value, [(x1, lambda g: g), (x2, lambda g: g)], "add")


def subtract(x1, x2):
    x1, x2 = _elementwise(x1, x2)
    return record(x1._value - x2._value, [(x1, lambda g: g), (x2, lambda g: -g)], "subtract")


def multiply(x1, x2):
    x1, x2 = _elementwise(x1, x2)
    a, b = x1._value, x2._value
    return record(a * b, [(x1, lambda g: g * b), (x2, lambda g: g * a)], "multiply")


def divide(x1, x2):
    x1, x2 = _elementwise(x1, x2)
    a, b = x1._value, x2._value
    return record(a / b, [(x1, lambda g: g / b), (x2, lambda g: -g * a / b**2)], "divide")


def power(x1, x2):
    """x1 ** x2. The gradient with respect to the exponent needs x1 > 0 (it uses log x1)."""
    x1, x2 = _elementwise(x1, x2)
    a, b = x1._value, x2._value
    out = a**b
    return record(out, [
        (x1, lambda g: g * b * a ** (b - 1)),
        (x2, lambda g: g * out * np.log(np.where(a > 0, a, 1))),  # 0 where x1 <= 0, as TF does
    ], "power")


def negative(x):
    x = as_tensor(x)
    return record(-x._value, [(x, lambda g: -g)], "negative")


# Element-wise functions -------------------------------------------------------------------------

def exp(x):
    x = as_tensor(x)
    out = np.exp(x._value)
    return record(out, [(x, lambda g: g * out)], "exp")


def log(x):
    x = as_tensor(x)
    a = x._value
    return record(np.log(a), [(x, lambda g: g / a)], "log")


def square(x):
    x = as_tensor(x)
    a = x._value
    return record(np.square(a), [(x, lambda g: g * 2 * a)], "square")


def sqrt(x):
    x = as_tensor(x)
    out = np.sqrt(x._value)
    return record(out, [(x, lambda g: g * 0.5 / out)], "sqrt")


def abs(x):  # noqa: A001  (keras.ops.abs)
    x = as_tensor(x)
    a = x._value
    return record(np.abs(a), [(x, lambda g: g * np.sign(a))], "abs")


absolute = abs


def maximum(x1, x2):
    """Element-wise max. Where the two are equal, the gradient goes to ``x1`` (as in TensorFlow)."""
    x1, x2 = _elementwise(x1, x2)
    a, b = x1._value, x2._value
    first = a >= b
    return record(np.maximum(a, b), [(x1, lambda g: g * first), (x2, lambda g: g * ~first)],
                  "maximum")


def minimum(x1, x2):
    """Element-wise min. Where the two are equal, the gradient goes to ``x1`` (as in TensorFlow)."""
    x1, x2 = _elementwise(x1, x2)
    a, b = x1._value, x2._value
    first = a <= b
    return record(np.minimum(a, b), [(x1, lambda g: g * first), (x2, lambda g: g * ~first)],
                  "minimum")


def clip(x, x_min, x_max):
    """``x`` limited to [x_min, x_max]; the gradient flows to ``x`` only where it was not clipped."""
    x, lo, hi = as_tensor(x), as_tensor(x_min), as_tensor(x_max)
    broadcast_shapes(x.shape, lo.shape, hi.shape)
    a, low, high = x._value, lo._value, hi._value
    # The masks are made only when a gradient is asked for (usually only x's: the limits are constants).
    return record(np.clip(a, low, high), [
        (x, lambda g: g * ~((a < low) | (a > high))),
        (lo, lambda g: g * (a < low)), (hi, lambda g: g * (a > high))], "clip")


def where(condition, x1, x2):
    """``x1`` where ``condition`` holds, ``x2`` elsewhere; each gets the gradient where it was chosen."""
    condition = np.asarray(as_array(condition), dtype=bool)
    x1, x2 = _elementwise(x1, x2)
    broadcast_shapes(condition.shape, x1.shape, x2.shape)
    return record(np.where(condition, x1._value, x2._value), [
        (x1, lambda g: np.where(condition, g, 0)), (x2, lambda g: np.where(condition, 0, g))], "where")


# Functions that neural networks use, each written to be numerically safe ------------------------

def tanh(x):
    x = as_tensor(x)
    out = np.tanh(x._value)
    return record(out, [(x, lambda g: g * (1 - out**2))], "tanh")


def sigmoid(x):
    """1 / (1 + e^-x), computed without overflow: e^-|x| never exceeds 1."""
    x = as_tensor(x)
    a = np.asarray(x._value)
    small = np.exp(-np.abs(a))
    out = np.where(a >= 0, 1 / (1 + small), small / (1 + small))
    result = record(out, [(x, lambda g: g * out * (1 - out))], "sigmoid")
    result._keras_logits = x  # as Keras does: binary_crossentropy then uses x (see nnlib.losses)
    return result


def relu(x):
    """max(x, 0). Its gradient is 0 at x = 0 (as in TensorFlow), unlike maximum(x, 0)'s."""
    x = as_tensor(x)
    a = np.asarray(x._value)
    return record(np.maximum(a, 0), [(x, lambda g: g * (a > 0))], "relu")


def softplus(x):
    """log(1 + e^x), computed as logaddexp(0, x) so that large x does not overflow."""
    x = as_tensor(x)
    a = np.asarray(x._value)
    return record(np.logaddexp(0, a), [(x, lambda g: g * sigmoid(a)._value)], "softplus")


_erf_of_each = np.frompyfunc(math.erf, 1, 1)  # Python's math.erf, one entry at a time


def erf(x):
    """The error function, erf(x) = 2/sqrt(pi) * integral from 0 to x of e^(-t^2) dt, between -1
    and 1; its derivative is 2/sqrt(pi) * e^(-x^2). The normal distribution's CDF is
    (1 + erf(x / sqrt(2))) / 2.

    numpy has no erf, so each entry goes through Python's ``math.erf``: accurate to the last digit
    of a float64 and no dependency beyond numpy, but about 0.1 microseconds an entry, some 50 times
    ``np.tanh``'s (5 ms for a batch of 1,000 samples by 50 units): slow for big networks, fine at
    the book's sizes. A float32 input gives float32.
    """
    x = as_tensor(x)
    a = np.asarray(x._value)
    out = np.asarray(_erf_of_each(a), dtype=np.result_type(a, 1.0))  # 1.0: integers give floats
    return record(out, [(x, lambda g: g * (2 / math.sqrt(math.pi)) * np.exp(-np.square(a)))], "erf")


def log1p(x):
    """log(1 + x), accurate for tiny x."""
    x = as_tensor(x)
    a = x._value
    return record(np.log1p(a), [(x, lambda g: g / (1 + a))], "log1p")


def softmax(x, axis=-1):
    """e^x / sum(e^x) along ``axis``, after subtracting the maximum (which changes nothing but
    keeps e^x from overflowing). ``axis`` may be a tuple of axes (the entries along all of them
    sum to 1) or None (all axes)."""
    x = as_tensor(x)
    a = np.asarray(x._value)
    e = np.exp(a - a.max(axis=axis, keepdims=True))
    out = e / e.sum(axis=axis, keepdims=True)
    result = record(out, [(x, lambda g: out * (g - (g * out).sum(axis=axis, keepdims=True)))],
                    "softmax")
    result._keras_logits = x  # as Keras does: the cross-entropies then use x (see nnlib.losses)
    return result


def log_softmax(x, axis=-1):
    """log(softmax(x)), computed as x - max - log(sum(e^(x - max))): finite even where softmax
    rounds to 0. ``axis`` as for :func:`softmax`."""
    x = as_tensor(x)
    a = np.asarray(x._value)
    shifted = a - a.max(axis=axis, keepdims=True)
    out = shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))
    return record(out, [(x, lambda g: g - np.exp(out) * g.sum(axis=axis, keepdims=True))],
                  "log_softmax")


# Reductions -------------------------------------------------------------------------------------

def _unreduce(g, shape, axis, keepdims):
    """Spread the gradient of a reduction back over the input's shape: every entry that was summed
    gets the gradient of the sum it went into."""
    if not keepdims and axis is not None:  # (with axis=None, g is one number: it broadcasts as is)
        g = np.expand_dims(g, axis)  # keepdims=True's shape
    return np.broadcast_to(g, shape)


def sum(x, axis=None, keepdims=False):  # noqa: A001  (keras.ops.sum)
    x = as_tensor(x)
    shape = x.shape
    return record(np.sum(x._value, axis=axis, keepdims=keepdims), [
        (x, lambda g: _unreduce(g, shape, axis, keepdims))], "sum")


def mean(x, axis=None, keepdims=False):
    x = as_tensor(x)
    shape = x.shape
    out = np.mean(x._value, axis=axis, keepdims=keepdims)
    count = np.size(x._value) / np.size(out)  # how many entries went into each mean
    return record(out, [
        (x, lambda g: _unreduce(g, shape, axis, keepdims) / count)], "mean")


def max(x, axis=None, keepdims=False):  # noqa: A001  (keras.ops.max)
    """The largest entry along ``axis``; tied maxima share the gradient equally (as in TensorFlow)."""
    return _extreme(x, axis, keepdims, np.max, "max")


def min(x, axis=None, keepdims=False):  # noqa: A001  (keras.ops.min)
    """The smallest entry along ``axis``; tied minima share the gradient equally."""
    return _extreme(x, axis, keepdims, np.min, "min")


def _extreme(x, axis, keepdims, reduce, op):
    x = as_tensor(x)
    a = np.asarray(x._value)
    out = reduce(a, axis=axis, keepdims=keepdims)
    chosen = a == _unreduce(out, a.shape, axis, keepdims)
    share = chosen / np.sum(chosen, axis=axis, keepdims=True)
    return record(out, [(x, lambda g: _unreduce(g, a.shape, axis, keepdims) * share)], op)


# Shapes and matrices ----------------------------------------------------------------------------

def reshape(x, newshape):
    x = as_tensor(x)
    shape = x.shape
    return record(np.reshape(x._value, newshape), [(x, lambda g: np.reshape(g, shape))], "reshape")


def transpose(x, axes=None):
    x = as_tensor(x)
    inverse = None if axes is None else np.argsort(axes)
    return record(np.transpose(x._value, axes), [(x, lambda g: np.transpose(g, inverse))],
                  "transpose")


def take(x, index):
    """``x[index]`` (what the ``[]`` operator records): the gradient lands on the entries read."""
    x = as_tensor(x)
    shape, dtype = x.shape, x.dtype

    def rule(g):
        full = np.zeros(shape, dtype=np.result_type(dtype, g))
        np.add.at(full, index, g)  # add.at: an entry read twice gets both gradients
        return full

    return record(np.asarray(x._value)[index], [(x, rule)], "take")


def matmul(x1, x2):
    """The matrix product, with numpy's rules for vectors and stacks of matrices.

    For 2-D inputs the rules are the two classic ones: d(AB)/dA = G B^T and d(AB)/dB = A^T G.
    A vector input is treated as a one-row (first) or one-column (second) matrix.
    """
    x1, x2 = as_tensor(x1), as_tensor(x2)
    _check_matmul(x1.shape, x2.shape)
    a, b = np.asarray(x1._value), np.asarray(x2._value)
    a2 = a[np.newaxis, :] if a.ndim == 1 else a  # (k,) -> (1, k)
    b2 = b[:, np.newaxis] if b.ndim == 1 else b  # (k,) -> (k, 1)
    # The result's shape before the axes that vectors added are dropped again.
    shape2 = broadcast_shapes(a2.shape[:-2], b2.shape[:-2]) + (a2.shape[-2], b2.shape[-1])

    def rule_a(g):
        grad = np.reshape(g, shape2) @ np.swapaxes(b2, -1, -2)
        return grad[..., 0, :] if a.ndim == 1 else grad

    def rule_b(g):
        grad = np.swapaxes(a2, -1, -2) @ np.reshape(g, shape2)
        return grad[..., :, 0] if b.ndim == 1 else grad

    return record(np.matmul(a, b), [(x1, rule_a), (x2, rule_b)], "matmul")


def affine(x, kernel, bias):
    """``matmul(x, kernel) + bias``, recorded as one operation: what a Dense layer computes.

    ``x`` has shape (..., features), usually (samples, features); ``kernel`` (features, units);
    ``bias`` (units,). The value and the gradients are those of the two operations; one recorded step
    with the three classic rules (G the gradient of the result, rows of x and G taken together
    across the leading axes) halves the tape's bookkeeping, most of the cost of training a small
    network:

    - d/dx = G @ kernel^T
    - d/dkernel = x^T @ G              (features, units)
    - d/dbias = G summed over the rows, because the bias was added to every row.

    >>> import numpy as np
    >>> affine(np.ones((5, 3)), np.ones((3, 2)), np.array([0.5, -0.5])).numpy()[0]
    array([3.5, 2.5])
    """
    x, kernel, bias = as_tensor(x), as_tensor(kernel), as_tensor(bias)
    if kernel.ndim != 2 or bias.shape != kernel.shape[1:]:
        raise ValueError(f"affine takes a kernel of shape (features, units) and a bias of shape "
                         f"(units,), got {kernel.shape} and {bias.shape}")
    _check_matmul(x.shape, kernel.shape)
    a, w, b = x._value, kernel._value, bias._value
    out = a @ w
    out += b  # in place: out is a new array
    return record(out, [
        (x, lambda g: g @ w.T),
        (kernel, lambda g: np.reshape(a, (-1, a.shape[-1])).T @ np.reshape(g, (-1, g.shape[-1]))),
        (bias, lambda g: np.reshape(g, (-1, g.shape[-1])).sum(axis=0))], "affine")


def _check_matmul(shape1, shape2):
    if len(shape1) == 0 or len(shape2) == 0:
        raise ValueError(f"matmul needs tensors of rank 1 or more, got shapes {shape1} and {shape2}; "
                         "to multiply by a scalar use *")
    inner1 = shape1[-1]
    inner2 = shape2[-2] if len(shape2) > 1 else shape2[0]
    if inner1 != inner2:
        where2 = "the second-to-last axis" if len(shape2) > 1 else "the only axis"
        raise ValueError(
            f"matmul cannot multiply shapes {shape1} and {shape2}: the last axis of the first "
            f"(size {inner1}) must match {where2} of the second (size {inner2})"
        )
    if len(shape1) > 2 or len(shape2) > 2:
        try:
            broadcast_shapes(shape1[:-2], shape2[:-2])
        except ValueError as error:
            raise ValueError(f"matmul of shapes {shape1} and {shape2}: the stacks of matrices "
                             f"do not line up: {error}") from None


# The operators of Tensor ------------------------------------------------------------------------
# nnlib.autodiff's Tensor knows no operation; its arithmetic is these functions, installed here, so
# that ``w * x`` records exactly what ``multiply(w, x)`` records.

Tensor.__add__ = lambda self, other: add(self, other)
Tensor.__radd__ = lambda self, other: add(other, self)
Tensor.__sub__ = lambda self, other: subtract(self, other)
Tensor.__rsub__ = lambda self, other: subtract(other, self)
Tensor.__mul__ = lambda self, other: multiply(self, other)
Tensor.__rmul__ = lambda self, other: multiply(other, self)
Tensor.__truediv__ = lambda self, other: divide(self, other)
Tensor.__rtruediv__ = lambda self, other: divide(other, self)
Tensor.__pow__ = lambda self, other: power(self, other)
Tensor.__rpow__ = lambda self, other: power(other, self)
Tensor.__matmul__ = lambda self, other: matmul(self, other)
Tensor.__rmatmul__ = lambda self, other: matmul(other, self)
Tensor.__neg__ = lambda self: negative(self)
Tensor.__getitem__ = lambda self, index: take(self, index)
Tensor.T = property(lambda self: transpose(self), doc="The transpose: ``transpose(self)``.")
