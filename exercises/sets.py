"""The graded exercise sets: one folder per chapter, found on disk.

Each set lives in ``exercises/NN_name/``:

- ``source.ipynb``: the master in otter-grader 7's assign format (solutions, public and hidden tests).
  It is the only file written by hand.
- ``student.ipynb``, ``solution.ipynb`` and ``tests/qN.py`` are generated from it by
  ``python -m exercises.build`` and committed; never edit them.

The tests (``tests/q1.py``, ``tests/q2.py``, ... ; public and hidden) are otter's exception-based test
files: ``name``, ``points`` and one function per test case, decorated with
``@test_case(points=..., hidden=...)``. Each test function names, as its parameters, the student's
variables and functions it needs (otter passes them by name); it imports what it compares with
(numpy, nnlib, keras) inside its body, calls the student's functions only with arrays and plain
values, reads only arrays, numbers, strings and lists/dicts of those, and signals failure by raising
(an ``assert`` whose message starts with a hint). So the same code runs in the student's kernel
(``grader.check``) and in the grader's own process against proxies of the student's names.
``otter.test_files.ExceptionTestFile.from_file(path)`` parses one file.
"""
import pathlib
import re
from typing import NamedTuple

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXERCISES = ROOT / "exercises"


class ExerciseSet(NamedTuple):
    """Where a set's files are, relative to the repository root."""

    student: str  # the student form (what students open, complete and submit)
    solution: str  # the executed solution (instructors only; never published in the book)
    tests: str  # the folder of test files q1.py, q2.py, ... (public and hidden)
    source: str  # the otter assign master the other three are generated from


def _question_number(path):
    match = re.fullmatch(r"q(\d+)", path.stem)
    return int(match.group(1)) if match else float("inf")


def question_files(set_name):
    """The test files of a set, in question order (q2 before q10)."""
    tests = ROOT / SETS[set_name].tests
    return sorted(tests.glob("q*.py"), key=lambda p: (_question_number(p), p.name))


def _discover():
    sets = {}
    for folder in sorted(EXERCISES.iterdir()):
        if (folder / "source.ipynb").is_file():
            rel = folder.relative_to(ROOT).as_posix()
            sets[folder.name] = ExerciseSet(
                student=f"{rel}/student.ipynb",
                solution=f"{rel}/solution.ipynb",
                tests=f"{rel}/tests",
                source=f"{rel}/source.ipynb",
            )
    return sets


SETS = _discover()
