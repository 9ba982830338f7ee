"""Grade a folder of submitted exercise notebooks, in a way that a submission cannot subvert.

    python -m exercises.grade --list
    python -m exercises.grade NAME SUBMISSIONS_DIR --out OUT_DIR [--timeout S] [--jobs N]
                              [--test-timeout S] [--memory MB]

``--list`` prints ``NAME<TAB>STUDENT_NOTEBOOK<TAB>SOLUTION_NOTEBOOK`` for each set of
exercises/sets.py. Grading writes ``OUT_DIR/grades.csv`` (``submission``, one column per question,
``total``, ``possible``, ``status``) and ``OUT_DIR/feedback/<submission>.txt`` for each student. It
exits 0 when every ``.ipynb`` of the folder got its row, whatever happened inside it.

Why the verdict is computed outside the submission's process
------------------------------------------------------------
otter-grader runs the tests in the student's own kernel, so the student's code and the grading code
share one interpreter: a submission can patch otter's classes, ``numpy.testing``, ``builtins`` or
``sys.exit`` and turn every failure into a pass. No check run inside that process can be trusted.
Here the submission runs in its own process (``python -m exercises._worker``) and is only ever asked
for *data*: "what is the value of ``x``?", "what does ``softmax`` return for this array?". The test
code, the comparisons and the scores live in this process, which no student code ever runs in. The
channel between the two is a socket that carries JSON and ``.npy`` arrays read with
``allow_pickle=False``: never a pickle, never code, so a reply cannot smuggle behaviour in. The worst a
submission can do to its channel is answer wrongly, which only costs it its own points.

Each submission also gets
- a fresh process in a new process group, killed as a group after ``--timeout`` seconds for the
  notebook and after ``--test-timeout`` seconds for any one test;
- a memory limit: RLIMIT_DATA set in the worker before any student code (an over-large allocation
  raises MemoryError in its cell; RLIMIT_AS cannot be used, TensorFlow reserves gigabytes of address
  space at import), and the group's resident memory watched from here, killing it past the limit;
- its own temporary directory holding a copy of its notebook and a copy of nnlib and the worker,
  taken when grading starts: a submission that rewrites or deletes files in the repository cannot
  change what the next one imports or is tested with. The tests, and the modules they import, are
  read into memory before the first submission runs, and never sent to the worker;
- capped output: stdout and stderr go to files (never to the channel), Python-level writes past
  OUTPUT_CAP are dropped and RLIMIT_FSIZE stops direct writes to the file descriptors.

What this does not do: the worker runs as the same user as the grader, so it could kill the grader
(no grade is then written, nothing wrong is recorded), damage the installed packages for later runs,
or read the hidden tests from the repository (it learns what they check, as it could with otter, but
still has to compute the answers). For a class, run the grader as a user that cannot read the
repository or write the environment, or in a container. Resource limits and the memory watch are
those of Linux (RLIMIT_DATA, /proc).

What a set provides (exercises/sets.py and the files it names)
--------------------------------------------------------------
A folder of otter-grader test files, one per question, public and hidden cases together: the
exception-based format (``from otter.test_files import test_case``, ``name``, ``points``, test
functions decorated with ``@test_case(hidden=..., points=..., failure_message=...)``), or OK-format
files whose cases are doctests. Test code runs here, against proxies of the student's names: a name
that holds an array or a plain value (numbers, strings, lists, tuples, dicts of those) arrives as
that value; a function arrives as a proxy that calls the student's function in the worker with arrays
and plain values and returns what it returned. So a test may call the student's functions and read
their values, but not inspect their objects (no ``isinstance`` on their classes, no attributes of a
returned object, no in-place changes to arguments seen from here), and may pass one of the student's
own functions to another. ``np``, ``nnlib``, ``keras`` and ``tf`` are available to test code. A
name that test code reads as a global comes from the submission unless the test file or Python's
builtins define it: a submission's own ``abs`` or ``float`` is never called in place of Python's.
"""
import argparse
import builtins
import csv
import dataclasses
import dis
import doctest
import io
import json
import os
import pathlib
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import types
from concurrent.futures import ThreadPoolExecutor, as_completed

