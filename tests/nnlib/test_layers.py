"""nnlib.layers against keras.layers: Dense's outputs and gradients, building, initializers by name,
custom layers, errors.

Weights are copied from the Keras layer into the nnlib one (``set_weights``), so the comparisons do not
depend on random draws being equal. The initializers themselves are tested in test_initializers.py.
"""
import keras
import numpy as np
import pytest
import tensorflow as tf

import nnlib
from nnlib import initializers, layers, ops

RNG = np.random.default_rng(0)
X = RNG.normal(size=(7, 3)).astype(np.float32)


def keras_and_nnlib_dense(units, **kwargs):
    k = keras.layers.Dense(units, **kwargs)
    k.build((None, X.shape[1]))
    n = layers.Dense(units, **kwargs)
    n(X)  # builds it
    n.set_weights([w + RNG.normal(0, 0.1, w.shape).astype(np.float32) for w in k.get_weights()])
    k.set_weights(n.get_weights())  # non-zero biases on both sides
    return k, n


@pytest.mark.parametrize("activation", [None, "linear", "relu", "sigmoid", "tanh", "softmax", "elu",
                                        "softplus", "gelu", "silu", "selu", "hard_sigmoid", "log_softmax",
                                        keras.activations.relu])
def test_dense_forward_matches_keras(activation):
    if callable(activation):
        k, n = keras_and_nnlib_dense(4, activation=activation)
        n = layers.Dense(4, activation=nnlib.activations.relu)
        n(X)
        n.set_weights(k.get_weights())
    else:
        k, n = keras_and_nnlib_dense(4, activation=activation)
    out = n(X)
    assert out.dtype == np.float32
    np.testing.assert_allclose(out.numpy(), k(X).numpy(), rtol=1e-5, atol=1e-6)


def test_dense_gradients_match_tensorflow():
    k, n = keras_and_nnlib_dense(5, activation="tanh")
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(k(X) ** 2)
    expected = tape.gradient(loss, [k.kernel, k.bias])
    with nnlib.GradientTape() as tape:
        loss = ops.sum(n(X) ** 2)
    got = tape.gradient(loss, n.trainable_weights)
    for g, e in zip(got, expected):
        np.testing.assert_allclose(g.numpy(), e.numpy(), rtol=1e-4, atol=1e-5)


def test_dense_builds_on_first_call_with_keras_shapes_and_dtype():
    layer = layers.Dense(4, use_bias=False)
    assert not layer.built and layer.kernel is None
    layer(np.ones((2, 6)))  # float64 inputs are computed in float32, as in Keras
    assert layer.built and layer.kernel.shape == (6, 4) and layer.bias is None
    assert layer.kernel.dtype == np.float32 and layer.trainable_weights == [layer.kernel]
    assert layer.output_shape == (None, 4) and layer.count_params() == 24
    k = keras.layers.Dense(4, use_bias=False)
    k.build((None, 6))
    assert [w.shape for w in layer.get_weights()] == [tuple(w.shape) for w in k.get_weights()]


def test_build_called_directly_marks_the_layer_built_and_keeps_set_weights():
    # Keras's dense_test case: build, set_weights, then the first call must not build again.
    kernel, bias = np.array([[1.0, -2.0], [3.0, -4.0]]), np.array([5.0, -6.0])
    for dense in (layers.Dense(2, activation="relu"), keras.layers.Dense(2, activation="relu")):
        dense.build((1, 2))
        assert dense.built
        dense.set_weights([kernel, bias])
        np.testing.assert_array_equal(np.asarray(dense(np.array([[-1.0, 2.0]]))), [[10.0, 0.0]])
        assert len(dense.weights) == 2


def test_every_subclass_build_marks_built_once_and_the_first_call_builds_only_then():
    class Scale(layers.Layer):
        def build(self, input_shape):
            self.w = self.add_weight((input_shape[-1],), initializer="ones", name="w")

        def call(self, inputs):
            return inputs * self.w

    class ScaleAndShift(Scale):  # a build that extends its parent's
        def build(self, input_shape):
            super().build(input_shape)
            self.b = self.add_weight((input_shape[-1],), initializer="zeros", name="b")

        def call(self, inputs):
            return super().call(inputs) + self.b

    for cls, count in ((Scale, 1), (ScaleAndShift, 2), (layers.Flatten, 0)):
        layer = cls()
        assert not layer.built
        layer.build((7, 3))
        assert layer.built and len(layer.weights) == count
        layer(X)
        layer(X)
        assert len(layer.weights) == count  # the calls did not build again
        fresh = cls()
        fresh(X)  # built by its first call
        assert fresh.built and len(fresh.weights) == count


def test_an_activation_set_to_none_means_none_as_in_keras():
    k, n = keras_and_nnlib_dense(3, activation="relu")
    k.activation = n.activation = None
    out = n(X)
    np.testing.assert_allclose(out.numpy(), k(X).numpy(), rtol=1e-5, atol=1e-6)
    assert (out.numpy() < 0).any()  # no relu any more
    np.testing.assert_allclose(out.numpy(), X @ n.kernel.numpy() + n.bias.numpy(), rtol=1e-6)


@pytest.mark.parametrize("name", ["glorot_uniform", "glorot_normal", "he_normal", "he_uniform",
                                  "lecun_normal", "lecun_uniform", "random_normal", "random_uniform",
                                  "truncated_normal", "zeros", "ones"])
