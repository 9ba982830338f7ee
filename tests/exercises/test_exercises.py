"""The graded exercise sets: generated files current, student forms clean, both forms graded right.

For each set of exercises/sets.py:
- the committed student form, solution and test files are what ``python -m exercises.build``
  generates from the set's otter master (the solution compared without its outputs, which nbval
  checks);
- the student form holds no line of a solution and no hidden test;
- the solution's stored checks all passed (that the grader gives it full marks, question by
  question, tests/exercises/test_guesses.py checks, before it grades the guesses);
- the untouched student form, copied alone into an empty folder, runs top to bottom without an
  error (its checks report failures, with a hint) and the grader gives it zero, with status ok.
"""
import ast
import json
import pathlib
import re
import shutil

import nbformat
import pytest

from exercises import build
from exercises.sets import ROOT, SETS, question_files

NAMES = sorted(SETS)


def test_there_are_sets_for_every_chapter():
    chapters = sorted(p.stem for p in (ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))
    assert sorted(SETS) == chapters, "one exercise set per chapter, named like the chapter"


def test_each_set_has_six_to_ten_graded_items_and_sixty_in_all():
    counts = {name: len(question_files(name)) for name in NAMES}
    for name, count in counts.items():
        assert 6 <= count <= 10, f"{name} has {count} graded questions, not 6 to 10"
    assert sum(counts.values()) >= 60, counts


def _without_outputs(nb):
    nb = json.loads(json.dumps(nb))
    nb["metadata"].pop("language_info", None)  # the kernel fills it in when the solution is executed
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    return nb


@pytest.mark.parametrize("name", NAMES)
def test_generated_files_are_current(name, tmp_path):
    entry = SETS[name]
    build.generate(ROOT / entry.folder, tmp_path)
    hint = f"run: python -m exercises.build {name}"
    assert (tmp_path / "student.ipynb").read_text() == (ROOT / entry.student).read_text(), hint
    fresh = nbformat.read(tmp_path / "solution.ipynb", as_version=4)
    stored = nbformat.read(ROOT / entry.solution, as_version=4)
    assert _without_outputs(fresh) == _without_outputs(stored), hint
    fresh_tests = {p.name: p.read_text() for p in (tmp_path / "tests").iterdir()}
    stored_tests = {p.name: p.read_text() for p in (ROOT / entry.tests).iterdir() if p.suffix == ".py"}
    assert fresh_tests == stored_tests, hint


def _solution_lines(source_nb):
    """Every line of the master's solutions: inside BEGIN/END SOLUTION, and each `# SOLUTION` line."""
    lines = []
    for cell in source_nb.cells:
        if cell.cell_type != "code":
            continue
        inside = False
        for line in cell.source.splitlines():
            stripped = line.strip()
            if stripped == "# BEGIN SOLUTION":
                inside = True
            elif stripped == "# END SOLUTION":
                inside = False
            elif inside:
                lines.append(stripped)
            elif stripped.endswith("# SOLUTION"):
                lines.append(stripped[: -len("# SOLUTION")].strip())
    return [line for line in lines if len(line) > 8 and not _is_import(line)]


def _is_import(line):
    """Import lines say nothing of an answer (the student form imports the same modules)."""
    return line.startswith(("import ", "from "))


def _given_lines(source_nb):
    """The lines of the code the master gives before its first question (imports, data)."""
    lines = set()
    for cell in source_nb.cells:
        if cell.cell_type == "raw" and cell.source.startswith("# BEGIN QUESTION"):
            break
        if cell.cell_type == "code":
            lines |= {line.strip() for line in cell.source.splitlines()}
    return lines


def _student_tests(student_nb):
    """The public tests the student form carries: ``{question: test file}``, from its checks cell's
    lines ``TESTS["q1"] = r'''...'''`` (read as literals, never run)."""
    tests = {}
    for cell in student_nb.cells:
        if build.CHECKS_TAG in cell.metadata.get("tags", []):
            for node in ast.walk(ast.parse(cell.source)):
                if (isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Subscript)
                        and getattr(node.targets[0].value, "id", "") == "TESTS"):
                    tests[ast.literal_eval(node.targets[0].slice)] = ast.literal_eval(node.value)
    return tests


def _student_text(student_nb):
    """Everything a student receives: cell sources, the public tests they hold, the metadata."""
    parts = [cell.source for cell in student_nb.cells]
    parts += list(_student_tests(student_nb).values())
    parts.append(json.dumps(student_nb.metadata))
    return "\n".join(parts)


