"""Optimizers: the rules that turn gradients into weight updates, named and used as in ``keras.optimizers``.

Every optimizer does the same three things, and the base class :class:`Optimizer` does them once for all:
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

:func:`minimize` runs a whole training loop (tape, gradients, update) and stops with a clear message
if the loss blows up.

In the book: chapter 6, "Optimizers" (chapters/06_optimizers.ipynb); used again in chapters 7 and 8.
"""
import inspect
import math
from types import SimpleNamespace

import numpy as np

from .autodiff import GradientTape

__all__ = ["Optimizer", "SGD", "Adagrad", "Adadelta", "RMSprop", "Adam", "Adamax", "Nadam", "Ftrl",
           "minimize"]


# Checks on hyperparameters, with messages that say what is wrong ---------------------------------

def _number(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ValueError(f"{name} must be a number, got {value!r}"
                         + (" (learning-rate schedules are not supported)" if callable(value) else ""))
    return float(value)


def _check(name, value, low, high=math.inf, high_included=True):
    """``value`` as a float, after checking that it lies in [low, high] (or [low, high) if not included)."""
    value = _number(name, value)
    if not (low <= value and (value <= high if high_included else value < high)):
        if high == math.inf:
            allowed = f">= {low:g}"
        elif low == -math.inf:
            allowed = f"<= {high:g}"
        else:
            allowed = f"in [{low:g}, {high:g}{']' if high_included else ')'}"
        raise ValueError(f"{name} must be {allowed}, got {value:g}")
    return value


# The base class -----------------------------------------------------------------------------------

class Optimizer:
    """What every optimizer shares: the learning rate, the step counter and the per-variable slots.

    A subclass sets ``slot_names`` (the arrays it remembers per variable, all starting at zero unless
    :meth:`initial_slot_value` says otherwise) and writes ``update_step(gradient, variable)``.
    """

    slot_names = ()

    def __init__(self, learning_rate, name=None):
        self.learning_rate = _check("learning_rate", learning_rate, 0)
        self.name = name or type(self).__name__.lower()
        self.iterations = 0  # how many times apply_gradients has run
        self._slots = {}  # id(variable) -> (variable, its slots); keeping the variable keeps its id unique

    def apply_gradients(self, grads_and_vars):
        """Update each variable in place with its gradient: ``optimizer.apply_gradients(zip(grads, vars))``.

        A gradient may be a numpy array or an nnlib Tensor; a ``None`` gradient (a variable the loss does
        not depend on) is skipped, as in Keras. The step counter goes up by one per call.
        """
        pairs = [(g, v) for g, v in grads_and_vars]
        if pairs and all(g is None for g, _ in pairs):
            raise ValueError("no gradients provided for any variable: does the loss depend on the variables?")
        pairs = [(self._as_gradient(g, v), v) for g, v in pairs if g is not None]
        if pairs:
            self.begin_step(pairs[0][1].dtype)
        for gradient, variable in pairs:
            self.update_step(gradient, variable)
        self.iterations += 1

    def apply(self, grads, trainable_variables):
        """The same as ``apply_gradients(zip(grads, trainable_variables))``."""
        self.apply_gradients(zip(grads, trainable_variables))

    def begin_step(self, dtype):
        """Work done once per step, before the variables are updated (only Nadam needs it)."""

    def update_step(self, gradient, variable):
        raise NotImplementedError

    def slots(self, variable):
        """The variable's slots (``slots(w).momentum`` ...), created on first use in ``w``'s dtype."""
        key = id(variable)
        if key not in self._slots:
            slots = SimpleNamespace(**{
                name: np.full(variable.shape, self.initial_slot_value(name), dtype=variable.dtype)
                for name in self.slot_names})
            self._slots[key] = (variable, slots)
        return self._slots[key][1]

    def initial_slot_value(self, name):
        return 0.0

    def lr(self, variable):
        """The learning rate in the variable's dtype (Keras casts it the same way)."""
        return variable.dtype.type(self.learning_rate)

    def local_step(self, variable):
        """t, the number of this step counted from 1, in the variable's dtype (Keras's ``local_step``).

        (Not PyTorch's ``optimizer.step()``, which applies an update: here that is ``apply_gradients``.)
        """
        return variable.dtype.type(self.iterations + 1)

    def get_config(self):
        """The constructor's arguments, by name (as Keras's ``get_config``)."""
        names = list(inspect.signature(type(self).__init__).parameters)[1:]
        return {name: getattr(self, name) for name in names}

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items() if k != "name")
        return f"{type(self).__name__}({args})"

    @staticmethod
    def _as_gradient(gradient, variable):
        gradient = np.asarray(gradient)
        if gradient.shape != variable.shape:
            raise ValueError(f"the gradient has shape {gradient.shape} but the variable "
                             f"{variable.name or '(unnamed)'!s} has shape {variable.shape}; "
                             "pass the gradients in the same order as the variables")
        return gradient.astype(variable.dtype, copy=False)


