"""Keras's own test cases for the metrics nnlib has, run on nnlib.

Ported from keras-team/keras at commit 3422977a5e38fb2f7709aaa9a08e47f0c43d0f60:
keras/src/metrics/accuracy_metrics_test.py and keras/src/metrics/reduction_metrics_test.py. Keras is
licensed under the Apache License 2.0 (Copyright The Keras Authors). The inputs and the expected
numbers are Keras's, copied unchanged; only the calls are re-pointed to nnlib (``accuracy_metrics.X``
and ``reduction_metrics.X`` are ``nnlib.metrics.X``, made without Keras's ``dtype="float32"``, which
is nnlib's only dtype for results; Keras's ``assertAllClose`` is the helper below, with Keras's
defaults). Each test keeps the name of the Keras test it ports, in a class named after Keras's.

Ported, from accuracy_metrics_test.py:

- BinaryAccuracyTest: unweighted (with its broadcasting case), weighted, weighted_rank_1,
  weighted_nd_weights, weighted_nd_broadcast_weights, threshold.
- CategoricalAccuracyTest: unweighted, weighted.
- SparseCategoricalAccuracyTest: unweighted, weighted, squeeze_y_true, cast_y_pred_dtype,
  reshape_matches, squeeze_y_true_shape, cast_y_pred_to_match_y_true_dtype,
  reshape_matches_to_original_y_true_shape, matching_shapes_without_squeeze.

From reduction_metrics_test.py:

- MeanTest: unweighted, weighted, weighted_negative_weights, weighted_nd, weighted_nd_broadcast.
- MetricWrapperTest: unweighted, weighted, weighted_broadcast (Keras calls the metric,
  ``mse_obj(y_true, y_pred, sample_weight=...)``, which updates it and returns its result; nnlib's
  metrics have no ``__call__``, so the port calls ``update_state`` and ``result``), and
  binary_accuracy_with_boolean_inputs (the boolean outputs of Keras's model, ``x > 0.5``, made
  directly).

Left out, and why:

- every test_config: configs and serialization (get_config, from_config, variables), which nnlib's
  metrics do not have.
- MeanTest.test_weighted_dynamic_shapes and MetricWrapperTest.test_weighted_dynamic_shape: symbolic
  shapes (KerasTensor, compute_output_spec), which nnlib does not have.
- AccuracyTest, SumTest, and the top-k accuracies (TopKCategoricalAccuracyTest,
  SparseTopKCategoricalAccuracyTest): metrics nnlib does not have.
"""
import numpy as np

from nnlib import metrics
from nnlib.autodiff import as_array


def assert_all_close(actual, desired, atol=1e-6, rtol=1e-6):
    """Keras's TestCase.assertAllClose."""
    np.testing.assert_allclose(as_array(actual), as_array(desired), atol=atol, rtol=rtol)


# accuracy_metrics_test.py ------------------------------------------------------------------------

