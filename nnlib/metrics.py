"""Accuracy metrics, named and computed as in ``keras.metrics``.

A metric *function* scores each sample (1.0 if it is classified right, 0.0 if not); a metric *object*
adds those scores up over many batches and reports their mean, which is what ``fit`` prints per epoch:

>>> import numpy as np
>>> from nnlib import metrics
>>> metrics.binary_accuracy([1, 0, 1], [[0.9], [0.2], [0.4]])     # labels (n,), outputs (n, 1)
array([[1.],
       [1.],
       [0.]], dtype=float32)
>>> m = metrics.SparseCategoricalAccuracy()
>>> m.update_state([2, 0], [[0.1, 0.2, 0.7], [0.3, 0.6, 0.1]])
>>> m.update_state([1], [[0.2, 0.5, 0.3]])
>>> float(m.result())
0.6666666865348816

``update_state(y_true, y_pred, sample_weight=w)`` weighs each sample's score by its weight, and the
result is sum(w * score) / sum(w); a weight of 0 leaves a sample out:

>>> m = metrics.BinaryAccuracy()
>>> m.update_state([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]], sample_weight=[1, 0, 0, 1])
>>> float(m.result())
0.5

Predictions are compared as Keras compares them: a binary prediction counts as class 1 when it is
*above* the threshold (0.5 exactly is class 0), and the predicted class of a row is its largest entry
(the first one, if several tie). Metrics are not differentiated, so they work on numpy arrays.

In the book: chapter 7, "A linear classifier, four ways" (chapters/07_linear_classifier.ipynb); used
again in chapter 8.
"""
import numpy as np

from .autodiff import as_array
from .shapes import class_numbers_shape, lined_up, weights_fit


def binary_accuracy(y_true, y_pred, threshold=0.5):
    """1.0 where (y_pred > threshold) equals the label y_true (0 or 1), entry by entry.

    Labels of shape (n,) against predictions of shape (n, 1) are lined up to (n, 1), as in Keras.
    """
    y_true, y_pred = as_array(y_true), as_array(y_pred)
    true_shape, pred_shape = lined_up(y_true.shape, y_pred.shape)
    y_true, y_pred = y_true.reshape(true_shape), y_pred.reshape(pred_shape)
    return (y_true == (y_pred > threshold)).astype(np.float32)


def categorical_accuracy(y_true, y_pred):
    """1.0 where the largest entry of y_pred is where the one-hot label y_true has its 1."""
    y_true, y_pred = as_array(y_true), as_array(y_pred)
    return (np.argmax(y_true, axis=-1) == np.argmax(y_pred, axis=-1)).astype(np.float32)


def sparse_categorical_accuracy(y_true, y_pred):
    """1.0 where the largest entry of y_pred is at the class number y_true (shape (n,) or (n, 1))."""
    y_true, y_pred = as_array(y_true), as_array(y_pred)
    labels = y_true.reshape(class_numbers_shape(y_true.shape, y_pred.shape))
    return (labels == np.argmax(y_pred, axis=-1)).astype(np.float32)


