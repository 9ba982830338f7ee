"""nnlib.graphs.draw_graph: the drawing shows what the tape recorded, values and gradients included.

The expected numbers are worked out by hand for J = 3(ab + c) with a = 5, b = 4, c = 2 (the chapter's
example), or come from tf.GradientTape. Each box's texts carry a gid: "name", "value" or "grad".
"""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch  # noqa: E402

import nnlib  # noqa: E402
from nnlib import ops  # noqa: E402
from nnlib.autodiff import record  # noqa: E402
from nnlib.graphs import OP_SYMBOLS, draw_graph  # noqa: E402

NAMES = ["a", "b", "c", "u = ab", "v = u + c", "J = 3v"]


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def record_j(a=5.0, b=4.0, c=2.0):
    a, b, c = nnlib.Variable(a), nnlib.Variable(b), nnlib.Variable(c)
    with nnlib.GradientTape() as tape:
        u = a * b
        v = u + c
        J = 3 * v
    labels = dict(zip([a, b, c, u, v, J], NAMES))
    return tape, J, labels, (a, b, c)


def boxes(fig):
    """{name: {"value": text, "grad": text, "x": x, "y": y}} read back from the drawn texts: a box's
    value and gradient are written under its name, at the same x."""
    texts = [t for ax in fig.axes for t in ax.texts]
    found = {}
    for t in texts:
        if t.get_gid() == "name":
            x, y = t.get_position()
            found[t.get_text()] = {"x": x, "y": y}
    for t in texts:
        if t.get_gid() in ("value", "grad"):
            x, y = t.get_position()
            owner = min(found, key=lambda n: abs(found[n]["x"] - x) + abs(found[n]["y"] - y))
            assert t.get_gid() not in found[owner], f"two {t.get_gid()} texts in box {owner}"
            found[owner][t.get_gid()] = t.get_text()
    return found


def test_forward_values_and_no_gradients_before_tape_gradient():
    tape, J, labels, _ = record_j()
    fig = draw_graph(tape, J, labels=labels)
    assert isinstance(fig, Figure)
    drawn = boxes(fig)
    assert sorted(drawn) == sorted(NAMES)
    # u = ab = 20, v = u + c = 22, J = 3v = 66
    expected = {"a": 5, "b": 4, "c": 2, "u = ab": 20, "v = u + c": 22, "J = 3v": 66}
    assert {n: drawn[n]["value"] for n in NAMES} == {n: f"value {v}" for n, v in expected.items()}
    assert not any("grad" in box for box in drawn.values())
    assert not any("grad" in t.get_text() for ax in fig.axes for t in ax.texts)


def test_gradients_after_tape_gradient():
    tape, J, labels, sources = record_j()
    tape.gradient(J, list(sources))
    drawn = boxes(fig := draw_graph(tape, J, labels=labels))
    # dJ/dv = 3, dJ/du = dJ/dv * 1 = 3, dJ/dc = 3, dJ/da = 3b = 12, dJ/db = 3a = 15, dJ/dJ = 1
    expected = {"a": 12, "b": 15, "c": 3, "u = ab": 3, "v = u + c": 3, "J = 3v": 1}
    assert {n: drawn[n]["grad"] for n in NAMES} == {n: f"grad {g}" for n, g in expected.items()}
    assert all(t.get_color() != "black" for ax in fig.axes for t in ax.texts if t.get_gid() == "grad")
    assert drawn["a"]["value"] == "value 5"  # the values are still there


def test_gradients_agree_with_tensorflow_for_other_values():
    tf = pytest.importorskip("tensorflow")
    values = (1.5, -2.25, 0.75)
    tape, J, labels, sources = record_j(*values)
    tape.gradient(J, list(sources))
    drawn = boxes(draw_graph(tape, J, labels=labels))
    a, b, c = (tf.Variable(v, dtype=tf.float64) for v in values)
    with tf.GradientTape() as tf_tape:
        J_tf = 3 * (a * b + c)
    grads = tf_tape.gradient(J_tf, [a, b, c])
    for name, g in zip("abc", grads):
        assert drawn[name]["grad"] == f"grad {g.numpy():.4g}"
    assert drawn["J = 3v"]["value"] == f"value {J_tf.numpy():.4g}"


