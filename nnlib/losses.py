"""Loss functions, named and computed as in ``keras.losses``.

Each loss comes in two forms, as in Keras:

- a **function** (``binary_crossentropy``, ``mean_squared_error``, ...) returns one loss per sample:
  it reduces only the last axis (the outputs of one sample), so a batch of shape ``(n, k)`` gives
  ``n`` losses;
- a **class** (``BinaryCrossentropy``, ``MeanSquaredError``, ...) is set up once and called on a batch,
  ``loss = BinaryCrossentropy()(y_true, y_pred)``; it averages the per-sample losses into one number
  (Keras's default reduction, ``"sum_over_batch_size"``). Called with ``sample_weight``, it weighs
  each sample's loss first: ``BinaryCrossentropy()(y_true, y_pred, sample_weight=w)`` is
  sum(w * loss) / n, the weighted sum divided by the number of losses, not by the sum of the weights
  (that is ``reduction="mean_with_sample_weight"``). :func:`reduce_weighted_values` does the weighing
  and the reducing, for every class.

``y_pred`` may be a numpy array, a Python list or an nnlib Variable/Tensor; every result is an nnlib
Tensor, so a GradientTape can differentiate it. ``y_true`` is data, a constant: it is turned into a
numpy array of ``y_pred``'s dtype (float32 stays float32, float64 stays float64).

Cross-entropies take either probabilities (``from_logits=False``, the default) or logits
(``from_logits=True``, the raw scores before a sigmoid or softmax). Probabilities are clipped to
``[EPSILON, 1 - EPSILON]`` before their log is taken, exactly where Keras clips them, so that p = 0 gives
a large but finite loss. From logits, the losses are computed in forms that never overflow (softplus,
log-softmax), which is why frameworks prefer logits.

As Keras does, the cross-entropies reach past nnlib's own ``sigmoid`` and ``softmax``: their outputs
(those of a ``Dense(10, activation="softmax")`` layer, say) remember the logits they were computed
from, and ``binary_crossentropy``, ``categorical_crossentropy`` and ``sparse_categorical_crossentropy``
then compute from those logits, whatever ``from_logits`` says (with ``from_logits=True`` they warn that
y_pred is not logits). That is Keras's TensorFlow backend (``_keras_logits``, ``_get_logits``): the
loss stays exact where probabilities round to 0 or 1, and it takes fewer operations. As in Keras,
whichever of the two made the logits, the loss uses them as its own kind (softmax logits for the
categorical losses, sigmoid logits for the binary one). Other values, such as plain arrays or
Variables, are used as given.

Differences from Keras, on purpose:

- Keras's regression losses broadcast shapes that differ, such as ``(n, 1)`` against ``(n, 3)``; nnlib
  raises an error instead (see the broadcasting chapter for the trap this avoids).
- Keras's loss classes compute in float32 unless given a ``dtype``; nnlib's keep ``y_pred``'s dtype
  (the weights are cast to it, as Keras casts them to its own).
- Keras multiplies the losses by a ``sample_weight`` of another rank by broadcasting from the last
  axis, so that weights of shape (n,) against losses of shape (n, n) (n samples of n time steps)
  would weigh the steps, not the samples; nnlib accepts one number, or weights that have the losses'
  rank once Keras's rank rule has lined them up, and raises an error naming both shapes otherwise.
- ``ignore_class`` (of the sparse cross-entropy) is left out.

In the book: chapter 4, "Loss functions" (chapters/04_losses.ipynb); used again in chapters 7 and 8.
"""
import warnings

import numpy as np

from . import ops
from .autodiff import as_array, as_tensor
from .shapes import class_numbers_shape, lined_up, weights_fit

EPSILON = 1e-7  # keras.backend.epsilon(): probabilities are clipped to [EPSILON, 1 - EPSILON]


# The functions: one loss per sample --------------------------------------------------------------

