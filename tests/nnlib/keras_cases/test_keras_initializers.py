"""Keras's own test cases for the initializers nnlib has, run on nnlib.

Ported from keras-team/keras at commit 3422977a5e38fb2f7709aaa9a08e47f0c43d0f60:
keras/src/initializers/random_initializers_test.py and
keras/src/initializers/constant_initializers_test.py. Keras is licensed under the Apache License 2.0
(Copyright The Keras Authors). The shapes, arguments and expected numbers are Keras's, copied
unchanged; only the calls are re-pointed to nnlib (``initializers.X`` is ``nnlib.initializers.X``,
``utils.set_random_seed(s)`` seeds numpy's global generator, which is what nnlib draws from without a
seed, a backend tensor is an nnlib Tensor, Keras's ``assertAllClose``, ``assertEqual``,
``assertGreaterEqual`` and ``assertLess`` are the helpers and plain asserts below, with Keras's
defaults). Each test keeps the name of the Keras test it ports, in a class named after Keras's.

Ported, from random_initializers_test.py (RandomInitializersTest):

- test_random_normal: the arguments kept, the shape, and the spread of the values. Not its other
  parts: that one initializer with an integer seed gives the same values at each call (nnlib's has
  its own generator, which goes on, so two layers sharing it get different weights), the
  SeedGenerator seeds, and cloning through get_config/from_config (serialization).
- test_random_uniform: all but run_class_serialization_test.
- test_variance_scaling: all but run_class_serialization_test.
- test_get_method. Keras's first check, ``assertTrue(obj, initializers.GlorotNormal)``, passes for
  any obj (the class is only the message); it is ported as what it means, an isinstance check.
- test_get_method_with_tensor: an nnlib Tensor for the backend tensor; the error's words are
  nnlib's ("array of shape ... asked for shape ...", where Keras says "Expected `shape` to be").
- test_variance_scaling_invalid_scale, test_variance_scaling_invalid_mode,
  test_variance_scaling_invalid_distribution: the errors' words are nnlib's (they name the argument
  and the values it may take, where Keras says "Argument `scale` must be positive float." and
  "Invalid `mode` argument:").

From constant_initializers_test.py (ConstantInitializersTest): test_zeros_initializer and
test_ones_initializer, without run_class_serialization_test.

Left out, and why: test_orthogonal (nnlib has no Orthogonal), test_serialization_with_seed_generator
and test_variance_scaling_serialization_with_axes (serialization), test_compute_fans_with_axes and
test_variance_scaling_with_axes (the input_axes and output_axes arguments of Keras 3.15, which nnlib
does not have), test_mha_query_projection_variance (MultiHeadAttention), and from
constant_initializers_test.py test_constant_initializer, test_constant_initializer_array_value,
test_identity_initializer and test_stft_initializer (Constant, Identity and STFT, which nnlib does
not have).
"""
import numpy as np
import pytest

import nnlib
from nnlib import initializers
from nnlib.autodiff import as_array


def assert_all_close(actual, desired, atol=1e-6, rtol=1e-6):
    """Keras's TestCase.assertAllClose."""
    np.testing.assert_allclose(as_array(actual), as_array(desired), atol=atol, rtol=rtol)


def set_random_seed(seed):
    """keras.utils.set_random_seed, for what nnlib draws from: numpy's global generator."""
    np.random.seed(seed)


class TestRandomInitializers:
    def test_random_normal(self):
        set_random_seed(1337)
        shape = (25, 20)
        mean = 0.0
        stddev = 1.0
        seed = 1234
        initializer = initializers.RandomNormal(mean=mean, stddev=stddev, seed=seed)
        values = initializer(shape=shape)
        assert initializer.mean == mean
        assert initializer.stddev == stddev
        assert initializer.seed == seed
        assert values.shape == shape
        assert_all_close(np.std(values), stddev, atol=1e-1)

    def test_random_uniform(self):
        shape = (5, 5)
        minval = -1.0
        maxval = 1.0
        seed = 1234
        initializer = initializers.RandomUniform(minval=minval, maxval=maxval, seed=seed)
        values = initializer(shape=shape)
        assert initializer.minval == minval
        assert initializer.maxval == maxval
        assert initializer.seed == seed
        assert values.shape == shape
        assert np.min(values) >= minval
        assert np.max(values) < maxval

    def test_variance_scaling(self):
        set_random_seed(1337)
        shape = (25, 20)
        scale = 2.0
        seed = 1234
        initializer = initializers.VarianceScaling(scale=scale, seed=seed, mode="fan_in")
        values = initializer(shape=shape)
        assert initializer.scale == scale
        assert initializer.seed == seed
        assert values.shape == shape
        assert_all_close(np.std(values), np.sqrt(scale / 25), atol=1e-1)

        initializer = initializers.VarianceScaling(scale=scale, seed=seed, mode="fan_out")
        values = initializer(shape=shape)
        assert initializer.scale == scale
        assert initializer.seed == seed
        assert values.shape == shape
        assert_all_close(np.std(values), np.sqrt(scale / 20), atol=1e-1)

    def test_get_method(self):
        obj = initializers.get("glorot_normal")
        assert isinstance(obj, initializers.GlorotNormal)

        obj = initializers.get(None)
        assert obj is None

        with pytest.raises(ValueError):
            initializers.get("typo")

    def test_get_method_with_tensor(self):
        shape = (5, 5)

        # Test backend tensor
        tensor = nnlib.Tensor(np.random.uniform(size=shape).astype("float32"))
        initializer = initializers.get(tensor)
        values = initializer(shape=shape)
        assert_all_close(values, tensor)

        # Test numpy array
        tensor = np.random.uniform(size=shape).astype("float32")
        initializer = initializers.get(tensor)
        values = initializer(shape=shape)
        assert_all_close(values, tensor)

        # Test bad `shape` argument
        with pytest.raises(ValueError, match=r"array of shape \(5, 5\), but was asked for shape \(10, 10\)"):
            initializer(shape=(10, 10))

    def test_variance_scaling_invalid_scale(self):
        seed = 1234

        with pytest.raises(ValueError, match="scale must be a number > 0"):
            initializers.VarianceScaling(scale=-1.0, seed=seed, mode="fan_in")

    def test_variance_scaling_invalid_mode(self):
        scale = 2.0
        seed = 1234

        with pytest.raises(ValueError, match="mode must be one of"):
            initializers.VarianceScaling(scale=scale, seed=seed, mode="invalid_mode")

    def test_variance_scaling_invalid_distribution(self):
        scale = 2.0
        seed = 1234

        with pytest.raises(ValueError, match="distribution must be one of"):
            initializers.VarianceScaling(
                scale=scale,
                seed=seed,
                mode="fan_in",
                distribution="invalid_dist",
            )


class TestConstantInitializers:
    def test_zeros_initializer(self):
        shape = (3, 3)

        initializer = initializers.Zeros()
        values = initializer(shape=shape)
        assert values.shape == shape
        assert_all_close(values, np.zeros(shape=shape))

    def test_ones_initializer(self):
        shape = (3, 3)

        initializer = initializers.Ones()
        values = initializer(shape=shape)
        assert values.shape == shape
        assert_all_close(values, np.ones(shape=shape))
