"""Reverse-mode automatic differentiation: ``Variable``, ``Tensor`` and ``GradientTape``.

The API is TensorFlow's, so that the from-scratch code and the TensorFlow code read alike::

    w = nnlib.Variable([1.0, 2.0])
    with nnlib.GradientTape() as tape:
        loss = nnlib.ops.sum(w * w)
    [grad] = tape.gradient(loss, [w])      # array([2., 4.])

How it works. Every operation in :mod:`nnlib.ops` computes its result with numpy and, while a tape is
recording, appends one entry to that tape: the result, and for each input the tape is following, the
input with its *local backward rule* (a function that turns the gradient of the result into the
gradient of that input). The tape is therefore a list of operations in the order they ran.
``tape.gradient`` walks that list backwards, from the target to the sources, applying each rule (the
chain rule) and adding up the contributions that reach the same tensor. Broadcasting is undone on the
way: an input that was stretched along some axes gets the sum of its copies' gradients.

A tape follows the trainable ``Variable``s it sees, anything passed to ``tape.watch``, and every result
computed from those. Gradients live in the tape's own bookkeeping, never on the tensors, so two tapes
one after the other cannot add into each other's results.

In the book: chapter 5, "Derivatives, gradients and the chain rule" (chapters/05_derivatives.ipynb).
"""
from typing import NamedTuple

import numpy as np

from .shapes import unbroadcast

_recording = []  # the tapes whose `with` block is running, innermost last


class Tensor:
    """An immutable value: a numpy array, plus what a tape needs to differentiate through it.

    Its arithmetic operators (``+``, ``*``, ``@``, ``[]``, ``.T`` ...) record operations, so they are
    the functions of :mod:`nnlib.ops`, which installs them on this class: this module knows no
    operation. Comparisons give plain boolean arrays (they have no gradient).
    """

    __array_ufunc__ = None  # so that `ndarray + Tensor` calls Tensor.__radd__ and is recorded
    _keras_logits = None  # for an output of ops.softmax or ops.sigmoid: its logits (see nnlib.losses)

    def __init__(self, value):
        self._value = np.asarray(value)

    def numpy(self):
        """The value, as a numpy array."""
        return np.asarray(self._value)

    def __array__(self, dtype=None, copy=None):
        return np.asarray(self._value, dtype=dtype)

    @property
    def shape(self):
        value = self._value  # an array, or a plain Python number for a constant like 0.5
        return value.shape if isinstance(value, np.ndarray) else np.shape(value)

    @property
    def ndim(self):
        return len(self.shape)

    @property
    def dtype(self):
        value = self._value
        return value.dtype if isinstance(value, np.ndarray) else np.asarray(value).dtype

    def __len__(self):
        return len(self._value)

    def __repr__(self):
        return (f"<nnlib.{type(self).__name__}: shape={self.shape}, dtype={self.dtype}, "
                f"numpy={np.array_repr(self._value)}>")

    def __float__(self):
        return float(self._value)

    def __lt__(self, other): return self._value < np.asarray(other)
    def __le__(self, other): return self._value <= np.asarray(other)
    def __gt__(self, other): return self._value > np.asarray(other)
    def __ge__(self, other): return self._value >= np.asarray(other)


class Variable(Tensor):
    """A trainable value, like ``tf.Variable``: tapes follow it without being told to.

    Integers become floats (only floating-point values have gradients). ``assign`` and friends change
    the value in place, which is how optimizers update weights.
    """

    def __init__(self, value, dtype=None, trainable=True, name=None):
        value = np.array(value, dtype=dtype)  # a copy: the Variable owns its value
        if not np.issubdtype(value.dtype, np.floating):
            value = value.astype(np.float64)
        super().__init__(value)
        self.trainable = trainable
        self.name = name

    def assign(self, value):
        self._value[...] = self._same_shape(value)
        return self

    def assign_add(self, delta):
        self._value += self._same_shape(delta)  # in place: no new array for the weights
        return self

    def assign_sub(self, delta):
        self._value -= self._same_shape(delta)
        return self

    def _same_shape(self, value):
        value = np.asarray(value.numpy() if isinstance(value, Tensor) else value)
        if value.shape != self.shape:
            raise ValueError(
                f"cannot assign a value of shape {value.shape} to a Variable of shape {self.shape}"
            )
        return value


def as_tensor(x, floating=False):
    """``x`` if it is a Tensor; otherwise a constant Tensor holding it.

    Python numbers stay Python numbers inside, so that ``0.5 * x`` keeps ``x``'s dtype (float32
    stays float32), as numpy does. With ``floating=True``, values that are not floating-point
    (integers, booleans) become float64, as numpy's arithmetic would make them: what the activations
    and the losses, which compute in floats, take.
    """
    if isinstance(x, Tensor):
        if floating and not np.issubdtype(x.dtype, np.floating):
            return Tensor(x._value.astype(np.float64))
        return x
    if floating and not np.issubdtype(np.asarray(x).dtype, np.floating):
        return Tensor(np.asarray(x, dtype=np.float64))
    constant = Tensor(x)
    if isinstance(x, (int, float)) and not floating:
        constant._value = x
    return constant


