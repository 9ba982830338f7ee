"""The process that runs one submission for the grader (see exercises/grade.py and exercises/sandbox.py).

    python -m exercises.worker NOTEBOOK FD OUTPUT_CAP MEMORY_BYTES FILE_SIZE_BYTES

It runs the notebook's code cells in order in a fresh namespace, like a kernel would: a cell that
raises is recorded and the next cell still runs (as in otter). Lines that are IPython magics or shell
commands (``%pip ...``, ``!ls``) are replaced by ``pass``; ``import otter`` gets a harmless stand-in
whose checks do nothing. Then it answers the grader's requests on the socket FD, one at a time:

    {"op": "get", "name": N}                 -> the value of the student's name N, or "function"
    {"op": "call", "name": N, "args": [...], "kwargs": [...]}
                                             -> what calling the student's function N returned
    {"op": "bye"}                            -> the worker exits

Requests and replies carry only plain values (None, bool, int, float, str, lists, tuples, dicts) and
numpy arrays in ``.npy`` form (read with ``allow_pickle=False``): never pickles, never code. This
module holds the wire format for both sides; the grader imports ``send``/``receive``/``encode``/
``decode`` from here.

Nothing here is trusted by the grader: the submission runs in this very process and may patch any of
it. That is fine, because the verdict is not computed here: all this process can do is give answers.
"""
import builtins
import io
import json
import os
import signal
import socket
import struct
import tempfile
import sys
import traceback
import types

import numpy as np

# A message is a 4-byte big-endian length, a JSON header of that length, then the binary blobs
# (arrays as .npy bytes) whose sizes the header lists under "blobs".
MAX_HEADER = 16 * 2**20
MAX_BLOBS = 256 * 2**20
MAX_DEPTH = 32


class ChannelError(Exception):
    """The other side sent something that is not a well-formed message, or hung up."""


class Unencodable(TypeError):
    """A value that cannot travel over the channel (it is not an array or a plain value)."""


class FunctionRef:
    """Stands for one of the student's own functions when passed as an argument (the grader's proxy)."""

    def __init__(self, name):
        self.name = name


# --- values <-> JSON trees + blobs -------------------------------------------------------------


def encode(value, blobs, depth=0, convert=False):
    """Turn ``value`` into a JSON-able tree, appending arrays to ``blobs`` as .npy bytes.

    ``convert`` (the worker's side) also accepts objects that know how to become arrays, such as
    TensorFlow tensors or nnlib Tensors.
    """
    if depth > MAX_DEPTH:
        raise Unencodable("the value is nested too deeply")
    if isinstance(value, (np.ndarray, np.generic)):
        array = np.asarray(value)
        if array.dtype.hasobject:
            raise Unencodable("an array of Python objects (dtype=object)")
        buffer = io.BytesIO()
        np.save(buffer, array, allow_pickle=False)
        blobs.append(buffer.getvalue())
        return {"npy": len(blobs) - 1, "scalar": isinstance(value, np.generic)}
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if value is Ellipsis:  # what an untouched `answer = ...` holds
        return {"ellipsis": True}
    if isinstance(value, float):
        return {"float": float.__repr__(value)}  # keeps nan and inf, needs no JSON extension
    if isinstance(value, (list, tuple)):
        tag = "list" if isinstance(value, list) else "tuple"
        return {tag: [encode(v, blobs, depth + 1, convert) for v in value]}
    if isinstance(value, dict):
        return {"dict": [[encode(k, blobs, depth + 1, convert), encode(v, blobs, depth + 1, convert)]
                         for k, v in value.items()]}
    if isinstance(value, FunctionRef):
        return {"ref": value.name}
    if convert:
        if hasattr(value, "numpy") and callable(value.numpy):  # TensorFlow tensors and variables
            return encode(np.asarray(value.numpy()), blobs, depth + 1)
        if hasattr(value, "__array__"):  # nnlib Tensors and anything numpy can read
            return encode(np.asarray(value), blobs, depth + 1)
    raise Unencodable(f"a {type(value).__name__}")


