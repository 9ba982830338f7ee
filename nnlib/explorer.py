"""The optimizer explorer: sliders for the learning rate and the momentum, and the path they give.

``import nnlib`` does not import this module (nor ipywidgets or matplotlib); import it yourself::

    from nnlib.explorer import explore, path_grid
    explore()                      # in Jupyter, Colab or Binder: move the sliders, watch the path

Every number comes from :func:`nnlib.landscapes.path`, a plain tested function; this module only
draws, and names the optimizers of :mod:`nnlib.optimizers` its menu offers (``OPTIMIZER_CHOICES``,
built by :func:`make_optimizer`). :func:`explore` makes an :class:`Explorer`, which uses only what
ipywidgets 7.7 and 8.x both have (``FloatLogSlider``, ``FloatSlider``, ``IntSlider``, ``Dropdown``,
``HTML``, ``Image``, ``HBox``/``VBox`` and ``observe(..., names="value")``). The figure is a
matplotlib ``Figure`` rendered to PNG bytes and shown in an ``Image`` widget, which redraws in place
in every front end without ``Output`` and ``clear_output``.

The static book cannot run the sliders' callbacks, so :func:`path_grid` draws the same lesson as one
picture: a grid of paths over several learning rates (rows) and momenta (columns).

In the book: chapter 6, "Optimizers" (chapters/06_optimizers.ipynb).
"""
import io

import numpy as np

from . import optimizers
from .landscapes import SURFACES, path, quadratic

# The optimizers the explorer's menu offers, by the names it shows.
OPTIMIZER_CHOICES = ["SGD", "SGD (Nesterov)", "Adagrad", "Adadelta", "RMSprop", "Adam", "Adamax",
                     "Nadam", "Ftrl"]
USES_MOMENTUM = {"SGD", "SGD (Nesterov)", "RMSprop", "Adam", "Adamax", "Nadam"}
# A learning rate that suits plain gradient descent on each surface (the curvatures differ a lot).
SUGGESTED_LEARNING_RATE = {"quadratic": 0.05, "Rosenbrock": 0.001, "logistic regression": 1.0}


def make_optimizer(name, learning_rate, momentum=0.0):
    """A fresh optimizer from :mod:`nnlib.optimizers` by its name in ``OPTIMIZER_CHOICES``.

    ``momentum`` goes where each optimizer keeps it: ``momentum`` for SGD and RMSprop, ``beta_1`` (the
    decay of the running mean of gradients, Adam's momentum) for Adam, Adamax and Nadam. Adagrad,
    Adadelta and Ftrl have none, and ignore it. ``"SGD (Nesterov)"`` is SGD with ``nesterov=True``.

    >>> sgd = make_optimizer("SGD (Nesterov)", 0.1, momentum=0.8)
    >>> type(sgd).__name__, sgd.learning_rate, sgd.momentum, sgd.nesterov
    ('SGD', 0.1, 0.8, True)
    >>> make_optimizer("Adam", 0.01, momentum=0.7).beta_1
    0.7
    """
    if name in ("SGD", "SGD (Nesterov)"):
        return optimizers.SGD(learning_rate=learning_rate, momentum=momentum,
                              nesterov=name == "SGD (Nesterov)")
    if name == "RMSprop":
        return optimizers.RMSprop(learning_rate=learning_rate, momentum=momentum)
    if name in ("Adam", "Adamax", "Nadam"):
        return getattr(optimizers, name)(learning_rate=learning_rate, beta_1=momentum)
    if name in ("Adagrad", "Adadelta", "Ftrl"):
        return getattr(optimizers, name)(learning_rate=learning_rate)
    raise ValueError(f"unknown optimizer {name!r}; choose one of {', '.join(OPTIMIZER_CHOICES)}")


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
    """The explorer: the controls, and the picture they produce, as an :class:`Explorer`.

    The left panel shows the path on the surface's contours (square: the start; star: the minimum);
    the right one the loss above its minimum, on a log scale. Moving any control recomputes the path
    with :func:`nnlib.landscapes.path` and redraws. Jupyter shows the returned Explorer as its
    ipywidgets box (``.widget``); its other attributes are its parts, for tests and for the curious.
    """
    return Explorer(surface, optimizer, learning_rate, momentum, steps)