def as_array(x, floating=False):
    """The value of ``x`` as a numpy array: a Tensor's array, or ``np.asarray(x)`` for anything else.

    ``floating=True``, as for :func:`as_tensor`, makes integers and booleans float64.
    """
    value = x.numpy() if isinstance(x, Tensor) else np.asarray(x)
    if floating and not np.issubdtype(value.dtype, np.floating):
        value = value.astype(np.float64)
    return value


def record(value, inputs, op):
    """Wrap an operation's result and note it on every recording tape that follows one of its inputs.

    ``inputs`` pairs each input Tensor with its local backward rule: a function from the gradient of
    the result to the gradient of that input (before broadcasting is undone). ``op`` names the
    operation, for drawings of the graph.
    """
    result = Tensor(value)
    for tape in _recording:
        followed = [(x, rule) for x, rule in inputs if tape._follows(x)]
        if followed:
            tape._followed[id(result)] = result
            tape._operations.append((result, op, followed))
    return result


class Node(NamedTuple):
    """One tensor of a recorded computation: how it was made, and its gradient once computed."""

    tensor: Tensor
    op: str  # the operation that made it; None for a source (a Variable or a watched tensor)
    inputs: list  # the followed tensors it was computed from
    grad: np.ndarray  # d target / d tensor from the tape's gradient call; None before it


class GradientTape:
    """Records operations on the Variables it sees so that ``gradient`` can run them backwards.

    As in TensorFlow, a tape answers one ``gradient`` call; record a new tape for the next step.
    """

    def __init__(self):
        self._operations = []  # (result, op name, [(input, backward rule), ...]) in the order they ran
        self._followed = {}  # id -> tensor, for every tensor whose gradient may be asked for
        self._gradients = {}  # id -> gradient of `_gradient_target`, filled in by `gradient`
        self._gradient_target = None
        self._used = False

    def __enter__(self):
        _recording.append(self)
        return self

    def __exit__(self, *exc_info):
        _recording.remove(self)

    def watch(self, tensor):
        """Follow a tensor that is not a trainable Variable (a constant input, say)."""
        for t in tensor if isinstance(tensor, (list, tuple)) else [tensor]:
            if not isinstance(t, Tensor):
                raise TypeError(f"tape.watch takes nnlib Tensors or Variables, not {type(t).__name__}")
            self._followed[id(t)] = t

    def _follows(self, tensor):
        if id(tensor) in self._followed:
            return True
        if isinstance(tensor, Variable) and tensor.trainable:
            self._followed[id(tensor)] = tensor
            return True
        return False

    def gradient(self, target, sources):
        """The gradient of ``target`` with respect to each source, in the order given.

        ``sources`` is one tensor or a list of them; the answer has the same form. A source that
        ``target`` does not depend on gets ``None``, as in TensorFlow. For a non-scalar target, the
        gradient is that of the sum of its entries (again as in TensorFlow).
        """
        if self._used:
            raise RuntimeError(
                "this GradientTape has already computed gradients; a tape answers one `gradient` "
                "call, so record a new tape for the next computation"
            )
        self._used = True
        single = not isinstance(sources, (list, tuple))
        sources = [sources] if single else list(sources)
        for s in [target] + sources:
            if not isinstance(s, Tensor):
                raise TypeError(
                    f"tape.gradient needs nnlib Tensors or Variables, got a {type(s).__name__}; "
                    "wrap trainable values in nnlib.Variable"
                )

        grads = {}
        if self._follows(target):  # d target / d target = 1, even for a Variable used in no operation
            grads[id(target)] = np.ones_like(target.numpy())
        for result, _, inputs in reversed(self._operations):
            upstream = grads.get(id(result))
            if upstream is None:
                continue
            for x, rule in inputs:
                g = unbroadcast(rule(upstream), x.shape)
                grads[id(x)] = grads[id(x)] + g if id(x) in grads else g

        self._gradients, self._gradient_target = grads, target
        answer = [Tensor(grads[id(s)]) if id(s) in grads else None for s in sources]
        return answer[0] if single else answer

    def graph(self, target):
        """The recorded computation of ``target``: a list of Nodes, each after the nodes it uses.

        Only what ``target`` depends on is included. After ``gradient(target, ...)``, each node also
        carries its gradient, which is what drawings of backpropagation show (for another target,
        the gradients are None).
        """
        made_by = {id(result): (op, [x for x, _ in inputs]) for result, op, inputs in self._operations}
        grads = self._gradients if target is self._gradient_target else {}
        order, seen = [], set()
        stack = [(target, False)] if id(target) in self._followed else []
        while stack:  # depth first, a node listed once all its inputs are (no recursion limit)
            tensor, inputs_listed = stack.pop()
            op, inputs = made_by.get(id(tensor), (None, []))
            if inputs_listed:
                order.append(Node(tensor, op, inputs, grads.get(id(tensor))))
            elif id(tensor) not in seen:
                seen.add(id(tensor))
                stack.append((tensor, True))
                stack.extend((x, False) for x in reversed(inputs) if id(x) not in seen)
        return order
