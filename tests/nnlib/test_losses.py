"""nnlib.losses against keras.losses: values, gradients, shapes, errors and warnings.

Every loss is compared with its Keras namesake, as a function (one loss per sample) and as a class
(one number per batch, also with sample weights of every shape Keras lines up, under every reduction),
on random inputs and at the edges where naive code breaks: logits of +-1e4 and +-88, probabilities of
exactly 0 and 1, one-hot predictions. Gradients from nnlib's tape are
compared with tf.GradientTape on the Keras loss. Inputs are plain numpy arrays (or tf.Variables for
the gradients), so Keras sees plain probabilities: it takes its logits shortcut only for outputs of
its own sigmoid/softmax. nnlib copies that shortcut for the outputs of its sigmoid/softmax; the tests
of the shortcut feed both libraries such outputs.
"""
import json
import re
import subprocess
import sys
import warnings

import keras
import numpy as np
import pytest
import tensorflow as tf
from hypothesis import given, settings
from hypothesis import strategies as st

import nnlib
from nnlib import losses
from tests.nnlib.strategies import seeds

CLASSES = {
    "binary_crossentropy": "BinaryCrossentropy",
    "categorical_crossentropy": "CategoricalCrossentropy",
    "sparse_categorical_crossentropy": "SparseCategoricalCrossentropy",
    "mean_squared_error": "MeanSquaredError",
    "mean_absolute_error": "MeanAbsoluteError",
    "huber": "Huber",
}
REGRESSION = ["mean_squared_error", "mean_absolute_error", "huber"]
TOL = {np.float32: dict(rtol=2e-5, atol=2e-6), np.float64: dict(rtol=1e-10, atol=1e-12)}


def quiet(f, *args, **kwargs):
    """Call a Keras function without its SyntaxWarning about a last axis of size 1."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return f(*args, **kwargs)


def keras_loss(cls_name, y_true, y_pred, sample_weight=None, reduction="sum_over_batch_size", by_hand=False,
               **kwargs):
    """Keras's loss class ``cls_name`` under ``reduction``, computed in y_pred's dtype.

    Keras before 3.7 has no "mean" and "mean_with_sample_weight" reductions (the version edges test
    nnlib with Keras 3.5): there Keras's own weighted losses (reduction=None) are reduced by hand with
    the formula of Keras 3.7+'s ``reduce_values``: the sum, divided by the number of losses, or by the
    sum of the weights for "mean_with_sample_weight" (0 where the divisor is 0).
    """
    make = getattr(keras.losses, cls_name)
    if not by_hand and (reduction not in ("mean", "mean_with_sample_weight") or KERAS_HAS_MEAN_REDUCTIONS):
        return quiet(make(**kwargs, reduction=reduction, dtype=y_pred.dtype.name), y_true, y_pred,
                     sample_weight=sample_weight)
    values = np.asarray(quiet(make(**kwargs, reduction=None, dtype=y_pred.dtype.name), y_true, y_pred,
                              sample_weight=sample_weight))
    if values.shape in ((), (0,)):
        return values
    total = np.sum(values)
    if reduction == "mean_with_sample_weight" and sample_weight is not None:
        divisor = np.sum(np.asarray(sample_weight, dtype=values.dtype))
    else:
        divisor = values.size
    return total / divisor if divisor else total * 0


def _keras_has_mean_reductions():
    try:
        keras.losses.MeanSquaredError(reduction="mean_with_sample_weight")
    except ValueError:
        return False
    return True


KERAS_HAS_MEAN_REDUCTIONS = _keras_has_mean_reductions()


@pytest.mark.skipif(not KERAS_HAS_MEAN_REDUCTIONS, reason="this Keras has no mean reductions to compare with")
def test_the_reductions_by_hand_are_keras_s():
    rng = np.random.default_rng(3)
    y_true, y_pred = rng.normal(size=(6, 2)), rng.normal(size=(6, 2))
    for weight in [None, 0.5, rng.uniform(size=6), rng.uniform(size=(6, 1)), np.zeros(6)]:
        for reduction in ["mean", "mean_with_sample_weight"]:
            np.testing.assert_allclose(
                keras_loss("MeanSquaredError", y_true, y_pred, weight, reduction, by_hand=True),
                keras_loss("MeanSquaredError", y_true, y_pred, weight, reduction), rtol=1e-12)


def assert_close(nn, reference, dtype):
    nn, reference = np.asarray(nn), np.asarray(reference)
    assert nn.shape == reference.shape
    assert nn.dtype == dtype
    # No NaN or inf where Keras gives a finite value.
    assert np.isfinite(nn[np.isfinite(reference)]).all(), (nn, reference)
    np.testing.assert_allclose(nn, reference, **TOL[dtype])


def check(name, kwargs, y_true, y_pred):
    """nnlib against Keras: the function, the class, and the class's gradient through the tapes."""
    dtype = y_pred.dtype.type
    nn_fn, keras_fn = getattr(losses, name), getattr(keras.losses, name)
    nn_per_sample = nn_fn(y_true, y_pred, **kwargs)
    assert isinstance(nn_per_sample, nnlib.Tensor)
    assert_close(nn_per_sample, quiet(keras_fn, y_true, y_pred, **kwargs), dtype)

    nn_loss = getattr(losses, CLASSES[name])(**kwargs)
    keras_loss = getattr(keras.losses, CLASSES[name])(**kwargs, dtype=y_pred.dtype.name)
    w = nnlib.Variable(y_pred)
    with nnlib.GradientTape() as tape:
        nn_value = nn_loss(y_true, w)
    [nn_grad] = tape.gradient(nn_value, [w])
    v = tf.Variable(y_pred)
    with tf.GradientTape() as tape:
        tf_value = quiet(keras_loss, y_true, v)
    tf_grad = tape.gradient(tf_value, v)
    assert_close(nn_value, tf_value, dtype)
    assert_close(nn_grad, tf_grad, dtype)
    return nn_per_sample.numpy()


