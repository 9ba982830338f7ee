"""The optimizer explorer: controls for the optimizer and its settings, and the picture they give.

``import nnlib`` does not import this module (nor ipywidgets or matplotlib); import it yourself::

    from nnlib.explorer import explore, gallery, path_grid
    explore()                      # in Jupyter, Colab or Binder: move the controls, watch the run

The module keeps computing and drawing apart. Computing: :func:`make_surface`, :func:`make_optimizer`,
:func:`run` (one setting's path and losses, from :func:`nnlib.landscapes.path`) and :func:`rate_map_data`
(the theory's rate of SGD with momentum over a grid of learning rates and momenta, from
:func:`nnlib.landscapes.rate_map`). They return plain numbers, which a picture of any kind (matplotlib
here, an interactive web page elsewhere) can draw. Drawing: :func:`draw_path`, :func:`draw_losses`,
:func:`draw_rate_map`, and the figures :func:`path_grid` and :func:`gallery` for pages that cannot run
Python.

:func:`explore` makes an :class:`Explorer`, which uses only what ipywidgets 7.7 and 8.x both have
(``FloatLogSlider``, ``FloatSlider``, ``IntSlider``, ``Dropdown``, ``HTML``, ``Image``,
``HBox``/``VBox`` and ``observe(..., names="value")``). The figure is a matplotlib ``Figure`` rendered
to PNG bytes and shown in an ``Image`` widget, which redraws in place in every front end without
``Output`` and ``clear_output``.

In the book: chapter 6, "Optimizers" (chapters/06_optimizers.ipynb).
"""
import io

import numpy as np

from . import optimizers
from .landscapes import (SURFACES, best_momentum, heavy_ball_rate, nesterov_rate, path,
                         quadratic, rate_map)

# The optimizers the explorer's menu offers, by the names it shows.
OPTIMIZER_CHOICES = ["SGD", "SGD (Nesterov)", "Adagrad", "Adadelta", "RMSprop", "Adam", "Adamax",
                     "Nadam", "Ftrl"]
# Where each optimizer keeps its momentum, and the value it starts at: Keras's default, except for
# Nesterov (Keras's default momentum, 0, would make it plain SGD).
MOMENTUM_NAME = {"SGD": "momentum", "SGD (Nesterov)": "momentum", "RMSprop": "momentum",
                 "Adam": "beta_1", "Adamax": "beta_1", "Nadam": "beta_1"}
DEFAULT_MOMENTUM = {"SGD": 0.0, "SGD (Nesterov)": 0.9, "RMSprop": 0.0, "Adam": 0.9, "Adamax": 0.9,
                    "Nadam": 0.9}
USES_MOMENTUM = set(MOMENTUM_NAME)
# The surfaces whose condition number the explorer can change (both with largest curvature 10).
QUADRATICS = {"quadratic": 0.0, "rotated quadratic": 45.0}
# A learning rate that suits each optimizer on each surface, with its default momentum: a run of
# 100 steps converges without diverging (tests/nnlib/test_explorer.py checks it). The curvatures of
# the surfaces differ a lot, and adaptive optimizers take steps of about the learning rate's size.
_SUGGESTED = {  # SGD, SGD (Nesterov), Adagrad, Adadelta, RMSprop, Adam, Adamax, Nadam, Ftrl
    "quadratic": (0.05, 0.05, 1.0, 100.0, 0.1, 0.3, 0.3, 0.3, 1.0),
    "rotated quadratic": (0.05, 0.05, 1.0, 100.0, 0.1, 0.3, 0.3, 0.3, 1.0),
    "Rosenbrock": (0.001, 0.001, 1.0, 100.0, 0.01, 0.1, 0.1, 0.1, 1.0),
    "logistic regression": (1.0, 0.3, 1.0, 30.0, 0.1, 0.1, 0.3, 0.3, 1.0),
    "saddle": (0.05, 0.05, 0.3, 30.0, 0.03, 0.05, 0.05, 0.05, 0.3),
}
SUGGESTED_LEARNING_RATE = {surface: dict(zip(OPTIMIZER_CHOICES, rates))
                           for surface, rates in _SUGGESTED.items()}
