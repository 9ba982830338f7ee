"""nnlib's tape against TensorFlow's and against finite differences.

Every operation of nnlib.ops and every operator is differentiated on random shapes, broadcasting
pairs included, and its gradients are compared with (1) tf.GradientTape running the keras.ops function
of the same name, and (2) central finite differences. Values are float64 so that both comparisons can
be tight.
"""
import re

import keras
import numpy as np
import pytest
import tensorflow as tf
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, mutually_broadcastable_shapes

import nnlib
from nnlib import ops
from tests.nnlib.strategies import broadcastable_pairs, seeds, small_shapes

SETTINGS = settings(max_examples=20, deadline=None)


def values(rng, shape, domain):
    low, high = domain
    return rng.uniform(low, high, size=shape)


def check_against_tf_and_fd(nn_fn, tf_fn, arrays, rng):
    """Gradients of sum(f(*arrays) * weights) from nnlib, TF and finite differences agree."""
    nn_vars = [nnlib.Variable(a) for a in arrays]
    out_shape = np.shape(nn_fn(*nn_vars).numpy())
    weights = rng.uniform(0.5, 1.5, size=out_shape)  # so that the upstream gradient is not all ones

    def loss():
        return ops.sum(nn_fn(*nn_vars) * weights)

    with nnlib.GradientTape() as tape:
        nn_loss = loss()
    nn_grads = tape.gradient(nn_loss, nn_vars)

    tf_vars = [tf.Variable(a) for a in arrays]
    with tf.GradientTape() as tape:
        tf_loss = tf.reduce_sum(tf_fn(*tf_vars) * weights)
    tf_grads = tape.gradient(tf_loss, tf_vars)

    np.testing.assert_allclose(nn_loss.numpy(), tf_loss.numpy(), rtol=1e-10)
    numeric = nnlib.numeric_gradient(loss, nn_vars)
    for nn_g, tf_g, fd_g, a in zip(nn_grads, tf_grads, numeric, arrays):
        assert nn_g.shape == np.shape(a)
        tf_g = tf.convert_to_tensor(tf_g)  # gather's gradient comes as IndexedSlices
        np.testing.assert_allclose(nn_g.numpy(), tf_g.numpy(), rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(nn_g.numpy(), fd_g, rtol=1e-5, atol=1e-6)


ANY = (-2.0, 2.0)
POSITIVE = (0.5, 2.0)
AWAY_FROM_ZERO = (0.5, 2.0)  # used with random signs where a kink or a pole sits at 0

BINARY = {
    # keras.ops.add treats a 1-D second operand as a bias and calls tf.nn.bias_add, which adds it
    # along axis 1 when the sizes match there: (1, 2, 1) + (2,) gives (1, 2, 1), not numpy's
    # (1, 2, 2) (Keras 3.15). TensorFlow's own add broadcasts as numpy does.
    "add": (ops.add, tf.add, ANY, ANY),
    "subtract": (ops.subtract, keras.ops.subtract, ANY, ANY),
    "multiply": (ops.multiply, keras.ops.multiply, ANY, ANY),
    "divide": (ops.divide, keras.ops.divide, ANY, POSITIVE),
    "power": (ops.power, keras.ops.power, POSITIVE, ANY),
    "maximum": (ops.maximum, keras.ops.maximum, ANY, ANY),
    "minimum": (ops.minimum, keras.ops.minimum, ANY, ANY),
    "operator +": (lambda a, b: a + b, lambda a, b: a + b, ANY, ANY),
    "operator -": (lambda a, b: a - b, lambda a, b: a - b, ANY, ANY),
    "operator *": (lambda a, b: a * b, lambda a, b: a * b, ANY, ANY),
    "operator /": (lambda a, b: a / b, lambda a, b: a / b, ANY, POSITIVE),
    "operator **": (lambda a, b: a**b, lambda a, b: a**b, POSITIVE, ANY),
}

UNARY = {
    "exp": (ops.exp, keras.ops.exp, ANY),
    "log": (ops.log, keras.ops.log, POSITIVE),
    "square": (ops.square, keras.ops.square, ANY),
    "sqrt": (ops.sqrt, keras.ops.sqrt, POSITIVE),
    "abs": (ops.abs, keras.ops.abs, ANY),
    "negative": (ops.negative, keras.ops.negative, ANY),
    "operator unary -": (lambda a: -a, lambda a: -a, ANY),
    "clip": (lambda a: ops.clip(a, -0.5, 0.7), lambda a: keras.ops.clip(a, -0.5, 0.7), ANY),
    "tanh": (ops.tanh, keras.ops.tanh, ANY),
    "sigmoid": (ops.sigmoid, keras.ops.sigmoid, (-8.0, 8.0)),
    "relu": (ops.relu, keras.ops.relu, ANY),
    "softplus": (ops.softplus, keras.ops.softplus, (-8.0, 8.0)),
    "log1p": (ops.log1p, keras.ops.log1p, (-0.5, 2.0)),
    "erf": (ops.erf, keras.ops.erf, (-3.0, 3.0)),
}

@pytest.mark.parametrize("name", BINARY)
@SETTINGS
@given(shapes=broadcastable_pairs, seed=seeds)
@example(shapes=((4, 1), (3,)), seed=0).via("broadcasting example from the issue")
@example(shapes=((2, 1, 5), (3, 1)), seed=1).via("broadcasting example from the issue")
@example(shapes=((1, 2, 1), (2,)), seed=0).via("a 1-D operand that keras.ops.add takes for a bias")
def test_binary_operations(name, shapes, seed):
    nn_fn, tf_fn, domain1, domain2 = BINARY[name]
    shape1, shape2 = shapes.input_shapes if hasattr(shapes, "input_shapes") else shapes
    rng = np.random.default_rng(seed)
    arrays = [values(rng, shape1, domain1), values(rng, shape2, domain2)]
    if name in ("maximum", "minimum"):
        # Their gradient jumps where the operands are equal; operands within h of each other would
        # put finite differences across the jump (seed 275 draws two 6e-7 apart). On grids a
        # twentieth apart they are never that close.
        arrays = [np.round(arrays[0], 1), np.round(arrays[1], 1) + 0.05]
    check_against_tf_and_fd(nn_fn, tf_fn, arrays, rng)


@pytest.mark.parametrize("name", UNARY)
@SETTINGS
@given(shape=small_shapes, seed=seeds)
def test_unary_operations(name, shape, seed):
    nn_fn, tf_fn, domain = UNARY[name]
    rng = np.random.default_rng(seed)
    check_against_tf_and_fd(nn_fn, tf_fn, [values(rng, shape, domain)], rng)


@st.composite
def reductions(draw):
    shape = draw(array_shapes(min_dims=1, max_dims=3, max_side=4))
    rank = len(shape)
    axis = draw(st.one_of(
        st.none(),
        st.integers(-rank, rank - 1),
        st.lists(st.integers(0, rank - 1), min_size=1, max_size=rank, unique=True).map(tuple),
    ))
    return shape, axis, draw(st.booleans())


@pytest.mark.parametrize("name", ["sum", "mean", "max", "min"])
@SETTINGS
@given(case=reductions(), seed=seeds)
def test_reductions_over_every_axis(name, case, seed):
    shape, axis, keepdims = case
    nn_fn, tf_fn = getattr(ops, name), getattr(keras.ops, name)
    rng = np.random.default_rng(seed)
    check_against_tf_and_fd(
        lambda a: nn_fn(a, axis=axis, keepdims=keepdims),
        lambda a: tf_fn(a, axis=axis, keepdims=keepdims),
        [values(rng, shape, ANY)], rng)


@st.composite
def matmul_shapes(draw):
    n, k, m = (draw(st.integers(1, 4)) for _ in range(3))
    batch = draw(mutually_broadcastable_shapes(num_shapes=2, max_dims=2, max_side=3)).input_shapes
    kind = draw(st.sampled_from(["matrix", "vector-matrix", "matrix-vector", "vector-vector", "batched"]))
    return {
        "matrix": ((n, k), (k, m)),
        "vector-matrix": ((k,), (k, m)),
        "matrix-vector": ((n, k), (k,)),
        "vector-vector": ((k,), (k,)),
        "batched": (batch[0] + (n, k), batch[1] + (k, m)),
    }[kind]


@pytest.mark.parametrize("operator", [False, True], ids=["ops.matmul", "operator @"])
@SETTINGS
@given(shapes=matmul_shapes(), seed=seeds)
def test_matmul(operator, shapes, seed):
    rng = np.random.default_rng(seed)
    nn_fn = (lambda a, b: a @ b) if operator else ops.matmul
    check_against_tf_and_fd(nn_fn, keras.ops.matmul, [values(rng, s, ANY) for s in shapes], rng)


@SETTINGS
@given(shape=array_shapes(min_dims=1, max_dims=3, max_side=4), seed=seeds)
def test_reshape_and_transpose(shape, seed):
    rng = np.random.default_rng(seed)
    axes = tuple(rng.permutation(len(shape)).tolist())
    flat = (int(np.prod(shape)),)
    check_against_tf_and_fd(
        lambda a: ops.reshape(ops.transpose(a, axes), flat),
        lambda a: keras.ops.reshape(keras.ops.transpose(a, axes), flat),
        [values(rng, shape, ANY)], rng)
    check_against_tf_and_fd(ops.transpose, keras.ops.transpose, [values(rng, shape, ANY)], rng)


@SETTINGS
@given(shapes=mutually_broadcastable_shapes(num_shapes=3, max_dims=3, max_side=3),
       seed=seeds)
def test_where(shapes, seed):
    cond_shape, shape1, shape2 = shapes.input_shapes
    rng = np.random.default_rng(seed)
    condition = rng.uniform(size=cond_shape) > 0.5
    check_against_tf_and_fd(
        lambda a, b: ops.where(condition, a, b),
        lambda a, b: keras.ops.where(condition, a, b),
        [values(rng, shape1, ANY), values(rng, shape2, ANY)], rng)


def test_clip_with_array_bounds():
    rng = np.random.default_rng(0)
    arrays = [values(rng, (3, 4), ANY), values(rng, (4,), (-1.0, -0.1)), values(rng, (3, 1), (0.1, 1.0))]
    check_against_tf_and_fd(ops.clip, tf.clip_by_value, arrays, rng)


def test_indexing_sends_gradients_to_the_entries_read():
    rng = np.random.default_rng(0)
    index = np.array([0, 2, 2, 1])  # entry 2 is read twice, so it gets both gradients
    check_against_tf_and_fd(lambda a: a[index], lambda a: tf.gather(a, index),
                            [values(rng, (3, 2), ANY)], rng)
    check_against_tf_and_fd(lambda a: a[1:, ::2], lambda a: a[1:, ::2], [values(rng, (3, 4), ANY)], rng)


def test_numpy_arrays_and_python_numbers_mix_with_variables():
    rng = np.random.default_rng(1)
    m, v = rng.normal(size=(2, 2)), rng.normal(size=2)

    def nn_fn(x):
        return 2.0 ** (m @ x) - 3 * x[0] + (1 - x) / 4 + np.ones(2) * x - v

    def tf_fn(x):
        return 2.0 ** keras.ops.matmul(m, x) - 3 * x[0] + (1 - x) / 4 + np.ones(2) * x - v

    check_against_tf_and_fd(nn_fn, tf_fn, [rng.normal(size=2)], rng)


def test_a_variable_used_several_times_and_two_tapes_in_a_row():
    x0 = np.array([0.5, -1.5, 2.0])
    x, tx = nnlib.Variable(x0), tf.Variable(x0)
    for step in range(2):  # the second tape must not see anything of the first
        with nnlib.GradientTape() as tape:
            y = ops.sum(x * x * x + x / (1 + x * x) - ops.exp(x) * x)
        [g] = tape.gradient(y, [x])
        with tf.GradientTape() as ttape:
            ty = tf.reduce_sum(tx * tx * tx + tx / (1 + tx * tx) - tf.exp(tx) * tx)
        [tg] = ttape.gradient(ty, [tx])
        np.testing.assert_allclose(g.numpy(), tg.numpy(), rtol=1e-12)
        x.assign_sub(0.1 * g.numpy())
        tx.assign_sub(0.1 * tg.numpy())


def test_gradients_come_back_in_the_order_asked_with_none_for_unused_sources():
    a, b, c = nnlib.Variable(2.0), nnlib.Variable(3.0), nnlib.Variable(4.0)
    with nnlib.GradientTape() as tape:
        y = a * b
    gb, gc, ga = tape.gradient(y, [b, c, a])
    assert (float(gb), gc, float(ga)) == (2.0, None, 3.0)


def test_single_source_gives_a_single_gradient():
    w = nnlib.Variable([1.0, 2.0])
    with nnlib.GradientTape() as tape:
        y = ops.sum(w * w)
    np.testing.assert_array_equal(tape.gradient(y, w).numpy(), [2.0, 4.0])


def test_non_scalar_target_is_summed_as_in_tf():
    x0 = np.array([1.0, 2.0])
    x, tx = nnlib.Variable(x0), tf.Variable(x0)
    with nnlib.GradientTape() as tape:
        y = x * x
    with tf.GradientTape() as ttape:
        ty = tx * tx
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), ttape.gradient(ty, tx).numpy())