def _test_functions(code):
    """(name, hidden, body lines) of each test function of an otter exception-based test file."""
    found = []
    for node in ast.parse(code).body:
        if isinstance(node, ast.FunctionDef):
            hidden = any(k.arg == "hidden" and ast.literal_eval(k.value)
                         for d in node.decorator_list if isinstance(d, ast.Call) for k in d.keywords)
            body = ast.unparse(node).splitlines()[1:]
            found.append((node.name, hidden, [line.strip() for line in body]))
    return found


@pytest.mark.parametrize("name", NAMES)
def test_student_form_holds_no_solution_and_no_hidden_test(name):
    entry = SETS[name]
    source = nbformat.read(ROOT / entry.source, as_version=4)
    student = nbformat.read(ROOT / entry.student, as_version=4)
    text = _student_text(student)
    student_lines = {line.strip() for line in text.splitlines()}  # whole lines: a hint may quote code
    solution_lines = _solution_lines(source)
    assert solution_lines, f"{name}: found no solution lines in the master"
    for line in solution_lines:
        assert line not in student_lines, f"{name}: the student form holds the solution line {line!r}"
    functions = [f for path in question_files(name) for f in _test_functions(path.read_text())]
    public_lines = {line for _, hidden, body in functions if not hidden for line in body}
    public_lines |= _given_lines(source)  # a hidden test may remake the data the set gives
    hidden = [f for f in functions if f[1]]
    assert hidden, f"{name}: no hidden tests"
    for function, _, body in hidden:
        assert function not in text, f"{name}: the student form holds the hidden test {function}"
        for line in body:
            if line not in public_lines and len(line) > 8 and not _is_import(line):
                assert line not in student_lines, f"{name}: the student form holds a hidden test's line {line!r}"
    assert "hidden=True" not in text


@pytest.mark.parametrize("name", NAMES)
def test_student_form_carries_every_public_test_readably(name):
    """The checks cell holds each question's public tests as a block of code a student can read in
    Jupyter or Colab (not one escaped string), and they are exactly the public cases of its file."""
    student = nbformat.read(ROOT / SETS[name].student, as_version=4)
    (cell,) = [c for c in student.cells if build.CHECKS_TAG in c.metadata.get("tags", [])]
    carried = _student_tests(student)
    files = question_files(name)
    assert sorted(carried) == sorted(p.stem for p in files)
    for path in files:
        public = [f for f, hidden, _ in _test_functions(path.read_text()) if not hidden]
        assert [f for f, _, _ in _test_functions(carried[path.stem])] == public, path.stem
        first = next(line for line in carried[path.stem].splitlines() if line.startswith("def "))
        assert first in cell.source.splitlines(), f"{path.stem}: its tests are not shown line by line"


@pytest.mark.parametrize("name", NAMES)
def test_stored_solution_passes_its_checks(name):
    solution = nbformat.read(ROOT / SETS[name].solution, as_version=4)
    checks = [c for c in solution.cells if c.cell_type == "code" and c.source.startswith("print(grader.check(")]
    assert len(checks) == len(question_files(name))
    for cell in checks:
        question = re.search(r'check\("(\w+)"\)', cell.source).group(1)
        text = "".join(o.get("text", "") for o in cell.outputs)
        assert text == f"{question} results: All test cases passed!\n", f"{name} {question}: {text}"


@pytest.fixture(scope="module")
def grader():
    return pytest.importorskip("exercises.grade")


@pytest.mark.parametrize("name", NAMES)
def test_untouched_student_form_runs_alone_and_scores_zero(name, grader, tmp_path):
    from nbclient import NotebookClient

    alone = tmp_path / "alone"
    alone.mkdir()
    path = alone / "student.ipynb"
    shutil.copy(ROOT / SETS[name].student, path)
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(alone)}}).execute()  # raises on any error
    checks = [c for c in nb.cells if c.cell_type == "code" and c.source.startswith("grader.check(")]
    assert len(checks) == len(question_files(name))
    for cell in checks:
        shown = json.dumps([o.get("data", o.get("text")) for o in cell.outputs])
        assert "results" in shown and "All test cases passed" not in shown, shown[:500]
        assert "Hint" in shown, f"{name}: a failing check gives no hint: {shown[:500]}"
    assert sorted(p.name for p in alone.iterdir()) == ["student.ipynb"], "the checks wrote files beside it"

    result = grader.grade_submission(name, ROOT / SETS[name].student)
    assert result.status == "ok", result.status
    assert result.total == 0 and result.total_possible > 0, result.scores


def test_book_lists_every_student_form_and_no_solution():
    from tools.notebooks import toc_files

    listed = [entry for entry in toc_files() if entry.startswith("exercises/")]
    assert listed == [SETS[name].student.removesuffix(".ipynb") for name in NAMES], (
        "the Exercises part of _toc.yml lists each set's student form, in order, and nothing else "
        "from exercises/ (solutions and masters are never published)"
    )
