"""A set's test files read in as questions, one case run against a submission, and what a failure shows.

What a set provides (exercises/sets.py and the files it names)
--------------------------------------------------------------
A folder of otter-grader test files, one per question, public and hidden cases together, in otter's
exception-based format (``from otter.test_files import test_case``, ``name``, ``points``, test
functions decorated with ``@test_case(hidden=..., points=..., failure_message=...)``). otter itself
reads them: ``ExceptionTestFile`` parses a file and resolves each case's points
(``TestFile.resolve_test_file_points``), so a case is worth here what it is worth in the student's
``grader.check``. A question is otter's ``ExceptionTestFile`` (``name``, ``path``, ``source_lines``,
``possible``, ``test_cases``), and a case is otter's ``TestCase`` (``name``, ``hidden``, ``points``,
``failure_message``, and ``body.test_func``, the test function).

Test code runs in the grader's process, against proxies of the student's names. Each parameter of a
test function names one of the student's variables or functions, as in otter. A name that holds an
array or a plain value (numbers, strings, lists, tuples, dicts of those) arrives as that value, and
as None when the submission does not define it; a function arrives as a proxy that calls the
student's function in the worker with arrays and plain values and returns what it returned. So a test
may call the student's functions and read their values, but not inspect their objects (no
``isinstance`` on their classes, no attributes of a returned object, no in-place changes to arguments
seen from here), and may pass one of the student's own functions to another. A test imports what it
compares with (numpy, nnlib, keras) inside its body. Its globals are those of its own file and
Python's builtins, never the submission's: a submission's own ``abs`` or ``float`` is never called in
place of Python's. The modules a test imports are imported when its file is read, before any
submission runs.
"""
import dis
import importlib
import inspect
import os
import types

from exercises import sets
from nnlib.notebook import QUIET_TENSORFLOW, stderr_fd_silenced

for _name, _value in QUIET_TENSORFLOW.items():  # test code may import TensorFlow: keep it quiet
    os.environ.setdefault(_name, _value)


def load_questions(exercise_set):
    """Every test file of a set (a name, a folder of test files or an ExerciseSet), in question order."""
    chosen = sets.find(exercise_set)
    files = sets.question_files(chosen)
    if not files:
        raise FileNotFoundError(f"no test files in {chosen.tests}")
    return [load_question(path) for path in files]


def load_question(path):
    """One test file, parsed by otter, with the modules its tests import imported now."""
    from otter.test_files import ExceptionTestFile  # here: importing otter takes seconds, --list skips it

    question = ExceptionTestFile.from_string(path.read_text(encoding="utf-8"), path=str(path))
    for case in question.test_cases:
        _import_what_it_imports(case.body.test_func.__code__)
    return question


def _import_what_it_imports(code):
    """Import now the modules a test imports when it runs, before any submission could alter them."""
    for instruction in dis.get_instructions(code):
        if instruction.opname == "IMPORT_NAME" and instruction.argval:
            try:  # TensorFlow writes start-up lines to the stderr descriptor before reading any setting
                with stderr_fd_silenced():
                    importlib.import_module(instruction.argval)
            except ImportError:
                pass  # the test will fail with the same error when it runs
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            _import_what_it_imports(const)


def run_case(case, submission):
    """Call a case's test function with the student's names it asks for; it raises when the case fails.

    Not otter's ``test_case.call_func``, which looks every parameter up in one dict holding the whole
    environment: here the names live in the submission's process, and each is fetched from it (under
    the test's time limit) when the test asks for it.
    """
    test = case.body.test_func
    test(**{name: submission.get(name) for name in inspect.signature(test).parameters})


def failure_message(error, question):
    """What a failing public case tells the student: the failing line of its test file, and the error.

    Not otter's ``ExceptionTestFile._generate_error_message``: it takes the line at a fixed depth below
    otter's own ``run`` (``tb_next.tb_next``) and words it for otter's summary. Here the line shown is
    that of the innermost frame in the question's file, below the grader's own frames.
    """
    text = f"{type(error).__name__}: {error}".strip().rstrip(":")
    line, traceback = None, error.__traceback__
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename == question.path:
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    if line and 0 < line <= len(question.source_lines):
        text = f"{question.source_lines[line - 1].strip()}\n{text}"
    return text
