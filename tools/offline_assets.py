"""Sphinx extension: the book's MathJax is served by the built site itself, so pages read offline.

MathJax 3 comes from PyPI (`django-static-mathjax`, a plain copy of MathJax's release files despite its
name; it depends on nothing and the `dev` extra installs it). `mathjax_path` in _config.yml names the
component under the site's `_static/`; after every HTML build this copies MathJax's browser files (its
`es5/` folder: the component, its fonts and the TeX extensions it loads on demand) to `_static/mathjax/`.
Nothing of MathJax is committed to the repository.

Vega too: the book's interactive figures (nnlib/interactive.py) are Vega-Lite charts stored in the
notebooks as HTML whose script draws them with vega-embed. After every HTML build this writes Vega,
Vega-Lite and vega-embed, bundled into one file by the PyPI package `vl-convert-python` (in the `dev`
extra; 1.7 is its last release with Vega 5, the Vega that Altair 5's Vega-Lite 5 compiles to), to
`_static/vega/vega-bundle.js`, at the Vega-Lite version of the installed Altair, which made the stored
specifications. A page that holds such a chart (`class="nnlib-vega"`) loads it as a module script
marked `data-nnlib-vega`, which runs before DOMContentLoaded; the chart's script then finds
`window.vegaEmbed` and never turns to the CDN it uses in Colab and Jupyter (and it fails, saying so,
rather than reach for the CDN when the page's copy did not load). Pages without a chart do not load it.

It also drops a script that a page would load twice: under jupyter-book, sphinx-thebe 0.3.1 adds its
inline set-up script (`const THEBE_JS_URL = ...`) twice, and the second copy is a SyntaxError in every
page's console.
"""
import importlib.util
import pathlib
import shutil

TARGET = "mathjax"  # folder under _static/; mathjax_path in _config.yml starts with it
VEGA_BUNDLE = "vega/vega-bundle.js"  # under _static/
VEGA_CHART = 'class="nnlib-vega"'  # what nnlib.interactive.VegaChart writes into a page


def mathjax_es5():
    spec = importlib.util.find_spec("mathjax")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            "MathJax is not installed: the book serves MathJax from its own site and takes it from the "
            "PyPI package django-static-mathjax (in the dev extra; `./run book` installs it)"
        )
    es5 = pathlib.Path(list(spec.submodule_search_locations)[0]) / "static" / "mathjax" / "es5"
    if not (es5 / "tex-mml-chtml.js").exists():
        raise RuntimeError(f"{es5} has no tex-mml-chtml.js: is django-static-mathjax 3.x installed?")
    return es5


def check_path(app, config):
    prefix = f"{TARGET}/"
    if not config.mathjax_path.startswith(prefix):
        raise RuntimeError(f"mathjax_path must name a file under {prefix} (served by the site), not "
                           f"{config.mathjax_path!r}")
    if not (mathjax_es5() / config.mathjax_path[len(prefix):]).exists():
        raise RuntimeError(f"MathJax has no {config.mathjax_path[len(prefix):]}: fix mathjax_path in _config.yml")


def copy_mathjax(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    shutil.copytree(mathjax_es5(), pathlib.Path(app.outdir) / "_static" / TARGET, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("node-main.js"))


def vega_bundle():
    """Vega, Vega-Lite and vega-embed in one script that sets ``window.vegaEmbed`` (vl-convert-python),
    at the Vega-Lite version that the installed Altair writes, and a notice of what it holds."""
    try:
        import altair
        import vl_convert
    except ImportError as error:
        raise RuntimeError(
            "The book's interactive figures need Altair and vl-convert-python (the book and dev extras; "
            f"`./run book` installs them): {error}") from None
    wanted = ".".join(altair.VEGALITE_VERSION.split(".")[:2])
    if wanted not in vl_convert.get_vegalite_versions():
        raise RuntimeError(f"vl-convert-python {vl_convert.__version__} has no Vega-Lite {wanted} (it has "
                           f"{', '.join(vl_convert.get_vegalite_versions())}), which Altair "
                           f"{altair.__version__} writes: see the dev extra in pyproject.toml")
    notice = (f"vega-bundle.js: Vega {vl_convert.get_vega_version()}, Vega-Lite {wanted} and vega-embed "
              f"{vl_convert.get_vega_embed_version()} (BSD-3-Clause, the Vega project) with their "
              f"dependencies, bundled by vl-convert-python {vl_convert.__version__}. Written by "
              "tools/offline_assets.py at build time.\n")
    return vl_convert.javascript_bundle(vl_version=wanted), notice


def write_vega(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    folder = pathlib.Path(app.outdir) / "_static" / pathlib.Path(VEGA_BUNDLE).parent
    folder.mkdir(parents=True, exist_ok=True)
    bundle, notice = vega_bundle()
    (folder / pathlib.Path(VEGA_BUNDLE).name).write_text(bundle, encoding="utf-8")
    (folder / "NOTICE.txt").write_text(notice, encoding="utf-8")


def load_vega(app, pagename, templatename, context, doctree):
    """On a page with an interactive chart, load the site's Vega (a module script: deferred)."""
    if VEGA_CHART not in context.get("body", ""):
        return
    src = context["pathto"](f"_static/{VEGA_BUNDLE}", 1)
    context["body"] = f'<script type="module" src="{src}" data-nnlib-vega="true"></script>\n' + context["body"]


def drop_duplicate_scripts(app, pagename, templatename, context, doctree):
    """Keep the first of scripts with the same file and attributes (an inline one has no file)."""
    unique = {}
    for js in context.get("script_files", []):
        key = (str(getattr(js, "filename", js) or ""), tuple(sorted(getattr(js, "attributes", {}).items())))
        unique.setdefault(key, js)
    if "script_files" in context:
        context["script_files"] = list(unique.values())


def setup(app):
    app.connect("config-inited", check_path)
    app.connect("html-page-context", drop_duplicate_scripts, priority=1000)  # after every other handler
    app.connect("html-page-context", load_vega)
    app.connect("build-finished", copy_mathjax)
    app.connect("build-finished", write_vega)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
