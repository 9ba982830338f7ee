"""Grade a folder of submitted exercise notebooks, in a way that a submission cannot subvert.

    python -m exercises.grade --list
    python -m exercises.grade NAME SUBMISSIONS_DIR --out OUT_DIR [--timeout S] [--jobs N]
                              [--test-timeout S] [--memory MB] [--cold]
                              [--roster ROSTER.csv [--assignment TITLE] [--canvas-id ID] [--moodle-id ID]]

``--list`` prints ``NAME<TAB>STUDENT_NOTEBOOK<TAB>SOLUTION_NOTEBOOK`` for each set of
exercises/sets.py. Grading writes ``OUT_DIR/grades.csv`` (``submission``, one column per question,
``total``, ``possible``, ``status``) and ``OUT_DIR/feedback/<submission>.txt`` for each student. It
exits 0 when every ``.ipynb`` of the folder got its row, whatever happened inside it. With
``--roster``, it also writes ``canvas.csv`` and ``moodle.csv`` for the LMS gradebook
(exercises/lms.py says what they hold and what the roster is). Each submission's worker is forked
from a parent that imported the heavy modules once (exercises/zygote.py); ``--cold`` starts a fresh
Python for each instead, as before (slower, same grades).

Why the verdict is computed outside the submission's process
------------------------------------------------------------
otter-grader runs the tests in the student's own kernel, so the student's code and the grading code
share one interpreter: a submission can patch otter's classes, ``numpy.testing``, ``builtins`` or
``sys.exit`` and turn every failure into a pass. No check run inside that process can be trusted.
Here the submission runs in its own process (``python -m exercises.worker``) and is only ever asked
for *data*: "what is the value of ``x``?", "what does ``softmax`` return for this array?". The test
code, the comparisons and the scores live in this process, which no student code ever runs in. The
channel between the two is a socket that carries JSON and ``.npy`` arrays read with
``allow_pickle=False``: never a pickle, never code, so a reply cannot smuggle behaviour in. The worst a
submission can do to its channel is answer wrongly, which only costs it its own points.

The grader is three modules: exercises/testfiles.py reads the tests (what a test may do, and what a
set must provide), exercises/sandbox.py runs a submission in its own process (its time, memory and
output limits, and its own copy of the library; exercises/zygote.py forks that process from a warmed
parent), and this one grades and writes the results. exercises/lms.py turns them into Canvas and
Moodle files, and exercises/gradescope.py runs the same grader as a Gradescope autograder.

How a question is scored
------------------------
A question's points are earned whole or not at all: all of them when every one of its test cases,
public and hidden, passes, and none otherwise (``question_score``). A point therefore always sits on
the conjunction of the question's tests, never on one loose check alone: a guess that passes a public
sanity check (a number in a plausible range, an array of the right shape) but fails a hidden
comparison earns nothing, and so does an answer that is right for the example and wrong elsewhere.
Points that otter's test files give single cases are not used. A question that deserves partial
credit is split into questions of its own. tests/exercises/test_guesses.py checks that no guess
(constants, right-shaped random answers, a sign flip, a missing factor, ...) earns a point on any
question, and that the solutions in other reasonable forms earn them all.

What this does not do: the worker runs as the same user as the grader, so it could kill the grader
(no grade is then written, nothing wrong is recorded), damage the installed packages for later runs,
or read the hidden tests from the repository (it learns what they check, as it could with otter, but
still has to compute the answers). It could also kill its warmed parent (the next submissions get a
new one), or, where the system lets a process debug others of its user (no Yama ptrace restriction),
tamper with that parent, or with the grader, as it could before. For a class, run the grader as a
user that cannot read the repository or write the environment, or in a container (on Gradescope
both run as root). Resource limits and the memory watch are those of Linux (RLIMIT_DATA, /proc).
"""
import argparse
import csv
import dataclasses
import pathlib
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed

from exercises import sets
from exercises.sandbox import (MEMORY_MB, TEST_TIMEOUT, TIMEOUT, Submission, SubmissionStopped,
                               library_snapshot, preload_for, read_notebook, warm_up)
from exercises.testfiles import failure_message, load_questions, run_case

MAX_RUNS = 3  # a submission stopped during a test is started again for the next test, this often


@dataclasses.dataclass
class CaseResult:
    question: str
    name: str
    hidden: bool
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