import numpy as np

# Test code may import TensorFlow: keep its start-up logs quiet, as the book's notebooks do.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import nnlib  # noqa: E402
from nnlib.notebook import _stderr_fd_silenced  # noqa: E402
from exercises import _worker  # noqa: E402
from exercises._worker import ChannelError, FunctionRef, decode, encode, receive, send

ROOT = pathlib.Path(__file__).resolve().parent.parent

TIMEOUT = 120  # seconds for running the notebook's cells
TEST_TIMEOUT = 20  # seconds for one test case
MEMORY_MB = 2048
OUTPUT_CAP = 2**20  # characters of stdout/stderr kept per stream
FILE_SIZE_CAP = 16 * 2**20  # bytes any one file the submission writes may reach
MAX_NOTEBOOK = 32 * 2**20  # bytes: a bigger file is not graded
LOG_TAIL = 3000  # bytes of the end of the submission's stderr kept for its feedback


# --- sets and their tests ------------------------------------------------------------------------


@dataclasses.dataclass
class Case:
    name: str
    hidden: bool
    points: float
    run: object  # run(submission): returns when the case passes, raises when it fails
    failure_message: str = None  # the hint a student sees when the case fails


@dataclasses.dataclass
class Question:
    name: str
    cases: list

    @property
    def points(self):
        return sum(case.points for case in self.cases)


@dataclasses.dataclass
class ExerciseSet:
    name: str
    student: str  # paths from the repository root
    solution: str
    tests: str
    questions: list = None


def _natural_key(text):
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def exercise_sets():
    """The sets listed by exercises/sets.py, by name (paths from the repository root)."""
    from exercises import sets

    return {name: ExerciseSet(name, entry.student, entry.solution, entry.tests)
            for name, entry in sets.SETS.items()}


def load_set(exercise_set):
    """A set by name (from exercises/sets.py), or a folder of test files, with its tests read in."""
    if isinstance(exercise_set, ExerciseSet):
        chosen = exercise_set
    elif (ROOT / str(exercise_set)).is_dir() or pathlib.Path(exercise_set).is_dir():
        folder = pathlib.Path(exercise_set)
        name = folder.parent.name if folder.name == "tests" else folder.name
        chosen = ExerciseSet(name, "", "", str(folder if folder.is_absolute() else ROOT / folder))
    else:
        known = exercise_sets()
        if exercise_set not in known:
            raise KeyError(f"no exercise set {exercise_set!r}; the sets are: {', '.join(known)}")
        chosen = known[exercise_set]
    if chosen.questions is None:
        chosen = dataclasses.replace(chosen, questions=load_questions(ROOT / chosen.tests))
    return chosen


class _TestCaseDecorator:
    """Stands in for ``otter.test_files.test_case`` when the grader reads a test file."""

    def __init__(self, name=None, points=None, hidden=False, success_message=None, failure_message=None):
        self.name, self.points, self.hidden = name, points, hidden
        self.failure_message, self.func = failure_message, None

    def __call__(self, func):
        self.func = func
        return self


def _import_for_tests(name, globals=None, locals=None, fromlist=(), level=0):
    if name in ("otter", "otter.test_files"):
        stand_in = types.ModuleType("otter.test_files")
        stand_in.test_case = _TestCaseDecorator
        stand_in.test_files = stand_in
        return stand_in
    return __import__(name, globals, locals, fromlist, level)


class _LazyModule(types.ModuleType):
    """keras and tf for test code, imported on first use (the import takes seconds)."""

    def __init__(self, name, module):
        super().__init__(name)
        self._module_name = module

    def __getattr__(self, attribute):
        import importlib

        return getattr(importlib.import_module(self._module_name), attribute)


def _test_globals(path):
    test_builtins = dict(vars(builtins))
    test_builtins["__import__"] = _import_for_tests
    return {"__builtins__": test_builtins, "__name__": f"grader_tests.{path.stem}", "__file__": str(path),
            "np": np, "numpy": np, "nnlib": nnlib,
            "keras": _LazyModule("keras", "keras"), "tf": _LazyModule("tf", "tensorflow")}


