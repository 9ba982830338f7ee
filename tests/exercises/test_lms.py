"""Canvas and Moodle grade files for a graded class, checked against the columns each LMS documents.

The class is graded with the tiny set of tests/exercises/grader_cases (q1: 2 points, q2: 1 point) by
the command line, with a roster. The checks follow what each importer reads:
- Canvas (its GradebookImporter and the Instructor Guide's "How do I import grades in the
  Gradebook?"): a header whose first columns are Student, ID, then SIS User ID and SIS Login ID, then
  Section; one column per assignment, "Title (assignment id)"; a "Points Possible" row; then one row
  per student, found by ID, SIS User ID, SIS Login ID or name.
- Moodle (MoodleDocs "Grade import", grade/import/csv/classes/load_data.php): a header row, one
  identifier column mapped to a user field ("Email address" to useremail), one column per grade item;
  every row must name a user of the course (one unknown user and the whole import is refused), and a
  grade is a number (or empty or "-" for none).
"""
import csv
import subprocess
import sys

import pytest

from exercises import lms
from tests.exercises.test_grader import MSE, ROOT, SOFTMAX, TINY, notebook

SETUP = "import numpy as np"  # not test_grader's, which imports otter
NAIVE = "def softmax(x):\n    return np.exp(x) / np.exp(x).sum(axis=-1, keepdims=True)"

ROSTER = """\ufeffSubmission,Name,Email,Student_ID,Canvas_ID,Login,Section,Notes
alice,"Smith, Alice",alice@uni.example,A001,101,asmith,Section 1,
bob,"Jones, Bob",bob@uni.example,A002,102,bjones,Section 2,
carol,"Lee, Carol",,A003,,clee,Section 1,no email on file
dan,"Wu, Dan",dan@uni.example,A004,104,dwu,Section 2,did not submit
"""


def check_canvas(rows, title, possible):
    """``rows`` are a file Canvas's gradebook import reads as they are."""
    header, points, students = rows[0], rows[1], rows[2:]
    assert header[:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert header[5:] == [title]  # "Title (id)" or "Title"
    assert points[0].strip() == "Points Possible" and points[1:5] == ["", "", "", ""]
    assert float(points[5]) == possible
    for row in students:
        assert len(row) == len(header)
        assert any(row[:4]), "a row Canvas can find its student by"
        assert 0 <= float(row[5]) <= possible
    return {row[1] or row[3]: float(row[5]) for row in students}


def check_moodle(rows, identifier, title):
    header, students = rows[0], rows[1:]
    assert header == [identifier, title]
    for row in students:
        assert len(row) == 2 and row[0], "every row names a user (Moodle refuses the file otherwise)"
        float(row[1])
    return {row[0]: float(row[1]) for row in students}


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("class")
    folder = tmp_path / "submissions"
    folder.mkdir()
    for name, cells in {"alice": [SETUP, SOFTMAX, MSE], "bob": [SETUP, NAIVE, MSE], "carol": [SETUP, SOFTMAX, MSE],
                        "erin": [SETUP, SOFTMAX, MSE]}.items():
        (folder / f"{name}.ipynb").write_text(notebook(cells))
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "exercises.grade", str(TINY), str(folder), "--out", str(out),
                           "--jobs", "2", "--roster", str(tmp_path / "roster.csv"), "--assignment", "Exercises 3",
                           "--canvas-id", "5512"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return out, done.stdout, tmp_path / "roster.csv"


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def test_the_canvas_file_has_canvas_columns_and_the_points(graded_class):
    out, stdout, _ = graded_class
    scores = check_canvas(read(out / "canvas.csv"), "Exercises 3 (5512)", 3.0)
    # bob's naive softmax fails q1's public case: q1 earns nothing, q2 its point. carol has no Canvas ID:
    # Canvas finds her by SIS Login ID.
    assert scores == {"101": 3.0, "102": 1.0, "clee": 3.0}
    rows = read(out / "canvas.csv")
    assert rows[2][:5] == ["Smith, Alice", "101", "A001", "asmith", "Section 1"]
    # dan did not submit, erin is not in the roster: both left out, and said so.
    assert "dan" in stdout and "'erin' is in no row of the roster" in stdout


def test_the_moodle_file_identifies_students_by_email_or_id_number(graded_class, tmp_path):
    out, stdout, roster = graded_class
    by_email = check_moodle(read(out / "moodle.csv"), "Email address", "Exercises 3")
    assert by_email == {"alice@uni.example": 3.0, "bob@uni.example": 1.0}
    assert "'carol': no email in the roster" in stdout  # a row Moodle could not match would refuse the file
    # The same from grades.csv, by ID number.
    done = subprocess.run([sys.executable, "-m", "exercises.lms", str(out / "grades.csv"), str(roster),
                           "--out", str(tmp_path / "again"), "--assignment", "Exercises 3", "--moodle-id", "idnumber"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    by_number = check_moodle(read(tmp_path / "again" / "moodle.csv"), "ID number", "Exercises 3")
    assert by_number == {"A001": 3.0, "A002": 1.0, "A003": 3.0}
    assert read(tmp_path / "again" / "canvas.csv")[2:] == read(out / "canvas.csv")[2:]


def test_without_a_canvas_id_the_column_is_the_title_alone():
    rows, problems = lms.canvas_rows([("alice", 2.5, 3.0)], {"alice": {**dict.fromkeys(lms.ROSTER_COLUMNS, ""),
                                                                       "submission": "alice", "name": "Smith, Alice"}},
                                     "Exercises 3")
    assert check_canvas(rows, "Exercises 3", 3.0) == {"": 2.5} and problems == []


def test_a_roster_must_name_submissions_once(tmp_path):
    (tmp_path / "no_column.csv").write_text("name,email\nAlice,a@x\n")
    with pytest.raises(ValueError, match="no 'submission' column"):
        lms.read_roster(tmp_path / "no_column.csv")
    (tmp_path / "twice.csv").write_text("submission,email\nalice,a@x\nalice,b@x\n")
    with pytest.raises(ValueError, match="line 3: submission 'alice' is listed twice"):
        lms.read_roster(tmp_path / "twice.csv")


def test_names_the_gradebook_quoted_are_read_back(tmp_path):
    (tmp_path / "grades.csv").write_text("submission,q1,total,possible,status\n'=cmd,1,1,2,ok\nbob,2,2,2,ok\n")
    assert lms.read_grades(tmp_path / "grades.csv") == [("=cmd", 1.0, 2.0), ("bob", 2.0, 2.0)]
