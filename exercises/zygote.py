"""A warmed parent that forks one fresh worker per submission, so TensorFlow starts once per class.

    python -m exercises.zygote FD [MODULE ...]      (started by exercises/sandbox.py, never by hand)

Why: a fresh ``python -m exercises.worker`` per submission spends most of its life importing numpy,
TensorFlow and Keras (every notebook of the book imports the last two through
``nnlib.setup_notebook``): seconds per submission, where running the notebook and its tests takes a
fraction of one. The zygote imports the worker and the MODULEs once, then, asked by the grader,
forks a child per submission that becomes exactly what ``python -m exercises.worker`` was.

What the child keeps of the old worker, and why the isolation is the same
-------------------------------------------------------------------------
- It is a new process for each submission, never reused: what one submission does to its
  interpreter dies with it. Its memory is a copy of the zygote's; nothing it writes reaches the
  zygote, the grader or another submission.
- It starts a new session, so it has its own process group, which the grader kills as a whole; the
  zygote answers the grader only once the group exists.
- It keeps no descriptor of the zygote's channel to the grader (closed before any student code
  runs): its only link to anyone is its own channel, on which the grader asks it for data, as before.
  Its stdin is /dev/null and its stdout/stderr are the files the grader opened for it.
- It sets its own limits (``exercises.worker.limit_resources``) before any student code runs, and
  the grader watches its group's memory and time as it watched the old worker's.
- It imports nnlib (and anything not preloaded) from its own copy of the library, in its own
  directory: the modules the zygote loaded from its own copy are pointed at the child's copy first.

And one thing the old worker did not have: the zygote is a "child subreaper" (Linux's
PR_SET_CHILD_SUBREAPER), so a process that a submission started and left behind, even one that
left its process group (setsid) to survive the group's kill, becomes the zygote's child when its
parent dies; the zygote kills every such orphan when a worker ends and when it exits. So nothing a
submission starts outlives it by more than that, to rewrite grades.csv or results.json after the
grader wrote them, or to slow down the next submissions.

Forking a process that has threads is unsafe (a lock another thread held at the fork stays locked
in the child), and TensorFlow starts thread pools when it first runs an operation. So the zygote
imports and runs nothing else, checks that it has one thread before every fork, and refuses to fork
otherwise; the grader then starts fresh workers instead. The zygote is started with one thread each
for OpenBLAS, OpenMP and MKL, as the worker is, so numpy starts none.

The protocol (exercises/worker.py's framing: a length, a JSON header, blobs), one request at a time:
each request is one byte, carrying descriptors for a spawn, then a header. ``{"op": "spawn", "cwd":
WORK, "lib": LIB, "args": [NOTEBOOK, OUTPUT_CAP, MEMORY, FILE_SIZE]}`` with the child's channel, its
stdout and its stderr answers ``{"pid": N}``; ``{"op": "poll", "pid": N}`` answers ``{"code": C}``,
C being the exit code (negative: the signal) once the child has ended, and null while it runs. A child
is reaped only when the grader polls it, so its pid (and its process group) stay its own until then,
as a subprocess.Popen's do. The zygote exits when the grader hangs up.
"""
import importlib
import os
import socket
import sys
import threading
import time

from exercises import worker
from exercises.worker import ChannelError, receive, send

REPLY_TIMEOUT = 60  # seconds the grader waits for an answer to one request
START_TIMEOUT = 300  # seconds the grader waits for the zygote's imports (TensorFlow, on a busy machine)


class ZygoteError(Exception):
    """The warmed parent cannot start, or stopped answering: the grader starts a fresh worker instead."""


# --- the zygote's side -------------------------------------------------------------------------


def thread_count():
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return threading.active_count()


def main(argv):
    control = socket.socket(fileno=int(argv[0]))
    _become_subreaper()
    for name in argv[1:]:
        importlib.import_module(name)  # imports only: running anything could start threads
    send(control, {"op": "ready", "threads": thread_count(), "pid": os.getpid()})
    workers = set()  # the children it forked that the grader has not seen end
    while True:
        try:
            _, fds, _, _ = socket.recv_fds(control, 1, 3)
            request, _ = receive(control)
        except (OSError, ChannelError):
            _sweep(keep=())  # the grader hung up (it is done, or gone): nothing of ours lives on
            return
        try:
            if request.get("op") == "spawn" and len(fds) == 3:
                reply = {"pid": _spawn(request, fds, control)}
                workers.add(reply["pid"])
            elif request.get("op") == "poll" and int(request["pid"]) in workers:
                reply = {"code": _poll(int(request["pid"]))}
                if reply["code"] is not None:
                    workers.discard(int(request["pid"]))
                    _sweep(keep=workers)
            else:
                reply = {"error": f"unexpected request {str(request)[:100]}"}
        except Exception as error:
            reply = {"error": f"{type(error).__name__}: {error}"}
        finally:
            for fd in fds:
                os.close(fd)  # the child has its own copies; the next child must not get these
        send(control, reply)


