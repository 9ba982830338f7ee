"""nnlib.shapes against numpy and TensorFlow: the broadcasting rule, and its backward pass.

Hypothesis draws random pairs of shapes. Compatible pairs come from
``hypothesis.extra.numpy.mutually_broadcastable_shapes``; incompatible ones are built here by taking a
compatible pair and giving one axis two different sizes, neither of them 1.
"""
import re

import numpy as np
import pytest
import tensorflow as tf
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import mutually_broadcastable_shapes

from nnlib.shapes import broadcast_axes, broadcast_shapes, unbroadcast
from tests.nnlib.strategies import broadcastable_pairs, seeds

# TensorFlow's eager calls are slow on the first run, so no per-example deadline; few examples.
TF_SETTINGS = settings(max_examples=40, deadline=None)

compatible_pairs = mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=4, min_side=0,
                                                 max_side=4)


@st.composite
def incompatible_pairs(draw):
    """Two shapes that do not broadcast: a compatible pair where one or more axes get two sizes that
    differ and are both at least 2 (one shape may still be shorter than the other)."""
    a, b = draw(mutually_broadcastable_shapes(num_shapes=2, min_dims=1, max_dims=4)).input_shapes
    a, b = list(a), list(b)
    shared = min(len(a), len(b))  # axes counted from the right that both shapes have
    if shared == 0:
        a, b = a or [draw(st.integers(2, 5))], b or [draw(st.integers(2, 5))]
        shared = 1
    broken = draw(st.sets(st.integers(1, shared), min_size=1))
    for k in broken:
        m, n = draw(st.lists(st.integers(2, 6), min_size=2, max_size=2, unique=True))
        a[-k], b[-k] = m, n
    return tuple(a), tuple(b)


def disagreeing_axes(a, b):
    """The axes, counted from the right, where sizes differ and neither is 1 (the test's own oracle)."""
    return {-k for k in range(1, min(len(a), len(b)) + 1) if 1 not in (a[-k], b[-k]) and a[-k] != b[-k]}


def tf_broadcast(a, b):
    return tuple(tf.broadcast_static_shape(tf.TensorShape(a), tf.TensorShape(b)).as_list())


@settings(max_examples=200)
@given(compatible_pairs)
def test_broadcast_shapes_agrees_with_numpy_and_tensorflow(shapes):
    a, b = shapes.input_shapes
    expected = np.broadcast_shapes(a, b)
    assert broadcast_shapes(a, b) == expected == shapes.result_shape
    assert tf_broadcast(a, b) == expected


@settings(max_examples=200)
@given(incompatible_pairs())
def test_incompatible_shapes_raise_an_error_that_names_both_shapes_and_the_axis(pair):
    a, b = pair
    with pytest.raises(ValueError):
        np.broadcast_shapes(a, b)
    with pytest.raises(ValueError):
        tf_broadcast(a, b)
    with pytest.raises(ValueError) as error:
        broadcast_shapes(a, b)
    message = str(error.value)
    assert str(a) in message and str(b) in message
    named = re.search(r"axis (-\d+)", message)
    assert named is not None and int(named.group(1)) in disagreeing_axes(a, b), message


def test_error_message_for_the_lectures_example():
    with pytest.raises(ValueError, match=r"\(4, 3\) and \(4,\).*axis -1 .*size 3 .*size 4"):
        broadcast_shapes((4, 3), (4,))


def test_unbroadcast_by_hand():
    # b of shape (3,) added to each of 4 rows: each element of b collects 4 upstream ones.
    np.testing.assert_array_equal(unbroadcast(np.ones((4, 3)), (3,)), [4.0, 4.0, 4.0])
    # a column (4, 1) stretched over 3 columns collects the sum of its row.
    grad = np.arange(12.0).reshape(4, 3)
    np.testing.assert_array_equal(unbroadcast(grad, (4, 1)), [[3.0], [12.0], [21.0], [30.0]])


def tape_gradients(x_shape, y_shape, seed):
    """dL/dx and dL/dy by tf.GradientTape for L = sum(w * (x + y)), and the upstream gradient w."""
    rng = np.random.default_rng(seed)
    out_shape = np.broadcast_shapes(x_shape, y_shape)
    x, y = tf.constant(rng.normal(size=x_shape)), tf.constant(rng.normal(size=y_shape))
    w = rng.normal(size=out_shape)  # dL/d(x + y)
    with tf.GradientTape() as tape:
        tape.watch([x, y])
        loss = tf.reduce_sum(w * (x + y))
    dx, dy = tape.gradient(loss, [x, y])
    return dx.numpy(), dy.numpy(), w


def check_against_tape(x_shape, y_shape, seed=0):
    dx, dy, w = tape_gradients(x_shape, y_shape, seed)
    out_shape = w.shape
    # TensorFlow's own lists of the axes to sum over, one for x and one for y.
    tf_axes = tf.raw_ops.BroadcastGradientArgs(s0=x_shape, s1=y_shape)
    for shape, grad, axes in [(x_shape, dx, tf_axes[0]), (y_shape, dy, tf_axes[1])]:
        assert grad.shape == shape
        np.testing.assert_allclose(unbroadcast(w, shape), grad, rtol=1e-12, atol=1e-12)
        # Summing over an axis of size 1 changes nothing, so compare the axes of other sizes; ours
        # holds size-1 axes only where broadcasting added them on the left.
        ours = broadcast_axes(shape, out_shape)
        assert {a for a in ours if out_shape[a] != 1} == {a for a in axes.numpy() if out_shape[a] != 1}
        assert all(a < len(out_shape) - len(shape) for a in ours if out_shape[a] == 1)


@pytest.mark.parametrize(
    "x_shape, y_shape",
    [((4, 1), (3,)), ((2, 1, 5), (3, 1)), ((4, 3), (3,)), ((), (2, 3)), ((1, 1), (4, 1))],
)
def test_unbroadcast_agrees_with_gradient_tape_on_chosen_shapes(x_shape, y_shape):
    check_against_tape(x_shape, y_shape)


@TF_SETTINGS
@given(broadcastable_pairs, seeds)
def test_unbroadcast_agrees_with_gradient_tape(shapes, seed):
    check_against_tape(*shapes.input_shapes, seed=seed)


def test_the_gradient_check_can_fail():
    # Forgetting to sum over the broadcast axis gives the wrong shape and the wrong values.
    dx, _, w = tape_gradients((3,), (4, 3), seed=0)
    assert w.shape != dx.shape
    assert not np.allclose(w[0], dx)
