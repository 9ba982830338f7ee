"""Keras's own test cases for the losses nnlib has, run on nnlib.

Ported from keras-team/keras at commit 3422977a5e38fb2f7709aaa9a08e47f0c43d0f60:
keras/src/losses/losses_test.py and keras/src/losses/loss_test.py. Keras is licensed under the
Apache License 2.0 (Copyright The Keras Authors). The inputs and the expected numbers are Keras's,
copied unchanged; only the calls are re-pointed to nnlib (``losses.X(...)`` is ``nnlib.losses.X``,
Keras's ``assertAlmostEqual`` and ``assertAllClose`` are the helpers below, with Keras's defaults).
Each test keeps the name of the Keras test it ports, in a class named after Keras's.

Ported, from losses_test.py:

- MeanSquaredErrorTest and MeanAbsoluteErrorTest: base_function_reduction (MSE), all_correct_unweighted,
  unweighted, scalar_weighted, sample_weighted, timestep_weighted, zero_weighted, no_reduction,
  sum_reduction, mean_with_sample_weight_reduction.
- HuberLossTest: all_correct, unweighted, scalar_weighted, sample_weighted, timestep_weighted,
  zero_weighted, non_default_delta.
- BinaryCrossentropyTest: all_correct_unweighted, unweighted, scalar_weighted, sample_weighted,
  no_reduction, label_smoothing, shape_mismatch.
- CategoricalCrossentropyTest: all_correct_unweighted, unweighted, scalar_weighted, sample_weighted,
  no_reduction, label_smoothing, label_smoothing_ndarray, label_smoothing_with_axis, shape_mismatch.
- SparseCategoricalCrossentropyTest: all_correct_unweighted, unweighted, scalar_weighted,
  sample_weighted, no_reduction, binary_segmentation, multi_class_segmentation, and the TensorFlow
  branch of binary_segmentation_different_axis and multi_class_segmentation_different_axis (axis=0
  is refused).

From loss_test.py (with Keras's ``ExampleLoss``, per-entry squared errors, as an nnlib ``Loss``):
squeeze_or_expand (as :func:`nnlib.shapes.lined_up`, the rule nnlib uses in its place), reduction,
sample_weight, mixed_dtypes.

Where nnlib differs from Keras on purpose, the port says so at the line: an error's words (shape
mismatches, an unsupported axis), and the dtype of a result (Keras computes in float32 unless given a
``dtype``; nnlib keeps y_pred's dtype). nnlib warns where Keras's inputs are not probabilities (rows
that do not sum to 1); those warnings are silenced here (pytestmark below).

Left out, and why:

- test_config of every class, test_pickle and test_get_method: serialization, configs and Keras's
  ``get`` returning functions (nnlib's ``get`` returns a loss object); nnlib has no serialization.
- test_dtype_arg of every class, test_dtype_arg and test_default_dtype of loss_test.py: the ``dtype``
  argument and dtype policies (bfloat16, mixed_float16), which nnlib does not have.
- test_mask, test_mask_and_sample_weight, test_mask_and_sample_weight_rank2, test_rank_adjustment:
  Keras masks, which nnlib does not have (each expected number depends on the mask).
- CategoricalCrossentropyTest.test_warning_for_invalid_shape: a SyntaxWarning nnlib does not give.
- SparseCategoricalCrossentropyTest.test_ignore_class: ``ignore_class``, which nnlib does not have;
  test_squeezes_singleton_class_dim_on_user_axis and the torch branches of the *_different_axis
  tests: class axes other than the last, which nnlib (like Keras's TensorFlow backend) refuses.
- The losses nnlib does not have (MeanAbsolutePercentageError, MeanSquaredLogarithmicError, Hinge,
  SquaredHinge, CategoricalHinge, CosineSimilarity, LogCosh, KLDivergence, Poisson, the focal
  cross-entropies, Dice, Tversky, Circle, CTC, ...).
"""
import re

import numpy as np
import pytest

from nnlib import losses
from nnlib.autodiff import as_array
from nnlib.shapes import lined_up

pytestmark = pytest.mark.filterwarnings("ignore:.*so y_pred does not look like probabilities")


def assert_almost_equal(actual, desired, decimal=3):
    """Keras's TestCase.assertAlmostEqual."""
    np.testing.assert_almost_equal(as_array(actual), as_array(desired), decimal=decimal)


def assert_all_close(actual, desired, atol=1e-6, rtol=1e-6):
    """Keras's TestCase.assertAllClose."""
    np.testing.assert_allclose(as_array(actual), as_array(desired), atol=atol, rtol=rtol)


