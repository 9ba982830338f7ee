"""Interactive figures for a page that runs no Python: nnlib computes the data, Vega-Lite draws it.

The book's web pages have no kernel, so an ipywidgets control there cannot call Python. The figures
of this module move in the page itself: every number they draw is computed by nnlib when the notebook
runs (paths from :func:`nnlib.landscapes.path` with :mod:`nnlib.optimizers`, activations and their
derivatives from nnlib's tape, ...) on a grid of settings, stored with the notebook's output, and a
Vega-Lite chart (built with Altair) picks the rows that the reader's controls name. Moving a control
filters stored data; nothing is computed in the browser but the drawing.

``import nnlib`` does not import this module, and this module imports Altair only inside the
functions that build a chart, so the computing half works with numpy and nnlib alone::

    from nnlib import interactive
    runs = interactive.explorer_runs()          # the optimizer explorer's grid, as plain numbers
    interactive.optimizer_explorer()            # the chart (imports Altair)

Computing: :func:`explorer_runs` (one row per setting: surface, optimizer, learning rate, momentum,
and the path and losses of ``landscapes.path``), :func:`explorer_frame`, :func:`learning_rate_grid`,
:func:`contour_lines`, :func:`activation_table` and :func:`descent_runs`. Drawing:
:func:`optimizer_explorer`, :func:`activation_explorer` and :func:`descent_explorer`, each returning a
:class:`VegaChart`.

How a chart is stored and shown. :class:`VegaChart` gives Jupyter two representations: ``text/plain``
(its description) and ``text/html``: a ``<div>`` for the controls and the drawing, the Vega-Lite
specification as JSON in a ``<script type="application/json">``, and a short script that draws it
with vega-embed. That script takes Vega, Vega-Lite and vega-embed from the page when the page has them
(the book's pages load the site's own copy: ``tools/offline_assets.py``), and otherwise from the
jsDelivr CDN at the versions Altair names (Colab renders ``text/html``; JupyterLab runs the script once
the notebook is trusted or the cell has run). The specification is stored once, and nothing in it
depends on the machine: positions are stored to 1/10,000 of the drawn frame and losses to 0.02 of a
decade, in short base-36 codes the chart decodes (see :func:`encode_coordinates`), and every parameter,
dataset and view has a name of its own.

In the book: chapter 3 (``activation_explorer``), chapter 5 (``descent_explorer``) and chapter 6
(``optimizer_explorer``).
"""
import html
import json

import numpy as np

from . import activations, optimizers
from .autodiff import GradientTape, Variable
from .explorer import SUGGESTED_LEARNING_RATE, make_optimizer, make_surface
from .landscapes import path, rate_map

# The optimizer explorer's grid -------------------------------------------------------------------

EXPLORER_SURFACES = ("quadratic", "rotated quadratic", "Rosenbrock", "logistic regression", "saddle")
SURFACE_LABELS = ("quadratic bowl (kappa 20)", "the same bowl turned 45 degrees", "Rosenbrock's valley",
                  "logistic-regression loss", "saddle")
# SGD's momentum is a slider; the others run with Keras's defaults (Adam's beta_1 0.9, RMSprop's
# momentum 0). The live explorer (nnlib.explorer) has every optimizer and moves their momentum too:
# its grid would not fit in a page.
EXPLORER_OPTIMIZERS = ("SGD", "RMSprop", "Adam", "Adagrad")
VARIES_MOMENTUM = ("SGD",)
MOMENTA = tuple(round(0.1 * i, 1) for i in range(10))  # 0, 0.1, ..., 0.9
PER_DECADE = 5  # learning rates 10 ** (k / 5): five a decade
WINDOW = (-2 * PER_DECADE, PER_DECADE)  # from 1/100 to 10 times the rate that suits the setting
EXPLORER_STEPS = 60

# Base-36 codes of the stored numbers (parseInt(code, 36) in the chart). A coordinate is 3 characters:
# its distance from the frame's lower edge in 1/10,000 of the frame's width, plus an offset, so that
# points up to 1.8 frames outside it are kept too; "zzz" marks a point further out (the line breaks
# there). A loss above the surface's minimum is 2 characters: its log10, from -16, in steps of 0.02.
COORD_SCALE, COORD_OFFSET, COORD_MISSING = 10_000, 18_000, 36 ** 3 - 1
LOSS_FLOOR, LOSS_SCALE, LOSS_TOP = -16.0, 50, 36 ** 2 - 1
# The theory's rate per step in 3 characters: -log10(1 - rate) in steps of 1/2,000 (so rates close to
# 1 keep their distance from 1 to 0.1%), and "zzz" for a rate of 1 or more (the run diverges).
RATE_SCALE = 2_000
RATE_DIVERGES = 36 ** 3 - 1


