"""A set as a Gradescope autograder: the zip to upload, and what runs in it for each submission.

    python -m exercises.gradescope NAME --out DIR    # writes DIR/NAME_gradescope.zip
    python -m exercises.gradescope --run NAME --root ROOT [--preload MODULE ...]
                                                     # what the zip's run_autograder runs

The zip follows Gradescope's autograder specification (gradescope/autograder_samples,
docs/specs.md, published at https://gradescope-autograders.readthedocs.io/en/latest/specs/):
``setup.sh`` and ``run_autograder`` at its root; Gradescope unpacks it into ``/autograder/source``,
runs ``setup.sh`` once as root when it builds the image, and ``run_autograder`` once per submission,
which must write ``/autograder/results/results.json``. It holds only this repository's files: nnlib,
the grader's modules, the set's test files and ``requirements.txt``, the version ranges of
pyproject.toml for what the grader and the notebooks import (numpy and the ``book`` extra, and
otter-grader, which reads the test files). ``setup.sh`` makes a virtual environment
``/autograder/venv`` with them (Ubuntu's python3, Gradescope's default image).

``run_autograder`` grades the one notebook in ``ROOT/submission`` with this repository's grader, as
``python -m exercises.grade`` does: the notebook runs in its own process with the same limits, the
verdicts are computed in the grader's process. ``AUTOGRADER_ROOT`` overrides ``/autograder`` and
``AUTOGRADER_PYTHON`` the Python (the tests run the whole path in a temporary folder with the
book's own environment). No notebook, or several, earn 0 with a message that says so (students can
submit again); a file that is not a notebook earns 0 with the reason, as in the local grader.

What results.json holds (``results``)
------------------------------------
A question's points are earned whole, when every one of its cases, public and hidden, passes
(``grade.question_score``). So each question has two entries:
- ``"qN: public tests"``, always visible, without points: each public case passed or failed, with
  the failing line, the error and the hint, as the local feedback shows them;
- ``"qN"``, with its score and max_score, visible after the due date: its score shows the hidden
  cases' verdict, so it is shown when they are. Its output lists every case, hidden ones by name
  and verdict only (never their code or messages).
The top-level score is the total; the top-level output (visible) gives the status of the run, with
any part that names a hidden case held back, and the public tests' count. A last entry, visible after
the due date, gives the whole status and the end of what the notebook wrote to stderr. Gradescope
hides a student's total while any scored test is hidden, so scores appear after the due date. What
``run_autograder`` prints (the full local feedback) goes to Gradescope's stdout, shown to
instructors only. Every text is plain text (``output_format`` "text"): students' messages are never
read as HTML.

On Gradescope the grader runs as root, and so does the student's notebook: Gradescope's best
practices suggest running student code as another user, which this grader does not do (see
exercises/grade.py on what the sandbox does not protect against).
"""
import argparse
import io
import json
import os
import pathlib
import sys
import time
import traceback
import zipfile

from exercises import grade, sets
from exercises.sandbox import close_warmed_parents, library_snapshot, preload_for, warm_up
from exercises.testfiles import load_questions

ROOT = sets.ROOT
GRADER_MODULES = ("__init__.py", "grade.py", "gradescope.py", "sandbox.py", "sets.py", "testfiles.py",
                  "worker.py", "zygote.py")
VISIBLE, AFTER_DUE_DATE = "visible", "after_due_date"

SETUP_SH = """\
#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image (written by the book's
# exercises/gradescope.py): a virtual environment with what requirements.txt lists.
set -euo pipefail
apt-get update
apt-get install -y python3 python3-pip python3-venv
python3 -m venv /autograder/venv
/autograder/venv/bin/pip install --upgrade pip
/autograder/venv/bin/pip install -r /autograder/source/requirements.txt
"""

RUN_AUTOGRADER = """\
#!/usr/bin/env bash
# Gradescope runs this for each submission (written by the book's exercises/gradescope.py): the
# book's grader grades the notebook in $ROOT/submission and writes $ROOT/results/results.json.
# AUTOGRADER_ROOT overrides /autograder, AUTOGRADER_PYTHON the Python that setup.sh installed.
ROOT="${{AUTOGRADER_ROOT:-/autograder}}"
cd "$ROOT/source" || exit 1
exec "${{AUTOGRADER_PYTHON:-/autograder/venv/bin/python}}" -m exercises.gradescope --run {name} --root "$ROOT"{preload}
"""