# Okabe-Ito colours (distinct for colour-blind readers too), each with a marker and a line style.
STYLES = [("#D55E00", "o", "-"), ("#0072B2", "s", "--"), ("#009E73", "^", ":"),
          ("#CC79A7", "D", "-."), ("#E69F00", "v", "-")]


# Computing --------------------------------------------------------------------------------------

def make_surface(name, kappa=20.0):
    """The surface called ``name`` in :data:`nnlib.landscapes.SURFACES`; for the two quadratics, with
    condition number ``kappa`` (largest curvature 10, smallest ``10 / kappa``)."""
    if name in QUADRATICS:
        return quadratic(l1=10.0 / kappa, ln=10.0, angle=QUADRATICS[name])
    if name not in SURFACES:
        raise ValueError(f"unknown surface {name!r}; choose one of {', '.join(SURFACES)}")
    return SURFACES[name]()


def make_optimizer(name, learning_rate, momentum=None):
    """A fresh optimizer from :mod:`nnlib.optimizers` by its name in ``OPTIMIZER_CHOICES``.

    ``momentum`` goes where each optimizer keeps it: ``momentum`` for SGD and RMSprop, ``beta_1`` (the
    decay of the running mean of gradients, Adam's momentum) for Adam, Adamax and Nadam; ``None``
    gives :data:`DEFAULT_MOMENTUM`. Adagrad, Adadelta and Ftrl have none, and ignore it.
    ``"SGD (Nesterov)"`` is SGD with ``nesterov=True``.

    >>> sgd = make_optimizer("SGD (Nesterov)", 0.1, momentum=0.8)
    >>> type(sgd).__name__, sgd.learning_rate, sgd.momentum, sgd.nesterov
    ('SGD', 0.1, 0.8, True)
    >>> make_optimizer("Adam", 0.01).beta_1, make_optimizer("Adam", 0.01, momentum=0.7).beta_1
    (0.9, 0.7)
    """
    if momentum is None:
        momentum = DEFAULT_MOMENTUM.get(name, 0.0)
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


def run(surface="quadratic", optimizer="SGD", learning_rate=None, momentum=None, steps=60,
        kappa=20.0, start=None):
    """One setting of the explorer, computed and not drawn: a dict of plain numbers.

    ``surface`` is a name (with ``kappa`` for the quadratics) or a Surface; ``learning_rate=None``
    takes :data:`SUGGESTED_LEARNING_RATE`, ``momentum=None`` the optimizer's default and
    ``start=None`` the surface's start. The dict holds the ``surface`` (the Surface),
    ``optimizer``, ``learning_rate``, ``momentum`` (None for an optimizer without one), ``steps``,
    ``points`` and ``losses`` (from :func:`nnlib.landscapes.path`) and ``diverged`` (whether the
    run stopped early).
    """
    name = surface if isinstance(surface, str) else surface.name
    surface = make_surface(surface, kappa) if isinstance(surface, str) else surface
    if learning_rate is None:
        learning_rate = SUGGESTED_LEARNING_RATE.get(name, SUGGESTED_LEARNING_RATE["quadratic"])[optimizer]
    if optimizer in USES_MOMENTUM:
        momentum = DEFAULT_MOMENTUM[optimizer] if momentum is None else momentum
    else:
        momentum = None
    points, losses = path(surface, make_optimizer(optimizer, learning_rate, momentum or 0.0),
                          start=start, steps=steps)
    return {"surface": surface, "optimizer": optimizer, "learning_rate": learning_rate,
            "momentum": momentum, "steps": steps, "points": points, "losses": losses,
            "diverged": len(points) < steps + 1}