class TestMeanSquaredError:
    def test_base_function_reduction(self):
        mse_fn = losses.mean_squared_error
        y_true = np.array([4, 8, 12])
        y_pred = np.array([[3], [0], [1]])
        loss = mse_fn(y_true, y_pred)
        assert loss.shape == (3,)

    def test_all_correct_unweighted(self):
        mse_obj = losses.MeanSquaredError()
        y_true = np.array([[4, 8, 12], [8, 1, 3]])
        loss = mse_obj(y_true, y_true)
        assert_almost_equal(loss, 0.0)

    def test_unweighted(self):
        mse_obj = losses.MeanSquaredError()
        y_true = np.array([[1, 9, 2], [-5, -2, 6]])
        y_pred = np.array([[4, 8, 12], [8, 1, 3]], dtype="float32")
        loss = mse_obj(y_true, y_pred)
        assert_almost_equal(loss, 49.5)

    def test_scalar_weighted(self):
        mse_obj = losses.MeanSquaredError()
        y_true = np.array([[1, 9, 2], [-5, -2, 6]])
        y_pred = np.array([[4, 8, 12], [8, 1, 3]], dtype="float32")
        loss = mse_obj(y_true, y_pred, sample_weight=2.3)
        assert_almost_equal(loss, 113.85)

    def test_sample_weighted(self):
        mse_obj = losses.MeanSquaredError()
        y_true = np.array([[1, 9, 2], [-5, -2, 6]])
        y_pred = np.array([[4, 8, 12], [8, 1, 3]], dtype="float32")
        sample_weight = np.array([[1.2], [3.4]])
        loss = mse_obj(y_true, y_pred, sample_weight=sample_weight)
        assert_almost_equal(loss, 767.8 / 6)

    def test_timestep_weighted(self):
        mse_obj = losses.MeanSquaredError()
        y_true = np.asarray([1, 9, 2, -5, -2, 6]).reshape(2, 3, 1)
        y_pred = np.asarray([4, 8, 12, 8, 1, 3]).reshape(2, 3, 1)
        sample_weight = np.array([3, 6, 5, 0, 4, 2]).reshape((2, 3))
        loss = mse_obj(y_true, y_pred, sample_weight=sample_weight)
        assert_almost_equal(loss, 97.833336)

    def test_zero_weighted(self):
        mse_obj = losses.MeanSquaredError()
        y_true = np.array([[1, 9, 2], [-5, -2, 6]])
        y_pred = np.array([[4, 8, 12], [8, 1, 3]], dtype="float32")
        loss = mse_obj(y_true, y_pred, sample_weight=0)
        assert_almost_equal(loss, 0.0)

    def test_no_reduction(self):
        mse_obj = losses.MeanSquaredError(reduction=None)
        y_true = np.array([[1, 9, 2], [-5, -2, 6]])
        y_pred = np.array([[4, 8, 12], [8, 1, 3]], dtype="float32")
        loss = mse_obj(y_true, y_pred, sample_weight=2.3)
        assert_almost_equal(loss, [84.3333, 143.3666])

    def test_sum_reduction(self):
        mse_obj = losses.MeanSquaredError(reduction="sum")
        y_true = np.array([[1, 9, 2], [-5, -2, 6]])
        y_pred = np.array([[4, 8, 12], [8, 1, 3]], dtype="float32")
        loss = mse_obj(y_true, y_pred, sample_weight=2.3)
        assert_almost_equal(loss, 227.69998)

    def test_mean_with_sample_weight_reduction(self):
        mse_obj = losses.MeanSquaredError(reduction="mean_with_sample_weight")
        y_true = np.array([[1, 9, 2], [-5, -2, 6]])
        y_pred = np.array([[4, 8, 12], [8, 1, 3]], dtype="float32")
        sample_weight = np.array([[1.2], [3.4]])
        loss = mse_obj(y_true, y_pred, sample_weight=sample_weight)
        assert_almost_equal(loss, (110 / 3 * 1.2 + 187 / 3 * 3.4) / (1.2 + 3.4))