def test_forward_pass_reads_left_to_right():
    tape, J, labels, _ = record_j()
    x = {n: box["x"] for n, box in boxes(draw_graph(tape, J, labels=labels)).items()}
    assert max(x["a"], x["b"]) < x["u = ab"] < x["v = u + c"] < x["J = 3v"]
    assert x["c"] < x["v = u + c"]


def test_one_circle_per_operation_and_arrows_that_meet_the_boxes():
    tape, J, labels, _ = record_j()
    fig = draw_graph(tape, J, labels=labels)
    ax = fig.axes[0]
    circles = [p for p in ax.patches if isinstance(p, Circle)]
    symbols = sorted(t.get_text() for t in ax.texts if t.get_gid() == "op")
    assert len(circles) == 3 and symbols == sorted(["×", "+", "×"])
    assert [t.get_text() for t in ax.texts if t.get_gid() == "constant"] == ["constant"]  # the 3
    shapes = [p for p in ax.patches if isinstance(p, (Circle, FancyBboxPatch))]
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    # a, b -> x -> u;  u, c -> + -> v;  v -> x -> J;  and the constant's arrow into the last x
    assert len(arrows) == 9
    fig.canvas.draw()  # arrows are clipped to the patches they join when drawn
    for arrow in arrows:
        path = arrow.get_path()  # in data coordinates: the shaft, then the head
        head = np.flatnonzero(path.codes == path.MOVETO)[1]
        # The tail and the tip of the shaft each touch a box or a circle (or, for the constant's
        # grey arrow, the tail is free).
        for point in (path.vertices[0], path.vertices[head - 1]):
            gaps = [_distance_to_outline(shape, point) for shape in shapes]
            assert min(gaps) < 0.06 or arrow.get_edgecolor()[0] > 0.5, (point, min(gaps))


def _distance_to_outline(shape, point):
    """How far a point is from the outline of a Circle or a (rounded) box, in data units."""
    if isinstance(shape, Circle):
        return abs(np.hypot(*(point - shape.center)) - shape.radius)
    x0, y0, w, h = shape.get_x(), shape.get_y(), shape.get_width(), shape.get_height()
    dx = max(x0 - point[0], 0, point[0] - x0 - w)
    dy = max(y0 - point[1], 0, point[1] - y0 - h)
    if dx == 0 and dy == 0:  # inside: distance to the nearest side
        return min(point[0] - x0, x0 + w - point[0], point[1] - y0, y0 + h - point[1])
    return np.hypot(dx, dy)


def test_a_variable_used_twice_gets_two_arrows():
    x = nnlib.Variable(3.0, name="x")
    with nnlib.GradientTape() as tape:
        y = x * x
    tape.gradient(y, [x])
    fig = draw_graph(tape, y)
    drawn = boxes(fig)
    assert drawn["x"]["grad"] == "grad 6" and drawn["multiply"]["value"] == "value 9"
    assert len([p for p in fig.axes[0].patches if isinstance(p, FancyArrowPatch)]) == 3