def rate_map_data(curvatures, nesterov=False, n_rates=120, n_momenta=100):
    """The theory's rate of SGD with momentum over a grid, for the curvatures of a quadratic.

    The learning rates run on a log scale from ``0.01 * 2 / ln`` to ``2.5 * 2 / ln`` (``ln`` the
    largest curvature), past the largest stable rate ``2 (1 + momentum) / ln``; the momenta from 0 to
    0.99. Returns a dict: ``learning_rates`` (n_rates,), ``momenta`` (n_momenta,), ``rates``
    (n_momenta, n_rates) from :func:`nnlib.landscapes.rate_map` (1 or more: the run diverges), and
    ``best``, the theory's best (learning rate, momentum) for heavy ball
    (:func:`nnlib.landscapes.best_momentum`), or for Nesterov the grid point of the lowest rate.
    """
    curvatures = np.sort(np.atleast_1d(np.asarray(curvatures, dtype=float)))
    l1, ln = curvatures[0], curvatures[-1]
    learning_rates = np.geomspace(0.01 * 2 / ln, 2.5 * 2 / ln, n_rates)
    momenta = np.linspace(0.0, 0.99, n_momenta)
    rates = rate_map(curvatures, learning_rates, momenta, nesterov=nesterov)
    if nesterov:
        i, j = np.unravel_index(np.argmin(rates), rates.shape)
        best = (float(learning_rates[j]), float(momenta[i]))
    else:
        best = best_momentum(l1, ln)
    return {"curvatures": curvatures, "nesterov": nesterov, "learning_rates": learning_rates,
            "momenta": momenta, "rates": rates, "best": best}


# Drawing ----------------------------------------------------------------------------------------

def draw_path(ax, surface, points, color="#D55E00", contour_color="0.75", marker="o", linestyle="-",
              label=None, contours=True):
    """The path ``points`` (shape (k, 2)) on the matplotlib axes ``ax``, over the contours of ``surface``.

    ``contours=False`` draws the path alone (for a second path on the same axes);
    ``contour_color=None`` colours the contours by height (viridis). The start is a black square, the
    minimum a black star. Returns the Line2D of the path, whose data are the points drawn.
    """
    if contours:
        W1, W2, heights = surface.grid()
        if contour_color is None:
            ax.contour(W1, W2, heights, levels=surface.levels, cmap="viridis", linewidths=0.8)
        else:
            ax.contour(W1, W2, heights, levels=surface.levels, colors=contour_color, linewidths=0.7)
        ax.plot(*surface.minimum, "*", color="black", ms=11, zorder=4)
    (line,) = ax.plot(points[:, 0], points[:, 1], marker=marker, linestyle=linestyle, color=color,
                      ms=2.5, lw=1.2, gid="path", label=label)
    ax.plot(*points[0], "s", color="black", ms=5, zorder=4)
    ax.set_xlim(surface.xlim)
    ax.set_ylim(surface.ylim)
    ax.set_aspect("equal")
    ax.set_xlabel("$w_1$")
    ax.set_ylabel("$w_2$")
    return line