def _resolve_points(total, explicit):
    """Each case's points, as otter resolves them (a list, a total to share, or 1 shared)."""
    if isinstance(total, list):
        if len(total) != len(explicit):
            raise ValueError("the test file lists points for a different number of cases")
        return [float(p) for p in total]
    given = sum(p for p in explicit if p is not None)
    unset = sum(1 for p in explicit if p is None)
    if total is not None:
        share = (total - given) / unset if unset else 0.0
    else:
        share = 1 / len(explicit) if given == 0 else 0.0
    return [float(share if p is None else p) for p in explicit]


def load_questions(folder):
    """Read every test file of ``folder`` (``q1.py``, ``q2.py``, ...) into Questions, in name order."""
    folder = pathlib.Path(folder)
    files = sorted((p for p in folder.glob("*.py") if p.name != "__init__.py"), key=lambda p: _natural_key(p.name))
    if not files:
        raise FileNotFoundError(f"no test files in {folder}")
    return [_load_test_file(path) for path in files]


_TEST_SOURCES = {}  # test file -> its lines, read once: failure messages quote them


def _load_test_file(path):
    source = path.read_text(encoding="utf-8")
    _TEST_SOURCES[str(path)] = source.splitlines()
    namespace = _test_globals(path)
    exec(compile(source, str(path), "exec"), namespace)
    name = namespace.get("name") or namespace.get("test", {}).get("name") or path.stem
    if namespace.get("OK_FORMAT"):
        spec = namespace["test"]
        raw = [c for suite in spec["suites"] for c in suite["cases"]]
        points = _resolve_points(spec.get("points"), [c.get("points") for c in raw])
        cases = [Case(f"{name} - {i}", bool(c.get("hidden")), p, _doctest_runner(c["code"], path, namespace),
                      c.get("failure_message"))
                 for i, (c, p) in enumerate(zip(raw, points), start=1)]
        return Question(name, cases)
    found = [v for v in namespace.values() if isinstance(v, _TestCaseDecorator)]
    points = _resolve_points(namespace.get("points"), [t.points for t in found])
    cases = []
    for i, (test, p) in enumerate(zip(found, points), start=1):
        cases.append(Case(test.name or f"{name} - {i}", bool(test.hidden), p, _function_runner(test.func),
                          test.failure_message))
    return Question(name, cases)


def _global_names(code):
    """The global names a piece of test code reads, its nested functions and comprehensions included."""
    names = set()
    for instruction in dis.get_instructions(code):
        if instruction.opname in ("LOAD_GLOBAL", "LOAD_NAME"):
            names.add(instruction.argval)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _global_names(const)
    return names


def _student_names(names, test_globals):
    """The names test code reads that only the submission can define.

    Never a builtin: a submission that defines its own ``float`` or ``len`` must not have it called
    by the test in place of Python's.
    """
    return {n for n in names if n not in test_globals and n not in _BUILTIN_NAMES}


_BUILTIN_NAMES = frozenset(dir(builtins))


def _import_what_it_imports(code):
    """Import now the modules a test imports when it runs, before any submission could alter them."""
    import importlib

    for instruction in dis.get_instructions(code):
        if instruction.opname == "IMPORT_NAME" and instruction.argval:
            try:  # TensorFlow writes start-up lines to the stderr descriptor before reading any setting
                with _stderr_fd_silenced():
                    importlib.import_module(instruction.argval)
            except ImportError:
                pass  # the test will fail with the same error when it runs
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            _import_what_it_imports(const)


def _function_runner(func):
    """An exception-based test: call it with the student's names as arguments and as globals."""
    import inspect

    _import_what_it_imports(func.__code__)
    parameters = list(inspect.signature(func).parameters)
    wanted = _student_names(_global_names(func.__code__), func.__globals__) | set(parameters)

    def run(student):
        values = student.fetch(n for n in wanted if n != "env")
        test_globals = dict(func.__globals__)
        test_globals.update((k, v) for k, v in values.items() if v is not _MISSING)
        bound = types.FunctionType(func.__code__, test_globals, func.__name__, func.__defaults__,
                                   func.__closure__)
        arguments = {p: student if p == "env" else (None if values[p] is _MISSING else values[p])
                     for p in parameters}
        bound(**arguments)

    return run


