"""How long `import nnlib` takes, against `import numpy` (nnlib's only dependency).

Each import runs in a fresh interpreter, alternating, several times; the best of each is reported,
with the ratio. Goal: nnlib adds little to numpy, and the whole import stays under 0.3 s.

    .venv/bin/python benchmarks/import_time.py
"""
import subprocess
import sys
import time

ROUNDS = 7


def best_import_time(module):
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                check=True).stdout)


def main():
    times = {"numpy": [], "nnlib": []}
    for _ in range(ROUNDS):
        for module in times:
            times[module].append(best_import_time(module))
    numpy_s, nnlib_s = min(times["numpy"]), min(times["nnlib"])
    print(f"import numpy: {numpy_s * 1000:.1f} ms")
    print(f"import nnlib: {nnlib_s * 1000:.1f} ms (numpy included)")
    print(f"ratio nnlib/numpy: {nnlib_s / numpy_s:.2f}")
    print(f"goal: under 300 ms: {'met' if nnlib_s < 0.3 else 'NOT met'}")


if __name__ == "__main__":
    main()
