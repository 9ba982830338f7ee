"""nnlib.activations against keras.activations, and the written-out derivatives against the tape.

Every activation, with every keyword argument, is compared with keras.activations on random arrays
(hypothesis) and at the edges (inputs of +-1e4, +-88, +-1 and 0), in float32 and float64: the values,
their dtype, and the gradients through nnlib's tape against tf.GradientTape on the Keras function.
float32 is compared with float32 tolerances. Then each ``<name>_derivative`` formula is checked
against the tape.
"""
import inspect

import keras
import numpy as np
import pytest
import tensorflow as tf
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

import nnlib
from nnlib import activations, ops

SETTINGS = settings(max_examples=10, deadline=None)
NAMES = ["linear", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "softplus", "softmax"]

# (name, keyword arguments): every argument of every function, at its default and away from it.
CASES = [
    ("linear", {}),
    ("sigmoid", {}),
    ("tanh", {}),
    ("relu", {}),
    ("relu", {"negative_slope": 0.1}),
    ("relu", {"max_value": 6.0}),
    ("relu", {"max_value": 2.5}),
    ("relu", {"threshold": 0.5}),
    ("relu", {"threshold": -0.5}),
    ("relu", {"negative_slope": 0.3, "max_value": 2.0, "threshold": 0.5}),
    ("relu", {"negative_slope": 0.1, "max_value": 3.0, "threshold": -2.0}),
    ("leaky_relu", {}),
    ("leaky_relu", {"negative_slope": 0.01}),
    ("elu", {}),
    ("elu", {"alpha": 0.5}),
    ("softplus", {}),
    ("softmax", {}),
    ("softmax", {"axis": 0}),
    ("softmax", {"axis": None}),
]
IDS = [name + "".join(f"-{k}={v}" for k, v in kwargs.items()) for name, kwargs in CASES]
DTYPES = [np.float32, np.float64]

EDGES = np.array([
    [-1e4, -88.0, -1.0, 0.0, 1.0, 88.0, 1e4],
    [1e4, 88.0, 1.0, 0.0, -1.0, -88.0, -1e4],
    [1e4, 1e4, 88.0, 88.0, -88.0, -1e4, 0.0],
])


def tolerance(dtype, name, kwargs):
    if dtype == np.float32:
        return {"rtol": 1e-6, "atol": 1e-6}
    if name == "leaky_relu" or (name == "relu" and list(kwargs) == ["negative_slope"]):
        # TensorFlow keeps leaky_relu's slope as a 32-bit float even for float64 inputs (0.2 is
        # 0.2000000030), so the two agree only to about 1.5e-8 relative.
        return {"rtol": 1e-7, "atol": 1e-12}
    return {"rtol": 1e-12, "atol": 1e-12}


def weights_like(x):
    """Upstream weights that differ from entry to entry (with all ones, softmax's gradient is 0)."""
    return np.linspace(0.5, 1.5, x.size).reshape(x.shape).astype(x.dtype)


def nnlib_value_and_gradient(name, kwargs, x):
    v = nnlib.Variable(x)
    with nnlib.GradientTape() as tape:
        y = getattr(activations, name)(v, **kwargs)
        loss = ops.sum(y * weights_like(x))
    return y.numpy(), tape.gradient(loss, v).numpy()


def keras_value_and_gradient(name, kwargs, x):
    v = tf.Variable(x)
    with tf.GradientTape() as tape:
        y = getattr(keras.activations, name)(v, **kwargs)
        loss = tf.reduce_sum(y * weights_like(x))
    return np.asarray(y), tape.gradient(loss, v).numpy()


def check_against_keras(name, kwargs, x):
    y, grad = nnlib_value_and_gradient(name, kwargs, x)
    y_keras, grad_keras = keras_value_and_gradient(name, kwargs, x)
    assert y.dtype == y_keras.dtype == x.dtype
    assert grad.dtype == grad_keras.dtype == x.dtype
    tol = tolerance(x.dtype, name, kwargs)
    np.testing.assert_allclose(y, y_keras, **tol)
    np.testing.assert_allclose(grad, grad_keras, **tol)
    # No NaN or inf where Keras has a finite number.
    assert np.isfinite(y[np.isfinite(y_keras)]).all()
    assert np.isfinite(grad[np.isfinite(grad_keras)]).all()


