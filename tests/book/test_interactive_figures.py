"""The book's interactive figures in the built site, in headless Chromium, as a reader moves them.

The pages with a chart of nnlib.interactive (chapters 3, 5 and 6) are served from the built site
(`_build/html`, or $BOOK_HTML) and opened as tests/book/test_browser.py opens every page. On each:
the chart draws with the site's own copy of Vega (the module script tools/offline_assets.py adds),
nothing is requested from another host and nothing reaches the console as an error; every control
changes the drawing when it moves; every control is reached with the Tab key and moved with the arrow
keys; the drawing carries its description as its accessible name.

On the optimizer explorer, for three settings (a converging run, an adaptive optimizer on the curved
valley, and a run that diverges), the path the chart draws (read from the data of the drawn marks
through vega-embed's view, not from pixels) is nnlib's `landscapes.path` for that setting, computed
here with the optimizer made by hand, to the precision the chart stores: 1/10,000 of the frame for a
position, 0.02 of a decade for a loss. Screenshots of the explorer at two settings are saved under
`_build/screenshots/` (`explorer-*.png`) for a person to look at.
"""
import re
import urllib.parse

import numpy as np
import pytest

from nnlib import figure_data, landscapes, optimizers
from nnlib.explorer import make_surface
from tests.book.test_browser import HTML, SCREENSHOTS, TIMEOUT_MS, browser, site  # noqa: F401
from tools.notebooks import toc_files

CHART = 'class="nnlib-vega"'
EXPLORER = "nnlib-optimizer-explorer"


def chart_pages():
    return [e for e in toc_files() if (HTML / f"{e}.html").exists()
            and CHART in (HTML / f"{e}.html").read_text(encoding="utf-8")]