def test_target_computed_off_the_tape_gives_none_as_in_tf():
    x, tx = nnlib.Variable(1.0), tf.Variable(1.0)
    y, ty = x * 2, tx * 2  # computed before any tape
    with nnlib.GradientTape() as tape:
        pass
    with tf.GradientTape() as ttape:
        pass
    assert ttape.gradient(ty, [tx]) == [None]
    assert tape.gradient(y, [x]) == [None]


def test_constants_are_followed_only_when_watched():
    c = nnlib.Tensor(np.array([1.0, 2.0]))
    with nnlib.GradientTape() as tape:
        y = ops.sum(c * c)
    assert tape.gradient(y, c) is None
    with nnlib.GradientTape() as tape:
        tape.watch(c)
        y = ops.sum(c * c)
    np.testing.assert_array_equal(tape.gradient(y, c).numpy(), [2.0, 4.0])


def test_non_trainable_variables_are_not_followed():
    v = nnlib.Variable(3.0, trainable=False)
    with nnlib.GradientTape() as tape:
        y = v * v
    assert tape.gradient(y, v) is None


def test_a_tape_answers_once_as_in_tf():
    x = nnlib.Variable(1.0)
    with nnlib.GradientTape() as tape:
        y = x * x
    tape.gradient(y, x)
    with pytest.raises(RuntimeError, match="record a new tape"):
        tape.gradient(y, x)