# The nine optimizers ------------------------------------------------------------------------------

class SGD(Optimizer):
    """Gradient descent, with optional momentum and Nesterov momentum.

    momentum = 0:   w <- w - lr * g
    momentum > 0:   v <- momentum * v - lr * g
                    w <- w + v                            (nesterov: w <- w + momentum * v - lr * g)
    """

    slot_names = ("momentum",)

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, name=None):
        super().__init__(learning_rate, name)
        self.momentum = _check("momentum", momentum, 0, 1)
        self.nesterov = bool(nesterov)

    def update_step(self, gradient, variable):
        lr, g = self.lr(variable), gradient
        if self.momentum == 0:
            variable.assign_sub(g * lr)
            return
        s = self.slots(variable)
        s.momentum = s.momentum * self.momentum - g * lr
        if self.nesterov:
            variable.assign_add(s.momentum * self.momentum - g * lr)
        else:
            variable.assign_add(s.momentum)


class Adagrad(Optimizer):
    """Each weight's step shrinks as its squared gradients add up.

    a <- a + g^2                                          (a starts at initial_accumulator_value)
    w <- w - lr * g / sqrt(a + epsilon)
    """

    slot_names = ("accumulator",)

    def __init__(self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7, name=None):
        super().__init__(learning_rate, name)
        self.initial_accumulator_value = _check("initial_accumulator_value", initial_accumulator_value, 0)
        self.epsilon = _check("epsilon", epsilon, 0)

    def initial_slot_value(self, name):
        return self.initial_accumulator_value

    def update_step(self, gradient, variable):
        lr, g, s = self.lr(variable), gradient, self.slots(variable)
        s.accumulator = s.accumulator + np.square(g)
        variable.assign_sub(lr * g / np.sqrt(s.accumulator + self.epsilon))


class Adadelta(Optimizer):
    """Adagrad with a fading memory, and steps measured in the units of the weights.

    G <- rho * G + (1 - rho) * g^2                        (running average of squared gradients)
    d <- -sqrt(D + epsilon) * g / sqrt(G + epsilon)       (the step, before the learning rate)
    D <- rho * D + (1 - rho) * d^2                        (running average of squared steps)
    w <- w + lr * d
    """

    slot_names = ("accumulated_grad", "accumulated_delta_var")

    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-7, name=None):
        super().__init__(learning_rate, name)
        self.rho = _check("rho", rho, 0, 1, high_included=False)
        self.epsilon = _check("epsilon", epsilon, 0)

    def update_step(self, gradient, variable):
        lr, g, s, rho = self.lr(variable), gradient, self.slots(variable), self.rho
        s.accumulated_grad = rho * s.accumulated_grad + (1 - rho) * np.square(g)
        delta = -(np.sqrt(s.accumulated_delta_var + self.epsilon) * g
                  / np.sqrt(s.accumulated_grad + self.epsilon))
        s.accumulated_delta_var = rho * s.accumulated_delta_var + (1 - rho) * np.square(delta)
        variable.assign_add(lr * delta)


class RMSprop(Optimizer):
    """Divide the step by a running root-mean-square of the gradients.

    v <- rho * v + (1 - rho) * g^2
    centered:  a <- rho * a + (1 - rho) * g;   step = lr * g / sqrt(v - a^2 + epsilon)
    otherwise:                                 step = lr * g / sqrt(v + epsilon)
    momentum > 0:  m <- momentum * m + step;   w <- w - m
    otherwise:                                 w <- w - step
    """

    slot_names = ("velocity", "momentum", "average_gradient")

    def __init__(self, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False,
                 name=None):
        super().__init__(learning_rate, name)
        self.rho = _check("rho", rho, 0, 1, high_included=False)
        self.momentum = _check("momentum", momentum, 0, 1)
        self.epsilon = _check("epsilon", epsilon, 0)
        self.centered = bool(centered)

    def update_step(self, gradient, variable):
        lr, g, s, rho = self.lr(variable), gradient, self.slots(variable), self.rho
        s.velocity = rho * s.velocity + (1 - rho) * np.square(g)
        if self.centered:
            s.average_gradient = rho * s.average_gradient + (1 - rho) * g
            denominator = s.velocity - np.square(s.average_gradient) + self.epsilon
        else:
            denominator = s.velocity + self.epsilon
        increment = lr * g / np.sqrt(denominator)
        if self.momentum > 0:
            s.momentum = self.momentum * s.momentum + increment
            variable.assign_sub(s.momentum)
        else:
            variable.assign_sub(increment)


