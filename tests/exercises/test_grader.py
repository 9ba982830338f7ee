"""The grader against correct, untouched, broken and hostile submissions.

Most tests grade against tests/exercises/grader_cases/tiny (q1: a stable softmax, 2 points; q2: the mean squared
error and one value of it, 1 point; a public and a hidden case each). Every submission must get its
row, with the score its answers deserve and a status that says what went wrong, whatever its code
does to its own process. The last tests grade the real sets of exercises/sets.py.
"""
import csv
import json
import pathlib
import shutil
import subprocess
import sys

import pytest

from exercises import grade, worker

ROOT = pathlib.Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "exercises" / "grader_cases" / "tiny" / "tests"
FAST = dict(timeout=30, test_timeout=5, memory_mb=1024)

SETUP = """\
%pip install -q otter-grader
!echo a shell line the worker skips
import numpy as np
import otter
grader = otter.Notebook("tiny.ipynb")"""
SOFTMAX = """\
def softmax(x):
    z = x - x.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)"""
MSE = """\
def mse(y_true, y_pred):
    return float(np.mean((y_true - y_pred) ** 2))

loss_value = mse(np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 6.0]))"""
CORRECT = [SETUP, SOFTMAX, 'grader.check("q1")', MSE, 'grader.check("q2")']
STUDENT = [SETUP, "def softmax(x):\n    ...", 'grader.check("q1")',
           "def mse(y_true, y_pred):\n    ...\n\nloss_value = ...", 'grader.check("q2")']


def notebook(cells):
    return json.dumps({
        "cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": c}
                  for c in cells],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4, "nbformat_minor": 5})


@pytest.fixture
def write(tmp_path):
    folder = tmp_path / "submissions"
    folder.mkdir()

    def write(name, cells=None, raw=None):
        path = folder / f"{name}.ipynb"
        if raw is not None:
            path.write_bytes(raw)
        else:
            path.write_text(notebook(cells))
        return path

    write.folder = folder
    return write


def grade_one(path, **limits):
    return grade.grade_submission(str(TINY), path, **{**FAST, **limits})


def test_correct_submission_scores_full_marks(write):
    result = grade_one(write("correct", CORRECT))
    assert result.scores == {"q1": 2.0, "q2": 1.0}
    assert (result.total, result.total_possible, result.status) == (3.0, 3.0, "ok")
    assert all(case.passed for case in result.cases) and len(result.cases) == 4


def test_untouched_student_form_scores_zero_with_status_ok(write):
    result = grade_one(write("student", STUDENT))
    assert result.scores == {"q1": 0.0, "q2": 0.0}
    assert result.status == "ok"
    assert not any(case.passed for case in result.cases)


def test_a_question_is_scored_whole_and_the_feedback_says_what_failed(write, tmp_path):
    naive = "def softmax(x):\n    return np.exp(x) / np.exp(x).sum(axis=-1, keepdims=True)"
    write("naive", [SETUP, naive, MSE])
    (result,) = grade.grade_folder(str(TINY), write.folder, out=tmp_path / "out", **FAST)
    # The naive softmax overflows on the public case (large inputs) but passes the hidden one: right
    # for small inputs only, it earns nothing on q1; q2, all right, earns its point.
    assert result.scores == {"q1": 0.0, "q2": 1.0}
    assert [c.passed for c in result.cases if c.question == "q1"] == [False, True]
    text = (tmp_path / "out" / "feedback" / "naive.txt").read_text()
    assert "q1: 0 / 2 points, failed" in text
    assert "softmax gave inf or nan for large inputs" in text  # the public failure, with its line
    assert "Hint: Subtract each row's maximum" in text
    assert "hidden tests: 1 of 1 passed" in text
    assert "expected = np.exp(x)" not in text  # hidden test code is never shown


