"""`import nnlib` stays light: numpy only, never TensorFlow, Keras or matplotlib, as nnlib promises (its docstring).

Run in a fresh interpreter, since this test session itself imports TensorFlow elsewhere. How long the
import takes is measured by benchmarks/import_time.py, not here.
"""
import json
import subprocess
import sys

HEAVY = ["tensorflow", "keras", "matplotlib", "absl", "IPython"]


def modules_after(statement):
    code = f"import json, sys; {statement}; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout))


def test_import_nnlib_does_not_import_heavy_packages():
    loaded = modules_after("import nnlib")
    assert "nnlib" in loaded and "numpy" in loaded
    assert [m for m in HEAVY if m in loaded] == []


def test_the_check_above_can_fail():
    # The same probe sees TensorFlow once nnlib's notebook set-up has run.
    loaded = modules_after("import nnlib; nnlib.setup_notebook()")
    assert "tensorflow" in loaded and "keras" in loaded
