"""Declared support is tested support: nnlib's tests and every chapter, at both ends of pyproject.toml.

- **The floors**: the oldest Python that `requires-python` admits, and every requirement of nnlib and
  of the `book` and `test` extras at its declared floor (">=X" installed as "==X").
- **The newest**: the newest Python that the classifiers list, and the newest release each range admits.

Each is a fresh virtual environment made from pyproject.toml alone (cached; see
tests/book/fresh_env.py), which runs nnlib's unit tests (tests/nnlib) and doctests and nbval on every
chapter, as the machine comes. The floors
include ipywidgets 7, so the explorer's tests cover ipywidgets 7 there and 8 in `.venv`. "The newest"
means the newest when the environment was made: CI makes it afresh on every run; locally `./run clean`
(or any change to pyproject.toml) does. A machine without the Python in question skips the test,
except under CI, where a skip would hide the edge.
"""
import os
import re

import pytest
from packaging.requirements import Requirement

from tests.book.fresh_env import NBVAL, ROOT, cached_env, failures, find_python, pytest_in
from tests.book.other_machine import as_the_machine_comes

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
EXTRAS = ["book", "test"]


def requirements():
    """nnlib's requirements and those of the extras the edges install (not `dev`)."""
    found = [Requirement(r) for r in PYPROJECT["dependencies"]]
    for extra in EXTRAS:
        found += [Requirement(r) for r in PYPROJECT["optional-dependencies"][extra]]
    return found


def floors():
    """Each requirement pinned at its declared floor: "numpy>=2.0,<3" becomes "numpy==2.0"."""
    pins = {}
    for requirement in requirements():
        lower = [s.version for s in requirement.specifier if s.operator == ">="]
        assert len(lower) == 1, f"{requirement} states no floor (>=) to test"
        assert pins.setdefault(requirement.name, lower[0]) == lower[0], f"two floors for {requirement.name}"
    return [f"{name}=={version}" for name, version in sorted(pins.items())]


def pythons():
    """(oldest, newest) Python: requires-python's floor and the newest classifier below its ceiling."""
    low, high = re.fullmatch(r">=(\d+\.\d+),<(\d+\.\d+)", PYPROJECT["requires-python"]).groups()
    listed = sorted((c.rsplit(" :: ", 1)[1] for c in PYPROJECT["classifiers"]
                     if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)),
                    key=lambda v: tuple(map(int, v.split("."))))
    assert listed[0] == low, f"requires-python starts at {low}, the classifiers at {listed[0]}"
    assert listed[-1].split(".")[1] == str(int(high.split(".")[1]) - 1), (
        f"requires-python stops below {high}, the classifiers at {listed[-1]}")
    return low, listed[-1]


def python_or_skip(version):
    python = find_python(version)
    if python is None:
        message = f"pyproject.toml supports Python {version}, which this machine does not have"
        if os.environ.get("CI"):
            pytest.fail(message + ": CI must test it")
        pytest.skip(message)
    return python


def run_at(edge, python, pins):
    install = ["-e", f"{ROOT}[{','.join(EXTRAS)}]", *pins]
    venv, built = cached_env(edge, python, install, [(ROOT / "pyproject.toml").read_text()])
    print(f"{edge} environment: {venv} on {python} ({'built in %.0f s' % built if built else 'cached'})")
    # As the machine comes (its CPU's own kernels, every core): `./run test` runs the rest as another
    # machine would (tests/book/test_portability.py), so between them the chapters meet both.
    return pytest_in(venv / "bin" / "python", ["tests/nnlib", "nnlib", "--doctest-modules", "chapters",
                                               *NBVAL, "-n", "auto", "--dist", "loadscope"],
                     env=as_the_machine_comes())


def test_the_floors_are_named_once_and_the_pythons_agree():
    assert "numpy==2.0" in floors()
    oldest, newest = pythons()
    assert (oldest, newest) == ("3.10", "3.13")


def test_nnlib_and_the_chapters_at_the_floors():
    oldest, _ = pythons()
    result = run_at("floors", python_or_skip(oldest), floors())
    assert result.returncode == 0, f"At the floors, on Python {oldest}:\n{failures(result)}"


def test_nnlib_and_the_chapters_at_the_newest():
    _, newest = pythons()
    result = run_at("newest", python_or_skip(newest), [])
    assert result.returncode == 0, f"At the newest releases, on Python {newest}:\n{failures(result)}"