def test_sources_must_be_tensors():
    with nnlib.GradientTape() as tape:
        y = nnlib.Variable(1.0) * 2
    with pytest.raises(TypeError, match="nnlib.Variable"):
        tape.gradient(y, np.ones(2))


def test_matmul_error_names_both_shapes_and_the_axis():
    with pytest.raises(ValueError) as error:
        ops.matmul(np.ones((4, 3)), nnlib.Variable(np.ones((2, 5))))
    message = str(error.value)
    assert "(4, 3)" in message and "(2, 5)" in message
    assert "last axis of the first (size 3)" in message
    assert "second-to-last axis of the second (size 2)" in message


def test_broadcast_error_names_both_shapes_and_the_axis():
    with pytest.raises(ValueError) as error:
        nnlib.Variable(np.ones((4, 3))) + np.ones(4)
    message = str(error.value)
    assert "(4, 3)" in message and "(4,)" in message and "axis -1" in message


def test_float32_stays_float32():
    w = nnlib.Variable(np.ones(3, dtype=np.float32))
    with nnlib.GradientTape() as tape:
        y = ops.sum(0.5 * w * w + 2)
    assert y.dtype == np.float32
    assert tape.gradient(y, w).dtype == np.float32


def test_variable_assign_checks_the_shape():
    v = nnlib.Variable(np.zeros((2, 3)))
    v.assign(np.ones((2, 3)))
    np.testing.assert_array_equal(v.numpy(), np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"\(3, 2\).*\(2, 3\)"):
        v.assign(np.ones((3, 2)))