def binary_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """-(y log p + (1 - y) log(1 - p)) for each entry, averaged over ``axis``.

    ``y_pred`` holds probabilities p, or logits x with ``from_logits=True`` (then p = sigmoid(x)).
    ``label_smoothing`` moves the labels towards 0.5: y becomes y (1 - s) + s / 2.
    """
    y_true, y_pred = _inputs(y_true, y_pred)
    _check_same_shape("binary_crossentropy", y_true, y_pred)
    if label_smoothing:
        y_true = y_true * (1 - label_smoothing) + 0.5 * label_smoothing
    y_pred, from_logits = _get_logits(y_pred, from_logits, "binary_crossentropy", "sigmoid")
    if from_logits:
        # -log sigmoid(x) = softplus(-x) and -log(1 - sigmoid(x)) = softplus(x): exact for any x.
        losses = y_true * ops.softplus(-y_pred) + (1 - y_true) * ops.softplus(y_pred)
    else:
        _warn_if_not_probabilities("binary_crossentropy", y_pred)
        p = ops.clip(y_pred, EPSILON, 1 - EPSILON)
        losses = -(y_true * ops.log(p) + (1 - y_true) * ops.log(1 - p))
    return ops.mean(losses, axis=axis)


def categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """-sum over the classes of y log p, for one-hot (or soft) labels y along ``axis``.

    ``y_pred`` holds probabilities p, or logits x with ``from_logits=True`` (then p = softmax(x)).
    ``label_smoothing`` s moves the labels towards uniform: y becomes y (1 - s) + s / k for k classes.
    """
    y_true, y_pred = _inputs(y_true, y_pred)
    _check_same_shape("categorical_crossentropy", y_true, y_pred)
    if label_smoothing:
        y_true = y_true * (1 - label_smoothing) + label_smoothing / y_true.shape[axis]
    y_pred, from_logits = _get_logits(y_pred, from_logits, "categorical_crossentropy", "softmax")
    if from_logits:
        log_p = ops.log_softmax(y_pred, axis=axis)  # x - logsumexp(x): finite for any logits
    else:
        _warn_if_not_probabilities("categorical_crossentropy", y_pred, axis)
        p = y_pred / ops.sum(y_pred, axis=axis, keepdims=True)  # as Keras: each row rescaled to sum 1
        log_p = ops.log(ops.clip(p, EPSILON, 1 - EPSILON))
    return -ops.sum(y_true * log_p, axis=axis)


def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False, axis=-1):
    """Categorical cross-entropy with labels given as class numbers: -log p[label].

    ``y_true`` holds one whole number in [0, k) per sample (shape ``(n,)`` or ``(n, 1)``), and
    ``y_pred`` k probabilities or logits per sample (shape ``(n, k)``); the class axis must be the last.
    """
    y_pred = as_tensor(y_pred, floating=True)
    if axis not in (-1, y_pred.ndim - 1):
        raise ValueError(f"sparse_categorical_crossentropy supports only the last axis (axis=-1), as "
                         f"Keras does; got axis={axis}")
    labels = class_numbers(y_true, y_pred.shape)
    y_pred, from_logits = _get_logits(y_pred, from_logits, "sparse_categorical_crossentropy",
                                      "softmax")
    if from_logits:
        log_p = ops.log_softmax(y_pred)
    else:
        _warn_if_not_probabilities("sparse_categorical_crossentropy", y_pred, -1)
        # Keras clips first, then takes the log and hands it to a log-softmax, which rescales each
        # clipped row to sum to 1 (categorical_crossentropy rescales first, then clips).
        log_p = ops.log_softmax(ops.log(ops.clip(y_pred, EPSILON, 1 - EPSILON)))
    samples = np.indices(labels.shape, sparse=True)  # for labels of shape (n,): [0, 1, ..., n - 1]
    return -log_p[(*samples, labels)]  # each sample's log p at its label


def mean_squared_error(y_true, y_pred):
    """mean((y_true - y_pred)^2) over the last axis. Double the error, four times the loss."""
    y_true, y_pred = _line_up("mean_squared_error", *_inputs(y_true, y_pred))
    return ops.mean(ops.square(y_true - y_pred), axis=-1)


def mean_absolute_error(y_true, y_pred):
    """mean(|y_true - y_pred|) over the last axis. Double the error, twice the loss."""
    y_true, y_pred = _line_up("mean_absolute_error", *_inputs(y_true, y_pred))
    return ops.mean(ops.abs(y_true - y_pred), axis=-1)


def huber(y_true, y_pred, delta=1.0):
    """Squared error near 0, absolute error far out, averaged over the last axis.

    With e = y_pred - y_true: e^2 / 2 where |e| <= delta, and delta |e| - delta^2 / 2 beyond (the two
    pieces meet with the same value and slope at |e| = delta).
    """
    y_true, y_pred = _line_up("huber", *_inputs(y_true, y_pred))
    error = y_pred - y_true
    abs_error = ops.abs(error)
    quadratic = 0.5 * ops.square(error)
    linear = delta * abs_error - 0.5 * delta**2
    return ops.mean(ops.where(abs_error <= delta, quadratic, linear), axis=-1)