def floats(dtype, bound):
    # No subnormal numbers: TensorFlow on a CPU flushes them to zero, so for it 1e-45 > 0 is false.
    return st.floats(-bound, bound, width=32 if dtype == np.float32 else 64, allow_subnormal=False)


def inputs(dtype, min_dims=1, min_side=1):
    return arrays(dtype, array_shapes(min_dims=min_dims, max_dims=3, min_side=min_side, max_side=4),
                  elements=floats(dtype, 100))


@pytest.mark.parametrize("name", NAMES)
def test_names_arguments_and_defaults_are_keras(name):
    assert inspect.signature(getattr(activations, name)) == inspect.signature(
        getattr(keras.activations, name))


@pytest.mark.parametrize("dtype", DTYPES, ids=["float32", "float64"])
@pytest.mark.parametrize("name, kwargs", CASES, ids=IDS)
@SETTINGS
@given(data=st.data())
def test_random_inputs_match_keras(name, kwargs, dtype, data):
    x = data.draw(inputs(dtype, min_side=2 if name == "softmax" else 1))  # Keras warns on size 1
    if name == "relu" and kwargs.get("max_value") == 6.0:
        # Keras computes this case with tf.nn.relu6, whose gradient at exactly 6 is 0; the
        # derivative does not exist there, and nnlib's clip gives 1.
        assume(not np.any(x == 6.0))
    check_against_keras(name, kwargs, x)


@pytest.mark.parametrize("dtype", DTYPES, ids=["float32", "float64"])
@pytest.mark.parametrize("name, kwargs", CASES, ids=IDS)
def test_edges_match_keras(name, kwargs, dtype):
    check_against_keras(name, kwargs, EDGES.astype(dtype))


def test_the_nan_trap_of_where_is_avoided():
    # A naive ELU takes e^x of every x, so e^10000 = inf on the branch that `where` does not pick;
    # its gradient there, inf * 0, is nan. nnlib's ELU takes e^min(x, 0).
    x = nnlib.Variable([-1.0, 1e4])
    with np.errstate(over="ignore", invalid="ignore"):
        with nnlib.GradientTape() as tape:
            naive = ops.where(x > 0, x, ops.exp(x) - 1)
        assert np.isnan(tape.gradient(naive, x).numpy()[1])

    with nnlib.GradientTape() as tape:
        safe = activations.elu(x)
    np.testing.assert_allclose(tape.gradient(safe, x).numpy(), [np.exp(-1.0), 1.0])


DERIVATIVES = [(name, kwargs) for name, kwargs in CASES if name != "softmax"]


def check_derivative_against_tape(name, kwargs, x):
    v = nnlib.Variable(x)
    with nnlib.GradientTape() as tape:
        # Each output depends only on its own input, so the gradient of the sum is each derivative.
        # (ops.sum also makes the tape see v when the activation returns v itself, as linear does.)
        total = ops.sum(getattr(activations, name)(v, **kwargs))
    from_tape = tape.gradient(total, v).numpy()
    formula = getattr(activations, f"{name}_derivative")(x, **kwargs)
    assert formula.dtype == x.dtype
    np.testing.assert_allclose(formula, from_tape, **tolerance(x.dtype, "", {}))


def at_a_kink(name, kwargs, x):
    """At x = threshold, ReLU's derivative does not exist: the formula takes the value on the left
    (negative_slope), while Keras's composition, followed by the tape, gives 0 there."""
    general_relu = name == "relu" and kwargs.get("negative_slope", 0) != 0 and len(kwargs) > 1
    return general_relu and np.any(x == kwargs.get("threshold", 0.0))


@pytest.mark.parametrize("dtype", DTYPES, ids=["float32", "float64"])
@pytest.mark.parametrize("name, kwargs", DERIVATIVES, ids=[IDS[CASES.index(c)] for c in DERIVATIVES])
@SETTINGS
@given(data=st.data())
def test_derivative_formulas_match_the_tape(name, kwargs, dtype, data):
    x = data.draw(inputs(dtype, min_dims=0))
    assume(not at_a_kink(name, kwargs, x))
    check_derivative_against_tape(name, kwargs, x)