class TestMeanAbsoluteError:
    def test_all_correct_unweighted(self):
        mae_obj = losses.MeanAbsoluteError()
        y_true = np.array([[4, 8, 12], [8, 1, 3]])
        loss = mae_obj(y_true, y_true)
        assert_almost_equal(loss, 0.0)

    def test_unweighted(self):
        mae_obj = losses.MeanAbsoluteError()
        y_true = np.array([[1, 9, 2], [-5, -2, 6]])
        y_pred = np.array([[4, 8, 12], [8, 1, 3]], dtype="float32")
        loss = mae_obj(y_true, y_pred)
        assert_almost_equal(loss, 5.5)

    def test_scalar_weighted(self):
        mae_obj = losses.MeanAbsoluteError()
        y_true = np.array([[1, 9, 2], [-5, -2, 6]])
        y_pred = np.array([[4, 8, 12], [8, 1, 3]], dtype="float32")
        loss = mae_obj(y_true, y_pred, sample_weight=2.3)
        assert_almost_equal(loss, 12.65)

    def test_sample_weighted(self):
        mae_obj = losses.MeanAbsoluteError()
        y_true = np.array([[1, 9, 2], [-5, -2, 6]])
        y_pred = np.array([[4, 8, 12], [8, 1, 3]], dtype="float32")
        sample_weight = np.array([[1.2], [3.4]])
        loss = mae_obj(y_true, y_pred, sample_weight=sample_weight)
        assert_almost_equal(loss, 81.4 / 6)

    def test_timestep_weighted(self):
        mae_obj = losses.MeanAbsoluteError()
        y_true = np.asarray([1, 9, 2, -5, -2, 6]).reshape(2, 3, 1)
        y_pred = np.asarray([4, 8, 12, 8, 1, 3]).reshape(2, 3, 1)
        sample_weight = np.array([3, 6, 5, 0, 4, 2]).reshape((2, 3))
        loss = mae_obj(y_true, y_pred, sample_weight=sample_weight)
        assert_almost_equal(loss, 13.833333)

    def test_zero_weighted(self):
        mae_obj = losses.MeanAbsoluteError()
        y_true = np.array([[1, 9, 2], [-5, -2, 6]])
        y_pred = np.array([[4, 8, 12], [8, 1, 3]], dtype="float32")
        loss = mae_obj(y_true, y_pred, sample_weight=0)
        assert_almost_equal(loss, 0.0)

    def test_no_reduction(self):
        mae_obj = losses.MeanAbsoluteError(reduction=None)
        y_true = np.array([[1, 9, 2], [-5, -2, 6]])
        y_pred = np.array([[4, 8, 12], [8, 1, 3]], dtype="float32")
        loss = mae_obj(y_true, y_pred, sample_weight=2.3)
        assert_almost_equal(loss, [10.7333, 14.5666])

    def test_sum_reduction(self):
        mae_obj = losses.MeanAbsoluteError(reduction="sum")
        y_true = np.array([[1, 9, 2], [-5, -2, 6]])
        y_pred = np.array([[4, 8, 12], [8, 1, 3]], dtype="float32")
        loss = mae_obj(y_true, y_pred, sample_weight=2.3)
        assert_almost_equal(loss, 25.29999)

    def test_mean_with_sample_weight_reduction(self):
        mae_obj = losses.MeanAbsoluteError(reduction="mean_with_sample_weight")
        y_true = np.array([[1, 9, 2], [-5, -2, 6]])
        y_pred = np.array([[4, 8, 12], [8, 1, 3]], dtype="float32")
        sample_weight = np.array([[1.2], [3.4]])
        loss = mae_obj(y_true, y_pred, sample_weight=sample_weight)
        assert_almost_equal(loss, (14 / 3 * 1.2 + 19 / 3 * 3.4) / (1.2 + 3.4))


class TestHuberLoss:
    def huber_loss(self, y_true, y_pred, delta=1.0):
        error = y_pred - y_true
        abs_error = np.abs(error)

        quadratic = np.minimum(abs_error, delta)
        linear = np.subtract(abs_error, quadratic)
        return np.add(np.multiply(0.5, np.multiply(quadratic, quadratic)), np.multiply(delta, linear))

    def make_data(self, delta=1.0):  # (Keras's setup: pytest would call a method of that name)
        self.np_y_pred = np.array([[0.9, 0.2, 0.2], [0.8, 0.4, 0.6]])
        self.np_y_true = np.array([[1.0, 0.0, 1.0], [1.0, 0.0, 0.0]])

        self.batch_size = 6
        self.expected_losses = self.huber_loss(self.np_y_true, self.np_y_pred, delta)

        self.y_pred = self.np_y_pred
        self.y_true = self.np_y_true

    def test_all_correct(self):
        self.make_data()
        h_obj = losses.Huber()
        loss = h_obj(self.y_true, self.y_true)
        assert_almost_equal(loss, 0.0, 3)

    def test_unweighted(self):
        self.make_data()
        h_obj = losses.Huber()
        loss = h_obj(self.y_true, self.y_pred)
        actual_loss = np.sum(self.expected_losses) / self.batch_size
        assert_almost_equal(loss, actual_loss, 3)

    def test_scalar_weighted(self):
        self.make_data()
        h_obj = losses.Huber()
        sample_weight = 2.3
        loss = h_obj(self.y_true, self.y_pred, sample_weight=sample_weight)
        actual_loss = sample_weight * np.sum(self.expected_losses) / self.batch_size
        assert_almost_equal(loss, actual_loss, 3)

        # Verify we get the same output when the same input is given
        loss_2 = h_obj(self.y_true, self.y_pred, sample_weight=sample_weight)
        assert_almost_equal(loss, loss_2, 3)

    def test_sample_weighted(self):
        self.make_data()
        h_obj = losses.Huber()
        sample_weight = np.array([[1.2], [3.4]])

        loss = h_obj(self.y_true, self.y_pred, sample_weight=sample_weight)
        actual_loss = np.multiply(self.expected_losses,
                                  np.asarray([1.2, 1.2, 1.2, 3.4, 3.4, 3.4]).reshape((2, 3)))
        actual_loss = np.sum(actual_loss) / self.batch_size
        assert_almost_equal(loss, actual_loss, 3)

    def test_timestep_weighted(self):
        self.make_data()
        h_obj = losses.Huber()
        y_pred = self.np_y_pred.reshape((2, 3, 1))
        y_true = self.np_y_true.reshape((2, 3, 1))
        expected_losses = self.huber_loss(y_true, y_pred)

        sample_weight = np.array([3, 6, 5, 0, 4, 2]).reshape((2, 3, 1))
        loss = h_obj(y_true, y_pred, sample_weight=sample_weight)
        actual_loss = np.multiply(expected_losses, sample_weight)
        actual_loss = np.sum(actual_loss) / self.batch_size
        assert_almost_equal(loss, actual_loss, 3)

    def test_zero_weighted(self):
        self.make_data()
        h_obj = losses.Huber()
        sample_weight = 0
        loss = h_obj(self.y_true, self.y_pred, sample_weight=sample_weight)
        assert_almost_equal(loss, 0.0, 3)

    def test_non_default_delta(self):
        self.make_data(delta=0.8)
        h_obj = losses.Huber(delta=0.8)
        sample_weight = 2.3
        loss = h_obj(self.y_true, self.y_pred, sample_weight=sample_weight)
        actual_loss = sample_weight * np.sum(self.expected_losses) / self.batch_size
        assert_almost_equal(loss, actual_loss, 3)