# Random inputs ----------------------------------------------------------------------------------

def random_case(name, from_logits, rng, n, k, dtype):
    """Labels and predictions for one loss, with some probabilities exactly 0 or 1."""
    kwargs = {}
    if name == "binary_crossentropy":
        y_true = rng.integers(0, 2, size=(n, k)).astype(dtype)
        kwargs = dict(from_logits=from_logits, label_smoothing=float(rng.choice([0.0, 0.1])))
    elif name == "categorical_crossentropy":
        y_true = np.eye(k, dtype=dtype)[rng.integers(0, k, size=n)]
        kwargs = dict(from_logits=from_logits, label_smoothing=float(rng.choice([0.0, 0.1])))
    elif name == "sparse_categorical_crossentropy":
        y_true = rng.integers(0, k, size=n)
        kwargs = dict(from_logits=from_logits)
    else:
        y_true = rng.normal(0, 2, size=(n, k)).astype(dtype)
        if name == "huber":
            kwargs = dict(delta=float(rng.choice([0.5, 1.0, 2.0])))
        return kwargs, y_true, (y_true + rng.normal(0, 2, size=(n, k))).astype(dtype)

    if from_logits:
        y_pred = rng.normal(0, 1, size=(n, k)) * rng.choice([1, 10, 100])
    else:
        y_pred = rng.uniform(0, 1, size=(n, k))
        y_pred[rng.uniform(size=(n, k)) < 0.2] = 0.0
        y_pred[rng.uniform(size=(n, k)) < 0.2] = 1.0
        if name != "binary_crossentropy":
            y_pred[y_pred.sum(axis=1) == 0, 0] = 1.0
            y_pred /= y_pred.sum(axis=1, keepdims=True)  # rows of probabilities
    return kwargs, y_true, y_pred.astype(dtype)


@pytest.mark.parametrize("name, from_logits", [(name, False) for name in CLASSES] + [
    (name, True) for name in CLASSES if name not in REGRESSION])
@given(seed=seeds, n=st.integers(1, 4), k=st.integers(2, 4),
       dtype=st.sampled_from([np.float32, np.float64]))
@settings(max_examples=10, deadline=None)
def test_random_inputs_match_keras(name, from_logits, seed, n, k, dtype):
    check(name, *random_case(name, from_logits, np.random.default_rng(seed), n, k, dtype))


# The edges ---------------------------------------------------------------------------------------

