"""Tensor operations written as plain Python loops.

This is how a reader first meets the operations of a neural network: one number at a time. Every
function here has a vectorized numpy (and Keras) twin that computes the same thing hundreds of times
faster; the chapters put them side by side. The loops are the specification, not the implementation
to use.

In the book: chapter 1, "Tensors" (chapters/01_tensors.ipynb); used again in chapters 2 and 9.
"""
import numpy as np

from .shapes import broadcast_shapes


def _require_same_shape(x, y, op):
    if x.shape != y.shape:
        raise ValueError(
            f"naive.{op} needs two tensors of the same shape, got {x.shape} and {y.shape}; "
            "for different shapes, see naive.broadcast_to and the broadcasting rule"
        )


def relu(x):
    """max(x, 0), one element at a time, for a tensor of any rank."""
    x = np.asarray(x)
    out = np.empty_like(x)
    for index in np.ndindex(x.shape):
        out[index] = max(x[index], 0)
    return out


def add(x, y):
    """Element-wise sum of two tensors of the same shape."""
    x, y = np.asarray(x), np.asarray(y)
    _require_same_shape(x, y, "add")
    out = np.empty(x.shape, dtype=np.result_type(x, y))
    for index in np.ndindex(x.shape):
        out[index] = x[index] + y[index]
    return out


def multiply(x, y):
    """Element-wise product of two tensors of the same shape (not the matrix product)."""
    x, y = np.asarray(x), np.asarray(y)
    _require_same_shape(x, y, "multiply")
    out = np.empty(x.shape, dtype=np.result_type(x, y))
    for index in np.ndindex(x.shape):
        out[index] = x[index] * y[index]
    return out


def broadcast_to(x, shape):
    """Copy ``x`` along new and size-1 axes until it has ``shape``, the way broadcasting does.

    Each element of the result is read from ``x`` at the same position, counting axes from the right,
    with index 0 wherever ``x`` has size 1.
    """
    x = np.asarray(x)
    shape = tuple(shape)
    if broadcast_shapes(x.shape, shape) != shape:
        raise ValueError(f"an array of shape {x.shape} does not broadcast to shape {shape}")
    offset = len(shape) - x.ndim
    out = np.empty(shape, dtype=x.dtype)
    for index in np.ndindex(shape):
        source = tuple(0 if size == 1 else i for i, size in zip(index[offset:], x.shape))
        out[index] = x[source]
    return out


def broadcast_add(x, y):
    """``x + y`` for any two shapes that broadcast: stretch both, then add element by element."""
    x, y = np.asarray(x), np.asarray(y)
    shape = broadcast_shapes(x.shape, y.shape)
    return add(broadcast_to(x, shape), broadcast_to(y, shape))


def dot(x, y):
    """The dot product of two vectors: multiply matching entries, add the products."""
    x, y = np.asarray(x), np.asarray(y)
    if x.ndim != 1 or y.ndim != 1:
        raise ValueError(f"naive.dot takes two vectors (rank 1), got shapes {x.shape} and {y.shape}")
    if x.shape != y.shape:
        raise ValueError(
            f"naive.dot needs vectors of the same length, got shapes {x.shape} and {y.shape}"
        )
    total = 0
    for i in range(x.shape[0]):
        total += x[i] * y[i]
    return total


def matmul(a, b):
    """The matrix product of an (n, k) and a (k, m) matrix: entry (i, j) is row i of ``a`` dotted with
    column j of ``b``."""
    a, b = np.asarray(a), np.asarray(b)
    if a.ndim != 2 or b.ndim != 2:
        raise ValueError(
            f"naive.matmul takes two matrices (rank 2), got shapes {a.shape} and {b.shape}"
        )
    if a.shape[1] != b.shape[0]:
        raise ValueError(
            f"cannot multiply shapes {a.shape} and {b.shape}: axis 1 of the first "
            f"(size {a.shape[1]}) must match axis 0 of the second (size {b.shape[0]})"
        )
    out = np.zeros((a.shape[0], b.shape[1]), dtype=np.result_type(a, b))
    for i in range(a.shape[0]):
        for j in range(b.shape[1]):
            out[i, j] = dot(a[i, :], b[:, j])
    return out