def test_collapse_keeps_sources_named_tensors_and_target():
    tf = pytest.importorskip("tensorflow")
    x, y = np.array([2.0, 1.0]), 1.0
    w, b = nnlib.Variable([0.5, -0.3], name="w"), nnlib.Variable(0.1, name="b")
    with nnlib.GradientTape() as tape:
        z = ops.sum(w * x) + b
        phi = 1 / (1 + ops.exp(-z))
        loss = -(y * ops.log(phi) + (1 - y) * ops.log(1 - phi))
    tape.gradient(loss, [w, b])
    fig = draw_graph(tape, loss, labels={z: "z", phi: "phi", loss: "L"}, collapse=True)
    drawn = boxes(fig)
    assert sorted(drawn) == ["L", "b", "phi", "w", "z"]
    # w -> z, z -> phi and phi -> L each stand for several operations (dashed); b -> z is one add
    arrows = [p for p in fig.axes[0].patches if isinstance(p, FancyArrowPatch)]
    assert sorted(a.get_linestyle() for a in arrows) == ["dashed", "dashed", "dashed", "solid"]
    w_tf, b_tf = tf.Variable([0.5, -0.3], dtype=tf.float64), tf.Variable(0.1, dtype=tf.float64)
    with tf.GradientTape() as tf_tape:
        z_tf = tf.reduce_sum(w_tf * x) + b_tf
        phi_tf = tf.sigmoid(z_tf)
        loss_tf = -(y * tf.math.log(phi_tf) + (1 - y) * tf.math.log(1 - phi_tf))
    g_w, g_b, g_z = tf_tape.gradient(loss_tf, [w_tf, b_tf, z_tf])
    assert drawn["b"]["grad"] == f"grad {g_b.numpy():.4g}"
    assert drawn["z"]["grad"] == f"grad {g_z.numpy():.4g}"  # dL/dz = phi - y
    assert drawn["w"]["grad"] == "grad [" + ", ".join(f"{g:.3g}" for g in g_w.numpy()) + "]"
    assert drawn["phi"]["value"] == f"value {phi_tf.numpy():.4g}"


def test_an_affine_operation_is_drawn_with_its_symbol_and_its_constant():
    # Dense records x @ kernel + bias as one operation, "affine"; the data x is not followed
    x = np.array([[1.0, 2.0]])
    kernel = nnlib.Variable([[0.5], [-1.0]], name="kernel")
    bias = nnlib.Variable([0.25], name="bias")
    with nnlib.GradientTape() as tape:
        k, b = kernel.numpy(), bias.numpy()
        y = record(x @ k + b, [(nnlib.Tensor(x), lambda g: g @ k.T), (kernel, lambda g: x.T @ g),
                               (bias, lambda g: g.sum(axis=0))], "affine")
    fig = draw_graph(tape, y, labels={y: "y"})
    texts = fig.axes[0].texts
    assert [t.get_text() for t in texts if t.get_gid() == "op"] == [OP_SYMBOLS["affine"]]
    assert OP_SYMBOLS["affine"] != "affine"  # a symbol, not the name drawn for an op without one
    assert [t.get_text() for t in texts if t.get_gid() == "constant"] == ["constant"]  # x
    assert boxes(fig)["y"]["value"] == "value -1.25"  # 1 * 0.5 + 2 * -1 + 0.25


def test_a_dense_layer_draws_as_one_affine_operation():
    layer = nnlib.layers.Dense(3)
    with nnlib.GradientTape() as tape:
        y = layer(np.ones((4, 2)))
    fig = draw_graph(tape, y)
    assert sorted(boxes(fig)) == ["affine", "bias", "kernel"]
    assert [t.get_text() for t in fig.axes[0].texts if t.get_gid() == "op"] == ["@+"]


@pytest.mark.parametrize("make_target", [
    lambda tape, J: nnlib.Variable(1.0),                 # a Variable the tape never saw
    lambda tape, J: nnlib.Variable(2.0) * 3.0,           # computed after the tape stopped recording
    lambda tape, J: 66.0,                                # not a tensor at all
])
def test_a_target_the_tape_did_not_record_raises_a_clear_error(make_target):
    tape, J, labels, _ = record_j()
    with pytest.raises(ValueError, match="recorded no computation of this target"):
        draw_graph(tape, make_target(tape, J), labels=labels)


def test_a_target_recorded_on_another_tape_raises():
    tape, _, _, _ = record_j()
    other_tape, other_J, _, _ = record_j()
    with pytest.raises(ValueError, match="recorded no computation"):
        draw_graph(tape, other_J)
