"""Generate every exercise set's student form, solution and test files from its otter master.

    python -m exercises.build                 every set: generate, then execute the solutions
    python -m exercises.build 01_tensors ...  only these sets
    python -m exercises.build --no-execute    generate without executing the solutions

For each folder ``exercises/NN_name/`` holding a ``source.ipynb`` (otter-grader 7's assign format),
``otter assign`` splits the master into a student and an autograder notebook; this script then
post-processes them into the committed files:

- ``tests/qN.py``: every test of question N, public and hidden (otter's exception-based format). The
  grader (``exercises/grade.py``, through ``exercises/testfiles.py``) reads these; they never travel
  with a submission.
- ``student.ipynb``: what students open. No solutions, no hidden tests, stored unexecuted. Its first
  code cell installs nnlib and otter-grader where they are missing (Colab, Binder); the second holds
  the public tests and writes them to a temporary folder for ``grader.check``, so the notebook works
  alone: nothing else is fetched (otter cannot read tests from notebook metadata in Colab).
- ``solution.ipynb``: the solutions with every test, executed here and compared by nbval in the test
  command. Its check cells print otter's plain-text summary (otter's HTML picks a random emoji).

Cell ids are numbered, so generating twice gives the same files (tests/exercises/test_exercises.py checks that
the committed files are current).
"""
import argparse
import pathlib
import shutil
import subprocess
import sys
import tempfile

import nbformat

from exercises.sets import ROOT, SETS, questions_in
from tools.notebooks import execute, first_cell

OTTER = pathlib.Path(sys.executable).parent / "otter"

CHECKS_TAG = "checks"
CHECKS_CELL = '''\
# The checks of this set: the public tests of each question, as otter reads them, written to a
# temporary folder where otter finds them. Run this cell once; then run each question's check cell
# (grader.check) after your answer. Read a question's tests below to see what its check tries.
import pathlib
import tempfile

TESTS = {{}}
{tests}
# A temporary folder that is removed when the notebook's kernel stops.
checks_folder = tempfile.TemporaryDirectory(prefix="{name}-tests-")
tests_dir = pathlib.Path(checks_folder.name)
for question, code in TESTS.items():
    (tests_dir / f"{{question}}.py").write_text(code, encoding="utf-8")
# otter logs every check to a file in the working folder; keep it in the temporary folder instead.
otter.check.notebook.OTTER_LOG_FILENAME = str(tests_dir / ".OTTER_LOG")
grader = otter.Notebook(tests_dir=str(tests_dir))'''


def set_folders(names=None):
    """The folders of the sets named (by default every set of exercises/sets.py), in set order."""
    unknown = set(names or ()) - set(SETS)
    if unknown:
        raise SystemExit(f"no exercise set named {', '.join(sorted(unknown))}")
    return [ROOT / entry.folder for name, entry in SETS.items() if not names or name in names]


def otter_assign(source, out):
    """Run otter assign on ``source``; return (student notebook, autograder notebook, out folder)."""
    result = subprocess.run([str(OTTER), "assign", str(source), str(out)], capture_output=True,
                            text=True, cwd=source.parent)
    if result.returncode != 0:
        raise SystemExit(f"otter assign failed on {source}:\n{result.stdout}\n{result.stderr}")
    student = nbformat.read(out / "student" / source.name, as_version=4)
    autograder = nbformat.read(out / "autograder" / source.name, as_version=4)
    return student, autograder


def read_tests(folder):
    return {p.stem: p.read_text(encoding="utf-8") for p in questions_in(folder)}


def _readable_string(code):
    """``code`` as a Python literal a student can read: a raw triple-quoted block where it can be.

    A raw block keeps every character as written; it cannot hold three single quotes in a row, or
    end in a backslash or a quote, and a carriage return would not survive the notebook: those stay
    ``repr``.
    """
    if "'''" in code or code.endswith(("\\", "'")) or "\r" in code:
        return repr(code)
    return "r'''" + code + "'''"


def checks_cell(set_name, tests):
    body = "\n".join(f"TESTS[{name!r}] = {_readable_string(code)}" for name, code in tests.items())
    cell = nbformat.v4.new_code_cell(CHECKS_CELL.format(tests=body, name=set_name))
    cell.metadata["tags"] = [CHECKS_TAG, "hide-input"]
    return cell


def finish(nb, path, set_name, tests, solution):
    """The set-up and checks cells after the title, clean metadata, numbered ids, no outputs."""
    cells = [c for c in nb.cells if c.source.strip()]
    at = 1 if cells and cells[0].cell_type == "markdown" else 0
    nb.cells = cells[:at] + [first_cell(path), checks_cell(set_name, tests)] + cells[at:]
    for index, cell in enumerate(nb.cells):
        cell.id = f"{set_name}-{index:02d}"
        tags = [t for t in cell.metadata.get("tags", []) if not t.startswith("otter_")]
        cell.metadata = {"tags": tags} if tags else {}
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            if solution and cell.source.startswith("grader.check("):
                cell.source = f"print({cell.source.strip()})"
    nb.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
        "exercise_set": set_name,
    }
    nbformat.validate(nb)
    return nb


def generate(folder, out=None):
    """Write a set's tests/, student.ipynb and solution.ipynb (unexecuted) into ``out``."""
    out = pathlib.Path(out or folder)
    with tempfile.TemporaryDirectory() as tmp:
        dist = pathlib.Path(tmp) / "dist"
        student, autograder = otter_assign(folder / "source.ipynb", dist)
        every_test = read_tests(dist / "autograder" / "tests")
        public_tests = read_tests(dist / "student" / "tests")
    if not every_test:
        raise SystemExit(f"{folder.name}: the source has no tests")
    tests_out = out / "tests"
    if tests_out.exists():
        shutil.rmtree(tests_out)
    tests_out.mkdir(parents=True)
    for name, code in every_test.items():
        (tests_out / f"{name}.py").write_text(code, encoding="utf-8")
    # The paths given to finish are the set's own (they pick the exercise set-up cell), also when
    # writing elsewhere.
    nbformat.write(finish(student, folder / "student.ipynb", folder.name, public_tests, False),
                   out / "student.ipynb")
    nbformat.write(finish(autograder, folder / "solution.ipynb", folder.name, every_test, True),
                   out / "solution.ipynb")
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("sets", nargs="*", help="set names (folders under exercises/); default: all")
    parser.add_argument("--no-execute", action="store_true", help="do not execute the solutions")
    args = parser.parse_args(argv)
    for folder in set_folders(args.sets):
        generate(folder)
        print(f"generated {folder.relative_to(ROOT)}: student.ipynb, solution.ipynb, tests/")
        if not args.no_execute:
            execute([folder / "solution.ipynb"])


if __name__ == "__main__":
    sys.exit(main())