PATCHES = """\
import builtins, sys, os
import numpy.testing
import otter
# What would decide the grade if the tests ran in the submission's process, as in otter:
numpy.testing.assert_allclose = lambda *args, **kwargs: None
np.allclose = lambda *args, **kwargs: True
np.isfinite = lambda *args, **kwargs: np.array(True)
np.testing.assert_array_equal = lambda *args, **kwargs: None
builtins.AssertionError = type("AssertionError", (Exception,), {})
builtins.abs = lambda x: 0.0
otter.Notebook.check = lambda self, *args, **kwargs: print("All tests passed!")
sys.exit = lambda *args: None
os._exit = lambda *args: None
print("q1 passed!\\nq2 passed!\\nAll tests passed! 3/3")"""


def test_wrong_answers_that_patch_the_grading_machinery_score_what_they_earn(write):
    wrong_softmax = "def softmax(x):\n    return np.exp(x) / np.exp(x).sum(axis=-1, keepdims=True)"
    wrong_mse = "def mse(y_true, y_pred):\n    return float(np.sum((y_true - y_pred) ** 2))\n\nloss_value = 2.0"
    result = grade_one(write("patcher", [SETUP, PATCHES, wrong_softmax, 'grader.check("q1")', wrong_mse]))
    # Only the naive softmax's hidden case passes, which earns nothing on its own: the patches
    # changed nothing here.
    assert result.scores == {"q1": 0.0, "q2": 0.0}
    assert [c.name for c in result.cases if c.passed] == ["q1 - 2"]  # otter names the cases
    assert result.status == "ok"


def test_patches_that_break_the_submissions_own_process_cost_only_its_own_score(write):
    sabotage = """\
import builtins
import exercises.worker as worker
worker.decode = lambda *args, **kwargs: True
builtins.isinstance = lambda *args: True"""
    result = grade_one(write("saboteur", [SETUP, SOFTMAX, MSE, sabotage]))
    assert result.total == 0.0
    assert result.status.startswith("the process exited during the notebook (exit code 1)")


def test_a_worker_that_answers_everything_with_lies_scores_zero(write):
    # It replaces the running worker's serving loop (found through the call stack) with one that
    # says "passed" (or True) to every request.
    fake_server = """\
import sys
import exercises.worker as worker
def serve(sock, namespace):
    while True:
        try:
            request, blobs = worker.receive(sock)
        except Exception:
            return
        worker.send(sock, {"kind": "value", "value": "passed" if request.get("op") == "get" else True})
frame = sys._getframe()
while frame is not None:
    if "serve" in frame.f_globals and "run_cells" in frame.f_globals:
        frame.f_globals["serve"] = serve
        print("patched the running worker")
    frame = frame.f_back"""
    result = grade_one(write("liar", [SETUP, SOFTMAX, MSE, fake_server]))
    assert result.scores == {"q1": 0.0, "q2": 0.0}  # the right answers are there, but it lied
    (public,) = [c for c in result.cases if c.name == "q2 - 1"]
    assert "loss_value is not 3.0" in public.message


def test_a_submission_that_deletes_the_tests_cannot_change_the_next_grade(write, tmp_path):
    tests = tmp_path / "tests"
    shutil.copytree(TINY, tests)
    vandal = f"""\
import pathlib, shutil
import nnlib, exercises.worker
for f in pathlib.Path({str(tests)!r}).iterdir():
    f.unlink()
# and its own copies of the library and the worker
pathlib.Path(nnlib.__file__).write_text("raise ImportError('vandalised')")
pathlib.Path(exercises.worker.__file__).write_text("raise SystemExit(0)")"""
    write("a_vandal", [SETUP, vandal])
    write("b_correct", CORRECT)
    first, second = grade.grade_folder(str(tests), write.folder, jobs=1, **FAST)
    assert list(tests.iterdir()) == []  # the vandal did run
    assert (first.submission, first.total) == ("a_vandal", 0.0)
    assert (second.submission, second.total, second.status) == ("b_correct", 3.0, "ok")