def test_gradcheck_catches_a_wrong_backward_rule(monkeypatch):
    x = nnlib.Variable(np.array([0.3, 1.2]))
    assert nnlib.gradcheck(lambda: ops.sum(ops.exp(x) * x), [x]) < 1e-6
    from nnlib import autodiff

    def wrong_exp(t):  # forward right, backward forgets the chain rule's upstream factor
        t = autodiff.as_tensor(t)
        out = np.exp(t.numpy())
        return autodiff.record(out, [(t, lambda g: out)], "exp")

    monkeypatch.setattr(ops, "exp", wrong_exp)
    # At x = 0.3 the true slope is 3 e^x (1 + x) = 5.26445; the broken rule gives e^x + 3 e^x = 5.39944.
    message = "index (0,): the tape gives 5.39944, finite differences give 5.26445"
    with pytest.raises(AssertionError, match=re.escape(message)):
        nnlib.gradcheck(lambda: ops.sum(ops.exp(x) * x * 3), [x])


def test_recorded_graph_of_the_chapter_example():
    # J = 3(ab + c) with a = 5, b = 4, c = 2: u = ab = 20, v = u + c = 22, J = 66, and by hand
    # dJ/dv = dJ/du = dJ/dc = 3, dJ/da = 3b = 12, dJ/db = 3a = 15.
    a, b, c = nnlib.Variable(5.0), nnlib.Variable(4.0), nnlib.Variable(2.0)
    with nnlib.GradientTape() as tape:
        u = a * b
        v = u + c
        J = 3 * v
    assert [n.op for n in tape.graph(J)] == [None, None, "multiply", None, "add", "multiply"]
    tape.gradient(J, [a, b, c])
    nodes = {id(n.tensor): n for n in tape.graph(J)}
    values = [float(nodes[id(t)].tensor.numpy()) for t in (a, b, c, u, v, J)]
    grads = [float(nodes[id(t)].grad) for t in (a, b, c, u, v, J)]
    assert values == [5.0, 4.0, 2.0, 20.0, 22.0, 66.0]
    assert grads == [12.0, 15.0, 3.0, 3.0, 3.0, 1.0]
    assert [id(x) for x in nodes[id(v)].inputs] == [id(u), id(c)]


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
@pytest.mark.parametrize("axis", [0, 1, -1])
@SETTINGS
@given(seed=seeds)
def test_softmax_along_each_axis(name, axis, seed):
    rng = np.random.default_rng(seed)
    nn_fn, tf_fn = getattr(ops, name), getattr(keras.ops, name)
    check_against_tf_and_fd(lambda a: nn_fn(a, axis=axis), lambda a: tf_fn(a, axis=axis),
                            [values(rng, (3, 4), ANY)], rng)


