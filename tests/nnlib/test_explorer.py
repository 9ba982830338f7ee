"""nnlib.explorer: the widget is built, its controls are moved, and the picture follows.

Runs under ipywidgets 8 (.venv, and the newest releases in tests/book/test_version_edges.py) and under
ipywidgets 7 (the floors there). What is drawn is compared with nnlib.landscapes.path, the tested
computation, run separately with the optimizers made here by hand; the heat map with
landscapes.heavy_ball_rate and nesterov_rate.
"""
import matplotlib

matplotlib.use("Agg")

import ipywidgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from nnlib import landscapes, optimizers  # noqa: E402
from nnlib.explorer import (  # noqa: E402
    DEFAULT_MOMENTUM, OPTIMIZER_CHOICES, SUGGESTED_LEARNING_RATE, Explorer, explore, gallery,
    make_optimizer, make_surface, path_grid, rate_map_data, run)

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def expected_path(surface, optimizer, steps, start=None):
    """The path computed here, with the optimizer made by hand, not by the explorer."""
    return landscapes.path(surface, optimizer, start=start, steps=steps)


def drawn(explorer):
    return explorer.path_line.get_xydata()


def test_the_ipywidgets_version_is_one_the_book_supports():
    major = int(ipywidgets.__version__.split(".")[0])
    assert major in (7, 8), ipywidgets.__version__


def test_moving_the_controls_redraws_the_new_path():
    explorer = explore(surface="quadratic", optimizer="SGD", learning_rate=0.05, momentum=0.0,
                       steps=40)
    assert isinstance(explorer, Explorer) and isinstance(explorer.widget, ipywidgets.VBox)
    assert explorer.redraw_count == 1
    first_picture = bytes(explorer.image.value)  # ipywidgets 8 holds a memoryview, 7 bytes
    assert first_picture.startswith(PNG)
    bowl = landscapes.quadratic()
    points, _ = expected_path(bowl, optimizers.SGD(learning_rate=0.05), 40)
    np.testing.assert_allclose(drawn(explorer), points)

    explorer.learning_rate.value = 0.15
    assert explorer.redraw_count == 2
    new_points, _ = expected_path(bowl, optimizers.SGD(learning_rate=0.15), 40)
    np.testing.assert_allclose(drawn(explorer), new_points)
    assert not np.allclose(new_points, points)
    picture = bytes(explorer.image.value)
    assert picture != first_picture and picture.startswith(PNG)

    explorer.momentum.value = 0.6
    assert explorer.redraw_count == 3
    np.testing.assert_allclose(
        drawn(explorer), expected_path(bowl, optimizers.SGD(learning_rate=0.15, momentum=0.6), 40)[0])
    assert "momentum 0.60" in explorer.figure.axes[0].get_title()

    explorer.steps.value = 20
    assert explorer.redraw_count == 4 and len(drawn(explorer)) == 21

    explorer.start_w1.value, explorer.start_w2.value = 3.0, -1.0
    assert explorer.redraw_count == 6
    np.testing.assert_allclose(drawn(explorer)[0], [3.0, -1.0])
    np.testing.assert_allclose(
        drawn(explorer),
        expected_path(bowl, optimizers.SGD(learning_rate=0.15, momentum=0.6), 20, (3.0, -1.0))[0])


