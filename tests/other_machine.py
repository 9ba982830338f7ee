"""The conditions of another machine, for running the notebooks again (tests/test_portability.py).

A stored output must not depend on the computer that made it. On x86-64, three things change the last
digits of a float from one CPU to the next, and each can be changed here without another computer:

- OpenBLAS, behind numpy's and scikit-learn's matrix products, picks its kernels by the CPU (SkylakeX
  on an AVX-512 CPU, Haswell on an AVX2 one, Sandybridge on an AVX one), and each kernel adds up in its
  own order. ``OPENBLAS_CORETYPE`` picks another kernel the CPU can run.
- numpy picks its own SIMD loops by the CPU too: exp, log, tanh, power and others give results an ulp
  apart on AVX-512, AVX2 and SSE. ``NPY_DISABLE_CPU_FEATURES`` turns the upper levels off.
- The number of threads: OpenBLAS and TensorFlow split their sums over threads.

So ``conditions()`` describes the CPU one level down (an AVX-512 CPU runs as an AVX2 one, an AVX2 CPU
as an AVX one), on one thread, where the first run used every core. What it cannot show: another CPU
family (ARM, Apple silicon), a GPU, or the instructions TensorFlow's own kernels were compiled for
(chosen when TensorFlow is built, not when it runs).
"""
import dataclasses
import json
import os
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


@dataclasses.dataclass
class Conditions:
    description: str             # in words, for the test's report
    env: dict                    # the variables to set
    openblas_kernel: str | None  # the kernel OpenBLAS must report under them (None: unchanged)
    numpy_off: list              # the numpy dispatch targets that must be off under them


def cpu_features():
    """(the features this CPU has, numpy's dispatch targets), as numpy names them."""
    try:
        from numpy._core import _multiarray_umath as umath
    except ImportError:  # numpy 1.x
        from numpy.core import _multiarray_umath as umath
    return {k for k, v in umath.__cpu_features__.items() if v}, list(umath.__cpu_dispatch__)


def conditions():
    """How another machine would run the notebooks: one CPU level down, on one thread."""
    has, dispatch = cpu_features()
    env = {name: "1" for name in THREADS}
    for name, marks, kernel, only_here in LEVELS:
        if marks <= has:
            disabled = [t for t in dispatch if only_here(t)]
            if disabled:
                env["NPY_DISABLE_CPU_FEATURES"] = " ".join(disabled)
            env["OPENBLAS_CORETYPE"] = kernel
            return Conditions(f"this {name} CPU run as one a level down (OpenBLAS's {kernel} kernels, "
                              f"numpy without {' '.join(disabled) or 'nothing'}), on one thread",
                              env, kernel, disabled)
    return Conditions("one thread (no lower CPU level to emulate on this machine)", env, None, [])


PROBE = """\
import json, sklearn
from threadpoolctl import threadpool_info
from tests.other_machine import cpu_features
openblas = [i for i in threadpool_info() if i["internal_api"] == "openblas"]
print(json.dumps({"kernels": sorted({i.get("architecture") for i in openblas}),
                  "threads": sorted({i["num_threads"] for i in openblas}),
                  "numpy_on": sorted(cpu_features()[0])}))
"""


def in_effect(found):
    """What a process started under the conditions sees: OpenBLAS's kernels and thread counts (of
    numpy's and scikit-learn's copies) and the CPU features numpy uses."""
    out = subprocess.run([sys.executable, "-c", PROBE], env={**os.environ, **found.env}, cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])
