"""nnlib.activations against keras.activations, and the written-out derivatives against the tape.

Every activation, with every keyword argument, is compared with keras.activations on random arrays
(hypothesis) and at the edges (inputs of +-1e4, +-88, +-3, +-1 and 0: overflowing e^x, hard_sigmoid's
corners, the kinks), in float32 and float64: the values, their dtype, and the gradients through
nnlib's tape against tf.GradientTape on the Keras function. float32 is compared with float32
tolerances. Then each ``<name>_derivative`` formula is checked against the tape, and the tape against
finite differences (gradcheck). The op erf, which gelu is built from, and softmax and log_softmax over
a tuple of axes are checked against TensorFlow's gradients and finite differences here too.
"""
import inspect
import math

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
NAMES = ["linear", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "softplus", "softmax", "gelu", "silu",
         "swish", "selu", "hard_sigmoid", "log_softmax"]
NORMALIZING = ("softmax", "log_softmax")  # functions of a whole axis, whose derivative is a Jacobian

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
    ("softmax", {"axis": (0, 1)}),
    ("gelu", {}),
    ("gelu", {"approximate": True}),
    ("silu", {}),
    ("swish", {}),
    ("selu", {}),
    ("hard_sigmoid", {}),
    ("log_softmax", {}),
    ("log_softmax", {"axis": 0}),
    ("log_softmax", {"axis": None}),
    ("log_softmax", {"axis": (0, 1)}),
]
IDS = [name + "".join(f"-{k}={v}" for k, v in kwargs.items()) for name, kwargs in CASES]
DTYPES = [np.float32, np.float64]

EDGES = np.array([
    [-1e4, -88.0, -1.0, 0.0, 1.0, 88.0, 1e4],
    [1e4, 88.0, 1.0, 0.0, -1.0, -88.0, -1e4],
    [1e4, 1e4, 88.0, 88.0, -88.0, -1e4, 0.0],
    [-3.0, 3.0, -3.0, 0.0, 3.0, -1e-3, 1e-3],
])


def tolerance(dtype, name, kwargs):
    if dtype == np.float32 and name == "gelu":
        # TensorFlow's float32 tanh reaches 1 at x = 7.9 already (numpy's at 10), and its erfc
        # differs from math.erfc by up to 3e-7: gelu's slope, x times their slopes, by a few 1e-6.
        return {"rtol": 1e-6, "atol": 1e-5}
    if dtype == np.float32:
        return {"rtol": 1e-6, "atol": 1e-6}
    if name == "leaky_relu" or (name == "relu" and list(kwargs) == ["negative_slope"]):
        # TensorFlow keeps leaky_relu's slope as a 32-bit float even for float64 inputs (0.2 is
        # 0.2000000030), so the two agree only to about 1.5e-8 relative.
        return {"rtol": 1e-7, "atol": 1e-12}
    if name == "gelu":
        # The same for tf.nn.gelu's constants: 1/sqrt(2) and 0.044715 are cast from 32-bit floats
        # (0.70710677, 0.044714998), which moves its float64 results by up to a few 1e-7 relative
        # where gelu is small. test_gelu_matches_the_normal_cdf checks nnlib's to 1e-12.
        return {"rtol": 1e-6, "atol": 1e-12}
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
    x = data.draw(inputs(dtype, min_dims=2 if isinstance(kwargs.get("axis"), tuple) else 1,
                         min_side=2 if name in NORMALIZING else 1))  # Keras warns on size 1
    if name == "relu" and kwargs.get("max_value") == 6.0:
        # Keras computes this case with tf.nn.relu6, whose gradient at exactly 6 is 0; the
        # derivative does not exist there, and nnlib's clip gives 1.
        assume(not np.any(x == 6.0))
    if name == "selu":
        # TensorFlow picks selu's slope by the sign of its output, which rounds to 0 for tiny
        # negative x (e^x - 1 = 0 above -1e-16, in float32 above -6e-8), and gives scale there;
        # the slope on that side is scale * alpha, nnlib's.
        assume(not np.any((x < 0) & (np.exp(np.minimum(x, 0)) - 1 == 0)))
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