class TestBinaryCrossentropy:
    def test_all_correct_unweighted(self):
        y_true = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1]], dtype="float32")
        bce_obj = losses.BinaryCrossentropy()
        loss = bce_obj(y_true, y_true)
        assert_almost_equal(loss, 0.0)

        # Test with logits.
        logits = np.array([[10.0, -10.0, -10.0], [-10.0, 10.0, -10.0], [-10.0, -10.0, 10.0]])
        bce_obj = losses.BinaryCrossentropy(from_logits=True)
        loss = bce_obj(y_true, logits)
        assert_almost_equal(loss, 0.0)

    def test_unweighted(self):
        y_true = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1]], dtype="float32")
        y_pred = np.array([[0.9, 0.1, 0.2], [0.3, 0.8, 0.1], [0.1, 0.2, 0.7]], dtype="float32")
        bce_obj = losses.BinaryCrossentropy()
        loss = bce_obj(y_true, y_pred)
        assert_all_close(loss, 0.20046903)

        y_true = np.array([1, 0, 1, 0]).reshape([2, 2])
        y_pred = np.array([1, 1, 1, 0], dtype=np.float32).reshape([2, 2])
        bce_obj = losses.BinaryCrossentropy()
        loss = bce_obj(y_true, y_pred)
        assert_almost_equal(loss, 3.98559)

        # Test with logits.
        y_true = np.array([[1, 0, 1], [0, 1, 1]])
        logits = np.array([[10.0, -10.0, 10.0], [10.0, 10.0, -10.0]])
        bce_obj = losses.BinaryCrossentropy(from_logits=True)
        loss = bce_obj(y_true, logits)
        assert_almost_equal(loss, 3.3333)

    def test_scalar_weighted(self):
        bce_obj = losses.BinaryCrossentropy()
        y_true = np.array([1, 0, 1, 0]).reshape([2, 2])
        y_pred = np.array([1, 1, 1, 0], dtype="float32").reshape([2, 2])
        loss = bce_obj(y_true, y_pred, sample_weight=2.3)
        assert_almost_equal(loss, 9.1668)

        # Test with logits.
        y_true = np.array([[1, 0, 1], [0, 1, 1]])
        logits = np.array([[10.0, -10.0, 10.0], [10.0, 10.0, -10.0]])
        bce_obj = losses.BinaryCrossentropy(from_logits=True)
        loss = bce_obj(y_true, logits, sample_weight=2.3)
        assert_almost_equal(loss, 7.666)

    def test_sample_weighted(self):
        bce_obj = losses.BinaryCrossentropy()
        y_true = np.array([1, 0, 1, 0]).reshape([2, 2])
        y_pred = np.array([1, 1, 1, 0], dtype="float32").reshape([2, 2])
        sample_weight = np.array([1.2, 3.4]).reshape((2, 1))
        loss = bce_obj(y_true, y_pred, sample_weight=sample_weight)
        assert_almost_equal(loss, 4.7827)

        # Test with logits.
        y_true = np.array([[1, 0, 1], [0, 1, 1]])
        logits = np.array([[10.0, -10.0, 10.0], [10.0, 10.0, -10.0]])
        weights = np.array([4, 3])
        bce_obj = losses.BinaryCrossentropy(from_logits=True)
        loss = bce_obj(y_true, logits, sample_weight=weights)
        assert_almost_equal(loss, 10.0)

    def test_no_reduction(self):
        y_true = np.array([[1, 0, 1], [0, 1, 1]])
        logits = np.array([[10.0, -10.0, 10.0], [10.0, 10.0, -10.0]])
        bce_obj = losses.BinaryCrossentropy(from_logits=True, reduction=None)
        loss = bce_obj(y_true, logits)
        assert_all_close(loss, [0.0, 6.666], atol=1e-3)

    def test_label_smoothing(self):
        logits = np.array([[10.0, -10.0, -10.0]])
        y_true = np.array([[1, 0, 1]])
        label_smoothing = 0.1
        bce_obj = losses.BinaryCrossentropy(from_logits=True, label_smoothing=label_smoothing)
        loss = bce_obj(y_true, logits)
        expected_value = (10.0 + 5.0 * label_smoothing) / 3.0
        assert_almost_equal(loss, expected_value)

    def test_shape_mismatch(self):
        y_true = np.array([[0], [1], [2]])
        y_pred = np.array([[0.9, 0.05, 0.05], [0.5, 0.89, 0.6], [0.05, 0.01, 0.94]])
        cce_obj = losses.BinaryCrossentropy()
        # Keras: "must have the same shape"; nnlib names both shapes and the axis that disagrees.
        with pytest.raises(ValueError, match=re.escape("(3, 1) and y_pred of shape (3, 3) do not match")):
            cce_obj(y_true, y_pred)