LOGITS = [1e4, -1e4, 88.0, -88.0, 20.0, -20.0, 0.0, 1.0]
PROBABILITIES = [0.0, 1.0, 1e-8, 1 - 1e-8, 1e-7, 0.5, 0.0, 1.0]
ONE_HOT_ROWS = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 0.5, 0.5]]
LOGIT_ROWS = [[1e4, -1e4, 0], [-1e4, 1e4, 0], [88, -88, 0], [-88, 88, 0]]


def edge_cases():
    for dtype in [np.float32, np.float64]:
        for y in [0, 1]:  # every logit and probability against both labels
            labels = np.full((2, 4), y, dtype=dtype)
            yield "binary_crossentropy", dict(from_logits=True), labels, np.reshape(LOGITS, (2, 4))
            yield "binary_crossentropy", {}, labels, np.reshape(PROBABILITIES, (2, 4))
        for label in range(3):  # one-hot predictions, right and wrong, and extreme logits
            sparse = np.full(4, label)
            onehot = np.eye(3, dtype=dtype)[sparse]
            yield "categorical_crossentropy", {}, onehot, np.array(ONE_HOT_ROWS)
            yield "categorical_crossentropy", dict(from_logits=True), onehot, np.array(LOGIT_ROWS)
            yield "sparse_categorical_crossentropy", {}, sparse, np.array(ONE_HOT_ROWS)
            yield ("sparse_categorical_crossentropy", dict(from_logits=True), sparse,
                   np.array(LOGIT_ROWS))
        errors = np.array([[0.0, 1.0, -1.0, 0.5], [2.0, -2.0, 1e4, -1e4]])
        for name in REGRESSION:  # errors of 0, exactly delta, and large
            yield name, {}, np.zeros((2, 4), dtype=dtype), errors
        yield "huber", dict(delta=2.0), np.zeros((2, 4), dtype=dtype), errors


@pytest.mark.parametrize("name, kwargs, y_true, y_pred", [
    (name, kwargs, y_true, y_pred.astype(y_true.dtype if y_true.dtype.kind == "f" else np.float32))
    for name, kwargs, y_true, y_pred in edge_cases()])
def test_edges_match_keras(name, kwargs, y_true, y_pred):
    check(name, kwargs, y_true, y_pred)


def test_sparse_edges_in_float64():
    labels = np.arange(3).repeat(2)[:4]
    check("sparse_categorical_crossentropy", {}, labels, np.array(ONE_HOT_ROWS, dtype=np.float64))
    check("sparse_categorical_crossentropy", dict(from_logits=True), labels,
          np.array(LOGIT_ROWS, dtype=np.float64))


def test_clipping_gives_the_values_worked_out_by_hand():
    # p = 0 for a true 1: -log(1e-7) = 16.118..., finite; its gradient is 0 (p is past the clip).
    p = nnlib.Variable([0.0, 0.5])
    with nnlib.GradientTape() as tape:
        loss = losses.binary_crossentropy([1.0, 1.0], p)
    np.testing.assert_allclose(loss.numpy(), (-np.log(1e-7) - np.log(0.5)) / 2)
    np.testing.assert_allclose(tape.gradient(loss, p).numpy(), [0.0, -1 / (2 * 0.5)])
    # In float32, 1 - 1e-7 rounds to 1 - 2**-23, so p = 1 for a true 0 costs -log(2**-23) = 15.94.
    loss32 = losses.binary_crossentropy(np.float32([0.0]), np.float32([1.0]))
    np.testing.assert_allclose(loss32.numpy(), 23 * np.log(2), rtol=1e-6)


def test_logits_stay_exact_where_probabilities_round():
    # sigmoid(20) rounds to exactly 1.0 in float32, yet the loss from the logit keeps its size.
    x = np.float32([20.0])
    assert nnlib.ops.sigmoid(x).numpy()[0] == 1.0
    loss = losses.binary_crossentropy(np.float32([1.0]), x, from_logits=True).numpy()
    np.testing.assert_allclose(loss, np.log1p(np.exp(-20.0)), rtol=1e-6)  # 2.06e-9, not 0


# Keras's logits shortcut: outputs of softmax/sigmoid are scored from the logits they remember -----