def test_choosing_an_optimizer_sets_its_keras_default_momentum_and_a_suitable_rate():
    explorer = explore(learning_rate=0.05, momentum=0.5, steps=30)
    bowl = landscapes.quadratic()
    explorer.optimizer.value = "Adam"  # Adam's momentum is beta_1, 0.9 in Keras
    assert explorer.momentum.value == pytest.approx(0.9) and not explorer.momentum.disabled
    assert "beta_1" in explorer.momentum.description
    rate = SUGGESTED_LEARNING_RATE["quadratic"]["Adam"]
    assert explorer.learning_rate.value == pytest.approx(rate)
    np.testing.assert_allclose(drawn(explorer),
                               expected_path(bowl, optimizers.Adam(learning_rate=rate), 30)[0])
    assert "beta_1 0.90" in explorer.figure.axes[0].get_title()

    explorer.optimizer.value = "Adagrad"  # no momentum: the slider is greyed out and ignored
    assert explorer.momentum.disabled
    rate = SUGGESTED_LEARNING_RATE["quadratic"]["Adagrad"]
    np.testing.assert_allclose(drawn(explorer),
                               expected_path(bowl, optimizers.Adagrad(learning_rate=rate), 30)[0])
    for name, momentum in (("SGD", 0.0), ("RMSprop", 0.0), ("Nadam", 0.9), ("Adamax", 0.9),
                           ("SGD (Nesterov)", 0.9)):
        count = explorer.redraw_count
        explorer.optimizer.value = name
        assert explorer.momentum.value == pytest.approx(momentum), name
        assert explorer.redraw_count == count + 1  # one picture, however many controls moved
        assert explorer.learning_rate.value == pytest.approx(SUGGESTED_LEARNING_RATE["quadratic"][name])


def test_the_heat_map_is_the_theory_and_the_dot_is_the_current_setting():
    explorer = explore(optimizer="SGD", learning_rate=0.1, momentum=0.5, steps=20)
    data = explorer.map_data
    np.testing.assert_allclose(data["curvatures"], [0.5, 10.0], rtol=1e-8)
    assert explorer.current_point == (0.1, 0.5)
    assert explorer.current_rate == pytest.approx(landscapes.heavy_ball_rate([0.5, 10.0], 0.1, 0.5))
    assert f"rate {explorer.current_rate:.3f}" in explorer.figure.axes[2].get_title()
    for i, j in [(0, 0), (40, 70), (99, 119), (70, 100)]:  # the map, entry by entry
        assert data["rates"][i, j] == pytest.approx(landscapes.heavy_ball_rate(
            data["curvatures"], data["learning_rates"][j], data["momenta"][i]), rel=1e-9)
    assert data["best"] == pytest.approx(landscapes.best_momentum(0.5, 10.0))
    # the dot is drawn where the sliders are
    dots = [line for line in explorer.figure.axes[2].lines if line.get_label() == "current setting"]
    assert len(dots) == 1 and dots[0].get_xydata().tolist() == [[0.1, 0.5]]

    explorer.momentum.value = 0.8
    assert explorer.current_rate == pytest.approx(landscapes.heavy_ball_rate([0.5, 10.0], 0.1, 0.8))
    explorer.learning_rate.value = 0.4  # past 2 (1 + 0.8) / 10 = 0.36
    assert explorer.current_rate > 1 and "diverges" in explorer.figure.axes[2].get_title()

    explorer.optimizer.value = "SGD (Nesterov)"
    assert explorer.map_data["nesterov"]
    assert explorer.current_rate == pytest.approx(landscapes.nesterov_rate(
        [0.5, 10.0], explorer.learning_rate.value, explorer.momentum.value))
    explorer.optimizer.value = "Adam"  # the theory is for SGD: no dot
    assert explorer.current_point is None
    assert not [line for line in explorer.figure.axes[2].lines
                if line.get_label() == "current setting"]


def test_the_condition_number_control_changes_the_quadratic():
    explorer = explore(surface="rotated quadratic", steps=30)
    assert not explorer.kappa.disabled
    explorer.kappa.value = 100.0
    surface = explorer.surface_object
    assert surface.params["l1"] == pytest.approx(0.1) and surface.params["ln"] == 10.0
    assert surface.params["angle"] == 45.0
    np.testing.assert_allclose(explorer.map_data["curvatures"], [0.1, 10.0], rtol=1e-8)
    lr = explorer.learning_rate.value
    start = (explorer.start_w1.value, explorer.start_w2.value)
    by_hand = landscapes.quadratic(l1=0.1, ln=10.0, angle=45.0)
    np.testing.assert_allclose(drawn(explorer),
                               expected_path(by_hand, optimizers.SGD(learning_rate=lr), 30, start)[0])
    explorer.surface.value = "Rosenbrock"  # no condition number to set
    assert explorer.kappa.disabled


