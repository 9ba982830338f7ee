"""Keras's own test cases for the Dense layer, run on nnlib.

Ported from keras-team/keras at commit 3422977a5e38fb2f7709aaa9a08e47f0c43d0f60:
keras/src/layers/core/dense_test.py. Keras is licensed under the Apache License 2.0 (Copyright The
Keras Authors). The inputs, weights and expected numbers are Keras's, copied unchanged; only the
calls are re-pointed to nnlib (``layers.Dense`` is ``nnlib.layers.Dense``, Keras's
``assertAllClose`` and ``assertEqual`` are the helpers below, with Keras's defaults). Each test keeps
the name of the Keras test it ports, in a class named after Keras's.

Ported (DenseTest):

- test_dense_basics: what its two ``run_layer_test`` calls expect of the outputs' shape and of the
  numbers of trainable and non-trainable weights. Its second case's regularizers
  (``kernel_regularizer``, ``bias_regularizer``, and with them ``expected_num_losses=2``) are left
  out: nnlib has no regularizers. The rest of ``run_layer_test`` (serialization, masking, seed
  generators, symbolic tensors) is Keras's machinery.
- test_dense_invalid_units_raises (every case, and Keras's "positive integer" message).
- test_dense_correctness: build, then set_weights, then call (the case that expects ``[[10, 0]]``).
- test_dense_errors: with numpy arrays where Keras uses symbolic KerasTensors, which nnlib does
  not have; the second call's inputs are incompatible with the built layer, as in Keras.
- test_dense_no_activation, test_dense_without_activation_set, test_dense_with_activation.

Left out, and why: test_dense_sparse (sparse tensors), test_dense_constraints (constraints),
the LoRA tests (test_enable_lora, test_enable_lora_with_alpha, test_lora_weight_name,
test_lora_rank_argument, test_enable_lora_with_kernel_constraint, test_enable_lora_on_unbuilt_layer,
test_enable_lora_when_already_enabled), every quantization test (int8, int4, float8, GPTQ, AWQ,
ternary: test_quantize_*, test_int4_*, test_gptq_*, test_awq_*, test_dense_int8_*,
test_dense_int4_*, test_dense_quantize_ternary_*, test_dense_prebuilt_ternary_mode,
test_dense_quantize_config), and the saving tests (test_legacy_load_own_variables,
test_serialization_round_trip, test_gptq_awq_load_from_store,
test_load_own_variables_reports_clear_errors): features nnlib does not have.
"""
import numpy as np
import pytest

from nnlib import layers
from nnlib.autodiff import as_array


def assert_all_close(actual, desired, atol=1e-6, rtol=1e-6):
    """Keras's TestCase.assertAllClose."""
    np.testing.assert_allclose(as_array(actual), as_array(desired), atol=atol, rtol=rtol)


def run_layer_test(layer_cls, init_kwargs, input_shape, expected_output_shape,
                   expected_num_trainable_weights, expected_num_non_trainable_weights):
    """The part of Keras's TestCase.run_layer_test that nnlib has: build on random inputs of
    ``input_shape``, then check the outputs' shape and the numbers of weights."""
    layer = layer_cls(**init_kwargs)
    outputs = layer(np.random.default_rng(0).normal(size=input_shape).astype("float32"))
    assert outputs.shape == expected_output_shape
    assert len(layer.trainable_weights) == expected_num_trainable_weights
    assert len(layer.non_trainable_weights) == expected_num_non_trainable_weights


class TestDense:
    def test_dense_basics(self):
        # 2D case, no bias.
        run_layer_test(
            layers.Dense,
            init_kwargs={
                "units": 4,
                "activation": "relu",
                "kernel_initializer": "random_uniform",
                "bias_initializer": "ones",
                "use_bias": False,
            },
            input_shape=(2, 3),
            expected_output_shape=(2, 4),
            expected_num_trainable_weights=1,
            expected_num_non_trainable_weights=0,
        )
        # 3D case (without Keras's regularizers: see the module's docstring).
        run_layer_test(
            layers.Dense,
            init_kwargs={
                "units": 5,
                "activation": "sigmoid",
            },
            input_shape=(2, 3, 4),
            expected_output_shape=(2, 3, 5),
            expected_num_trainable_weights=2,
            expected_num_non_trainable_weights=0,
        )

    @pytest.mark.parametrize("units", [0, -3, 2.5, None, "64"],
                             ids=["zero", "negative", "float", "none", "string"])
    def test_dense_invalid_units_raises(self, units):
        with pytest.raises(ValueError, match="positive integer"):
            layers.Dense(units)

    def test_dense_correctness(self):
        # With bias and activation.
        layer = layers.Dense(units=2, activation="relu")
        layer.build((1, 2))
        layer.set_weights(
            [
                np.array([[1.0, -2.0], [3.0, -4.0]]),
                np.array([5.0, -6.0]),
            ]
        )
        inputs = np.array(
            [[-1.0, 2.0]],
        )
        assert_all_close(layer(inputs), [[10.0, 0.0]])

        # Just a kernel matmul.
        layer = layers.Dense(units=2, use_bias=False)
        layer.build((1, 2))
        layer.set_weights(
            [
                np.array([[1.0, -2.0], [3.0, -4.0]]),
            ]
        )
        inputs = np.array(
            [[-1.0, 2.0]],
        )
        assert layer.bias is None
        assert_all_close(layer(inputs), [[5.0, -6.0]])

    def test_dense_errors(self):
        with pytest.raises(ValueError, match="incompatible with the layer"):
            layer = layers.Dense(units=2, activation="relu")
            layer(np.ones((1, 2)))
            layer(np.ones((1, 3)))

    def test_dense_no_activation(self):
        layer = layers.Dense(units=2, use_bias=False, activation=None)
        layer.build((1, 2))
        layer.set_weights(
            [
                np.array([[1.0, -2.0], [3.0, -4.0]]),
            ]
        )
        inputs = np.array(
            [[-1.0, 2.0]],
        )
        assert layer.bias is None
        assert_all_close(layer(inputs), [[5.0, -6.0]])

    def test_dense_without_activation_set(self):
        layer = layers.Dense(units=2, use_bias=False)
        layer.build((1, 2))
        layer.set_weights(
            [
                np.array([[1.0, -2.0], [3.0, -4.0]]),
            ]
        )
        layer.activation = None
        inputs = np.array(
            [[-1.0, 2.0]],
        )
        assert layer.bias is None
        assert_all_close(layer(inputs), [[5.0, -6.0]])

    def test_dense_with_activation(self):
        layer = layers.Dense(units=2, use_bias=False, activation="relu")
        layer.build((1, 2))
        layer.set_weights(
            [
                np.array([[1.0, -2.0], [3.0, -4.0]]),
            ]
        )

        inputs = np.array(
            [[-1.0, 2.0]],
        )
        output = layer(inputs)
        expected_output = np.array([[5.0, 0.0]])
        assert_all_close(output, expected_output)
