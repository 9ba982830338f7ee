"""nnlib.optimizers.schedules against keras.optimizers.schedules, step by step; refused arguments.

Each schedule is evaluated at the steps that matter (0, 1, both sides of every boundary, the end of the
warm-up and of the decay, and well past it) and at steps in between. Keras computes a schedule in the
dtype of ``initial_learning_rate`` (of ``values`` for PiecewiseConstantDecay): with a Python float in
float32, where the two agree to float32's precision; with numpy float64 numbers in float64, where they
agree to a relative 1e-14.
"""
import inspect

import keras
import numpy as np
import pytest

import nnlib
from nnlib import optimizers
from nnlib.optimizers import schedules

# (schedule, keyword arguments, steps where its formula changes)
CASES = [
    ("ExponentialDecay", dict(initial_learning_rate=0.1, decay_steps=10, decay_rate=0.5), [10, 20]),
    ("ExponentialDecay", dict(initial_learning_rate=0.05, decay_steps=7, decay_rate=0.96, staircase=True),
     [7, 14, 70]),
    ("InverseTimeDecay", dict(initial_learning_rate=0.1, decay_steps=5, decay_rate=0.5), [5, 10]),
    ("InverseTimeDecay", dict(initial_learning_rate=0.2, decay_steps=3, decay_rate=2.0, staircase=True),
     [3, 6, 30]),
    ("PiecewiseConstantDecay", dict(boundaries=[10, 20], values=[0.1, 0.05, 0.01]), [10, 20]),
    ("PiecewiseConstantDecay", dict(boundaries=[1, 5, 9], values=[1.0, 0.5, 0.25, 0.125]), [1, 5, 9]),
    ("PolynomialDecay", dict(initial_learning_rate=0.1, decay_steps=20), [20]),
    ("PolynomialDecay", dict(initial_learning_rate=0.1, decay_steps=20, end_learning_rate=0.01, power=0.5),
     [20]),
    ("PolynomialDecay", dict(initial_learning_rate=0.1, decay_steps=10, end_learning_rate=0.02, power=2.0,
                             cycle=True), [10, 20, 30]),
    ("CosineDecay", dict(initial_learning_rate=0.1, decay_steps=30), [30]),
    ("CosineDecay", dict(initial_learning_rate=0.1, decay_steps=30, alpha=0.2), [30]),
    ("CosineDecay", dict(initial_learning_rate=0.0, decay_steps=30, warmup_target=0.2, warmup_steps=10),
     [10, 40]),
    ("CosineDecay", dict(initial_learning_rate=0.01, decay_steps=25, alpha=0.1, warmup_target=0.1,
                         warmup_steps=4), [4, 29]),
]
IDS = [f"{name}-{'-'.join(kwargs)}" for name, kwargs, _ in CASES]


def steps_to_check(edges):
    """0, 1, each edge and its neighbours, every third step up to past the last edge, and far past it."""
    steps = {0, 1, 2, 10 * edges[-1], 1000}
    steps |= {s for e in edges for s in (e - 1, e, e + 1)}
    return sorted(steps | set(range(0, 2 * edges[-1], 3)))


def in_dtype(name, kwargs, dtype):
    """Keras's arguments for a schedule computed in `dtype`. Keras computes in the dtype of
    initial_learning_rate (of values, for PiecewiseConstantDecay) and casts the other numbers to it; it
    casts a Python float through float32 (ops.cast(0.96, "float64") is 0.95999998), so for float64
    every float argument, given or default, is passed as a numpy float64, which is cast exactly."""
    if dtype == np.float64:
        defaults = inspect.signature(getattr(keras.optimizers.schedules, name).__init__).parameters.values()
        kwargs = {**{p.name: p.default for p in defaults if isinstance(p.default, float)}, **kwargs}
    kwargs = {k: dtype(v) if isinstance(v, float) else v for k, v in kwargs.items()}
    if name == "PiecewiseConstantDecay":
        kwargs["values"] = [dtype(v) for v in kwargs["values"]]
    else:
        kwargs["initial_learning_rate"] = dtype(kwargs["initial_learning_rate"])
    return kwargs


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name, kwargs, edges", CASES, ids=IDS)
def test_same_learning_rates_as_keras(name, kwargs, edges, dtype):
    ours = getattr(schedules, name)(**kwargs)
    theirs = getattr(keras.optimizers.schedules, name)(**in_dtype(name, kwargs, dtype))
    steps = steps_to_check(edges)
    rates = [ours(step) for step in steps]
    rates_keras = np.array([theirs(step) for step in steps])
    assert all(type(rate) is float for rate in rates)
    assert rates_keras.dtype == dtype
    # Keras's float32 holds each rate to about 1e-7 of the largest one (near 0, 1 + cos(pi * t / T)
    # keeps fewer digits of its own size), and its decay_rate, rounded to float32, raised to the power
    # t / decay_steps, is off by about (t / decay_steps) * 3e-8 of itself: 4e-6 at step 1000.
    atol = np.finfo(dtype).eps * max(rates)
    rtol = 1e-5 if dtype == np.float32 else 1e-14
    np.testing.assert_allclose(rates, rates_keras.astype(np.float64), rtol=rtol, atol=atol)
    assert len(set(rates)) > 2  # the schedule changes over these steps


