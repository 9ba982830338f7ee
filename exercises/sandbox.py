"""One submission's own process, its limits, and the channel the grader asks it for data through.

The submission runs in a worker process (exercises/worker.py) and is only ever asked for *data* (see
exercises/grade.py for why). The worker is forked from a warmed parent that imported numpy, and
TensorFlow and Keras where the set's notebooks import them, once for the whole class
(exercises/zygote.py, which says why the isolation is the same); with ``preload=None``, or where no
parent can be warmed, it is a fresh ``python -m exercises.worker``, as it always was before. Each
submission gets
- a fresh process in a new process group, killed as a group after ``--timeout`` seconds for the
  notebook and after ``--test-timeout`` seconds for any one test;
- a memory limit: RLIMIT_DATA set in the worker before any student code (an over-large allocation
  raises MemoryError in its cell; RLIMIT_AS cannot be used, TensorFlow reserves gigabytes of address
  space at import), and the group's resident memory watched from here, killing it past the limit;
- its own temporary directory holding a copy of its notebook and a copy of nnlib and the worker,
  taken when grading starts (``library_snapshot``): a submission that rewrites or deletes files in the
  repository cannot change what the next one imports or is tested with. The tests, and the modules
  they import, are read into memory before the first submission runs, and never sent to the worker;
- capped output: stdout and stderr go to files (never to the channel), Python-level writes past
  OUTPUT_CAP are dropped and RLIMIT_FSIZE stops direct writes to the file descriptors;
- when forked from a warmed parent, no process it leaves behind outliving it: the parent kills any
  that its group's kill missed.

Resource limits and the memory watch are those of Linux (RLIMIT_DATA, /proc).
"""
import atexit
import hashlib
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
import threading
import time

import nnlib
from exercises import worker, zygote
from exercises.worker import ChannelError, FunctionRef, decode, encode, receive, send
from nnlib.notebook import QUIET_TENSORFLOW

TIMEOUT = 120  # seconds for running the notebook's cells
TEST_TIMEOUT = 20  # seconds for one test case
MEMORY_MB = 2048
OUTPUT_CAP = 2**20  # characters of stdout/stderr kept per stream
FILE_SIZE_CAP = 16 * 2**20  # bytes any one file the submission writes may reach
MAX_NOTEBOOK = 32 * 2**20  # bytes: a bigger file is not graded
LOG_TAIL = 3000  # bytes of the end of the submission's stderr kept for its feedback
HEAVY = ("tensorflow", "keras")  # what nnlib.setup_notebook imports: seconds of each worker's start


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


def library_snapshot():
    """nnlib and the worker as they are now, written into each submission's own directory later."""
    files = {}
    for package in (pathlib.Path(nnlib.__file__).parent, pathlib.Path(worker.__file__).parent):
        for path in package.rglob("*.py"):
            if package.name == "exercises" and path.name not in ("__init__.py", "worker.py", "zygote.py"):
                continue
            files[f"{package.name}/{path.relative_to(package).as_posix()}"] = path.read_bytes()
    files.setdefault("exercises/__init__.py", b"")
    return files


def write_library(library, lib):
    for relative, data in library.items():
        (lib / relative).parent.mkdir(parents=True, exist_ok=True)
        (lib / relative).write_bytes(data)