class TestCategoricalCrossentropy:
    def test_all_correct_unweighted(self):
        y_true = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1]], dtype="int64")
        y_pred = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]], dtype="float32")
        cce_obj = losses.CategoricalCrossentropy()
        loss = cce_obj(y_true, y_pred)
        assert_almost_equal(loss, 0.0)

        # Test with logits.
        logits = np.array([[10.0, 0.0, 0.0], [0.0, 10.0, 0.0], [0.0, 0.0, 10.0]])
        cce_obj = losses.CategoricalCrossentropy(from_logits=True)
        loss = cce_obj(y_true, logits)
        assert_almost_equal(loss, 0.0)

    def test_unweighted(self):
        cce_obj = losses.CategoricalCrossentropy()
        y_true = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1]])
        y_pred = np.array([[0.9, 0.05, 0.05], [0.5, 0.89, 0.6], [0.05, 0.01, 0.94]], dtype="float32")
        loss = cce_obj(y_true, y_pred)
        assert_almost_equal(loss, 0.3239)

        # Test with logits.
        logits = np.array([[8.0, 1.0, 1.0], [0.0, 9.0, 1.0], [2.0, 3.0, 5.0]])
        cce_obj = losses.CategoricalCrossentropy(from_logits=True)
        loss = cce_obj(y_true, logits)
        assert_almost_equal(loss, 0.0573)

    def test_scalar_weighted(self):
        cce_obj = losses.CategoricalCrossentropy()
        y_true = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1]])
        y_pred = np.array([[0.9, 0.05, 0.05], [0.5, 0.89, 0.6], [0.05, 0.01, 0.94]], dtype="float32")
        loss = cce_obj(y_true, y_pred, sample_weight=2.3)
        assert_almost_equal(loss, 0.7449)

        # Test with logits.
        logits = np.array([[8.0, 1.0, 1.0], [0.0, 9.0, 1.0], [2.0, 3.0, 5.0]])
        cce_obj = losses.CategoricalCrossentropy(from_logits=True)
        loss = cce_obj(y_true, logits, sample_weight=2.3)
        assert_almost_equal(loss, 0.1317)

    def test_sample_weighted(self):
        cce_obj = losses.CategoricalCrossentropy()
        y_true = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1]])
        y_pred = np.array([[0.9, 0.05, 0.05], [0.5, 0.89, 0.6], [0.05, 0.01, 0.94]], dtype="float32")
        sample_weight = np.array([[1.2], [3.4], [5.6]]).reshape((3, 1))
        loss = cce_obj(y_true, y_pred, sample_weight=sample_weight)
        assert_almost_equal(loss, 1.0696)

        # Test with logits.
        logits = np.array([[8.0, 1.0, 1.0], [0.0, 9.0, 1.0], [2.0, 3.0, 5.0]])
        cce_obj = losses.CategoricalCrossentropy(from_logits=True)
        loss = cce_obj(y_true, logits, sample_weight=sample_weight)
        assert_almost_equal(loss, 0.31829)

    def test_no_reduction(self):
        y_true = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1]])
        logits = np.array([[8.0, 1.0, 1.0], [0.0, 9.0, 1.0], [2.0, 3.0, 5.0]])
        cce_obj = losses.CategoricalCrossentropy(from_logits=True, reduction=None)
        loss = cce_obj(y_true, logits)
        assert_all_close(loss, (0.001822, 0.000459, 0.169846))

    def test_label_smoothing(self):
        logits = np.array([[100.0, -100.0, -100.0]])
        y_true = np.array([[1, 0, 0]])
        label_smoothing = 0.1
        cce_obj = losses.CategoricalCrossentropy(from_logits=True, label_smoothing=label_smoothing)
        loss = cce_obj(y_true, logits)
        expected_value = 400.0 * label_smoothing / 3.0
        assert_almost_equal(loss, expected_value)

    def test_label_smoothing_ndarray(self):
        logits = np.asarray([[100.0, -100.0, -100.0]])
        y_true = np.asarray([[1, 0, 0]])
        label_smoothing = 0.1
        cce_obj = losses.CategoricalCrossentropy(from_logits=True, label_smoothing=label_smoothing)
        loss = cce_obj(y_true, logits)
        expected_value = 400.0 * label_smoothing / 3.0
        assert_almost_equal(loss, expected_value)

    def test_label_smoothing_with_axis(self):
        # (batch, classes, spatial)
        num_classes = 3
        y_true = np.array([[[1, 0], [0, 1], [0, 0]], [[0, 1], [1, 0], [0, 0]]], dtype="float32")
        y_pred = np.array([[[0.8, 0.1], [0.1, 0.8], [0.1, 0.1]],
                           [[0.1, 0.8], [0.8, 0.1], [0.1, 0.1]]], dtype="float32")
        label_smoothing = 0.1
        axis = 1
        cce_obj = losses.CategoricalCrossentropy(label_smoothing=label_smoothing, axis=axis)
        loss = cce_obj(y_true, y_pred)

        y_true_smoothed = y_true * (1.0 - label_smoothing) + (label_smoothing / num_classes)
        expected_loss = -np.sum(y_true_smoothed * np.log(y_pred), axis=axis)
        expected_loss = np.mean(expected_loss)

        assert_almost_equal(loss, expected_loss, decimal=5)

    def test_shape_mismatch(self):
        y_true = np.array([[0], [1], [2]])
        y_pred = np.array([[0.9, 0.05, 0.05], [0.5, 0.89, 0.6], [0.05, 0.01, 0.94]])

        cce_obj = losses.CategoricalCrossentropy()
        # Keras: "must have the same shape"; nnlib names both shapes and the axis that disagrees.
        with pytest.raises(ValueError, match=re.escape("(3, 1) and y_pred of shape (3, 3) do not match")):
            cce_obj(y_true, y_pred)


