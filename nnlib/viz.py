"""Pictures of broadcasting for the book, drawn with matplotlib.

``import nnlib`` does not import this module (nor matplotlib); import it yourself::

    from nnlib.viz import draw_broadcast

:func:`draw_broadcast` draws ``a + b`` for two shapes of rank 0, 1 or 2. Both operands are drawn on the
grid of the result: the cells an operand really holds are solid, the copies that broadcasting makes by
stretching it are faded and hatched. When the shapes do not broadcast, it draws the two operands as
they are and marks the axis that disagrees. Whether shapes broadcast, and along which axes an operand
is copied, is decided by :mod:`nnlib.shapes`; nothing here re-implements the rule.

Computation graphs, the drawings of what a GradientTape recorded, are in :mod:`nnlib.graphs`.

In the book: chapter 2, "Broadcasting" (chapters/02_broadcasting.ipynb).
"""
import math

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Patch, Rectangle

from .naive import broadcast_to
from .shapes import broadcast_axes, broadcast_shapes

COLORS = {"a": "#9ecae1", "b": "#fdae6b", "a + b": "#a1d99b"}
MISMATCH = "#d62728"
GAP = 1.6  # blank cells between two grids, where "+" and "=" go


def _as_grid(shape):
    """(rows, columns) of a shape of rank <= 2 drawn as a grid: () is 1x1, (n,) is one row of n.

    >>> _as_grid(()), _as_grid((3,)), _as_grid((2, 3))
    ((1, 1), (1, 3), (2, 3))
    """
    return ((1, 1) + tuple(shape))[-2:]


def _disagreeing_axis(a_shape, b_shape):
    """The axis, counted from the right (-1, -2), where two shapes first fail to broadcast."""
    for k in range(1, max(len(a_shape), len(b_shape)) + 1):
        try:
            broadcast_shapes(a_shape[-k:], b_shape[-k:])
        except ValueError:
            return -k
    return None


def _grid(ax, x0, values, kind, copied_axes=()):
    """Draw ``values`` (rank 2) with the top-left corner at (x0, 0); cells along ``copied_axes`` are
    copies (all but index 0), drawn faded and hatched. Each cell is a Rectangle whose gid is its kind."""
    for (i, j), value in np.ndenumerate(values):
        copy = any((i, j)[axis] > 0 for axis in copied_axes)
        ax.add_patch(Rectangle(
            (x0 + j, -i - 1), 1, 1, facecolor=COLORS[kind], edgecolor="black", linewidth=1,
            alpha=0.35 if copy else 1.0, hatch="///" if copy else None, gid="copy" if copy else kind,
        ))
        ax.text(x0 + j + 0.5, -i - 0.5, f"{value:g}", ha="center", va="center", fontsize=9,
                color="0.45" if copy else "black")


def _aligned(rows):
    """Shapes written one under the other, lined up on their last axis, as a monospace block."""
    width = max(len(str(n)) for _, shape in rows for n in shape) if any(s for _, s in rows) else 1
    rank = max(len(shape) for _, shape in rows)
    lines = []
    for name, shape in rows:
        cells = [" " * width] * (rank - len(shape)) + [str(n).rjust(width) for n in shape]
        lines.append(f"{name:>6}  " + "  ".join(cells))
    return lines, width


def _caption(name, shape, result):
    """Under a grid: the operand's shape, then what padding and stretching make of it."""
    lines = [f"{name}: {shape}"]
    if len(shape) < len(result):
        lines.append(f"padded to {(1,) * (len(result) - len(shape)) + shape}")
    if math.prod(result) > math.prod(shape):  # copies were made
        lines.append(f"stretched to {result}")
    return "\n".join(lines)


def draw_broadcast(a_shape, b_shape, a=None, b=None, ax=None):
    """Draw how ``a + b`` broadcasts for shapes of rank 0, 1 or 2, and return the matplotlib Figure.

    ``a`` and ``b`` are optional arrays of those shapes whose values are written in the cells (by
    default a counts 0, 1, 2, ... and b counts 10, 20, 30, ..., so every sum shows where it came from).
    A compatible pair is drawn as three grids of the result's shape: a, b (copies hatched) and a + b.
    A pair that does not broadcast is drawn as the two operands, with the disagreeing axis in red.
    """
    a_shape, b_shape = tuple(a_shape), tuple(b_shape)
    if len(a_shape) > 2 or len(b_shape) > 2 or 0 in a_shape + b_shape:
        raise ValueError(f"draw_broadcast draws shapes of rank <= 2 with sizes >= 1, got {a_shape} "
                         f"and {b_shape}")
    a = np.arange(math.prod(a_shape)).reshape(a_shape) if a is None else np.asarray(a)
    b = 10 * np.arange(1, math.prod(b_shape) + 1).reshape(b_shape) if b is None else np.asarray(b)
    if a.shape != a_shape or b.shape != b_shape:
        raise ValueError(f"values of shapes {a.shape} and {b.shape} given for {a_shape} and {b_shape}")
    own_figure = ax is None
    if own_figure:
        _, ax = plt.subplots()
    ax.set_aspect("equal")
    ax.axis("off")
    try:
        result = broadcast_shapes(a_shape, b_shape)
    except ValueError:
        result = None
        width, rows, block = _draw_mismatch(ax, a, b)
    else:
        width, rows, block = _draw_sum(ax, a, b, result)

    ax.text(width + 1.0, -rows / 2, "\n".join(["shapes, lined up", "from the right:", ""] + block),
            family="monospace", fontsize=9, va="center", color=MISMATCH if result is None else "black")
    left, right = -1.2, width + 1.5 + 0.2 * max(map(len, block))
    bottom, top = -rows - (1.6 if result is None else 2.6), 1.3
    ax.set_xlim(left, right)
    ax.set_ylim(bottom, top)
    if own_figure:  # half an inch a cell, plus room for the title
        ax.figure.set_size_inches(0.5 * (right - left), 0.5 * (top - bottom) + 0.6)
    return ax.figure