# --- the zip -------------------------------------------------------------------------------------


def requirements():
    """requirements.txt: the version ranges of pyproject.toml for what grading imports."""
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    wanted = project["dependencies"] + extras["book"] + [r for r in extras["dev"] if r.startswith("otter-grader")]
    lines, seen = [], set()
    for requirement in wanted:
        name = requirement.split(">")[0].split("<")[0].split("=")[0].split("[")[0].strip().lower()
        if name not in seen:
            seen.add(name)
            lines.append(requirement)
    return "# From pyproject.toml (exercises/gradescope.py): what the grader and the notebooks import.\n" + \
        "\n".join(lines) + "\n"


def archive_files(name):
    """{path in the zip: (bytes, executable)} for the set ``name``."""
    entry = sets.SETS[name]
    files = {}
    for path in sorted((ROOT / "nnlib").rglob("*.py")):
        files[path.relative_to(ROOT).as_posix()] = (path.read_bytes(), False)
    for module in GRADER_MODULES:
        files[f"exercises/{module}"] = ((ROOT / "exercises" / module).read_bytes(), False)
    for path in sets.question_files(entry):
        files[f"exercises/{name}/tests/{path.name}"] = (path.read_bytes(), False)
    preload = preload_for(ROOT / entry.student)
    run = RUN_AUTOGRADER.format(name=name, preload="".join(f" --preload {m}" for m in preload))
    files["requirements.txt"] = (requirements().encode(), False)
    files["setup.sh"] = (SETUP_SH.encode(), True)
    files["run_autograder"] = (run.encode(), True)
    return files