def test_an_endless_loop_in_a_cell_times_out(write):
    result = grade_one(write("loop", [SETUP, SOFTMAX, MSE, "while True:\n    pass"]), timeout=3)
    assert result.total == 0.0
    assert result.status.startswith("timeout: the notebook took longer than 3 s")


def test_an_endless_loop_in_a_function_fails_only_its_tests(write):
    looping = "def softmax(x):\n    while True:\n        pass"
    result = grade_one(write("loop_call", [SETUP, looping, MSE]), test_timeout=2)
    # Each softmax case times out; a fresh process runs the notebook again for the next test.
    assert result.scores == {"q1": 0.0, "q2": 1.0}
    assert "timeout: test q1 - 1 took longer than 2 s" in result.status
    assert "timeout: test q1 - 2 took longer than 2 s" in result.status


def test_an_exception_in_a_cell_does_not_stop_the_next_cells(write):
    result = grade_one(write("exception", [SETUP, "1 / 0", SOFTMAX, MSE]))
    assert result.total == 3.0
    assert result.status == "cell 2 raised ZeroDivisionError: division by zero"


def test_an_exception_in_a_function_fails_its_tests(write):
    raising = "def softmax(x):\n    raise ValueError('not today')"
    result = grade_one(write("raises", [SETUP, raising, MSE]))
    assert result.scores == {"q1": 0.0, "q2": 1.0}
    assert result.status == "ok"
    (public,) = [c for c in result.cases if c.name == "q1 - 1"]
    assert "softmax(...) raised ValueError: not today" in public.message


def test_sys_exit_in_a_cell_is_an_error_of_that_cell(write):
    result = grade_one(write("sys_exit", [SETUP, SOFTMAX, "import sys\nsys.exit(0)", MSE]))
    assert result.total == 3.0
    assert result.status == "cell 3 raised SystemExit: 0"


def test_os_exit_in_a_cell_ends_the_submission_with_a_reason(write):
    result = grade_one(write("os_exit", [SETUP, SOFTMAX, MSE, "import os\nos._exit(3)"]))
    assert result.total == 0.0
    assert result.status == "the process exited during the notebook (exit code 3)"


def test_os_exit_inside_a_function_fails_that_test_only(write):
    exiting = "def softmax(x):\n    import os\n    os._exit(0)"
    result = grade_one(write("exit_call", [SETUP, exiting, MSE]))
    assert result.scores == {"q1": 0.0, "q2": 1.0}
    assert "the process exited during test q1 - 1 (exit code 0)" in result.status


@pytest.mark.parametrize("raw, reason", [
    (bytes(range(256)) * 40, "not a notebook: the file is not JSON"),
    (b'{"name": "not a notebook", "cells": 3}', "not a notebook: the file is JSON but has no list of cells"),
    (b"[1, 2, 3]", "not a notebook: the file is JSON but has no list of cells"),
    (b"", "not a notebook: the file is not JSON"),
])
def test_a_file_that_is_not_a_notebook_gets_its_row(write, tmp_path, raw, reason):
    write("garbage", raw=raw)
    write("correct", CORRECT)
    correct, garbage = grade.grade_folder(str(TINY), write.folder, out=tmp_path / "out", **FAST)
    assert (garbage.total, garbage.status) == (0.0, reason)
    assert correct.total == 3.0
    rows = list(csv.DictReader(open(tmp_path / "out" / "grades.csv")))
    assert [row["submission"] for row in rows] == ["correct", "garbage"]
    assert rows[1]["status"] == reason and rows[1]["total"] == "0"


def test_a_huge_output_is_capped_and_the_answers_still_count(write):
    printer = "for _ in range(100):\n    print('x' * 2**20)"  # 100 MB
    raw_writer = "import os\nfor _ in range(100):\n    os.write(1, b'y' * 2**20)"  # past sys.stdout
    result = grade_one(write("printer", [SETUP, printer, SOFTMAX, raw_writer, MSE]))
    assert result.total == 3.0
    assert "cell 4 raised OSError: [Errno 27] File too large" in result.status
    assert "output past 1 MB was discarded" in result.status


