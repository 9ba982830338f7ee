"""What ``fit``, ``evaluate`` and ``predict`` are given, checked and prepared before training.

Inputs become float32 arrays of samples; labels are checked against the loss and the model's outputs
with messages that speak to a learner; ``class_weight`` becomes one weight per sample, as Keras makes
it; ``sample_weight`` must hold one weight per sample. :class:`nnlib.models.Sequential` calls these
once per ``fit``, before its loop.

In the book: chapter 7, "A linear classifier, four ways" (chapters/07_linear_classifier.ipynb); used
again in chapter 8.
"""
import numpy as np

from . import losses
from .autodiff import as_array


def as_inputs(x, name):
    """x as a float32 array of samples (float64 and integers become float32, as Keras's layers take them)."""
    x = as_array(x)
    if x.ndim == 0:
        raise ValueError(f"{name} must hold samples along its first axis, got a single number")
    if not np.issubdtype(x.dtype, np.floating) or x.dtype == np.float64:
        x = x.astype(np.float32)  # as Keras: float32 layers compute in float32
    return x


def check_count(name, value, low=1):
    """``value`` as an int, after checking that it is a whole number >= low (batch_size, epochs)."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        raise ValueError(f"{name} must be a whole number >= {low}, got {value!r}")
    return int(value)


def check_labels(loss, y, output_shape, y_name="y"):
    """Raise an error that speaks to a learner when the labels y cannot go with this loss and model."""
    k = output_shape[-1] if len(output_shape) > 1 else 1
    outputs = f"the model outputs shape {(None,) + tuple(output_shape[1:])}"
    if isinstance(loss, losses.SparseCategoricalCrossentropy):
        losses.class_numbers(y, (len(y),) + tuple(output_shape[1:]), y_name)
    elif isinstance(loss, losses.CategoricalCrossentropy):
        if y.ndim == 1 or (y.ndim == 2 and y.shape[1] == 1 and k > 1):
            raise ValueError(
                f"categorical_crossentropy needs one-hot labels, {y_name} of shape (n, {k}), but {y_name} "
                f"has shape {y.shape}; class numbers go with loss='sparse_categorical_crossentropy'")
        if y.shape[1:] != tuple(output_shape[1:]):
            raise ValueError(
                f"{y_name} has shape {y.shape}: one-hot labels of width {y.shape[-1]}, but {outputs}, "
                f"{k} classes; the widths must match")
    elif isinstance(loss, losses.BinaryCrossentropy):
        if y.ndim == 1 and k == 1 and len(output_shape) == 2:
            pass  # (n,) labels against (n, 1) outputs line up, as in Keras
        elif y.shape[1:] != tuple(output_shape[1:]):
            raise ValueError(
                f"binary_crossentropy needs one label per output, but {y_name} has shape {y.shape} and "
                f"{outputs}; for two classes use Dense(1, activation='sigmoid') and labels 0 and 1")
        if y.size and (y.min() < 0 or y.max() > 1):
            raise ValueError(
                f"binary_crossentropy needs labels between 0 and 1, but {y_name} holds values from "
                f"{y.min():g} to {y.max():g}; for more than two classes use "
                "loss='sparse_categorical_crossentropy' and a softmax output")


def class_weight_to_sample_weights(y, class_weight):
    """One weight per sample, class_weight[c] for a sample of class c, as Keras makes them for
    ``fit(class_weight=...)``: the class of a one-hot (or soft) label row is the position of its
    largest entry (argmax); any other label, a class number or a binary label 0/1 of shape (n,) or
    (n, 1), is rounded to a whole number. float32, as in Keras.

    >>> class_weight_to_sample_weights(np.array([0, 1, 1, 0]), {0: 1.0, 1: 9.0})
    array([1., 9., 9., 1.], dtype=float32)

    Unlike Keras, which gives weight 1 to a class that ``class_weight`` leaves out, nnlib raises an
    error naming the missing classes.
    """
    if not isinstance(class_weight, dict):
        raise ValueError(f"class_weight must be a dict {{class: weight}}, such as {{0: 1.0, 1: 5.0}}, "
                         f"got a {type(class_weight).__name__}")
    weights = {}
    for key, value in class_weight.items():
        if isinstance(key, bool) or not isinstance(key, (int, np.integer)):
            raise ValueError(f"class_weight's keys must be class numbers (whole numbers 0, 1, ...), "
                             f"got the key {key!r}")
        weights[int(key)] = value
    y = np.asarray(y)
    if y.ndim > 1 and y.shape[-1] != 1:
        classes = np.argmax(y, axis=-1)  # one-hot rows
    else:
        classes = np.round(y.reshape(len(y))).astype(np.int64)  # class numbers or 0/1, (n,) or (n, 1)
    missing = sorted(set(classes.tolist()) - set(weights))
    if missing:
        raise ValueError(f"class_weight has no weight for class {', '.join(map(str, missing))}, which "
                         f"the labels hold; it has weights for {sorted(weights)}: give every class "
                         "a weight (1.0 leaves it as it is)")
    return np.array([weights[c] for c in classes.tolist()], dtype=np.float32)


def sample_weights(sample_weight, class_weight, y, n, name="sample_weight"):
    """The samples' weights as an array with one entry per sample (from class_weight if given), or
    None; refuses both together and weights of the wrong length."""
    if class_weight is not None:
        if sample_weight is not None:
            raise ValueError("fit takes class_weight or sample_weight, not both (Keras refuses them "
                             "together too): to combine them, pass sample_weight=sample_weight * "
                             "class_weight_to_sample_weights(y, class_weight)")
        return class_weight_to_sample_weights(y, class_weight)
    if sample_weight is None:
        return None
    sample_weight = as_array(sample_weight)
    if sample_weight.ndim == 0:
        raise ValueError(f"{name} must hold one weight per sample, got a single number")
    if len(sample_weight) != n:
        raise ValueError(f"{name} must hold one weight per sample, but it has {len(sample_weight)} "
                         f"weights (shape {sample_weight.shape}) for {n} samples")
    return sample_weight