SATURATED = np.array([[1e4, -1e4, 0.0], [-88.0, 88.0, 0.0], [20.0, -20.0, 0.5], [0.1, 0.2, -0.3]])
SHORTCUT = [  # (loss, the activation whose output it is given, labels for the four rows above)
    ("sparse_categorical_crossentropy", "softmax", np.array([1, 0, 2, 1])),
    ("categorical_crossentropy", "softmax", np.eye(3)[[1, 0, 2, 1]]),
    ("binary_crossentropy", "sigmoid", np.array([[0, 1, 1], [1, 0, 1], [0, 1, 0], [1, 1, 0]])),
]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name, activation, y_true", SHORTCUT)
def test_an_activation_output_is_scored_from_its_logits_as_keras_does(name, activation, y_true, dtype):
    logits = SATURATED.astype(dtype)
    y_true = y_true.astype(dtype) if name != "sparse_categorical_crossentropy" else y_true
    nn_fn, keras_fn = getattr(losses, name), getattr(keras.losses, name)
    nn_loss = getattr(losses, CLASSES[name])()
    keras_loss = getattr(keras.losses, CLASSES[name])(dtype=logits.dtype.name)

    # The same as from_logits=True on the logits: exact where the probabilities round to 0 or 1
    # (the old path clipped them, which caps a loss at -log(1e-7) = 16.1 and kills its gradient).
    w = nnlib.Variable(logits)
    with nnlib.GradientTape() as tape:
        per_sample = nn_fn(y_true, getattr(nnlib.ops, activation)(w))
        value = nn_loss(y_true, getattr(nnlib.activations, activation)(w))
    [grad] = tape.gradient(value, [w])
    np.testing.assert_array_equal(per_sample.numpy(), nn_fn(y_true, logits, from_logits=True).numpy())
    assert per_sample.numpy().max() > 1e3  # the row with logits of +-1e4, scored wrong

    # And what Keras computes from the output of its own activation (eagerly, as fit's graph does).
    v = tf.Variable(logits)
    with tf.GradientTape() as tf_tape:
        keras_value = quiet(keras_loss, y_true, getattr(keras.activations, activation)(v))
    assert_close(per_sample, quiet(keras_fn, y_true, getattr(keras.activations, activation)(logits)),
                 dtype)
    assert_close(value, keras_value, dtype)
    assert_close(grad, tf_tape.gradient(keras_value, v), dtype)


def test_the_shortcut_applies_only_to_activation_outputs():
    logits = SATURATED.astype(np.float32)
    probabilities = nnlib.ops.softmax(logits)
    labels = np.array([1, 0, 2, 1])
    shortcut = losses.sparse_categorical_crossentropy(labels, probabilities).numpy()
    copied = losses.sparse_categorical_crossentropy(labels, probabilities.numpy()).numpy()  # plain array
    # The first three rows saturate in float32: a plain array is clipped (as Keras clips arrays), the
    # softmax output is scored from its logits (-log_softmax at the label: 2e4, 176, 19.5).
    np.testing.assert_allclose(copied[:3], -np.log(np.float32(1e-7)), rtol=1e-5)
    np.testing.assert_allclose(shortcut[:3], [2e4, 176.0, 19.5], rtol=1e-5)
    np.testing.assert_allclose(shortcut[3], copied[3], rtol=1e-5)  # equal where nothing saturates


@pytest.mark.parametrize("name, activation, y_true", SHORTCUT)
def test_from_logits_true_on_an_activation_output_warns_and_uses_the_logits(name, activation, y_true):
    logits = SATURATED[1:]  # finite probabilities, so the warning is the only difference
    y_true = y_true[1:]
    output = getattr(nnlib.ops, activation)(logits)
    with pytest.warns(UserWarning, match=f"produced by a {activation} activation"):
        with_flag = getattr(losses, name)(y_true, output, from_logits=True)
    with pytest.warns(UserWarning, match="does not represent logits"):  # as Keras warns
        getattr(keras.losses, name)(y_true, getattr(keras.activations, activation)(logits),
                                    from_logits=True)
    np.testing.assert_array_equal(with_flag.numpy(), getattr(losses, name)(y_true, output).numpy())


@pytest.mark.parametrize("name, activation, y_true", [
    ("categorical_crossentropy", "sigmoid", np.eye(3)[[0, 1]]),
    ("binary_crossentropy", "softmax", np.array([[1.0, 0, 1], [0, 1, 0]]))])
