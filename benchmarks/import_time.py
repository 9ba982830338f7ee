"""How long `import nnlib` takes, against `import numpy` (nnlib's only dependency).

Each round starts a fresh interpreter that imports numpy, then nnlib, timing each; the best of several
rounds is reported, with the ratio of the whole import to numpy's alone. Goal: the whole import
(numpy included) stays under 0.3 s.

    .venv/bin/python benchmarks/import_time.py
"""
import json
import subprocess
import sys

ROUNDS = 7
PROBE = """
import json, time
t0 = time.perf_counter(); import numpy
t1 = time.perf_counter(); import nnlib
t2 = time.perf_counter()
print(json.dumps([t1 - t0, t2 - t1]))
"""


def main():
    runs = [json.loads(subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                                      check=True).stdout) for _ in range(ROUNDS)]
    numpy_s = min(r[0] for r in runs)
    nnlib_s = min(r[1] for r in runs)
    total = numpy_s + nnlib_s
    print(f"import numpy:                 {numpy_s * 1000:.1f} ms")
    print(f"import nnlib, on top of that: {nnlib_s * 1000:.1f} ms")
    print(f"ratio (numpy + nnlib) / numpy: {total / numpy_s:.2f}")
    print(f"goal, whole import under 300 ms: {'met' if total < 0.3 else 'NOT met'} ({total * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
