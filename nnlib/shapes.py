"""Shapes and the broadcasting rule, written out so that every step can be read.

Broadcasting lines two shapes up from their *last* axis. Walking leftwards, each pair of sizes must be
equal, or one of them must be 1 (that axis is stretched); a shape that runs out of axes is treated as if
padded with 1s on the left. ``(4, 3)`` and ``(3,)`` broadcast to ``(4, 3)``; ``(4, 3)`` and ``(4,)`` do
not, because the last axes (3 and 4) disagree.

The backward pass undoes broadcasting: a value that was copied along an axis collects the gradients of
all its copies, so :func:`unbroadcast` sums the gradient over every axis that broadcasting added or
stretched.
"""
import numpy as np


def _describe_axis(axis, rank):
    """Name an axis both from the right (as broadcasting counts) and from the left (as indexing does)."""
    return f"axis {axis - rank} (axis {axis} of the result)"


def broadcast_shapes(*shapes):
    """The shape that ``shapes`` broadcast to, like ``np.broadcast_shapes``, with an error that explains.

    >>> broadcast_shapes((4, 3), (3,))
    (4, 3)
    >>> broadcast_shapes((2, 1, 5), (3, 1))
    (2, 3, 5)
    """
    result = ()
    for shape in shapes:
        result = _broadcast_pair(result, tuple(shape))
    return result


def _broadcast_pair(a, b):
    rank = max(len(a), len(b))
    padded_a = (1,) * (rank - len(a)) + a
    padded_b = (1,) * (rank - len(b)) + b
    out = []
    for axis, (m, n) in enumerate(zip(padded_a, padded_b)):
        if m == n or n == 1:
            out.append(m)
        elif m == 1:
            out.append(n)
        else:
            raise ValueError(
                f"shapes {a} and {b} cannot be broadcast together: counting from the right, "
                f"{_describe_axis(axis, rank)} has size {m} in {a} and size {n} in {b}. "
                "Sizes must be equal, or one of them must be 1."
            )
    return tuple(out)


def broadcast_axes(shape, target):
    """The axes of ``target`` along which an array of ``shape`` is copied when broadcast to ``target``.

    These are the axes that broadcasting adds on the left, and the axes where ``shape`` has size 1
    but ``target`` does not.

    >>> broadcast_axes((3,), (4, 3))
    (0,)
    >>> broadcast_axes((4, 1), (4, 3))
    (1,)
    """
    shape, target = tuple(shape), tuple(target)
    if broadcast_shapes(shape, target) != target:
        raise ValueError(f"an array of shape {shape} does not broadcast to shape {target}")
    added = len(target) - len(shape)
    stretched = [added + i for i, n in enumerate(shape) if n == 1 and target[added + i] != 1]
    return tuple(range(added)) + tuple(stretched)


def unbroadcast(grad, shape):
    """Sum ``grad`` back down to ``shape``: the backward pass of broadcasting to ``grad.shape``.

    If ``b`` of shape ``(3,)`` was added to every row of a ``(4, 3)`` array, each element of ``b`` was
    used four times, so its gradient is the sum of the four gradients it received.

    >>> unbroadcast(np.ones((4, 3)), (3,))
    array([4., 4., 4.])
    """
    grad = np.asarray(grad)
    shape = tuple(shape)
    if grad.shape == shape:
        return grad
    axes = broadcast_axes(shape, grad.shape)
    return np.sum(grad, axis=axes).reshape(shape)