@pytest.fixture
def opened(browser, site):  # noqa: F811
    """Open a page as test_browser.py does (a request to another host is recorded and refused);
    yield (open, requests to other hosts, console errors and warnings, failed responses)."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    elsewhere, errors = [], []
    local = urllib.parse.urlparse(site).netloc

    def route(route):
        url = urllib.parse.urlparse(route.request.url)
        if url.scheme in ("data", "blob", "about") or url.netloc == local:
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: m.type in ("error", "warning") and errors.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("response", lambda r: r.status >= 400 and errors.append(f"{r.status}: {r.url}"))

    def open_page(entry):
        page.goto(f"{site}/{entry}.html", wait_until="load", timeout=TIMEOUT_MS)
        page.wait_for_selector(".nnlib-vega[data-ready], .nnlib-vega[data-error]", timeout=TIMEOUT_MS)
        return page

    yield open_page, elsewhere, errors
    context.close()


# JavaScript run in the page. Each chart's <div> keeps vega-embed's result as `.vegaEmbed`.
CHARTS = """() => [...document.querySelectorAll('.nnlib-vega')].map(box => ({
    id: box.id, ready: box.getAttribute('data-ready'), error: box.getAttribute('data-error'),
    role: box.querySelector('.nnlib-vega-chart').getAttribute('role'),
    label: box.querySelector('.nnlib-vega-chart').getAttribute('aria-label'),
    description: box.vegaEmbed ? box.vegaEmbed.spec.description : null,
    controls: [...box.querySelectorAll('.nnlib-vega-controls input, .nnlib-vega-controls select')]
        .map(e => e.name)}))"""

DRAWING = "id => document.getElementById(id).querySelector('.nnlib-vega-chart svg').outerHTML"

# The data items of a named view's marks (Vega names them `<view name>_marks`), as drawn.
MARK_DATA = """([id, mark]) => {
    const found = [];
    const walk = item => {
        if (!item) return;
        if (item.marktype && item.name === mark) found.push(...item.items.map(i => i.datum));
        (item.items || []).forEach(walk);
    };
    walk(document.getElementById(id).vegaEmbed.view.scenegraph().root);
    return found.map(d => ({step: d.step, w1: d.w1, w2: d.w2, loss_gap: d.loss_gap}));
}"""

SET_SIGNALS = """async ([id, values]) => {
    const view = document.getElementById(id).vegaEmbed.view;
    for (const [name, value] of Object.entries(values)) view.signal(name, value);
    await view.runAsync();
}"""

SIGNAL = "([id, name]) => document.getElementById(id).vegaEmbed.view.signal(name)"

# Move one control as a reader would: a select to another option, a slider to another value, with
# the event the browser sends (Vega listens to 'change' on a select, 'input' on a slider).
MOVE = """async ([id, name]) => {
    const box = document.getElementById(id);
    const control = box.querySelector(`.nnlib-vega-controls [name="${name}"]`);
    if (control.tagName === 'SELECT') {
        control.selectedIndex = (control.selectedIndex + 1) % control.options.length;
        control.dispatchEvent(new Event('change', {bubbles: true}));
    } else {
        const low = Number(control.min), high = Number(control.max), step = Number(control.step);
        const now = Number(control.value);
        control.value = String(now + step <= high ? now + step : now - step);
        control.dispatchEvent(new Event('input', {bubbles: true}));
    }
    await box.vegaEmbed.view.runAsync();
}"""


def test_some_pages_hold_interactive_charts():
    pages = chart_pages()
    assert any(p.endswith("06_optimizers") for p in pages), pages
    assert len(pages) >= 3, pages


@pytest.mark.parametrize("entry", chart_pages())
def test_charts_draw_from_the_site_and_every_control_changes_the_drawing(opened, entry):
    open_page, elsewhere, errors = opened
    page = open_page(entry)
    bundle = page.evaluate("() => [...document.querySelectorAll('script[data-nnlib-vega]')].map(s => s.src)")
    assert len(bundle) == 1 and urllib.parse.urlparse(bundle[0]).path.endswith("/_static/vega/vega-bundle.js")
    charts = page.evaluate(CHARTS)
    assert charts, f"{entry}: no chart on the page"
    for chart in charts:
        assert chart["ready"] == "true", f"{entry}, {chart['id']}: {chart['error']}"
        assert chart["role"] == "graphics-document", chart
        assert chart["label"] == chart["description"] and len(chart["description"].split()) > 30, chart
        assert chart["controls"], f"{chart['id']} has no controls"
        start = {name: page.evaluate(SIGNAL, [chart["id"], name]) for name in chart["controls"]}
        for name in chart["controls"]:  # each from the chart's first setting
            page.evaluate(SET_SIGNALS, [chart["id"], start])
            before = page.evaluate(DRAWING, chart["id"])
            page.evaluate(MOVE, [chart["id"], name])
            assert page.evaluate(DRAWING, chart["id"]) != before, (
                f"{entry}, {chart['id']}: moving {name!r} does not change the drawing")
    assert not elsewhere, f"{entry} asked other hosts for {elsewhere}"
    assert not errors, f"{entry}: {errors}"


@pytest.mark.parametrize("entry", chart_pages())
def test_every_control_is_reached_by_tab_and_moved_by_the_arrow_keys(opened, entry):
    open_page, _, _ = opened
    page = open_page(entry)
    for chart in page.evaluate(CHARTS):
        # Start from the chart's box: the next Tab reaches its first control, and so on in order.
        page.evaluate("id => { const b = document.getElementById(id); b.tabIndex = -1; b.focus(); }",
                      chart["id"])
        for name in chart["controls"]:
            page.keyboard.press("Tab")
            focused = page.evaluate("() => [document.activeElement.name, document.activeElement.tagName,"
                                    " document.activeElement.closest('.nnlib-vega')?.id]")
            assert focused[0] == name and focused[2] == chart["id"], (
                f"{entry}: Tab reached {focused} where {chart['id']}'s control {name!r} was expected")
            before = page.evaluate(SIGNAL, [chart["id"], name])
            key = "ArrowDown" if focused[1] == "SELECT" else "ArrowRight"
            page.keyboard.press(key)
            if page.evaluate(SIGNAL, [chart["id"], name]) == before:  # at the end of its range
                page.keyboard.press("ArrowUp" if key == "ArrowDown" else "ArrowLeft")
            page.evaluate("id => document.getElementById(id).vegaEmbed.view.runAsync().then(() => null)",
                          chart["id"])
            assert page.evaluate(SIGNAL, [chart["id"], name]) != before, (
                f"{entry}: the arrow keys do not move {chart['id']}'s control {name!r}")


# The optimizer explorer against nnlib ---------------------------------------------------------------

def setting(optimizer, surface, learning_rate_k, momentum):
    return {"optimizer": figure_data.EXPLORER_OPTIMIZERS.index(optimizer),
            "surface": figure_data.EXPLORER_SURFACES.index(surface),
            "log_lr": learning_rate_k / figure_data.PER_DECADE, "momentum": momentum,
            "steps": figure_data.EXPLORER_STEPS}


def made_by_hand(optimizer, learning_rate, momentum):
    if optimizer == "SGD":
        return optimizers.SGD(learning_rate=learning_rate, momentum=momentum)
    return getattr(optimizers, optimizer)(learning_rate=learning_rate)  # Keras's defaults otherwise


SETTINGS = [  # (optimizer, surface, k of the learning rate 10 ** (k / 5), momentum)
    ("SGD", "quadratic", -5, 0.5),            # lr 0.1: zigzags briefly, converges
    ("Adam", "Rosenbrock", -6, 0.0),          # lr 0.063 on the curved valley (momentum: Keras's 0.9)
    ("SGD", "quadratic", -2, 0.0),            # lr 0.40, above 2 / 10: diverges
]


@pytest.fixture
def explorer_page(opened):
    open_page, elsewhere, errors = opened
    entry = next(e for e in chart_pages() if e.endswith("06_optimizers"))
    page = open_page(entry)
    assert page.evaluate(f"() => document.getElementById('{EXPLORER}').getAttribute('data-ready')") == "true"
    return page, elsewhere, errors


@pytest.mark.parametrize("optimizer, surface, k, momentum", SETTINGS)
def test_the_drawn_path_is_nnlibs_path(explorer_page, optimizer, surface, k, momentum):
    page, elsewhere, errors = explorer_page
    page.evaluate(SET_SIGNALS, [EXPLORER, setting(optimizer, surface, k, momentum)])
    drawn = page.evaluate(MARK_DATA, [EXPLORER, "explorer_path_marks"])
    losses = page.evaluate(MARK_DATA, [EXPLORER, "explorer_losses_marks"])
    learning_rate = 10 ** (k / figure_data.PER_DECADE)
    bowl = make_surface(surface)
    points, loss = landscapes.path(bowl, made_by_hand(optimizer, learning_rate,
                                                      momentum if optimizer == "SGD" else None),
                                   steps=figure_data.EXPLORER_STEPS)
    diverged = len(points) < figure_data.EXPLORER_STEPS + 1
    assert diverged == (k == -2), "the settings chosen here no longer show what they should"
    x0, y0, width = figure_data.explorer_frame(bowl)
    steps = [d["step"] for d in drawn]
    assert steps == sorted(steps) and steps[0] == 0 and len(drawn) >= 3
    if not diverged:
        assert steps == list(range(figure_data.EXPLORER_STEPS + 1))
    else:  # drawn until it leaves the frame, for good
        last = drawn[-1]
        assert not (x0 <= last["w1"] <= x0 + width and y0 <= last["w2"] <= y0 + width)
    ours = np.array([[d["w1"], d["w2"]] for d in drawn])
    np.testing.assert_allclose(ours, points[steps], atol=width / 20_000 + 1e-9)
    gaps = np.array([d["loss_gap"] for d in losses])
    expected = np.maximum(loss[[d["step"] for d in losses]] - bowl.min_loss, figure_data.loss_floor(bowl))
    np.testing.assert_allclose(np.log10(gaps), np.log10(expected), atol=0.0101)
    summary = page.evaluate(f"() => document.getElementById('{EXPLORER}').querySelector('svg').textContent")
    assert (f"diverged at step {len(points)}" in summary) == diverged, summary
    assert not elsewhere and not errors, (elsewhere, errors)


def test_screenshots_of_the_explorer_at_two_settings(explorer_page):
    page, _, _ = explorer_page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    box = page.locator(f"#{EXPLORER}")
    for name, values in (("sgd-momentum", setting("SGD", "quadratic", -4, 0.6)),
                         ("adam-turned-bowl", setting("Adam", "rotated quadratic", -3, 0.0))):
        page.evaluate(SET_SIGNALS, [EXPLORER, values])
        box.scroll_into_view_if_needed()
        target = SCREENSHOTS / f"explorer-{name}.png"
        box.screenshot(path=str(target))
        assert target.stat().st_size > 20_000
    text = page.evaluate(f"() => document.getElementById('{EXPLORER}').querySelector('svg').textContent")
    assert re.search(r"Adam, learning rate 0\.251", text) and "Adam has no ring" in text, text