def test_remembered_logits_are_used_whichever_activation_made_them_as_in_keras(name, activation, y_true):
    # Keras does not check which activation made the logits: a sigmoid output given to
    # categorical_crossentropy is scored as softmax logits. nnlib copies that too.
    z = np.array([[2.0, -1.0, 0.5], [0.1, 3.0, -2.0]])
    nn = getattr(losses, name)(y_true, getattr(nnlib.ops, activation)(z))
    kr = quiet(getattr(keras.losses, name), y_true, getattr(keras.activations, activation)(z))
    np.testing.assert_allclose(nn.numpy(), kr.numpy(), rtol=1e-6)
    np.testing.assert_array_equal(nn.numpy(), getattr(losses, name)(y_true, z, from_logits=True).numpy())


def test_a_softmax_model_trains_on_its_logits():
    # A Dense(softmax) layer's output, then the loss class that fit uses: the gradient reaches the
    # weights through the logits (log_softmax), and the softmax output itself gets no gradient.
    rng = np.random.default_rng(0)
    layer = nnlib.layers.Dense(3, activation="softmax")
    x, labels = rng.normal(size=(5, 4)), rng.integers(0, 3, size=5)
    with nnlib.GradientTape() as tape:
        output = layer(x)
        loss = losses.SparseCategoricalCrossentropy()(labels, output)
    grads = tape.gradient(loss, [output, layer.kernel])
    assert grads[0] is None and grads[1] is not None
    ops_used = [node.op for node in tape.graph(loss)]
    assert "log_softmax" in ops_used and "softmax" not in ops_used


# Reductions, input types ------------------------------------------------------------------------

@pytest.mark.parametrize("reduction", ["sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", None])
def test_reductions_match_keras(reduction):
    rng = np.random.default_rng(1)
    y_true, y_pred = rng.integers(0, 2, size=(5, 3)), rng.uniform(size=(5, 3))
    nn = losses.BinaryCrossentropy(reduction=reduction)(y_true, y_pred)
    kr = keras_loss("BinaryCrossentropy", y_true, y_pred, reduction=reduction)
    np.testing.assert_allclose(nn.numpy(), np.asarray(kr), rtol=1e-12)
    message = ("reduction must be one of 'sum_over_batch_size', 'sum', 'mean', 'mean_with_sample_weight', "
               "'none', None; got 'average'")
    with pytest.raises(ValueError, match=re.escape(message)):
        losses.MeanSquaredError(reduction="average")
    with pytest.raises(ValueError, match="Invalid value for argument `reduction`"):  # Keras too
        keras.losses.MeanSquaredError(reduction="average")


# Sample weights: each loss, each reduction, weights of every shape Keras lines up -------------------

REDUCTIONS = ["sum_over_batch_size", "mean", "sum", "mean_with_sample_weight", None]


def steps_case(name, rng, n, t, k, dtype):
    """Labels and predictions whose per-sample losses have shape (n, t): n samples of t steps."""
    kwargs, y_true, y_pred = random_case(name, False, rng, n * t, k, dtype)
    if name in REGRESSION or name == "binary_crossentropy":  # one output per step: (n, t, 1)
        return kwargs, y_true[:, 0].reshape(n, t, 1), y_pred[:, 0].reshape(n, t, 1)
    return kwargs, y_true.reshape((n, t) + y_true.shape[1:]), y_pred.reshape(n, t, k)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", CLASSES)