def test_a_new_surface_gets_its_own_start_and_learning_rate_and_one_redraw():
    explorer = explore(steps=30)
    count = explorer.redraw_count
    explorer.surface.value = "Rosenbrock"
    assert explorer.redraw_count == count + 1
    rosenbrock = landscapes.rosenbrock()
    assert explorer.learning_rate.value == pytest.approx(SUGGESTED_LEARNING_RATE["Rosenbrock"]["SGD"])
    assert (explorer.start_w1.value, explorer.start_w2.value) == tuple(rosenbrock.start)
    assert (explorer.start_w2.min, explorer.start_w2.max) == rosenbrock.ylim
    lr = explorer.learning_rate.value
    np.testing.assert_allclose(drawn(explorer),
                               expected_path(rosenbrock, optimizers.SGD(learning_rate=lr), 30)[0])
    assert "Rosenbrock" in explorer.figure.axes[0].get_title()
    assert "near the minimum" in explorer.figure.axes[2].get_title()


def test_a_diverging_run_says_so():
    explorer = explore(surface="quadratic", learning_rate=0.5, steps=60)  # plain descent: lr < 0.2
    message = explorer.message.value
    assert "diverged" in message and "smaller learning rate" in message
    assert len(drawn(explorer)) < 61
    assert explorer.figure.axes[1].get_title().startswith("diverged at step")
    explorer.learning_rate.value = 0.05
    assert explorer.message.value == ""


def test_run_computes_what_the_explorer_draws():
    result = run("saddle", "Adam", steps=25, start=(-1.0, 0.2))
    assert result["learning_rate"] == SUGGESTED_LEARNING_RATE["saddle"]["Adam"]
    assert result["momentum"] == 0.9 and not result["diverged"]
    points, losses = expected_path(landscapes.saddle(),
                                   optimizers.Adam(learning_rate=result["learning_rate"]), 25,
                                   (-1.0, 0.2))
    np.testing.assert_allclose(result["points"], points)
    np.testing.assert_allclose(result["losses"], losses)
    assert run("quadratic", "Ftrl", 1.0, momentum=0.5)["momentum"] is None  # Ftrl has none


@pytest.mark.parametrize("surface", list(SUGGESTED_LEARNING_RATE))
def test_every_suggested_learning_rate_suits_its_optimizer(surface):
    for name in OPTIMIZER_CHOICES:
        result = run(surface, name, steps=100)
        losses = result["losses"] - result["surface"].min_loss
        assert not result["diverged"], (surface, name)
        assert losses[-1] < 0.5 * losses[0], (surface, name, losses[[0, -1]])


def test_rate_map_data_spans_the_stable_region_and_marks_the_best():
    data = rate_map_data([1.0, 100.0])
    lr = data["learning_rates"]
    assert lr[0] == pytest.approx(0.01 * 2 / 100) and lr[-1] == pytest.approx(2.5 * 2 / 100)
    assert data["rates"].shape == (len(data["momenta"]), len(lr))
    assert np.all(data["rates"][:, -1] >= 1)  # the last column is past every stability limit
    assert data["rates"].min() >= landscapes.momentum_rate(100.0) - 1e-9  # nothing beats the theory
    nesterov = rate_map_data([1.0, 100.0], nesterov=True)
    i, j = np.unravel_index(np.argmin(nesterov["rates"]), nesterov["rates"].shape)
    assert nesterov["best"] == (lr[j], nesterov["momenta"][i])


