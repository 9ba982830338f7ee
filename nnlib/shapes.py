"""Shapes and the broadcasting rule, written out so that every step can be read.

Broadcasting lines two shapes up from their *last* axis. Walking leftwards, each pair of sizes must be
equal, or one of them must be 1 (that axis is stretched); a shape that runs out of axes is treated as if
padded with 1s on the left. ``(4, 3)`` and ``(3,)`` broadcast to ``(4, 3)``; ``(4, 3)`` and ``(4,)`` do
not, because the last axes (3 and 4) disagree.

The backward pass undoes broadcasting: a value that was copied along an axis collects the gradients of
all its copies, so :func:`unbroadcast` sums the gradient over every axis that broadcasting added or
stretched.

In the book: chapter 2, "Broadcasting" (chapters/02_broadcasting.ipynb).
"""
import numpy as np


def broadcast_shapes(*shapes):
    """The shape that ``shapes`` broadcast to, like ``np.broadcast_shapes``, with an error that explains.

    >>> broadcast_shapes((4, 3), (3,))
    (4, 3)
    >>> broadcast_shapes((2, 1, 5), (3, 1))
    (2, 3, 5)
    """
    shapes = [(s,) if isinstance(s, int) else tuple(s) for s in shapes]
    rank = max((len(s) for s in shapes), default=0)
    result = []
    for axis in range(-1, -rank - 1, -1):  # from the last axis leftwards, as the rule reads
        size, owner = 1, None  # the size this axis takes so far, and the shape it came from
        for shape in shapes:
            n = shape[axis] if -axis <= len(shape) else 1  # a missing axis counts as size 1
            if n == 1 or n == size:
                continue
            if size != 1:
                raise ValueError(
                    f"shapes {owner} and {shape} cannot be broadcast together: counting from the "
                    f"right, axis {axis} has size {size} in {owner} and size {n} in {shape}. "
                    "Sizes must be equal, or one of them must be 1."
                )
            size, owner = n, shape
        result.insert(0, size)
    return tuple(result)


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


def lined_up(shape1, shape2):
    """The two shapes after Keras's rule for ranks that differ by one, where the longer shape ends in an
    axis of size 1: that axis is dropped, except that a rank-1 partner gets one added instead. Losses
    and metrics compare labels with predictions this way (Keras: ``squeeze_or_expand_to_same_rank``).

    >>> lined_up((5,), (5, 1))            # labels (n,), one output per sample
    ((5, 1), (5, 1))
    >>> lined_up((5, 3, 1), (5, 3))
    ((5, 3), (5, 3))
    >>> lined_up((5, 2), (5, 3))          # anything else is left as it is
    ((5, 2), (5, 3))
    """
    shape1, shape2 = tuple(shape1), tuple(shape2)
    if len(shape1) == len(shape2) + 1 and shape1[-1] == 1:
        return (shape1, shape2 + (1,)) if len(shape2) == 1 else (shape1[:-1], shape2)
    if len(shape2) == len(shape1) + 1 and shape2[-1] == 1:
        return (shape1 + (1,), shape2) if len(shape1) == 1 else (shape1, shape2[:-1])
    return shape1, shape2


def class_numbers_shape(labels_shape, pred_shape):
    """The shape of class-number labels against predictions of ``pred_shape`` (one score per class
    on the last axis): labels of the predictions' rank whose last axis has size 1 lose that axis.

    >>> class_numbers_shape((5, 1), (5, 3))
    (5,)
    >>> class_numbers_shape((5,), (5, 3))
    (5,)
    """
    labels_shape, pred_shape = tuple(labels_shape), tuple(pred_shape)
    if len(labels_shape) == len(pred_shape) and labels_shape and labels_shape[-1] == 1:
        return labels_shape[:-1]
    return labels_shape


def weights_fit(weight_shape, values_shape):
    """Whether sample weights of ``weight_shape`` can weigh values (losses, metric scores) of
    ``values_shape``, both already lined up by :func:`lined_up`: one number, or the values' rank with
    each axis of the values' size or 1 (the weights are then copied along it). Keras would also
    broadcast weights of another rank from the last axis, which weighs the wrong axis without a word.

    >>> weights_fit((4, 1), (4, 3)), weights_fit((), (4, 3)), weights_fit((4,), (4, 4))
    (True, True, False)
    """
    return len(weight_shape) == 0 or (len(weight_shape) == len(values_shape) and all(
        w in (1, v) for w, v in zip(weight_shape, values_shape)))