def decode(tree, blobs, resolve_ref=None):
    """The inverse of :func:`encode`; arrays are read with ``allow_pickle=False``."""
    if tree is None or isinstance(tree, (bool, int, str)):
        return tree
    if not isinstance(tree, dict) or len(tree) not in (1, 2):
        raise ChannelError(f"unexpected item {tree!r:.80}")
    if "float" in tree:
        return float(tree["float"])
    if "ellipsis" in tree:
        return Ellipsis
    if "npy" in tree:
        array = np.load(io.BytesIO(blobs[tree["npy"]]), allow_pickle=False)
        return array[()] if tree.get("scalar") else array
    if "list" in tree:
        return [decode(v, blobs, resolve_ref) for v in tree["list"]]
    if "tuple" in tree:
        return tuple(decode(v, blobs, resolve_ref) for v in tree["tuple"])
    if "dict" in tree:
        return {decode(k, blobs, resolve_ref): decode(v, blobs, resolve_ref) for k, v in tree["dict"]}
    if "ref" in tree and resolve_ref is not None:
        return resolve_ref(tree["ref"])
    raise ChannelError(f"unexpected item {tree!r:.80}")


# --- framing -------------------------------------------------------------------------------------


def send(sock, header, blobs=()):
    header = dict(header, blobs=[len(b) for b in blobs])
    data = json.dumps(header).encode()
    sock.sendall(struct.pack(">I", len(data)) + data)
    for blob in blobs:
        sock.sendall(blob)


def _receive_exactly(sock, n):
    chunks = []
    while n:
        chunk = sock.recv(min(n, 2**20))
        if not chunk:
            raise ChannelError("the other side hung up")
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def receive(sock):
    """One message: (header dict, list of blobs). Refuses oversized or malformed messages."""
    (size,) = struct.unpack(">I", _receive_exactly(sock, 4))
    if size > MAX_HEADER:
        raise ChannelError(f"a message header of {size} bytes (the limit is {MAX_HEADER})")
    try:
        header = json.loads(_receive_exactly(sock, size))
    except ValueError as error:
        raise ChannelError(f"a message that is not JSON ({error})") from None
    sizes = header.get("blobs", []) if isinstance(header, dict) else None
    if not isinstance(sizes, list) or not all(isinstance(s, int) and s >= 0 for s in sizes):
        raise ChannelError("a malformed message header")
    if sum(sizes) > MAX_BLOBS:
        raise ChannelError(f"a reply of {sum(sizes)} bytes (the limit is {MAX_BLOBS})")
    return header, [_receive_exactly(sock, s) for s in sizes]


# --- the submission's side -----------------------------------------------------------------------


def code_cells(path):
    """The source of each code cell of the notebook at ``path``, magics and shell lines made ``pass``."""
    with open(path, encoding="utf-8") as f:
        notebook = json.load(f)
    cells = []
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        lines = []
        for line in source.splitlines():
            stripped = line.lstrip()
            if stripped.startswith(("%", "!")):
                line = line[: len(line) - len(stripped)] + "pass"
            lines.append(line)
        cells.append("\n".join(lines))
    return cells


class _CappedWriter(io.TextIOBase):
    """sys.stdout/sys.stderr for the submission: keeps the first ``cap`` characters, drops the rest."""

    def __init__(self, stream, cap):
        self.stream, self.cap, self.written, self.truncated = stream, cap, 0, False

    def writable(self):
        return True

    def write(self, text):
        room = self.cap - self.written
        if len(text) > room:
            self.truncated = True
        if room > 0:
            self.stream.write(text[:room])
            self.written += min(len(text), room)
        return len(text)

    def flush(self):
        self.stream.flush()


class _Anything:
    """What ``import otter`` gives a graded submission: every attribute, call and assignment works and
    does nothing (``grader = otter.Notebook(...)``, ``grader.check("q1")``, ``otter.check....= x``).
    The grading happens in the grader, not here."""

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return self

    def __call__(self, *args, **kwargs):
        return self

    def __repr__(self):
        return "<otter is not run while grading: the grader checks this notebook>"


def _otter_stand_in():
    otter = types.ModuleType("otter")
    otter.__getattr__ = lambda name: _Anything()  # a module-level __getattr__ (PEP 562)
    return otter


def _describe(error):
    return f"{type(error).__name__}: {error}".strip().rstrip(":")


def run_cells(cells, namespace):
    """Run each cell in ``namespace``; return the errors as [{"cell": n, "error": text}]."""
    errors = []
    for number, source in enumerate(cells, start=1):
        try:
            exec(compile(source, f"<cell {number}>", "exec"), namespace)
        except BaseException as error:  # noqa: B036 - SystemExit and KeyboardInterrupt included
            errors.append({"cell": number, "error": _describe(error)[:500]})
            traceback.print_exc()
    return errors