DERIVATIVES = [(name, kwargs) for name, kwargs in CASES if name not in NORMALIZING]


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
@pytest.mark.parametrize("name", NORMALIZING)
@SETTINGS
@given(data=st.data())
def test_softmax_jacobian_matches_the_tape(name, axis, dtype, data):
    x = data.draw(arrays(dtype, array_shapes(min_dims=2, max_dims=2, max_side=4),
                         elements=floats(dtype, 20)))
    jacobian = getattr(activations, f"{name}_derivative")(x, axis=axis)  # (other axis, k, k)
    k = x.shape[axis]
    assert jacobian.shape == (x.shape[1 - axis % 2], k, k) and jacobian.dtype == x.dtype
    for i in range(k):
        v = nnlib.Variable(x)
        with nnlib.GradientTape() as tape:
            s_i = ops.take(getattr(activations, name)(v, axis=axis), (slice(None), i) if axis % 2 else i)
        row = np.moveaxis(tape.gradient(s_i, v).numpy(), axis, -1)  # d s_i / d x_j, j last
        np.testing.assert_allclose(jacobian[:, i, :], row, **tolerance(x.dtype, "", {}))


@pytest.mark.parametrize("axis", [(0, 2), (2, 0), (-1, 1), None], ids=str)
@pytest.mark.parametrize("name", NORMALIZING)
def test_jacobian_over_a_tuple_of_axes_is_that_of_the_entries_taken_together(name, axis):
    # Over a tuple of axes, each entry of the other axis (none for axis=None) has one softmax of the
    # k entries along them, numbered as np.moveaxis lays them out last: its Jacobian is the one of
    # a vector of those k entries (checked against the tape above).
    x = np.random.default_rng(1).normal(size=(2, 3, 4))
    axes = (0, 1, 2) if axis is None else axis
    other = [x.shape[a] for a in range(3) if a not in [b % 3 for b in axes]]
    groups = np.moveaxis(x, axes, range(-len(axes), 0)).reshape(int(np.prod(other)), -1)
    derivative = getattr(activations, f"{name}_derivative")
    jacobian = derivative(x, axis=axis)
    k = groups.shape[-1]
    assert jacobian.shape == tuple(other) + (k, k)
    for block, group in zip(jacobian.reshape(-1, k, k), groups):
        np.testing.assert_allclose(block, derivative(group), rtol=1e-12)


def test_softmax_jacobian_by_hand():
    s = np.exp([1.0, 2.0]) / np.exp([1.0, 2.0]).sum()
    by_hand = np.array([[s[0] * (1 - s[0]), -s[0] * s[1]], [-s[1] * s[0], s[1] * (1 - s[1])]])
    np.testing.assert_allclose(activations.softmax_derivative([1.0, 2.0]), by_hand)
    # d log s_i / d x_j = (d s_i / d x_j) / s_i
    np.testing.assert_allclose(activations.log_softmax_derivative([1.0, 2.0]), by_hand / s[:, None])


def test_numbers_lists_and_tensors_are_accepted_and_a_tensor_comes_back():
    for x in [2.0, 3, [1.0, -2.0], np.array([1, 2]), np.float32(1.5)]:
        for name in NAMES:
            y = getattr(activations, name)(x if name not in NORMALIZING else np.atleast_1d(x))
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


@pytest.mark.parametrize("name", NORMALIZING)
def test_softmax_errors_name_the_shape_and_the_axis(name):
    fn = getattr(activations, name)
    with pytest.raises(ValueError, match=rf"{name} got axis=2.*shape \(3, 5\).*from -2 to 1"):
        fn(np.zeros((3, 5)), axis=2)
    with pytest.raises(ValueError, match=r"axis=\(0, 3\).*shape \(3, 5\).*from -2 to 1, a tuple"):
        fn(np.zeros((3, 5)), axis=(0, 3))
    with pytest.raises(ValueError, match=r"axis=\(1, -1\).*the same axis twice"):
        fn(np.zeros((3, 5)), axis=(1, -1))
    with pytest.raises(ValueError, match=r"axis=\[0, 1\]"):
        fn(np.zeros((3, 5)), axis=[0, 1])  # a tuple, as in Keras: a list is not taken
    with pytest.raises(ValueError, match=r"scalar"):
        fn(1.0)


def test_the_registry_is_keras_s():
    for name in activations.ACTIVATIONS:
        assert activations.get(name).__name__ == keras.activations.get(name).__name__, name
    assert activations.swish is activations.silu and keras.activations.swish is keras.activations.silu
    assert activations.swish_derivative is activations.silu_derivative
    with pytest.raises(ValueError, match="unknown activation 'gleu'.*'gelu'"):
        activations.get("gleu")


def test_selu_and_hard_sigmoid_take_keras_s_side_at_their_kinks():
    # selu's slope jumps at 0 from scale * alpha to scale; hard_sigmoid's at -3 and 3 between 0
    # and 1/6. TensorFlow's gradients (and so the tape's, checked above at the edges) take scale,
    # and 0 at both corners; the formulas say so too.
    np.testing.assert_allclose(activations.selu_derivative([-1e-9, 0.0, 1e-9]),
                               [1.0507009873554805 * 1.6732632423543772, 1.0507009873554805,
                                1.0507009873554805], rtol=1e-8)
    np.testing.assert_array_equal(activations.hard_sigmoid_derivative([-3.0, -2.999, 2.999, 3.0]),
                                  [0.0, 1 / 6, 1 / 6, 0.0])
    np.testing.assert_array_equal(activations.hard_sigmoid([-4.0, -3.0, 0.0, 3.0, 4.0]).numpy(),
                                  [0.0, 0.0, 0.5, 1.0, 1.0])


