"""Learning-rate schedules: a learning rate that changes with the step, as ``keras.optimizers.schedules``.

A schedule is called with the step number and returns that step's learning rate. Pass one as an
optimizer's ``learning_rate`` and the optimizer calls it with ``optimizer.iterations`` before each
update: 0 for the first update, 1 for the second, as Keras does::

    >>> from nnlib import optimizers
    >>> from nnlib.optimizers import schedules
    >>> schedule = schedules.ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5)
    >>> schedule(0), schedule(10), schedule(20)
    (0.1, 0.05, 0.025)
    >>> optimizer = optimizers.SGD(learning_rate=schedule)
    >>> optimizer.learning_rate          # the learning rate of the coming update: schedule(iterations)
    0.1

In the formulas, ``t`` is the step and ``lr0`` the ``initial_learning_rate``. nnlib computes in float64
(the optimizer then casts the value to each variable's dtype); Keras computes in the dtype of
``initial_learning_rate``, float32 for a Python number, so the two agree to float32's precision.
To plot a schedule: ``[schedule(t) for t in range(1000)]``.

In the book: chapter 6, "Optimizers" (chapters/06_optimizers.ipynb).
"""
import inspect
import math

from .checks import check_number, check_range

__all__ = ["LearningRateSchedule", "ExponentialDecay", "InverseTimeDecay", "PiecewiseConstantDecay",
           "PolynomialDecay", "CosineDecay"]


class LearningRateSchedule:
    """The base class: a subclass writes ``__call__(self, step)``, which returns the learning rate at step.

    >>> class OneOverT(LearningRateSchedule):      # lr = lr0 / (t + 1)
    ...     def __init__(self, initial_learning_rate):
    ...         self.initial_learning_rate = initial_learning_rate
    ...     def __call__(self, step):
    ...         return self.initial_learning_rate / (step + 1)
    >>> OneOverT(0.1)(4)
    0.02
    """

    def __call__(self, step):
        raise NotImplementedError(f"the schedule {type(self).__name__} must define __call__(self, step)")

    def get_config(self):
        """The constructor's arguments, by name (as Keras's ``get_config``)."""
        names = list(inspect.signature(type(self).__init__).parameters)[1:]
        return {name: getattr(self, name) for name in names if hasattr(self, name)}

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items() if k != "name")
        return f"{type(self).__name__}({args})"


def _step(step):
    """The step as a float (Keras casts it to the schedule's dtype)."""
    return check_number("step", step)


class ExponentialDecay(LearningRateSchedule):
    """The learning rate shrinks by the factor decay_rate every decay_steps steps.

    lr = lr0 * decay_rate ^ (t / decay_steps)              (staircase: floor(t / decay_steps))
    """

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False,
                 name="ExponentialDecay"):
        check_range("initial_learning_rate", initial_learning_rate, 0)
        check_range("decay_steps", decay_steps, 0, low_included=False)
        check_range("decay_rate", decay_rate, 0, low_included=False)
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = bool(staircase)
        self.name = name

    def __call__(self, step):
        p = _step(step) / self.decay_steps
        if self.staircase:
            p = math.floor(p)
        return float(self.initial_learning_rate * self.decay_rate ** p)


class InverseTimeDecay(LearningRateSchedule):
    """The learning rate falls like 1 / t: halved once decay_rate * t / decay_steps reaches 1.

    lr = lr0 / (1 + decay_rate * t / decay_steps)          (staircase: floor(t / decay_steps))
    """

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False,
                 name="InverseTimeDecay"):
        check_range("initial_learning_rate", initial_learning_rate, 0)
        check_range("decay_steps", decay_steps, 0, low_included=False)
        check_range("decay_rate", decay_rate, 0)
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = bool(staircase)
        self.name = name

    def __call__(self, step):
        p = _step(step) / self.decay_steps
        if self.staircase:
            p = math.floor(p)
        return float(self.initial_learning_rate / (1 + self.decay_rate * p))