def test_sample_weights_and_reductions_match_keras(name, dtype):
    """Losses of shape (n,) weighed by one number, (n,) and (n, 1) weights; losses of shape (n, t)
    by (n, t), (n, t, 1) and (n, 1) weights: the value of every reduction, and the gradient."""
    rng = np.random.default_rng(7)
    n, t, k = 5, 3, 4
    cases = [random_case(name, False, rng, n, k, dtype), steps_case(name, rng, n, t, k, dtype)]
    weights = rng.uniform(0, 2, size=(n, t)).astype(dtype)
    weights[1] = 0.0  # a sample left out
    per_sample = [1.7, weights[:, 0], weights[:, :1]]  # one number, (n,), (n, 1)
    per_step = [weights, weights[:, :, None], weights[:, :1]]  # (n, t), (n, t, 1), (n, 1)
    for (kwargs, y_true, y_pred), some_weights in zip(cases, [per_sample, per_step]):
        for w in some_weights:
            for reduction in REDUCTIONS:
                nn_loss = getattr(losses, CLASSES[name])(**kwargs, reduction=reduction)
                assert_close(nn_loss(y_true, y_pred, sample_weight=w),
                             keras_loss(CLASSES[name], y_true, y_pred, w, reduction, **kwargs), dtype)
            p = nnlib.Variable(y_pred)  # the gradient of the default reduction, through both tapes
            with nnlib.GradientTape() as tape:
                value = getattr(losses, CLASSES[name])(**kwargs)(y_true, p, sample_weight=w)
            v = tf.Variable(y_pred)
            with tf.GradientTape() as tf_tape:
                tf_value = quiet(getattr(keras.losses, CLASSES[name])(**kwargs, dtype=y_pred.dtype.name),
                                 y_true, v, sample_weight=w)
            assert_close(tape.gradient(value, p), tf_tape.gradient(tf_value, v), dtype)


def test_sample_weight_sums_by_hand():
    # Per-sample squared errors 1, 4, 9, 16; weights 1, 0, 2, 1: weighted 1, 0, 18, 16, sum 35.
    y_pred, w = np.array([[1.0], [2.0], [3.0], [4.0]]), np.array([1.0, 0.0, 2.0, 1.0])
    expected = {"sum": 35.0, "sum_over_batch_size": 35 / 4, "mean": 35 / 4,
                "mean_with_sample_weight": 35 / 4, None: [1.0, 0.0, 18.0, 16.0]}
    for reduction, value in expected.items():
        got = losses.MeanSquaredError(reduction=reduction)(np.zeros(4), y_pred, sample_weight=w)
        np.testing.assert_array_equal(got.numpy(), value, err_msg=str(reduction))
    # Weights summing to 0: the weighted mean is 0 (Keras's divide_no_nan), not NaN.
    zero = losses.MeanSquaredError(reduction="mean_with_sample_weight")(np.zeros(4), y_pred,
                                                                         sample_weight=np.zeros(4))
    assert float(zero) == 0.0


# Weight shapes against losses of shape (4,) and (4, 3). Keras multiplies by broadcasting from the
# last axis; nnlib accepts what has the losses' rank after the rank rule (or is one number).
WEIGHT_SHAPES = [((4,), s) for s in [(), (4,), (4, 1), (1,), (3,), (4, 3), (4, 4), (1, 4), (4, 1, 1)]] + [
    ((4, 3), s) for s in [(), (4, 3), (4, 3, 1), (4, 1), (1, 3), (1, 1), (3,), (4,), (1,), (4, 1, 3),
                          (4, 3, 2)]]
KERAS_BROADCASTS_ONLY = {((4,), (4, 4)), ((4,), (1, 4)), ((4,), (4, 1, 1)), ((4, 3), (3,)),
                         ((4, 3), (1,)), ((4, 3), (4, 1, 3))}


@pytest.mark.parametrize("losses_shape, weight_shape", WEIGHT_SHAPES)
def test_weight_shapes_are_accepted_as_keras_accepts_them(losses_shape, weight_shape):
    y = np.full(losses_shape + (2,), 0.5)
    weight = np.ones(weight_shape)
    keras_shape = outcome(keras.losses.MeanSquaredError(reduction=None), y, y, weight)
    if (losses_shape, weight_shape) in KERAS_BROADCASTS_ONLY:
        assert keras_shape is not None
        keras_shape = None
    assert outcome(losses.MeanSquaredError(reduction=None), y, y, weight) == keras_shape
    if keras_shape is None:
        message = f"sample_weight of shape {weight_shape} does not fit the losses of shape {losses_shape}"
        with pytest.raises(ValueError, match=re.escape(message)):
            losses.MeanSquaredError()(y, y, sample_weight=weight)


