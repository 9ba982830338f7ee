"""Pictures of computation graphs, drawn with matplotlib.

``import nnlib`` does not import this module (nor matplotlib); import it yourself::

    from nnlib.graphs import draw_graph

:func:`draw_graph` draws the computation a GradientTape recorded, with forward values and gradients:
one box per tensor, one circle per operation, arrows from the tensors an operation used to the tensor
it made. Its parts each have one job: ``_drawn_graph`` picks the nodes to draw, ``_layout`` places
them in columns and rows, ``_frame`` turns those into inches, and ``_draw_boxes``,
``_draw_operations`` and ``_draw_key`` draw.

An operation is drawn with its symbol from ``OP_SYMBOLS``, keyed by the op name the tape recorded;
an op missing there is drawn with its name:

>>> OP_SYMBOLS["matmul"], OP_SYMBOLS["affine"], OP_SYMBOLS["add"]
('@', '@+', '+')

In the book: chapter 5, "Derivatives, gradients and the chain rule" (chapters/05_derivatives.ipynb).
"""
import math
from collections import namedtuple

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch
from matplotlib.textpath import TextPath

# The symbol in an operation's circle, by op name. "affine" is x @ kernel + bias recorded as one op.
OP_SYMBOLS = {"add": "+", "subtract": "−", "multiply": "×", "divide": "÷", "power": "^",
              "matmul": "@", "affine": "@+", "negative": "−", "exp": "exp", "log": "log",
              "square": "x²", "sqrt": "√", "abs": "|x|", "maximum": "max", "minimum": "min",
              "sum": "Σ", "mean": "mean", "reshape": "reshape", "transpose": "ᵀ", "take": "[ ]",
              "clip": "clip", "where": "where"}
GRAPH_STYLE = {  # face and edge colours of the boxes; gradients are written in GRAD_COLOR
    "source": ("#e8f1fb", "#4a7ab5"), "op": ("#fdf3e1", "#c98a1b"), "target": ("#e5f5e0", "#31a354")}
ARITY = {"add": 2, "subtract": 2, "multiply": 2, "divide": 2, "power": 2, "matmul": 2,
         "affine": 3, "maximum": 2, "minimum": 2, "where": 2, "clip": 3}  # tensor operands of each op
GRAD_COLOR = "#c0392b"
GAP_X, GAP_Y = 1.0, 0.4  # inches between boxes: room for an operation's circle and two arrows
ARROW_STYLE = dict(arrowstyle="-|>", mutation_scale=12, color="0.3", lw=1.2, zorder=1)

# Where things go, in inches: every box's size and centre, and the edges of the drawing.
_Frame = namedtuple("_Frame", "width height centre left right top bottom")


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
    lines = {id(n.tensor): _box_lines(n, names) for n in nodes}
    constants = {id(n.tensor) for n in nodes  # operands the tape did not follow: a grey stub each
                 if direct[id(n.tensor)] and len(n.inputs) < ARITY.get(n.op, 1)}
    has_grad = any(node.grad is not None for node in nodes)
    frame = _frame(nodes, inputs, target, lines, constants, has_grad, title)
    ax = _axes(ax, frame, title)
    boxes = _draw_boxes(ax, nodes, target, lines, frame)
    _draw_operations(ax, nodes, inputs, direct, constants, boxes, frame)
    _draw_key(ax, nodes, inputs, names, target, has_grad, frame)
    return ax.figure


def _box_lines(node, names):
    """The texts of a node's box: its name, its value and, once computed, its gradient."""
    if id(node.tensor) in names:
        name = names[id(node.tensor)]
    elif node.op is None:
        name = getattr(node.tensor, "name", None) or "variable"
    else:
        name = node.op
    return ([name, f"value {_short(node.tensor.numpy())}"]
            + ([f"grad {_short(node.grad)}"] if node.grad is not None else []))


def _frame(nodes, inputs, target, lines, constants, has_grad, title):
    """Every box's size and centre and the drawing's edges, in inches (see ``_Frame``).

    The boxes are as wide as the widest text, in columns and rows from :func:`_layout`; below them
    there is room for the constants' stubs and the key, above them for the title.
    """
    column, row = _layout(nodes, inputs, target)
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
    lowest = min(y for _, y in centre.values())
    stub_room = 0.25 if any(centre[k][1] == lowest for k in constants) else 0.0
    bottom = lowest - height / 2 - 0.45 - stub_room  # room for the stubs and the key below
    return _Frame(width, height, centre, left, right, top, bottom)


def _axes(ax, frame, title):
    """The axes to draw on (a new figure of the frame's size when ``ax`` is None), set to the frame."""
    if ax is None:
        fig, ax = plt.subplots(figsize=(frame.right - frame.left, frame.top - frame.bottom))
        fig.subplots_adjust(0, 0, 1, 1)
    ax.set_xlim(frame.left, frame.right)
    ax.set_ylim(frame.bottom, frame.top)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.text((frame.left + frame.right) / 2, frame.top - 0.12, title, ha="center", va="top",
                fontsize=12, gid="title")
    return ax