# The classes: one number per batch ---------------------------------------------------------------

REDUCTIONS = ("sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", "none", None)


def reduce_weighted_values(values, sample_weight=None, reduction="sum_over_batch_size"):
    """Weigh the losses ``values`` by ``sample_weight`` w (default 1) and reduce them, as Keras does.

    - ``"sum_over_batch_size"`` (Keras's default) and ``"mean"``: sum(w * loss) / size(loss), divided
      by the number of losses, whatever the weights are;
    - ``"sum"``: sum(w * loss);
    - ``"mean_with_sample_weight"``: sum(w * loss) / sum(w), the weighted mean (for one number w,
      sum(w) is w itself, so this is sum(loss), as in Keras);
    - ``None`` or ``"none"``: w * loss, unreduced.

    A division by 0 gives 0 (Keras's ``divide_no_nan``); losses of shape () or (0,) are returned
    weighted but unreduced, as in Keras. w is one number, or an array that Keras's rank rule
    (:func:`nnlib.shapes.lined_up`) lines up with the losses: weights of shape (n, 1) against losses
    of shape (n,) make both (n, 1), so that ``None`` gives (n, 1) losses, as in Keras. After that
    rule, w must have the losses' rank, each axis of their size or 1 (it is copied along an axis of 1).
    """
    _check_reduction(reduction)
    values = as_tensor(values, floating=True)
    weight = None
    if sample_weight is not None:
        weight = np.asarray(as_array(sample_weight), dtype=values.dtype)
        shapes = values.shape, weight.shape
        values_shape, weight_shape = lined_up(*shapes)
        weight = weight.reshape(weight_shape)
        if values_shape != values.shape:
            values = ops.reshape(values, values_shape)
        if not weights_fit(weight.shape, values.shape):
            per_sample = shapes[0][:1] + (1,) * (len(shapes[0]) - 1)
            per_loss = f", one per loss (shape {shapes[0]})," if per_sample != shapes[0] else ""
            raise ValueError(
                f"sample_weight of shape {shapes[1]} does not fit the losses of shape {shapes[0]}: "
                f"give one weight per sample (shape {per_sample}){per_loss} or one number")
        values = values * weight
    if reduction in ("none", None) or values.shape in ((), (0,)):
        return values
    total = ops.sum(values)
    if reduction == "sum":
        return total
    if reduction == "mean_with_sample_weight" and weight is not None:
        divisor = np.sum(weight)  # the weights as given (lined up, not copied along the losses)
    else:
        divisor = int(np.prod(values.shape))
    return total / divisor if divisor else total * 0.0


class Loss:
    """A loss function with its settings, weighing and reducing the per-sample losses as Keras does.

    ``reduction``: ``"sum_over_batch_size"`` (Keras's default: the mean of the per-sample losses),
    ``"mean"`` (the same), ``"sum"``, ``"mean_with_sample_weight"`` (divided by the sum of the
    weights), or ``None``/``"none"`` (the per-sample losses, unreduced): see
    :func:`reduce_weighted_values`. Like Keras's loss classes, a call first lines up ranks that differ
    by a last axis of size 1, such as ``(n,)`` and ``(n, 1)``.
    """

    def __init__(self, fn, name, reduction="sum_over_batch_size", **kwargs):
        _check_reduction(reduction)
        self.fn, self.name, self.reduction, self.kwargs = fn, name, reduction, kwargs

    def __call__(self, y_true, y_pred, sample_weight=None):
        """The loss of a batch: ``fn``'s per-sample losses, weighed by ``sample_weight`` and reduced."""
        losses = self.fn(*self._prepare(y_true, y_pred), **self.kwargs)
        return reduce_weighted_values(losses, sample_weight, self.reduction)

    def _prepare(self, y_true, y_pred):
        return _line_up(self.name, *_inputs(y_true, y_pred))

    def __repr__(self):
        settings = ", ".join(f"{k}={v!r}" for k, v in self.kwargs.items())
        return f"{type(self).__name__}({settings})"


class BinaryCrossentropy(Loss):
    def __init__(self, from_logits=False, label_smoothing=0.0, axis=-1,
                 reduction="sum_over_batch_size", name="binary_crossentropy"):
        super().__init__(binary_crossentropy, name, reduction, from_logits=from_logits,
                         label_smoothing=label_smoothing, axis=axis)