def test_the_steps_checked_cross_every_edge():
    assert steps_to_check([10, 40])[:6] == [0, 1, 2, 3, 6, 9]
    assert {9, 10, 11, 39, 40, 41, 400, 1000} <= set(steps_to_check([10, 40]))


@pytest.mark.parametrize("name, kwargs, edges", CASES, ids=IDS)
def test_config_makes_the_same_schedule(name, kwargs, edges):
    schedule = getattr(schedules, name)(**kwargs)
    config = schedule.get_config()
    theirs = getattr(keras.optimizers.schedules, name)(**kwargs).get_config()
    assert config == theirs  # Keras's names, defaults and values
    again = type(schedule)(**config)
    assert [again(step) for step in steps_to_check(edges)] == [schedule(s) for s in steps_to_check(edges)]
    assert repr(schedule).startswith(f"{name}(") and "name=" not in repr(schedule)


def test_default_arguments_are_keras_defaults():
    made = {
        "ExponentialDecay": dict(initial_learning_rate=0.1, decay_steps=10, decay_rate=0.5),
        "InverseTimeDecay": dict(initial_learning_rate=0.1, decay_steps=10, decay_rate=0.5),
        "PiecewiseConstantDecay": dict(boundaries=[10], values=[0.1, 0.01]),
        "PolynomialDecay": dict(initial_learning_rate=0.1, decay_steps=10),
        "CosineDecay": dict(initial_learning_rate=0.1, decay_steps=10),
    }
    for name, kwargs in made.items():
        assert (getattr(schedules, name)(**kwargs).get_config()
                == getattr(keras.optimizers.schedules, name)(**kwargs).get_config()), name


def test_by_hand():
    # lr0 = 0.1: halved every 10 steps; 1 / (1 + t / 10); a line to 0.01 over 10 steps; half a cosine.
    assert schedules.ExponentialDecay(0.1, 10, 0.5)(5) == pytest.approx(0.1 * 0.5 ** 0.5, rel=1e-15)
    assert schedules.ExponentialDecay(0.1, 10, 0.5, staircase=True)(19) == pytest.approx(0.05, rel=1e-15)
    assert schedules.InverseTimeDecay(0.1, 10, 1.0)(10) == pytest.approx(0.05, rel=1e-15)
    assert schedules.PolynomialDecay(0.1, 10, 0.01)(5) == pytest.approx(0.055, rel=1e-15)
    # cycle: at t = 15 the decay runs over T = 20 steps: 0.09 * (1 - 15 / 20) + 0.01
    assert schedules.PolynomialDecay(0.1, 10, 0.01, cycle=True)(15) == pytest.approx(0.0325, rel=1e-15)
    assert schedules.CosineDecay(0.1, 10)(5) == pytest.approx(0.05, rel=1e-15)
    assert schedules.CosineDecay(0.1, 10, warmup_target=0.3, warmup_steps=4)(2) == pytest.approx(0.2)
    piecewise = schedules.PiecewiseConstantDecay([10, 20], [0.3, 0.2, 0.1])
    assert [piecewise(t) for t in (-5, 10, 11, 20, 21)] == [0.3, 0.3, 0.2, 0.2, 0.1]


def test_the_optimizer_takes_the_schedule_at_its_iterations():
    schedule = schedules.PolynomialDecay(0.1, decay_steps=4, end_learning_rate=0.0)
    optimizer = optimizers.SGD(learning_rate=schedule)
    w = nnlib.Variable([0.0])
    seen = []
    for _ in range(6):
        seen.append(optimizer.learning_rate)
        optimizer.apply_gradients([(np.ones(1), w)])
    assert seen == pytest.approx([0.1, 0.075, 0.05, 0.025, 0.0, 0.0], rel=1e-15, abs=1e-17)
    np.testing.assert_allclose(w.numpy(), [-0.25], rtol=1e-15)  # minus the sum of the rates


