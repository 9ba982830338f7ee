"""The optimizer explorer: sliders for the learning rate and the momentum, and the path they give.

``import nnlib`` does not import this module (nor ipywidgets or matplotlib); import it yourself::

    from nnlib.explorer import explore, path_grid
    explore()                      # in Jupyter, Colab or Binder: move the sliders, watch the path

Every number comes from :func:`nnlib.landscapes.path`, a plain tested function; this module only
draws. :func:`explore` uses only what ipywidgets 7.7 and 8.x both have (``FloatLogSlider``,
``FloatSlider``, ``IntSlider``, ``Dropdown``, ``HTML``, ``Image``, ``HBox``/``VBox`` and
``observe(..., names="value")``). The figure is a matplotlib ``Figure`` rendered to PNG bytes and shown
in an ``Image`` widget, which redraws in place in every front end without ``Output`` and
``clear_output``.

The static book cannot run the sliders' callbacks, so :func:`path_grid` draws the same lesson as one
picture: a grid of paths over several learning rates (rows) and momenta (columns).
"""
import io

import numpy as np

from .landscapes import OPTIMIZERS, SURFACES, USES_MOMENTUM, make_optimizer, path

# A learning rate that suits plain gradient descent on each surface (the curvatures differ a lot).
SUGGESTED_LEARNING_RATE = {"quadratic": 0.05, "Rosenbrock": 0.001, "logistic regression": 1.0}


def draw_path(ax, surface, points, color="tab:red", contour_color=None):
    """Contours of ``surface`` and the path ``points`` (shape (k, 2)) on the matplotlib axes ``ax``.

    Returns the Line2D of the path, whose data are the points drawn.
    """
    W1, W2, heights = surface.grid()
    if contour_color is None:
        ax.contour(W1, W2, heights, levels=surface.levels, cmap="viridis", linewidths=0.8)
    else:
        ax.contour(W1, W2, heights, levels=surface.levels, colors=contour_color, linewidths=0.7)
    (line,) = ax.plot(points[:, 0], points[:, 1], "-o", color=color, ms=2.5, lw=1.2, gid="path")
    ax.plot(*points[0], "s", color="black", ms=5)
    ax.plot(*surface.minimum, "*", color="black", ms=11)
    ax.set_xlim(surface.xlim)
    ax.set_ylim(surface.ylim)
    ax.set_aspect("equal")
    return line


def _outcome(surface, points, losses, steps):
    if len(points) < steps + 1:
        return f"diverged at step {len(points)}"
    return f"loss after {steps} steps: {losses[-1]:.3g}"


