"""Pictures for the book, drawn with matplotlib.

``import nnlib`` does not import this module (nor matplotlib); import it yourself::

    from nnlib.viz import draw_broadcast

:func:`draw_broadcast` draws ``a + b`` for two shapes of rank 0, 1 or 2. Both operands are drawn on the
grid of the result: the cells an operand really holds are solid, the copies that broadcasting makes by
stretching it are faded and hatched. When the shapes do not broadcast, it draws the two operands as
they are and marks the axis that disagrees. Whether shapes broadcast, and along which axes an operand
is copied, is decided by :mod:`nnlib.shapes`; nothing here re-implements the rule.

:func:`draw_graph` draws the computation a GradientTape recorded, with forward values and gradients.
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
    """(rows, columns) of a shape of rank <= 2 drawn as a grid: () is 1x1, (n,) is one row of n."""
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


# Computation graphs ------------------------------------------------------------------------------
# (imported here, next to the one function that uses them)
from matplotlib.font_manager import FontProperties  # noqa: E402
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch  # noqa: E402
from matplotlib.textpath import TextPath  # noqa: E402

OP_SYMBOLS = {"add": "+", "subtract": "−", "multiply": "×", "divide": "÷", "power": "^",
              "matmul": "@", "negative": "−", "exp": "exp", "log": "log", "square": "x²",
              "sqrt": "√", "abs": "|x|", "maximum": "max", "minimum": "min", "sum": "Σ",
              "mean": "mean", "reshape": "reshape", "transpose": "ᵀ", "take": "[ ]", "clip": "clip",
              "where": "where"}
GRAPH_STYLE = {  # face and edge colours of the boxes; gradients are written in GRAD_COLOR
    "source": ("#e8f1fb", "#4a7ab5"), "op": ("#fdf3e1", "#c98a1b"), "target": ("#e5f5e0", "#31a354")}
ARITY = {"add": 2, "subtract": 2, "multiply": 2, "divide": 2, "power": 2, "matmul": 2,
         "maximum": 2, "minimum": 2, "where": 2, "clip": 3}  # tensor operands of each operation
GRAD_COLOR = "#c0392b"
GAP_X, GAP_Y = 1.0, 0.4  # inches between boxes: room for an operation's circle and two arrows


def draw_graph(tape, target, labels=None, ax=None, collapse=False, title=None):
    """Draw the computation of ``target`` that ``tape`` recorded, and return the Figure.

    One box per tensor, with its name and its value from the forward pass; once ``tape.gradient``
    has run, the box also shows in red its gradient, d target / d tensor (the gradients of the target
    given to ``tape.gradient``). Each operation is a small circle with its symbol (× for multiply,
    exp, Σ for sum, ...), with arrows from the tensors it used to the tensor it made. The forward pass
    reads left to right, backpropagation right to left. Constants (plain numbers and arrays that the
    tape does not follow) are not recorded, so their values are unknown here: a grey "constant" arrow
    marks each one; say what it is in ``labels`` (``{J: "J = 3v"}``).

    ``labels`` maps tensors to names (``{a: "a", u: "u = ab"}``); other tensors are named by their
    Variable name or their operation. With ``collapse=True`` only the sources (Variables), the target
    and the tensors named in ``labels`` are drawn, each joined by a dashed arrow to the nearest drawn
    tensors it was computed from: a long chain of small operations, shown at the level of a
    derivation (z, phi, L). Every value and gradient drawn is the one the tape recorded.

    ``title`` is written above the drawing. Raises ValueError when the tape recorded no computation
    of ``target``.
    """
    nodes = tape.graph(target)
    if not nodes:
        raise ValueError(
            "draw_graph: the tape recorded no computation of this target. Compute it inside the "
            "tape's `with` block, from Variables (or tensors passed to tape.watch), and pass the "
            "tape that recorded it"
        )
    names = {id(t): name for t, name in (labels or {}).items()}
    nodes, inputs, direct = _drawn_graph(nodes, names, target, collapse)
    column, row = _layout(nodes, inputs, target)
    has_grad = any(node.grad is not None for node in nodes)

    def name_of(node):
        if id(node.tensor) in names:
            return names[id(node.tensor)]
        if node.op is None:
            return getattr(node.tensor, "name", None) or "variable"
        return node.op

    lines = {id(n.tensor): [name_of(n), f"value {_short(n.tensor.numpy())}"]
             + ([f"grad {_short(n.grad)}"] if n.grad is not None else []) for n in nodes}
    width = max(0.9, max(_text_width(s, bold=(i == 0)) for ls in lines.values()
                         for i, s in enumerate(ls)) + 0.3)
    # Up to a tenth of an inch: text extents differ in their last digits between matplotlib
    # versions and fonts, and the figure's size, made from this width, is part of its stored output.
    width = math.ceil(width * 10) / 10
    height = 0.28 + 0.2 * (3 if has_grad else 2)
    step_x, step_y = width + GAP_X, height + GAP_Y
    centre = {key: (column[key] * step_x, -row[key] * step_y) for key in column}

    left, right = -width / 2 - 0.2, max(x for x, _ in centre.values()) + width / 2 + 0.2
    top = max(y for _, y in centre.values()) + height / 2 + (0.5 if title else 0.15)
    constants = {id(n.tensor) for n in nodes  # operands the tape did not follow: a grey stub each
                 if direct[id(n.tensor)] and len(n.inputs) < ARITY.get(n.op, 1)}
    lowest = min(y for _, y in centre.values())
    stub_room = 0.25 if any(centre[k][1] == lowest for k in constants) else 0.0
    bottom = lowest - height / 2 - 0.45 - stub_room  # room for the stubs and the key below
    if ax is None:
        fig, ax = plt.subplots(figsize=(right - left, top - bottom))
        fig.subplots_adjust(0, 0, 1, 1)
    fig = ax.figure
    ax.set_xlim(left, right)
    ax.set_ylim(bottom, top)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.text((left + right) / 2, top - 0.12, title, ha="center", va="top", fontsize=12,
                gid="title")

    boxes = {}
    for node in nodes:
        key = id(node.tensor)
        x, y = centre[key]
        kind = "target" if node.tensor is target else "source" if node.op is None else "op"
        face, edge = GRAPH_STYLE[kind]
        box = FancyBboxPatch((x - width / 2, y - height / 2), width, height,
                             boxstyle="round,pad=0,rounding_size=0.08", fc=face, ec=edge,
                             lw=2 if kind == "target" else 1.2, gid=kind, zorder=2)
        ax.add_patch(box)
        boxes[key] = box
        first = y + height / 2 - 0.24
        for i, (text, gid) in enumerate(zip(lines[key], ["name", "value", "grad"])):
            ax.text(x, first - 0.2 * i, text, ha="center", va="center", zorder=3, gid=gid,
                    fontsize=10, fontweight="bold" if gid == "name" else "normal",
                    color=GRAD_COLOR if gid == "grad" else "black")

    arrow = dict(arrowstyle="-|>", mutation_scale=12, color="0.3", lw=1.2, zorder=1)
    for node in nodes:
        key = id(node.tensor)
        x, y = centre[key]
        if direct[key]:  # the operation that made this tensor: a circle just left of its box
            symbol = OP_SYMBOLS.get(node.op, node.op)
            radius = max(0.17, _text_width(symbol) / 2 + 0.07)
            op = Circle((x - width / 2 - GAP_X / 2, y), radius, fc="white", ec="0.3", lw=1.2,
                        gid="op", zorder=2)
            ax.add_patch(op)
            ax.text(*op.center, symbol, ha="center", va="center", fontsize=10, zorder=3, gid="op")
            ax.add_patch(FancyArrowPatch(op.center, (x, y), patchA=op, patchB=boxes[key], **arrow))
            if key in constants:
                cx, cy = op.center
                ax.add_patch(FancyArrowPatch((cx, cy - radius - 0.3), op.center, patchB=op,
                                             **{**arrow, "color": "0.6"}))
                ax.text(cx, cy - radius - 0.32, "constant", ha="center", va="top", fontsize=8,
                        color="0.45", gid="constant")
            end = op
        else:  # collapsed: arrows straight into the box, dashed where operations were left out
            end = boxes[key]
        seen = {}
        for source in inputs[key]:  # the same tensor used twice (x * x) gets a second, curved arrow
            k = seen[id(source)] = seen.get(id(source), -1) + 1
            one_step = any(source is x for x in node.inputs)
            ax.add_patch(FancyArrowPatch(centre[id(source)], end.center if direct[key] else (x, y),
                                         patchA=boxes[id(source)], patchB=end,
                                         linestyle="solid" if one_step else "dashed",
                                         connectionstyle=f"arc3,rad={0.3 * k}", **arrow))

    key_text = "value: forward pass, left to right"
    if has_grad:
        wrt = names.get(id(target), "(target)").split("=")[0].strip()
        key_text += f"      grad: d{wrt} / d(box), backpropagated right to left"
    if any(not any(x is d for d in node.inputs) for node in nodes for x in inputs[id(node.tensor)]):
        key_text += "      dashed arrow: several operations"
    ax.text((left + right) / 2, bottom + 0.12, key_text, ha="center", va="bottom", fontsize=8.5,
            color="0.35", gid="key")
    return fig


def _drawn_graph(nodes, names, target, collapse):
    """The nodes to draw, the inputs each is joined to, and whether those are its direct inputs.

    Without ``collapse`` every recorded node is drawn with its own inputs. With it, only sources, the
    target and named tensors are kept; a kept node is joined to the nearest kept tensors upstream.
    """
    if not collapse:
        return nodes, {id(n.tensor): n.inputs for n in nodes}, {id(n.tensor): n.op is not None
                                                                for n in nodes}
    by_id = {id(n.tensor): n for n in nodes}
    keep = [n for n in nodes if n.op is None or n.tensor is target or id(n.tensor) in names]
    kept = {id(n.tensor) for n in keep}

    upstream = {}  # id -> the kept tensors reached going upstream from it, in order, no repeats

    def nearest(tensor):
        if id(tensor) not in upstream:
            found = []
            for x in by_id[id(tensor)].inputs:
                for t in ([x] if id(x) in kept else nearest(x)):
                    if all(t is not f for f in found):
                        found.append(t)
            upstream[id(tensor)] = found
        return upstream[id(tensor)]

    inputs = {id(n.tensor): nearest(n.tensor) for n in keep}
    direct = {id(n.tensor): n.op is not None and len(inputs[id(n.tensor)]) == len(n.inputs)
              and all(a is b for a, b in zip(inputs[id(n.tensor)], n.inputs)) for n in keep}
    return keep, inputs, direct


def _layout(nodes, inputs, target):
    """Column and row of each node: a result one column right of its latest input, a source one
    column left of its first use, rows as in a tree drawn from the target back to the sources."""
    column, users = {}, {}
    for node in nodes:
        key = id(node.tensor)
        column[key] = 1 + max((column[id(x)] for x in inputs[key]), default=-1)
        for x in inputs[key]:
            users.setdefault(id(x), []).append(key)
    for node in nodes:
        key = id(node.tensor)
        if not inputs[key] and key in users:
            column[key] = min(column[u] for u in users[key]) - 1

    row, next_leaf = {}, [0]

    def place(key):  # a leaf takes the next free row; a result sits at the mean row of its inputs
        if key not in row:
            if inputs[key]:
                row[key] = float(np.mean([place(id(x)) for x in inputs[key]]))
            else:
                row[key] = float(next_leaf[0])
                next_leaf[0] += 1
        return row[key]

    place(id(target))
    for c in set(column.values()):  # push apart the boxes of one column that would overlap
        keys = sorted((k for k in column if column[k] == c), key=lambda k: row[k])
        for above, below in zip(keys, keys[1:]):
            row[below] = max(row[below], row[above] + 1)
    return column, row


def _text_width(text, bold=False, size=10):
    """Width of ``text`` in inches at ``size`` points (measured on the font, not guessed)."""
    prop = FontProperties(size=size, weight="bold" if bold else "normal")
    return TextPath((0, 0), text, prop=prop).get_extents().width / 72


def _short(value):
    """A value in a few characters: a number for a scalar, a short list, or else the shape."""
    value = np.asarray(value)
    if value.size == 1:
        return f"{value.item() + 0:.4g}"  # + 0 turns -0.0 into 0.0
    if value.ndim == 1 and value.size <= 3:
        return "[" + ", ".join(f"{v + 0:.3g}" for v in value) + "]"
    return f"shape {value.shape}"
