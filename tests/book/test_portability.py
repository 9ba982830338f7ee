"""The stored outputs do not depend on the machine that made them.

`./run execute` stores a notebook's outputs as the author's machine comes (its CPU's own OpenBLAS
kernels and numpy loops, every core). `./run test` runs all of its tests, nbval's run of every notebook
among them, as another machine would: one CPU level down, on one thread (tests/book/other_machine.py says
what that changes, and what it cannot); tests/book/test_version_edges.py runs the chapters again as the
machine comes, at other releases. So a digit that only one machine prints fails one of the runs, with
the notebook and the cell named; the cure is to print fewer digits in that cell (README, "Print what
holds on every machine"), not to widen the sanitizer.

This file checks that the conditions are in effect, and that taking them out restores the machine.
"""
import os

import pytest

from tests.book import other_machine


@pytest.fixture
def conditions():
    """The variables of other_machine.conditions() that this run was started with."""
    if other_machine.MARK not in os.environ:
        message = f"not run by ./run test: {other_machine.MARK} is not set"
        if os.environ.get("CI"):
            pytest.fail(message + ", so nothing ran as another machine")
        pytest.skip(message)
    return {k: os.environ[k] for k in other_machine.VARIABLES if k in os.environ}


def test_this_run_is_as_another_machine(conditions):
    seen = other_machine.in_effect(dict(os.environ))
    assert seen["threads"] == [1], seen
    assert all(conditions[k] == "1" for k in other_machine.THREADS), conditions
    if "OPENBLAS_CORETYPE" in conditions:
        assert seen["kernels"] == [conditions["OPENBLAS_CORETYPE"]], seen
    off = conditions.get("NPY_DISABLE_CPU_FEATURES", "").split()
    assert not set(off) & set(seen["numpy_on"]), seen


def test_the_machine_as_it_comes_is_another(conditions):
    """Taken out, the conditions leave this CPU's own kernels, its numpy loops and every core: so the
    run above differed from the one that stored the outputs."""
    seen = other_machine.in_effect(other_machine.as_the_machine_comes())
    assert min(seen["threads"]) > 1 or os.cpu_count() == 1, seen
    if "OPENBLAS_CORETYPE" in conditions:
        assert conditions["OPENBLAS_CORETYPE"] not in seen["kernels"], seen
    off = conditions.get("NPY_DISABLE_CPU_FEATURES", "").split()
    assert set(off) <= set(seen["numpy_on"]), seen
