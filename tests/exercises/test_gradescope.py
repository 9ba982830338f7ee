"""The Gradescope export: the zip, and its run_autograder run end to end in a temporary autograder root.

The zip of a real set (the first of exercises/sets.py) is unpacked as Gradescope unpacks it, and
``run_autograder`` runs as Gradescope runs it, with ``AUTOGRADER_ROOT`` pointing at a temporary
folder and ``AUTOGRADER_PYTHON`` at this environment's Python (setup.sh, which installs packages,
is not run). Every results.json is validated against gradescope_results.schema.json, written from
Gradescope's specification. The tests do not depend on the set's questions: they read its tests.
"""
import json
import os
import pathlib
import shutil
import stat
import subprocess
import sys
import time
import zipfile

import pytest

from exercises import gradescope, sets
from exercises.grade import CaseResult, Result
from exercises.testfiles import load_questions

jsonschema = pytest.importorskip("jsonschema")

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCHEMA = json.loads((pathlib.Path(__file__).parent / "gradescope_results.schema.json").read_text())
TINY = ROOT / "tests" / "exercises" / "grader_cases" / "tiny" / "tests"
NAME = next(iter(sets.SETS))


def validate(results):
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.validate(results, SCHEMA, cls=jsonschema.Draft202012Validator)


@pytest.fixture(scope="module")
def autograder_zip(tmp_path_factory):
    return gradescope.build(NAME, tmp_path_factory.mktemp("zip"))


def notebook_json(path):
    return json.loads(pathlib.Path(path).read_text(encoding="utf-8"))


