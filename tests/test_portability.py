"""The stored outputs do not depend on the machine: the notebooks run again as another computer would.

nbval in `./run test` runs every notebook once, as this machine runs it: OpenBLAS's kernels and numpy's
SIMD loops for this CPU, every core. Here each notebook that prints a number runs again one CPU level
down and on one thread (tests/other_machine.py says what that changes and what it cannot), and must
give the same stored outputs. A failure names the notebook and the cell, as nbval does; the cure is to
print fewer digits in that cell (README, "Contributing to a chapter"), not to widen the sanitizer.
"""
import re
import sys

import nbformat

from tests import other_machine
from tests.fresh_env import NBVAL, failures, pytest_in
from tools.notebooks import notebooks

NUMBER = re.compile(r"\d\.\d")


def prints_numbers(path):
    """Whether a stored output of the notebook holds a decimal number (text, not a figure's size)."""
    for cell in nbformat.read(path, as_version=4).cells:
        for output in cell.get("outputs", []):
            text = output.get("text", "") + output.get("data", {}).get("text/plain", "")
            if NUMBER.search(re.sub(r"<Figure size [^>]*>", "", text)):
                return True
    return False


def run_as_another_machine(paths, *options):
    found = other_machine.conditions()
    result = pytest_in(sys.executable, [*paths, *NBVAL, "-n", "auto", "--dist", "loadscope", *options],
                       env=found.env)
    return found, result


def test_the_conditions_are_in_effect():
    found = other_machine.conditions()
    seen = other_machine.in_effect(found)
    assert seen["threads"] == [1], seen
    if found.openblas_kernel:
        assert seen["kernels"] == [found.openblas_kernel], seen
    assert not set(found.numpy_off) & set(seen["numpy_on"]), seen


def test_every_notebook_that_prints_a_number_gives_its_stored_outputs_on_another_machine():
    paths = [p for p in notebooks() if prints_numbers(p)]
    assert len(paths) >= 9, "every chapter prints numbers: is prints_numbers broken?"
    found, result = run_as_another_machine(paths)
    assert result.returncode == 0, (
        f"Run as {found.description}, these stored outputs came out different:\n{failures(result)}")


def test_a_digit_that_does_not_hold_fails_and_names_the_notebook_and_cell(tmp_path):
    """The same run catches a printed digit that only this machine produces (here: one edited in)."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for count, (source, text) in enumerate([("print(round(2 / 3, 4))", "0.6667\n"),
                                            ("print(round(1 / 3, 4))", "0.3334\n")], start=1):
        cell = nbformat.v4.new_code_cell(source, execution_count=count)
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
        nb.cells.append(cell)
    path = tmp_path / "digits.ipynb"
    nbformat.write(nb, path)
    assert prints_numbers(path)
    _, result = run_as_another_machine([path], "--rootdir", tmp_path, "-p", "conftest")
    assert result.returncode == 1, result.stdout
    assert "digits.ipynb::Cell 1" in result.stdout and "1 failed, 1 passed" in result.stdout, result.stdout