def _doctest_runner(code, path, file_globals):
    """An OK-format case: its doctest, run here with the student's names as globals."""
    test = doctest.DocTestParser().get_doctest(code, {}, "case", str(path), 0)
    wanted = set()
    for example in test.examples:
        try:
            code = compile(example.source, "<case>", "exec")
        except SyntaxError:
            continue
        wanted |= _global_names(code)
        _import_what_it_imports(code)

    def run(student):
        values = student.fetch(_student_names(wanted, file_globals))
        test.globs = dict(file_globals, **{k: v for k, v in values.items() if v is not _MISSING})
        output = io.StringIO()
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        runner.run(test, out=output.write, clear_globs=True)
        if runner.failures:
            raise AssertionError(output.getvalue().split("*" * 20)[-1].strip()[-1500:])

    return run


# --- the submission's process --------------------------------------------------------------------


_MISSING = object()


class SubmissionStopped(Exception):
    """The submission's process is gone (killed for time or memory, or it exited)."""


class StudentError(Exception):
    """A student's function raised, or returned something that cannot travel over the channel."""


class StudentFunction(FunctionRef):
    """A student's function as test code sees it: calling it calls it in the submission's process."""

    def __init__(self, submission, name):
        super().__init__(name)
        self._submission = submission

    def __call__(self, *args, **kwargs):
        return self._submission.call(self.name, args, kwargs)

    def __repr__(self):
        return f"<the submission's function {self.name}>"


def _library_snapshot():
    """nnlib and the worker as they are now, written into each submission's own directory later."""
    files = {}
    for package in (pathlib.Path(nnlib.__file__).parent, pathlib.Path(_worker.__file__).parent):
        for path in package.rglob("*.py"):
            if package.name == "exercises" and path.name not in ("__init__.py", "_worker.py"):
                continue
            files[f"{package.name}/{path.relative_to(package).as_posix()}"] = path.read_bytes()
    files.setdefault("exercises/__init__.py", b"")
    return files


def _group_rss(pgid):
    """Resident memory of every process in the group, in bytes (0 where /proc cannot tell)."""
    total = 0
    page = os.sysconf("SC_PAGE_SIZE")
    try:
        entries = os.listdir("/proc")
    except OSError:
        return 0
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            if int(fields[2]) != pgid:  # fields[2] is the process group
                continue
            with open(f"/proc/{entry}/statm") as f:
                total += int(f.read().split()[1]) * page
        except (OSError, IndexError, ValueError):
            continue
    return total


