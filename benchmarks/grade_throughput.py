"""Grading throughput: a class of 60, a fresh Python per submission (before) against warmed forks (now).

    .venv/bin/python benchmarks/grade_throughput.py [--set NAME] [--count 60] [--jobs 2] [--rounds 1]

The class is ``--count`` copies of a real set's committed solution, one in ten made wrong (every
tenth is the untouched student form, and every tenth from the fifth has one answer cell of the
student form in place of the solution's). First it measures where one submission's time goes:
starting Python with the worker's imports, importing TensorFlow and Keras, running the notebook in a
worker forked from a warmed parent, and running the tests in the grader's process. Then, in each
round, it grades the class with ``--jobs`` workers twice, in this process: with ``warm=False`` (a
fresh ``python -m exercises.worker`` per submission, as the grader did before) and with the default
(each worker forked from a warmed parent; its start, TensorFlow's import included, is timed). It
checks that both give every submission the same scores and status, and prints submissions per
minute and the ratio. The grader's own imports (the tests import Keras) happen before the timing.
Goal: at least 60 submissions a minute on 2 cores.
"""
import argparse
import json
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from exercises import grade, sandbox, sets  # noqa: E402
from exercises.testfiles import load_questions  # noqa: E402


def snapshot(entry, folder):
    """The set's tests and notebooks copied into ``folder``: others may be editing the set meanwhile."""
    shutil.copytree(ROOT / entry.tests, folder / "tests")
    for name in ("student", "solution"):
        shutil.copy(ROOT / getattr(entry, name), folder / f"{name}.ipynb")
    return sets.ExerciseSet(entry.name, str(folder), student=str(folder / "student.ipynb"),
                            solution=str(folder / "solution.ipynb"), tests=str(folder / "tests"), source="")


def make_class(entry, folder, count):
    """``count`` notebooks in ``folder``: the solution, with a few wrong ones among them."""
    solution = json.loads((ROOT / entry.solution).read_text(encoding="utf-8"))
    student = json.loads((ROOT / entry.student).read_text(encoding="utf-8"))
    answer_cells = [i for i, (a, b) in enumerate(zip(solution["cells"], student["cells"]))
                    if a["cell_type"] == "code" and a["source"] != b["source"] and "grader.check" not in
                    "".join(a["source"])]
    for n in range(count):
        notebook = solution
        if n % 10 == 9:
            notebook = student
        elif n % 10 == 4 and answer_cells and len(solution["cells"]) == len(student["cells"]):
            notebook = json.loads(json.dumps(solution))
            i = answer_cells[(n // 10) % len(answer_cells)]
            notebook["cells"][i] = student["cells"][i]
        (folder / f"student{n + 1}.ipynb").write_text(json.dumps(notebook), encoding="utf-8")


def seconds(code, env):
    probe = f"import time; t = time.perf_counter(); {code}; print(time.perf_counter() - t)"
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    return float(done.stdout.split()[-1])


def where_the_time_goes(entry, library):
    """One submission's time, part by part (seconds)."""
    env = sandbox.worker_environment(ROOT)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import exercises.worker"], env=env, check=True)
    worker_start = time.perf_counter() - start
    heavy = seconds("import tensorflow, keras", env)
    questions = load_questions(entry)
    data = sandbox.read_notebook(ROOT / entry.solution)
    preload = sandbox.preload_for(ROOT / entry.student)
    sandbox.warmed_parent(library, preload)  # started here, not timed
    start = time.perf_counter()
    submission = sandbox.Submission(data, "solution.ipynb", library, preload=preload)
    forked = time.perf_counter()
    submission.run_notebook()
    ran = time.perf_counter()
    results = [grade.grade_case(submission, q, c) for q in questions for c in q.test_cases]
    tested = time.perf_counter()
    submission.close()
    failed = [f"{r.name}: {r.message}" for r in results if not r.passed]
    if failed:
        print("  the solution failed", "; ".join(failed))
    return {"fresh Python with the worker's imports (numpy)": worker_start,
            "import tensorflow, keras (in a fresh Python)": heavy,
            "fork from the warmed parent": forked - start,
            "run the notebook's cells (forked worker)": ran - forked,
            f"the {len(results)} tests, in the grader's process": tested - ran}


def timed(entry, folder, jobs, warm):
    sandbox.close_warmed_parents()  # each round pays for its warmed parent's start
    start = time.perf_counter()
    results = grade.grade_folder(entry, folder, jobs=jobs, warm=warm)
    return time.perf_counter() - start, results


def differences(cold, warm):
    """Where the two ways disagree: each submission's scores and status, and the cases that failed in
    one way only, with their messages."""
    lines = []
    for a, b in zip(cold, warm):
        if (a.scores, a.status) == (b.scores, b.status):
            continue
        lines.append(f"  {a.submission}: fresh Python {a.scores} {a.status!r}; warmed fork {b.scores} {b.status!r}")
        passed = {way: {c.name for c in r.cases if c.passed} for way, r in (("fresh", a), ("forked", b))}
        for way, r in (("fresh Python", a), ("warmed fork", b)):
            for c in r.cases:
                if not c.passed and c.name in passed["fresh"] | passed["forked"]:
                    lines.append(f"    {way}, {c.name} failed: {c.message[:300]!r}")
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", default=next(iter(sets.SETS)), help="the exercise set (default: the first)")
    parser.add_argument("--count", type=int, default=60, help="submissions in the class (default 60)")
    parser.add_argument("--jobs", type=int, default=2, help="submissions graded in parallel (default 2)")
    parser.add_argument("--rounds", type=int, default=1, help="times each way is timed (default 1)")
    args = parser.parse_args(argv)
    library = sandbox.library_snapshot()
    with tempfile.TemporaryDirectory() as tmp:
        entry = snapshot(sets.SETS[args.set], pathlib.Path(tmp) / "set")
        print(f"set {entry.name}; where one submission's time goes:")
        for what, s in where_the_time_goes(entry, library).items():
            print(f"  {what:<55} {s:6.2f} s")
        folder = pathlib.Path(tmp) / "class"
        folder.mkdir()
        make_class(entry, folder, args.count)
        cold_times, warm_times = [], []
        for round_ in range(args.rounds):
            cold, cold_results = timed(entry, folder, args.jobs, warm=False)
            warm, warm_results = timed(entry, folder, args.jobs, warm=True)
            differ = differences(cold_results, warm_results)
            if differ:
                print("\n".join(differ))
                raise SystemExit("the two ways graded some submissions differently (above)")
            cold_times.append(cold)
            warm_times.append(warm)
            full = sum(1 for r in warm_results if r.status == "ok" and all(r.scores.values()))
            print(f"round {round_ + 1}: {args.count} submissions ({full} with full marks), --jobs {args.jobs}: "
                  f"fresh Python each {cold:6.1f} s ({60 * args.count / cold:5.1f}/min), "
                  f"warmed forks {warm:6.1f} s ({60 * args.count / warm:5.1f}/min), ratio {cold / warm:4.1f}")
    cold, warm = statistics.median(cold_times), statistics.median(warm_times)
    rate = 60 * args.count / warm
    print(f"median: before {60 * args.count / cold:.1f} submissions/min, after {rate:.1f}/min "
          f"(ratio {cold / warm:.1f}); goal, at least 60/min: {'met' if rate >= 60 else 'NOT met'}")


if __name__ == "__main__":
    main()
