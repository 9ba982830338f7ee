"""nnlib.figure_data and nnlib.interactive: the data of the book's interactive figures is nnlib's,
stored so that it holds.

What figure_data computes and the charts store is checked against the tested computations, run here
separately:
landscapes.path with optimizers made by hand, the activations' derivative formulas, and the closed
form of descent on a parabola. The codes the charts decode are decoded here as the chart does, and
the stored HTML is the same text on every build. That the browser draws these numbers is
tests/book/test_interactive_figures.py's job.
"""
import json
import re

import numpy as np
import pytest

from nnlib import activations, figure_data, interactive, landscapes, optimizers
from nnlib.explorer import make_surface
from tests.nnlib.test_import import modules_after

alt = pytest.importorskip("altair", reason="Altair is in the book extra")


def test_import_nnlib_and_the_modules_do_not_import_altair():
    loaded = modules_after("import nnlib, nnlib.figure_data, nnlib.interactive")
    assert sorted(m for m in loaded if m.split(".")[0] in ("altair", "matplotlib", "contourpy")) == []


def test_coordinates_round_trip_to_a_ten_thousandth_of_the_frame():
    values = np.array([-5.0, -4.99994, 0.123456, 4.99999, 5.0, 12.5, -22.9])
    decoded = figure_data.decode_coordinates(figure_data.encode_coordinates(values, -5.0, 10.0),
                                             -5.0, 10.0)
    np.testing.assert_allclose(decoded, values, atol=10.0 / 20_000 + 1e-12)
    far = figure_data.encode_coordinates([60.0, -40.0, np.nan, np.inf], -5.0, 10.0)
    assert far == "zzz" * 4
    assert np.isnan(figure_data.decode_coordinates(far, -5.0, 10.0)).all()


def test_losses_round_trip_to_a_fiftieth_of_a_decade():
    gaps = np.array([1e-20, 0.0, -1e-3, 3.3e-12, 0.5, 7.0, 2e4, 1e12])
    decoded = figure_data.decode_losses(figure_data.encode_losses(gaps))
    expected = np.clip(np.maximum(gaps, 1e-16), 1e-16, 10 ** 9.9)
    np.testing.assert_allclose(np.log10(decoded), np.log10(expected), atol=0.0101)


@pytest.fixture(scope="module")
def small_runs():
    return figure_data.explorer_runs(steps=25, surfaces=("quadratic", "saddle"),
                                     optimizer_names=("SGD", "Adam"))


def by_hand(name, learning_rate, momentum):
    if name == "SGD":
        return optimizers.SGD(learning_rate=learning_rate, momentum=momentum)
    return optimizers.Adam(learning_rate=learning_rate)  # Keras's default beta_1, 0.9


def test_every_run_is_landscapes_path_with_the_optimizer_it_names(small_runs):
    assert len(small_runs) == 2 * (16 * 10 + 16)
    for run in small_runs[::7]:
        surface = make_surface(run["surface"])
        points, losses = landscapes.path(surface, by_hand(run["optimizer"], run["learning_rate"],
                                                          run["momentum"]), steps=25)
        np.testing.assert_array_equal(run["points"], points)
        np.testing.assert_array_equal(run["losses"], losses)
        assert run["diverged"] == (len(points) < 26)
        assert run["learning_rate"] == 10 ** (run["k"] / figure_data.PER_DECADE)
        assert (run["momentum"] is None) == (run["optimizer"] != "SGD")


def test_the_grid_spans_a_hundredth_to_ten_times_the_suggested_rate_and_holds_divergence(small_runs):
    grid = figure_data.learning_rate_grid("quadratic", "SGD")
    assert len(grid) == 16 and np.all(np.diff(grid) == 1)
    assert 10 ** (grid[0] / 5) == pytest.approx(0.05 / 100, rel=0.3)
    assert 10 ** (grid[-1] / 5) == pytest.approx(0.05 * 10, rel=0.3)
    sgd = [r for r in small_runs if r["optimizer"] == "SGD" and r["surface"] == "quadratic"]
    assert {r["momentum"] for r in sgd} == set(figure_data.MOMENTA)
    assert any(r["diverged"] for r in sgd) and not all(r["diverged"] for r in sgd)


def test_a_diverged_run_is_kept_until_it_leaves_the_frame_for_good(small_runs):
    diverged = [r for r in small_runs if r["diverged"]]
    assert diverged
    for run in diverged:
        x0, y0, width = figure_data.explorer_frame(make_surface(run["surface"]))
        inside = np.all((run["points"] >= [x0, y0]) & (run["points"] <= [x0 + width, y0 + width]), axis=1)
        kept = run["kept"]
        assert not inside[kept - 1:].any() and (kept == 1 or inside[kept - 2])


def decode_run(row, frame):
    x0, y0, width = frame
    codes = row["p"]
    assert len(codes) == 8 * row["n"]
    xs = "".join(codes[i:i + 3] for i in range(0, len(codes), 8))
    ys = "".join(codes[i + 3:i + 6] for i in range(0, len(codes), 8))
    ls = "".join(codes[i + 6:i + 8] for i in range(0, len(codes), 8))
    return (np.stack([figure_data.decode_coordinates(xs, x0, width),
                      figure_data.decode_coordinates(ys, y0, width)], axis=1),
            figure_data.decode_losses(ls))


