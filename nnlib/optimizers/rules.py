"""The update rules: one class per optimizer, each an :class:`~nnlib.optimizers.base.Optimizer` with its
``slot_names`` and an ``update_step(gradient, variable)`` of a few lines, its formula in the docstring.

In the formulas, ``g`` is the gradient, ``w`` the variable, ``lr`` the learning rate of this step and
``t`` the step number counted from 1. The arithmetic is Keras 3's, operation for operation, in the
variable's dtype. Every class also takes the keyword arguments of the base class: ``weight_decay``,
``clipnorm``, ``clipvalue``, ``global_clipnorm`` and ``name``.

In the book: chapter 6, "Optimizers" (chapters/06_optimizers.ipynb).
"""
import math

import numpy as np

from .base import Optimizer
from .checks import check_range

__all__ = ["SGD", "Adagrad", "Adadelta", "RMSprop", "Adam", "AdamW", "Adamax", "Nadam", "Ftrl"]


class SGD(Optimizer):
    """Gradient descent, with optional momentum and Nesterov momentum.

    momentum = 0:   w <- w - lr * g
    momentum > 0:   v <- momentum * v - lr * g
                    w <- w + v                            (nesterov: w <- w + momentum * v - lr * g)
    """

    slot_names = ("momentum",)

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, **kwargs):
        super().__init__(learning_rate, **kwargs)
        self.momentum = check_range("momentum", momentum, 0, 1)
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

    def __init__(self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7, **kwargs):
        super().__init__(learning_rate, **kwargs)
        self.initial_accumulator_value = check_range("initial_accumulator_value",
                                                     initial_accumulator_value, 0)
        self.epsilon = check_range("epsilon", epsilon, 0)

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

    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-7, **kwargs):
        super().__init__(learning_rate, **kwargs)
        self.rho = check_range("rho", rho, 0, 1, high_included=False)
        self.epsilon = check_range("epsilon", epsilon, 0)

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
                 **kwargs):
        super().__init__(learning_rate, **kwargs)
        self.rho = check_range("rho", rho, 0, 1, high_included=False)
        self.momentum = check_range("momentum", momentum, 0, 1)
        self.epsilon = check_range("epsilon", epsilon, 0)
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
                 **kwargs):
        super().__init__(learning_rate, **kwargs)
        self.beta_1 = check_range("beta_1", beta_1, 0, 1, high_included=False)
        self.beta_2 = check_range("beta_2", beta_2, 0, 1, high_included=False)
        self.epsilon = check_range("epsilon", epsilon, 0)
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


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov and Hutter): before each Adam step the weights
    shrink by a share weight_decay * lr of themselves, which an L2 penalty in the loss would not do
    (Adam's division by sqrt(v) would rescale it).

    w <- w - w * weight_decay * lr                        (the base class's weight decay, before the step)
    then Adam's step, with Adam's update_step
    """

    def __init__(self, learning_rate=0.001, weight_decay=0.004, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 amsgrad=False, **kwargs):
        if weight_decay is None:
            raise ValueError("weight_decay must be a number for AdamW, got None (Adam is AdamW without it)")
        super().__init__(learning_rate, beta_1, beta_2, epsilon, amsgrad, weight_decay=weight_decay,
                         **kwargs)


class Adamax(Optimizer):
    """Adam with the root-mean-square replaced by a running maximum of |g| (the infinity norm).

    m <- m + (1 - beta_1) * (g - m)
    u <- max(beta_2 * u, |g|)
    w <- w - lr * m / ((1 - beta_1^t) * (u + epsilon))
    """

    slot_names = ("momentum", "norm")

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, **kwargs):
        super().__init__(learning_rate, **kwargs)
        self.beta_1 = check_range("beta_1", beta_1, 0, 1, high_included=False)
        self.beta_2 = check_range("beta_2", beta_2, 0, 1, high_included=False)
        self.epsilon = check_range("epsilon", epsilon, 0)

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

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, **kwargs):
        super().__init__(learning_rate, **kwargs)
        self.beta_1 = check_range("beta_1", beta_1, 0, 1, high_included=False)
        self.beta_2 = check_range("beta_2", beta_2, 0, 1, high_included=False)
        self.epsilon = check_range("epsilon", epsilon, 0)
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
                 l2_shrinkage_regularization_strength=0.0, beta=0.0, **kwargs):
        super().__init__(learning_rate, **kwargs)
        if not callable(learning_rate) and learning_rate == 0:
            raise ValueError("learning_rate must be > 0 for Ftrl (it divides by it), got 0")
        self.learning_rate_power = check_range("learning_rate_power", learning_rate_power, -math.inf, 0)
        self.initial_accumulator_value = check_range("initial_accumulator_value",
                                                     initial_accumulator_value, 0)
        self.l1_regularization_strength = check_range("l1_regularization_strength",
                                                      l1_regularization_strength, 0)
        self.l2_regularization_strength = check_range("l2_regularization_strength",
                                                      l2_regularization_strength, 0)
        self.l2_shrinkage_regularization_strength = check_range("l2_shrinkage_regularization_strength",
                                                                l2_shrinkage_regularization_strength, 0)
        self.beta = check_range("beta", beta, 0)

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
