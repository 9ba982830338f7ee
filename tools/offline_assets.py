"""Sphinx extension: the book's MathJax is served by the built site itself, so pages read offline.

MathJax 3 comes from PyPI (`django-static-mathjax`, a plain copy of MathJax's release files despite its
name; it depends on nothing and the `dev` extra installs it). `mathjax_path` in _config.yml names the
component under the site's `_static/`; after every HTML build this copies MathJax's browser files (its
`es5/` folder: the component, its fonts and the TeX extensions it loads on demand) to `_static/mathjax/`.
Nothing of MathJax is committed to the repository.

It also drops a script that a page would load twice: under jupyter-book, sphinx-thebe 0.3.1 adds its
inline set-up script (`const THEBE_JS_URL = ...`) twice, and the second copy is a SyntaxError in every
page's console.
"""
import importlib.util
import pathlib
import shutil

TARGET = "mathjax"  # folder under _static/; mathjax_path in _config.yml starts with it


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
    app.connect("build-finished", copy_mathjax)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
