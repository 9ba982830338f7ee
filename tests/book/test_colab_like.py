"""What a reader gets from the Colab button: the chapter installs nnlib itself, and its widgets work.

Colab has TensorFlow, Keras, matplotlib, scikit-learn, tqdm and ipykernel, has shipped ipywidgets 7.x,
and does not have this book's nnlib. This test makes such an environment (cached by a hash of its
requirements; see tests/book/fresh_env.py), removes nnlib from it if an earlier run left it there, checks that it is absent,
then runs the optimizers chapter's cells that this is about in a kernel from it: its first cell, its
imports and its two explorers (the rest of the chapter runs under nbval here and at the oldest and
newest releases; running it again here would only repeat those). The chapter's first cell must
install nnlib (`%pip install`): in Colab from the repository, here from this checkout, named by
$NNLIB_SOURCE because this machine reaches no repository. Afterwards nnlib must be installed in the environment
(a real install, not this checkout on the path), and the explorer's widget cell must have shown a
widget under ipywidgets 7.

The chapter's interactive explorer (nnlib.interactive, a Vega-Lite chart built with the Altair that
Colab preinstalls) must render there too. Colab's front end cannot run here, so "renders in Colab"
is checked as far as a test without it can: the fresh run's output of that cell holds what Colab
shows, `text/html` (Colab does not draw the Vega-Lite MIME type; Altair's own "colab" renderer is
its HTML one), with no error; the specification in it is valid Vega-Lite 5 (JSON schema of the
Altair release installed here); and that HTML, put in a page in headless Chromium, draws the chart
(`data-ready`) with no error. In Colab its script takes Vega from the jsDelivr CDN; this machine reaches
no CDN, so the page here holds the copy of Vega the book's site serves (tools/offline_assets.py) and
the script uses that one. Whether Colab's sandboxed output frame runs it is not tested.
"""
import importlib.resources
import json
import re
import sys
import time

import jsonschema
import nbformat
import pytest

from tests.book.fresh_env import ROOT, cached_env, execute, run, text_of
from tests.book.test_browser import browser, serve  # noqa: F401 (browser: a fixture)

CHAPTER = ROOT / "chapters" / "06_optimizers.ipynb"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# What Colab has (the versions it has shipped) of what the book uses, without nnlib.
COLAB = [
    "ipywidgets>=7.7,<8",
    "tensorflow>=2.18,<3",
    "keras>=3.0,<4",
    "matplotlib>=3.7,<4",
    "ipykernel>=6.20,<7",
    "scikit-learn>=1.3,<2",
    "tqdm>=4.66,<5",
    "altair>=5.5,<6",
]

WHERE_IS_NNLIB = "import importlib.util; s = importlib.util.find_spec('nnlib'); print(s.origin if s else 'absent')"


def chart_cells(nb):
    return [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and "interactive." in c.source]


def widget_cells(nb):
    return [i for i, c in enumerate(nb.cells)
            if c.cell_type == "code" and any(WIDGET_VIEW in o.get("data", {}) for o in c.get("outputs", []))]


def test_colab_like_run_installs_nnlib_and_shows_the_widget(tmp_path, monkeypatch, browser):
    nb = nbformat.read(CHAPTER, as_version=4)
    widgets = widget_cells(nb)
    assert widgets, f"{CHAPTER.name} stores no widget output: which cell is the explorer?"

    venv, built = cached_env("colab", sys.executable, COLAB, COLAB)
    print(f"colab-like environment: {venv} ({'built in %.0f s' % built if built else 'cached'})")
    python = str(venv / "bin" / "python")
    run([python, "-m", "pip", "uninstall", "-y", "-q", "nnlib"])
    before = run([python, "-c", WHERE_IS_NNLIB], cwd=tmp_path).strip()
    assert before == "absent", f"nnlib is already in the Colab-like environment: {before}"

    assert chart_cells(nb), f"{CHAPTER.name} has no interactive chart cell"
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    nb.cells = [nb.cells[i] for i in sorted(set(code[:2] + widgets + chart_cells(nb)))]
    widgets, charts = widget_cells(nb), chart_cells(nb)  # the set-up, the imports, the two explorers
    for cell in widgets + charts:  # a fresh run must make these outputs again
        nb.cells[cell].outputs = []
    nb.cells.append(nbformat.v4.new_code_cell(
        "import ipywidgets, nnlib\nprint(ipywidgets.__version__)\nprint(nnlib.__file__)"))
    monkeypatch.setenv("NNLIB_SOURCE", str(ROOT))
    start = time.perf_counter()
    execute(nb, venv, tmp_path)
    print(f"{CHAPTER.name} ran in {time.perf_counter() - start:.0f} s, nnlib's install included")

    widgets_version, nnlib_file = text_of(nb.cells[-1]).split()
    assert widgets_version.startswith("7."), widgets_version
    after = run([python, "-c", WHERE_IS_NNLIB], cwd=tmp_path).strip()
    assert after.startswith(str(venv)) and "site-packages" in after, after
    assert nnlib_file == after, (nnlib_file, after)  # the kernel used the installed copy
    for cell in widgets:
        outputs = nb.cells[cell].outputs
        assert not [o for o in outputs if o.get("output_type") == "error"], text_of(nb.cells[cell])
        views = [o["data"][WIDGET_VIEW] for o in outputs if WIDGET_VIEW in o.get("data", {})]
        assert views and all(v.get("model_id") for v in views), f"cell {cell} showed no widget: {outputs}"
    for cell in charts:
        check_chart_renders(nb.cells[cell], tmp_path, browser)


SPEC = re.compile(r'<script type="application/json" class="nnlib-vega-spec">(.*?)</script>', re.S)


def check_chart_renders(cell, folder, browser):
    outputs = cell.outputs
    assert not [o for o in outputs if o.get("output_type") == "error"], text_of(cell)
    bundles = [o["data"] for o in outputs if "text/html" in o.get("data", {})]
    assert len(bundles) == 1 and "text/plain" in bundles[0], outputs
    page = bundles[0]["text/html"]
    spec = json.loads(SPEC.search(page).group(1))
    alt = pytest.importorskip("altair")
    schema = json.loads((importlib.resources.files("altair.vegalite.v5.schema") / "vega-lite-schema.json")
                        .read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(spec)
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v5."), spec["$schema"]
    assert f"vega-lite@{alt.VEGALITE_VERSION}" in page

    from tools.offline_assets import vega_bundle

    (folder / "vega-bundle.js").write_text(vega_bundle()[0], encoding="utf-8")
    (folder / "chart.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>chart</title><link rel="icon" href="data:,">'
        '<script type="module" src="vega-bundle.js" data-nnlib-vega="true"></script></head><body>'
        f"{page}</body></html>", encoding="utf-8")
    server = serve(folder)
    errors = []
    view = browser.new_page()
    try:
        view.on("console", lambda m: m.type == "error" and errors.append(m.text))
        view.on("pageerror", lambda e: errors.append(str(e)))
        view.goto(f"http://127.0.0.1:{server.server_address[1]}/chart.html")
        view.wait_for_selector(".nnlib-vega[data-ready], .nnlib-vega[data-error]", timeout=30_000)
        state = view.evaluate("() => document.querySelector('.nnlib-vega').getAttribute('data-error')"
                              " || 'ready'")
    finally:
        view.close()
        server.shutdown()
        server.server_close()
    assert state == "ready" and not errors, (state, errors)
