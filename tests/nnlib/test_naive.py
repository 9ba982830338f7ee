"""nnlib.naive's loops agree with numpy and with TensorFlow on random float64 tensors (hypothesis),
and their shape errors name both shapes."""
import numpy as np
import pytest
import tensorflow as tf
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from nnlib import naive

# Small tensors keep the Python loops fast; bounded values keep sums far from overflow. No deadline:
# the first call into TensorFlow is slow.
fast = settings(max_examples=40, deadline=None)

# TensorFlow flushes subnormal numbers (below about 2.2e-308) to zero and numpy keeps them, so values
# closer to 0 than 1e-100 are drawn as 0 exactly: then no sum or product lands in that range.
VALUES = st.floats(-100, 100, allow_nan=False, allow_infinity=False).map(
    lambda v: 0.0 if abs(v) < 1e-100 else v
)
SHAPES = hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4)


def tensors(shape):
    return hnp.arrays(np.float64, shape, elements=VALUES)


@st.composite
def same_shape_pairs(draw):
    shape = draw(SHAPES)
    return draw(tensors(shape)), draw(tensors(shape))


@st.composite
def matmul_pairs(draw):
    n, k, m = (draw(st.integers(1, 5)) for _ in range(3))
    return draw(tensors((n, k))), draw(tensors((k, m)))


@st.composite
def broadcastable_to(draw):
    """(x, target): a target shape and an x whose shape broadcasts to it (leading axes dropped,
    some sizes replaced by 1)."""
    target = draw(SHAPES)
    dropped = draw(st.integers(0, len(target)))
    shape = tuple(1 if draw(st.booleans()) else n for n in target[dropped:])
    return draw(tensors(shape)), target


@fast
@given(tensors(SHAPES))
def test_relu(x):
    expected = np.maximum(x, 0)
    np.testing.assert_array_equal(naive.relu(x), expected)
    np.testing.assert_array_equal(tf.nn.relu(x).numpy(), expected)


@fast
@given(same_shape_pairs())
def test_add(pair):
    x, y = pair
    np.testing.assert_array_equal(naive.add(x, y), x + y)
    np.testing.assert_array_equal(naive.add(x, y), tf.add(x, y).numpy())


@fast
@given(same_shape_pairs())
def test_multiply(pair):
    x, y = pair
    np.testing.assert_array_equal(naive.multiply(x, y), x * y)
    np.testing.assert_array_equal(naive.multiply(x, y), tf.multiply(x, y).numpy())


@fast
@given(st.integers(1, 8).flatmap(lambda n: st.tuples(tensors((n,)), tensors((n,)))))
def test_dot(pair):
    x, y = pair
    result = naive.dot(x, y)
    np.testing.assert_allclose(result, np.dot(x, y), rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(result, tf.tensordot(x, y, axes=1).numpy(), rtol=1e-12, atol=1e-9)


@fast
@given(matmul_pairs())
def test_matmul(pair):
    a, b = pair
    result = naive.matmul(a, b)
    assert result.shape == (a.shape[0], b.shape[1])
    np.testing.assert_allclose(result, a @ b, rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(result, tf.matmul(a, b).numpy(), rtol=1e-12, atol=1e-9)


@fast
@given(broadcastable_to())
def test_broadcast_to(case):
    x, target = case
    result = naive.broadcast_to(x, target)
    np.testing.assert_array_equal(result, np.broadcast_to(x, target))
    np.testing.assert_array_equal(result, tf.broadcast_to(x, target).numpy())


@fast
@given(hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=4).flatmap(
    lambda s: st.tuples(tensors(s.input_shapes[0]), tensors(s.input_shapes[1]))
))
def test_broadcast_add(pair):
    x, y = pair
    result = naive.broadcast_add(x, y)
    np.testing.assert_array_equal(result, x + y)
    np.testing.assert_array_equal(result, tf.add(x, y).numpy())


# Errors: each names both shapes, so the reader sees which tensor is the odd one out.

@fast
@given(SHAPES, SHAPES)
def test_add_and_multiply_of_different_shapes_name_both(shape_x, shape_y):
    assume(shape_x != shape_y)
    x, y = np.zeros(shape_x), np.zeros(shape_y)
    for op in (naive.add, naive.multiply):
        with pytest.raises(ValueError) as error:
            op(x, y)
        assert str(shape_x) in str(error.value) and str(shape_y) in str(error.value)


@fast
@given(st.integers(1, 5), st.integers(1, 5), st.integers(1, 5), st.integers(1, 5))
def test_matmul_with_mismatched_inner_axes_names_both(n, k, j, m):
    assume(k != j)
    a, b = np.ones((n, k)), np.ones((j, m))
    with pytest.raises(ValueError) as error:
        naive.matmul(a, b)
    message = str(error.value)
    assert str(a.shape) in message and str(b.shape) in message
    assert f"(size {k})" in message and f"(size {j})" in message
    # numpy and TensorFlow refuse the same product.
    with pytest.raises(ValueError):
        a @ b
    with pytest.raises((tf.errors.InvalidArgumentError, ValueError)):
        tf.matmul(a, b)


def test_matmul_needs_matrices():
    with pytest.raises(ValueError, match=r"rank 2.*\(3,\) and \(3, 2\)"):
        naive.matmul(np.ones(3), np.ones((3, 2)))


def test_dot_errors_name_both_shapes():
    with pytest.raises(ValueError, match=r"\(3,\) and \(4,\)"):
        naive.dot(np.ones(3), np.ones(4))
    with pytest.raises(ValueError, match=r"\(2, 2\) and \(2,\)"):
        naive.dot(np.ones((2, 2)), np.ones(2))


@pytest.mark.parametrize("shape, target", [((3,), (4, 2)), ((4, 3), (3,)), ((2, 1), (3, 3))])
def test_broadcast_to_bad_shape_names_both(shape, target):
    with pytest.raises(ValueError) as error:
        naive.broadcast_to(np.ones(shape), target)
    assert str(shape) in str(error.value) and str(target) in str(error.value)
    with pytest.raises(ValueError):
        np.broadcast_to(np.ones(shape), target)


def test_broadcast_add_bad_shapes_name_both():
    with pytest.raises(ValueError, match=r"\(2, 3\) and \(2,\)"):
        naive.broadcast_add(np.ones((2, 3)), np.ones(2))
    with pytest.raises(ValueError):
        np.ones((2, 3)) + np.ones(2)
