"""The conditions of another machine, under which `./run test` runs the tests and the notebooks.

A stored output must not depend on the computer that made it. On x86-64, three things change the last
digits of a float from one CPU to the next, and each can be changed without another computer:

- OpenBLAS, behind numpy's and scikit-learn's matrix products, picks its kernels by the CPU (SkylakeX
  on an AVX-512 CPU, Haswell on an AVX2 one, Sandybridge on an AVX one), and each kernel adds up in its
  own order. ``OPENBLAS_CORETYPE`` picks another kernel the CPU can run.
- numpy picks its own SIMD loops by the CPU too: exp, log, tanh, power and others give results an ulp
  apart on AVX-512, AVX2 and SSE. ``NPY_DISABLE_CPU_FEATURES`` turns the upper levels off.
- The number of threads: OpenBLAS and TensorFlow split their sums over threads.

``conditions()`` describes this CPU run as one a level down (an AVX-512 CPU as an AVX2 one, an AVX2
CPU as an AVX one), on one thread. The notebooks' stored outputs are made by `./run execute` as the
machine comes, on every core; `./run test` compares them with a run under these conditions, and
tests/book/test_version_edges.py with runs as the machine comes, at other releases. What this cannot show:
another CPU family (ARM, Apple silicon), a GPU, or the instructions TensorFlow's own kernels were
compiled for (chosen when TensorFlow is built, not when it runs).

    python -m tests.book.other_machine    prints the conditions as shell `export` lines (`./run test`)
"""
import dataclasses
import json
import os
import shlex
import subprocess
import sys

from tools.notebooks import ROOT

# From the highest level down: the level's name, the CPU features that mark it (as numpy names them),
# the OpenBLAS kernel of the level below, and the numpy dispatch targets that only this level runs.
LEVELS = [
    ("AVX-512", {"AVX512F", "AVX512_SKX"}, "Haswell", lambda t: t.startswith("AVX512") or t == "X86_V4"),
    ("AVX2", {"AVX2", "FMA3"}, "Sandybridge", lambda t: t in {"AVX2", "FMA3", "X86_V3"}),
    ("AVX", {"AVX"}, "Nehalem", lambda t: t in {"AVX", "F16C"}),
]
THREADS = ["OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS"]
# Set, with the description, wherever the conditions are: tests/book/test_portability.py looks for it.
MARK = "NNLIB_AS_ANOTHER_MACHINE"
# Every variable the conditions may set, so that a run as the machine comes can take them out.
VARIABLES = [*THREADS, "OPENBLAS_CORETYPE", "NPY_DISABLE_CPU_FEATURES", MARK]


@dataclasses.dataclass
class Conditions:
    description: str             # in words, for the reports
    env: dict                    # the variables to set
    openblas_kernel: str | None  # the kernel OpenBLAS must report under them (None: unchanged)
    numpy_off: list              # the numpy dispatch targets that must be off under them


def cpu_features():
    """(the features this CPU has and numpy uses, numpy's dispatch targets), as numpy names them."""
    try:
        from numpy._core import _multiarray_umath as umath
    except ImportError:  # numpy 1.x
        from numpy.core import _multiarray_umath as umath
    return {k for k, v in umath.__cpu_features__.items() if v}, list(umath.__cpu_dispatch__)


def conditions():
    """How another machine would run the notebooks: one CPU level down, on one thread."""
    if MARK in os.environ:  # numpy here already runs a level down: one more would be two
        raise RuntimeError(f"this process already runs as another machine ({os.environ[MARK]})")
    has, dispatch = cpu_features()
    env = {name: "1" for name in THREADS}
    for name, marks, kernel, only_here in LEVELS:
        if marks <= has:
            disabled = [t for t in dispatch if only_here(t) and t in has]
            if disabled:
                env["NPY_DISABLE_CPU_FEATURES"] = " ".join(disabled)
            env["OPENBLAS_CORETYPE"] = kernel
            found = Conditions(f"this {name} CPU run as one a level down (OpenBLAS's {kernel} kernels, "
                               f"numpy without {' '.join(disabled) or 'nothing'}), on one thread",
                               env, kernel, disabled)
            break
    else:
        found = Conditions("one thread (no lower CPU level to run as on this machine)", env, None, [])
    env[MARK] = found.description
    return found


def as_the_machine_comes():
    """This process's environment without the conditions: every core, the CPU's own level."""
    return {k: v for k, v in os.environ.items() if k not in VARIABLES}


PROBE = """\
import json, sklearn
from threadpoolctl import threadpool_info
from tests.book.other_machine import cpu_features
openblas = [i for i in threadpool_info() if i["internal_api"] == "openblas"]
print(json.dumps({"kernels": sorted({i.get("architecture") for i in openblas}),
                  "threads": sorted({i["num_threads"] for i in openblas}),
                  "numpy_on": sorted(cpu_features()[0])}))
"""


def in_effect(env):
    """What a process started with ``env`` sees: OpenBLAS's kernels and thread counts (numpy's and
    scikit-learn's copies) and the CPU features numpy uses."""
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, cwd=ROOT, capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    print("\n".join(f"export {k}={shlex.quote(v)}" for k, v in conditions().env.items()))
