"""nnlib.perceptron against values worked out by hand and against two theorems about the perceptron.

- Hand-derived: one update step, and the whole run on AND, sample by sample (the trace is written out
  in test_and_trace_worked_out_by_hand).
- Novikoff (1962): on data that some line separates with margin gamma, inside a ball of radius R, the
  perceptron started at zero makes at most (R / gamma)**2 mistakes in total, whatever the order.
- XOR: no line separates it, so an epoch without mistakes (which would leave the weights unchanged and
  every sample on its correct side) is impossible.
"""
import numpy as np
import pytest

from nnlib.perceptron import Perceptron, step, update

AND_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
AND_Y = np.array([0, 0, 0, 1])
XOR_Y = np.array([0, 1, 1, 0])


def test_step_is_one_only_for_positive_input():
    np.testing.assert_array_equal(step(np.array([-2.0, -1e-9, 0.0, 1e-9, 3.0])), [0, 0, 0, 1, 1])


def test_one_update_step_on_a_mistake():
    # z = 2*1 + 1*(-2) + 0.5 = 0.5 > 0, so y_hat = 1 but y = 0: error -1.
    # w <- [1, -2] + 0.1 * (-1) * [2, 1] = [0.8, -2.1];  b <- 0.5 + 0.1 * (-1) = 0.4
    w, b = update(np.array([1.0, -2.0]), 0.5, np.array([2.0, 1.0]), 0, learning_rate=0.1)
    np.testing.assert_allclose(w, [0.8, -2.1])
    assert b == pytest.approx(0.4)


def test_one_update_step_on_a_missed_positive():
    # z = 0 (zero weights), y_hat = step(0) = 0, y = 1: error +1.
    # w <- 0 + 0.5 * 1 * [3, -1] = [1.5, -0.5];  b <- 0 + 0.5 = 0.5
    w, b = update(np.zeros(2), 0.0, np.array([3.0, -1.0]), 1, learning_rate=0.5)
    np.testing.assert_allclose(w, [1.5, -0.5])
    assert b == pytest.approx(0.5)


def test_a_correct_prediction_changes_nothing():
    # z = -1 + 0 - 0.5 < 0: y_hat = 0 = y.
    w, b = update(np.array([-1.0, 4.0]), -0.5, np.array([1.0, 0.0]), 0, learning_rate=2.0)
    np.testing.assert_array_equal(w, [-1.0, 4.0])
    assert b == -0.5


def test_update_does_not_change_its_arguments():
    w = np.array([1.0, 1.0])
    update(w, 0.0, np.array([1.0, 1.0]), 0)
    np.testing.assert_array_equal(w, [1.0, 1.0])


def test_and_trace_worked_out_by_hand():
    # learning rate 1, zero start, samples in order (0,0) (0,1) (1,0) (1,1); "x" marks a mistake.
    # epoch 1: z = 0, 0, 0, 0       -> only (1,1) x            w=(1,1) b=1     1 mistake
    # epoch 2: z = 1 x, 1 x, 0, 0 x -> w=(1,1)b=0, (1,0)b=-1, -, (2,1)b=0        3 mistakes
    # epoch 3: z = 0, 1 x, 1 x, -1 x -> (2,0)b=-1, (1,0)b=-2, (2,1)b=-1          3 mistakes
    # epoch 4: z = -1, 0, 1 x, 0 x  -> (1,1)b=-2, (2,2)b=-1                      2 mistakes
    # epoch 5: z = -1, 1 x, 0, 1    -> (2,1)b=-2                                 1 mistake
    # epoch 6: z = -2, -1, 0, 1     -> no mistakes: 2*x1 + x2 - 2 > 0 only at (1,1)
    model = Perceptron(learning_rate=1.0)
    assert model.fit(AND_X, AND_Y, epochs=8) == [1, 3, 3, 2, 1, 0, 0, 0]
    np.testing.assert_array_equal(model.w, [2.0, 1.0])
    assert model.b == -2.0


