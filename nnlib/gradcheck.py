"""Gradient checking: compare a tape's gradients with central finite differences.

The derivative of f at x is the limit of (f(x + h) - f(x - h)) / 2h as h shrinks. Nudging each entry of
each Variable in turn by a small h gives a slow but independent estimate of the whole gradient; if the
tape's answer differs, a backward rule is wrong. Use float64: in float32 the rounding error of
f(x + h) - f(x - h) swamps the estimate.

In the book: chapter 5, "Derivatives, gradients and the chain rule" (chapters/05_derivatives.ipynb).
"""
import numpy as np

from .autodiff import GradientTape, as_array


def _scalar(value):
    return float(np.sum(as_array(value)))  # the tape differentiates the sum of a non-scalar target too


def numeric_gradient(f, variables, h=1e-6):
    """Central-difference estimates of the gradient of ``f()`` with respect to each Variable."""
    estimates = []
    for v in variables:
        grad = np.zeros(v.shape)
        value = v.numpy()  # the Variable's own array: nudged in place, then restored
        for index in np.ndindex(v.shape):
            original = value[index]
            value[index] = original + h
            up = _scalar(f())
            value[index] = original - h
            down = _scalar(f())
            value[index] = original
            grad[index] = (up - down) / (2 * h)
        estimates.append(grad)
    return estimates


def gradcheck(f, variables, h=1e-6, rtol=1e-5, atol=1e-7):
    """Check the tape's gradient of ``f()`` against finite differences; return the largest gap.

    ``f`` takes no arguments and computes a value from ``variables`` (nnlib Variables). Raises
    AssertionError naming the Variable and the entry where the two disagree beyond
    ``atol + rtol * |finite difference|``.
    """
    with GradientTape() as tape:
        target = f()
    analytic = tape.gradient(target, list(variables))
    numeric = numeric_gradient(f, variables, h)
    largest = 0.0
    for i, (v, a, n) in enumerate(zip(variables, analytic, numeric)):
        a = np.zeros(v.shape) if a is None else a.numpy()
        gap = np.abs(a - n)
        largest = max(largest, float(gap.max(initial=0.0)))
        bad = gap > atol + rtol * np.abs(n)
        if bad.any():
            index = tuple(int(k) for k in np.argwhere(bad)[0])
            name = v.name or f"variables[{i}]"
            raise AssertionError(
                f"gradient of {name} at index {index}: the tape gives {float(a[index]):.6g}, "
                f"finite differences give {float(n[index]):.6g}"
            )
    return largest