def test_gelu_matches_the_normal_cdf():
    from scipy.stats import norm  # an independent erf: scipy comes with scikit-learn

    x = np.linspace(-10, 10, 2001)
    np.testing.assert_allclose(activations.gelu(x).numpy(), x * norm.cdf(x), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(activations.gelu_derivative(x), norm.cdf(x) + x * norm.pdf(x),
                               rtol=1e-12, atol=1e-15)
    # The tanh form stays within 5e-4 of the exact one (Hendrycks and Gimpel's approximation).
    gap = np.abs(activations.gelu(x, approximate=True).numpy() - x * norm.cdf(x))
    assert 1e-4 < gap.max() < 5e-4


def test_erf_is_exact_keeps_float32_and_saturates_without_nan():
    from scipy.special import erf as scipy_erf

    x = np.linspace(-6, 6, 1201)
    np.testing.assert_allclose(ops.erf(x).numpy(), scipy_erf(x), rtol=2e-15, atol=1e-16)  # a few ulp
    x32 = x.astype(np.float32)
    assert ops.erf(x32).dtype == np.float32 and ops.erf(np.arange(3)).dtype == np.float64
    np.testing.assert_allclose(ops.erf(x32).numpy(), scipy_erf(x32.astype(np.float64)), rtol=1.2e-7)
    assert float(ops.erf(0.5)) == math.erf(0.5)
    v = nnlib.Variable([-1e4, 0.0, 1e4])
    with nnlib.GradientTape() as tape:
        y = ops.erf(v)
    np.testing.assert_array_equal(y.numpy(), [-1.0, 0.0, 1.0])
    np.testing.assert_array_equal(tape.gradient(y, v).numpy(), [0.0, 2 / math.sqrt(math.pi), 0.0])


SMOOTH_AWAY_FROM_KINKS = np.linspace(-4.95, 4.95, 12).reshape(3, 4)  # 0.05 or more from 0 and +-3


@pytest.mark.parametrize("name, kwargs", CASES, ids=IDS)
def test_tape_gradients_match_finite_differences(name, kwargs):
    x = nnlib.Variable(SMOOTH_AWAY_FROM_KINKS)  # and from relu's thresholds and maxima
    upstream = weights_like(SMOOTH_AWAY_FROM_KINKS)
    nnlib.gradcheck(lambda: ops.sum(getattr(activations, name)(x, **kwargs) * upstream), [x])


def check_op_against_tf_and_finite_differences(nn_fn, tf_fn, x):
    v, tv = nnlib.Variable(x), tf.Variable(x)
    upstream = weights_like(x)
    with nnlib.GradientTape() as tape:
        y = nn_fn(v)
        loss = ops.sum(y * upstream)
    with tf.GradientTape() as ttape:
        ty = tf_fn(tv)
        tloss = tf.reduce_sum(ty * upstream)
    np.testing.assert_allclose(y.numpy(), ty.numpy(), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(tape.gradient(loss, v).numpy(), ttape.gradient(tloss, tv).numpy(),
                               rtol=1e-10, atol=1e-15)
    nnlib.gradcheck(lambda: ops.sum(nn_fn(v) * upstream), [v])


@pytest.mark.parametrize("axis", [(0, 2), (2, 1), (0, 1, 2), (-1, -3)], ids=str)
@pytest.mark.parametrize("name", NORMALIZING)
def test_softmax_ops_over_a_tuple_of_axes_match_tf_and_finite_differences(name, axis):
    x = np.random.default_rng(2).normal(size=(2, 3, 4)) * 3
    keras_axis = tuple(a % 3 for a in axis)  # Keras 3.15 takes only axes counted from the front here
    check_op_against_tf_and_finite_differences(lambda a: getattr(ops, name)(a, axis=axis),
                                               lambda a: getattr(keras.ops, name)(a, axis=keras_axis), x)
    # Over a tuple of axes, the entries along them sum to 1 (softmax), or their exponentials do.
    s = activations.softmax(x, axis=axis).numpy()
    np.testing.assert_allclose(s.sum(axis=axis), 1.0, rtol=1e-12)
    np.testing.assert_allclose(np.exp(activations.log_softmax(x, axis=axis).numpy()), s, rtol=1e-12)