def run_autograder(autograder_zip, root, submission_files):
    """Lay out ``root`` as Gradescope does, run run_autograder, return the results.json it wrote."""
    with zipfile.ZipFile(autograder_zip) as archive:
        archive.extractall(root / "source")
    for name in ("run_autograder", "setup.sh"):  # zipfile does not restore permissions
        (root / "source" / name).chmod(0o755)
    shutil.copy(root / "source" / "run_autograder", root / "run_autograder")
    (root / "submission").mkdir()
    for name, data in submission_files.items():
        (root / "submission" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "submission" / name).write_text(json.dumps(data) if not isinstance(data, str) else data)
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "AUTOGRADER_PYTHON": sys.executable}
    done = subprocess.run([str(root / "run_autograder")], cwd=root, env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads((root / "results" / "results.json").read_text())
    validate(results)
    return results, done.stdout


def scored(results):
    return [t for t in results["tests"] if "score" in t]


def test_the_zip_holds_what_gradescope_runs_and_only_the_repository_files(autograder_zip, tmp_path):
    with zipfile.ZipFile(autograder_zip) as archive:
        infos = {info.filename: info for info in archive.infolist()}
        requirements = archive.read("requirements.txt").decode()
        run = archive.read("run_autograder").decode()
    for script in ("setup.sh", "run_autograder"):  # at the root, executable, bash that parses
        assert stat.S_IMODE(infos[script].external_attr >> 16) == 0o755
        with zipfile.ZipFile(autograder_zip) as archive:
            (tmp_path / script).write_bytes(archive.read(script))
        subprocess.run(["bash", "-n", str(tmp_path / script)], check=True)
    tests = {f"exercises/{NAME}/tests/{p.name}" for p in sets.question_files(sets.SETS[NAME])}
    assert tests <= set(infos)
    others = set(infos) - tests - {"setup.sh", "run_autograder", "requirements.txt"}
    assert all(n.startswith("nnlib/") or n in {f"exercises/{m}" for m in gradescope.GRADER_MODULES} for n in others)
    assert not any(n.endswith(".ipynb") for n in infos)  # no solution, no source, no student form
    assert f"--run {NAME} " in run and "AUTOGRADER_ROOT" in run and "AUTOGRADER_PYTHON" in run
    # The ranges are pyproject.toml's, for what grading imports: nnlib's, the book's and otter-grader.
    tomllib = pytest.importorskip("tomllib")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["book"] + [
        r for r in project["optional-dependencies"]["dev"] if r.startswith("otter-grader")]
    lines = [line for line in requirements.splitlines() if not line.startswith("#")]
    assert set(lines) == set(wanted) and len(lines) == len(set(lines))
    assert any(line.startswith("tensorflow") for line in lines) and any(line.startswith("otter-grader") for line in lines)
    assert gradescope.build(NAME, tmp_path).read_bytes() == autograder_zip.read_bytes()  # reproducible


def test_the_solution_earns_full_marks(autograder_zip, tmp_path):
    entry = sets.SETS[NAME]
    results, stdout = run_autograder(autograder_zip, tmp_path, {"my_work.ipynb": notebook_json(ROOT / entry.solution)})
    questions = load_questions(entry)
    assert [t["name"] for t in scored(results)] == [q.name for q in questions]
    assert all(t["score"] == t["max_score"] for t in scored(results))
    assert results["score"] == sum(float(q.possible) for q in questions) > 0
    assert "Status: ok" in results["output"] and isinstance(results["execution_time"], int)
    assert f"Score: {results['score']:g} / {results['score']:g}" in stdout  # the full feedback, instructors only


def test_the_blank_student_form_earns_zero_and_says_why(autograder_zip, tmp_path):
    entry = sets.SETS[NAME]
    results, _ = run_autograder(autograder_zip, tmp_path, {"student.ipynb": notebook_json(ROOT / entry.student)})
    assert results["score"] == 0 and all(t["score"] == 0 for t in scored(results))
    public = [t for t in results["tests"] if t["name"].endswith(": public tests")]
    assert public and all(t["status"] == "failed" and t["visibility"] == "visible" for t in public)
    assert any("Hint:" in t["output"] for t in public)  # the public failures say why


HOSTILE = """\
import builtins, os, sys, time
import numpy as np, numpy.testing
import otter
numpy.testing.assert_allclose = lambda *args, **kwargs: None
np.allclose = lambda *args, **kwargs: True
builtins.AssertionError = type("AssertionError", (Exception,), {})
otter.Notebook.check = lambda self, *args, **kwargs: print("All tests passed!")
ROOT = os.environ.get("AUTOGRADER_ROOT", "/autograder")
with open(ROOT + "/results/results.json", "w") as f:  # written by the grader only after this ran
    f.write('{"score": 1000}')
if os.fork() == 0:  # a process that leaves the submission's process group to outlive it
    os.setsid()
    if os.fork() == 0:
        time.sleep(4)
        with open(ROOT + "/results/results.json", "w") as f:
            f.write('{"score": 1000}')
        with open(ROOT + "/survived", "w") as f:
            f.write("the process left behind outlived its submission")
    os._exit(0)
print("All tests passed!")
raise RuntimeError("the grader should say this cell raised")"""


def test_a_hostile_submission_earns_what_its_answers_earn_with_the_reason(autograder_zip, tmp_path):
    entry = sets.SETS[NAME]
    solution, student = notebook_json(ROOT / entry.solution), notebook_json(ROOT / entry.student)
    # One answer left blank, as in the student form: the question it answers earns nothing.
    answers = [i for i, (a, b) in enumerate(zip(solution["cells"], student["cells"]))
               if a["cell_type"] == "code" and a["source"] != b["source"]
               and "grader.check" not in "".join(a["source"])]
    assert len(solution["cells"]) == len(student["cells"]) and answers
    solution["cells"][answers[0]] = student["cells"][answers[0]]
    solution["cells"].append({"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                              "source": HOSTILE})
    (tmp_path / "results").mkdir()
    results, _ = run_autograder(autograder_zip, tmp_path, {"hostile.ipynb": solution})
    possible = sum(t["max_score"] for t in scored(results))
    zero = [t for t in scored(results) if t["score"] == 0]
    assert len(zero) == 1 and all(t["score"] == t["max_score"] for t in scored(results) if t not in zero)
    assert results["score"] == possible - zero[0]["max_score"] > 0
    cell = len(solution["cells"]) - sum(c["cell_type"] != "code" for c in solution["cells"])
    assert f"cell {cell} raised RuntimeError: the grader should say this cell raised" in results["output"]
    (failed,) = [t for t in results["tests"] if t["name"] == f"{zero[0]['name']}: public tests"]
    assert failed["status"] == "failed"
    time.sleep(6)  # the process it left behind would have written by now
    assert not (tmp_path / "survived").exists()
    assert json.loads((tmp_path / "results" / "results.json").read_text()) == results


@pytest.mark.parametrize("files, says", [
    ({}, "No notebook (.ipynb) was found"),
    ({"a.ipynb": "{}", "work/b.ipynb": "{}"}, "holds 2 notebooks (a.ipynb, work/b.ipynb)"),
])
def test_no_notebook_or_several_earn_zero_with_a_message(autograder_zip, tmp_path, files, says):
    results, _ = run_autograder(autograder_zip, tmp_path, {**files, ".ipynb_checkpoints/a-checkpoint.ipynb": "{}"})
    assert results["score"] == 0 and results["tests"] == [] and says in results["output"]


def test_hidden_cases_are_never_shown_and_scores_wait_for_the_due_date():
    questions = load_questions(str(TINY))
    cases = [CaseResult("q1", "q1 - 1", False, False, "softmax gave inf or nan", "Subtract the maximum."),
             CaseResult("q1", "q1 - 2", True, False, "SECRET expected values", None),
             CaseResult("q2", "q2 - 1", False, True), CaseResult("q2", "q2 - 2", True, True)]
    status = "cell 3 raised NameError: x; timeout: test q1 - 2 took longer than 20 s"
    result = Result("alice", {"q1": 0.0, "q2": 1.0}, {"q1": 2, "q2": 1}, status, cases, log="Traceback ...")
    results = gradescope.results(result, questions, "tiny")
    validate({**results, "execution_time": 3})
    assert "SECRET" not in json.dumps(results)  # a hidden case's message, nowhere
    visible = [results["output"]] + [t["output"] for t in results["tests"] if t["visibility"] == "visible"]
    assert not any("q1 - 2" in text for text in visible)  # nor its name before the due date
    assert "cell 3 raised NameError: x" in results["output"]
    assert "1 problem(s) during hidden tests, shown after the due date" in results["output"]
    assert {t["name"]: t["visibility"] for t in results["tests"]} == {
        "q1: public tests": "visible", "q1": "after_due_date", "q2: public tests": "visible",
        "q2": "after_due_date", "Grading status": "after_due_date"}
    assert all("score" not in t for t in results["tests"] if t["visibility"] == "visible")
    (q1,) = [t for t in results["tests"] if t["name"] == "q1"]
    assert (q1["score"], q1["max_score"]) == (0.0, 2.0) and "hidden test q1 - 2: failed" in q1["output"]
    (public,) = [t for t in results["tests"] if t["name"] == "q1: public tests"]
    assert "softmax gave inf or nan" in public["output"] and "Hint: Subtract the maximum." in public["output"]
    assert results["score"] == 1.0 and results["output_format"] == results["test_output_format"] == "text"
