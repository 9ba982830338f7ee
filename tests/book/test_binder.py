"""What a reader gets from the Binder button: an environment made from exactly the files repo2docker reads.

repo2docker reads binder/runtime.txt (the Python version) and binder/requirements.txt (installed with
pip from the repository's root). This test makes a fresh virtual environment the same way, on that
Python, and runs a chapter in a kernel from it: every cell must run, and the chapter's first cell must
find nnlib already there (Binder installs it; Colab is the one where the first cell does).
The environment is cached by a hash of those files and pyproject.toml (see tests/book/fresh_env.py).
"""
import re
import time

import nbformat
import pytest

from tests.book.fresh_env import ROOT, cached_env, execute, find_python, runtime_version, text_of

BINDER = ROOT / "binder"
CHAPTER = ROOT / "chapters" / "01_tensors.ipynb"


def test_runtime_is_a_python_the_book_supports():
    version = runtime_version((BINDER / "runtime.txt").read_text())
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert f'"Programming Language :: Python :: {version}"' in pyproject, (
        f"runtime.txt asks for Python {version}, which pyproject.toml does not list as supported")
    low, high = re.search(r'requires-python = ">=(\d+\.\d+),<(\d+\.\d+)"', pyproject).groups()
    as_tuple = lambda v: tuple(map(int, v.split(".")))  # noqa: E731
    assert as_tuple(low) <= as_tuple(version) < as_tuple(high), (version, low, high)


def test_only_the_files_repo2docker_reads():
    """repo2docker would also act on these; the book keeps to requirements.txt and runtime.txt."""
    others = {"environment.yml", "Pipfile", "Pipfile.lock", "setup.py", "postBuild", "apt.txt", "install.R",
              "Project.toml", "REQUIRE", "start", "default.nix", "Dockerfile"}
    assert not others & {p.name for p in BINDER.iterdir()}


def test_a_chapter_runs_in_the_binder_environment(tmp_path):
    version = runtime_version((BINDER / "runtime.txt").read_text())
    python = find_python(version)
    if python is None:
        pytest.skip(f"binder/runtime.txt asks for Python {version}, which this machine does not have")
    requirements = (BINDER / "requirements.txt").read_text()
    inputs = [requirements, (BINDER / "runtime.txt").read_text(), (ROOT / "pyproject.toml").read_text()]
    venv, built = cached_env("binder", python, ["-r", str(BINDER / "requirements.txt")], inputs, cwd=ROOT)
    print(f"binder environment: {venv} on {python} ({'built in %.0f s' % built if built else 'cached'})")

    nb = nbformat.read(CHAPTER, as_version=4)
    probe = nbformat.v4.new_code_cell(
        "import sys, nnlib, numpy, tensorflow\n"
        "print(sys.executable)\nprint(sys.version.split()[0])\nprint(nnlib.__file__)")
    nb.cells.append(probe)
    start = time.perf_counter()
    execute(nb, venv, tmp_path)
    print(f"{CHAPTER.name} ran in {time.perf_counter() - start:.0f} s")

    executable, python_version, nnlib_file = text_of(nb.cells[-1]).split()
    assert executable.startswith(str(venv)), executable
    assert python_version.startswith(f"{version}."), python_version
    assert nnlib_file.startswith(str(ROOT / "nnlib")), nnlib_file  # `-e .` installs this checkout
    setup = nb.cells[[c.cell_type for c in nb.cells].index("code")]
    assert "setup" in setup.metadata.get("tags", []), "the first code cell should be the shared set-up cell"
    assert "Successfully installed" not in text_of(setup) and not any(
        o.get("output_type") == "error" for o in setup.outputs), text_of(setup)
