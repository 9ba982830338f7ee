"""nnlib.explorer: the widget is built, its sliders are moved, and the picture follows.

Runs under ipywidgets 8 (.venv, and the newest releases in tests/test_version_edges.py) and under
ipywidgets 7 (the floors there). What is drawn is compared with nnlib.landscapes.path, the tested
computation, run separately.
"""
import matplotlib

matplotlib.use("Agg")

import ipywidgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from nnlib import landscapes  # noqa: E402
from nnlib.explorer import SUGGESTED_LEARNING_RATE, explore, path_grid  # noqa: E402

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def expected_path(surface, name, learning_rate, momentum, steps):
    return landscapes.path(landscapes.SURFACES[surface](),
                           landscapes.make_optimizer(name, learning_rate, momentum), steps=steps)


def drawn(box):
    return box.path_line.get_xydata()


def test_the_ipywidgets_version_is_one_the_book_supports():
    major = int(ipywidgets.__version__.split(".")[0])
    assert major in (7, 8), ipywidgets.__version__


def test_moving_the_sliders_redraws_the_new_path():
    box = explore(surface="quadratic", optimizer="SGD", learning_rate=0.05, momentum=0.0, steps=40)
    assert isinstance(box, ipywidgets.VBox)
    assert box.redraw_count == 1
    first_picture = bytes(box.image.value)  # ipywidgets 8 holds a memoryview, 7 bytes
    assert first_picture.startswith(PNG)
    points, _ = expected_path("quadratic", "SGD", 0.05, 0.0, 40)
    np.testing.assert_allclose(drawn(box), points)

    box.learning_rate.value = 0.15
    assert box.redraw_count == 2
    new_points, _ = expected_path("quadratic", "SGD", 0.15, 0.0, 40)
    np.testing.assert_allclose(drawn(box), new_points)
    assert not np.allclose(new_points, points)
    assert bytes(box.image.value) != first_picture and bytes(box.image.value).startswith(PNG)

    box.momentum.value = 0.6
    assert box.redraw_count == 3
    np.testing.assert_allclose(drawn(box), expected_path("quadratic", "SGD", 0.15, 0.6, 40)[0])
    assert "momentum 0.60" in box.figure.axes[0].get_title()

    box.steps.value = 20
    assert box.redraw_count == 4 and len(drawn(box)) == 21


def test_the_optimizer_choice_and_the_momentum_slider():
    box = explore(learning_rate=0.05, momentum=0.5, steps=30)
    box.optimizer.value = "Adagrad"  # no momentum: the slider is greyed out and ignored
    assert box.momentum.disabled
    np.testing.assert_allclose(drawn(box), expected_path("quadratic", "Adagrad", 0.05, 0.0, 30)[0])
    box.optimizer.value = "Adam"  # Adam's momentum is beta_1
    assert not box.momentum.disabled and "beta_1" in box.momentum.description
    np.testing.assert_allclose(drawn(box), expected_path("quadratic", "Adam", 0.05, 0.5, 30)[0])


def test_a_new_surface_gets_its_own_learning_rate_and_one_redraw():
    box = explore(steps=30)
    count = box.redraw_count
    box.surface.value = "Rosenbrock"
    assert box.redraw_count == count + 1
    assert box.learning_rate.value == pytest.approx(SUGGESTED_LEARNING_RATE["Rosenbrock"])
    lr = box.learning_rate.value
    np.testing.assert_allclose(drawn(box), expected_path("Rosenbrock", "SGD", lr, 0.0, 30)[0])
    assert "Rosenbrock" in box.figure.axes[0].get_title()


def test_a_diverging_run_says_so():
    box = explore(surface="quadratic", learning_rate=0.5, steps=60)  # plain descent needs lr < 0.2
    assert "diverged" in box.message.value and "smaller learning rate" in box.message.value
    assert len(drawn(box)) < 61
    assert box.figure.axes[1].get_title().startswith("diverged at step")
    box.learning_rate.value = 0.05
    assert box.message.value == ""


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