class Adam(Optimizer):
    """Momentum (m) and RMSprop (v) together, both corrected for starting at zero.

    m <- m + (1 - beta_1) * (g - m)                       (= beta_1 * m + (1 - beta_1) * g)
    v <- v + (1 - beta_2) * (g^2 - v)
    amsgrad:  v_max <- max(v_max, v), used in place of v below
    w <- w - alpha * m / (sqrt(v) + epsilon),   alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t)
    """

    slot_names = ("momentum", "velocity", "velocity_hat")

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False,
                 name=None):
        super().__init__(learning_rate, name)
        self.beta_1 = _check("beta_1", beta_1, 0, 1, high_included=False)
        self.beta_2 = _check("beta_2", beta_2, 0, 1, high_included=False)
        self.epsilon = _check("epsilon", epsilon, 0)
        self.amsgrad = bool(amsgrad)

    def update_step(self, gradient, variable):
        lr, g, s, t = self.lr(variable), gradient, self.slots(variable), self.local_step(variable)
        dtype = variable.dtype.type
        alpha = lr * np.sqrt(1 - dtype(self.beta_2) ** t) / (1 - dtype(self.beta_1) ** t)
        s.momentum = s.momentum + (g - s.momentum) * (1 - self.beta_1)
        s.velocity = s.velocity + (np.square(g) - s.velocity) * (1 - self.beta_2)
        v = s.velocity
        if self.amsgrad:
            s.velocity_hat = v = np.maximum(s.velocity_hat, s.velocity)
        variable.assign_sub(s.momentum * alpha / (np.sqrt(v) + self.epsilon))


class Adamax(Optimizer):
    """Adam with the root-mean-square replaced by a running maximum of |g| (the infinity norm).

    m <- m + (1 - beta_1) * (g - m)
    u <- max(beta_2 * u, |g|)
    w <- w - lr * m / ((1 - beta_1^t) * (u + epsilon))
    """

    slot_names = ("momentum", "norm")

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, name=None):
        super().__init__(learning_rate, name)
        self.beta_1 = _check("beta_1", beta_1, 0, 1, high_included=False)
        self.beta_2 = _check("beta_2", beta_2, 0, 1, high_included=False)
        self.epsilon = _check("epsilon", epsilon, 0)

    def update_step(self, gradient, variable):
        lr, g, s, t = self.lr(variable), gradient, self.slots(variable), self.local_step(variable)
        beta_1_power = variable.dtype.type(self.beta_1) ** t
        s.momentum = s.momentum + (g - s.momentum) * (1 - self.beta_1)
        s.norm = np.maximum(self.beta_2 * s.norm, np.abs(g))
        variable.assign_sub(lr * s.momentum / ((1 - beta_1_power) * (s.norm + self.epsilon)))