@pytest.fixture(scope="module")
def explorer(small_runs):
    return interactive.optimizer_explorer(small_runs, steps=25)


def test_the_chart_stores_each_run_to_a_ten_thousandth_of_its_frame(small_runs, explorer):
    rows = explorer.spec["datasets"]["explorer_runs"]
    assert len(rows) == len(small_runs)
    for run, row in zip(small_runs, rows):
        surface = make_surface(run["surface"])
        frame = figure_data.explorer_frame(surface)
        assert (figure_data.EXPLORER_SURFACES[row["s"]], figure_data.EXPLORER_OPTIMIZERS[row["o"]],
                row["k"]) == (run["surface"], run["optimizer"], run["k"])
        assert row["d"] == (len(run["points"]) if run["diverged"] else -1)
        points, gaps = decode_run(row, frame)
        kept = run["points"][:row["n"]]
        # codes reach from 1.8 frame widths below the frame's lower edge to 2.66 above it
        where = (kept - np.array(frame[:2])) / frame[2]
        reachable = (where > -1.79) & (where < 2.66)
        np.testing.assert_allclose(points[reachable], kept[reachable], atol=frame[2] / 20_000 + 1e-12)
        assert np.isnan(points[~reachable]).all()
        gap = np.maximum(run["losses"][:row["n"]] - surface.min_loss, figure_data.loss_floor(surface))
        np.testing.assert_allclose(np.log10(gaps),
                                   np.log10(np.minimum(gap, 10 ** 9.9)), atol=0.0101)


def test_the_stored_html_is_the_same_on_every_build_and_names_everything(small_runs, explorer):
    again = interactive.optimizer_explorer(small_runs, steps=25)
    assert again.html() == explorer.html()
    html = explorer.html()
    spec = json.loads(re.search(r'<script type="application/json" class="nnlib-vega-spec">(.*?)</script>',
                                html, re.S).group(1))
    assert spec == explorer.spec
    text = json.dumps(spec)
    assert not re.search(r'"(param|view|data)[-_]\d', text), "an automatic name: name it"
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v5.")
    names = {p["name"] for p in spec["params"]}
    assert {"optimizer", "surface", "log_lr", "momentum", "steps"} <= names
    bound = [p for p in spec["params"] if "bind" in p]
    assert all(p["bind"]["name"].strip() and p["bind"]["element"] == f"#{explorer.name}-controls"
               for p in bound)
    assert len(spec["description"].split()) > 30
    bundle = explorer._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/plain"} and explorer.description in bundle["text/plain"]
    assert "cdn.jsdelivr.net/npm/vega@5" in html and "data-nnlib-vega" in html


def test_the_theory_panel_stores_landscapes_rate_map(explorer):
    row = explorer.spec["datasets"]["explorer_theory"][0]
    bowl = make_surface("quadratic")
    grid = figure_data.learning_rate_grid("quadratic", "SGD")
    rates = landscapes.rate_map(bowl.curvatures(), 10 ** (grid / 5), figure_data.MOMENTA)
    stored = figure_data.decode_rates(row["r"]).reshape(rates.shape)
    assert np.array_equal(stored == np.inf, rates >= 1) and (rates >= 1).any() and (rates < 1).any()
    # 1 - rate to 0.06%: a rate of 0.99999 does not round to 1
    np.testing.assert_allclose(np.log10(1 - stored[rates < 1]), np.log10(1 - rates[rates < 1]),
                               atol=0.5 / figure_data.RATE_SCALE + 1e-12)


def test_the_activation_chart_stores_nnlibs_derivatives():
    table = figure_data.activation_table(("sigmoid", "tanh", "gelu"))
    for row in table:
        formula = getattr(activations, f"{row['name']}_derivative")(row["z"])
        np.testing.assert_allclose(row["derivative"], formula, atol=1e-12)
    chart = interactive.activation_explorer()
    stored = chart.spec["datasets"]["activations"][0]
    values = np.array(stored["d"].split(), dtype=float)
    np.testing.assert_allclose(values, activations.sigmoid_derivative(table[0]["z"]), rtol=6e-4)
    assert len(values) == figure_data.Z_COUNT


def test_the_descent_chart_stores_the_closed_form():
    for run in figure_data.descent_runs(learning_rates=(0.1, 0.5, 0.9, 1.1), steps=12):
        t = np.arange(13)
        np.testing.assert_allclose(run["w"], 3 + (1 - 2 * run["learning_rate"]) ** t * (-1 - 3),
                                   rtol=1e-12, atol=1e-12)
    chart = interactive.descent_explorer()
    rows = chart.spec["datasets"]["descent_runs"]
    assert len(rows) == len(figure_data.DESCENT_RATES)
    w = np.array(rows[9]["w"].split(), dtype=float)  # learning rate 0.1
    np.testing.assert_allclose(w, 3 - 4 * 0.8 ** np.arange(31), rtol=1e-5)