def encode_rates(rates):
    """Codes of 3 characters for rates per step: -log10(1 - rate) in steps of 1/2,000, up to 20
    (a rate of 1 - 1e-20), and ``"zzz"`` for 1 or more.

    >>> encode_rates([0.0, 0.9, 0.99999, 1.0, 1.5])
    '0001jk7pszzzzzz'
    """
    rates = np.asarray(rates, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        q = np.round(-np.log10(np.clip(1 - rates, 1e-20, 1)) * RATE_SCALE)
    return _base36(np.where(rates >= 1, RATE_DIVERGES, q), 3)


def decode_rates(codes):
    """The inverse of :func:`encode_rates` (inf for a rate of 1 or more), as the chart computes it."""
    q = np.array([int(codes[i:i + 3], 36) for i in range(0, len(codes), 3)], dtype=float)
    return np.where(q == RATE_DIVERGES, np.inf, 1 - 10 ** (-q / RATE_SCALE))
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def _base36(codes, width):
    out = []
    for code in codes:
        code = int(code)
        chars = []
        for _ in range(width):
            code, digit = divmod(code, 36)
            chars.append(_DIGITS[digit])
        out.append("".join(reversed(chars)))
    return "".join(out)


def encode_coordinates(values, low, width):
    """Codes of 3 characters for ``values``, in 1/10,000 of ``width`` from ``low`` (``"zzz"``: out of
    reach, more than 1.8 widths outside).

    >>> encode_coordinates([-5.0, 0.0, 5.0, 50.0], low=-5.0, width=10.0)
    'dw0hqwllszzz'
    """
    q = np.round((np.asarray(values, dtype=float) - low) / width * COORD_SCALE) + COORD_OFFSET
    q = np.where(np.isfinite(q) & (q >= 0) & (q < COORD_MISSING), q, COORD_MISSING)
    return _base36(q, 3)


def decode_coordinates(codes, low, width):
    """The inverse of :func:`encode_coordinates` (NaN for ``"zzz"``), as the chart computes it."""
    q = np.array([int(codes[i:i + 3], 36) for i in range(0, len(codes), 3)], dtype=float)
    return np.where(q == COORD_MISSING, np.nan, low + (q - COORD_OFFSET) * width / COORD_SCALE)


def encode_losses(gaps):
    """Codes of 2 characters for losses above the minimum: log10 from -16 in steps of 0.02 (capped
    at 10 ** 9.9); a gap of 0 or below is stored as 1e-16."""
    with np.errstate(divide="ignore", invalid="ignore"):
        exponent = np.log10(np.maximum(np.asarray(gaps, dtype=float), 10 ** LOSS_FLOOR))
    q = np.clip(np.round((np.nan_to_num(exponent, nan=LOSS_FLOOR, posinf=99.0) - LOSS_FLOOR)
                         * LOSS_SCALE), 0, LOSS_TOP)
    return _base36(q, 2)


def decode_losses(codes):
    """The inverse of :func:`encode_losses`, as the chart computes it."""
    q = np.array([int(codes[i:i + 2], 36) for i in range(0, len(codes), 2)], dtype=float)
    return 10 ** (LOSS_FLOOR + q / LOSS_SCALE)


def explorer_frame(surface):
    """The square that the explorer draws a surface in: ``(x0, y0, width)``, centred on the
    surface's own window (``xlim`` by ``ylim``) and as wide as its longer side, so both weights have
    the same scale."""
    cx, cy = np.mean(surface.xlim), np.mean(surface.ylim)
    width = float(max(np.ptp(surface.xlim), np.ptp(surface.ylim)))
    return float(cx - width / 2), float(cy - width / 2), width


def learning_rate_grid(surface, optimizer):
    """The exponents ``k`` of the learning rates ``10 ** (k / PER_DECADE)`` stored for a surface and
    an optimizer (names): from 1/100 to 10 times the rate that suits them
    (``nnlib.explorer.SUGGESTED_LEARNING_RATE``), five a decade.

    >>> learning_rate_grid("quadratic", "SGD")[[0, -1]]
    array([-17,  -2])
    """
    k0 = int(np.round(np.log10(SUGGESTED_LEARNING_RATE[surface][optimizer]) * PER_DECADE))
    return np.arange(k0 + WINDOW[0], k0 + WINDOW[1] + 1)


def _kept(points, diverged, frame):
    """How many points a run stores: all of them, or for a run that diverged, up to the first point
    outside the frame after which it never comes back (the line leaves the frame)."""
    if not diverged:
        return int(len(points))
    x0, y0, width = frame
    inside = np.all((points >= [x0, y0]) & (points <= [x0 + width, y0 + width]), axis=1)
    where = np.flatnonzero(inside)
    return int(min(len(points), (where[-1] + 2) if len(where) else 1))


def loss_floor(surface):
    """The smallest loss above the minimum that a run's losses can tell apart from rounding: 1e-16
    where the minimum is 0, else 1e-12 times the minimum's size (a loss of 0.61 carries rounding
    noise of about 1e-16, so its gap to the minimum means nothing below that)."""
    return 1e-16 if surface.min_loss == 0 else 1e-12 * abs(surface.min_loss)


def point_codes(points, losses, surface, frame=None):
    """The chart's code of each point of a run, 8 characters: its two coordinates (3 characters
    each, :func:`encode_coordinates` over ``frame``, default :func:`explorer_frame`) and its loss above
    the minimum (2, :func:`encode_losses`, floored at :func:`loss_floor`)."""
    x0, y0, width = explorer_frame(surface) if frame is None else frame
    gaps = np.maximum(np.asarray(losses) - surface.min_loss, loss_floor(surface))
    return [encode_coordinates([x], x0, width) + encode_coordinates([y], y0, width) + encode_losses([g])
            for (x, y), g in zip(points, gaps)]


def _departs(points, losses, other_points, other_losses, surface, frame):
    """The first step at which a second run is 2 stored units or more from the first (a 1/5,000 of the
    frame in a coordinate, 0.04 of a decade in the loss above the minimum), or None. The real values
    are compared, not their rounded codes, so a value that happens to sit on a rounding boundary
    does not count."""
    n = min(len(points), len(other_points))
    if n == 0:
        return None
    moved = np.max(np.abs(points[:n] - other_points[:n]), axis=1) / frame[2] * COORD_SCALE
    floor = loss_floor(surface)
    gaps = [np.log10(np.maximum(np.asarray(v[:n]) - surface.min_loss, floor)) for v in (losses, other_losses)]
    apart = (moved >= 2) | (np.abs(gaps[0] - gaps[1]) * LOSS_SCALE >= 2)
    return int(np.argmax(apart)) if apart.any() else (n if n < len(points) else None)


# The start is moved by this much (times the frame's width) to find where a run starts to depend on
# the last digits of its arithmetic: 10,000 times more than rounding moves it on another machine, so
# the step found is the same there (the nudge, not the rounding, decides it).
NUDGE = 1e-12


def explorer_runs(steps=EXPLORER_STEPS, surfaces=EXPLORER_SURFACES, optimizer_names=EXPLORER_OPTIMIZERS):
    """Every run of the optimizer explorer's grid, computed by :func:`nnlib.landscapes.path`.

    One dict per setting (a tidy table, one row a run): ``surface`` and ``optimizer`` (names),
    ``k`` and ``learning_rate`` (``10 ** (k / PER_DECADE)``, on :func:`learning_rate_grid`),
    ``momentum`` (from :data:`MOMENTA` for SGD, None for the others, which keep Keras's defaults),
    ``points`` and ``losses`` (``path``'s output, ``steps`` steps from the surface's start),
    ``diverged`` (the run stopped early: a weight beyond 1,000 or a loss no longer finite),
    ``chaotic`` (the first step at which the same run from a start moved by ``NUDGE`` times the
    frame's width is 2 stored units away, or None: from there on the run depends on the last digits
    of its arithmetic, and another CPU would draw it otherwise, as in the jitter of an adaptive
    optimizer near its minimum; SGD on the quadratics, a linear rule, is not checked) and ``kept``, the number of points the chart stores: all, or up to where the run turned
    chaotic, or, for a run that diverged, until it left the frame of :func:`explorer_frame` for good.
    """
    rows = []
    for surface_name in surfaces:
        surface = make_surface(surface_name)
        frame = explorer_frame(surface)
        nudged = surface.start + NUDGE * frame[2]
        for name in optimizer_names:
            momenta = MOMENTA if name in VARIES_MOMENTUM else (None,)
            for k in learning_rate_grid(surface_name, name):
                learning_rate = 10 ** (k / PER_DECADE)
                for momentum in momenta:
                    points, losses = path(surface, make_optimizer(name, learning_rate, momentum),
                                          steps=steps)
                    diverged = len(points) < steps + 1
                    kept = _kept(points, diverged, frame)
                    chaotic = None
                    if name not in VARIES_MOMENTUM or surface_name not in ("quadratic", "rotated quadratic"):
                        # (SGD on a quadratic is linear: a nudge stays as small, relative to the path)
                        other = path(surface, make_optimizer(name, learning_rate, momentum),
                                     start=nudged, steps=steps)
                        departs = _departs(points[:kept], losses[:kept], *other, surface, frame)
                        chaotic = departs if departs is not None and departs < kept else None
                    rows.append({"surface": surface_name, "optimizer": name, "k": int(k),
                                 "learning_rate": learning_rate, "momentum": momentum,
                                 "points": points, "losses": losses, "diverged": diverged,
                                 "chaotic": chaotic, "kept": kept if chaotic is None else chaotic})
    return rows


def contour_lines(surface, frame=None, n=101):
    """The contour lines of ``surface`` at its ``levels``, over ``frame`` (default
    :func:`explorer_frame`) sampled on an ``n`` by ``n`` grid: a list of (level index, (m, 2) array).

    Uses contourpy, matplotlib's contouring library (imported here, not with nnlib).
    """
    import contourpy

    x0, y0, width = explorer_frame(surface) if frame is None else frame
    W1, W2 = np.meshgrid(np.linspace(x0, x0 + width, n), np.linspace(y0, y0 + width, n))
    generator = contourpy.contour_generator(W1, W2, surface(np.stack([W1, W2])))
    return [(i, line) for i, level in enumerate(surface.levels) for line in generator.lines(level)
            if len(line) > 1]


# Charts ------------------------------------------------------------------------------------------

VEGA_CDN = "https://cdn.jsdelivr.net/npm/"
# The side of a panel, in pixels: two panels side by side, with their axes, fit the book's text
# column (about 690 pixels in a 1280-pixel window).
PANEL = 255

# Drawn by the page, in the browser; stored as text. The libraries come from the page itself when it
# has them (the book's pages), else from the CDN (Colab, Jupyter); a book page never uses the CDN: its
# copy is a module script, which runs before DOMContentLoaded, and if it failed the chart says so.
_LOADER = """(function () {
  var box = document.getElementById(%(id)s), chart = box.querySelector(".nnlib-vega-chart");
  var spec = JSON.parse(box.nextElementSibling.textContent), urls = %(urls)s;
  function load(url) {
    return new Promise(function (done, fail) {
      var script = document.createElement("script");
      script.src = url; script.onload = done;
      script.onerror = function () { fail(new Error("could not load " + url)); };
      document.head.appendChild(script);
    });
  }
  function libraries() {
    if (window.vegaEmbed) return Promise.resolve();
    if (document.readyState === "loading") return new Promise(function (done) {
      document.addEventListener("DOMContentLoaded", done); }).then(libraries);
    if (document.querySelector("script[data-nnlib-vega]"))
      return Promise.reject(new Error("the page's own copy of Vega did not load"));
    window.nnlibVegaLoading = window.nnlibVegaLoading || urls.reduce(function (p, url) {
      return p.then(function () { return load(url); }); }, Promise.resolve());
    return window.nnlibVegaLoading;
  }
  libraries().then(function () {
    chart.textContent = "";
    return vegaEmbed(chart, spec, {actions: false, renderer: "svg"});
  }).then(function (result) {
    box.vegaEmbed = result; box.setAttribute("data-ready", "true");
  }).catch(function (error) {
    chart.textContent = "The interactive chart could not be drawn: " + error.message;
    box.setAttribute("data-error", error.message);
  });
})();"""


class VegaChart:
    """A Vega-Lite chart as a notebook shows and stores it: ``text/html`` and ``text/plain``.

    ``chart`` is the Altair chart, ``spec`` its Vega-Lite specification (a dict, validated by Altair),
    ``name`` the id of its ``<div>`` (controls are placed in ``name + "-controls"``) and
    ``description`` its text for screen readers (the spec's ``description``, which Vega makes the
    aria-label of the drawing's box, whose role is ``graphics-document``). :meth:`html` is the same text on every machine for the same spec.
    """

    def __init__(self, chart, name):
        import altair as alt

        self.chart, self.name = chart, name
        self.spec = chart.to_dict()
        self.description = self.spec.get("description", "")
        self.versions = {"vega": alt.VEGA_VERSION, "vega-lite": alt.VEGALITE_VERSION,
                         "vega-embed": alt.VEGAEMBED_VERSION}

    def html(self):
        spec = json.dumps(self.spec, separators=(",", ":"), ensure_ascii=False).replace("<", "\\u003c")
        urls = [f"{VEGA_CDN}{library}@{version}" for library, version in self.versions.items()]
        loader = _LOADER % {"id": json.dumps(self.name), "urls": json.dumps(urls)}
        return (f'<div class="nnlib-vega" id="{self.name}">\n'
                f'<div class="nnlib-vega-controls" id="{self.name}-controls"></div>\n'
                f'<div class="nnlib-vega-chart">Interactive chart: {html.escape(self.description)} '
                "(Its script draws it when it runs: in Jupyter, run the cell or trust the "
                "notebook.)</div>\n</div>\n"
                f'<script type="application/json" class="nnlib-vega-spec">{spec}</script>\n'
                f"<script>\n{loader}\n</script>\n")

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.html(),
                "text/plain": f"Interactive chart ({self.name}): {self.description}"}

    def __repr__(self):
        return f"<VegaChart {self.name}: {self.description[:60]}...>"