def draw_losses(ax, surface, losses, steps, color="#D55E00", marker=None, linestyle="-",
                label=None):
    """The loss above the surface's minimum against the step, on a log scale (floored at 1e-16)."""
    above = np.maximum(np.asarray(losses) - surface.min_loss, 1e-16)
    (line,) = ax.semilogy(np.arange(len(above)), above, color=color, lw=1.5, linestyle=linestyle,
                          marker=marker, markevery=max(1, steps // 10), ms=4, label=label)
    ax.set_xlim(0, steps)
    ax.set_xlabel("step")
    ax.set_ylabel("loss minus its minimum (log scale)")
    ax.grid(True, which="major", alpha=0.3)
    return line


def describe(result):
    """A run in words: its setting, and its loss at the end or where it diverged."""
    text = f"{result['optimizer']}, lr {result['learning_rate']:.3g}"
    if result["momentum"] is not None:
        text += f", {MOMENTUM_NAME[result['optimizer']]} {result['momentum']:.2f}"
    return text


def outcome(result):
    """``"diverged at step k"`` or ``"loss after n steps: x"`` (x above the minimum's loss)."""
    if result["diverged"]:
        return f"diverged at step {len(result['points'])}"
    above = result["losses"][-1] - result["surface"].min_loss
    return f"loss after {result['steps']} steps: {above:.2g} above the minimum"


def draw_rate_map(ax, data, current=None, marks=(), colorbar=True):
    """The heat map of :func:`rate_map_data` on ``ax``: learning rate across (log scale), momentum up.

    Colour and labelled contour lines give the rate (the factor by which the distance to the minimum
    shrinks per step, in the long run); the region where the run diverges is hatched and named; a
    star marks ``data["best"]``. ``current`` = (learning rate, momentum) is drawn as a white dot with
    a black edge, and each of ``marks`` ((learning rate, momentum, text)) as a small labelled dot.
    """
    lr, mom, rates = data["learning_rates"], data["momenta"], data["rates"]
    # Colour by -log10(1 - rate), which spreads out the rates close to 1 (0.9, 0.99, ...).
    shown = np.ma.masked_where(rates >= 1, -np.log10(np.clip(1 - rates, 1e-6, 1)))
    mesh = ax.pcolormesh(lr, mom, shown, cmap="viridis_r", shading="auto", vmin=0, vmax=2)
    ax.contourf(lr, mom, (rates >= 1).astype(float), levels=[0.5, 1.5], colors="none",
                hatches=["////"])
    ax.contour(lr, mom, rates, levels=[1.0], colors="black", linewidths=1.5)
    lines = ax.contour(lr, mom, rates, levels=[0.5, 0.8, 0.9, 0.95, 0.99], colors="white",
                       linewidths=0.8)
    ax.clabel(lines, fmt="%g", fontsize=7)
    ax.set_xscale("log")
    low = np.argmin(np.abs(mom - 0.15))  # a row of low momentum, where "diverges" is written
    diverging = np.flatnonzero(rates[low] >= 1)
    if len(diverging):
        ax.text(np.sqrt(lr[diverging[0]] * lr[-1]), mom[low], "diverges", fontsize=8, ha="center",
                va="center", bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85})
    ax.plot(*data["best"], "*", color="white", mec="black", ms=14, zorder=5,
            label="theory's best" if not data["nesterov"] else "lowest rate on the map")
    for rate, m, text in marks:
        ax.plot(rate, m, "o", color="black", ms=4, zorder=5)
        ax.annotate(text, (rate, m), xytext=(3, 3), textcoords="offset points", fontsize=7,
                    color="black", bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.7,
                                         "pad": 0.5})
    if current is not None:
        ax.plot(*current, "o", color="white", mec="black", mew=1.5, ms=9, zorder=6,
                label="current setting", clip_on=False)
    ax.set_xlim(lr[0], lr[-1])
    ax.set_ylim(mom[0], mom[-1])
    ax.set_xlabel("learning rate (log scale)")
    ax.set_ylabel("momentum")
    ax.legend(loc="upper left", fontsize=7, framealpha=0.9)
    if colorbar:
        ticks = [0.0, 0.5, 0.9, 0.99]
        bar = ax.figure.colorbar(mesh, ax=ax, ticks=[-np.log10(1 - r) for r in ticks])
        bar.ax.set_yticklabels([f"{r:g}" for r in ticks])
        bar.set_label("rate per step (lower is faster)", fontsize=8)
    return mesh


# The live explorer ------------------------------------------------------------------------------

def explore(surface="quadratic", optimizer="SGD", learning_rate=None, momentum=None, steps=60,
            kappa=20.0):
    """The explorer: the controls, and the picture they produce, as an :class:`Explorer`.

    The left panel shows the path on the surface's contours (square: the start; star: the minimum),
    the middle one the loss above its minimum on a log scale, the right one the theory's rate of SGD
    with momentum over learning rates and momenta, with the current setting as a white dot. Moving
    any control recomputes the run with :func:`run` and redraws. Jupyter shows the returned Explorer
    as its ipywidgets box (``.widget``); its other attributes are its parts, for tests and the curious.
    """
    return Explorer(surface, optimizer, learning_rate, momentum, steps, kappa)