def worker_environment(lib):
    """The environment of a worker (and of the warmed parent it is forked from)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.update(PYTHONPATH=str(lib), PYTHONDONTWRITEBYTECODE="1", PYTHONHASHSEED="0", MPLBACKEND="Agg",
               **QUIET_TENSORFLOW, CUDA_VISIBLE_DEVICES="", OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1",
               MKL_NUM_THREADS="1")
    return env


def preload_for(notebook):
    """What a warmed parent imports for a set whose student form is ``notebook`` (a path, or None).

    TensorFlow and Keras when the form imports them, or runs ``nnlib.setup_notebook`` (which does),
    as every set of the book does in its first cell: every submission would import them anyway, so
    their memory counts against each submission's limit as it always did. Nothing for a set without
    a form (a folder of test files), whose notebooks may not.
    """
    try:
        cells = json.loads(pathlib.Path(notebook).read_text(encoding="utf-8"))["cells"]
    except (TypeError, OSError, ValueError, KeyError):
        return ()
    code = "\n".join("".join(c.get("source", "")) for c in cells if c.get("cell_type") == "code")
    if "setup_notebook(" in code or re.search(r"^\s*(import|from)\s+(tensorflow|keras)\b", code, re.M):
        return HEAVY
    return ()


_zygotes = {}  # (library digest, preload) -> zygote.Zygote, or None where one could not start
_zygotes_lock = threading.Lock()


def warmed_parent(library, preload):
    """The running warmed parent for this library and these modules (started the first time), or None."""
    digest = hashlib.sha256(repr(sorted(library.items())).encode()).hexdigest()
    key = (digest, tuple(preload))
    with _zygotes_lock:
        parent = _zygotes.get(key, False)
        if parent is None:
            return None  # it could not start before: do not wait for it again
        if parent and parent.alive():
            return parent
        if parent:  # a submission killed it: start another
            parent.close()
        directory = pathlib.Path(tempfile.mkdtemp(prefix="grade-zygote-"))
        write_library(library, directory / "lib")
        try:
            parent = zygote.Zygote(directory, worker_environment(directory / "lib"), preload)
        except zygote.ZygoteError as error:
            print(f"the grader starts a fresh worker per submission: {error}", file=sys.stderr)
            parent = None
        _zygotes[key] = parent
        return parent


def warm_up(library, preload):
    """Start the warmed parent in the background (its imports take seconds: overlap them with others')."""
    if preload is not None:
        threading.Thread(target=warmed_parent, args=(library, tuple(preload)), daemon=True).start()


@atexit.register
def close_warmed_parents():
    """Hang up on every warmed parent: each kills what its submissions left running, and exits."""
    if not _zygotes_lock.acquire(timeout=5):  # one is still starting: it exits when this process does
        return
    try:
        for parent in _zygotes.values():
            if parent:
                parent.close()
        _zygotes.clear()
    finally:
        _zygotes_lock.release()


def _start_worker(args, channel, out, err, work, lib, library, preload):
    """The submission's process: forked from a warmed parent, or a fresh ``python -m exercises.worker``.

    ``args`` are the worker's arguments but the channel's descriptor: notebook, output cap, memory
    and file size limits.
    """
    parent = warmed_parent(library, preload) if preload is not None else None
    if parent is not None:
        try:
            return parent.spawn(channel.fileno(), out.fileno(), err.fileno(), work, lib, args)
        except zygote.ZygoteError as error:
            print(f"the grader starts a fresh worker for this submission: {error}", file=sys.stderr)
    return subprocess.Popen(
        [sys.executable, "-m", "exercises.worker", str(args[0]), str(channel.fileno()), *map(str, args[1:])],
        cwd=work, env=worker_environment(lib), stdin=subprocess.DEVNULL, stdout=out, stderr=err,
        pass_fds=[channel.fileno()], start_new_session=True)


def read_notebook(path):
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


def _group_rss(pgid):
    """Resident memory of every process in the group, in bytes (0 where /proc cannot tell)."""
    total = 0
    page = os.sysconf("SC_PAGE_SIZE")
    for pid in zygote.processes():
        fields = zygote.stat_fields(pid)
        if fields is None or fields[2] != str(pgid):  # fields[2] is the process group
            continue
        try:
            with open(f"/proc/{pid}/statm") as f:
                total += int(f.read().split()[1]) * page
        except (OSError, IndexError, ValueError):
            continue
    return total


def _one_line(text, limit=300):
    """Text from the submission's process, made one short line for the status column."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


class Submission:
    """One submission running in its own worker process, in its own temporary directory."""

    def __init__(self, notebook_bytes, filename, library, timeout=TIMEOUT, memory_mb=MEMORY_MB,
                 output_cap=OUTPUT_CAP, preload=()):
        """``preload``: the modules the warmed parent it is forked from imported (``preload_for``);
        None starts a fresh ``python -m exercises.worker`` instead."""
        self.memory = memory_mb * 2**20
        self.problems = []  # what the notebook's run went through: cells that raised, output dropped
        self.stopped = None  # why the process is gone, once it is
        self._budget = timeout  # the seconds allowed for what is awaited now, for the timeout message
        self.test_name = None  # the test case running now, and when its time is up
        self.test_deadline = None
        self.log = ""  # the end of what the process wrote to stderr, read when it is closed
        self.directory = pathlib.Path(tempfile.mkdtemp(prefix="grade-"))
        lib, work = self.directory / "lib", self.directory / "work"
        write_library(library, lib)
        work.mkdir()
        notebook = work / filename
        notebook.write_bytes(notebook_bytes)
        self.sock, theirs = socket.socketpair()
        with open(self.directory / "stdout.txt", "wb") as out, open(self.directory / "stderr.txt", "wb") as err:
            self.process = _start_worker([notebook, output_cap, self.memory, FILE_SIZE_CAP], theirs, out, err,
                                         work, lib, library, preload)
        theirs.close()
        self.deadline = time.monotonic() + timeout  # for the notebook's cells

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
        header, _ = self._receive(self.deadline, "the notebook")
        errors = header.get("errors") if header.get("op") == "ready" else None
        if not isinstance(errors, list):
            self.stop("the channel broke: the worker did not report on the notebook")
        cell_errors = [f"cell {e.get('cell')} raised {_one_line(e.get('error'))}" for e in errors
                       if isinstance(e, dict)]
        if cell_errors:
            memory = [e for e in cell_errors if "MemoryError" in e]
            first = memory[0] if memory else cell_errors[0]
            more = len(cell_errors) - 1
            prefix = f"memory limit ({self.memory // 2**20} MB): " if memory else ""
            self.problems.append(prefix + first + (f" (and {more} more)" if more else ""))
        if header.get("output_truncated"):
            self.problems.append(f"output past {OUTPUT_CAP // 2**20} MB was discarded")

    def start_test(self, name, timeout):
        self.test_name, self._budget = name, timeout
        self.test_deadline = time.monotonic() + timeout

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
        """The student's ``name``: its value, a StudentFunction, or None where it is not defined (as otter)."""
        reply, blobs = self.request({"op": "get", "name": name}, what=f"test {self.test_name}")
        if reply.get("kind") == "function":
            return StudentFunction(self, name)
        if reply.get("kind") == "missing":
            return None
        try:
            return self._value(name, reply, blobs)
        except ChannelError as error:
            self.stop(f"the channel broke ({error})")

    def call(self, name, args, kwargs):
        blobs = []
        try:
            header = {"op": "call", "name": name, "args": encode(list(args), blobs),
                      "kwargs": encode(dict(kwargs), blobs)}
        except worker.Unencodable as error:
            raise TypeError(f"the grader cannot pass {error} to the submission's {name}") from None
        reply, reply_blobs = self.request(header, blobs, what=f"test {self.test_name}")
        try:
            return self._value(f"{name}(...)", reply, reply_blobs)
        except ChannelError as error:
            self.stop(f"the channel broke ({error})")

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