def test_path_grid_draws_one_panel_per_setting():
    rates, momenta = (0.02, 0.25), (0.0, 0.5, 0.9)
    fig = path_grid(learning_rates=rates, momenta=momenta, steps=30)
    assert len(fig.axes) == len(rates) * len(momenta)
    for ax, (lr, m) in zip(fig.axes, [(lr, m) for lr in rates for m in momenta]):
        [line] = [artist for artist in ax.lines if artist.get_gid() == "path"]
        points, _ = expected_path(landscapes.quadratic(), optimizers.SGD(lr, momentum=m), 30)
        np.testing.assert_allclose(line.get_xydata(), points)
        assert f"lr {lr:g}, momentum {m:g}" in ax.get_title()
        rate = landscapes.heavy_ball_rate([0.5, 10.0], lr, m)
        assert f"rate {rate:.2f}" in ax.get_title()
    # lr 0.25 is past 2 / ln = 0.2: plain descent diverges, momentum 0.5 does not
    assert "diverged" in fig.axes[3].get_title() and "loss after" in fig.axes[4].get_title()


def test_gallery_draws_each_row_of_runs():
    rows = [("bowl", "quadratic", [{"optimizer": "SGD", "learning_rate": 0.1},
                                   {"optimizer": "Adam", "learning_rate": 0.3}]),
            ("valley", "Rosenbrock", [{"optimizer": "SGD", "learning_rate": 0.001, "momentum": 0.9}])]
    fig = gallery(rows, steps=40)
    assert len(fig.axes) == 4 and [len(r) for r in fig.results] == [2, 1]
    paths = [line for line in fig.axes[0].lines if line.get_gid() == "path"]
    np.testing.assert_allclose(paths[1].get_xydata(), expected_path(
        landscapes.quadratic(), optimizers.Adam(learning_rate=0.3), 40)[0])
    assert len(fig.axes[1].get_legend().get_texts()) == 2
    np.testing.assert_allclose(fig.results[1][0]["points"], expected_path(
        landscapes.rosenbrock(), optimizers.SGD(0.001, momentum=0.9), 40)[0])


def test_jupyter_shows_the_explorer_as_its_widget(monkeypatch):
    import IPython.display
    from IPython.core.formatters import IPythonDisplayFormatter

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kwargs: shown.extend(objs))
    explorer = explore(steps=20)
    # What IPython does first with a cell's result or a display() call: _ipython_display_
    assert IPythonDisplayFormatter()(explorer)
    assert shown == [explorer.widget]


def test_an_unknown_surface_or_optimizer_is_refused():
    with pytest.raises(ValueError, match="unknown surface 'bowl'"):
        explore(surface="bowl")
    with pytest.raises(ValueError, match="unknown surface 'bowl'"):
        make_surface("bowl")
    with pytest.raises(ValueError, match="unknown optimizer 'Adamw'"):
        explore(optimizer="Adamw")


def test_make_optimizer_puts_momentum_where_each_optimizer_keeps_it():
    sgd = make_optimizer("SGD (Nesterov)", 0.1, 0.8)
    assert isinstance(sgd, optimizers.SGD) and sgd.nesterov and sgd.momentum == 0.8
    adam = make_optimizer("Adam", 0.01, 0.7)
    assert isinstance(adam, optimizers.Adam) and adam.beta_1 == 0.7 and adam.learning_rate == 0.01
    assert make_optimizer("Adam", 0.01).beta_1 == DEFAULT_MOMENTUM["Adam"] == 0.9
    assert make_optimizer("RMSprop", 0.01).momentum == 0.0
    assert isinstance(make_optimizer("Ftrl", 0.5, 0.9), optimizers.Ftrl)
    for name in OPTIMIZER_CHOICES:
        assert make_optimizer(name, 0.01, 0.5).learning_rate == 0.01
    with pytest.raises(ValueError, match="unknown optimizer 'Adamw'"):
        make_optimizer("Adamw", 0.01)