class Explorer:
    """The optimizer explorer: its controls, its figure, and the run it drew last.

    The controls are ipywidgets: ``surface`` and ``optimizer`` (Dropdowns), ``learning_rate``,
    ``momentum``, ``steps``, ``kappa`` (the quadratics' condition number) and ``start_w1``,
    ``start_w2`` (sliders). ``widget`` is the box that holds them, ``message`` (HTML, which says when
    a run diverged) and ``image`` (the PNG of ``figure``, a matplotlib Figure). ``result`` is the last
    :func:`run`, ``path_line`` its drawn path, ``map_data`` the heat map's :func:`rate_map_data`,
    ``current_point`` the dot drawn on it and ``current_rate`` the theory's rate there (both None when
    the optimizer is not SGD); ``redraw_count`` is the number of times the picture was drawn. Choosing an optimizer sets the momentum slider to its
    default and the learning rate to one that suits it; choosing a surface sets the learning rate and
    the start. In Jupyter an Explorer is shown as its ``widget``.
    """

    def __init__(self, surface="quadratic", optimizer="SGD", learning_rate=None, momentum=None,
                 steps=60, kappa=20.0):
        import ipywidgets as widgets
        from matplotlib.figure import Figure

        if surface not in SURFACES:
            raise ValueError(f"unknown surface {surface!r}; choose one of {', '.join(SURFACES)}")
        if optimizer not in OPTIMIZER_CHOICES:
            raise ValueError(f"unknown optimizer {optimizer!r}; choose one of "
                             f"{', '.join(OPTIMIZER_CHOICES)}")
        if learning_rate is None:
            learning_rate = SUGGESTED_LEARNING_RATE[surface][optimizer]
        if momentum is None:
            momentum = DEFAULT_MOMENTUM.get(optimizer, 0.0)
        style = {"description_width": "initial"}
        slider = {"continuous_update": False, "style": style}
        self.surface = widgets.Dropdown(options=list(SURFACES), value=surface,
                                        description="surface", style=style)
        self.optimizer = widgets.Dropdown(options=OPTIMIZER_CHOICES, value=optimizer,
                                          description="optimizer", style=style)
        self.steps = widgets.IntSlider(value=steps, min=10, max=300, step=10, description="steps",
                                       **slider)
        self.learning_rate = widgets.FloatLogSlider(
            value=learning_rate, base=10, min=-4, max=4, step=0.05, description="learning rate",
            readout_format=".3g", **slider)
        self.momentum = widgets.FloatSlider(value=momentum, min=0.0, max=0.99, step=0.01,
                                            description="momentum", readout_format=".2f", **slider)
        self.kappa = widgets.FloatLogSlider(value=kappa, base=10, min=0, max=3, step=0.05,
                                            description="condition number kappa",
                                            readout_format=".3g", **slider)
        self.start_w1 = widgets.FloatSlider(value=0.0, min=-1.0, max=1.0, step=0.01,
                                            description="start w1", readout_format=".2f", **slider)
        self.start_w2 = widgets.FloatSlider(value=0.0, min=-1.0, max=1.0, step=0.01,
                                            description="start w2", readout_format=".2f", **slider)
        self.message = widgets.HTML()
        self.image = widgets.Image(format="png")
        self.widget = widgets.VBox([
            widgets.HBox([self.surface, self.optimizer, self.steps]),
            widgets.HBox([self.learning_rate, self.momentum]),
            widgets.HBox([self.kappa, self.start_w1, self.start_w2]),
            self.message, self.image])
        self.figure = Figure(figsize=(14, 4.3))
        # A fixed layout (not tight_layout, which measures every label and doubles the drawing time)
        self._panels = self.figure.add_gridspec(1, 3, width_ratios=[1.25, 1, 1.1], left=0.05,
                                                right=0.97, bottom=0.13, top=0.86, wspace=0.3)
        self.result, self.path_line, self.map_data = None, None, None
        self.current_point, self.current_rate = None, None
        self.redraw_count = 0
        self._paused = False  # True while one control moves others, so the picture is drawn once
        self._new_surface_object()

        self.surface.observe(self._on_surface, names="value")
        self.optimizer.observe(self._on_optimizer, names="value")
        self.kappa.observe(self._on_kappa, names="value")
        for control in (self.learning_rate, self.momentum, self.steps, self.start_w1, self.start_w2):
            control.observe(self.redraw, names="value")
        self.redraw()

    # What each control does -------------------------------------------------------------------

    def _new_surface_object(self, keep_start=False):
        """Make the Surface for the chosen name and kappa, and fit the start sliders to its window."""
        self.surface_object = make_surface(self.surface.value, self.kappa.value)
        self.kappa.disabled = self.surface.value not in QUADRATICS
        s = self.surface_object
        start = (self.start_w1.value, self.start_w2.value) if keep_start else s.start
        for slider, limits, value in ((self.start_w1, s.xlim, start[0]),
                                      (self.start_w2, s.ylim, start[1])):
            low, high = float(limits[0]), float(limits[1])
            slider.max = max(high, slider.min)  # widen first, so that min never passes max
            slider.min = low
            slider.max = high
            slider.value = float(np.clip(value, low, high))
        self._map_key = None  # the heat map is computed again

    def _while_paused(self, change):
        self._paused = True
        try:
            change()
        finally:
            self._paused = False
        self.redraw()

    def _on_surface(self, change):
        """A new surface: its own start and a learning rate that suits it; one redraw, not several."""
        def change_controls():
            self._new_surface_object()
            self.learning_rate.value = SUGGESTED_LEARNING_RATE[self.surface.value][self.optimizer.value]
        self._while_paused(change_controls)

    def _on_optimizer(self, change):
        """A new optimizer: its default momentum and a learning rate that suits it; one redraw."""
        def change_controls():
            name = self.optimizer.value
            if name in USES_MOMENTUM:
                self.momentum.value = DEFAULT_MOMENTUM[name]
            self.learning_rate.value = SUGGESTED_LEARNING_RATE[self.surface.value][name]
        self._while_paused(change_controls)

    def _on_kappa(self, change):
        """A new condition number: the quadratic is made again; the start stays where it was."""
        self._while_paused(lambda: self._new_surface_object(keep_start=True))

    # The picture --------------------------------------------------------------------------------

    def redraw(self, change=None):
        """Run the chosen optimizer with the controls' settings, and draw the picture again."""
        if self._paused:
            return
        name = self.optimizer.value
        self.momentum.disabled = name not in USES_MOMENTUM
        self.momentum.description = MOMENTUM_NAME.get(name, "momentum")
        result = run(self.surface_object, name, self.learning_rate.value,
                     self.momentum.value if name in USES_MOMENTUM else None, self.steps.value,
                     start=(self.start_w1.value, self.start_w2.value))
        self._draw(result)
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png")
        self.image.value = buffer.getvalue()
        self.message.value = ("<b>The run diverged</b>: try a smaller learning rate."
                              if result["diverged"] else "")
        self.result = result
        self.redraw_count += 1

    def _draw(self, result):
        """Draw the path, the losses and the heat map of one run on ``figure``."""
        surface, name = result["surface"], result["optimizer"]
        self.figure.clear()
        ax_path, ax_loss, ax_map = (self.figure.add_subplot(self._panels[i]) for i in range(3))
        self.path_line = draw_path(ax_path, surface, result["points"])
        ax_path.set_title(f"{surface.name}\n{describe(result)}", fontsize=9)
        draw_losses(ax_loss, surface, result["losses"], result["steps"])
        ax_loss.set_title(outcome(result), fontsize=9)

        nesterov = name == "SGD (Nesterov)"
        key = (surface.name, nesterov)
        if self._map_key != key:
            self.map_data = rate_map_data(surface.curvatures(), nesterov=nesterov)
            self._map_key = key
        curvatures = self.map_data["curvatures"]
        kind = "Nesterov" if nesterov else "SGD with momentum"
        where = "" if surface.name.startswith("quadratic") else " near the minimum"
        if name in ("SGD", "SGD (Nesterov)"):
            self.current_point = (result["learning_rate"], result["momentum"])
            theory = nesterov_rate if nesterov else heavy_ball_rate
            self.current_rate = theory(curvatures, *self.current_point)
            now = (f"rate {self.current_rate:.3f} per step" if self.current_rate < 1
                   else "it diverges")
            note = f"; the white dot: {now}"
        else:
            self.current_point, self.current_rate = None, None
            note = f"; {name} is not SGD: no dot"
        draw_rate_map(ax_map, self.map_data, current=self.current_point)
        ax_map.set_title(f"theory for {kind}{where}, curvatures {curvatures[0]:.3g} and "
                         f"{curvatures[-1]:.3g}\n{note[2:]}", fontsize=9)

    def _ipython_display_(self):
        """Jupyter shows an Explorer as its widget, under ipywidgets 7 and 8 alike."""
        from IPython.display import display

        display(self.widget)


