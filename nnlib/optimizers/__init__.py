"""Optimizers: the rules that turn gradients into weight updates, named and used as in ``keras.optimizers``.

Every optimizer does the same things, and the base class :class:`Optimizer` does them once for all:
it takes ``(gradient, variable)`` pairs, keeps a few arrays of memory ("slots") for each variable (a
running average of past gradients, say), and counts its steps in ``iterations``. What differs is one
short method, ``update_step(gradient, variable)``: read it next to the formula in its docstring.

In the formulas, ``g`` is the gradient, ``w`` the variable, ``lr`` the learning rate and ``t`` the step
number counted from 1. The arithmetic is Keras 3's, operation for operation, in the variable's dtype,
so a float32 model gets the same weights as Keras to the digits float32 holds::

    >>> import numpy as np
    >>> import nnlib
    >>> from nnlib import optimizers
    >>> w = nnlib.Variable([1.0, -2.0], dtype="float32", name="w")
    >>> optimizer = optimizers.SGD(learning_rate=0.1, momentum=0.9)
    >>> optimizer.apply_gradients(zip([np.array([0.5, 0.5])], [w]))
    >>> w.numpy()
    array([ 0.95, -2.05], dtype=float32)
    >>> optimizer.iterations
    1

What Keras users reach for next works the same way on every optimizer: ``clipnorm``, ``clipvalue``
or ``global_clipnorm`` clip the gradients, ``weight_decay`` shrinks the weights before each update
(AdamW is Adam with it on), and ``learning_rate`` may be a schedule from :mod:`.schedules`::

    >>> from nnlib.optimizers import schedules
    >>> optimizer = optimizers.SGD(learning_rate=schedules.PiecewiseConstantDecay([1], [0.1, 0.01]),
    ...                            clipnorm=1.0)
    >>> w = nnlib.Variable([0.0, 0.0])
    >>> for _ in range(3):  # steps 0 and 1 at learning rate 0.1, step 2 at 0.01
    ...     optimizer.apply_gradients([(np.array([30.0, 40.0]), w)])  # clipped to [0.6, 0.8]
    >>> w.numpy().round(3), optimizer.learning_rate
    (array([-0.126, -0.168]), 0.01)

The package: :mod:`.base` (the class :class:`Optimizer`: learning rate, slots, clipping, weight decay,
one step in Keras's order), :mod:`.rules` (the update rules, one class each), :mod:`.schedules`
(learning-rate schedules), :mod:`.checks` (the checks on hyperparameters); here, :func:`get` (an
optimizer by its Keras name) and :func:`minimize`, which runs a whole training loop (tape, gradients,
update) and stops with a clear message if the loss blows up.

In the book: chapter 6, "Optimizers" (chapters/06_optimizers.ipynb); used again in chapters 7 and 8.
"""
import math

import numpy as np

from ..autodiff import GradientTape
from . import schedules
from .base import Optimizer
from .rules import SGD, Adadelta, Adagrad, Adam, Adamax, AdamW, Ftrl, Nadam, RMSprop

__all__ = ["Optimizer", "SGD", "Adagrad", "Adadelta", "RMSprop", "Adam", "AdamW", "Adamax", "Nadam",
           "Ftrl", "schedules", "minimize"]


# By name ----------------------------------------------------------------------------------------

OPTIMIZERS = {cls.__name__.lower(): cls
              for cls in [SGD, Adam, AdamW, RMSprop, Adagrad, Adadelta, Adamax, Nadam, Ftrl]}


def get(identifier):
    """An optimizer from its Keras name (``"sgd"``, ``"adam"``, ...) with Keras's defaults, or itself.

    >>> get("sgd").learning_rate
    0.01
    """
    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, str) and identifier.lower() in OPTIMIZERS:
        return OPTIMIZERS[identifier.lower()]()
    raise ValueError(f"unknown optimizer {identifier!r}; nnlib knows "
                     f"{', '.join(repr(k) for k in OPTIMIZERS)} (or pass an nnlib.optimizers object)")


def minimize(loss_fn, variables, optimizer, steps):
    """Run ``steps`` steps of ``optimizer`` on ``loss_fn()``; return the losses, one float per step.

    ``loss_fn`` takes no argument and computes a scalar loss from ``variables`` with nnlib operations.
    ``losses[k]`` is the loss after k updates. If a loss or a gradient becomes NaN or infinite, training
    stops with a FloatingPointError naming the step; the finite losses so far are on the error as
    ``.losses`` (for plotting a run up to where it diverged).

    >>> import nnlib
    >>> w = nnlib.Variable(4.0)
    >>> minimize(lambda: (w - 1.0) ** 2, [w], SGD(learning_rate=0.25), steps=3)
    [9.0, 2.25, 0.5625]
    >>> float(w)
    1.375
    """
    variables = list(variables)
    losses = []

    def stop(what, value, step):
        error = FloatingPointError(
            f"the {what} became {value} at step {step} (learning_rate={optimizer.learning_rate:g}): "
            "try a smaller learning rate")
        error.losses = losses
        raise error

    for step in range(steps):
        # numpy's overflow warnings are left out: a loss that overflows gets the clearer error below.
        with GradientTape() as tape, np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            loss = loss_fn()
        if np.shape(loss) != ():
            raise ValueError(f"loss_fn must return a single number, got a loss of shape {np.shape(loss)}")
        if not math.isfinite(float(loss)):
            stop("loss", float(loss), step)
        losses.append(float(loss))
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            grads = tape.gradient(loss, variables)
        for g, v in zip(grads, variables):
            if g is not None and not np.isfinite(g.numpy()).all():
                stop(f"gradient of {v.name or 'a variable'}", g.numpy()[~np.isfinite(g.numpy())][0], step)
        optimizer.apply_gradients(zip(grads, variables))
    return losses