def build(name, out):
    """Write ``out/NAME_gradescope.zip`` (the same bytes for the same files) and return its path."""
    out = pathlib.Path(out)
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{name}_gradescope.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, (data, executable) in sorted(archive_files(name).items()):
            info = zipfile.ZipInfo(member, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = (0o100755 if executable else 0o100644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    path.write_bytes(buffer.getvalue())
    return path


# --- results.json -------------------------------------------------------------------------------


def _verdict(case):
    return f"{'hidden' if case.hidden else 'public'} test {case.name}: {'passed' if case.passed else 'failed'}"


def public_status(result, hidden_cases):
    """The status, without the parts that name a hidden case (shown before the due date)."""
    parts = [part for part in result.status.split("; ")
             if not any(f"test {name} " in part + " " for name in hidden_cases)]
    held = len(result.status.split("; ")) - len(parts)
    if held:
        parts.append(f"{held} problem(s) during hidden tests, shown after the due date")
    return "; ".join(parts)


def results(result, questions, set_name):
    """Gradescope's results.json (a dict, less execution_time) for one graded submission."""
    hidden_cases = {c.name for c in result.cases if c.hidden}
    public = [c for c in result.cases if not c.hidden]
    tests = []
    for question in questions:
        cases = [c for c in result.cases if c.question == question.name]
        shown = [c for c in cases if not c.hidden]
        lines = []
        for case in shown:
            lines.append(_verdict(case))
            if not case.passed:
                lines += grade.failure_lines(case, "  ")
        if not cases:
            lines.append("not tested: the notebook did not run to the end (see the status above)")
        lines.append("Its hidden tests count too: the question's points need every test, public and hidden, "
                     "to pass. Its score and the hidden tests' results are shown after the due date.")
        if shown or not cases:  # a question with hidden tests only has no public entry
            tests.append({"name": f"{question.name}: public tests", "status": "passed" if shown and all(
                c.passed for c in shown) else "failed", "output": "\n".join(lines), "visibility": VISIBLE})
        score, possible = result.scores[question.name], float(question.possible)
        summary = (f"{grade.format_points(score)} / {grade.format_points(possible)} points: "
                   + ("every test passed." if cases and score == possible else
                      "a question's points need every one of its tests, public and hidden, to pass."))
        tests.append({"name": question.name, "score": score, "max_score": possible,
                      "output": "\n".join([summary] + [_verdict(c) for c in cases]), "visibility": AFTER_DUE_DATE})
    output = [f"Exercise set {set_name}: {result.submission}.ipynb",
              f"Status: {public_status(result, hidden_cases)}",
              f"Public tests: {sum(c.passed for c in public)} of {len(public)} passed (each question's below).",
              "Your score and the hidden tests' results are shown after the due date."]
    details = f"Status: {result.status}"
    if result.log.strip():
        details += "\n\nThe end of what your notebook wrote to stderr:\n" + result.log.rstrip()
    tests.append({"name": "Grading status", "status": "passed" if result.status == "ok" else "failed",
                  "output": details, "visibility": AFTER_DUE_DATE})
    return {"score": result.total, "output": "\n".join(output), "output_format": "text",
            "test_output_format": "text", "test_name_format": "text", "stdout_visibility": "hidden",
            "tests": tests}


def no_grade(message):
    """results.json for a submission that could not be graded: 0 points and why."""
    return {"score": 0.0, "output": message, "output_format": "text", "stdout_visibility": "hidden", "tests": []}


def submitted_notebooks(folder):
    """The .ipynb files of a submission (Jupyter's checkpoints and macOS's zip folders left out)."""
    return sorted(p for p in pathlib.Path(folder).rglob("*.ipynb")
                  if p.is_file() and not {".ipynb_checkpoints", "__MACOSX"} & set(p.parts))


def run(name, root, preload=()):
    """Grade ``root/submission`` against the set ``name`` (its tests in this source tree); write
    ``root/results/results.json`` whatever happens, and return it."""
    started = time.monotonic()
    root = pathlib.Path(root)
    try:
        notebooks = submitted_notebooks(root / "submission")
        if len(notebooks) == 1:
            library = library_snapshot()
            warm_up(library, preload)  # while the tests' own imports are made
            questions = load_questions(sets.find(f"exercises/{name}/tests"))
            result = grade.grade_submission(questions, notebooks[0], library=library, preload=tuple(preload))
            close_warmed_parents()  # and with them anything the submission left running
            output = results(result, questions, name)
            print(grade.feedback(result, name))  # stdout: for instructors only
        elif not notebooks:
            output = no_grade("No notebook (.ipynb) was found in your submission: submit your completed "
                              "student notebook, the .ipynb file itself.")
        else:
            listed = ", ".join(p.relative_to(root / "submission").as_posix() for p in notebooks)
            output = no_grade(f"Your submission holds {len(notebooks)} notebooks ({listed}): submit exactly one "
                              ".ipynb file, your completed student notebook.")
    except Exception:
        traceback.print_exc(file=sys.stdout)
        output = no_grade("The autograder failed on its own (not because of your notebook): tell your "
                          "instructor, who can see what happened.")
    output["execution_time"] = max(0, round(time.monotonic() - started))
    (root / "results").mkdir(parents=True, exist_ok=True)
    (root / "results" / "results.json").write_text(json.dumps(output, indent=1), encoding="utf-8")
    return output


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m exercises.gradescope", description=__doc__.split("\n\n")[0])
    parser.add_argument("name", nargs="?", help="the exercise set (python -m exercises.grade --list)")
    parser.add_argument("--out", help="the folder the zip is written to")
    parser.add_argument("--run", metavar="NAME", help="grade ROOT/submission (what run_autograder does)")
    parser.add_argument("--root", default=os.environ.get("AUTOGRADER_ROOT", "/autograder"),
                        help="the autograder root (default $AUTOGRADER_ROOT, else /autograder)")
    parser.add_argument("--preload", action="append", default=[], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.run:
        run(args.run, args.root, args.preload)
        return 0
    if not (args.name and args.out):
        parser.error("give NAME --out DIR (or --run NAME, as run_autograder does)")
    if args.name not in sets.SETS:
        parser.error(f"no exercise set {args.name!r}; the sets are: {', '.join(sets.SETS)}")
    print(build(args.name, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