def test_a_memory_hog_hits_the_limit(write):
    hog = "hog = np.ones(3 * 2**30 // 8)  # 3 GB"
    result = grade_one(write("hog", [SETUP, SOFTMAX, hog, MSE]), memory_mb=512)
    assert result.total == 3.0  # the allocation failed in its own cell; the rest ran
    assert result.status.startswith("memory limit (512 MB): cell 3 raised MemoryError")


def test_a_memory_hog_that_dodges_the_rlimit_is_killed(write):
    # Shared anonymous memory is not counted by RLIMIT_DATA; the grader's watch on resident memory is.
    hog = "import mmap\nm = mmap.mmap(-1, 3 * 2**30)\nfor i in range(0, len(m), 4096):\n    m[i] = 1"
    result = grade_one(write("shared_hog", [SETUP, SOFTMAX, MSE, hog]), memory_mb=512)
    assert result.total == 0.0
    assert result.status == "memory limit: more than 512 MB during the notebook"


def test_parallel_grading_gives_the_same_grades(write):
    for name, cells in [("a", CORRECT), ("b", STUDENT), ("c", [SETUP, "1/0", SOFTMAX, MSE]), ("d", CORRECT)]:
        write(name, cells)
    one = grade.grade_folder(str(TINY), write.folder, jobs=1, **FAST)
    two = grade.grade_folder(str(TINY), write.folder, jobs=2, **FAST)
    assert [(r.submission, r.scores, r.status) for r in one] == [(r.submission, r.scores, r.status) for r in two]
    assert [r.total for r in two] == [3.0, 0.0, 3.0, 3.0]


@pytest.mark.parametrize("preload", [(), None], ids=["forked", "fresh"])
def test_a_submissions_temporary_files_go_with_it(preload):
    # The checks cell of every set makes a temporary folder; whatever way the worker ends, it must
    # not stay behind in the machine's /tmp, one per graded submission.
    from exercises.sandbox import Submission, library_snapshot

    cells = ["import tempfile\nwhere = tempfile.mkdtemp(prefix='checks-')"]
    submission = Submission(notebook(cells).encode(), "temp.ipynb", library_snapshot(), preload=preload)
    try:
        submission.run_notebook()
        submission.start_test("where", 10)
        where = pathlib.Path(submission.get("where"))
        assert where.is_dir() and submission.directory in where.parents
    finally:
        submission.close()
    assert not where.exists()


def test_values_travel_as_arrays_and_plain_values_only():
    import numpy as np

    blobs = []
    value = {"a": [1, 2.5, float("nan"), None, "s"], ("t", 1): (np.arange(6).reshape(2, 3), np.float32(2))}
    tree = worker.encode(value, blobs)
    json.dumps(tree)  # a JSON tree, arrays aside as .npy bytes
    back = worker.decode(tree, blobs)
    np.testing.assert_array_equal(back[("t", 1)][0], np.arange(6).reshape(2, 3))
    assert back["a"][:2] == [1, 2.5] and np.isnan(back["a"][2]) and back["a"][3:] == [None, "s"]
    assert type(back[("t", 1)][1]) is np.float32
    assert type(worker.decode(worker.encode(np.float64(32.0), blobs), blobs)) is np.float64
    with pytest.raises(worker.Unencodable):
        worker.encode(lambda x: x, [])  # code never travels
    with pytest.raises(worker.Unencodable):
        worker.encode(np.array([object()]), [])  # nor pickled objects


