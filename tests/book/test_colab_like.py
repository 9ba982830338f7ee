"""What a reader gets from the Colab button: the chapter installs nnlib itself, and its widgets work.

Colab has TensorFlow, Keras, matplotlib, scikit-learn, tqdm and ipykernel, has shipped ipywidgets 7.x,
and does not have this book's nnlib. This test makes such an environment (cached by a hash of its
requirements; see tests/book/fresh_env.py), removes nnlib from it if an earlier run left it there, checks that it is absent,
then runs the optimizers chapter in a kernel from it. The chapter's first cell must install nnlib
(`%pip install`): in Colab from the repository, here from this checkout, named by $NNLIB_SOURCE
because this machine reaches no repository. Afterwards nnlib must be installed in the environment
(a real install, not this checkout on the path), and the explorer's widget cell must have shown a
widget under ipywidgets 7.
"""
import sys
import time

import nbformat

from tests.book.fresh_env import ROOT, cached_env, execute, run, text_of

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
]

WHERE_IS_NNLIB = "import importlib.util; s = importlib.util.find_spec('nnlib'); print(s.origin if s else 'absent')"


def widget_cells(nb):
    return [i for i, c in enumerate(nb.cells)
            if c.cell_type == "code" and any(WIDGET_VIEW in o.get("data", {}) for o in c.get("outputs", []))]


def test_colab_like_run_installs_nnlib_and_shows_the_widget(tmp_path, monkeypatch):
    nb = nbformat.read(CHAPTER, as_version=4)
    widgets = widget_cells(nb)
    assert widgets, f"{CHAPTER.name} stores no widget output: which cell is the explorer?"

    venv, built = cached_env("colab", sys.executable, COLAB, COLAB)
    print(f"colab-like environment: {venv} ({'built in %.0f s' % built if built else 'cached'})")
    python = str(venv / "bin" / "python")
    run([python, "-m", "pip", "uninstall", "-y", "-q", "nnlib"])
    before = run([python, "-c", WHERE_IS_NNLIB], cwd=tmp_path).strip()
    assert before == "absent", f"nnlib is already in the Colab-like environment: {before}"

    for cell in widgets:  # a fresh run must make these outputs again
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