class Submission:
    """One submission running in its own worker process, in its own temporary directory."""

    def __init__(self, notebook_bytes, filename, library, timeout=TIMEOUT, memory_mb=MEMORY_MB,
                 output_cap=OUTPUT_CAP):
        self.memory = memory_mb * 2**20
        self.problems = []  # what the notebook's run went through: cells that raised, output dropped
        self.stopped = None  # why the process is gone, once it is
        self.deadline = time.monotonic() + timeout
        self.timeout = timeout
        self.directory = pathlib.Path(tempfile.mkdtemp(prefix="grade-"))
        lib, work = self.directory / "lib", self.directory / "work"
        for relative, data in library.items():
            (lib / relative).parent.mkdir(parents=True, exist_ok=True)
            (lib / relative).write_bytes(data)
        work.mkdir()
        notebook = work / filename
        notebook.write_bytes(notebook_bytes)
        self.sock, theirs = socket.socketpair()
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
        env.update(PYTHONPATH=str(lib), PYTHONDONTWRITEBYTECODE="1", PYTHONHASHSEED="0", MPLBACKEND="Agg",
                   TF_CPP_MIN_LOG_LEVEL="3", TF_ENABLE_ONEDNN_OPTS="0", KERAS_BACKEND="tensorflow",
                   CUDA_VISIBLE_DEVICES="", OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
        with open(self.directory / "stdout.txt", "wb") as out, open(self.directory / "stderr.txt", "wb") as err:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "exercises._worker", str(notebook), str(theirs.fileno()),
                 str(output_cap), str(self.memory), str(FILE_SIZE_CAP)],
                cwd=work, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                pass_fds=[theirs.fileno()], start_new_session=True)
        theirs.close()

    # The channel, watched: every wait checks the clock, the process and its memory.

    def _receive(self, deadline, what):
        while True:
            now = time.monotonic()
            if now >= deadline:
                self.stop(f"timeout: {what} took longer than {self._budget:g} s")
            readable, _, _ = select.select([self.sock], [], [], min(0.2, deadline - now))
            if readable:
                self.sock.settimeout(max(0.5, deadline - time.monotonic()))
                try:
                    return receive(self.sock)
                except (ChannelError, OSError) as error:
                    try:  # a hang-up is most often the process ending: say how it ended
                        code = self.process.wait(timeout=1)
                    except subprocess.TimeoutExpired:
                        code = None
                    if code is not None:
                        self.stop(f"the process exited during {what} (exit code {code})")
                    self.stop(f"the channel broke during {what} ({error})")
            if _group_rss(self.process.pid) > self.memory:
                self.stop(f"memory limit: more than {self.memory // 2**20} MB during {what}")
            if self.process.poll() is not None:
                self.stop(f"the process exited during {what} (exit code {self.process.returncode})")

    def stop(self, reason):
        """Kill the whole process group and remember why; raises SubmissionStopped."""
        if self.stopped is None:
            self.stopped = reason
            self.kill()
        raise SubmissionStopped(self.stopped)

    def kill(self):
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.process.wait()

    def run_notebook(self):
        """Wait for the notebook's cells to run; record which cells raised."""
        self._budget = self.timeout
        header, _ = self._receive(self.deadline, "the notebook")
        errors = header.get("errors") if header.get("op") == "ready" else None
        if not isinstance(errors, list):
            self.stop("the channel broke: the worker did not report on the notebook")
        self.cell_errors = [f"cell {e.get('cell')} raised {_one_line(e.get('error'))}" for e in errors
                            if isinstance(e, dict)]
        if self.cell_errors:
            memory = [e for e in self.cell_errors if "MemoryError" in e]
            first = memory[0] if memory else self.cell_errors[0]
            more = len(self.cell_errors) - 1
            prefix = f"memory limit ({self.memory // 2**20} MB): " if memory else ""
            self.problems.append(prefix + first + (f" (and {more} more)" if more else ""))
        if header.get("output_truncated"):
            self.problems.append(f"output past {OUTPUT_CAP // 2**20} MB was discarded")

    def request(self, header, blobs=(), what="a test"):
        if self.stopped:
            raise SubmissionStopped(f"the submission's process was stopped earlier ({self.stopped})")
        self.sock.settimeout(max(0.1, self.test_deadline - time.monotonic()))
        try:
            send(self.sock, header, blobs)
        except OSError:  # it hung up, or stopped reading
            try:
                code = self.process.wait(timeout=1)
            except subprocess.TimeoutExpired:
                self.stop(f"timeout: {what} took longer than {self._budget:g} s")
            self.stop(f"the process exited during {what} (exit code {code})")
        reply, reply_blobs = self._receive(self.test_deadline, what)
        return reply, reply_blobs

    def start_test(self, name, timeout):
        self.test_name, self._budget = name, timeout
        self.test_deadline = time.monotonic() + timeout

    def _value(self, name, reply, blobs):
        kind = reply.get("kind")
        if kind == "value":
            return decode(reply.get("value"), blobs)
        if kind == "missing":
            raise NameError(f"name {name!r} is not defined in the submission")
        if kind == "unreadable":
            raise StudentError(f"{name} gave {reply.get('error')}, which the grader cannot read: "
                               "use numpy arrays, numbers, strings, lists, tuples or dicts")
        if kind == "error":
            raise StudentError(f"{name} raised {reply.get('error')}")
        raise ChannelError(f"an unexpected reply {str(reply)[:100]}")

    def get(self, name):
        """The student's ``name``: its value, a StudentFunction, or _MISSING."""
        reply, blobs = self.request({"op": "get", "name": name}, what=f"test {self.test_name}")
        if reply.get("kind") == "function":
            return StudentFunction(self, name)
        if reply.get("kind") == "missing":
            return _MISSING
        try:
            return self._value(name, reply, blobs)
        except ChannelError as error:
            self.stop(f"the channel broke ({error})")

    def call(self, name, args, kwargs):
        blobs = []
        try:
            header = {"op": "call", "name": name, "args": encode(list(args), blobs),
                      "kwargs": encode(dict(kwargs), blobs)}
        except _worker.Unencodable as error:
            raise TypeError(f"the grader cannot pass {error} to the submission's {name}") from None
        reply, reply_blobs = self.request(header, blobs, what=f"test {self.test_name}")
        try:
            return self._value(f"{name}(...)", reply, reply_blobs)
        except ChannelError as error:
            self.stop(f"the channel broke ({error})")

    def fetch(self, names):
        return {name: self.get(name) for name in names}

    # ``env`` for test functions that take it: the student's names, fetched on use.
    def __getitem__(self, name):
        value = self.get(name)
        if value is _MISSING:
            raise KeyError(name)
        return value

    def __contains__(self, name):
        return self.get(name) is not _MISSING

    def close(self):
        if self.stopped is None:
            try:
                send(self.sock, {"op": "bye"})
                self.process.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                pass
        self.kill()  # whatever the submission left running goes with its group
        self.sock.close()
        try:  # the end of what it wrote to stderr (tracebacks), for the feedback
            with open(self.directory / "stderr.txt", "rb") as f:
                f.seek(max(0, f.seek(0, 2) - LOG_TAIL))
                self.log = f.read().decode("utf-8", "replace")
        except OSError:
            self.log = ""
        shutil.rmtree(self.directory, ignore_errors=True)


