"""Checks on hyperparameters, with messages that say what is wrong: for the optimizers and the schedules.

    >>> check_range("momentum", 0.9, 0, 1)
    0.9
    >>> check_range("decay_steps", 0, 0, low_included=False)
    Traceback (most recent call last):
    ...
    ValueError: decay_steps must be > 0, got 0

In the book: chapter 6, "Optimizers" (chapters/06_optimizers.ipynb).
"""
import math

import numpy as np


def check_number(name, value):
    """``value`` as a float, after checking that it is a number (not a bool, a string or a function)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ValueError(f"{name} must be a number, got {value!r}")
    return float(value)


def check_range(name, value, low, high=math.inf, high_included=True, low_included=True):
    """``value`` as a float, after checking that it lies in [low, high] (brackets as the flags say)."""
    value = check_number(name, value)
    above = low <= value if low_included else low < value
    below = value <= high if high_included else value < high
    if not (above and below):
        if high == math.inf:
            allowed = f"{'>=' if low_included else '>'} {low:g}"
        elif low == -math.inf:
            allowed = f"{'<=' if high_included else '<'} {high:g}"
        else:
            allowed = f"in {'[' if low_included else '('}{low:g}, {high:g}{']' if high_included else ')'}"
        raise ValueError(f"{name} must be {allowed}, got {value:g}")
    return value