def _become_subreaper():
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        pass  # not Linux: orphans go to init, as they did before


def stat_fields(pid):
    """The fields of /proc/PID/stat after the command's name: [state, parent, group, ...] as
    strings, or None where the process is gone or the file cannot be read (not Linux)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def processes():
    """The pids of every process /proc lists (none where there is no /proc)."""
    try:
        return [int(entry) for entry in os.listdir("/proc") if entry.isdigit()]
    except OSError:
        return []


def _children():
    me = str(os.getpid())
    return [pid for pid in processes() if (stat_fields(pid) or [None, None])[1] == me]  # the parent


def _sweep(keep):
    """Kill and reap every child but the workers in ``keep``: orphans that submissions left behind."""
    for _ in range(100):  # killing one may orphan its own children to us: again, until none is left
        orphans = [pid for pid in _children() if pid not in keep]
        if not orphans:
            return
        for pid in orphans:
            try:
                os.kill(pid, 9)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass


def _poll(pid):
    try:
        done, status = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return "unknown"
    return os.waitstatus_to_exitcode(status) if done else None


def _spawn(request, fds, control):
    threads = thread_count()
    if threads != 1:
        raise ZygoteError(f"the zygote has {threads} threads: forking it is not safe")
    sys.stdout.flush()
    sys.stderr.flush()
    ready_r, ready_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(ready_r)
        _child(request, fds, control, ready_w)  # never returns
    os.close(ready_w)
    os.read(ready_r, 1)  # the child has its own session (or is gone): its group can be killed
    os.close(ready_r)
    return pid


def _child(request, fds, control, ready_w):
    """Become ``python -m exercises.worker`` for one submission; exits, never returns."""
    code = 1
    try:
        os.setsid()
        os.write(ready_w, b"x")
        os.close(ready_w)
        os.close(control.detach())  # the zygote's channel to the grader is no concern of a submission
        channel, out, err = fds
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(out, 1)
        os.dup2(err, 2)
        for fd in (null, out, err):
            os.close(fd)
        work, lib = request["cwd"], request["lib"]
        os.chdir(work)
        _move_library(os.environ["PYTHONPATH"], lib)
        os.environ["PYTHONPATH"] = lib
        sys.path[0] = work  # as `python -m` run in the submission's folder has it
        notebook, output_cap, memory, file_size = request["args"]
        sys.argv = [worker.__file__, notebook, str(channel), output_cap, memory, file_size]
        worker.main(sys.argv[1:])
        code = 0
    except SystemExit as error:
        code = error.code if isinstance(error.code, int) else (0 if error.code is None else 1)
    except BaseException:  # noqa: B036 - as an uncaught exception ends `python -m`: exit code 1
        try:
            sys.__excepthook__(*sys.exc_info())
        except BaseException:  # noqa: B036, S110 - the student may have broken even that
            pass
    finally:
        try:
            sys.stdout.flush()
        except BaseException:  # noqa: B036, S110
            pass
        os._exit(code)  # threads or atexit handlers the submission left behind do not keep it alive


def _move_library(old, new):
    """Point the modules the zygote imported from its copy of the library (``old``) at ``new``.

    Then what the child imports later, and any file it finds through ``__file__`` or ``__path__``,
    is in its own copy, which nothing else uses.
    """
    sys.path[:] = [new if entry == old else entry for entry in sys.path]
    sys.path_importer_cache.clear()
    importlib.invalidate_caches()

    def moved(path):
        return new + path[len(old):] if isinstance(path, str) and path.startswith(old + os.sep) else path

    for module in list(sys.modules.values()):
        file = getattr(module, "__file__", None)
        if moved(file) == file:
            continue
        module.__file__ = moved(file)
        if isinstance(getattr(module, "__path__", None), list):
            module.__path__[:] = [moved(p) for p in module.__path__]
        spec = getattr(module, "__spec__", None)
        if spec is not None:
            spec.origin = moved(spec.origin)
            if isinstance(spec.submodule_search_locations, list):
                spec.submodule_search_locations[:] = [moved(p) for p in spec.submodule_search_locations]
        loader = getattr(module, "__loader__", None)
        if hasattr(loader, "path"):
            loader.path = moved(loader.path)


# --- the grader's side -------------------------------------------------------------------------


class Zygote:
    """The grader's handle on one warmed parent: ``spawn`` forks a worker, ``poll`` reaps it."""

    def __init__(self, directory, env, preload=()):
        """Start ``python -m exercises.zygote`` in ``directory`` (holding ``lib/``) with ``env``.
        The Zygote owns ``directory``: closing it, or failing to start, removes it."""
        import subprocess

        self.directory = directory
        self.lock = threading.Lock()
        self.sock, theirs = socket.socketpair()
        with open(directory / "zygote.log", "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "exercises.zygote", str(theirs.fileno()), *preload],
                cwd=directory, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                pass_fds=[theirs.fileno()], start_new_session=True)
        theirs.close()
        try:
            ready = self._answer(START_TIMEOUT)
        except ZygoteError:
            self.close()
            raise
        if ready.get("threads") != 1:
            self.close()
            raise ZygoteError(f"the zygote has {ready.get('threads')} threads after its imports: "
                              "forking it would not be safe")

    def _answer(self, timeout):
        self.sock.settimeout(timeout)
        try:
            reply, _ = receive(self.sock)
        except (OSError, ChannelError) as error:
            self.kill()
            raise ZygoteError(f"the zygote stopped answering ({error}){self._log_tail()}") from None
        if "error" in reply:
            raise ZygoteError(reply["error"])
        return reply

    def _log_tail(self):
        try:
            text = (self.directory / "zygote.log").read_bytes()[-2000:].decode("utf-8", "replace").strip()
        except OSError:
            return ""
        return f": {text}" if text else ""

    def spawn(self, channel, stdout, stderr, work, lib, args):
        """Fork a worker for one submission; its descriptors are passed, not inherited. A ForkedProcess."""
        with self.lock:
            try:
                self.sock.settimeout(REPLY_TIMEOUT)
                socket.send_fds(self.sock, [b"\0"], [channel, stdout, stderr])
                send(self.sock, {"op": "spawn", "cwd": str(work), "lib": str(lib), "args": [str(a) for a in args]})
            except OSError as error:
                self.kill()
                raise ZygoteError(f"the zygote is gone ({error})") from None
            reply = self._answer(REPLY_TIMEOUT)
        return ForkedProcess(self, int(reply["pid"]))

    def poll(self, pid):
        """The child's exit code once it has ended, else None ("unknown" if the zygote died first)."""
        with self.lock:
            if self.process.poll() is None:
                try:
                    self.sock.settimeout(REPLY_TIMEOUT)
                    self.sock.sendall(b"\0")
                    send(self.sock, {"op": "poll", "pid": pid})
                    return self._answer(REPLY_TIMEOUT)["code"]
                except (OSError, ZygoteError):
                    pass
        # The zygote is gone (a submission may kill it): its children now belong to init.
        fields = stat_fields(pid)
        return "unknown" if fields is None or fields[0] in ("Z", "X") else None

    def alive(self):
        return self.process.poll() is None

    def kill(self):
        try:
            self.process.kill()
        except OSError:
            pass
        self.process.wait()

    def close(self):
        """Hang up: the zygote exits (its children, if any, are their graders' to end), and its
        directory goes."""
        import shutil

        self.sock.close()
        try:
            self.process.wait(timeout=5)
        except Exception:
            self.kill()
        shutil.rmtree(self.directory, ignore_errors=True)


class ForkedProcess:
    """What sandbox.Submission needs of a subprocess.Popen, for a worker forked by a Zygote."""

    def __init__(self, zygote, pid):
        self.zygote, self.pid, self.returncode = zygote, pid, None

    def poll(self):
        if self.returncode is None:
            self.returncode = self.zygote.poll(self.pid)
        return self.returncode

    def wait(self, timeout=None):
        import subprocess

        end = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if end is not None and time.monotonic() >= end:
                raise subprocess.TimeoutExpired(f"worker {self.pid}", timeout)
            time.sleep(0.005)
        return self.returncode


if __name__ == "__main__":
    main(sys.argv[1:])