# --- grading ---------------------------------------------------------------------------------------


@dataclasses.dataclass
class CaseResult:
    question: str
    name: str
    hidden: bool
    points: float
    passed: bool
    message: str = ""
    hint: str = None


@dataclasses.dataclass
class Result:
    submission: str
    scores: dict  # question -> points earned
    possible: dict  # question -> points available
    status: str
    cases: list
    log: str = ""  # the end of the submission's stderr when something went wrong (tracebacks)

    @property
    def total(self):
        return sum(self.scores.values())

    @property
    def total_possible(self):
        return sum(self.possible.values())


def _failure_message(error):
    """What a failing public test tells the student: the failing line of the test, and the error."""
    text = f"{type(error).__name__}: {error}".strip().rstrip(":")
    where, traceback = None, error.__traceback__
    while traceback is not None:  # the innermost frame that belongs to a test file
        if str(traceback.tb_frame.f_globals.get("__name__")).startswith("grader_tests."):
            where = (traceback.tb_frame.f_code.co_filename, traceback.tb_lineno)
        traceback = traceback.tb_next
    lines = _TEST_SOURCES.get(where[0], []) if where else []
    if where and 0 < where[1] <= len(lines):
        text = f"{lines[where[1] - 1].strip()}\n{text}"
    return text


def _run_case(submission, question, case, test_timeout):
    submission.start_test(case.name, test_timeout)
    try:
        case.run(submission)
    except SubmissionStopped as error:
        return CaseResult(question.name, case.name, case.hidden, case.points, False, str(error))
    except Exception as error:
        return CaseResult(question.name, case.name, case.hidden, case.points, False,
                          _failure_message(error), case.failure_message)
    return CaseResult(question.name, case.name, case.hidden, case.points, True)


def _read_notebook(path):
    """The file's bytes if it is a notebook the worker can run, else raise ValueError with why."""
    size = path.stat().st_size
    if size > MAX_NOTEBOOK:
        raise ValueError(f"the file is {size / 2**20:.0f} MB (the limit is {MAX_NOTEBOOK // 2**20} MB)")
    data = path.read_bytes()
    try:
        notebook = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ValueError("the file is not JSON") from None
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        raise ValueError("the file is JSON but has no list of cells")
    for cell in notebook["cells"]:
        if not isinstance(cell, dict) or not isinstance(cell.get("source", ""), (str, list)):
            raise ValueError("a cell of the notebook is malformed")
    return data


MAX_RUNS = 3  # a submission stopped during a test is started again for the next test, this often