class TestBinaryAccuracy:
    def test_unweighted(self):
        bin_acc_obj = metrics.BinaryAccuracy(name="binary_accuracy")
        y_true = np.array([[1], [1], [0], [0]])
        y_pred = np.array([[0.98], [1], [0], [0.6]])
        bin_acc_obj.update_state(y_true, y_pred)
        result = bin_acc_obj.result()
        assert_all_close(result, 0.75, atol=1e-3)

        # Test broadcasting case
        bin_acc_obj = metrics.BinaryAccuracy(name="binary_accuracy")
        y_true = np.array([1, 1, 0, 0])
        y_pred = np.array([[0.98], [1], [0], [0.6]])
        bin_acc_obj.update_state(y_true, y_pred)
        result = bin_acc_obj.result()
        assert_all_close(result, 0.75, atol=1e-3)

    def test_weighted(self):
        bin_acc_obj = metrics.BinaryAccuracy(name="binary_accuracy")
        y_true = np.array([[1], [1], [0], [0]])
        y_pred = np.array([[0.98], [1], [0], [0.6]])
        sample_weight = np.array([1, 0, 0, 1])
        bin_acc_obj.update_state(y_true, y_pred, sample_weight=sample_weight)
        result = bin_acc_obj.result()
        assert_all_close(result, 0.5, atol=1e-3)

    def test_weighted_rank_1(self):
        bin_acc_obj = metrics.BinaryAccuracy(name="binary_accuracy")
        y_true = np.array([1, 1, 0, 0])
        y_pred = np.array([0.98, 1, 0, 0.6])
        sample_weight = np.array([1, 0, 0, 1])
        bin_acc_obj.update_state(y_true, y_pred, sample_weight=sample_weight)
        result = bin_acc_obj.result()
        assert_all_close(result, 0.5, atol=1e-3)

    def test_weighted_nd_weights(self):
        bin_acc_obj = metrics.BinaryAccuracy(name="binary_accuracy")
        y_true = np.array([[1, 1], [0, 0]])
        y_pred = np.array([[0.98, 1], [0, 0.6]])
        sample_weight = np.array([[1, 0], [0, 1]])
        bin_acc_obj.update_state(y_true, y_pred, sample_weight=sample_weight)
        result = bin_acc_obj.result()
        assert_all_close(result, 0.5, atol=1e-3)

    def test_weighted_nd_broadcast_weights(self):
        bin_acc_obj = metrics.BinaryAccuracy(name="binary_accuracy")
        y_true = np.array([[1, 1], [0, 0]])
        y_pred = np.array([[0.98, 1], [0, 0.6]])
        sample_weight = np.array([[1, 0]])
        bin_acc_obj.update_state(y_true, y_pred, sample_weight=sample_weight)
        result = bin_acc_obj.result()
        assert_all_close(result, 1.0, atol=1e-3)

    def test_threshold(self):
        bin_acc_obj_1 = metrics.BinaryAccuracy(name="binary_accuracy", threshold=0.3)
        bin_acc_obj_2 = metrics.BinaryAccuracy(name="binary_accuracy", threshold=0.9)
        y_true = np.array([[1], [1], [0], [0]])
        y_pred = np.array([[0.98], [0.5], [0.1], [0.2]])

        bin_acc_obj_1.update_state(y_true, y_pred)
        bin_acc_obj_2.update_state(y_true, y_pred)
        result_1 = bin_acc_obj_1.result()
        result_2 = bin_acc_obj_2.result()

        # Higher threshold must result in lower measured accuracy.
        assert_all_close(result_1, 1.0)
        assert_all_close(result_2, 0.75)


class TestCategoricalAccuracy:
    def test_unweighted(self):
        cat_acc_obj = metrics.CategoricalAccuracy(name="categorical_accuracy")
        y_true = np.array([[0, 0, 1], [0, 1, 0]])
        y_pred = np.array([[0.1, 0.9, 0.8], [0.05, 0.95, 0]])
        cat_acc_obj.update_state(y_true, y_pred)
        result = cat_acc_obj.result()
        assert_all_close(result, 0.5, atol=1e-3)

    def test_weighted(self):
        cat_acc_obj = metrics.CategoricalAccuracy(name="categorical_accuracy")
        y_true = np.array([[0, 0, 1], [0, 1, 0]])
        y_pred = np.array([[0.1, 0.9, 0.8], [0.05, 0.95, 0]])
        sample_weight = np.array([0.7, 0.3])
        cat_acc_obj.update_state(y_true, y_pred, sample_weight=sample_weight)
        result = cat_acc_obj.result()
        assert_all_close(result, 0.3, atol=1e-3)