class Mean:
    """The running mean of the values it is given, each sample weighted by ``sample_weight`` (default 1).

    A sample's values beyond its first axis are averaged first, so a sample counts once however many
    values it has: total += sum over samples of w * mean(values), count += sum of w, and
    ``result()`` is total / count, as in Keras's ``Mean``.
    """

    def __init__(self, name="mean"):
        self.name = name
        self.reset_state()

    def reset_state(self):
        self.total, self.count = 0.0, 0.0

    def update_state(self, values, sample_weight=None):
        """Add a batch of values. The weights are lined up with them as Keras lines them up, once here
        for every metric: Keras's rank rule (:func:`nnlib.shapes.lined_up`, so that weights of shape
        (n,) go with values of shape (n, 1)); then values with more axes than the weights are averaged
        over the extra axes; then the weights must have the values' shape, or 1 along an axis (they
        are copied along it), or be one number (which weighs the batch's mean once)."""
        if isinstance(values, float) and isinstance(sample_weight, (int, float, type(None))):
            weight = 1 if sample_weight is None else sample_weight  # one number: no arrays needed
            self.total += values * weight
            self.count += weight
            return
        values = np.asarray(as_array(values), dtype=np.float64)
        if sample_weight is None:
            self.total += float(np.sum(_per_sample(values)))
            self.count += len(values) if values.ndim else 1
            return
        weight = np.asarray(as_array(sample_weight), dtype=np.float64)
        shapes = values.shape, weight.shape
        values_shape, weight_shape = lined_up(*shapes)
        values, weight = values.reshape(values_shape), weight.reshape(weight_shape)
        values = np.mean(values, axis=tuple(range(weight.ndim, values.ndim)))  # down to the weights' rank
        if not weights_fit(weight.shape, values.shape):
            per_value = f", one per value (shape {shapes[0]})," if len(shapes[0]) > 1 else ""
            raise ValueError(
                f"{self.name}: sample_weight of shape {shapes[1]} does not fit values of shape "
                f"{shapes[0]}: give one weight per sample (shape {shapes[0][:1]}){per_value} or one number")
        weight = np.broadcast_to(weight, values.shape)
        self.total += float(np.sum(_per_sample(values * weight)))
        self.count += float(np.sum(_per_sample(weight)))

    def result(self):
        """The mean so far, total / count, as float32 (Keras's metrics report float32); 0 before any
        update or while the weights sum to 0 (Keras's ``divide_no_nan``)."""
        return np.float32(self.total / self.count if self.count else 0.0)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}, result={float(self.result()):.4f}>"


def _per_sample(values):
    """Each sample's mean over its axes after the first (values of rank 0 or 1 are left as they are)."""
    return np.mean(values, axis=tuple(range(1, values.ndim)))


class MeanMetricWrapper(Mean):
    """The running mean of a per-sample metric function ``fn(y_true, y_pred)`` over every sample seen,
    each weighted by ``sample_weight`` (see :meth:`Mean.update_state`)."""

    def __init__(self, fn, name=None, **kwargs):
        super().__init__(name or fn.__name__)
        self.fn, self.kwargs = fn, kwargs

    def update_state(self, y_true, y_pred, sample_weight=None):
        super().update_state(self.fn(y_true, y_pred, **self.kwargs), sample_weight)


class BinaryAccuracy(MeanMetricWrapper):
    def __init__(self, name="binary_accuracy", threshold=0.5):
        super().__init__(binary_accuracy, name, threshold=threshold)


class CategoricalAccuracy(MeanMetricWrapper):
    def __init__(self, name="categorical_accuracy"):
        super().__init__(categorical_accuracy, name)


class SparseCategoricalAccuracy(MeanMetricWrapper):
    def __init__(self, name="sparse_categorical_accuracy"):
        super().__init__(sparse_categorical_accuracy, name)


METRICS = {"binary_accuracy": BinaryAccuracy, "categorical_accuracy": CategoricalAccuracy,
           "sparse_categorical_accuracy": SparseCategoricalAccuracy}


def get(identifier, y_true, y_pred):
    """A metric object for ``compile(metrics=[...])``: a name, a metric object or a per-sample function.

    ``"accuracy"`` (or ``"acc"``) is resolved as Keras resolves it, from the shapes of the labels and
    of the model's outputs: one output per sample is binary; labels with fewer axes than the outputs
    (or a last axis of 1) are class numbers (sparse); otherwise the labels are one-hot (categorical).
    The metric keeps the name it was asked for.
    """
    if isinstance(identifier, Mean):
        return identifier
    if isinstance(identifier, str):
        if identifier.lower() in ("accuracy", "acc"):
            y_true, y_pred = np.shape(y_true), np.shape(y_pred)
            if y_pred[-1] == 1:
                cls = BinaryAccuracy
            elif len(y_true) < len(y_pred) or y_true[-1] == 1:
                cls = SparseCategoricalAccuracy
            else:
                cls = CategoricalAccuracy
            return cls(name=identifier)
        if identifier not in METRICS:
            known = ["accuracy"] + list(METRICS)
            raise ValueError(f"unknown metric {identifier!r}; nnlib knows "
                             f"{', '.join(repr(k) for k in known)}")
        return METRICS[identifier]()
    if callable(identifier):
        return MeanMetricWrapper(identifier)
    raise TypeError(f"a metric must be a name such as 'accuracy', a metric object or a function, "
                    f"got {identifier!r}")