class CategoricalCrossentropy(Loss):
    def __init__(self, from_logits=False, label_smoothing=0.0, axis=-1,
                 reduction="sum_over_batch_size", name="categorical_crossentropy"):
        super().__init__(categorical_crossentropy, name, reduction, from_logits=from_logits,
                         label_smoothing=label_smoothing, axis=axis)


class SparseCategoricalCrossentropy(Loss):
    def __init__(self, from_logits=False, reduction="sum_over_batch_size", axis=-1,
                 name="sparse_categorical_crossentropy"):
        super().__init__(sparse_categorical_crossentropy, name, reduction, from_logits=from_logits,
                         axis=axis)

    def _prepare(self, y_true, y_pred):
        # Labels have one axis fewer than y_pred: only the rank rule applies; the function checks.
        return _keras_rank_rule(np.asarray(y_true), as_tensor(y_pred, floating=True))


class MeanSquaredError(Loss):
    def __init__(self, reduction="sum_over_batch_size", name="mean_squared_error"):
        super().__init__(mean_squared_error, name, reduction)


class MeanAbsoluteError(Loss):
    def __init__(self, reduction="sum_over_batch_size", name="mean_absolute_error"):
        super().__init__(mean_absolute_error, name, reduction)


class Huber(Loss):
    def __init__(self, delta=1.0, reduction="sum_over_batch_size", name="huber_loss"):
        super().__init__(huber, name, reduction, delta=delta)


# By name ----------------------------------------------------------------------------------------

LOSSES = {
    "binary_crossentropy": BinaryCrossentropy,
    "categorical_crossentropy": CategoricalCrossentropy,
    "sparse_categorical_crossentropy": SparseCategoricalCrossentropy,
    "mean_squared_error": MeanSquaredError,
    "mse": MeanSquaredError,
    "mean_absolute_error": MeanAbsoluteError,
    "mae": MeanAbsoluteError,
    "huber": Huber,
}


def get(identifier):
    """A loss object from a Keras name (``"mse"``, ``"BinaryCrossentropy"``, ...), a Loss, or a function
    of (y_true, y_pred) that gives one loss per sample.

    >>> get("mse")
    MeanSquaredError()
    """
    if isinstance(identifier, Loss):
        return identifier
    if isinstance(identifier, str):
        classes = {cls.__name__: cls for cls in set(LOSSES.values())}
        cls = LOSSES.get(identifier) or classes.get(identifier)
        if cls is None:
            raise ValueError(f"unknown loss {identifier!r}; nnlib knows "
                             f"{', '.join(repr(k) for k in LOSSES)}")
        return cls()
    if callable(identifier):
        return Loss(identifier, getattr(identifier, "__name__", "loss"))
    raise TypeError(f"loss must be a name such as 'mse', an nnlib loss or a function, got {identifier!r}")


# Checking the inputs ----------------------------------------------------------------------------

def _check_reduction(reduction):
    if reduction not in REDUCTIONS:
        raise ValueError(f"reduction must be one of {', '.join(repr(r) for r in REDUCTIONS)}; "
                         f"got {reduction!r}")


def _inputs(y_true, y_pred):
    """``y_pred`` as a floating-point Tensor, ``y_true`` as a constant array of the same dtype."""
    y_pred = as_tensor(y_pred, floating=True)
    return np.asarray(y_true, dtype=y_pred.dtype), y_pred


def _keras_rank_rule(y_true, y_pred):
    """Keras's rule for ranks that differ by a last axis of size 1 (:func:`nnlib.shapes.lined_up`),
    applied: (n,) against (n, 1) becomes (n, 1) and (n, 1); (n, k, 1) against (n, k) becomes (n, k)."""
    true_shape, pred_shape = lined_up(y_true.shape, y_pred.shape)
    if pred_shape != y_pred.shape:
        y_pred = ops.reshape(y_pred, pred_shape)
    return y_true.reshape(true_shape), y_pred


def _line_up(name, y_true, y_pred):
    """Keras's rank rule, then the shapes must be equal (the error names the shapes as given)."""
    shapes = y_true.shape, y_pred.shape
    y_true, y_pred = _keras_rank_rule(y_true, y_pred)
    _check_same_shape(name, y_true, y_pred, shapes, rank_rule=True)
    return y_true, y_pred