def grade_case(submission, question, case, test_timeout=TEST_TIMEOUT):
    """Run one test case against ``submission`` (anything with ``start_test`` and ``get``): a CaseResult."""
    submission.start_test(case.name, test_timeout)
    try:
        run_case(case, submission)
    except SubmissionStopped as error:
        return CaseResult(question.name, case.name, case.hidden, False, str(error))
    except Exception as error:
        return CaseResult(question.name, case.name, case.hidden, False,
                          failure_message(error, question), case.failure_message)
    return CaseResult(question.name, case.name, case.hidden, True)


def question_score(question, case_results):
    """A question's points: all of ``question.possible`` when every one of its cases passed, else 0.

    ``case_results`` are the CaseResults of this question (any order); a case that did not run counts
    as failed, so a question is only scored whole.
    """
    passed = {r.name for r in case_results if r.question == question.name and r.passed}
    every = {c.name for c in question.test_cases}
    return float(question.possible) if every and every <= passed else 0.0


def grade_submission(exercise_set, path, timeout=TIMEOUT, test_timeout=TEST_TIMEOUT, memory_mb=MEMORY_MB,
                     library=None, preload=()):
    """Grade one notebook against a set: a name from exercises/sets.py, a folder of test files, or
    the list of its questions already read in (grade_folder reads them once for the whole folder).
    ``preload``: what the warmed parent of its worker imports (sandbox.preload_for); None for a
    fresh Python.

    Returns a Result: points per question, the status (``ok`` or why not) and each case's outcome.
    A test that stops the process (a time-out, the memory limit, an exit) fails, and the remaining
    tests run in a fresh process that runs the notebook again, up to MAX_RUNS processes in all.
    """
    questions = exercise_set if isinstance(exercise_set, list) else load_questions(exercise_set)
    library = library or library_snapshot()
    path = pathlib.Path(path)
    possible = {q.name: q.possible for q in questions}
    scores = dict.fromkeys(possible, 0.0)
    try:
        data = read_notebook(path)
    except (OSError, ValueError) as error:
        return Result(path.stem, scores, possible, f"not a notebook: {error}", [])
    pending = [(q, c) for q in questions for c in q.test_cases]
    results, problems, log = [], [], ""
    for run in range(MAX_RUNS):
        submission = Submission(data, path.name, library, timeout=timeout, memory_mb=memory_mb, preload=preload)
        try:
            submission.run_notebook()
            while pending and not submission.stopped:
                question, case = pending.pop(0)
                results.append(grade_case(submission, question, case, test_timeout))
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
        results += [CaseResult(q.name, c.name, c.hidden, False, f"not run: {problems[-1]}")
                    for q, c in pending]
    for question in questions:
        scores[question.name] = question_score(question, results)
    return Result(path.stem, scores, possible, "; ".join(problems) or "ok", results, log)


def feedback(result, set_name=""):
    """The text a student gets: score, status, and per question which tests passed.

    A failing public test shows its failing line, the error and its hint; hidden tests are only
    counted, never shown.
    """
    lines = [f"Submission: {result.submission}", f"Exercise set: {set_name}",
             f"Score: {format_points(result.total)} / {format_points(result.total_possible)}",
             f"Status: {result.status}", ""]
    for question, possible in result.possible.items():
        cases = [c for c in result.cases if c.question == question]
        passed = bool(cases) and all(c.passed for c in cases)
        lines.append(f"{question}: {format_points(result.scores[question])} / {format_points(possible)} points, "
                     f"{'passed' if passed else 'failed'}")
        if not cases:
            lines.append("  not tested: the notebook did not run to the end (see the status)")
        for kind, group in (("public", [c for c in cases if not c.hidden]), ("hidden", [c for c in cases if c.hidden])):
            if group:
                lines.append(f"  {kind} tests: {sum(c.passed for c in group)} of {len(group)} passed")
        for case in cases:
            if not case.hidden and not case.passed:
                lines.append(f"  public test {case.name} failed:")
                lines += failure_lines(case, "    ")
    if result.log.strip():
        lines += ["", "The end of what your notebook wrote to stderr:", result.log.rstrip()]
    return "\n".join(lines) + "\n"


