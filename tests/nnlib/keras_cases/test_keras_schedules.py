"""Keras's own test cases for its learning-rate schedules, run against nnlib.optimizers.schedules.

Ported from keras-team/keras at commit 3422977a5e38fb2f7709aaa9a08e47f0c43d0f60 (Keras is licensed
under the Apache License 2.0), the file keras/src/optimizers/schedules/learning_rate_schedule_test.py.
Keras's golden numbers and tolerances (``assertAllClose(actual, desired, atol, rtol=1e-6)``) are
copied unchanged; only the calls are re-pointed to nnlib: a step held in ``backend.Variable`` (and
changed with ``assign``) is a plain number, and ``Sequential``, ``layers.Dense`` and the optimizer are
nnlib's.

Ported: TestFitLRSchedulesFlow.test_fit_lr_correctness (the optimizer's step count where Keras reads
``optimizer.variables[0]``); from ExponentialDecayTest, PiecewiseConstantDecayTest, LinearDecayTest,
SqrtDecayTest, InverseTimeDecayTest and CosineDecayTest every test, test_config as far as nnlib goes
(``type(schedule)(**schedule.get_config())`` has the same config; nnlib has no serialization).

Left out: CosineDecayRestartsTest, for a schedule nnlib does not have (CosineDecayRestarts).
"""
import math

import numpy as np
import pytest

from nnlib import layers, optimizers
from nnlib.models import Sequential
from nnlib.optimizers import schedules


def assert_all_close(actual, desired, atol=1e-6, rtol=1e-6):
    """Keras's ``testing.TestCase.assertAllClose``, with its defaults."""
    np.testing.assert_allclose(actual, desired, atol=atol, rtol=rtol)


def run_class_serialization_test(schedule):
    config = schedule.get_config()
    again = type(schedule)(**config)
    assert again.get_config() == config


# --- TestFitLRSchedulesFlow ---------------------------------------------------------------------------

def test_fit_lr_correctness():
    model = Sequential(
        [
            layers.Dense(
                2, kernel_initializer="ones", bias_initializer="ones"
            )
        ]
    )
    optimizer = optimizers.Adam(
        learning_rate=schedules.ExponentialDecay(
            initial_learning_rate=0.05, decay_steps=1, decay_rate=0.9
        )
    )
    assert optimizer.iterations == 0

    model.compile(optimizer=optimizer, loss="mse")
    x = np.arange(32).reshape((16, 2))
    y = np.arange(32).reshape((16, 2))
    history = model.fit(x, y, epochs=3, batch_size=4, shuffle=False, verbose=0)
    assert optimizer.iterations == 4 * 3
    assert_all_close(
        history.history["loss"],
        [230.79457092285156, 128.30319213867188, 79.33648681640625],
        rtol=5e-5,
    )


# --- ExponentialDecayTest -------------------------------------------------------------------------

def test_exponential_decay_config():
    run_class_serialization_test(
        schedules.ExponentialDecay(
            initial_learning_rate=0.05,
            decay_steps=10,
            decay_rate=0.96,
            staircase=True,
            name="my_ed",
        )
    )


def test_exponential_decay_continuous():
    step = 5
    decayed_lr = schedules.ExponentialDecay(0.05, 10, 0.96)
    expected = 0.05 * 0.96 ** (5.0 / 10.0)
    assert_all_close(decayed_lr(step), expected, 1e-6)


