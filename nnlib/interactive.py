"""Interactive figures for a page that runs no Python: nnlib computes the data, Vega-Lite draws it.

The book's web pages have no kernel, so an ipywidgets control there cannot call Python. The figures
of this module move in the page itself: every number they draw is computed by nnlib when the notebook
runs and stored with the notebook's output (:mod:`nnlib.figure_data` computes it and writes it in
short codes), and a Vega-Lite chart (built with Altair) picks the rows that the reader's controls
name. Moving a control filters stored data; nothing is computed in the browser but the drawing.

``import nnlib`` does not import this module, and this module imports Altair only inside the
functions that build a chart::

    from nnlib import interactive
    interactive.optimizer_explorer()            # the chart (imports Altair)

The charts: :func:`optimizer_explorer` (chapter 6; its controls, the path panel, the loss panel and
the theory's heat map are built by the small functions below it), :func:`activation_explorer`
(chapter 3) and :func:`descent_explorer` (chapter 5), each returning a :class:`VegaChart`.

How a chart is stored and shown. :class:`VegaChart` gives Jupyter two representations: ``text/plain``
(its description) and ``text/html``: a ``<div>`` for the controls and the drawing, the Vega-Lite
specification as JSON in a ``<script type="application/json">``, and a short script that draws it
with vega-embed. That script takes Vega, Vega-Lite and vega-embed from the page when the page has them
(the book's pages load the site's own copy: ``tools/offline_assets.py``), and otherwise from the
jsDelivr CDN at the versions Altair names (Colab renders ``text/html``; JupyterLab runs the script once
the notebook is trusted or the cell has run). The specification is stored once, and nothing in it
depends on the machine: it holds :mod:`nnlib.figure_data`'s codes, which its transforms decode, and
every parameter, dataset and view has a name of its own.

In the book: chapter 3 (``activation_explorer``), chapter 5 (``descent_explorer``) and chapter 6
(``optimizer_explorer``).
"""
import html
import json

from .explorer import make_surface
from .figure_data import (ACTIVATIONS, COORD_MISSING, COORD_OFFSET, COORD_SCALE, DESCENT_RATES,
                          DESCENT_STEPS, DESCENT_W, EXPLORER_OPTIMIZERS, EXPLORER_STEPS,
                          EXPLORER_SURFACES, LOSS_FLOOR, LOSS_SCALE, MOMENTA, PER_DECADE,
                          RATE_DIVERGES, RATE_SCALE, SURFACE_LABELS, VARIES_MOMENTUM, Z_COUNT, Z_LOW,
                          Z_STEP, activation_rows, activation_table, descent_curve_rows, descent_rows,
                          descent_runs, explorer_datasets, explorer_frame, explorer_runs,
                          learning_rate_grid, suggested_k)

# How a chart is stored and shown ---------------------------------------------------------------

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
    aria-label of the drawing's box, whose role is ``graphics-document``). :meth:`html` is the same
    text on every machine for the same spec.
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


# The pieces every chart is built from -------------------------------------------------------------

def _bind(name, binding):
    """A binding placed in the chart's controls box, above the drawing."""
    binding["element"] = f"#{name}-controls"
    return binding


def _select(alt, chart_name, name, labels, value, text):
    """A menu parameter ``name``: the index of one of ``labels``, starting at ``value``."""
    return alt.param(name=name, value=value, bind=_bind(chart_name, alt.binding_select(
        options=list(range(len(labels))), labels=list(labels), name=text)))


def _slider(alt, chart_name, name, low, high, step, value, text):
    """A slider parameter ``name`` from ``low`` to ``high`` in steps of ``step``, starting at ``value``."""
    return alt.param(name=name, value=value, bind=_bind(chart_name, alt.binding_range(
        min=low, max=high, step=step, name=text)))


def _table(values):
    """A Vega expression of a list of numbers: ``[1,2.5,...]``."""
    return "[" + ",".join(f"{v:.12g}" for v in values) + "]"