def failure_lines(case, indent):
    """What a failing public case shows a student: its failing line, the error and the hint."""
    lines = [indent + line for line in case.message.splitlines()]
    return lines + ([f"{indent}Hint: {case.hint}"] if case.hint else [])


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
                 memory_mb=MEMORY_MB, jobs=1, progress=False, warm=True):
    """Grade every .ipynb in ``folder``; write grades.csv and feedback/ under ``out`` when given.

    The tests and the library copies are read once, before the first submission runs. ``warm``:
    fork each worker from a parent that imported what the set's notebooks import (False: a fresh
    Python per submission).
    """
    paths = sorted(pathlib.Path(folder).glob("*.ipynb"), key=lambda p: sets.natural_key(p.name))
    bar = _Progress(len(paths)) if progress else None
    chosen = sets.find(exercise_set)
    library = library_snapshot()
    preload = preload_for(sets.ROOT / chosen.student if chosen.student else None) if warm else None
    if paths:
        warm_up(library, preload)  # while the tests' own imports are made
    questions = load_questions(chosen)
    results = {}
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = {pool.submit(_grade_safely, questions, p, timeout, test_timeout, memory_mb, library, preload): p
                   for p in paths}
        for future in as_completed(futures):
            results[futures[future]] = future.result()
            if bar:
                bar.update(futures[future].stem)
    if bar:
        bar.close()
    ordered = [results[p] for p in paths]
    if out is not None:
        write_outputs(chosen.name, questions, ordered, out)
    return ordered


def _grade_safely(questions, path, timeout, test_timeout, memory_mb, library, preload):
    try:
        return grade_submission(questions, path, timeout, test_timeout, memory_mb, library, preload)
    except Exception as error:  # a fault of the grader itself: the row is still written
        possible = {q.name: q.possible for q in questions}
        return Result(path.stem, dict.fromkeys(possible, 0.0), possible,
                      f"grader error: {type(error).__name__}: {error}", [])


def format_points(x):
    return f"{round(x, 6):g}"


FORMULA_STARTS = ("=", "+", "-", "@")  # what makes a spreadsheet read a cell as a formula


def _spreadsheet_safe(text):
    """A cell a spreadsheet will not read as a formula (names and messages come from students)."""
    return "'" + text if text[:1] in FORMULA_STARTS else text


def spreadsheet_text(cell):
    """The text that :func:`_spreadsheet_safe` made ``cell`` from (for reading grades.csv back)."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in FORMULA_STARTS else cell


def write_outputs(set_name, questions, results, out):
    """``out/grades.csv``, one row per result, and ``out/feedback/<submission>.txt`` for each."""
    out = pathlib.Path(out)
    (out / "feedback").mkdir(parents=True, exist_ok=True)
    names = [q.name for q in questions]
    with open(out / "grades.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["submission", *names, "total", "possible", "status"])
        for result in results:
            writer.writerow([_spreadsheet_safe(result.submission), *(format_points(result.scores[n]) for n in names),
                             format_points(result.total), format_points(result.total_possible),
                             _spreadsheet_safe(result.status)])
    for result in results:
        (out / "feedback" / f"{result.submission}.txt").write_text(feedback(result, set_name), encoding="utf-8")


def main(argv=None):
    from exercises import lms  # which imports this module

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
    parser.add_argument("--cold", action="store_true",
                        help="start a fresh Python for every submission instead of forking a warmed one (slower)")
    parser.add_argument("--roster", help="a roster: also write canvas.csv and moodle.csv (see exercises/lms.py)")
    lms.add_arguments(parser)
    args = parser.parse_args(argv)
    if args.list:
        for name, entry in sets.SETS.items():
            print(f"{name}\t{entry.student}\t{entry.solution}")
        return 0
    if not (args.name and args.submissions and args.out):
        parser.error("give NAME SUBMISSIONS_DIR --out OUT_DIR, or --list")
    if not pathlib.Path(args.submissions).is_dir():
        parser.error(f"{args.submissions} is not a folder")
    started = time.monotonic()
    try:
        chosen = sets.find(args.name)
        roster = lms.read_roster(args.roster) if args.roster else None
    except KeyError as error:
        parser.error(error.args[0])
    except (OSError, ValueError) as error:
        parser.error(f"the roster: {error}")
    results = grade_folder(chosen, args.submissions, args.out, args.timeout, args.test_timeout,
                           args.memory, args.jobs, progress=True, warm=not args.cold)
    ok = sum(r.status == "ok" for r in results)
    print(f"graded {len(results)} submissions in {time.monotonic() - started:.1f} s ({ok} ok); "
          f"wrote {pathlib.Path(args.out) / 'grades.csv'}")
    if roster is not None:
        problems = lms.write_lms_files(lms.grades_of(results), roster, args.out, args.assignment or chosen.name,
                                       args.canvas_id, args.moodle_id)
        lms.report(problems, args.out, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