# Pictures for a page without Python ------------------------------------------------------------

def path_grid(surface=None, learning_rates=(0.02, 0.1, 0.18), momenta=(0.0, 0.5, 0.9),
              optimizer="SGD", steps=40):
    """Paths of ``optimizer`` for every learning rate (rows) and momentum (columns): a matplotlib Figure.

    ``surface`` defaults to :func:`nnlib.landscapes.quadratic`. Each panel names its setting, the
    theory's rate for SGD (:func:`nnlib.landscapes.rate_map` on the surface's curvatures) and the loss
    after ``steps`` steps (or the step where the run diverged). The panels' paths are stored on the
    figure as ``figure.paths[(learning_rate, momentum)] = (points, losses)``.
    """
    import matplotlib.pyplot as plt

    surface = quadratic() if surface is None else surface
    curvatures = surface.curvatures()
    rows, cols = len(learning_rates), len(momenta)
    fig, axes = plt.subplots(rows, cols, figsize=(3.9 * cols, 1.15 + 1.75 * rows), squeeze=False)
    fig.paths = {}
    for i, lr in enumerate(learning_rates):
        for j, m in enumerate(momenta):
            result = run(surface, optimizer, lr, m, steps)
            fig.paths[(lr, m)] = (result["points"], result["losses"])
            ax = axes[i, j]
            draw_path(ax, surface, result["points"])
            theory = ""
            if optimizer == "SGD":
                theory = f", rate {rate_map(curvatures, [lr], [m])[0, 0]:.2f}"
            ax.set_title(f"lr {lr:g}, momentum {m:g}{theory}\n{outcome(result)}", fontsize=8.5)
            ax.tick_params(labelsize=7)
    fig.suptitle(f"{optimizer}: {steps} steps on the {surface.name}, from the square to the star",
                 fontsize=11)
    fig.tight_layout()
    return fig