def grade_submission(exercise_set, path, timeout=TIMEOUT, test_timeout=TEST_TIMEOUT, memory_mb=MEMORY_MB,
                     library=None):
    """Grade one notebook against a set (a name from exercises/sets.py, a tests folder, or a loaded set).

    Returns a Result: points per question, the status (``ok`` or why not) and each case's outcome.
    A test that stops the process (a time-out, the memory limit, an exit) fails, and the remaining
    tests run in a fresh process that runs the notebook again, up to MAX_RUNS processes in all.
    """
    chosen = load_set(exercise_set)
    library = library or _library_snapshot()
    path = pathlib.Path(path)
    possible = {q.name: q.points for q in chosen.questions}
    scores = dict.fromkeys(possible, 0.0)
    try:
        data = _read_notebook(path)
    except (OSError, ValueError) as error:
        return Result(path.stem, scores, possible, f"not a notebook: {error}", [])
    pending = [(q, c) for q in chosen.questions for c in q.cases]
    results, problems, log = [], [], ""
    for run in range(MAX_RUNS):
        submission = Submission(data, path.name, library, timeout=timeout, memory_mb=memory_mb)
        try:
            submission.run_notebook()
            while pending and not submission.stopped:
                question, case = pending.pop(0)
                results.append(_run_case(submission, question, case, test_timeout))
        except SubmissionStopped:
            pass  # the notebook itself did not finish: there is nothing to test
        finally:
            submission.close()
        if run == 0:
            problems += submission.problems
        if submission.stopped:
            problems.append(submission.stopped)
        if submission.problems or submission.stopped:
            log = submission.log
        if not pending or not results:  # done, or the notebook cannot be run at all
            break
    if results:  # tests left when the last process was stopped
        results += [CaseResult(q.name, c.name, c.hidden, c.points, False, f"not run: {problems[-1]}")
                    for q, c in pending]
    for result in results:
        if result.passed:
            scores[result.question] += result.points
    return Result(path.stem, scores, possible, "; ".join(problems) or "ok", results, log)


def feedback(result, set_name=""):
    """The text a student gets: score, status, and per question which tests passed.

    A failing public test shows its failing line, the error and its hint; hidden tests are only
    counted, never shown.
    """
    lines = [f"Submission: {result.submission}", f"Exercise set: {set_name}",
             f"Score: {_number(result.total)} / {_number(result.total_possible)}", f"Status: {result.status}", ""]
    for question, possible in result.possible.items():
        cases = [c for c in result.cases if c.question == question]
        passed = bool(cases) and all(c.passed for c in cases)
        lines.append(f"{question}: {_number(result.scores[question])} / {_number(possible)} points, "
                     f"{'passed' if passed else 'failed'}")
        if not cases:
            lines.append("  not tested: the notebook did not run to the end (see the status)")
        for kind, group in (("public", [c for c in cases if not c.hidden]), ("hidden", [c for c in cases if c.hidden])):
            if group:
                lines.append(f"  {kind} tests: {sum(c.passed for c in group)} of {len(group)} passed")
        for case in cases:
            if not case.hidden and not case.passed:
                lines.append(f"  public test {case.name} failed:")
                lines += ["    " + line for line in case.message.splitlines()]
                if case.hint:
                    lines.append(f"    Hint: {case.hint}")
    if result.log.strip():
        lines += ["", "The end of what your notebook wrote to stderr:", result.log.rstrip()]
    return "\n".join(lines) + "\n"


class _Progress:
    """A one-line progress bar on the terminal (nothing when stderr is not a terminal)."""

    def __init__(self, total, stream=sys.stderr):
        self.total, self.done, self.stream = total, 0, stream
        self.live = stream.isatty()
        self.started = time.monotonic()
        self._draw("")

    def update(self, label):
        self.done += 1
        self._draw(label)

    def _draw(self, label):
        if self.live:
            width = 30
            filled = width * self.done // max(self.total, 1)
            elapsed = time.monotonic() - self.started
            self.stream.write(f"\rgrading [{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} "
                              f"{elapsed:5.0f} s  {label[:30]:<30}")
            self.stream.flush()

    def close(self):
        if self.live:
            self.stream.write("\n")