def test_exponential_decay_staircase():
    step = 1.0
    decayed_lr = schedules.ExponentialDecay(0.1, 3, 0.96, staircase=True)

    # No change to learning rate due to staircase
    expected = 0.1
    assert_all_close(decayed_lr(step), expected, 1e-6)

    expected = 0.1
    step = 2
    assert_all_close(decayed_lr(step), expected, 1e-6)

    # Decayed learning rate
    expected = 0.1 * 0.96 ** (100 // 3)
    step = 100
    assert_all_close(decayed_lr(step), expected, 1e-6)


def test_exponential_decay_variables():
    decayed_lr = schedules.ExponentialDecay(0.1, 3, 0.96, staircase=True)

    # No change to learning rate
    assert_all_close(decayed_lr(1), 0.1, 1e-6)
    assert_all_close(decayed_lr(2), 0.1, 1e-6)
    # Decayed learning rate
    expected = 0.1 * 0.96 ** (100 // 3)
    assert_all_close(decayed_lr(100), expected, 1e-6)


# --- PiecewiseConstantDecayTest -------------------------------------------------------------------

def test_piecewise_constant_decay_config():
    run_class_serialization_test(
        schedules.PiecewiseConstantDecay(
            boundaries=[10, 20], values=[1, 2, 3], name="my_pcd"
        )
    )


def test_piecewise_values():
    decayed_lr = schedules.PiecewiseConstantDecay(
        [100, 110, 120], [1.0, 0.1, 0.01, 0.001]
    )

    assert_all_close(decayed_lr(-999.0), 1.0, 1e-6)
    assert_all_close(decayed_lr(100), 1.0, 1e-6)
    assert_all_close(decayed_lr(105), 0.1, 1e-6)
    assert_all_close(decayed_lr(110), 0.1, 1e-6)
    assert_all_close(decayed_lr(120), 0.01, 1e-6)
    assert_all_close(decayed_lr(999), 0.001, 1e-6)


def test_boundary_values():
    # Test casting boundaries from int32 to int64.
    boundaries, values = [1, 2, 3], [0.4, 0.5, 0.6, 0.7]
    decayed_lr = schedules.PiecewiseConstantDecay(boundaries, values)

    assert_all_close(decayed_lr(np.int64(0)), 0.4, 1e-6)
    assert_all_close(decayed_lr(np.int64(1)), 0.4, 1e-6)
    assert_all_close(decayed_lr(np.int64(2)), 0.5, 1e-6)
    assert_all_close(decayed_lr(np.int64(3)), 0.6, 1e-6)
    assert_all_close(decayed_lr(np.int64(4)), 0.7, 1e-6)


# --- LinearDecayTest (PolynomialDecay with power 1) ------------------------------------------------

def test_linear_decay_config():
    run_class_serialization_test(
        schedules.PolynomialDecay(
            initial_learning_rate=0.1,
            decay_steps=100,
            end_learning_rate=0.005,
            power=1.0,
            cycle=False,
            name="my_ld",
        )
    )


@pytest.mark.parametrize("power", [1.0, 0.5], ids=["LinearDecayTest", "SqrtDecayTest"])
def test_halfway(power):
    step = 5
    lr = 0.05
    end_lr = 0.0
    decayed_lr = schedules.PolynomialDecay(lr, 10, end_lr, power=power)
    expected = lr * 0.5**power
    assert_all_close(decayed_lr(step), expected, 1e-6)


@pytest.mark.parametrize("power", [1.0, 0.5], ids=["LinearDecayTest", "SqrtDecayTest"])
def test_end(power):
    step = 10
    lr = 0.05
    end_lr = 0.001
    decayed_lr = schedules.PolynomialDecay(lr, 10, end_lr, power=power)
    expected = end_lr
    assert_all_close(decayed_lr(step), expected, 1e-6)


def test_halfway_with_end():  # LinearDecayTest
    step = 5
    lr = 0.05
    end_lr = 0.001
    decayed_lr = schedules.PolynomialDecay(lr, 10, end_lr)
    expected = (lr + end_lr) * 0.5
    assert_all_close(decayed_lr(step), expected, 1e-6)


def test_sqrt_halfway_with_end():  # SqrtDecayTest.test_halfway_with_end
    step = 5
    lr = 0.05
    end_lr = 0.001
    power = 0.5
    decayed_lr = schedules.PolynomialDecay(lr, 10, end_lr, power=power)
    expected = (lr - end_lr) * 0.5**power + end_lr
    assert_all_close(decayed_lr(step), expected, 1e-6)


@pytest.mark.parametrize("power", [1.0, 0.5], ids=["LinearDecayTest", "SqrtDecayTest"])
def test_beyond_end(power):
    step = 15
    lr = 0.05
    end_lr = 0.001
    decayed_lr = schedules.PolynomialDecay(lr, 10, end_lr, power=power)
    expected = end_lr
    assert_all_close(decayed_lr(step), expected, 1e-6)


@pytest.mark.parametrize("power", [1.0, 0.5], ids=["LinearDecayTest", "SqrtDecayTest"])
def test_beyond_end_with_cycle(power):
    step = 15
    lr = 0.05
    end_lr = 0.001
    decayed_lr = schedules.PolynomialDecay(lr, 10, end_lr, power=power, cycle=True)
    expected = (lr - end_lr) * 0.25**power + end_lr
    assert_all_close(decayed_lr(step), expected, 1e-6)


def test_begin_with_cycle():  # SqrtDecayTest
    lr = 0.001
    decay_steps = 10
    step = 0
    decayed_lr = schedules.PolynomialDecay(lr, decay_steps, cycle=True)
    expected = lr
    assert_all_close(decayed_lr(step), expected, 1e-6)


# --- InverseTimeDecayTest -----------------------------------------------------------------------------

def test_inverse_time_decay_config():
    run_class_serialization_test(
        schedules.InverseTimeDecay(
            initial_learning_rate=0.05,
            decay_steps=10,
            decay_rate=0.96,
            staircase=True,
            name="my_itd",
        )
    )


def test_inverse_time_decay():
    initial_lr = 0.1
    k = 10
    decay_rate = 0.96
    step = 0.0
    decayed_lr = schedules.InverseTimeDecay(initial_lr, k, decay_rate)

    for i in range(k + 1):
        expected = initial_lr / (1 + i / k * decay_rate)
        assert_all_close(decayed_lr(step), expected, 1e-6)
        step = step + 1


def test_inverse_time_decay_staircase():
    initial_lr = 0.1
    k = 10
    decay_rate = 0.96
    step = 0.0
    decayed_lr = schedules.InverseTimeDecay(
        initial_lr, k, decay_rate, staircase=True
    )

    for i in range(k + 1):
        expected = initial_lr / (1 + decay_rate * (i // k))
        assert_all_close(decayed_lr(step), expected, 1e-6)
        step = step + 1


# --- CosineDecayTest ------------------------------------------------------------------------------

def test_cosine_decay_config():
    run_class_serialization_test(
        schedules.CosineDecay(
            initial_learning_rate=0.05,
            decay_steps=10,
            alpha=0.1,
            warmup_target=0.2,
            warmup_steps=2,
            name="my_cd",
        )
    )


def np_cosine_decay(step, decay_steps, alpha=0.0):
    step = min(step, decay_steps)
    completed_fraction = step / decay_steps
    decay = 0.5 * (1.0 + math.cos(math.pi * completed_fraction))
    return (1.0 - alpha) * decay + alpha


def linear_warmup(step, warmup_steps, initial_lr, target_lr):
    completed_fraction = step / warmup_steps
    total_delta = target_lr - initial_lr
    return completed_fraction * total_delta


def test_cosine_decay():
    num_training_steps = 1000
    initial_lr = 1.0
    for step in range(0, 1500, 250):
        decayed_lr = schedules.CosineDecay(initial_lr, num_training_steps)
        expected = np_cosine_decay(step, num_training_steps)
        assert_all_close(decayed_lr(step), expected, 1e-6)


def test_warmup():
    warmup_steps = 1500
    initial_lr = 0.0
    target_lr = 10.0
    for step in range(0, 1500, 250):
        lr = schedules.CosineDecay(
            initial_lr,
            10,
            warmup_target=target_lr,
            warmup_steps=warmup_steps,
        )
        expected = linear_warmup(
            step, warmup_steps, initial_lr, target_lr
        )
        assert_all_close(lr(step), expected)


def test_alpha():
    num_training_steps = 1000
    initial_lr = 1.0
    alpha = 0.1
    for step in range(0, 1500, 250):
        decayed_lr = schedules.CosineDecay(
            initial_lr, num_training_steps, alpha
        )
        expected = np_cosine_decay(step, num_training_steps, alpha)
        assert_all_close(decayed_lr(step), expected, 1e-6)


def test_float64():
    num_training_steps = 1000
    initial_lr = np.float64(1.0)
    for step in range(0, 1500, 250):
        decayed_lr = schedules.CosineDecay(initial_lr, num_training_steps)
        expected = np_cosine_decay(step, num_training_steps)
        assert_all_close(decayed_lr(step), expected, 1e-6)


def test_warmup_decay():
    warmup_steps = 2000
    decay_steps = 1000
    initial_lr = 0.0
    target_lr = 10.0
    for step in range(0, 3000, 250):
        lr = schedules.CosineDecay(
            initial_lr,
            decay_steps,
            warmup_target=target_lr,
            warmup_steps=warmup_steps,
        )
        if step < warmup_steps + 1:
            expected = linear_warmup(
                step, warmup_steps, initial_lr, target_lr
            )
        else:
            expected = target_lr * np_cosine_decay(
                step - warmup_steps, decay_steps
            )
        assert_all_close(lr(step), expected)