def _label_table(labels):
    """A Vega expression of a list of texts: ``["SGD","Adam",...]``."""
    return "[" + ",".join(json.dumps(label) for label in labels) + "]"


def _vega_chart(chart, params, description, datasets, name):
    """The chart with its controls, its description and its stored tables, in the book's style."""
    chart = chart.add_params(*params).properties(description=description, datasets=datasets)
    chart = chart.configure_view(stroke="#bbbbbb").configure_axis(labelFontSize=10, titleFontSize=11)
    return VegaChart(chart, name)


def _named_data(alt, datasets):
    """One ``alt.NamedData`` for each stored table, to be shared by every mark that draws from it:
    Altair moves a table up to a layer or a concatenation whose parts all draw from the very same
    object (not an equal one), which keeps the stored specification short."""
    return {name: alt.NamedData(name=name) for name in datasets}


def _message(alt, data, transform, x=0, y=-8, **mark):
    """Text, ``datum.message`` of the rows that ``transform`` leaves, at ``(x, y)`` pixels from the
    panel's top left; ``mark`` changes the text's look (default: left-aligned, 11 pixels, black)."""
    text = alt.Chart(data).mark_text(**{"align": "left", "fontSize": 11, "color": "black", **mark}).encode(
        text="message:N", x=alt.value(x), y=alt.value(y))
    text.transform = transform
    return text


def _decoded(width_of_point, fields):
    """Transforms that turn the chosen row's code string ``p`` into one row per point (``step``):
    each point ``width_of_point`` characters, ``fields`` its (name, characters) in order."""
    out = [{"calculate": "sequence(0, datum.n)", "as": "step"}, {"flatten": ["step"]}]
    at = 0
    for field, size in fields:
        out.append({"calculate": f"parseInt(substring(datum.p, {width_of_point} * datum.step + {at}, "
                                 f"{width_of_point} * datum.step + {at + size}), 36)",
                    "as": field})
        at += size
    return out


# Chapter 6: the optimizer explorer ---------------------------------------------------------------

_EXPLORER_DESCRIPTION = (
    "Interactive optimizer explorer. Controls above the chart choose the optimizer, the surface, "
    "the learning rate on a log scale, SGD's momentum and the number of steps. Left: the path the "
    "optimizer takes on the surface's contour lines, from a black square (the start) towards a "
    "black diamond (the minimum). Right: the loss above the minimum at each step, on a log scale, "
    "with the loss after the last step written above it, or the step where the run diverged. "
    "Below: a heat map of the theory's rate per step for SGD with momentum over the same learning "
    "rates and momenta, grey where runs diverge, with a white ring on the current setting.")
# The row of the run that the controls name, in the explorer_runs table.
_CHOSEN_RUN = ("datum.o == optimizer && datum.s == surface && datum.k == lr_index && "
               "datum.m == momentum_index")


def optimizer_explorer(runs=None, steps=EXPLORER_STEPS, name="nnlib-optimizer-explorer"):
    """The optimizer explorer for a page without Python: a :class:`VegaChart`.

    Controls: optimizer and surface (menus), learning rate (log10, five stops a decade), momentum
    (SGD's, 0 to 0.9) and steps (0 to ``steps``). Panels: the path on the surface's contours (square:
    the start; diamond: the minimum), the loss above the minimum against the step on a log scale, and the
    theory's rate of SGD with momentum over the same grid of learning rates and momenta, with the
    current setting as a ring. ``runs`` defaults to :func:`nnlib.figure_data.explorer_runs`; each is
    drawn from its stored points (:func:`nnlib.figure_data.explorer_datasets`), a diverged run until it
    leaves the frame.
    """
    import altair as alt

    runs = explorer_runs(steps) if runs is None else runs
    datasets = explorer_datasets(runs)
    data = _named_data(alt, datasets)
    chart = alt.vconcat(alt.hconcat(_path_panel(alt, data), _loss_panel(alt, data), spacing=25),
                        _theory_panel(alt, data), spacing=20).resolve_legend(color="independent")
    return _vega_chart(chart, _explorer_controls(alt, name, steps, datasets["explorer_theory"]),
                       _EXPLORER_DESCRIPTION, datasets, name)