def test_lists_variables_and_tensors_are_accepted():
    y_true, y_pred = [[0.0, 1.0], [1.0, 1.0]], [[0.2, 0.7], [0.9, 0.6]]
    expected = keras.losses.binary_crossentropy(np.array(y_true), np.array(y_pred)).numpy()
    for pred in [y_pred, np.array(y_pred), nnlib.Variable(y_pred), nnlib.ops.add(y_pred, 0.0)]:
        out = losses.binary_crossentropy(y_true, pred)
        assert isinstance(out, nnlib.Tensor)
        np.testing.assert_allclose(out.numpy(), expected, rtol=1e-12)
    per_sample = losses.mean_squared_error(nnlib.Tensor([1.0, 2.0]), [[1.5], [2.0]])
    np.testing.assert_allclose(per_sample.numpy(), [0.25, 0.0])


def test_import_does_not_load_tensorflow():
    code = "import json, sys, nnlib.losses; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(json.loads(out.stdout))
    assert "nnlib.losses" in loaded and "tensorflow" not in loaded and "keras" not in loaded


# Shapes: accept what Keras accepts, name both shapes otherwise -----------------------------------

PAIRS = [((4,), (4,)), ((4,), (4, 1)), ((4, 1), (4,)), ((4, 1), (4, 1)), ((4, 3), (4, 3)),
         ((4, 3), (4, 3, 1)), ((4, 3, 1), (4, 3)), ((4,), (3, 1)), ((4, 1), (4, 3)),
         ((4, 3), (4, 1)), ((4,), (4, 3)), ((3,), (4, 3)), ((4, 3), (3,)), ((4, 3), (4,)),
         ((4, 2), (4, 3)), ((4, 1, 1), (4,)), ((4,), (4, 1, 1)), ((1,), (4,)), ((), (4,)), ((4,), ())]
# Shapes that Keras's regression losses accept only by broadcasting one against the other (the
# (n,) vs (n, 1) trap in other clothes); nnlib rejects them.
BROADCAST_ONLY = {((4, 1), (4, 3)), ((4, 3), (4, 1)), ((3,), (4, 3)), ((4, 3), (3,)),
                  ((4, 1, 1), (4,)), ((4,), (4, 1, 1)), ((1,), (4,)), ((), (4,)), ((4,), ())}


def outcome(f, *args):
    """The output shape, or None if ``f`` raises."""
    try:
        return tuple(np.shape(quiet(f, *args)))
    except (ValueError, IndexError, tf.errors.InvalidArgumentError):
        return None


@pytest.mark.parametrize("true_shape, pred_shape", PAIRS)
@pytest.mark.parametrize("name", [n for n in CLASSES if n != "sparse_categorical_crossentropy"])
@pytest.mark.parametrize("as_class", [False, True])
def test_shapes_are_accepted_as_keras_accepts_them(true_shape, pred_shape, name, as_class):
    y_true, y_pred = np.full(true_shape, 0.5), np.full(pred_shape, 0.5)
    if as_class:
        nn_f, keras_f = getattr(losses, CLASSES[name])(), getattr(keras.losses, CLASSES[name])()
    else:
        nn_f, keras_f = getattr(losses, name), getattr(keras.losses, name)
    keras_shape = outcome(keras_f, y_true, y_pred)
    if name in REGRESSION and (true_shape, pred_shape) in BROADCAST_ONLY:
        assert keras_shape is not None
        keras_shape = None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # rows of 0.5s are not distributions; not the point here
        assert outcome(nn_f, y_true, y_pred) == keras_shape
        if keras_shape is None:
            with pytest.raises(ValueError) as error:
                nn_f(y_true, y_pred)
            assert str(true_shape) in str(error.value) and str(pred_shape) in str(error.value)


@pytest.mark.parametrize("true_shape, pred_shape", [
    ((4,), (4, 3)), ((4, 1), (4, 3)), ((4,), (4, 1)), ((4, 3), (4, 3)), ((3,), (4, 3)),
    ((4, 2), (4, 2, 3)), ((4, 2, 1), (4, 2, 3)), ((4, 1, 1), (4, 3)), ((4,), (4, 2, 3)), ((), (3,))])