class Nadam(Optimizer):
    """Adam with Nesterov momentum: the step looks at where the momentum is about to carry the weights.

    mu_t = beta_1 * (1 - 0.5 * 0.96^t)                   (a momentum that warms up)
    P_t = mu_1 * mu_2 * ... * mu_t                        (kept from step to step)
    m <- m + (1 - beta_1) * (g - m);   v <- v + (1 - beta_2) * (g^2 - v)
    m_hat = mu_(t+1) * m / (1 - P_t * mu_(t+1)) + (1 - mu_t) * g / (1 - P_t)
    v_hat = v / (1 - beta_2^t)
    w <- w - lr * m_hat / (sqrt(v_hat) + epsilon)
    """

    slot_names = ("momentum", "velocity")

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, name=None):
        super().__init__(learning_rate, name)
        self.beta_1 = _check("beta_1", beta_1, 0, 1, high_included=False)
        self.beta_2 = _check("beta_2", beta_2, 0, 1, high_included=False)
        self.epsilon = _check("epsilon", epsilon, 0)
        self.u_product = None  # P_t, in the dtype of the first variable (as in Keras)

    def begin_step(self, dtype):
        dtype = np.dtype(dtype).type
        if self.u_product is None:
            self.u_product = dtype(1.0)
        t = dtype(self.iterations + 1)
        self.u_product = self.u_product * self.beta_1 * (1.0 - 0.5 * dtype(0.96) ** t)

    def update_step(self, gradient, variable):
        lr, g, s, t = self.lr(variable), gradient, self.slots(variable), self.local_step(variable)
        dtype = variable.dtype.type
        beta_1, beta_2, decay = dtype(self.beta_1), dtype(self.beta_2), dtype(0.96)
        u_t = beta_1 * (1.0 - 0.5 * decay ** t)
        u_t_1 = beta_1 * (1.0 - 0.5 * decay ** (t + 1))
        u_product_t = dtype(self.u_product)
        u_product_t_1 = u_product_t * u_t_1
        s.momentum = s.momentum + (g - s.momentum) * (1 - beta_1)
        s.velocity = s.velocity + (np.square(g) - s.velocity) * (1 - beta_2)
        m_hat = u_t_1 * s.momentum / (1 - u_product_t_1) + (1 - u_t) * g / (1 - u_product_t)
        v_hat = s.velocity / (1 - beta_2 ** t)
        variable.assign_sub(m_hat * lr / (np.sqrt(v_hat) + self.epsilon))


class Ftrl(Optimizer):
    """Follow The Regularized Leader: each weight is solved for in closed form from two running sums.

    With p = -learning_rate_power (1/2 by default) and l2' = l2 + beta / (2 lr):
    n_new = n + g^2                                       (n starts at initial_accumulator_value)
    z <- z + g + 2 * l2_shrinkage * w - (n_new^p - n^p) / lr * w
    w <- (clip(z, -l1, l1) - z) / (n_new^p / lr + 2 * l2')   (exactly 0 while |z| <= l1)
    n <- n_new
    """

    slot_names = ("accumulator", "linear")

    def __init__(self, learning_rate=0.001, learning_rate_power=-0.5, initial_accumulator_value=0.1,
                 l1_regularization_strength=0.0, l2_regularization_strength=0.0,
                 l2_shrinkage_regularization_strength=0.0, beta=0.0, name=None):
        super().__init__(learning_rate, name)
        if self.learning_rate == 0:
            raise ValueError("learning_rate must be > 0 for Ftrl (it divides by it), got 0")
        self.learning_rate_power = _check("learning_rate_power", learning_rate_power, -math.inf, 0)
        self.initial_accumulator_value = _check("initial_accumulator_value", initial_accumulator_value, 0)
        self.l1_regularization_strength = _check("l1_regularization_strength",
                                                 l1_regularization_strength, 0)
        self.l2_regularization_strength = _check("l2_regularization_strength",
                                                 l2_regularization_strength, 0)
        self.l2_shrinkage_regularization_strength = _check("l2_shrinkage_regularization_strength",
                                                           l2_shrinkage_regularization_strength, 0)
        self.beta = _check("beta", beta, 0)

    def initial_slot_value(self, name):
        return self.initial_accumulator_value if name == "accumulator" else 0.0

    def update_step(self, gradient, variable):
        lr, g, s, w = self.lr(variable), gradient, self.slots(variable), variable.numpy()
        p, l1 = -self.learning_rate_power, self.l1_regularization_strength
        l2 = self.l2_regularization_strength + self.beta / (2.0 * lr)
        grad_to_use = g + 2 * self.l2_shrinkage_regularization_strength * w
        new_accumulator = s.accumulator + np.square(g)
        s.linear = s.linear + (grad_to_use - (new_accumulator ** p - s.accumulator ** p) / lr * w)
        quadratic = new_accumulator ** p / lr + 2 * l2
        variable.assign((np.clip(s.linear, -l1, l1) - s.linear) / quadratic)
        s.accumulator = new_accumulator


# A small training loop ----------------------------------------------------------------------------

# By name ----------------------------------------------------------------------------------------

OPTIMIZERS = {cls.__name__.lower(): cls
              for cls in [SGD, Adam, RMSprop, Adagrad, Adadelta, Adamax, Nadam, Ftrl]}


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