class Explorer:
    """The optimizer explorer: its controls, its figure, and the run it drew last.

    The controls are ipywidgets: ``surface`` and ``optimizer`` (Dropdowns), ``learning_rate``,
    ``momentum`` and ``steps`` (sliders). ``widget`` is the box that holds them, ``message`` (HTML,
    which says when a run diverged) and ``image`` (the PNG of ``figure``, a matplotlib Figure).
    ``path_line`` is the drawn path, ``points``/``losses`` the run it shows (from
    :func:`nnlib.landscapes.path`) and ``redraw_count`` the number of times the picture was drawn.
    Moving a control calls :meth:`redraw`. In Jupyter an Explorer is shown as its ``widget``.
    """

    def __init__(self, surface="quadratic", optimizer="SGD", learning_rate=None, momentum=0.0,
                 steps=60):
        import ipywidgets as widgets
        from matplotlib.figure import Figure

        self.surfaces = {name: make() for name, make in SURFACES.items()}
        if surface not in self.surfaces:
            raise ValueError(f"unknown surface {surface!r}; choose one of "
                             f"{', '.join(self.surfaces)}")
        if learning_rate is None:
            learning_rate = SUGGESTED_LEARNING_RATE[surface]
        style = {"description_width": "initial"}
        self.surface = widgets.Dropdown(options=list(self.surfaces), value=surface,
                                        description="surface", style=style)
        self.optimizer = widgets.Dropdown(options=OPTIMIZER_CHOICES, value=optimizer,
                                          description="optimizer", style=style)
        self.learning_rate = widgets.FloatLogSlider(
            value=learning_rate, base=10, min=-4, max=1, step=0.05, description="learning rate",
            readout_format=".3g", continuous_update=False, style=style)
        self.momentum = widgets.FloatSlider(
            value=momentum, min=0.0, max=0.99, step=0.01, description="momentum",
            readout_format=".2f", continuous_update=False, style=style)
        self.steps = widgets.IntSlider(value=steps, min=10, max=300, step=10, description="steps",
                                       continuous_update=False, style=style)
        self.message = widgets.HTML()
        self.image = widgets.Image(format="png")
        self.widget = widgets.VBox([widgets.HBox([self.surface, self.optimizer, self.steps]),
                                    widgets.HBox([self.learning_rate, self.momentum]),
                                    self.message, self.image])
        self.figure = Figure(figsize=(10.5, 4.2))
        self._panels = self.figure.add_gridspec(1, 2, width_ratios=[1.5, 1])
        self.path_line, self.points, self.losses = None, None, None
        self.redraw_count = 0
        self._paused = False  # True while one control moves another, so the picture is drawn once

        self.surface.observe(self._new_surface, names="value")
        for control in (self.optimizer, self.learning_rate, self.momentum, self.steps):
            control.observe(self.redraw, names="value")
        self.redraw()

    def redraw(self, change=None):
        """Run the chosen optimizer with the sliders' settings, and draw the picture again."""
        if self._paused:
            return
        surface, name = self.surfaces[self.surface.value], self.optimizer.value
        self.momentum.disabled = name not in USES_MOMENTUM
        self.momentum.description = "beta_1 (momentum)" if name in ("Adam", "Adamax", "Nadam") \
            else "momentum"
        optimizer = make_optimizer(name, self.learning_rate.value, self.momentum.value)
        points, losses = path(surface, optimizer, steps=self.steps.value)
        outcome = self._draw(surface, name, points, losses)
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png")
        self.image.value = buffer.getvalue()
        self.message.value = ("<b>The run diverged</b>: try a smaller learning rate."
                              if outcome.startswith("diverged") else "")
        self.points, self.losses = points, losses
        self.redraw_count += 1

    def _draw(self, surface, name, points, losses):
        """Draw the path and the losses of one run on ``figure``; returns the run's outcome."""
        self.figure.clear()
        ax_path = self.figure.add_subplot(self._panels[0])
        ax_loss = self.figure.add_subplot(self._panels[1])
        self.path_line = draw_path(ax_path, surface, points)
        ax_path.set_xlabel("$w_1$")
        ax_path.set_ylabel("$w_2$")
        setting = f"learning rate {self.learning_rate.value:.3g}"
        if name in USES_MOMENTUM:
            setting += f", {self.momentum.description} {self.momentum.value:.2f}"
        ax_path.set_title(f"{name} on the {surface.name}\n{setting}", fontsize=10)
        above = np.maximum(losses - surface.min_loss, 1e-16)
        ax_loss.semilogy(np.arange(len(losses)), above, color="tab:red", lw=1.5)
        ax_loss.set_xlim(0, self.steps.value)
        ax_loss.set_xlabel("step")
        ax_loss.set_ylabel("loss minus its minimum (log scale)")
        outcome = _outcome(surface, points, losses, self.steps.value)
        ax_loss.set_title(outcome, fontsize=10)
        ax_loss.grid(True, which="major", alpha=0.3)
        self.figure.tight_layout()
        return outcome

    def _new_surface(self, change):
        """A new surface gets its own suggested learning rate, and one redraw (not two)."""
        self._paused = True
        try:
            self.learning_rate.value = SUGGESTED_LEARNING_RATE[change["new"]]
        finally:
            self._paused = False
        self.redraw()

    def _ipython_display_(self):
        """Jupyter shows an Explorer as its widget, under ipywidgets 7 and 8 alike."""
        from IPython.display import display

        display(self.widget)


def path_grid(surface=None, learning_rates=(0.02, 0.1, 0.18), momenta=(0.0, 0.5, 0.9),
              optimizer="SGD", steps=40):
    """Paths of ``optimizer`` for every learning rate (rows) and momentum (columns): a matplotlib Figure.

    ``surface`` defaults to :func:`nnlib.landscapes.quadratic`. Each panel names its setting and the
    loss after ``steps`` steps (or the step where the run diverged). The panels' paths are stored on
    the figure as ``figure.paths[(learning_rate, momentum)] = (points, losses)``.
    """
    import matplotlib.pyplot as plt

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