def _draw_sum(ax, a, b, result):
    """a, b and a + b, each on the result's grid; returns the drawing's width and height in cells and
    the lines of the shapes lined up from the right."""
    rows, cols = _as_grid(result)
    xs = [0, cols + GAP, 2 * (cols + GAP)]
    offset = 2 - len(result)  # axis k of the result is axis offset + k of the grid
    for x0, name, values in [(xs[0], "a", a), (xs[1], "b", b)]:
        copied = [offset + axis for axis in broadcast_axes(values.shape, result)]
        _grid(ax, x0, broadcast_to(values, result).reshape(rows, cols), name, copied)
    _grid(ax, xs[2], (a + b).reshape(rows, cols), "a + b")
    captions = [_caption("a", a.shape, result), _caption("b", b.shape, result), f"a + b: {result}"]
    for x0, caption in zip(xs, captions):
        ax.text(x0 + cols / 2, -rows - 0.3, caption, ha="center", va="top", fontsize=9)
    for x, sign in [(xs[1] - GAP / 2, "+"), (xs[2] - GAP / 2, "=")]:
        ax.text(x, -rows / 2, sign, ha="center", va="center", fontsize=16)
    ax.set_title(f"{a.shape} + {b.shape} broadcast to {result}", fontsize=11)
    ax.legend(handles=[Patch(facecolor="white", edgecolor="black", label="a value the operand holds"),
                       Patch(facecolor="white", edgecolor="black", hatch="///", alpha=0.35,
                             label="copy made by stretching")],
              loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=2, fontsize=8, frameon=False)
    block, _ = _aligned([("a", a.shape), ("b", b.shape), ("a + b", result)])
    return 3 * cols + 2 * GAP, rows, block


def _draw_mismatch(ax, a, b):
    """a and b as they are, with the axis that disagrees marked in red; returns what _draw_sum does."""
    axis = _disagreeing_axis(a.shape, b.shape)
    (a_rows, a_cols), (b_rows, b_cols) = _as_grid(a.shape), _as_grid(b.shape)
    gap = GAP + 1  # room for the red labels
    for x0, name, values in [(0, "a", a), (a_cols + gap, "b", b)]:
        rows, cols = _as_grid(values.shape)
        _grid(ax, x0, values.reshape(rows, cols), name)
        ax.text(x0 + cols / 2, -max(a_rows, b_rows) - 0.3, f"{name}: {values.shape}", ha="center",
                va="top", fontsize=9)
        if axis == -1:  # the columns disagree: mark the top edge
            ax.plot([x0, x0 + cols], [0.25, 0.25], color=MISMATCH, linewidth=3)
            ax.text(x0 + cols / 2, 0.45, f"{cols} columns", color=MISMATCH, ha="center", fontsize=9)
        else:  # the rows disagree: mark the left edge
            ax.plot([x0 - 0.25, x0 - 0.25], [0, -rows], color=MISMATCH, linewidth=3)
            ax.text(x0 - 0.45, -rows / 2, f"{rows} rows", color=MISMATCH, ha="right", va="center",
                    fontsize=9, rotation=90)
    ax.text(a_cols + 0.45, -max(a_rows, b_rows) / 2, "≠", ha="center", va="center", fontsize=16,
            color=MISMATCH)
    ax.set_title(f"{a.shape} and {b.shape} do not broadcast: axis {axis} disagrees", fontsize=11)
    block, width = _aligned([("a", a.shape), ("b", b.shape)])
    block.append(" " * (len(block[0]) - 1 - (width + 2) * (-axis - 1)) + "^")
    block.append(f"axis {axis}: sizes differ and neither is 1")
    return a_cols + gap + b_cols, max(a_rows, b_rows), block