class TestSparseCategoricalAccuracy:
    def test_unweighted(self):
        sp_cat_acc_obj = metrics.SparseCategoricalAccuracy(name="sparse_categorical_accuracy")
        y_true = np.array([[2], [1]])
        y_pred = np.array([[0.1, 0.6, 0.3], [0.05, 0.95, 0]])
        sp_cat_acc_obj.update_state(y_true, y_pred)
        result = sp_cat_acc_obj.result()
        assert_all_close(result, 0.5, atol=1e-3)

    def test_weighted(self):
        sp_cat_acc_obj = metrics.SparseCategoricalAccuracy(name="sparse_categorical_accuracy")
        y_true = np.array([[2], [1]])
        y_pred = np.array([[0.1, 0.6, 0.3], [0.05, 0.95, 0]])
        sample_weight = np.array([0.7, 0.3])
        sp_cat_acc_obj.update_state(y_true, y_pred, sample_weight=sample_weight)
        result = sp_cat_acc_obj.result()
        assert_all_close(result, 0.3, atol=1e-3)

    def test_squeeze_y_true(self):
        sp_cat_acc_obj = metrics.SparseCategoricalAccuracy(name="sparse_categorical_accuracy")
        # Scenario with 100% accuracy for simplicity.
        # y_true is a 2D tensor with shape (3, 1) to test squeeze.
        y_true = np.array([[0], [1], [2]])
        y_pred = np.array([[0.9, 0.05, 0.05], [0.05, 0.9, 0.05], [0.05, 0.05, 0.9]])
        sp_cat_acc_obj.update_state(y_true, y_pred)
        result = sp_cat_acc_obj.result()
        assert_all_close(result, 1.0, atol=1e-4)

    def test_cast_y_pred_dtype(self):
        sp_cat_acc_obj = metrics.SparseCategoricalAccuracy(name="sparse_categorical_accuracy")
        # Scenario with 100% accuracy for simplicity.
        # y_true is a 1D tensor with shape (2,) to test cast.
        y_true = np.array([0, 1], dtype=np.int64)
        y_pred = np.array([[0.9, 0.1], [0.1, 0.9]], dtype=np.float32)
        sp_cat_acc_obj.update_state(y_true, y_pred)
        result = sp_cat_acc_obj.result()
        assert_all_close(result, 1.0, atol=1e-4)

    def test_reshape_matches(self):
        sp_cat_acc_obj = metrics.SparseCategoricalAccuracy(name="sparse_categorical_accuracy")
        # Scenario with 100% accuracy for simplicity.
        # y_true is a 2D tensor with shape (2, 1) to test reshape.
        y_true = np.array([[0], [0]], dtype=np.int64)
        y_pred = np.array([[[0.9, 0.1, 0.0], [0.8, 0.15, 0.05]]], dtype=np.float32)
        sp_cat_acc_obj.update_state(y_true, y_pred)
        result = sp_cat_acc_obj.result()
        assert_all_close(result, np.array([1.0, 1.0]))

    def test_squeeze_y_true_shape(self):
        sp_cat_acc_obj = metrics.SparseCategoricalAccuracy(name="sparse_categorical_accuracy")
        # True labels are in the shape (num_samples, 1) should be squeezed.
        y_true = np.array([[0], [1], [2]])
        y_pred = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
        sp_cat_acc_obj.update_state(y_true, y_pred)
        result = sp_cat_acc_obj.result()
        assert_all_close(result, 1.0, atol=1e-4)

    def test_cast_y_pred_to_match_y_true_dtype(self):
        sp_cat_acc_obj = metrics.SparseCategoricalAccuracy(name="sparse_categorical_accuracy")
        # True labels are integers, while predictions are floats.
        y_true = np.array([0, 1, 2], dtype=np.int32)
        y_pred = np.array([[0.9, 0.1, 0.0], [0.0, 0.9, 0.1], [0.1, 0.0, 0.9]], dtype=np.float64)
        sp_cat_acc_obj.update_state(y_true, y_pred)
        result = sp_cat_acc_obj.result()
        assert_all_close(result, 1.0, atol=1e-4)

    def test_reshape_matches_to_original_y_true_shape(self):
        sp_cat_acc_obj = metrics.SparseCategoricalAccuracy(name="sparse_categorical_accuracy")
        # True labels have an additional dimension that needs to be squeezed.
        y_true = np.array([[0], [1]])
        # Predictions must trigger a reshape of matches.
        y_pred = np.array([[0.9, 0.1], [0.1, 0.9]])
        sp_cat_acc_obj.update_state(y_true, y_pred)
        result = sp_cat_acc_obj.result()
        assert_all_close(result, 1.0, atol=1e-4)

    def test_matching_shapes_without_squeeze(self):
        sp_cat_acc_obj = metrics.SparseCategoricalAccuracy(name="sparse_categorical_accuracy")
        y_true = np.array([2, 1, 0], dtype=np.int32)
        y_pred = np.array([[0.0, 0.0, 1.0], [0.0, 1.0, 0.0], [1.0, 0.0, 0.0]], dtype=np.float32)
        # No need to squeeze or reshape.
        sp_cat_acc_obj.update_state(y_true, y_pred)
        result = sp_cat_acc_obj.result()
        assert_all_close(result, 1.0, atol=1e-4)