def test_tied_maxima_share_the_gradient_as_in_tf():
    x0 = np.array([[1.0, 3.0, 3.0], [2.0, 2.0, 2.0]])
    x, tx = nnlib.Variable(x0), tf.Variable(x0)
    with nnlib.GradientTape() as tape:
        y = ops.sum(ops.max(x, axis=1) * np.array([1.0, 6.0]))
    with tf.GradientTape() as ttape:
        ty = tf.reduce_sum(tf.reduce_max(tx, axis=1) * np.array([1.0, 6.0]))
    grad = tape.gradient(y, x).numpy()
    np.testing.assert_allclose(grad, ttape.gradient(ty, tx).numpy())
    np.testing.assert_allclose(grad, [[0, 0.5, 0.5], [2, 2, 2]])  # by hand: 1 and 6 split evenly


def test_stable_functions_stay_finite_at_extreme_inputs():
    x = nnlib.Variable(np.array([-1e4, -88.0, 0.0, 88.0, 1e4]))
    for fn in (ops.sigmoid, ops.softplus, ops.softmax, ops.log_softmax, ops.tanh):
        with nnlib.GradientTape() as tape:
            y = ops.sum(fn(x))
        assert np.all(np.isfinite(y.numpy())), fn.__name__
        assert np.all(np.isfinite(tape.gradient(y, x).numpy())), fn.__name__


def test_the_gradient_of_a_variable_with_respect_to_itself_is_one():
    v = nnlib.Variable([1.0, 2.0])
    with nnlib.GradientTape() as tape:
        pass
    np.testing.assert_array_equal(tape.gradient(v, v).numpy(), [1.0, 1.0])