def serve(sock, namespace):
    """Answer the grader's requests until it says bye or hangs up."""
    while True:
        try:
            request, blobs = receive(sock)
        except ChannelError:
            return
        op, name = request.get("op"), request.get("name")
        if op == "bye":
            return
        reply, out = {}, []
        if name not in namespace:
            reply = {"kind": "missing"}
        elif op == "get":
            value = namespace[name]
            if callable(value) and not isinstance(value, (np.ndarray, np.generic)):
                reply = {"kind": "function"}
            else:
                try:
                    reply = {"kind": "value", "value": encode(value, out, convert=True)}
                except BaseException as error:  # noqa: B036 - not an array or a plain value
                    out, reply = [], {"kind": "unreadable", "error": _describe(error)}
        elif op == "call":
            try:
                args = decode(request["args"], blobs, namespace.__getitem__)
                kwargs = decode(request["kwargs"], blobs, namespace.__getitem__)
                result = namespace[name](*args, **kwargs)
            except BaseException as error:  # noqa: B036 - a student's sys.exit() is just an error
                reply = {"kind": "error", "error": _describe(error)[:2000]}
            else:
                try:
                    reply = {"kind": "value", "value": encode(result, out, convert=True)}
                except BaseException as error:  # noqa: B036
                    out, reply = [], {"kind": "unreadable", "error": _describe(error)}
        else:
            reply = {"kind": "error", "error": f"unknown request {op!r}"}
        try:
            send(sock, reply, out)
        except OSError:
            return


def limit_resources(memory, file_size):
    """Lower this process's own limits, soft and hard, before any of the submission runs.

    RLIMIT_DATA counts the heap and private anonymous mappings (numpy's arrays), so an allocation
    past it raises MemoryError in the cell. RLIMIT_AS would be the classic choice, but TensorFlow
    reserves gigabytes of address space it never touches, so it fails at import under any useful
    limit. RLIMIT_FSIZE caps every file the process writes, its redirected stdout and stderr included.
    An unprivileged process cannot raise a hard limit again (root can), so the grader also watches the
    process group's resident memory from outside and kills it past the limit.
    """
    import resource

    for kind, limit in ((resource.RLIMIT_DATA, memory), (resource.RLIMIT_FSIZE, file_size)):
        try:
            resource.setrlimit(kind, (limit, limit))
        except (ValueError, OSError) as error:  # some systems refuse (macOS for RLIMIT_DATA): say so
            print(f"the grader could not set a resource limit: {error}", file=sys.stderr)


def main(argv):
    path, fd, cap = argv[0], int(argv[1]), int(argv[2])
    limit_resources(int(argv[3]), int(argv[4]))
    # Temporary files (the checks cell makes a folder) go beside the notebook's folder, into the
    # submission's own directory, which the grader removes with it whatever way the worker ends.
    private = os.path.join(os.path.dirname(os.getcwd()), "tmp")
    os.makedirs(private, exist_ok=True)
    os.environ["TMPDIR"] = private
    tempfile.tempdir = None
    sock = socket.socket(fileno=fd)
    # Writing past the file size limit the grader set fails with an error instead of a signal.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    stdout, stderr = _CappedWriter(sys.stdout, cap), _CappedWriter(sys.stderr, cap)
    sys.stdout, sys.stderr = stdout, stderr
    sys.modules["otter"] = _otter_stand_in()
    main_module = types.ModuleType("__main__")
    main_module.__dict__.update(__builtins__=builtins, display=print)
    sys.modules["__main__"] = main_module
    try:
        cells = code_cells(path)
    except Exception as error:
        send(sock, {"op": "ready", "cells": 0, "errors": [{"cell": 0, "error": _describe(error)}]})
        return
    errors = run_cells(cells, main_module.__dict__)
    truncated = stdout.truncated or stderr.truncated
    send(sock, {"op": "ready", "cells": len(cells), "errors": errors, "output_truncated": truncated})
    serve(sock, main_module.__dict__)


if __name__ == "__main__":
    main(sys.argv[1:])
    # Threads or atexit handlers the submission left behind do not keep the worker alive.
    sys.stdout.flush()
    os._exit(0)
