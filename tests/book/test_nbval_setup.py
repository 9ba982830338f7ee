"""The nbval set-up itself: a stale output fails with the notebook and cell named; the noise that is
meant to be ignored (timings, memory addresses, stderr) is ignored.

Each case is a tiny notebook run by nbval in a separate pytest process, with the same options and
conftest as `./run test`.
"""
import subprocess
import sys

import nbformat

from tools.notebooks import ROOT


def notebook(cells):
    """A notebook from (source, stored outputs) pairs, numbered as if run top to bottom."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for count, (source, outputs) in enumerate(cells, start=1):
        cell = nbformat.v4.new_code_cell(source, execution_count=count)
        cell.outputs = outputs
        nb.cells.append(cell)
    return nb


def stream(text, name="stdout"):
    return nbformat.v4.new_output("stream", name=name, text=text)


def run_nbval(path):
    return subprocess.run(
        [sys.executable, "-m", "pytest", str(path), "--nbval", "--nbval-current-env",
         "--nbval-sanitize-with", str(ROOT / "tests" / "nbval_sanitize.cfg"),
         "-p", "conftest", "-p", "no:cacheprovider", "-p", "no:xdist", "--rootdir", str(path.parent)],
        capture_output=True, text=True, cwd=ROOT,
    )


def test_a_stale_output_fails_and_names_the_notebook_and_cell(tmp_path):
    path = tmp_path / "stale.ipynb"
    nbformat.write(notebook([
        ("print(1 + 1)", [stream("2\n")]),
        ("print(2 + 2)", [stream("5\n")]),  # edited by hand: the code prints 4
    ]), path)
    result = run_nbval(path)
    assert result.returncode == 1, result.stdout
    assert "stale.ipynb::Cell 1" in result.stdout
    assert "1 failed, 1 passed" in result.stdout


def test_timings_addresses_and_stderr_are_not_compared(tmp_path):
    path = tmp_path / "noisy.ipynb"
    nbformat.write(notebook([
        ("print(f'loop: {1234.5:.1f} ms, numpy: 0.8 ms ({1234.5 / 0.8:.0f}x faster)')",
         [stream("loop: 987.6 ms, numpy: 1.1 ms (898x faster)\n")]),
        ("print(object())", [stream("<object object at 0x7f0123456789>\n")]),
        ("import sys; print('machine-specific start-up log', file=sys.stderr)", []),
    ]), path)
    result = run_nbval(path)
    assert result.returncode == 0, result.stdout
    assert "3 passed" in result.stdout