def test_the_command_line_writes_the_gradebook_and_feedback(write, tmp_path):
    write("correct", CORRECT)
    write("student", STUDENT)
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "exercises.grade", str(TINY), str(write.folder), "--out", str(out),
                           "--timeout", "30", "--jobs", "2"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(open(out / "grades.csv")))
    assert list(rows[0]) == ["submission", "q1", "q2", "total", "possible", "status"]
    assert [(r["submission"], r["total"], r["possible"], r["status"]) for r in rows] == [
        ("correct", "3", "3", "ok"), ("student", "0", "3", "ok")]
    assert sorted(p.name for p in (out / "feedback").iterdir()) == ["correct.txt", "student.txt"]


# --- the real sets of exercises/sets.py ------------------------------------------------------------


def test_list_prints_every_set_with_its_two_notebooks():
    from exercises import sets

    done = subprocess.run([sys.executable, "-m", "exercises.grade", "--list"], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    lines = [line.split("\t") for line in done.stdout.splitlines()]
    assert [line[0] for line in lines] == list(sets.SETS)
    for name, student, solution in lines:
        assert (student, solution) == (sets.SETS[name].student, sets.SETS[name].solution)
        assert (ROOT / student).is_file() and (ROOT / solution).is_file()


def test_a_real_set_solution_student_form_and_patcher(tmp_path):
    from exercises import sets

    name = next(iter(sets.SETS))
    folder = tmp_path / "submissions"
    folder.mkdir()
    shutil.copy(ROOT / sets.SETS[name].solution, folder / "solution.ipynb")
    shutil.copy(ROOT / sets.SETS[name].student, folder / "student.ipynb")
    patched = json.loads((ROOT / sets.SETS[name].student).read_text())
    patched["cells"].append({"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                             "source": "import numpy as np\n" + PATCHES})
    (folder / "student_patched.ipynb").write_text(json.dumps(patched))
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "exercises.grade", name, str(folder), "--out", str(out),
                           "--jobs", "2"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    rows = {row["submission"]: row for row in csv.DictReader(open(out / "grades.csv"))}
    assert rows["solution"]["total"] == rows["solution"]["possible"] and rows["solution"]["status"] == "ok"
    assert float(rows["solution"]["possible"]) > 0
    for form in ("student", "student_patched"):
        assert (rows[form]["total"], rows[form]["status"]) == ("0", "ok")


def test_a_submission_cannot_shadow_the_builtins_a_test_uses(write):
    # q2's public test calls abs (a builtin); the test's globals are never the submission's.
    shadows = "def abs(x):\n    return 0.0\n\nloss_value = 2.0"
    result = grade_one(write("shadows", [SETUP, SOFTMAX, MSE, shadows]))
    # The wrong loss_value fails q2's public case; mse still passes the hidden one, which alone earns
    # nothing.
    assert result.scores == {"q1": 2.0, "q2": 0.0}
    assert [c.passed for c in result.cases if c.question == "q2"] == [False, True]


def test_the_gradebook_never_holds_a_formula(write, tmp_path):
    write("=HYPERLINK(1)", [SETUP, "raise Exception('=1+1')"])
    grade.grade_folder(str(TINY), write.folder, out=tmp_path / "out", **FAST)
    (row,) = csv.DictReader(open(tmp_path / "out" / "grades.csv"))
    assert row["submission"] == "'=HYPERLINK(1)"
    assert row["status"] == "cell 2 raised Exception: =1+1"


def test_a_memory_hog_that_lifts_its_own_limit_is_killed(write):
    # Root may raise its hard limit again; then only the grader's watch on resident memory stops it.
    hog = """\
import resource
try:
    resource.setrlimit(resource.RLIMIT_DATA, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
except (ValueError, OSError):
    pass  # not root: the limit stays, and the allocation below raises MemoryError
hog = np.ones(3 * 2**30 // 8)"""
    result = grade_one(write("lifter", [SETUP, SOFTMAX, MSE, hog]), memory_mb=512)
    assert result.status.startswith("memory limit"), result.status
    assert result.total == (0.0 if "during the notebook" in result.status else 3.0)