def test_the_base_class():
    class Halving(schedules.LearningRateSchedule):
        def __init__(self, initial_learning_rate):
            self.initial_learning_rate = initial_learning_rate

        def __call__(self, step):
            return self.initial_learning_rate * 0.5 ** step

    optimizer = optimizers.Adam(learning_rate=Halving(0.4))
    optimizer.iterations = 2
    assert optimizer.learning_rate == 0.1
    assert repr(Halving(0.4)) == "Halving(initial_learning_rate=0.4)"
    with pytest.raises(NotImplementedError, match="must define __call__"):
        schedules.LearningRateSchedule()(0)


# --- refused arguments ---------------------------------------------------------------------------------

REFUSED = [
    # refused by Keras too
    ("ExponentialDecay", dict(initial_learning_rate=0.1, decay_steps=0, decay_rate=0.5), "decay_steps"),
    ("InverseTimeDecay", dict(initial_learning_rate=0.1, decay_steps=-1, decay_rate=0.5), "decay_steps"),
    ("PolynomialDecay", dict(initial_learning_rate=0.1, decay_steps=0), "decay_steps"),
    ("CosineDecay", dict(initial_learning_rate=0.1, decay_steps=0), "decay_steps"),
    # accepted by Keras, but meaningless
    ("ExponentialDecay", dict(initial_learning_rate=-0.1, decay_steps=10, decay_rate=0.5),
     "initial_learning_rate"),
    ("ExponentialDecay", dict(initial_learning_rate=0.1, decay_steps=10, decay_rate=-0.5), "decay_rate"),
    ("ExponentialDecay", dict(initial_learning_rate=0.1, decay_steps=10, decay_rate=0), "decay_rate"),
    ("InverseTimeDecay", dict(initial_learning_rate=0.1, decay_steps=10, decay_rate=-1.0), "decay_rate"),
    ("PolynomialDecay", dict(initial_learning_rate=0.1, decay_steps=10, end_learning_rate=-0.01),
     "end_learning_rate"),
    ("PolynomialDecay", dict(initial_learning_rate=0.1, decay_steps=10, power=-1.0), "power"),
    ("CosineDecay", dict(initial_learning_rate=0.1, decay_steps=10, alpha=1.5), "alpha"),
    ("CosineDecay", dict(initial_learning_rate=0.1, decay_steps=10, warmup_target=-1.0), "warmup_target"),
    ("CosineDecay", dict(initial_learning_rate=0.1, decay_steps=10, warmup_steps=-2), "warmup_steps"),
    ("PiecewiseConstantDecay", dict(boundaries=[10], values=[0.1, -0.01]), "values[1]"),
]


@pytest.mark.parametrize("name, kwargs, argument", REFUSED, ids=[f"{n}-{a}" for n, _, a in REFUSED])
def test_refused_arguments(name, kwargs, argument):
    with pytest.raises(ValueError) as error:
        getattr(schedules, name)(**kwargs)
    message = str(error.value)
    value = kwargs[argument.split("[")[0]]
    value = value[int(argument[-2])] if "[" in argument else value
    assert message.startswith(argument + " must be"), message
    assert message.endswith(f"got {value:g}"), message


def test_refused_arguments_that_are_not_numbers():
    with pytest.raises(ValueError, match="^decay_steps must be a number, got '10'$"):
        schedules.ExponentialDecay(0.1, "10", 0.5)
    with pytest.raises(ValueError, match="^step must be a number, got None$"):
        schedules.CosineDecay(0.1, 10)(None)
    with pytest.raises(ValueError, match=r"^boundaries\[1\] must be a number, got 'x'$"):
        schedules.PiecewiseConstantDecay([1, "x"], [0.1, 0.2, 0.3])


def test_refused_boundaries_and_values():
    with pytest.raises(ValueError, match="^boundaries must have one element fewer than values, got 2 "
                                         r"boundaries \[10, 20\] and 2 values \[0.1, 0.2\]$"):
        schedules.PiecewiseConstantDecay([10, 20], [0.1, 0.2])
    with pytest.raises(ValueError, match="The length of boundaries should be 1 less than the length of"):
        keras.optimizers.schedules.PiecewiseConstantDecay([10, 20], [0.1, 0.2])
    with pytest.raises(ValueError, match=r"^boundaries must increase strictly, got \[10, 10\] "
                                         r"\(boundaries\[1\] = 10 after 10\)$"):
        schedules.PiecewiseConstantDecay([10, 10], [0.1, 0.2, 0.3])