# reduction_metrics_test.py -----------------------------------------------------------------------

class TestMean:
    def test_unweighted(self):
        mean_obj = metrics.Mean(name="mean")
        mean_obj.update_state([1, 3, 5, 7])
        result = mean_obj.result()
        assert_all_close(result, 4.0, atol=1e-3)

    def test_weighted(self):
        mean_obj = metrics.Mean(name="mean")
        mean_obj.update_state([1, 3, 5, 7], sample_weight=[1, 1, 0, 0])
        result = mean_obj.result()
        assert_all_close(result, 2.0, atol=1e-3)

    def test_weighted_negative_weights(self):
        mean_obj = metrics.Mean(name="mean")
        mean_obj.update_state([1, 3, 5, 7], sample_weight=[-1, -1, 0, 0])
        result = mean_obj.result()
        assert_all_close(result, 2.0, atol=1e-3)

    def test_weighted_nd(self):
        mean_obj = metrics.Mean(name="mean")
        mean_obj.update_state([[1, 3], [5, 7]], sample_weight=[[1, 1], [1, 0]])
        result = mean_obj.result()
        assert_all_close(result, 3.0, atol=1e-3)

    def test_weighted_nd_broadcast(self):
        mean_obj = metrics.Mean(name="mean")
        mean_obj.update_state([[1, 3], [5, 7]], sample_weight=[[1, 0]])
        result = mean_obj.result()
        assert_all_close(result, 3.0, atol=1e-3)


def mse(y_true, y_pred):
    return (y_true - y_pred) ** 2


class TestMetricWrapper:
    def test_unweighted(self):
        mse_obj = metrics.MeanMetricWrapper(fn=mse, name="mse")
        y_true = np.array([[0, 1, 0, 1, 0], [0, 0, 1, 1, 1], [1, 1, 1, 1, 0], [0, 0, 0, 0, 1]])
        y_pred = np.array([[0, 0, 1, 1, 0], [1, 1, 1, 1, 1], [0, 1, 0, 1, 0], [1, 1, 1, 1, 1]])
        mse_obj.update_state(y_true, y_pred)
        result = mse_obj.result()
        assert_all_close(result, 0.5, atol=1e-5)

    def test_weighted(self):
        mse_obj = metrics.MeanMetricWrapper(fn=mse, name="mse")
        y_true = np.array([[0, 1, 0, 1, 0], [0, 0, 1, 1, 1], [1, 1, 1, 1, 0], [0, 0, 0, 0, 1]])
        y_pred = np.array([[0, 0, 1, 1, 0], [1, 1, 1, 1, 1], [0, 1, 0, 1, 0], [1, 1, 1, 1, 1]])
        sample_weight = np.array([1.0, 1.5, 2.0, 2.5])
        mse_obj.update_state(y_true, y_pred, sample_weight=sample_weight)
        result = mse_obj.result()
        assert_all_close(result, 0.54285, atol=1e-5)

    def test_weighted_broadcast(self):
        mse_obj = metrics.MeanMetricWrapper(fn=mse, name="mse")
        y_true = np.array([[0, 1, 0, 1, 0], [0, 0, 1, 1, 1], [1, 1, 1, 1, 0], [0, 0, 0, 0, 1]])
        y_pred = np.array([[0, 0, 1, 1, 0], [1, 1, 1, 1, 1], [0, 1, 0, 1, 0], [1, 1, 1, 1, 1]])
        sample_weight = np.array([[1.0, 0.0, 0.5, 0.0, 1.0]])
        mse_obj.update_state(y_true, y_pred, sample_weight=sample_weight)
        result = mse_obj.result()
        assert_all_close(result, 0.45, atol=1e-5)

    def test_binary_accuracy_with_boolean_inputs(self):
        x = np.random.rand(32, 1)
        y = x > 0.5

        res = x > 0.5  # what Keras's model, outputs = inputs > 0.5, predicts
        metric = metrics.BinaryAccuracy()
        metric.update_state(y, res)
        result = metric.result()
        assert result == 1.0