@pytest.mark.parametrize("as_class", [False, True])
def test_sparse_label_shapes_are_accepted_as_keras_accepts_them(true_shape, pred_shape, as_class):
    y_true, y_pred = np.zeros(true_shape, dtype=int), np.full(pred_shape, 1 / pred_shape[-1])
    nn_f, keras_f = losses.sparse_categorical_crossentropy, keras.losses.sparse_categorical_crossentropy
    if as_class:
        nn_f = losses.SparseCategoricalCrossentropy()
        keras_f = keras.losses.SparseCategoricalCrossentropy()
    keras_shape = outcome(keras_f, y_true, y_pred)
    assert outcome(nn_f, y_true, y_pred) == keras_shape
    if keras_shape is None:
        shapes = f"y_true of shape {true_shape} does not fit y_pred of shape {pred_shape}"
        with pytest.raises(ValueError, match=re.escape(shapes)):
            nn_f(y_true, y_pred)


def test_shape_errors_name_the_axis_that_disagrees():
    with pytest.raises(ValueError, match=r"\(4, 1\).*\(4, 3\).*axis 1 has size 1 in y_true and 3"):
        losses.mean_squared_error(np.ones((4, 1)), np.ones((4, 3)))
    with pytest.raises(ValueError, match=r"rank 1 .* rank 2.*the loss class"):
        losses.binary_crossentropy(np.ones(4), np.full((4, 1), 0.5))


# Sparse labels outside [0, k) ------------------------------------------------------------------

@pytest.mark.parametrize("bad", [-1, 3, 7])
def test_labels_outside_the_classes_are_named(bad):
    y_pred = np.full((3, 3), 1 / 3)
    labels = np.array([0, bad, 1])
    with pytest.raises(tf.errors.InvalidArgumentError):  # Keras refuses too (on the CPU)
        keras.losses.sparse_categorical_crossentropy(labels, y_pred)
    for f in [losses.sparse_categorical_crossentropy, losses.SparseCategoricalCrossentropy()]:
        with pytest.raises(ValueError, match=rf"label {bad} .*\[0, 3\)"):
            f(labels, y_pred)


def test_labels_must_be_whole_numbers():
    with pytest.raises(ValueError, match=r"label 1.5 .*whole numbers"):
        losses.sparse_categorical_crossentropy([0.0, 1.5], np.full((2, 3), 1 / 3))


def test_sparse_supports_only_the_last_axis():
    with pytest.raises(ValueError, match="axis"):
        losses.sparse_categorical_crossentropy([0, 1], np.full((2, 3), 1 / 3), axis=0)


# Probabilities that are not probabilities -------------------------------------------------------

NOT_PROBABILITIES = [
    (losses.binary_crossentropy, [[1.0, 0.0]], [[2.5, -1.0]]),            # logits by mistake
    (losses.BinaryCrossentropy(), [[1.0, 0.0]], [[0.5, 1.2]]),
    (losses.categorical_crossentropy, [[1.0, 0.0, 0.0]], [[3.0, 1.0, -2.0]]),
    (losses.categorical_crossentropy, [[1.0, 0.0, 0.0]], [[0.9, 0.8, 0.7]]),  # in [0, 1], sum 2.4
    (losses.CategoricalCrossentropy(), [[0.0, 1.0]], [[0.2, 0.3]]),
    (losses.sparse_categorical_crossentropy, [0], [[3.0, 1.0, -2.0]]),
    (losses.SparseCategoricalCrossentropy(), [1], [[0.9, 0.8, 0.7]]),
]


@pytest.mark.parametrize("f, y_true, y_pred", NOT_PROBABILITIES)
def test_a_warning_asks_whether_logits_were_meant(f, y_true, y_pred):
    with pytest.warns(UserWarning, match=r"did you mean from_logits=True\?"):
        f(y_true, y_pred)


@pytest.mark.parametrize("f, y_true, y_pred", NOT_PROBABILITIES)
def test_no_warning_with_from_logits(f, y_true, y_pred):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        if isinstance(f, losses.Loss):
            type(f)(from_logits=True)(y_true, y_pred)
        else:
            f(y_true, y_pred, from_logits=True)


def test_no_warning_for_real_probabilities_including_0_and_1():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        losses.binary_crossentropy([[1.0, 0.0, 1.0]], [[0.0, 1.0, 0.3]])
        losses.categorical_crossentropy(np.eye(3), np.eye(3)[::-1])
        losses.categorical_crossentropy([[0, 1.0]], np.float32([[0.1, 0.9]]))
        losses.sparse_categorical_crossentropy([2, 0], [[0.0, 0.0, 1.0], [0.2, 0.3, 0.5]])