def _bind(name, binding):
    """A binding placed in the chart's controls box, above the drawing."""
    binding["element"] = f"#{name}-controls"
    return binding


def _select(alt, chart_name, name, labels, value, text):
    return alt.param(name=name, value=value, bind=_bind(chart_name, alt.binding_select(
        options=list(range(len(labels))), labels=list(labels), name=text)))


def _slider(alt, chart_name, name, low, high, step, value, text):
    return alt.param(name=name, value=value, bind=_bind(chart_name, alt.binding_range(
        min=low, max=high, step=step, name=text)))


def _table(values):
    """A Vega expression of a list of numbers: ``[1,2.5,...]``."""
    return "[" + ",".join(f"{v:.12g}" for v in values) + "]"


def _label_table(labels):
    return "[" + ",".join(json.dumps(label) for label in labels) + "]"


def optimizer_explorer(runs=None, steps=EXPLORER_STEPS, name="nnlib-optimizer-explorer"):
    """The optimizer explorer for a page without Python: a :class:`VegaChart`.

    Controls: optimizer and surface (menus), learning rate (log10, five stops a decade), momentum
    (SGD's, 0 to 0.9) and steps (0 to ``steps``). Panels: the path on the surface's contours (square:
    the start; star: the minimum), the loss above the minimum against the step on a log scale, and the
    theory's rate of SGD with momentum over the same grid of learning rates and momenta, with the
    current setting as a ring. ``runs`` defaults to :func:`explorer_runs`; each is drawn from its
    stored points (see :func:`encode_coordinates`), a diverged run until it leaves the frame.
    """
    import altair as alt

    runs = explorer_runs(steps) if runs is None else runs
    surfaces = [make_surface(s) for s in EXPLORER_SURFACES]
    frames = [explorer_frame(s) for s in surfaces]
    s_index = {s: i for i, s in enumerate(EXPLORER_SURFACES)}
    o_index = {o: i for i, o in enumerate(EXPLORER_OPTIMIZERS)}
    m_index = {m: i for i, m in enumerate(MOMENTA)}

    run_rows = []
    for run in runs:
        x0, y0, width = frames[s_index[run["surface"]]]
        kept = run["kept"]
        surface = surfaces[s_index[run["surface"]]]
        codes = "".join(point_codes(run["points"][:kept], run["losses"][:kept], surface,
                                    (x0, y0, width)))
        run_rows.append({"o": o_index[run["optimizer"]], "s": s_index[run["surface"]], "k": run["k"],
                         "m": -1 if run["momentum"] is None else m_index[run["momentum"]],
                         "n": kept, "d": len(run["points"]) if run["diverged"] else -1,
                         "u": -1 if run["chaotic"] is None else run["chaotic"], "p": codes})
    contour_rows = []
    for i, (surface, (x0, y0, width)) in enumerate(zip(surfaces, frames)):
        for line_id, (level, line) in enumerate(contour_lines(surface)):
            codes = "".join(a + b for a, b in zip(
                (encode_coordinates([x], x0, width) for x in line[::2, 0]),
                (encode_coordinates([y], y0, width) for y in line[::2, 1])))
            contour_rows.append({"s": i, "c": line_id, "n": len(codes) // 6, "p": codes})
    window_rows, theory_rows, surface_rows = [], [], []
    for i, surface_name in enumerate(EXPLORER_SURFACES):
        for optimizer_name in EXPLORER_OPTIMIZERS:
            grid = learning_rate_grid(surface_name, optimizer_name)
            window_rows.append({"o": o_index[optimizer_name], "s": i, "lo": int(grid[0]),
                                "hi": int(grid[-1])})
        grid = learning_rate_grid(surface_name, "SGD")
        rates = rate_map(surfaces[i].curvatures(), 10 ** (grid / PER_DECADE), MOMENTA)
        codes = encode_rates(rates.ravel())
        theory_rows.append({"s": i, "lo": int(grid[0]), "n": len(grid), "r": codes})
        surface_rows.append({"s": i, "sx": round(float(surfaces[i].start[0]), 6),
                             "sy": round(float(surfaces[i].start[1]), 6),
                             "mx": round(float(surfaces[i].minimum[0]), 6),
                             "my": round(float(surfaces[i].minimum[1]), 6)})

    # Controls, and the expressions the panels share.
    ks = [k for s in EXPLORER_SURFACES for o in EXPLORER_OPTIMIZERS for k in learning_rate_grid(s, o)]
    sgd_start = learning_rate_grid("quadratic", "SGD")
    start_k = int(np.round(np.log10(SUGGESTED_LEARNING_RATE["quadratic"]["SGD"]) * PER_DECADE))
    assert sgd_start[0] <= start_k <= sgd_start[-1]
    params = [
        _select(alt, name, "optimizer", EXPLORER_OPTIMIZERS, 0, "optimizer "),
        _select(alt, name, "surface", SURFACE_LABELS, 0, "surface "),
        _slider(alt, name, "log_lr", min(ks) / PER_DECADE, max(ks) / PER_DECADE, 1 / PER_DECADE,
                start_k / PER_DECADE, "learning rate, log10 "),
        _slider(alt, name, "momentum", 0.0, MOMENTA[-1], 0.1, 0.0, "momentum (SGD) "),
        _slider(alt, name, "steps", 0, steps, 1, steps, "steps "),
        alt.param(name="lr_index", expr=f"round(log_lr * {PER_DECADE})"),
        alt.param(name="learning_rate", expr=f"pow(10, lr_index / {PER_DECADE})"),
        alt.param(name="momentum_index",
                  expr=f"optimizer < {len(VARIES_MOMENTUM)} ? round(momentum * 10) : -1"),
        alt.param(name="frame_x0", expr=f"{_table(f[0] for f in frames)}[surface]"),
        alt.param(name="frame_y0", expr=f"{_table(f[1] for f in frames)}[surface]"),
        alt.param(name="frame_w", expr=f"{_table(f[2] for f in frames)}[surface]"),
        alt.param(name="theory_lo", expr=f"{_table(r['lo'] for r in theory_rows)}[surface]"),
        alt.param(name="theory_hi", expr=f"{_table(r['lo'] + r['n'] - 1 for r in theory_rows)}[surface]"),
    ]
    x_scale = alt.Scale(domain=[{"expr": "frame_x0"}, {"expr": "frame_x0 + frame_w"}], nice=False,
                        zero=False)
    y_scale = alt.Scale(domain=[{"expr": "frame_y0"}, {"expr": "frame_y0 + frame_w"}], nice=False,
                        zero=False)
    x = alt.X("w1:Q", scale=x_scale, title="w1")
    y = alt.Y("w2:Q", scale=y_scale, title="w2")

    def decoded(width_of_point, fields):
        """Transforms that turn the chosen row's code string into one row per point."""
        out = [{"calculate": "sequence(0, datum.n)", "as": "step"}, {"flatten": ["step"]}]
        at = 0
        for field, size in fields:
            out.append({"calculate": f"parseInt(substring(datum.p, {width_of_point} * datum.step + {at}, "
                                     f"{width_of_point} * datum.step + {at + size}), 36)",
                        "as": field})
            at += size
        return out

    coordinate = ("datum.{q} == {missing} ? null : frame_{axis}0 + (datum.{q} - {offset}) * frame_w / "
                  "{scale}")
    to_w = [{"calculate": coordinate.format(q="qx", axis="x", missing=COORD_MISSING, offset=COORD_OFFSET,
                                            scale=COORD_SCALE), "as": "w1"},
            {"calculate": coordinate.format(q="qy", axis="y", missing=COORD_MISSING, offset=COORD_OFFSET,
                                            scale=COORD_SCALE), "as": "w2"}]
    chosen_run = ("datum.o == optimizer && datum.s == surface && datum.k == lr_index && "
                  "datum.m == momentum_index")
    run_transforms = ([{"filter": chosen_run}] + decoded(8, [("qx", 3), ("qy", 3), ("ql", 2)]) + to_w
                      + [{"calculate": f"pow(10, {LOSS_FLOOR} + datum.ql / {LOSS_SCALE})", "as": "loss_gap"},
                         {"filter": "datum.step <= steps"}])
    runs_data = alt.NamedData(name="explorer_runs")

    contours = alt.Chart(alt.NamedData(name="explorer_contours")).mark_line(
        color="#999999", strokeWidth=0.8, clip=True, aria=False).encode(
        x=x, y=y, detail="c:N", order="step:Q")
    contours.transform = ([{"filter": "datum.s == surface"}] + decoded(6, [("qx", 3), ("qy", 3)]) + to_w)
    path_line = alt.Chart(runs_data).mark_line(color="#D55E00", strokeWidth=1.5, clip=True,
                                               aria=False).encode(x=x, y=y, order="step:Q")
    path_line.transform = run_transforms
    path_points = alt.Chart(runs_data).mark_circle(color="#D55E00", size=14, clip=True,
                                                   aria=False).encode(
        x=x, y=y, tooltip=[alt.Tooltip("step:Q"), alt.Tooltip("w1:Q", format=".4g"),
                           alt.Tooltip("w2:Q", format=".4g"),
                           alt.Tooltip("loss_gap:Q", format=".2e", title="loss above minimum")])
    path_points.transform = run_transforms + [{"filter": "datum.w1 != null && datum.w2 != null"}]
    path_points = path_points.properties(name="explorer_path")
    places = alt.NamedData(name="explorer_surfaces")
    start = alt.Chart(places).mark_square(color="black", size=70, aria=False).encode(
        x=alt.X("sx:Q", scale=x_scale), y=alt.Y("sy:Q", scale=y_scale))
    start.transform = [{"filter": "datum.s == surface"}]
    minimum = alt.Chart(places).mark_point(shape="diamond", filled=True, color="black", size=110,
                                           aria=False).encode(
        x=alt.X("mx:Q", scale=x_scale), y=alt.Y("my:Q", scale=y_scale))
    minimum.transform = [{"filter": "datum.s == surface"}]
    windows = alt.NamedData(name="explorer_windows")
    missing = alt.Chart(windows).mark_text(fontSize=12, lineBreak="\n", color="black").encode(
        text="message:N", x=alt.value(PANEL / 2), y=alt.value(PANEL / 2))
    missing.transform = [
        {"filter": "datum.o == optimizer && datum.s == surface && "
                   "(lr_index < datum.lo || lr_index > datum.hi)"},
        {"calculate": ("'No run stored at this learning rate.\\nFor ' + " + _label_table(EXPLORER_OPTIMIZERS)
                       + f"[optimizer] + ' on this surface the page holds\\n' + format(pow(10, datum.lo / "
                       f"{PER_DECADE}), '.2~g') + ' to ' + format(pow(10, datum.hi / {PER_DECADE}), '.2~g') "
                       "+ ': move the learning rate.'"), "as": "message"}]
    outcome_rows = [{"filter": chosen_run}, {"calculate": "min(datum.n - 1, steps)", "as": "last"}]
    diverged = alt.Chart(runs_data).mark_text(align="left", fontSize=11, color="#A33A00",
                                              fontWeight="bold").encode(
        text="message:N", x=alt.value(6), y=alt.value(12))
    diverged.transform = outcome_rows + [
        {"filter": "(datum.d >= 0 && datum.u < 0 && steps >= datum.n - 1) || (datum.u >= 0 && steps >= datum.n)"},
        {"calculate": ("datum.u >= 0 ? 'from step ' + datum.u + ' on, chaotic: not stored' : "
                       "'diverged: |w| passed 1000 at step ' + datum.d"), "as": "message"}]
    setting = alt.Chart(places).mark_text(align="left", fontSize=11, color="black").encode(
        text="message:N", x=alt.value(0), y=alt.value(-8))
    setting.transform = [
        {"filter": "datum.s == surface"},
        {"calculate": (_label_table(EXPLORER_OPTIMIZERS) + "[optimizer] + ', learning rate ' "
                       "+ format(learning_rate, '.3~g') + (momentum_index >= 0 ? ', momentum ' + "
                       "format(momentum_index / 10, '.1f') : optimizer == 2 ? ' (beta_1 0.9)' : '')"),
         "as": "message"}]
    title = alt.Title(text={"expr": _label_table(SURFACE_LABELS) + "[surface]"}, subtitle=" ",
                      fontSize=12, subtitleFontSize=11, anchor="start")
    path_panel = alt.layer(contours, path_line, path_points, start, minimum, missing, diverged,
                           setting).properties(
        width=PANEL, height=PANEL, title=title)

    losses = alt.Chart(runs_data).mark_line(color="#D55E00", strokeWidth=1.5, clip=True, point=False,
                                            aria=False).encode(
        x=alt.X("step:Q", scale=alt.Scale(domain=[0, {"expr": "max(steps, 1)"}], nice=False),
                title="step"),
        y=alt.Y("loss_gap:Q", scale=alt.Scale(type="log", domain=[1e-16, 1e4], nice=False),
                title="loss above its minimum (log scale)",
                axis=alt.Axis(format=".0e")))
    losses.transform = run_transforms
    losses = losses.properties(name="explorer_losses")
    summary = alt.Chart(runs_data).mark_text(align="left", fontSize=11, color="black").encode(
        text="message:N", x=alt.value(6), y=alt.value(-8))
    summary.transform = run_transforms + [
        {"filter": "datum.step == min(datum.n - 1, steps)"},
        {"calculate": ("datum.d >= 0 && datum.u < 0 && steps >= datum.n - 1 ? 'diverged at step ' + datum.d : "
                       "'after ' + datum.step + ' steps: ' + format(datum.loss_gap, '.1e') + "
                       "' above the minimum' + (datum.u >= 0 && steps >= datum.n ? ' (then chaotic)' : '')"),
         "as": "message"}]
    loss_panel = alt.layer(losses, summary).properties(width=PANEL - 10, height=PANEL, title=alt.Title(
        "The loss, step by step", subtitle=" ", fontSize=12, subtitleFontSize=11, anchor="start"))

    theory = alt.NamedData(name="explorer_theory")
    cell = [{"filter": "datum.s == surface"},
            {"calculate": f"sequence(0, datum.n * {len(MOMENTA)})", "as": "i"}, {"flatten": ["i"]},
            {"calculate": "datum.lo + datum.i % datum.n", "as": "k"},
            {"calculate": "floor(datum.i / datum.n)", "as": "mi"},
            {"calculate": "parseInt(substring(datum.r, 3 * datum.i, 3 * datum.i + 3), 36)", "as": "q"},
            # colour by -log10(1 - rate), which spreads out the rates close to 1 (0.9, 0.99, ...)
            {"calculate": f"datum.q / {RATE_SCALE}", "as": "slowness"},
            {"calculate": f"datum.q == {RATE_DIVERGES} ? 1 : 1 - pow(10, -datum.slowness)", "as": "rate"},
            {"calculate": f"datum.q == {RATE_DIVERGES}", "as": "diverges"},
            {"calculate": f"pow(10, (datum.k - 0.5) / {PER_DECADE})", "as": "lr_low"},
            {"calculate": f"pow(10, (datum.k + 0.5) / {PER_DECADE})", "as": "lr_high"},
            {"calculate": "datum.mi / 10 - 0.05", "as": "m_low"},
            {"calculate": "datum.mi / 10 + 0.05", "as": "m_high"}]
    lr_axis = alt.X("lr_low:Q", scale=alt.Scale(type="log", nice=False, domain=[
        {"expr": f"pow(10, (theory_lo - 0.5) / {PER_DECADE})"},
        {"expr": f"pow(10, (theory_hi + 0.5) / {PER_DECADE})"}]), title="learning rate (log scale)",
                    axis=alt.Axis(format="~g"))
    m_axis = alt.Y("m_low:Q", scale=alt.Scale(domain=[-0.05, 0.95], nice=False), title="momentum")
    heat = alt.Chart(theory).mark_rect(aria=False).encode(
        x=lr_axis, x2="lr_high:Q", y=m_axis, y2="m_high:Q",
        color=alt.condition("datum.diverges", alt.value("#d0d0d0"), alt.Color(
            "slowness:Q", scale=alt.Scale(scheme="viridis", reverse=True, domain=[0, 2], clamp=True),
            legend=alt.Legend(title=["rate per step", "(grey: diverges)"], orient="right",
                              values=[0, 0.5, 1, 1.5, 2],
                              labelExpr="format(1 - pow(10, -datum.value), '.2~f')"))))
    heat.transform = cell
    ring_transforms = cell + [
        {"filter": "optimizer == 0 && datum.k == lr_index && datum.mi == momentum_index"},
        {"calculate": f"pow(10, datum.k / {PER_DECADE})", "as": "lr_low"},
        {"calculate": "datum.mi / 10", "as": "m_low"}]
    ring_edge = alt.Chart(theory).mark_point(shape="circle", size=170, strokeWidth=5, color="black",
                                             filled=False, aria=False).encode(x=lr_axis, y=m_axis)
    ring_edge.transform = ring_transforms
    ring = alt.Chart(theory).mark_point(shape="circle", size=170, strokeWidth=2.5, color="white",
                                        filled=False, aria=False).encode(x=lr_axis, y=m_axis)
    ring.transform = ring_transforms
    reading = alt.Chart(theory).mark_text(align="left", fontSize=11, color="black").encode(
        text="message:N", x=alt.value(0), y=alt.value(-8))
    not_sgd = alt.Chart(places).mark_text(align="left", fontSize=11, color="black").encode(
        text="message:N", x=alt.value(0), y=alt.value(-8))
    not_sgd.transform = [{"filter": "datum.s == surface && optimizer != 0"},
                         {"calculate": "'the theory is for SGD; ' + " + _label_table(EXPLORER_OPTIMIZERS)
                                       + "[optimizer] + ' has no ring'", "as": "message"}]
    reading.transform = cell + [
        {"filter": "optimizer == 0 && datum.k == lr_index && datum.mi == momentum_index"},
        {"calculate": ("datum.diverges ? 'the ring: diverges (rate 1 or more)' : "
                       "'the ring: rate ' + (datum.rate < 0.999 ? format(datum.rate, '.3f') : '1 - ' + "
                       "format(1 - datum.rate, '.1e')) + ' per step'"), "as": "message"}]
    theory_panel = alt.layer(heat, ring_edge, ring, reading, not_sgd).properties(width=PANEL, height=170, title=alt.Title(
        "Theory for SGD with momentum near the minimum", subtitle=" ", fontSize=12, subtitleFontSize=11,
        anchor="start"))

    description = (
        "Interactive optimizer explorer. Controls above the chart choose the optimizer, the surface, "
        "the learning rate on a log scale, SGD's momentum and the number of steps. Left: the path the "
        "optimizer takes on the surface's contour lines, from a black square (the start) towards a "
        "black diamond (the minimum). Right: the loss above the minimum at each step, on a log scale, "
        "with the loss after the last step written above it, or the step where the run diverged. "
        "Below: a heat map of the theory's rate per step for SGD with momentum over the same learning "
        "rates and momenta, grey where runs diverge, with a white ring on the current setting.")
    chart = alt.vconcat(alt.hconcat(path_panel, loss_panel, spacing=25), theory_panel, spacing=20).resolve_legend(
        color="independent").add_params(
        *params).properties(
        description=description,
        datasets={"explorer_runs": run_rows, "explorer_contours": contour_rows,
                  "explorer_windows": window_rows, "explorer_theory": theory_rows,
                  "explorer_surfaces": surface_rows})
    chart = chart.configure_view(stroke="#bbbbbb").configure_axis(labelFontSize=10, titleFontSize=11)
    return VegaChart(chart, name)


# Chapter 3: an activation and its derivative ---------------------------------------------------

ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "softplus", "gelu", "silu")
Z_LOW, Z_STEP, Z_COUNT = -6.0, 0.05, 241  # z from -6 to 6


def _numbers(values, digits=4):
    """Numbers as text, ``digits`` significant digits, separated by spaces (``-0`` written ``0``)."""
    return " ".join(f"{v + 0.0:.{digits}g}" for v in np.asarray(values, dtype=float))


def activation_table(names=ACTIVATIONS):
    """Each activation of :mod:`nnlib.activations` and its derivative on ``z = -6, -5.95, ..., 6``:
    a list of dicts ``{"name", "z", "value", "derivative"}``, the derivative from nnlib's tape (the
    gradient of the sum, as the chapter computes it)."""
    from . import ops

    z = Z_LOW + Z_STEP * np.arange(Z_COUNT)
    rows = []
    for name in names:
        variable = Variable(z)
        with GradientTape() as tape:
            value = activations.get(name)(variable)
            total = ops.sum(value)
        rows.append({"name": name, "z": z, "value": value.numpy(),
                     "derivative": tape.gradient(total, variable).numpy()})
    return rows


def activation_explorer(name="nnlib-activation-explorer"):
    """An activation and its derivative against z, a movable z and a saturation read-out: a
    :class:`VegaChart` (controls: the activation, and z from -6 to 6 in steps of 0.05)."""
    import altair as alt

    table = activation_table()
    rows = [{"a": i, "peak": float(np.max(np.abs(r["derivative"]))), "f": _numbers(r["value"]),
             "d": _numbers(r["derivative"])} for i, r in enumerate(table)]
    params = [
        _select(alt, name, "activation", ACTIVATIONS, 0, "activation "),
        _slider(alt, name, "z", Z_LOW, -Z_LOW, Z_STEP, 2.5, "z "),
        alt.param(name="z_index", expr=f"round((z - ({Z_LOW})) / {Z_STEP})"),
    ]
    decode = [{"filter": "datum.a == activation"},
              {"calculate": "split(datum.f, ' ')", "as": "fs"},
              {"calculate": "split(datum.d, ' ')", "as": "ds"},
              {"calculate": f"sequence(0, {Z_COUNT})", "as": "i"},
              {"flatten": ["fs", "ds", "i"]},
              {"calculate": f"{Z_LOW} + {Z_STEP} * datum.i", "as": "z"},
              {"calculate": "toNumber(datum.fs)", "as": "value"},
              {"calculate": "toNumber(datum.ds)", "as": "derivative"}]
    data = alt.NamedData(name="activations")
    z_axis = alt.X("z:Q", scale=alt.Scale(domain=[Z_LOW, -Z_LOW], nice=False), title="z")
    at_z = decode + [{"filter": "datum.i == z_index"}]

    def panel(field, title, color, view_name):
        curve = alt.Chart(data).mark_line(color=color, strokeWidth=2, aria=False).encode(
            x=z_axis, y=alt.Y(f"{field}:Q", title=title))
        curve.transform = decode
        curve = curve.properties(name=view_name)
        rule = alt.Chart(data).mark_rule(color="black", strokeDash=[4, 3], aria=False).encode(x=z_axis)
        rule.transform = at_z
        dot = alt.Chart(data).mark_point(color="black", filled=True, size=60, aria=False).encode(
            x=z_axis, y=alt.Y(f"{field}:Q"))
        dot.transform = at_z
        return alt.layer(curve, rule, dot).properties(width=PANEL, height=220, title=alt.Title(
            title, fontSize=12, anchor="start"))

    reading = alt.Chart(data).mark_text(align="left", fontSize=12, lineBreak="\n", color="black").encode(
        text="message:N", x=alt.value(0), y=alt.value(10))
    reading.transform = at_z + [
        {"calculate": "abs(datum.derivative) / datum.peak", "as": "share"},
        {"calculate": ("'At z = ' + format(datum.z, '.2f') + ': ' + " + _label_table(ACTIVATIONS)
                       + "[activation] + '(z) = ' + format(datum.value, '.4~g') + ', its derivative ' + "
                       "format(datum.derivative, '.3~g') + ' (' + format(datum.share, '.0%') + ' of its "
                       "largest, ' + format(datum.peak, '.3~g') + ').\\n' + (datum.share < 0.01 ? "
                       "'Saturated: the derivative is below 1% of its largest; a gradient passing here "
                       "is all but stopped.' : datum.share < 0.1 ? 'Nearly saturated: below 10% of "
                       "its largest.' : 'Not saturated.') + ' Ten layers at this z multiply a gradient "
                       "by ' + format(pow(abs(datum.derivative), 10), '.2~e') + '.'"), "as": "message"}]
    reading = reading.properties(width=2 * PANEL, height=40, view={"stroke": None})
    description = (
        "Interactive chart of an activation function and its derivative. Controls above it choose the "
        "activation and a value of z from -6 to 6. Left: the activation against z; right: its "
        "derivative against z; a dashed line and a dot mark the chosen z on both. Text above the "
        "panels gives both values there, the derivative as a share of its largest value, and says "
        "whether the unit is saturated (derivative below 1% of its largest).")
    chart = alt.vconcat(reading, alt.hconcat(
        panel("value", "the activation, f(z)", "#0072B2", "activation_value"),
        panel("derivative", "its derivative, f'(z)", "#D55E00", "activation_derivative"),
        spacing=25)).add_params(*params).properties(description=description,
                                                    datasets={"activations": rows})
    chart = chart.configure_view(stroke="#bbbbbb").configure_axis(labelFontSize=10, titleFontSize=11)
    return VegaChart(chart, name)


# Chapter 5: gradient descent on one weight, against the learning rate ----------------------------

DESCENT_RATES = tuple(round(0.01 * i, 2) for i in range(1, 111))  # 0.01, 0.02, ..., 1.1
DESCENT_STEPS = 30


def descent_loss(w):
    """The chapter's parabola, ``(w - 3) ** 2 + 1``: lowest, 1, at ``w = 3``."""
    return (w - 3) ** 2 + 1


def descent_runs(learning_rates=DESCENT_RATES, steps=DESCENT_STEPS, start=-1.0):
    """Gradient descent on :func:`descent_loss` from ``start``, one run per learning rate, with nnlib's
    tape and ``optimizers.SGD``: a list of dicts ``{"learning_rate", "w"}`` (``w``: steps + 1
    values)."""
    rows = []
    for learning_rate in learning_rates:
        w = Variable(start)
        optimizer = optimizers.SGD(learning_rate=learning_rate)
        values = [start]
        for _ in range(steps):
            with GradientTape() as tape:
                loss = descent_loss(w)
            optimizer.apply_gradients(zip(tape.gradient(loss, [w]), [w]))
            values.append(float(w.numpy()))
        rows.append({"learning_rate": learning_rate, "w": np.array(values)})
    return rows


def descent_explorer(name="nnlib-descent-explorer"):
    """Gradient descent on the parabola against the learning rate (0.01 to 1.1) and the number of
    steps (0 to 30): a :class:`VegaChart` with the iterates on the curve and ``|w - 3|`` per step."""
    import altair as alt

    runs = descent_runs()
    rows = [{"r": i, "w": _numbers(run["w"], 6)} for i, run in enumerate(runs)]
    curve = np.linspace(-2, 8, 101)
    curve_rows = [{"w": float(w), "loss": float(descent_loss(w))} for w in np.round(curve, 4)]
    params = [
        _slider(alt, name, "learning_rate", DESCENT_RATES[0], DESCENT_RATES[-1], 0.01, 0.1,
                "learning rate "),
        _slider(alt, name, "steps", 0, DESCENT_STEPS, 1, 10, "steps "),
        alt.param(name="rate_index", expr="round(learning_rate * 100) - 1"),
    ]
    decode = [{"filter": "datum.r == rate_index"},
              {"calculate": "split(datum.w, ' ')", "as": "ws"},
              {"calculate": f"sequence(0, {DESCENT_STEPS + 1})", "as": "step"},
              {"flatten": ["ws", "step"]},
              {"calculate": "toNumber(datum.ws)", "as": "w"},
              {"calculate": "pow(datum.w - 3, 2) + 1", "as": "loss"},
              {"calculate": "max(abs(datum.w - 3), 1e-12)", "as": "distance"},
              {"filter": "datum.step <= steps"}]
    w_axis = alt.X("w:Q", scale=alt.Scale(domain=[-2, 8], nice=False), title="w")
    loss_axis = alt.Y("loss:Q", scale=alt.Scale(domain=[0, 26], nice=False), title="L(w)")
    parabola = alt.Chart(alt.NamedData(name="descent_curve")).mark_line(
        color="black", strokeWidth=1.5, aria=False).encode(x=w_axis, y=loss_axis)
    data = alt.NamedData(name="descent_runs")
    steps_line = alt.Chart(data).mark_line(color="#D55E00", strokeWidth=1.2, clip=True,
                                           aria=False).encode(x=w_axis, y=loss_axis, order="step:Q")
    steps_line.transform = decode
    steps_dots = alt.Chart(data).mark_circle(color="#D55E00", size=40, clip=True, aria=False).encode(
        x=w_axis, y=loss_axis, tooltip=["step:Q", alt.Tooltip("w:Q", format=".6~g")])
    steps_dots.transform = decode
    steps_dots = steps_dots.properties(name="descent_steps")
    left = alt.layer(parabola, steps_line, steps_dots).properties(width=PANEL, height=240, title=alt.Title(
        "L(w) = (w - 3)^2 + 1, from w = -1", fontSize=12, anchor="start"))
    distance = alt.Chart(data).mark_line(color="#0072B2", strokeWidth=1.5, point=True, aria=False).encode(
        x=alt.X("step:Q", scale=alt.Scale(domain=[0, DESCENT_STEPS], nice=False), title="step"),
        y=alt.Y("distance:Q", scale=alt.Scale(type="log"), title="|w - 3| (log scale)",
                axis=alt.Axis(format="~g")))
    distance.transform = decode
    right = distance.properties(width=PANEL, height=240, title=alt.Title(
        "distance to the minimum", fontSize=12, anchor="start"))
    reading = alt.Chart(data).mark_text(align="left", fontSize=12, color="black").encode(
        text="message:N", x=alt.value(0), y=alt.value(10))
    reading.transform = decode + [
        {"filter": "datum.step == steps"},
        {"calculate": ("'Learning rate ' + format(learning_rate, '.2f') + ': w - 3 is multiplied by 1 - 2 x '"
                       " + format(learning_rate, '.2f') + ' = ' + format(1 - 2 * learning_rate, '+.2f') + "
                       "' at every step ' + (abs(1 - 2 * learning_rate) < 1e-9 ? '(it lands on the minimum)' "
                       ": abs(1 - 2 * learning_rate) < 1 ? (learning_rate > 0.5 ? '(it overshoots and "
                       "converges)' : '(it converges)') : '(it diverges)') + '; after ' + datum.step + "
                       "' steps, w = ' + format(datum.w, '.5~g') + '.'"), "as": "message"}]
    reading = reading.properties(width=2 * PANEL, height=20, view={"stroke": None})
    description = (
        "Interactive chart of gradient descent on the parabola L(w) = (w - 3) squared plus 1, from "
        "w = -1. Controls above it set the learning rate, from 0.01 to 1.1, and the number of steps, "
        "up to 30. Left: the parabola with the steps as dots joined by a line; right: the distance "
        "from w to the minimum at 3, on a log scale, against the step. Text above says by what factor "
        "each step multiplies w - 3 and where w is after the last step.")
    chart = alt.vconcat(reading, alt.hconcat(left, right, spacing=25)).add_params(*params).properties(
        description=description, datasets={"descent_runs": rows, "descent_curve": curve_rows})
    chart = chart.configure_view(stroke="#bbbbbb").configure_axis(labelFontSize=10, titleFontSize=11)
    return VegaChart(chart, name)