def test_dense_takes_every_initializer_by_name_class_and_object(name):
    cls = type(initializers.get(name))
    seeded = cls() if cls in (initializers.Zeros, initializers.Ones) else cls(seed=1)
    for given in (name, cls.__name__, cls, seeded):
        layer = layers.Dense(300, kernel_initializer=given, bias_initializer=given)
        layer(np.ones((2, 200), dtype=np.float32))
        assert isinstance(layer.kernel_initializer, cls)
        assert layer.kernel.dtype == np.float32 and layer.bias.shape == (300,)
    # The kernel's spread is that of Keras's for a kernel of that shape (test_initializers.py checks
    # the distributions themselves).
    theirs = keras.layers.Dense(300, kernel_initializer=name)
    theirs.build((None, 200))
    np.testing.assert_allclose(layer.kernel.numpy().std(), np.std(theirs.kernel.numpy()),
                               rtol=0.03, atol=1e-7)


def test_unseeded_initializers_follow_numpy_s_global_seed():
    np.random.seed(5)
    a = layers.Dense(3)(X)
    np.random.seed(5)
    b = layers.Dense(3)(X)
    np.testing.assert_array_equal(a.numpy(), b.numpy())
    layer = layers.Dense(2, kernel_initializer="ones", bias_initializer="ones")
    np.testing.assert_allclose(layer(X).numpy(), (X.sum(axis=1, keepdims=True) + 1).repeat(2, 1), rtol=1e-6)
    custom = layers.Dense(2, kernel_initializer=lambda shape, dtype=None: np.full(shape, 0.5, dtype))
    np.testing.assert_allclose(custom(X).numpy(), 0.5 * X.sum(axis=1, keepdims=True).repeat(2, 1), rtol=1e-6)


def test_a_custom_layer_trains_like_a_builtin():
    class Scale(layers.Layer):
        """y = x * w, one weight per feature."""

        def build(self, input_shape):
            self.w = self.add_weight((input_shape[-1],), initializer="ones", name="w")

        def call(self, inputs):
            return inputs * self.w

    layer = Scale()
    assert layer.name.startswith("scale")
    with nnlib.GradientTape() as tape:
        loss = ops.sum(layer(X))
    [grad] = tape.gradient(loss, layer.trainable_weights)
    np.testing.assert_allclose(grad.numpy(), X.sum(axis=0), rtol=1e-6)


def test_frozen_layer_has_no_trainable_weights():
    layer = layers.Dense(2)
    layer(X)
    layer.trainable = False
    assert layer.trainable_weights == [] and len(layer.non_trainable_weights) == 2


def test_names_are_unique_as_in_keras():
    a, b = layers.Dense(1), layers.Dense(1)
    assert a.name != b.name and a.name.startswith("dense") and b.name.startswith("dense")
    assert layers.Dense(1, name="output").name == "output"


def test_flatten_and_activation_layers():
    images = RNG.normal(size=(4, 8, 8)).astype(np.float32)
    np.testing.assert_array_equal(layers.Flatten()(images).numpy(), keras.layers.Flatten()(images).numpy())
    np.testing.assert_allclose(layers.Activation("sigmoid")(X).numpy(),
                               keras.layers.Activation("sigmoid")(X).numpy(), rtol=1e-6)


def test_errors_speak_to_a_learner():
    with pytest.raises(ValueError, match=r"shape \(7,\).*reshape with x.reshape\(-1, 1\)"):
        layers.Dense(1)(np.arange(7.0))
    layer = layers.Dense(2)
    layer(X)
    with pytest.raises(ValueError, match=r"built for inputs with 3 features.*\(7, 5\) are incompatible"):
        layer(np.ones((7, 5)))
    with pytest.raises(ValueError, match=r"weight 'kernel' has shape \(3, 2\).*shape \(2, 3\)"):
        layer.set_weights([np.ones((2, 3)), np.zeros(2)])
    with pytest.raises(ValueError, match="has 2 weights, but set_weights was given 1"):
        layer.set_weights([np.ones((3, 2))])
    with pytest.raises(ValueError, match="unknown activation 'rleu'.*'relu'"):
        layers.Dense(1, activation="rleu")
    with pytest.raises(ValueError, match="unknown initializer 'glorot'.*'glorot_uniform'"):
        layers.Dense(1, kernel_initializer="glorot")
    for units in (0, -3, 2.5, None, "64", True):
        with pytest.raises(ValueError, match=rf"units.*positive integer, got units={units!r}"):
            layers.Dense(units)


@pytest.mark.parametrize("batch", [(7,), (2, 7)], ids=["samples", "a stack of them"])
def test_affine_records_the_same_gradients_as_matmul_then_add(batch):
    x = nnlib.Tensor(RNG.normal(size=batch + (3,)).astype(np.float32))
    kernel = nnlib.Variable(RNG.normal(size=(3, 4)), dtype="float32")
    bias = nnlib.Variable(RNG.normal(size=4), dtype="float32")
    upstream = RNG.normal(size=batch + (4,)).astype(np.float32)
    grads = []
    for f in (ops.affine, lambda x, w, b: ops.matmul(x, w) + b):
        with nnlib.GradientTape() as tape:
            tape.watch(x)
            loss = ops.sum(f(x, kernel, bias) * upstream)
        grads.append(tape.gradient(loss, [x, kernel, bias]))
    for ours, plain in zip(*grads):
        assert ours.shape == plain.shape
        np.testing.assert_allclose(ours.numpy(), plain.numpy(), rtol=1e-6, atol=1e-6)