class PiecewiseConstantDecay(LearningRateSchedule):
    """A constant learning rate between boundaries: values[0] up to and including step boundaries[0],
    values[1] up to boundaries[1], ..., values[-1] after the last boundary.

    lr = values[i],   i = the number of boundaries b with t > b
    """

    def __init__(self, boundaries, values, name="PiecewiseConstant"):
        boundaries, values = list(boundaries), list(values)
        if len(boundaries) != len(values) - 1:
            raise ValueError(f"boundaries must have one element fewer than values, got {len(boundaries)} "
                             f"boundaries {boundaries} and {len(values)} values {values}")
        numbers = [check_number(f"boundaries[{i}]", b) for i, b in enumerate(boundaries)]
        for i in range(1, len(numbers)):
            if numbers[i] <= numbers[i - 1]:
                raise ValueError(f"boundaries must increase strictly, got {boundaries} "
                                 f"(boundaries[{i}] = {boundaries[i]} after {boundaries[i - 1]})")
        for i, v in enumerate(values):
            check_range(f"values[{i}]", v, 0)
        self.boundaries = boundaries
        self.values = values
        self.name = name

    def __call__(self, step):
        t = _step(step)
        return float(self.values[sum(t > b for b in self.boundaries)])


class PolynomialDecay(LearningRateSchedule):
    """From lr0 down to end_learning_rate in decay_steps steps along a power curve (a line for power=1).

    lr = (lr0 - end_learning_rate) * (1 - t / T) ^ power + end_learning_rate
    T = decay_steps, and t stops at T;   cycle: t goes on, T = decay_steps * ceil(t / decay_steps)
    (1 at t = 0), so the decay starts again from lr0 every decay_steps steps.
    """

    def __init__(self, initial_learning_rate, decay_steps, end_learning_rate=0.0001, power=1.0,
                 cycle=False, name="PolynomialDecay"):
        check_range("initial_learning_rate", initial_learning_rate, 0)
        check_range("decay_steps", decay_steps, 0, low_included=False)
        check_range("end_learning_rate", end_learning_rate, 0)
        check_range("power", power, 0)
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.end_learning_rate = end_learning_rate
        self.power = power
        self.cycle = bool(cycle)
        self.name = name

    def __call__(self, step):
        t, decay_steps = _step(step), self.decay_steps
        if self.cycle:
            decay_steps = decay_steps * (1.0 if t == 0 else math.ceil(t / self.decay_steps))
        else:
            t = min(t, decay_steps)
        p = t / decay_steps
        lr0, end = self.initial_learning_rate, self.end_learning_rate
        return float((lr0 - end) * (1 - p) ** self.power + end)


class CosineDecay(LearningRateSchedule):
    """Half a cosine from lr0 down to alpha * lr0 in decay_steps steps, after an optional warm-up.

    without warm-up (warmup_target=None):   lr = lr0 * d(min(t, decay_steps))
    with warm-up, for t < warmup_steps:     lr = lr0 + (warmup_target - lr0) * t / warmup_steps
                  then:                     lr = warmup_target * d(min(t - warmup_steps, decay_steps))
    d(s) = (1 - alpha) * 0.5 * (1 + cos(pi * s / decay_steps)) + alpha
    """

    def __init__(self, initial_learning_rate, decay_steps, alpha=0.0, name="CosineDecay",
                 warmup_target=None, warmup_steps=0):
        check_range("initial_learning_rate", initial_learning_rate, 0)
        check_range("decay_steps", decay_steps, 0, low_included=False)
        check_range("alpha", alpha, 0, 1)
        if warmup_target is not None:
            check_range("warmup_target", warmup_target, 0)
        check_range("warmup_steps", warmup_steps, 0)
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.alpha = alpha
        self.name = name
        self.warmup_target = warmup_target
        self.warmup_steps = warmup_steps

    def _decay(self, step, decay_from):
        cosine_decayed = 0.5 * (1.0 + math.cos(math.pi * (step / self.decay_steps)))
        return decay_from * ((1 - self.alpha) * cosine_decayed + self.alpha)

    def __call__(self, step):
        t, lr0 = _step(step), self.initial_learning_rate
        if self.warmup_target is None:
            return float(self._decay(min(t, self.decay_steps), lr0))
        t = min(t, self.decay_steps + self.warmup_steps)
        if t < self.warmup_steps:
            return float((self.warmup_target - lr0) * (t / self.warmup_steps) + lr0)
        return float(self._decay(t - self.warmup_steps, self.warmup_target))
