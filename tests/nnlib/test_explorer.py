"""nnlib.explorer: the widget is built, its sliders are moved, and the picture follows.

Runs under ipywidgets 8 (.venv, and the newest releases in tests/book/test_version_edges.py) and under
ipywidgets 7 (the floors there). What is drawn is compared with nnlib.landscapes.path, the tested
computation, run separately.
"""
import matplotlib

matplotlib.use("Agg")

import ipywidgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from nnlib import landscapes, optimizers  # noqa: E402
from nnlib.explorer import (  # noqa: E402
    OPTIMIZER_CHOICES, SUGGESTED_LEARNING_RATE, Explorer, explore, make_optimizer, path_grid)

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def expected_path(surface, name, learning_rate, momentum, steps):
    return landscapes.path(landscapes.SURFACES[surface](),
                           make_optimizer(name, learning_rate, momentum), steps=steps)


def drawn(explorer):
    return explorer.path_line.get_xydata()


def test_the_ipywidgets_version_is_one_the_book_supports():
    major = int(ipywidgets.__version__.split(".")[0])
    assert major in (7, 8), ipywidgets.__version__


def test_moving_the_sliders_redraws_the_new_path():
    explorer = explore(surface="quadratic", optimizer="SGD", learning_rate=0.05, momentum=0.0,
                       steps=40)
    assert isinstance(explorer, Explorer) and isinstance(explorer.widget, ipywidgets.VBox)
    assert explorer.redraw_count == 1
    first_picture = bytes(explorer.image.value)  # ipywidgets 8 holds a memoryview, 7 bytes
    assert first_picture.startswith(PNG)
    points, _ = expected_path("quadratic", "SGD", 0.05, 0.0, 40)
    np.testing.assert_allclose(drawn(explorer), points)

    explorer.learning_rate.value = 0.15
    assert explorer.redraw_count == 2
    new_points, _ = expected_path("quadratic", "SGD", 0.15, 0.0, 40)
    np.testing.assert_allclose(drawn(explorer), new_points)
    assert not np.allclose(new_points, points)
    picture = bytes(explorer.image.value)
    assert picture != first_picture and picture.startswith(PNG)

    explorer.momentum.value = 0.6
    assert explorer.redraw_count == 3
    np.testing.assert_allclose(drawn(explorer),
                               expected_path("quadratic", "SGD", 0.15, 0.6, 40)[0])
    assert "momentum 0.60" in explorer.figure.axes[0].get_title()

    explorer.steps.value = 20
    assert explorer.redraw_count == 4 and len(drawn(explorer)) == 21


def test_the_optimizer_choice_and_the_momentum_slider():
    explorer = explore(learning_rate=0.05, momentum=0.5, steps=30)
    explorer.optimizer.value = "Adagrad"  # no momentum: the slider is greyed out and ignored
    assert explorer.momentum.disabled
    np.testing.assert_allclose(drawn(explorer),
                               expected_path("quadratic", "Adagrad", 0.05, 0.0, 30)[0])
    explorer.optimizer.value = "Adam"  # Adam's momentum is beta_1
    assert not explorer.momentum.disabled and "beta_1" in explorer.momentum.description
    np.testing.assert_allclose(drawn(explorer),
                               expected_path("quadratic", "Adam", 0.05, 0.5, 30)[0])


def test_a_new_surface_gets_its_own_learning_rate_and_one_redraw():
    explorer = explore(steps=30)
    count = explorer.redraw_count
    explorer.surface.value = "Rosenbrock"
    assert explorer.redraw_count == count + 1
    assert explorer.learning_rate.value == pytest.approx(SUGGESTED_LEARNING_RATE["Rosenbrock"])
    lr = explorer.learning_rate.value
    np.testing.assert_allclose(drawn(explorer),
                               expected_path("Rosenbrock", "SGD", lr, 0.0, 30)[0])
    assert "Rosenbrock" in explorer.figure.axes[0].get_title()


def test_a_diverging_run_says_so():
    explorer = explore(surface="quadratic", learning_rate=0.5, steps=60)  # plain descent: lr < 0.2
    message = explorer.message.value
    assert "diverged" in message and "smaller learning rate" in message
    assert len(drawn(explorer)) < 61
    assert explorer.figure.axes[1].get_title().startswith("diverged at step")
    explorer.learning_rate.value = 0.05
    assert explorer.message.value == ""


def test_path_grid_draws_one_panel_per_setting():
    rates, momenta = (0.02, 0.25), (0.0, 0.5, 0.9)
    fig = path_grid(learning_rates=rates, momenta=momenta, steps=30)
    assert len(fig.axes) == len(rates) * len(momenta)
    for ax, (lr, m) in zip(fig.axes, [(lr, m) for lr in rates for m in momenta]):
        [line] = [artist for artist in ax.lines if artist.get_gid() == "path"]
        points, _ = expected_path("quadratic", "SGD", lr, m, 30)
        np.testing.assert_allclose(line.get_xydata(), points)
        assert f"lr {lr:g}, momentum {m:g}" in ax.get_title()
    # lr 0.25 is past 2 / ln = 0.2: plain descent diverges, momentum 0.5 does not
    assert "diverged" in fig.axes[3].get_title() and "loss after" in fig.axes[4].get_title()


def test_jupyter_shows_the_explorer_as_its_widget(monkeypatch):
    import IPython.display
    from IPython.core.formatters import IPythonDisplayFormatter

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kwargs: shown.extend(objs))
    explorer = explore(steps=20)
    # What IPython does first with a cell's result or a display() call: _ipython_display_
    assert IPythonDisplayFormatter()(explorer)
    assert shown == [explorer.widget]


def test_an_unknown_surface_is_refused():
    with pytest.raises(ValueError, match="unknown surface 'bowl'"):
        explore(surface="bowl")


def test_make_optimizer_puts_momentum_where_each_optimizer_keeps_it():
    sgd = make_optimizer("SGD (Nesterov)", 0.1, 0.8)
    assert isinstance(sgd, optimizers.SGD) and sgd.nesterov and sgd.momentum == 0.8
    adam = make_optimizer("Adam", 0.01, 0.7)
    assert isinstance(adam, optimizers.Adam) and adam.beta_1 == 0.7 and adam.learning_rate == 0.01
    assert isinstance(make_optimizer("Ftrl", 0.5, 0.9), optimizers.Ftrl)
    for name in OPTIMIZER_CHOICES:
        assert make_optimizer(name, 0.01, 0.5).learning_rate == 0.01
    with pytest.raises(ValueError, match="unknown optimizer 'Adamw'"):
        make_optimizer("Adamw", 0.01)
