"""nnlib.viz.draw_broadcast: the cells it draws are the cells broadcasting makes.

Every cell is a matplotlib Rectangle whose gid says what it is: "a" or "b" (a value the operand
holds), "copy" (a copy made by stretching) or "a + b" (the result). The expected counts come from
numpy's broadcasting, not from nnlib.
"""
import io
import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

from nnlib.viz import draw_broadcast  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def cells(fig):
    """How many Rectangles of each kind the figure's axes hold, and their hatches."""
    rects = [p for ax in fig.axes for p in ax.patches if isinstance(p, Rectangle)]
    counts = {}
    for r in rects:
        counts[r.get_gid()] = counts.get(r.get_gid(), 0) + 1
    return counts, rects


def texts(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts]


@pytest.mark.parametrize(
    "a_shape, b_shape",
    [((4, 3), (3,)), ((3, 1), (1, 4)), ((4, 1), (3,)), ((3,), (3, 1)), ((), (2, 3)), ((2, 2), (2, 2))],
)
def test_compatible_pair_draws_operands_copies_and_result(a_shape, b_shape):
    fig = draw_broadcast(a_shape, b_shape)
    assert isinstance(fig, Figure)
    out = np.broadcast_shapes(a_shape, b_shape)
    size = math.prod(out)
    counts, rects = cells(fig)
    # Each operand is drawn on the result's grid: its own values plus the copies that fill the grid.
    copies = 2 * size - math.prod(a_shape) - math.prod(b_shape)
    assert counts.get("a") == math.prod(a_shape) and counts.get("b") == math.prod(b_shape)
    assert counts.get("copy", 0) == copies and counts.get("a + b") == size
    assert len(rects) == 3 * size
    assert all(r.get_hatch() for r in rects if r.get_gid() == "copy")
    assert not any(r.get_hatch() for r in rects if r.get_gid() != "copy")
    assert fig.axes[0].get_title() == f"{a_shape} + {b_shape} broadcast to {out}"


def test_cells_show_the_values_and_their_sums():
    a = np.array([[1], [2]])
    b = np.array([100, 200, 300])
    fig = draw_broadcast((2, 1), (3,), a=a, b=b)
    written = texts(fig)
    for value in (a + b).ravel():  # every sum appears in the result grid
        assert str(value) in written
    assert written.count("100") == 2  # b's first value: once held, once copied to the second row
    assert written.count("2") == 3  # a's second value: once held, copied to two more columns


@pytest.mark.parametrize(
    "a_shape, b_shape, axis",
    [((4, 3), (4,), -1), ((4,), (2,), -1), ((2, 3), (3, 3), -2), ((3, 1), (2, 4), -2)],
)
def test_incompatible_pair_draws_both_operands_and_names_the_axis(a_shape, b_shape, axis):
    fig = draw_broadcast(a_shape, b_shape)
    assert isinstance(fig, Figure)
    counts, _ = cells(fig)
    assert counts == {"a": math.prod(a_shape), "b": math.prod(b_shape)}
    assert fig.axes[0].get_title() == f"{a_shape} and {b_shape} do not broadcast: axis {axis} disagrees"
    assert any(f"axis {axis}: sizes differ and neither is 1" in t for t in texts(fig))


def test_draws_into_a_given_axes():
    fig, (left, right) = plt.subplots(1, 2)
    assert draw_broadcast((4, 3), (3,), ax=right) is fig
    assert not left.patches and len(right.patches) == 36


def test_rejects_what_it_cannot_draw():
    with pytest.raises(ValueError, match="rank"):
        draw_broadcast((2, 3, 4), (4,))
    with pytest.raises(ValueError, match=r"\(2,\)"):
        draw_broadcast((3,), (3,), a=np.ones(2))


def test_drawing_is_deterministic():
    def png():
        buffer = io.BytesIO()
        draw_broadcast((4, 1), (3,)).savefig(buffer, format="png")
        return buffer.getvalue()

    assert png() == png()