class TestSparseCategoricalCrossentropy:
    def test_all_correct_unweighted(self):
        y_true = np.array([[0], [1], [2]], dtype="int64")
        y_pred = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]], dtype="float32")
        cce_obj = losses.SparseCategoricalCrossentropy()
        loss = cce_obj(y_true, y_pred)
        assert_almost_equal(loss, 0.0, 3)

        # Test with logits.
        logits = np.array([[10.0, 0.0, 0.0], [0.0, 10.0, 0.0], [0.0, 0.0, 10.0]])
        cce_obj = losses.SparseCategoricalCrossentropy(from_logits=True)
        loss = cce_obj(y_true, logits)
        assert_almost_equal(loss, 0.0, 3)

    def test_unweighted(self):
        cce_obj = losses.SparseCategoricalCrossentropy()
        y_true = np.array([0, 1, 2])
        y_pred = np.array([[0.9, 0.05, 0.05], [0.5, 0.89, 0.6], [0.05, 0.01, 0.94]], dtype="float32")
        loss = cce_obj(y_true, y_pred)
        assert_almost_equal(loss, 0.3239, 3)

        # Test with logits.
        logits = np.array([[8.0, 1.0, 1.0], [0.0, 9.0, 1.0], [2.0, 3.0, 5.0]])
        cce_obj = losses.SparseCategoricalCrossentropy(from_logits=True)
        loss = cce_obj(y_true, logits)
        assert_almost_equal(loss, 0.0573, 3)

    def test_scalar_weighted(self):
        cce_obj = losses.SparseCategoricalCrossentropy()
        y_true = np.array([[0], [1], [2]])
        y_pred = np.array([[0.9, 0.05, 0.05], [0.5, 0.89, 0.6], [0.05, 0.01, 0.94]], dtype="float32")
        loss = cce_obj(y_true, y_pred, sample_weight=2.3)
        assert_almost_equal(loss, 0.7449, 3)

        # Test with logits.
        logits = np.array([[8.0, 1.0, 1.0], [0.0, 9.0, 1.0], [2.0, 3.0, 5.0]])
        cce_obj = losses.SparseCategoricalCrossentropy(from_logits=True)
        loss = cce_obj(y_true, logits, sample_weight=2.3)
        assert_almost_equal(loss, 0.1317, 3)

    def test_sample_weighted(self):
        cce_obj = losses.SparseCategoricalCrossentropy()
        y_true = np.array([[0], [1], [2]])
        y_pred = np.array([[0.9, 0.05, 0.05], [0.5, 0.89, 0.6], [0.05, 0.01, 0.94]], dtype="float32")
        sample_weight = np.array([[1.2], [3.4], [5.6]]).reshape((3, 1))
        loss = cce_obj(y_true, y_pred, sample_weight=sample_weight)
        assert_almost_equal(loss, 1.0696, 3)

        # Test with logits.
        logits = np.array([[8.0, 1.0, 1.0], [0.0, 9.0, 1.0], [2.0, 3.0, 5.0]])
        cce_obj = losses.SparseCategoricalCrossentropy(from_logits=True)
        loss = cce_obj(y_true, logits, sample_weight=sample_weight)
        assert_almost_equal(loss, 0.31829, 3)

    def test_no_reduction(self):
        y_true = np.array([[0], [1], [2]])
        logits = np.array([[8.0, 1.0, 1.0], [0.0, 9.0, 1.0], [2.0, 3.0, 5.0]])
        cce_obj = losses.SparseCategoricalCrossentropy(from_logits=True, reduction=None)
        loss = cce_obj(y_true, logits)
        assert_all_close(loss, (0.001822, 0.000459, 0.169846))

    def test_binary_segmentation(self):
        y_true = np.array([[0, 1, 1, 0], [1, 0, 1, 0], [0, 0, 1, 1], [1, 1, 0, 1]])
        y_pred = np.array([
            [[1.0, 0.0], [0.0, 1.0], [0.0, 1.0], [1.0, 0.0]],
            [[0.0, 1.0], [1.0, 0.0], [0.0, 1.0], [1.0, 0.0]],
            [[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 1.0]],
            [[0.0, 1.0], [0.0, 1.0], [1.0, 0.0], [0.0, 1.0]],
        ])
        output = losses.SparseCategoricalCrossentropy()(y_true, y_pred)
        assert_all_close(output, 0.0)

        y_true = np.array([[0, 1, 1, 0], [1, 0, 1, 0], [0, 0, 1, 1], [1, 1, 0, 1]])
        y_pred = np.array([
            [[1.0, 0.0], [0.0, 1.0], [0.0, 1.0], [0.2, 0.8]],
            [[0.0, 1.0], [1.0, 0.0], [0.0, 1.0], [1.0, 0.0]],
            [[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 1.0]],
            [[0.0, 1.0], [0.0, 1.0], [1.0, 0.0], [0.6, 0.4]],
        ])
        expected = np.array([-np.log(0.2), -np.log(0.4)])
        output = losses.SparseCategoricalCrossentropy()(y_true, y_pred)
        assert_all_close(output, expected.sum() / 16.0)  # 16 pixels

    def test_binary_segmentation_different_axis(self):
        y_true = np.array([[0, 1, 1, 0], [1, 0, 1, 0], [0, 0, 1, 1], [1, 1, 0, 1]])
        y_pred = np.array([
            [[1.0, 0.0], [0.0, 1.0], [0.0, 1.0], [1.0, 0.0]],
            [[0.0, 1.0], [1.0, 0.0], [0.0, 1.0], [1.0, 0.0]],
            [[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 1.0]],
            [[0.0, 1.0], [0.0, 1.0], [1.0, 0.0], [0.0, 1.0]],
        ])
        y_pred_reshaped = np.moveaxis(y_pred, source=2, destination=0)
        # Keras's TensorFlow backend: "Only axis=-1 is currently supported. Received: axis=0".
        with pytest.raises(ValueError, match=re.escape("supports only the last axis (axis=-1)")):
            losses.SparseCategoricalCrossentropy(axis=0)(y_true, y_pred_reshaped)

    def test_multi_class_segmentation(self):
        y_true = np.array([[0, 1, 2, 0], [1, 0, 1, 0], [0, 0, 1, 1], [1, 1, 0, 1]])
        y_pred = np.array([
            [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]],
            [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [1.0, 0.0, 0.0]],
            [[1.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 1.0, 0.0]],
            [[0.0, 1.0, 0.0], [0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]],
        ])
        output = losses.SparseCategoricalCrossentropy()(y_true, y_pred)
        assert_all_close(output, 0.0)

        y_true = np.array([[0, 1, 2, 0], [1, 0, 1, 0], [0, 0, 1, 1], [1, 1, 0, 1]])
        y_pred = np.array([
            [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.2, 0.0, 0.8]],
            [[0.7, 0.3, 0.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [1.0, 0.0, 0.0]],
            [[1.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 1.0, 0.0]],
            [[0.0, 1.0, 0.0], [0.0, 1.0, 0.0], [0.5, 0.5, 0.0], [0.0, 1.0, 0.0]],
        ])
        expected = np.array([-np.log(0.2), -np.log(0.3), -np.log(0.5)])
        output = losses.SparseCategoricalCrossentropy()(y_true, y_pred)
        assert_all_close(output, expected.sum() / 16.0)  # 16 pixels

    def test_multi_class_segmentation_different_axis(self):
        y_true = np.array([[0, 1, 2, 0], [1, 0, 1, 0], [0, 0, 1, 1], [1, 1, 0, 1]])
        y_pred = np.array([
            [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]],
            [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [1.0, 0.0, 0.0]],
            [[1.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 1.0, 0.0]],
            [[0.0, 1.0, 0.0], [0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]],
        ])
        y_pred_reshaped = np.moveaxis(y_pred, source=2, destination=0)
        # Keras's TensorFlow backend: "Only axis=-1 is currently supported. Received: axis=0".
        with pytest.raises(ValueError, match=re.escape("supports only the last axis (axis=-1)")):
            losses.SparseCategoricalCrossentropy(axis=0)(y_true, y_pred_reshaped)