def gallery(rows, steps=100):
    """Rows of runs, each row a path panel (the runs' paths on one surface) and a loss panel.

    ``rows`` is a list of ``(title, surface, settings)``: ``surface`` a name or a Surface, and
    ``settings`` a list of dicts of :func:`run`'s keyword arguments (``optimizer``,
    ``learning_rate``, ``momentum``, ...). Each run gets its own colour, marker and line style, named
    in the loss panel's legend. Returns the matplotlib Figure; its runs are in ``figure.results``
    (one list of :func:`run` results per row).
    """
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(len(rows), 2, figsize=(12, 3.9 * len(rows)), squeeze=False,
                             gridspec_kw={"width_ratios": [1.1, 1]})
    fig.results = []
    for (title, surface, settings), (ax_path, ax_loss) in zip(rows, axes):
        surface = make_surface(surface) if isinstance(surface, str) else surface
        results = []
        for setting, (color, marker, linestyle) in zip(settings, STYLES):
            result = run(surface, steps=setting.get("steps", steps),
                         **{k: v for k, v in setting.items() if k != "steps"})
            results.append(result)
            label = f"{describe(result)}: " + (
                f"diverged at step {len(result['points'])}" if result["diverged"]
                else f"{result['losses'][-1] - surface.min_loss:.1e}")
            draw_path(ax_path, surface, result["points"], color=color, marker=marker,
                      linestyle=linestyle, contours=not results[:-1])
            draw_losses(ax_loss, surface, result["losses"], result["steps"], color=color,
                        marker=marker, linestyle=linestyle, label=label)
        ax_path.set_title(f"{title}: paths (square: start, star: minimum)", fontsize=10)
        ax_loss.set_title(f"{title}: loss above the minimum", fontsize=10)
        ax_loss.legend(fontsize=7.5, loc="lower left", title="setting: loss at the end",
                       title_fontsize=7.5)
        fig.results.append(results)
    fig.tight_layout()
    return fig
