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

This module is the one place that knows where sets are: ``exercises.build`` and the grader
(``exercises.grade``) both read ``SETS``.
"""
import pathlib
import re
from typing import NamedTuple

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXERCISES = ROOT / "exercises"


class ExerciseSet(NamedTuple):
    """A set's name and where its files are, relative to the repository root."""

    name: str
    folder: str  # exercises/NN_name
    student: str  # the student form (what students open, complete and submit)
    solution: str  # the executed solution (instructors only; never published in the book)
    tests: str  # the folder of test files q1.py, q2.py, ... (public and hidden)
    source: str  # the otter assign master the other three are generated from


def natural_key(text):
    """Sort key that orders the numbers in names by value: q2 before q10, student2 before student10."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def questions_in(folder):
    """The test files ``q1.py``, ``q2.py``, ... in ``folder``, in question order (q2 before q10)."""
    return sorted(pathlib.Path(folder).glob("q*.py"), key=lambda p: natural_key(p.name))


def question_files(exercise_set):
    """The test files of a set (its name or its ExerciseSet), in question order."""
    if not isinstance(exercise_set, ExerciseSet):
        exercise_set = SETS[exercise_set]
    return questions_in(ROOT / exercise_set.tests)


def find(name_or_folder):
    """A set by name, or an unlisted set made of a folder of test files (a path from the root or here)."""
    if isinstance(name_or_folder, ExerciseSet):
        return name_or_folder
    if name_or_folder in SETS:
        return SETS[name_or_folder]
    folder = pathlib.Path(name_or_folder)
    if not folder.is_absolute() and (ROOT / folder).is_dir():
        folder = ROOT / folder
    if not folder.is_dir():
        raise KeyError(f"no exercise set {name_or_folder!r}; the sets are: {', '.join(SETS)}")
    tests = folder.resolve()
    home = tests.parent if tests.name == "tests" else tests
    return ExerciseSet(home.name, str(home), student="", solution="", tests=str(tests), source="")


def _discover():
    sets = {}
    for folder in sorted(EXERCISES.iterdir()):
        if (folder / "source.ipynb").is_file():
            rel = folder.relative_to(ROOT).as_posix()
            sets[folder.name] = ExerciseSet(
                name=folder.name,
                folder=rel,
                student=f"{rel}/student.ipynb",
                solution=f"{rel}/solution.ipynb",
                tests=f"{rel}/tests",
                source=f"{rel}/source.ipynb",
            )
    return sets


SETS = _discover()