def grade_folder(exercise_set, folder, out=None, timeout=TIMEOUT, test_timeout=TEST_TIMEOUT,
                 memory_mb=MEMORY_MB, jobs=1, progress=False):
    """Grade every .ipynb in ``folder``; write grades.csv and feedback/ under ``out`` when given.

    The tests and the library copies are read once, before the first submission runs.
    """
    paths = sorted(pathlib.Path(folder).glob("*.ipynb"), key=lambda p: _natural_key(p.name))
    bar = _Progress(len(paths)) if progress else None
    chosen = load_set(exercise_set)
    library = _library_snapshot()
    results = {}
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = {pool.submit(_grade_safely, chosen, p, timeout, test_timeout, memory_mb, library): p
                   for p in paths}
        for future in as_completed(futures):
            results[futures[future]] = future.result()
            if bar:
                bar.update(futures[future].stem)
    if bar:
        bar.close()
    ordered = [results[p] for p in paths]
    if out is not None:
        write_outputs(chosen, ordered, out)
    return ordered


def _grade_safely(chosen, path, timeout, test_timeout, memory_mb, library):
    try:
        return grade_submission(chosen, path, timeout, test_timeout, memory_mb, library)
    except Exception as error:  # a fault of the grader itself: the row is still written
        possible = {q.name: q.points for q in chosen.questions}
        return Result(path.stem, dict.fromkeys(possible, 0.0), possible,
                      f"grader error: {type(error).__name__}: {error}", [])


def _number(x):
    return f"{round(x, 6):g}"


def _one_line(text, limit=300):
    """Text from the submission's process, made one short line for the status column."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _spreadsheet_safe(text):
    """A cell a spreadsheet will not read as a formula (names and messages come from students)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def write_outputs(chosen, results, out):
    out = pathlib.Path(out)
    (out / "feedback").mkdir(parents=True, exist_ok=True)
    names = [q.name for q in chosen.questions]
    with open(out / "grades.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["submission", *names, "total", "possible", "status"])
        for result in results:
            writer.writerow([_spreadsheet_safe(result.submission), *(_number(result.scores[n]) for n in names),
                             _number(result.total), _number(result.total_possible),
                             _spreadsheet_safe(result.status)])
    for result in results:
        (out / "feedback" / f"{result.submission}.txt").write_text(feedback(result, chosen.name), encoding="utf-8")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m exercises.grade", description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", action="store_true", help="list the sets: name, student form, solution")
    parser.add_argument("name", nargs="?", help="the exercise set (see --list)")
    parser.add_argument("submissions", nargs="?", help="the folder of submitted .ipynb files")
    parser.add_argument("--out", help="where grades.csv and feedback/ are written")
    parser.add_argument("--timeout", type=float, default=TIMEOUT, help=f"seconds for a notebook (default {TIMEOUT})")
    parser.add_argument("--test-timeout", type=float, default=TEST_TIMEOUT,
                        help=f"seconds for one test (default {TEST_TIMEOUT})")
    parser.add_argument("--memory", type=int, default=MEMORY_MB, help=f"MB per submission (default {MEMORY_MB})")
    parser.add_argument("--jobs", type=int, default=1, help="submissions graded in parallel (default 1)")
    args = parser.parse_args(argv)
    if args.list:
        for name, entry in exercise_sets().items():
            print(f"{name}\t{entry.student}\t{entry.solution}")
        return 0
    if not (args.name and args.submissions and args.out):
        parser.error("give NAME SUBMISSIONS_DIR --out OUT_DIR, or --list")
    if not pathlib.Path(args.submissions).is_dir():
        parser.error(f"{args.submissions} is not a folder")
    started = time.monotonic()
    try:
        chosen = load_set(args.name)
    except KeyError as error:
        parser.error(error.args[0])
    results = grade_folder(chosen, args.submissions, args.out, args.timeout, args.test_timeout,
                           args.memory, args.jobs, progress=True)
    ok = sum(r.status == "ok" for r in results)
    print(f"graded {len(results)} submissions in {time.monotonic() - started:.1f} s ({ok} ok); "
          f"wrote {pathlib.Path(args.out) / 'grades.csv'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
