"""Maintain the book's notebooks: the shared first cell, execution, and the checks on both.

    python tools/notebooks.py sync              write the shared first cell into every notebook
    python tools/notebooks.py execute [NB ...]  run notebooks top to bottom in a fresh kernel, in place

`./run sync` and `./run execute` call these. The first cell is made from FIRST_CELL below, the
repository URL in _config.yml and nnlib's version, so none of them is written by hand in a notebook.
"""
import argparse
import pathlib
import re
import sys

import nbformat
import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOK_DIRS = ["chapters", "exercises"]
# In exercises/, only the executed solutions are notebooks of this kind (run under nbval, synced
# here). The student forms are stored unexecuted and the otter masters are never run: both are
# checked by tests/exercises/test_exercises.py, and exercises/build.py writes all three.
EXERCISE_NOTEBOOK = "solution.ipynb"
SETUP_TAG = "setup"

FIRST_CELL = """\
# Runs first in every chapter: in Colab it installs this book's nnlib; everywhere it
# silences TensorFlow's start-up logs and seeds every random generator, so results repeat.
import os
try:
    import nnlib
except ImportError:
    %pip install -q {{os.environ.get("NNLIB_SOURCE", "{source}")}}
    import nnlib
nnlib.setup_notebook(seed=0)"""

# The first cell of an exercise set also brings otter-grader, which the check cells use.
EXERCISE_FIRST_CELL = """\
# Runs first in every exercise set: in Colab or Binder it installs what the checks need (this book's
# nnlib and otter-grader); everywhere it silences TensorFlow's start-up logs and seeds every random
# generator, so results repeat.
import os
try:
    import nnlib
except ImportError:
    %pip install -q {{os.environ.get("NNLIB_SOURCE", "{source}")}}
    import nnlib
try:
    import otter
except ImportError:
    %pip install -q "otter-grader>=7,<8"
    import otter
nnlib.setup_notebook(seed=0)"""


def is_exercise(path):
    """Whether ``path`` is a notebook of an exercise set (under exercises/)."""
    try:
        return pathlib.Path(path).resolve().relative_to(ROOT).parts[0] == "exercises"
    except (ValueError, IndexError):
        return False


def notebooks():
    """Every notebook of the book, in a stable order."""
    found = []
    for folder in NOTEBOOK_DIRS:
        found += sorted((ROOT / folder).rglob("*.ipynb"))
    found = [p for p in found if ".ipynb_checkpoints" not in p.parts]
    return [p for p in found if not is_exercise(p) or p.name == EXERCISE_NOTEBOOK]


def toc_files():
    """The entries of _toc.yml (paths without suffix), the opening page first."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [chapter["file"] for chapter in part["chapters"]]
    return files


def pip_source():
    """Where Colab installs nnlib from: the book's repository, at the tag of nnlib's version."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    url = config["repository"]["url"].rstrip("/")
    init = (ROOT / "nnlib" / "__init__.py").read_text()
    version = re.search(r'^__version__ = "([^"]+)"', init, re.MULTILINE).group(1)
    return f"git+{url}@v{version}"


def first_cell_source(path=None):
    """The shared first cell of the notebook at ``path`` (a chapter's when no path is given)."""
    template = EXERCISE_FIRST_CELL if path is not None and is_exercise(path) else FIRST_CELL
    return template.format(source=pip_source())


def first_cell(path=None):
    cell = nbformat.v4.new_code_cell(first_cell_source(path))
    # hide-input: the HTML book folds the cell away; the notebook shows it.
    cell.metadata["tags"] = [SETUP_TAG, "hide-input"]
    return cell


def sync(paths):
    """Make the first code cell of each notebook the shared one, right after the title cell."""
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        setup = [c for c in nb.cells if SETUP_TAG in c.metadata.get("tags", [])]
        cell = setup[0] if setup else first_cell(path)
        cell.source = first_cell_source(path)
        rest = [c for c in nb.cells if c is not cell]
        at = 1 if rest and rest[0].cell_type == "markdown" else 0  # the title stays on top
        cells = rest[:at] + [cell] + rest[at:]
        if cells == nb.cells and not setup[1:]:
            continue
        nb.cells = cells
        nbformat.write(nb, path)
        print(f"synced {path.relative_to(ROOT)}")


def shows_nothing(output):
    """Whether an output is an empty display, such as the blank one Keras's ``summary()`` makes
    through rich before its text: in the HTML it would be an empty box."""
    if output.get("output_type") != "display_data":
        return False
    data = output.get("data", {})
    plain = data.get("text/plain", "")
    html = re.sub(r"<pre[^>]*>\s*</pre>", "", "".join(data.get("text/html", "")))
    return not "".join(plain).strip() and not html.strip() and set(data) <= {"text/plain", "text/html"}


def execute(paths, timeout=600):
    """Run each notebook in a fresh kernel from its own folder and store the outputs in place."""
    from nbclient import NotebookClient

    for path in paths:
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
            record_timing=False,
            # No widget state in the stored notebook: with it, myst-nb would load the widget
            # scripts from a CDN on the page, and the HTML shows a static picture in the widget's
            # place anyway.
            store_widget_state=False,
        )
        client.execute()
        for cell in nb.cells:
            cell.metadata.pop("execution", None)
            if "outputs" in cell:
                cell.outputs = [output for output in cell.outputs if not shows_nothing(output)]
        nbformat.write(nb, path)
        print(f"executed {path.relative_to(ROOT)}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("command", choices=["sync", "execute"])
    parser.add_argument("notebooks", nargs="*", type=pathlib.Path, help="default: every notebook")
    args = parser.parse_args(argv)
    paths = [p.resolve() for p in args.notebooks] or notebooks()
    if args.command == "sync":
        sync(paths)
    else:
        sync(paths)
        execute(paths)


if __name__ == "__main__":
    sys.exit(main())