def _check_same_shape(name, y_true, y_pred, shapes=None, rank_rule=False):
    """Raise an error naming both shapes (as given: ``shapes``) and the axis that disagrees."""
    true_shape, pred_shape = shapes or (y_true.shape, y_pred.shape)
    if y_true.shape == y_pred.shape and y_pred.ndim > 0:
        return
    if y_pred.ndim == 0 or y_true.ndim == 0:
        why = "a loss needs arrays with at least one axis"
    elif y_true.ndim == y_pred.ndim:  # (after the rank rule, if any)
        axis = next(i for i, (a, b) in enumerate(zip(y_true.shape, y_pred.shape)) if a != b)
        why = f"axis {axis} has size {y_true.shape[axis]} in y_true and {y_pred.shape[axis]} in y_pred"
    else:
        why = f"y_true has rank {len(true_shape)} and y_pred has rank {len(pred_shape)}"
    rule = ("The shapes must be equal, except that a last axis of size 1 may be missing on one side, "
            "as in (n,) against (n, 1)" if rank_rule else
            "This function needs equal shapes (the loss class, like Keras's, also accepts (n,) "
            "against (n, 1))")
    raise ValueError(f"{name}: y_true of shape {true_shape} and y_pred of shape {pred_shape} do not "
                     f"match: {why}. {rule}.")


def class_numbers(y_true, pred_shape, name="y_true"):
    """Class-number labels as an integer array of shape ``pred_shape[:-1]``, each checked to be a
    whole number in [0, k) for predictions with k classes on their last axis. The one check of such
    labels: the sparse cross-entropy and ``Sequential.fit`` (where ``name`` is "y") both call it.
    """
    labels = np.asarray(y_true)
    given = labels.shape
    labels = labels.reshape(class_numbers_shape(given, pred_shape))
    if labels.shape != pred_shape[:-1]:
        raise ValueError(
            f"sparse_categorical_crossentropy: {name} of shape {given} does not fit y_pred of shape "
            f"{pred_shape}: it needs one class number per row of y_pred, shape {pred_shape[:-1]} "
            f"(or {pred_shape[:-1] + (1,)}); one-hot labels go with loss='categorical_crossentropy'")
    k = pred_shape[-1]
    bad = (labels < 0) | (labels >= k)
    if labels.dtype.kind == "f":  # labels stored as floats must be whole numbers
        bad |= labels != np.round(labels)
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(
            f"sparse_categorical_crossentropy: label {labels[index]:g} ({name} at index {index}) is not "
            f"a class number in [0, {k}): y_pred has {k} classes (its last axis), so labels must be "
            f"whole numbers from 0 to {k - 1}; more classes need more units in the last layer")
    return labels.astype(np.intp)


def _get_logits(y_pred, from_logits, name, activation):
    """``(logits, True)`` if ``y_pred`` is an output of ops.softmax or ops.sigmoid, which remember
    their logits; otherwise ``(y_pred, from_logits)`` unchanged. This is Keras's ``_get_logits``."""
    logits = y_pred._keras_logits
    if logits is None:
        return y_pred, from_logits
    if from_logits:
        warnings.warn(f"{name} received from_logits=True, but y_pred was produced by a {activation} "
                      "activation and thus does not represent logits. Was this intended?",
                      UserWarning, stacklevel=3)
    return logits, True


def _warn_if_not_probabilities(name, y_pred, axis=None):
    """Warn when from_logits=False but y_pred cannot be probabilities (or, with ``axis``, rows of a
    probability distribution that sum to 1)."""
    p = y_pred.numpy()
    if p.size == 0:
        return
    if p.min() < 0 or p.max() > 1:
        problem = f"y_pred holds values from {p.min():.4g} to {p.max():.4g}, outside [0, 1]"
    elif axis is not None and np.abs(np.sum(p, axis=axis) - 1).max() > 1e-3:  # runs every batch: cheap
        sums = np.sum(p, axis=axis)
        low, high = f"{sums.min():.4g}", f"{sums.max():.4g}"
        problem = (f"the rows of y_pred sum to {low if low == high else f'{low} to {high}'}, not 1 "
                   "(each row is divided by its sum)")
    else:
        return
    warnings.warn(f"{name} was given from_logits=False, but {problem}, so y_pred does not look like "
                  "probabilities: did you mean from_logits=True?", UserWarning, stacklevel=3)