def test_fit_carries_on_from_where_it_stopped():
    model = Perceptron()
    first = model.fit(AND_X, AND_Y, epochs=2)
    rest = model.fit(AND_X, AND_Y, epochs=4)
    assert first + rest == [1, 3, 3, 2, 1, 0]


@pytest.mark.parametrize("learning_rate", [1.0, 0.1, 3.0])
def test_and_is_learned_within_novikoffs_bound(learning_rate):
    # Separator u = (1, 1, -1.5) on the samples extended by a constant 1 (for the bias):
    # margins y*(u . x) are 1.5, 0.5, 0.5, 0.5, so gamma = 0.5 / |u| = 0.5 / sqrt(4.25).
    # R = |(1, 1, 1)| = sqrt(3). Bound: (R / gamma)^2 = 3 * 4.25 / 0.25 = 51 mistakes.
    model = Perceptron(learning_rate=learning_rate)
    mistakes = model.fit(AND_X, AND_Y, epochs=60)
    assert sum(mistakes) <= 51
    assert mistakes[-1] == 0
    # The learned line separates AND: positive z only at (1, 1).
    z = AND_X @ model.w + model.b
    assert z[3] > 0 and np.all(z[:3] <= 0)


def test_two_separable_clouds_reach_zero_mistakes_and_stay_there():
    rng = np.random.default_rng(0)
    x = np.vstack([rng.normal([-2, -2], 0.5, (30, 2)), rng.normal([2, 2], 0.5, (30, 2))])
    y = np.repeat([0, 1], 30)
    order = rng.permutation(60)
    x, y = x[order], y[order]
    mistakes = Perceptron().fit(x, y, epochs=50)
    first_clean = mistakes.index(0)
    assert all(m == 0 for m in mistakes[first_clean:])


@pytest.mark.parametrize("learning_rate", [1.0, 0.1])
def test_xor_never_has_an_epoch_without_mistakes(learning_rate):
    mistakes = Perceptron(learning_rate=learning_rate).fit(AND_X, XOR_Y, epochs=100)
    assert min(mistakes) >= 1


def test_predict_is_the_step_of_x_dot_w_plus_b():
    model = Perceptron()
    model.fit(AND_X, AND_Y, epochs=1)  # gives the model weights of the right shape
    model.w, model.b = np.array([0.5, -1.0]), 0.25
    x = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 1.0], [-1.0, -1.0], [1.5, 1.0]])
    # z = 0.25, -0.25, 0.25, 0.75, 0 (on the line: step(0) = 0)
    np.testing.assert_array_equal(model.predict(x), [1, 0, 1, 1, 0])


def test_predict_after_fit_reproduces_and():
    model = Perceptron()
    model.fit(AND_X, AND_Y, epochs=10)
    np.testing.assert_array_equal(model.predict(AND_X), AND_Y)


def test_labels_must_be_0_or_1():
    with pytest.raises(ValueError, match=r"0 or 1, got \[-1\]"):
        Perceptron().fit(AND_X, [-1, -1, -1, 1])


def test_x_and_y_must_have_the_same_length():
    with pytest.raises(ValueError, match=r"x has 4 samples \(shape \(4, 2\)\) and y has 3 labels"):
        Perceptron().fit(AND_X, [0, 0, 1])


def test_x_must_be_a_matrix():
    with pytest.raises(ValueError, match=r"\(samples, features\), got shape \(4,\)"):
        Perceptron().fit([0.0, 1.0, 2.0, 3.0], [0, 0, 1, 1])


def test_predict_before_fit_says_so():
    with pytest.raises(ValueError, match="call fit before predict"):
        Perceptron().predict(AND_X)


def test_predict_with_the_wrong_number_of_features():
    model = Perceptron()
    model.fit(AND_X, AND_Y, epochs=1)
    with pytest.raises(ValueError, match=r"2 weights.*3 features \(shape \(4, 3\)\)"):
        model.predict(np.zeros((4, 3)))


def test_learning_rate_must_be_positive():
    with pytest.raises(ValueError, match="positive"):
        Perceptron(learning_rate=0)