@pytest.mark.parametrize("dtype", DTYPES, ids=["float32", "float64"])
@pytest.mark.parametrize("name, kwargs", DERIVATIVES, ids=[IDS[CASES.index(c)] for c in DERIVATIVES])
def test_derivative_formulas_match_the_tape_at_the_edges(name, kwargs, dtype):
    check_derivative_against_tape(name, kwargs, EDGES.astype(dtype))


def test_relu_derivative_at_the_kink_takes_the_left_value():
    x = np.array([-1.0, 0.0, 1.0])
    np.testing.assert_array_equal(activations.relu_derivative(x), [0.0, 0.0, 1.0])
    np.testing.assert_array_equal(activations.leaky_relu_derivative(x), [0.2, 0.2, 1.0])
    np.testing.assert_array_equal(activations.relu_derivative(x, max_value=0.5), [0.0, 0.0, 0.0])


@pytest.mark.parametrize("dtype", DTYPES, ids=["float32", "float64"])
@pytest.mark.parametrize("axis", [-1, 0, 1])
@SETTINGS
@given(data=st.data())
def test_softmax_jacobian_matches_the_tape(axis, dtype, data):
    x = data.draw(arrays(dtype, array_shapes(min_dims=2, max_dims=2, max_side=4),
                         elements=floats(dtype, 20)))
    jacobian = activations.softmax_derivative(x, axis=axis)  # (other axis, k, k)
    k = x.shape[axis]
    assert jacobian.shape == (x.shape[1 - axis % 2], k, k) and jacobian.dtype == x.dtype
    for i in range(k):
        v = nnlib.Variable(x)
        with nnlib.GradientTape() as tape:
            s_i = ops.take(activations.softmax(v, axis=axis), (slice(None), i) if axis % 2 else i)
        row = np.moveaxis(tape.gradient(s_i, v).numpy(), axis, -1)  # d s_i / d x_j, j last
        np.testing.assert_allclose(jacobian[:, i, :], row, **tolerance(x.dtype, "", {}))


def test_softmax_jacobian_by_hand():
    s = np.exp([1.0, 2.0]) / np.exp([1.0, 2.0]).sum()
    by_hand = np.array([[s[0] * (1 - s[0]), -s[0] * s[1]], [-s[1] * s[0], s[1] * (1 - s[1])]])
    np.testing.assert_allclose(activations.softmax_derivative([1.0, 2.0]), by_hand)


def test_numbers_lists_and_tensors_are_accepted_and_a_tensor_comes_back():
    for x in [2.0, 3, [1.0, -2.0], np.array([1, 2]), np.float32(1.5)]:
        for name in NAMES:
            y = getattr(activations, name)(x if name != "softmax" else np.atleast_1d(x))
            assert isinstance(y, nnlib.Tensor)
            assert y.dtype == (np.float32 if isinstance(x, np.float32) else np.float64)
    t = nnlib.Tensor(np.ones(3, dtype=np.float32))
    assert activations.linear(t) is t
    assert activations.relu(nnlib.Variable(np.ones(2, dtype=np.float32))).dtype == np.float32
    np.testing.assert_allclose(activations.sigmoid(0).numpy(), 0.5)


def test_softmax_rows_sum_to_one_along_the_axis_asked_for():
    x = np.random.default_rng(0).normal(size=(3, 5))
    np.testing.assert_allclose(activations.softmax(x).numpy().sum(axis=-1), np.ones(3))
    np.testing.assert_allclose(activations.softmax(x, axis=0).numpy().sum(axis=0), np.ones(5))


def test_softmax_errors_name_the_shape_and_the_axis():
    with pytest.raises(ValueError, match=r"axis=2.*shape \(3, 5\).*from -2 to 1"):
        activations.softmax(np.zeros((3, 5)), axis=2)
    with pytest.raises(ValueError, match=r"scalar"):
        activations.softmax(1.0)