def _draw_boxes(ax, nodes, target, lines, frame):
    """One rounded box per node, with its texts (gids "name", "value", "grad"): {id: box}."""
    boxes = {}
    for node in nodes:
        key = id(node.tensor)
        x, y = frame.centre[key]
        kind = "target" if node.tensor is target else "source" if node.op is None else "op"
        face, edge = GRAPH_STYLE[kind]
        box = FancyBboxPatch((x - frame.width / 2, y - frame.height / 2), frame.width, frame.height,
                             boxstyle="round,pad=0,rounding_size=0.08", fc=face, ec=edge,
                             lw=2 if kind == "target" else 1.2, gid=kind, zorder=2)
        ax.add_patch(box)
        boxes[key] = box
        first = y + frame.height / 2 - 0.24
        for i, (text, gid) in enumerate(zip(lines[key], ["name", "value", "grad"])):
            ax.text(x, first - 0.2 * i, text, ha="center", va="center", zorder=3, gid=gid,
                    fontsize=10, fontweight="bold" if gid == "name" else "normal",
                    color=GRAD_COLOR if gid == "grad" else "black")
    return boxes


def _draw_operations(ax, nodes, inputs, direct, constants, boxes, frame):
    """The operation that made each drawn tensor, and the arrows from the tensors it used.

    A node whose drawn inputs are its own gets its operation's circle; a collapsed one gets arrows
    straight into its box, dashed where operations were left out.
    """
    for node in nodes:
        key = id(node.tensor)
        if direct[key]:
            end = _draw_operation(ax, node.op, frame.centre[key], frame.width, boxes[key],
                                  constant=key in constants)
            tip = end.center
        else:
            end, tip = boxes[key], frame.centre[key]
        seen = {}
        for source in inputs[key]:  # the same tensor used twice (x * x) gets a second, curved arrow
            k = seen[id(source)] = seen.get(id(source), -1) + 1
            one_step = any(source is x for x in node.inputs)
            ax.add_patch(FancyArrowPatch(frame.centre[id(source)], tip,
                                         patchA=boxes[id(source)], patchB=end,
                                         linestyle="solid" if one_step else "dashed",
                                         connectionstyle=f"arc3,rad={0.3 * k}", **ARROW_STYLE))


def _draw_operation(ax, op, centre, width, box, constant=False):
    """An operation's circle just left of the box at ``centre``, its symbol and its arrow into the box.

    With ``constant``, a grey stub from below marks an operand the tape did not follow. Returns the
    circle, for the arrows into it.
    """
    x, y = centre
    symbol = OP_SYMBOLS.get(op, op)
    radius = max(0.17, _text_width(symbol) / 2 + 0.07)
    circle = Circle((x - width / 2 - GAP_X / 2, y), radius, fc="white", ec="0.3", lw=1.2,
                    gid="op", zorder=2)
    ax.add_patch(circle)
    ax.text(*circle.center, symbol, ha="center", va="center", fontsize=10, zorder=3, gid="op")
    ax.add_patch(FancyArrowPatch(circle.center, (x, y), patchA=circle, patchB=box, **ARROW_STYLE))
    if constant:
        cx, cy = circle.center
        ax.add_patch(FancyArrowPatch((cx, cy - radius - 0.3), circle.center, patchB=circle,
                                     **{**ARROW_STYLE, "color": "0.6"}))
        ax.text(cx, cy - radius - 0.32, "constant", ha="center", va="top", fontsize=8,
                color="0.45", gid="constant")
    return circle


def _draw_key(ax, nodes, inputs, names, target, has_grad, frame):
    """The line under the drawing that says how to read it (gid "key")."""
    key_text = "value: forward pass, left to right"
    if has_grad:
        wrt = names.get(id(target), "(target)").split("=")[0].strip()
        key_text += f"      grad: d{wrt} / d(box), backpropagated right to left"
    if any(not any(x is d for d in node.inputs) for node in nodes for x in inputs[id(node.tensor)]):
        key_text += "      dashed arrow: several operations"
    ax.text((frame.left + frame.right) / 2, frame.bottom + 0.12, key_text, ha="center",
            va="bottom", fontsize=8.5, color="0.35", gid="key")


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
    """A value in a few characters: a number for a scalar, a short list, or else the shape.

    >>> _short(3.0), _short([0.5, -0.0]), _short(np.zeros((2, 3)))
    ('3', '[0.5, 0]', 'shape (2, 3)')
    """
    value = np.asarray(value)
    if value.size == 1:
        return f"{value.item() + 0:.4g}"  # + 0 turns -0.0 into 0.0
    if value.ndim == 1 and value.size <= 3:
        return "[" + ", ".join(f"{v + 0:.3g}" for v in value) + "]"
    return f"shape {value.shape}"