# loss_test.py ------------------------------------------------------------------------------------

def example_loss(y_true, y_pred):
    return (y_true - y_pred) ** 2


def ExampleLoss(reduction="sum_over_batch_size"):  # noqa: N802  (Keras's class, as nnlib makes one)
    """Keras's ExampleLoss: a Loss subclass whose call is (y_true - y_pred) ** 2."""
    return losses.Loss(example_loss, "example_loss", reduction=reduction)


class TestLoss:
    def test_squeeze_or_expand(self):
        # Keras's squeeze_or_expand_to_same_rank on arrays; nnlib's rule is on shapes.
        x1, x2 = lined_up((3,), (3, 1))
        assert x1 == (3, 1)
        assert x2 == (3, 1)

        x1, x2 = lined_up((3, 2), (3, 2, 1))
        assert x1 == (3, 2)
        assert x2 == (3, 2)

        x2, x1 = lined_up((3, 1), (3,))
        assert x1 == (3, 1)
        assert x2 == (3, 1)

        x2, x1 = lined_up((3, 2, 1), (3, 2))
        assert x1 == (3, 2)
        assert x2 == (3, 2)

    def test_reduction(self):
        y_true = np.array([1.0, 0.0, 1.0, 0.0])
        y_pred = np.array([0.1, 0.2, 0.3, 0.4])

        # No reduction
        loss_fn = ExampleLoss(reduction=None)
        loss = loss_fn(y_true, y_pred)
        assert loss.dtype == "float64"  # Keras: "float32" (its default dtype); nnlib: y_pred's
        assert_all_close((y_true - y_pred) ** 2, loss)

        # sum
        loss_fn = ExampleLoss(reduction="sum")
        loss = loss_fn(y_true, y_pred)
        assert loss.dtype == "float64"
        assert_all_close(np.sum((y_true - y_pred) ** 2), loss)

        # sum_over_batch_size or mean
        loss_fn = ExampleLoss(reduction="sum_over_batch_size")
        loss = loss_fn(y_true, y_pred)
        assert loss.dtype == "float64"
        assert_all_close(np.sum((y_true - y_pred) ** 2) / 4, loss)

        # bad reduction (Keras: "Invalid value for argument `reduction`")
        with pytest.raises(ValueError, match="reduction must be one of"):
            ExampleLoss(reduction="abc")

    def test_sample_weight(self):
        sample_weight = np.array([0.4, 0.3, 0.2, 0.1])
        y_true = np.array([1.0, 0.0, 1.0, 0.0])
        y_pred = np.array([0.1, 0.2, 0.3, 0.4])

        loss_fn = ExampleLoss()
        loss = loss_fn(y_true, y_pred, sample_weight=sample_weight)
        assert loss.dtype == "float64"  # Keras: "float32"
        assert_all_close(np.sum(sample_weight * (y_true - y_pred) ** 2) / 4, loss)

        # Test edge case where every weight is 0.
        sample_weight = np.array([0.0, 0.0, 0.0, 0.0])
        loss = loss_fn(y_true, y_pred, sample_weight=sample_weight)
        assert loss.dtype == "float64"
        assert_all_close(loss, 0)  # No NaN.

    def test_mixed_dtypes(self):
        sample_weight = np.array([0.4, 0.3, 0.2, 0.1], dtype="float64")
        y_true = np.array([1.0, 0.0, 1.0, 0.0], dtype="int32")
        y_pred = np.array([0.1, 0.2, 0.3, 0.4], dtype="float32")

        loss_fn = ExampleLoss()
        loss = loss_fn(y_true, y_pred, sample_weight=sample_weight)
        assert loss.dtype == "float32"
        assert_all_close(np.sum(sample_weight * (y_true - y_pred) ** 2) / 4, loss)
