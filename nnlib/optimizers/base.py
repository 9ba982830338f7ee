"""The base class of every optimizer: what Keras 3's ``BaseOptimizer`` does around the update rule.

:class:`Optimizer` keeps the learning rate (a number or a schedule), the step counter and the
per-variable slots, and runs one step of ``apply_gradients`` in Keras's order::

    1. drop the variables whose gradient is None
    2. clip the gradients                  (clipnorm, clipvalue or global_clipnorm; none by default)
    3. decay the weights                   (weight_decay; none by default, except in AdamW)
    4. update each variable                (update_step: the rule of each optimizer)
    5. iterations <- iterations + 1

In the book: chapter 6, "Optimizers" (chapters/06_optimizers.ipynb).
"""
import inspect
import re
from types import SimpleNamespace

import numpy as np

from .checks import check_range
from .schedules import LearningRateSchedule

# The options every optimizer takes besides its learning rate and name, all None (off) by default.
OPTIONS = ("weight_decay", "clipnorm", "clipvalue", "global_clipnorm")


class Optimizer:
    """What every optimizer shares: the learning rate, the step counter, the slots, clipping, weight decay.

    A subclass sets ``slot_names`` (the arrays it remembers per variable, all starting at zero unless
    :meth:`initial_slot_value` says otherwise) and writes ``update_step(gradient, variable)``.

    Every optimizer takes these keyword arguments too, with Keras's names and defaults (None: off):

    - ``learning_rate``: a number, a schedule from :mod:`nnlib.optimizers.schedules` (called with
      ``iterations`` before each step) or a function of no arguments (called before each step).
    - ``clipnorm``, ``clipvalue``, ``global_clipnorm``: clip the gradients before the update, each
      gradient to a norm, each entry to a range, or all gradients together to a global norm (see
      :meth:`clip_gradients`); at most one of the three.
    - ``weight_decay``: decoupled weight decay, before the update (see :meth:`apply_weight_decay`).
    - ``name``: the optimizer's name (by default its class name in lower case).
    """

    slot_names = ()

    def __init__(self, learning_rate, weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, name=None):
        self.learning_rate = learning_rate  # checked by the setter below
        clips = {"clipnorm": clipnorm, "clipvalue": clipvalue, "global_clipnorm": global_clipnorm}
        if sum(value is not None for value in clips.values()) > 1:
            raise ValueError("only one of clipnorm, clipvalue and global_clipnorm can be set, got "
                             + ", ".join(f"{k}={v!r}" for k, v in clips.items()))
        for option, value in clips.items():
            if value is not None:
                check_range(option, value, 0, low_included=False)
        if weight_decay is not None:
            check_range("weight_decay", weight_decay, 0)
        self.weight_decay = weight_decay
        self.clipnorm, self.clipvalue, self.global_clipnorm = clipnorm, clipvalue, global_clipnorm
        self.name = name or type(self).__name__.lower()
        self.iterations = 0  # how many times apply_gradients has run
        self._slots = {}  # id(variable) -> (variable, its slots); keeping the variable keeps its id unique
        self.exclude_from_weight_decay()

    # The learning rate --------------------------------------------------------------------------

    @property
    def learning_rate(self):
        """The learning rate of the coming step: the number, or the schedule at ``iterations`` (Keras's
        ``optimizer.learning_rate``). ``get_config()["learning_rate"]`` is the schedule itself."""
        learning_rate = self._learning_rate
        if isinstance(learning_rate, LearningRateSchedule):
            return float(learning_rate(self.iterations))
        if callable(learning_rate):
            return float(learning_rate())
        return learning_rate

    @learning_rate.setter
    def learning_rate(self, learning_rate):
        if not isinstance(learning_rate, LearningRateSchedule):
            if callable(learning_rate):
                _check_takes_no_arguments(learning_rate)
            else:
                learning_rate = check_range("learning_rate", learning_rate, 0)
        self._learning_rate = learning_rate

    def lr(self, variable):
        """The learning rate of this step in the variable's dtype (Keras casts it the same way)."""
        return variable.dtype.type(self.learning_rate)

    # One step -------------------------------------------------------------------------------------

    def apply_gradients(self, grads_and_vars):
        """Update each variable in place with its gradient: ``optimizer.apply_gradients(zip(grads, vars))``.

        A gradient may be a numpy array or an nnlib Tensor; a ``None`` gradient (a variable the loss does
        not depend on) is skipped, as in Keras. The step counter goes up by one per call.
        """
        pairs = [(g, v) for g, v in grads_and_vars]
        if pairs and all(g is None for g, _ in pairs):
            raise ValueError("no gradients provided for any variable: does the loss depend on the variables?")
        pairs = [(self._as_gradient(g, v), v) for g, v in pairs if g is not None]
        grads, variables = [g for g, _ in pairs], [v for _, v in pairs]
        grads = self.clip_gradients(grads)
        if self.weight_decay is not None:
            self.apply_weight_decay(variables)
        if pairs:
            self.begin_step(variables[0].dtype)
        for gradient, variable in zip(grads, variables):
            self.update_step(gradient, variable)
        self.iterations += 1

    def apply(self, grads, trainable_variables):
        """The same as ``apply_gradients(zip(grads, trainable_variables))``."""
        self.apply_gradients(zip(grads, trainable_variables))

    def clip_gradients(self, grads):
        """The gradients clipped as Keras clips them, each in its own dtype; the same list when no
        clipping is set.

        clipnorm=c:          g <- g * c / max(||g||, c)                   each gradient on its own
        clipvalue=v:         g <- clip(g, -v, v)                          each entry
        global_clipnorm=c:   g <- g * c * min(1 / N, 1 / c)               all together,
                             N = sqrt(sum of ||g||^2 over the gradients)  their global norm

        >>> import numpy as np
        >>> Optimizer(0.1, clipnorm=1.0).clip_gradients([np.array([3.0, 4.0])])       # norm 5 -> 1
        [array([0.6, 0.8])]
        >>> Optimizer(0.1, clipvalue=1.0).clip_gradients([np.array([3.0, -0.5])])
        [array([ 1. , -0.5])]
        """
        if self.clipnorm is not None:
            clipnorms = [g.dtype.type(self.clipnorm) for g in grads]
            return [g * c / np.maximum(np.sqrt(np.sum(g * g)), c) for g, c in zip(grads, clipnorms)]
        if self.global_clipnorm is not None and grads:
            norm = np.sqrt(np.sum([np.sum(np.square(g)) for g in grads]))
            with np.errstate(divide="ignore", invalid="ignore"):  # 1 / 0 is inf, as in Keras
                scale = self.global_clipnorm * np.minimum(1.0 / norm, 1.0 / self.global_clipnorm)
                scale = scale + (norm - norm)  # NaN if the norm is inf or NaN, so the step shows it
            return [g * g.dtype.type(scale) for g in grads]
        if self.clipvalue is not None:
            return [np.clip(g, -self.clipvalue, self.clipvalue) for g in grads]
        return grads

    def apply_weight_decay(self, variables):
        """Decoupled weight decay, for each variable not excluded by :meth:`exclude_from_weight_decay`:

        w <- w - w * weight_decay * lr                  (lr: the learning rate of this step)

        ``apply_gradients`` runs it after clipping and before the update, as Keras does. Unlike an L2
        penalty added to the loss, it does not pass through the gradient, so an adaptive optimizer
        (Adam, RMSprop, ...) does not rescale it.
        """
        for variable in variables:
            if self._uses_weight_decay(variable):
                decay = variable.dtype.type(self.weight_decay)
                variable.assign_sub(variable.numpy() * decay * self.lr(variable))

    def exclude_from_weight_decay(self, var_list=None, var_names=None):
        """Leave out of weight decay the variables in ``var_list``, and those whose name contains one of
        the strings in ``var_names`` (each a regular expression, found anywhere in the name, as in Keras:
        ``var_names=["bias"]`` leaves out every bias). Each call replaces the previous one.
        """
        self._excluded_ids = {id(v) for v in var_list or []}
        self._excluded_names = re.compile("|".join(set(var_names))) if var_names else None

    def _uses_weight_decay(self, variable):
        if id(variable) in self._excluded_ids:
            return False
        return self._excluded_names is None or self._excluded_names.search(variable.name or "") is None

    def begin_step(self, dtype):
        """Work done once per step, before the variables are updated (only Nadam needs it)."""

    def update_step(self, gradient, variable):
        raise NotImplementedError

    # Slots and step numbers ---------------------------------------------------------------------

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

    def local_step(self, variable):
        """t, the number of this step counted from 1, in the variable's dtype (Keras's ``local_step``).

        (Not PyTorch's ``optimizer.step()``, which applies an update: here that is ``apply_gradients``.)
        """
        return variable.dtype.type(self.iterations + 1)

    # Description --------------------------------------------------------------------------------

    def get_config(self):
        """The constructor's arguments, by name (as Keras's ``get_config``); a schedule as itself."""
        names = [name for name, parameter in inspect.signature(type(self).__init__).parameters.items()
                 if parameter.kind is not parameter.VAR_KEYWORD][1:]
        config = {name: getattr(self, name) for name in names + list(OPTIONS) + ["name"]}
        config["learning_rate"] = self._learning_rate
        return config

    def __repr__(self):
        """The class and its arguments, leaving out the name and the options left at None."""
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items()
                         if k != "name" and not (k in OPTIONS and v is None))
        return f"{type(self).__name__}({args})"

    @staticmethod
    def _as_gradient(gradient, variable):
        gradient = np.asarray(gradient)
        if gradient.shape != variable.shape:
            raise ValueError(f"the gradient has shape {gradient.shape} but the variable "
                             f"{variable.name or '(unnamed)'!s} has shape {variable.shape}; "
                             "pass the gradients in the same order as the variables")
        return gradient.astype(variable.dtype, copy=False)


def _check_takes_no_arguments(function):
    """A learning rate that is a plain function is called with no arguments before each step, as in Keras."""
    try:
        signature = inspect.signature(function)
    except ValueError:  # a built-in whose signature Python cannot read: let it be
        return
    try:
        signature.bind()
    except TypeError:
        name = getattr(function, "__name__", type(function).__name__)
        raise ValueError(
            f"learning_rate must be a number, a schedule from nnlib.optimizers.schedules or a function of "
            f"no arguments, got {name}{signature}: for a learning rate that depends on the step, "
            "subclass schedules.LearningRateSchedule, whose __call__(step) gets the step") from None