def explore(surface="quadratic", optimizer="SGD", learning_rate=None, momentum=0.0, steps=60):
    """The explorer: an ipywidgets box with the controls, and the picture they produce.

    The left panel shows the path on the surface's contours (square: the start; star: the minimum);
    the right one the loss above its minimum, on a log scale. Moving any control recomputes the path
    with :func:`nnlib.landscapes.path` and redraws. The returned box carries its parts for tests and
    for the curious: ``.learning_rate``, ``.momentum``, ``.steps``, ``.optimizer``, ``.surface``
    (the controls), ``.figure``, ``.path_line`` (the drawn path), ``.points``/``.losses`` (the last
    computation) and ``.redraw_count``.
    """
    import ipywidgets as widgets
    from matplotlib.figure import Figure

    surfaces = {name: make() for name, make in SURFACES.items()}
    if surface not in surfaces:
        raise ValueError(f"unknown surface {surface!r}; choose one of {', '.join(surfaces)}")
    if learning_rate is None:
        learning_rate = SUGGESTED_LEARNING_RATE[surface]
    style = {"description_width": "initial"}
    surface_choice = widgets.Dropdown(options=list(surfaces), value=surface, description="surface",
                                      style=style)
    optimizer_choice = widgets.Dropdown(options=OPTIMIZERS, value=optimizer, description="optimizer",
                                        style=style)
    lr_slider = widgets.FloatLogSlider(value=learning_rate, base=10, min=-4, max=1, step=0.05,
                                       description="learning rate", readout_format=".3g",
                                       continuous_update=False, style=style)
    momentum_slider = widgets.FloatSlider(value=momentum, min=0.0, max=0.99, step=0.01,
                                          description="momentum", readout_format=".2f",
                                          continuous_update=False, style=style)
    steps_slider = widgets.IntSlider(value=steps, min=10, max=300, step=10, description="steps",
                                     continuous_update=False, style=style)
    message = widgets.HTML()
    image = widgets.Image(format="png")

    figure = Figure(figsize=(10.5, 4.2))
    grid = figure.add_gridspec(1, 2, width_ratios=[1.5, 1])
    box = widgets.VBox([widgets.HBox([surface_choice, optimizer_choice, steps_slider]),
                        widgets.HBox([lr_slider, momentum_slider]), message, image])
    box.surface, box.optimizer, box.steps = surface_choice, optimizer_choice, steps_slider
    box.learning_rate, box.momentum, box.figure, box.image = lr_slider, momentum_slider, figure, image
    box.message = message
    box.redraw_count = 0
    busy = []  # set while one change moves another control, so the picture is drawn once

    def redraw(change=None):
        if busy:
            return
        chosen = surfaces[surface_choice.value]
        name = optimizer_choice.value
        momentum_slider.disabled = name not in USES_MOMENTUM
        momentum_slider.description = "beta_1 (momentum)" if name in ("Adam", "Adamax", "Nadam") \
            else "momentum"
        points, losses = path(chosen, make_optimizer(name, lr_slider.value, momentum_slider.value),
                              steps=steps_slider.value)
        figure.clear()
        ax_path, ax_loss = figure.add_subplot(grid[0]), figure.add_subplot(grid[1])
        box.path_line = draw_path(ax_path, chosen, points)
        ax_path.set_xlabel("$w_1$")
        ax_path.set_ylabel("$w_2$")
        setting = f"learning rate {lr_slider.value:.3g}"
        if name in USES_MOMENTUM:
            setting += f", {momentum_slider.description} {momentum_slider.value:.2f}"
        ax_path.set_title(f"{name} on the {chosen.name}\n{setting}", fontsize=10)
        above = np.maximum(losses - chosen.min_loss, 1e-16)
        ax_loss.semilogy(np.arange(len(losses)), above, color="tab:red", lw=1.5)
        ax_loss.set_xlim(0, steps_slider.value)
        ax_loss.set_xlabel("step")
        ax_loss.set_ylabel("loss minus its minimum (log scale)")
        outcome = _outcome(chosen, points, losses, steps_slider.value)
        ax_loss.set_title(outcome, fontsize=10)
        ax_loss.grid(True, which="major", alpha=0.3)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        image.value = buffer.getvalue()
        message.value = ("<b>The run diverged</b>: try a smaller learning rate."
                         if outcome.startswith("diverged") else "")
        box.points, box.losses = points, losses
        box.redraw_count += 1

    def new_surface(change):
        busy.append(True)
        try:
            lr_slider.value = SUGGESTED_LEARNING_RATE[change["new"]]
        finally:
            busy.clear()
        redraw()

    surface_choice.observe(new_surface, names="value")
    for control in (optimizer_choice, lr_slider, momentum_slider, steps_slider):
        control.observe(redraw, names="value")
    redraw()
    return box


def path_grid(surface=None, learning_rates=(0.02, 0.1, 0.18), momenta=(0.0, 0.5, 0.9),
              optimizer="SGD", steps=40):
    """Paths of ``optimizer`` for every learning rate (rows) and momentum (columns): a matplotlib Figure.

    ``surface`` defaults to :func:`nnlib.landscapes.quadratic`. Each panel names its setting and the
    loss after ``steps`` steps (or the step where the run diverged). The panels' paths are stored on
    the figure as ``figure.paths[(learning_rate, momentum)] = (points, losses)``.
    """
    import matplotlib.pyplot as plt

    from .landscapes import quadratic

    surface = quadratic() if surface is None else surface
    rows, cols = len(learning_rates), len(momenta)
    fig, axes = plt.subplots(rows, cols, figsize=(3.9 * cols, 1.15 + 1.75 * rows), squeeze=False)
    fig.paths = {}
    for i, lr in enumerate(learning_rates):
        for j, m in enumerate(momenta):
            points, losses = path(surface, make_optimizer(optimizer, lr, m), steps=steps)
            fig.paths[(lr, m)] = (points, losses)
            ax = axes[i, j]
            draw_path(ax, surface, points, contour_color="0.75")
            ax.set_title(f"lr {lr:g}, momentum {m:g}\n{_outcome(surface, points, losses, steps)}",
                         fontsize=9)
            ax.tick_params(labelsize=7)
            if i == rows - 1:
                ax.set_xlabel("$w_1$", fontsize=9)
            if j == 0:
                ax.set_ylabel("$w_2$", fontsize=9)
    fig.suptitle(f"{optimizer}: {steps} steps on the {surface.name}, from the square to the star",
                 fontsize=11)
    fig.tight_layout()
    return fig
