"""nnlib.metrics with sample weights, against keras.metrics.

Every metric's ``update_state`` takes ``sample_weight``; Mean lines the weights up with the values once,
for every metric, as Keras's ``Mean`` does (its rank rule, then the values averaged down to the weights'
rank, then the weights copied along axes of size 1). The tests feed nnlib and Keras the same batches
and weights and compare the results; the unweighted metrics are compared in test_models.py.
"""
import re

import keras
import numpy as np
import pytest

from nnlib import metrics

RNG = np.random.default_rng(3)
N = 40
Y_BINARY = RNG.integers(0, 2, size=N).astype(np.float32)
Y_CLASS = RNG.integers(0, 3, size=N)
P_ONE = RNG.uniform(size=(N, 1)).astype(np.float32)
P_THREE = RNG.uniform(size=(N, 3)).astype(np.float32)
W = RNG.uniform(0, 2, size=N).astype(np.float32)
W[::7] = 0.0  # some samples left out


def result(metric, batches):
    """The result of an nnlib or a Keras metric after update_state(*args) for each batch."""
    metric.reset_state()
    for args in batches:
        metric.update_state(*args)
    return float(metric.result())


def in_batches(*arrays, size=16):
    """The arrays cut into batches of 16, 16 and 8 samples (a weight of one number stays as it is)."""
    return [tuple(a if np.ndim(a) == 0 else a[i:i + size] for a in arrays) for i in range(0, N, size)]


ACCURACIES = [  # (metric name, labels, predictions)
    ("BinaryAccuracy", Y_BINARY, P_ONE),                        # labels (n,), outputs (n, 1)
    ("BinaryAccuracy", Y_BINARY[:, None], P_ONE),
    ("BinaryAccuracy", (P_THREE > 0.3).astype(np.float32), P_THREE[:, ::-1]),  # 3 labels per sample
    ("CategoricalAccuracy", np.eye(3, dtype=np.float32)[Y_CLASS], P_THREE),
    ("SparseCategoricalAccuracy", Y_CLASS, P_THREE),
    ("SparseCategoricalAccuracy", Y_CLASS[:, None], P_THREE),
]


@pytest.mark.parametrize("name, y_true, y_pred", ACCURACIES)
def test_weighted_accuracies_match_keras(name, y_true, y_pred):
    """Weights of shape (n,) and (n, 1), and one number per batch, in three batches."""
    ours, theirs = getattr(metrics, name)(), getattr(keras.metrics, name)()
    for weight in [W, W[:, None], np.float32(0.5)]:
        batches = in_batches(y_true, y_pred, weight)
        expected = result(theirs, batches)
        assert result(ours, batches) == pytest.approx(expected, rel=1e-6), np.shape(weight)
    # The weights count: the weighted result is not the plain one.
    assert result(ours, in_batches(y_true, y_pred, W)) != result(ours, in_batches(y_true, y_pred))


def test_binary_accuracy_of_outputs_n_1_with_weights_n():
    # The defect this fixed: (n, 1) scores against (n,) weights used to raise a broadcasting error.
    # 40 samples; the weighted mean of the scores, computed by hand.
    scores = (Y_BINARY == (P_ONE[:, 0] > 0.5)).astype(np.float64)
    m = metrics.BinaryAccuracy()
    m.update_state(Y_BINARY, P_ONE, sample_weight=W)
    np.testing.assert_allclose(float(m.result()), np.sum(W * scores) / np.sum(W), rtol=1e-6)


VALUES = RNG.normal(size=(N, 3)).astype(np.float32)


@pytest.mark.parametrize("weight_shape", [(), (N,), (N, 1), (N, 3), (1, 3), (N, 3, 1)])
def test_mean_weights_values_as_keras_mean_does(weight_shape):
    """Values of shape (n, 3): weights per sample weigh each sample's mean; weights per value, or per
    column copied down, weigh the values, and a sample counts the mean of its weights."""
    weight = RNG.uniform(0, 2, size=weight_shape).astype(np.float32)
    batches = [(VALUES, weight), (VALUES[:5] * 2, None)] if weight_shape[:1] != (N,) else [
        (VALUES[:16], weight[:16]), (VALUES[16:], weight[16:]), (VALUES[:5] * 2, None)]
    keras_batches = [(v,) if w is None else (v, w) for v, w in batches]
    assert result(metrics.Mean(), batches) == pytest.approx(
        result(keras.metrics.Mean(), keras_batches), rel=1e-5)  # Keras sums in float32


def test_mean_metric_wrapper_with_weights_matches_keras():
    def squared_error(y_true, y_pred):
        return (np.asarray(y_true) - np.asarray(y_pred)) ** 2

    def keras_squared_error(y_true, y_pred):
        return keras.ops.square(y_true - y_pred)

    y_true = RNG.normal(size=(N, 3)).astype(np.float32)
    for weight in [W, W[:, None], RNG.uniform(size=(N, 3)).astype(np.float32)]:
        batches = in_batches(y_true, VALUES, weight)
        assert result(metrics.MeanMetricWrapper(squared_error), batches) == pytest.approx(
            result(keras.metrics.MeanMetricWrapper(keras_squared_error), batches), rel=1e-6)


@pytest.mark.parametrize("values_shape, weight_shape", [((N,), (N - 1,)), ((N,), (N, 3)),
                                                        ((N, 3), (N, 2)), ((N, 3), (3, N))])
def test_weights_that_do_not_fit_are_refused_naming_both_shapes(values_shape, weight_shape):
    values, weight = np.ones(values_shape), np.ones(weight_shape)
    with pytest.raises(Exception):  # Keras refuses them too (its error is TensorFlow's)
        keras.metrics.Mean().update_state(values, sample_weight=weight)
    message = f"mean: sample_weight of shape {weight_shape} does not fit values of shape {values_shape}"
    with pytest.raises(ValueError, match=re.escape(message)):
        metrics.Mean().update_state(values, sample_weight=weight)


def test_result_is_0_while_the_weights_sum_to_0():
    m = metrics.Mean()
    m.update_state([1.0, 2.0], sample_weight=[0.0, 0.0])
    assert float(m.result()) == 0.0 == float(keras.metrics.Mean()(np.array([1.0, 2.0]),
                                                                  sample_weight=np.zeros(2)))