def _explorer_controls(alt, name, steps, theory_rows):
    """The explorer's controls, and the expressions its panels share: the learning rate's index, the
    momentum's (-1 for an optimizer without it), the chosen surface's frame and theory grid."""
    ks = [k for s in EXPLORER_SURFACES for o in EXPLORER_OPTIMIZERS for k in learning_rate_grid(s, o)]
    start_k = suggested_k("quadratic", "SGD")
    frames = [explorer_frame(make_surface(s)) for s in EXPLORER_SURFACES]
    return [
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


def _to_weights():
    """Transforms from the decoded ``qx`` and ``qy`` to the weights ``w1`` and ``w2`` in the chosen
    surface's frame (null for a point out of reach), as ``figure_data.decode_coordinates``."""
    coordinate = ("datum.{q} == {missing} ? null : frame_{axis}0 + (datum.{q} - {offset}) * frame_w / "
                  "{scale}")
    return [{"calculate": coordinate.format(q="qx", axis="x", missing=COORD_MISSING, offset=COORD_OFFSET,
                                            scale=COORD_SCALE), "as": "w1"},
            {"calculate": coordinate.format(q="qy", axis="y", missing=COORD_MISSING, offset=COORD_OFFSET,
                                            scale=COORD_SCALE), "as": "w2"}]


def _run_transforms():
    """The chosen run's points up to the chosen step: ``step``, ``w1``, ``w2`` and ``loss_gap`` (the
    loss above the minimum, as ``figure_data.decode_losses``)."""
    return ([{"filter": _CHOSEN_RUN}] + _decoded(8, [("qx", 3), ("qy", 3), ("ql", 2)]) + _to_weights()
            + [{"calculate": f"pow(10, {LOSS_FLOOR} + datum.ql / {LOSS_SCALE})", "as": "loss_gap"},
               {"filter": "datum.step <= steps"}])


def _frame_scales(alt):
    """The path panel's scales, x and y: the chosen surface's frame, the same scale for both weights."""
    return (alt.Scale(domain=[{"expr": "frame_x0"}, {"expr": "frame_x0 + frame_w"}], nice=False,
                      zero=False),
            alt.Scale(domain=[{"expr": "frame_y0"}, {"expr": "frame_y0 + frame_w"}], nice=False,
                      zero=False))


def _path_panel(alt, data):
    """The left panel: the contour lines, the path, the start and the minimum, and its messages."""
    x_scale, y_scale = _frame_scales(alt)
    x, y = alt.X("w1:Q", scale=x_scale, title="w1"), alt.Y("w2:Q", scale=y_scale, title="w2")
    places = data["explorer_surfaces"]
    start = alt.Chart(places).mark_square(color="black", size=70, aria=False).encode(
        x=alt.X("sx:Q", scale=x_scale), y=alt.Y("sy:Q", scale=y_scale))
    start.transform = [{"filter": "datum.s == surface"}]
    minimum = alt.Chart(places).mark_point(shape="diamond", filled=True, color="black", size=110,
                                           aria=False).encode(
        x=alt.X("mx:Q", scale=x_scale), y=alt.Y("my:Q", scale=y_scale))
    minimum.transform = [{"filter": "datum.s == surface"}]
    title = alt.Title(text={"expr": _label_table(SURFACE_LABELS) + "[surface]"}, subtitle=" ",
                      fontSize=12, subtitleFontSize=11, anchor="start")
    return alt.layer(_contours(alt, data, x, y), *_path(alt, data, x, y), start, minimum,
                     _no_run_message(alt, data), _diverged_message(alt, data),
                     _setting_message(alt, data)).properties(width=PANEL, height=PANEL, title=title)


def _contours(alt, data, x, y):
    """The chosen surface's contour lines, in grey."""
    contours = alt.Chart(data["explorer_contours"]).mark_line(
        color="#999999", strokeWidth=0.8, clip=True, aria=False).encode(
        x=x, y=y, detail="c:N", order="step:Q")
    contours.transform = ([{"filter": "datum.s == surface"}] + _decoded(6, [("qx", 3), ("qy", 3)])
                          + _to_weights())
    return contours


def _path(alt, data, x, y):
    """The chosen run's path: its line, and its points (the view ``explorer_path``, with tooltips)."""
    path_line = alt.Chart(data["explorer_runs"]).mark_line(
        color="#D55E00", strokeWidth=1.5, clip=True, aria=False).encode(x=x, y=y, order="step:Q")
    path_line.transform = _run_transforms()
    path_points = alt.Chart(data["explorer_runs"]).mark_circle(
        color="#D55E00", size=14, clip=True, aria=False).encode(
        x=x, y=y, tooltip=[alt.Tooltip("step:Q"), alt.Tooltip("w1:Q", format=".4g"),
                           alt.Tooltip("w2:Q", format=".4g"),
                           alt.Tooltip("loss_gap:Q", format=".2e", title="loss above minimum")])
    path_points.transform = _run_transforms() + [{"filter": "datum.w1 != null && datum.w2 != null"}]
    return path_line, path_points.properties(name="explorer_path")


def _no_run_message(alt, data):
    """In the middle of the path panel, where no run is stored at the chosen learning rate: the
    rates that are."""
    missing = alt.Chart(data["explorer_windows"]).mark_text(
        fontSize=12, lineBreak="\n", color="black").encode(
        text="message:N", x=alt.value(PANEL / 2), y=alt.value(PANEL / 2))
    missing.transform = [
        {"filter": "datum.o == optimizer && datum.s == surface && "
                   "(lr_index < datum.lo || lr_index > datum.hi)"},
        {"calculate": ("'No run stored at this learning rate.\\nFor ' + " + _label_table(EXPLORER_OPTIMIZERS)
                       + f"[optimizer] + ' on this surface the page holds\\n' + format(pow(10, datum.lo / "
                       f"{PER_DECADE}), '.2~g') + ' to ' + format(pow(10, datum.hi / {PER_DECADE}), '.2~g') "
                       "+ ': move the learning rate.'"), "as": "message"}]
    return missing


def _diverged_message(alt, data):
    """In the path panel's corner, once the chosen steps reach it: where the run diverged."""
    return _message(alt, data["explorer_runs"], [
        {"filter": _CHOSEN_RUN}, {"calculate": "min(datum.n - 1, steps)", "as": "last"},
        {"filter": "datum.d >= 0 && steps >= datum.n - 1"},
        {"calculate": "'diverged: |w| passed 1000 at step ' + datum.d", "as": "message"}],
        x=6, y=12, color="#A33A00", fontWeight="bold")


def _setting_message(alt, data):
    """Above the path panel: the optimizer and its settings."""
    return _message(alt, data["explorer_surfaces"], [
        {"filter": "datum.s == surface"},
        {"calculate": (_label_table(EXPLORER_OPTIMIZERS) + "[optimizer] + ', learning rate ' "
                       "+ format(learning_rate, '.3~g') + (momentum_index >= 0 ? ', momentum ' + "
                       f"format(momentum_index / 10, '.1f') : optimizer == {EXPLORER_OPTIMIZERS.index('Adam')} "
                       "? ' (beta_1 0.9)' : '')"),
         "as": "message"}])


def _loss_panel(alt, data):
    """The right panel: the loss above the minimum against the step (the view ``explorer_losses``),
    with the loss after the last step, or where the run diverged, above it."""
    losses = alt.Chart(data["explorer_runs"]).mark_line(
        color="#D55E00", strokeWidth=1.5, clip=True, point=False, aria=False).encode(
        x=alt.X("step:Q", scale=alt.Scale(domain=[0, {"expr": "max(steps, 1)"}], nice=False),
                title="step"),
        y=alt.Y("loss_gap:Q", scale=alt.Scale(type="log", domain=[1e-16, 1e4], nice=False),
                title="loss above its minimum (log scale)",
                axis=alt.Axis(format=".0e")))
    losses.transform = _run_transforms()
    summary = _message(alt, data["explorer_runs"], _run_transforms() + [
        {"filter": "datum.step == min(datum.n - 1, steps)"},
        {"calculate": ("datum.d >= 0 && steps >= datum.n - 1 ? 'diverged at step ' + datum.d : "
                       "'after ' + datum.step + ' steps: ' + format(datum.loss_gap, '.1e') + "
                       "' above the minimum'"),
         "as": "message"}], x=6)
    return alt.layer(losses.properties(name="explorer_losses"), summary).properties(
        width=PANEL - 10, height=PANEL, title=alt.Title(
            "The loss, step by step", subtitle=" ", fontSize=12, subtitleFontSize=11, anchor="start"))


def _theory_cells():
    """Transforms from the chosen surface's row of ``explorer_theory`` to one row per cell of the heat
    map: ``k`` and ``mi`` (the momentum's index), the cell's edges, and its ``rate`` (as
    ``figure_data.decode_rates``), ``slowness`` (-log10(1 - rate)) and ``diverges``."""
    return [{"filter": "datum.s == surface"},
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


def _theory_panel(alt, data):
    """The panel below: the heat map of the theory's rate per step for SGD with momentum over the
    chosen surface's learning rates and the momenta, a ring on the current setting, and its reading."""
    lr_axis = alt.X("lr_low:Q", scale=alt.Scale(type="log", nice=False, domain=[
        {"expr": f"pow(10, (theory_lo - 0.5) / {PER_DECADE})"},
        {"expr": f"pow(10, (theory_hi + 0.5) / {PER_DECADE})"}]), title="learning rate (log scale)",
                    axis=alt.Axis(format="~g"))
    m_axis = alt.Y("m_low:Q", scale=alt.Scale(domain=[-0.05, 0.95], nice=False), title="momentum")
    return alt.layer(_heat_map(alt, data, lr_axis, m_axis), *_ring(alt, data, lr_axis, m_axis),
                     *_theory_messages(alt, data)).properties(
        width=PANEL, height=170, title=alt.Title("Theory for SGD with momentum near the minimum",
                                                 subtitle=" ", fontSize=12, subtitleFontSize=11,
                                                 anchor="start"))


def _heat_map(alt, data, lr_axis, m_axis):
    """The rate per step, a viridis colour for -log10(1 - rate) from 0 to 2, grey where it diverges."""
    heat = alt.Chart(data["explorer_theory"]).mark_rect(aria=False).encode(
        x=lr_axis, x2="lr_high:Q", y=m_axis, y2="m_high:Q",
        color=alt.condition("datum.diverges", alt.value("#d0d0d0"), alt.Color(
            "slowness:Q", scale=alt.Scale(scheme="viridis", reverse=True, domain=[0, 2], clamp=True),
            legend=alt.Legend(title=["rate per step", "(grey: diverges)"], orient="right",
                              values=[0, 0.5, 1, 1.5, 2],
                              labelExpr="format(1 - pow(10, -datum.value), '.2~f')"))))
    heat.transform = _theory_cells()
    return heat


def _the_ring():
    """The heat map's cell of the current setting of SGD, at its centre."""
    return _theory_cells() + [
        {"filter": "optimizer == 0 && datum.k == lr_index && datum.mi == momentum_index"}]


def _ring(alt, data, lr_axis, m_axis):
    """A white ring with a black edge on the current setting of SGD."""
    rings = []
    for width, color in ((5, "black"), (2.5, "white")):
        ring = alt.Chart(data["explorer_theory"]).mark_point(
            shape="circle", size=170, strokeWidth=width, color=color, filled=False, aria=False).encode(
            x=lr_axis, y=m_axis)
        ring.transform = _the_ring() + [{"calculate": f"pow(10, datum.k / {PER_DECADE})", "as": "lr_low"},
                                        {"calculate": "datum.mi / 10", "as": "m_low"}]
        rings.append(ring)
    return rings


def _theory_messages(alt, data):
    """Above the heat map: the ring's rate per step, or, for another optimizer, that it has none."""
    reading = _message(alt, data["explorer_theory"], _the_ring() + [
        {"calculate": ("datum.diverges ? 'the ring: diverges (rate 1 or more)' : "
                       "'the ring: rate ' + (datum.rate < 0.999 ? format(datum.rate, '.3f') : '1 - ' + "
                       "format(1 - datum.rate, '.1e')) + ' per step'"), "as": "message"}])
    not_sgd = _message(alt, data["explorer_surfaces"], [
        {"filter": "datum.s == surface && optimizer != 0"},
        {"calculate": "'the theory is for SGD; ' + " + _label_table(EXPLORER_OPTIMIZERS)
                      + "[optimizer] + ' has no ring'", "as": "message"}])
    return reading, not_sgd


# Chapter 3: an activation and its derivative ---------------------------------------------------

_ACTIVATION_DESCRIPTION = (
    "Interactive chart of an activation function and its derivative. Controls above it choose the "
    "activation and a value of z from -6 to 6. Left: the activation against z; right: its "
    "derivative against z; a dashed line and a dot mark the chosen z on both. Text above the "
    "panels gives both values there, the derivative as a share of its largest value, and says "
    "whether the unit is saturated (derivative below 1% of its largest).")


def activation_explorer(name="nnlib-activation-explorer"):
    """An activation and its derivative against z, a movable z and a saturation read-out: a
    :class:`VegaChart` (controls: the activation, and z from -6 to 6 in steps of 0.05)."""
    import altair as alt

    params = [
        _select(alt, name, "activation", ACTIVATIONS, 0, "activation "),
        _slider(alt, name, "z", Z_LOW, -Z_LOW, Z_STEP, 2.5, "z "),
        alt.param(name="z_index", expr=f"round((z - ({Z_LOW})) / {Z_STEP})"),
    ]
    datasets = {"activations": activation_rows(activation_table())}
    data = _named_data(alt, datasets)["activations"]
    chart = alt.vconcat(_activation_reading(alt, data), alt.hconcat(
        _activation_panel(alt, data, "value", "the activation, f(z)", "#0072B2", "activation_value"),
        _activation_panel(alt, data, "derivative", "its derivative, f'(z)", "#D55E00",
                          "activation_derivative"), spacing=25))
    return _vega_chart(chart, params, _ACTIVATION_DESCRIPTION, datasets, name)


def _activation_curve():
    """The chosen activation's row of ``activations`` as one row per z: ``i``, ``z``, ``value`` and
    ``derivative``."""
    return [{"filter": "datum.a == activation"},
            {"calculate": "split(datum.f, ' ')", "as": "fs"},
            {"calculate": "split(datum.d, ' ')", "as": "ds"},
            {"calculate": f"sequence(0, {Z_COUNT})", "as": "i"},
            {"flatten": ["fs", "ds", "i"]},
            {"calculate": f"{Z_LOW} + {Z_STEP} * datum.i", "as": "z"},
            {"calculate": "toNumber(datum.fs)", "as": "value"},
            {"calculate": "toNumber(datum.ds)", "as": "derivative"}]


def _at_z():
    """The chosen activation's row at the chosen z."""
    return _activation_curve() + [{"filter": "datum.i == z_index"}]


def _activation_panel(alt, data, field, title, color, view_name):
    """``field`` (the activation's value or its derivative) against z, in the view ``view_name``,
    with a dashed line and a dot at the chosen z."""
    z_axis = alt.X("z:Q", scale=alt.Scale(domain=[Z_LOW, -Z_LOW], nice=False), title="z")
    curve = alt.Chart(data).mark_line(color=color, strokeWidth=2, aria=False).encode(
        x=z_axis, y=alt.Y(f"{field}:Q", title=title))
    curve.transform = _activation_curve()
    rule = alt.Chart(data).mark_rule(color="black", strokeDash=[4, 3], aria=False).encode(x=z_axis)
    rule.transform = _at_z()
    dot = alt.Chart(data).mark_point(color="black", filled=True, size=60, aria=False).encode(
        x=z_axis, y=alt.Y(f"{field}:Q"))
    dot.transform = _at_z()
    return alt.layer(curve.properties(name=view_name), rule, dot).properties(
        width=PANEL, height=220, title=alt.Title(title, fontSize=12, anchor="start"))


def _activation_reading(alt, data):
    """Above the panels: both values at the chosen z, the derivative as a share of its largest, and
    whether the unit is saturated."""
    reading = _message(alt, data, _at_z() + [
        {"calculate": "abs(datum.derivative) / datum.peak", "as": "share"},
        {"calculate": ("'At z = ' + format(datum.z, '.2f') + ': ' + " + _label_table(ACTIVATIONS)
                       + "[activation] + '(z) = ' + format(datum.value, '.4~g') + ', its derivative ' + "
                       "format(datum.derivative, '.3~g') + ' (' + format(datum.share, '.0%') + ' of its "
                       "largest, ' + format(datum.peak, '.3~g') + ').\\n' + (datum.share < 0.01 ? "
                       "'Saturated: the derivative is below 1% of its largest; a gradient passing here "
                       "is all but stopped.' : datum.share < 0.1 ? 'Nearly saturated: below 10% of "
                       "its largest.' : 'Not saturated.') + ' Ten layers at this z multiply a gradient "
                       "by ' + format(pow(abs(datum.derivative), 10), '.2~e') + '.'"), "as": "message"}],
        y=10, fontSize=12, lineBreak="\n")
    return reading.properties(width=2 * PANEL, height=40, view={"stroke": None})


# Chapter 5: gradient descent on one weight, against the learning rate ----------------------------

_DESCENT_DESCRIPTION = (
    "Interactive chart of gradient descent on the parabola L(w) = (w - 3) squared plus 1, from "
    "w = -1. Controls above it set the learning rate, from 0.01 to 1.1, and the number of steps, "
    "up to 30. Left: the parabola with the steps as dots joined by a line; right: the distance "
    "from w to the minimum at 3, on a log scale, against the step. Text above says by what factor "
    "each step multiplies w - 3 and where w is after the last step.")


def descent_explorer(name="nnlib-descent-explorer"):
    """Gradient descent on the parabola against the learning rate (0.01 to 1.1) and the number of
    steps (0 to 30): a :class:`VegaChart` with the iterates on the curve and ``|w - 3|`` per step."""
    import altair as alt

    params = [
        _slider(alt, name, "learning_rate", DESCENT_RATES[0], DESCENT_RATES[-1], 0.01, 0.1,
                "learning rate "),
        _slider(alt, name, "steps", 0, DESCENT_STEPS, 1, 10, "steps "),
        alt.param(name="rate_index", expr="round(learning_rate * 100) - 1"),
    ]
    datasets = {"descent_runs": descent_rows(descent_runs()), "descent_curve": descent_curve_rows()}
    data = _named_data(alt, datasets)
    chart = alt.vconcat(_descent_reading(alt, data), alt.hconcat(
        _descent_steps_panel(alt, data), _descent_distance_panel(alt, data), spacing=25))
    return _vega_chart(chart, params, _DESCENT_DESCRIPTION, datasets, name)


def _descent_steps():
    """The chosen run's row of ``descent_runs`` as one row per step up to the chosen one: ``step``,
    ``w``, ``loss`` and ``distance`` (``|w - 3|``, at least 1e-12 for the log scale)."""
    return [{"filter": "datum.r == rate_index"},
            {"calculate": "split(datum.w, ' ')", "as": "ws"},
            {"calculate": f"sequence(0, {DESCENT_STEPS + 1})", "as": "step"},
            {"flatten": ["ws", "step"]},
            {"calculate": "toNumber(datum.ws)", "as": "w"},
            {"calculate": "pow(datum.w - 3, 2) + 1", "as": "loss"},
            {"calculate": "max(abs(datum.w - 3), 1e-12)", "as": "distance"},
            {"filter": "datum.step <= steps"}]


def _descent_steps_panel(alt, data):
    """The left panel: the parabola, and the steps on it as dots joined by a line (the view
    ``descent_steps``)."""
    w_axis = alt.X("w:Q", scale=alt.Scale(domain=list(DESCENT_W), nice=False), title="w")
    loss_axis = alt.Y("loss:Q", scale=alt.Scale(domain=[0, 26], nice=False), title="L(w)")
    parabola = alt.Chart(data["descent_curve"]).mark_line(
        color="black", strokeWidth=1.5, aria=False).encode(x=w_axis, y=loss_axis)
    steps_line = alt.Chart(data["descent_runs"]).mark_line(
        color="#D55E00", strokeWidth=1.2, clip=True, aria=False).encode(x=w_axis, y=loss_axis, order="step:Q")
    steps_line.transform = _descent_steps()
    steps_dots = alt.Chart(data["descent_runs"]).mark_circle(
        color="#D55E00", size=40, clip=True, aria=False).encode(
        x=w_axis, y=loss_axis, tooltip=["step:Q", alt.Tooltip("w:Q", format=".6~g")])
    steps_dots.transform = _descent_steps()
    return alt.layer(parabola, steps_line, steps_dots.properties(name="descent_steps")).properties(
        width=PANEL, height=240, title=alt.Title("L(w) = (w - 3)^2 + 1, from w = -1", fontSize=12,
                                                 anchor="start"))


def _descent_distance_panel(alt, data):
    """The right panel: ``|w - 3|`` against the step, on a log scale."""
    distance = alt.Chart(data["descent_runs"]).mark_line(
        color="#0072B2", strokeWidth=1.5, point=True, aria=False).encode(
        x=alt.X("step:Q", scale=alt.Scale(domain=[0, DESCENT_STEPS], nice=False), title="step"),
        y=alt.Y("distance:Q", scale=alt.Scale(type="log"), title="|w - 3| (log scale)",
                axis=alt.Axis(format="~g")))
    distance.transform = _descent_steps()
    return distance.properties(width=PANEL, height=240, title=alt.Title(
        "distance to the minimum", fontSize=12, anchor="start"))


def _descent_reading(alt, data):
    """Above the panels: the factor each step multiplies ``w - 3`` by, and ``w`` after the last step."""
    reading = _message(alt, data["descent_runs"], _descent_steps() + [
        {"filter": "datum.step == steps"},
        {"calculate": ("'Learning rate ' + format(learning_rate, '.2f') + ': w - 3 is multiplied by 1 - 2 x '"
                       " + format(learning_rate, '.2f') + ' = ' + format(1 - 2 * learning_rate, '+.2f') + "
                       "' at every step ' + (abs(1 - 2 * learning_rate) < 1e-9 ? '(it lands on the minimum)' "
                       ": abs(1 - 2 * learning_rate) < 1 ? (learning_rate > 0.5 ? '(it overshoots and "
                       "converges)' : '(it converges)') : '(it diverges)') + '; after ' + datum.step + "
                       "' steps, w = ' + format(datum.w, '.5~g') + '.'"), "as": "message"}],
        y=10, fontSize=12)
    return reading.properties(width=2 * PANEL, height=20, view={"stroke": None})
