"""The class's grades as files that Canvas and Moodle import as they are.

    python -m exercises.grade NAME SUBMISSIONS_DIR --out OUT --roster ROSTER.csv [--assignment TITLE]
                              [--canvas-id ID] [--moodle-id email|idnumber]
    python -m exercises.lms OUT/grades.csv ROSTER.csv --out OUT [--assignment TITLE] [...]

write ``OUT/canvas.csv`` and ``OUT/moodle.csv``: one row per student of the roster whose submission
was graded, with the submission's total points. The grader knows submissions by file name; the LMS
knows students by its own identifiers: the roster maps the one to the other.

The roster
----------
A CSV file (UTF-8, a header row, any column order, other columns ignored), one row per student:

- ``submission`` (required): the name of the student's notebook without ``.ipynb``, as in the
  ``submission`` column of grades.csv;
- ``name``: the student's name as the LMS shows it (Canvas: "Last, First");
- ``email``: the student's email address in the LMS (Moodle's usual identifier);
- ``student_id``: the institution's student number (Canvas "SIS User ID", Moodle "ID number");
- ``canvas_id``: Canvas's own user ID (the "ID" column of a gradebook exported from Canvas);
- ``login``: Canvas's "SIS Login ID";
- ``section``: Canvas's "Section".

Canvas needs one of canvas_id, student_id, login or name per student; Moodle needs the column its
``--moodle-id`` names (email, or student_id for "ID number").

canvas.csv (Canvas: Grades > Import)
------------------------------------
The columns of a gradebook Canvas exports: ``Student, ID, SIS User ID, SIS Login ID, Section``, then
one column for the assignment, headed ``TITLE (ID)`` when the Canvas assignment's ID is given
(``--canvas-id``: Canvas then updates that assignment) or ``TITLE`` (Canvas then matches an
assignment of exactly that title, or creates one); the second row is ``Points Possible`` with the
set's points in that column. Canvas matches each row's student by ID, then SIS User ID, then SIS
Login ID, then name (its GradebookImporter, canvas-lms app/models/gradebook_importer.rb; Canvas
Instructor Guide, "How do I import grades in the Gradebook?").

moodle.csv (Moodle: Grades > Import > CSV file)
-----------------------------------------------
Two columns: the identifier, headed ``Email address`` or ``ID number`` as in Moodle's own export,
and the grade, headed TITLE. In the import's mapping, map from that identifier to "useremail" (or
"useridnumber") and the TITLE column to the grade item (or a new one). Moodle refuses the whole file
when a row's user is not found, so a student without the identifier is left out (and reported); it
compares email addresses case-sensitively (MoodleDocs, "Grade import"; Moodle's
grade/import/csv/classes/load_data.php).

A student of the roster without a graded submission is left out of both files (the LMS keeps what it
has) and reported, as is a graded submission that no roster row names.
"""
import argparse
import csv
import pathlib
import sys

from exercises.grade import format_points, spreadsheet_text

ROSTER_COLUMNS = ("submission", "name", "email", "student_id", "canvas_id", "login", "section")
CANVAS_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
MOODLE_IDS = {"email": ("email", "Email address"), "idnumber": ("student_id", "ID number")}


def read_roster(path):
    """{submission: {column: value}} from a roster file; raises ValueError on what cannot work."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        header = [(column or "").strip().lower() for column in (reader.fieldnames or [])]
        if "submission" not in header:
            raise ValueError(f"{path}: the roster has no 'submission' column (its columns: {', '.join(header)})")
        roster = {}
        for number, row in enumerate(reader, start=2):
            entry = {column: "" for column in ROSTER_COLUMNS}
            entry.update({k.strip().lower(): (v or "").strip() for k, v in row.items() if k and k.strip().lower()
                          in ROSTER_COLUMNS})
            if not entry["submission"]:
                continue
            if entry["submission"] in roster:
                raise ValueError(f"{path}, line {number}: submission {entry['submission']!r} is listed twice")
            roster[entry["submission"]] = entry
    return roster


def grades_of(results):
    """[(submission, total, possible)] from the grader's Result objects."""
    return [(r.submission, r.total, r.total_possible) for r in results]


def read_grades(path):
    """[(submission, total, possible)] from a grades.csv the grader wrote."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [(spreadsheet_text(row["submission"]), float(row["total"]), float(row["possible"])) for row in rows]


def _match(grades, roster):
    """(roster entry, total) for each graded submission in the roster, and what did not match."""
    matched, problems = [], []
    graded = {submission: total for submission, total, _ in grades}
    for submission in graded:
        if submission not in roster:
            problems.append(f"submission {submission!r} is in no row of the roster: left out")
    for submission, entry in roster.items():
        if submission in graded:
            matched.append((entry, graded[submission]))
        else:
            problems.append(f"{entry['name'] or submission}: no graded submission {submission!r}: left out")
    return matched, problems


def canvas_rows(grades, roster, assignment, canvas_id=None):
    """The rows of canvas.csv (header and Points Possible first), and the problems met."""
    possible = max((p for _, _, p in grades), default=0.0)
    title = f"{assignment} ({canvas_id})" if canvas_id else assignment
    rows = [[*CANVAS_COLUMNS, title], ["Points Possible", "", "", "", "", format_points(possible)]]
    matched, problems = _match(grades, roster)
    for entry, total in matched:
        if not any(entry[k] for k in ("canvas_id", "student_id", "login", "name")):
            problems.append(f"submission {entry['submission']!r}: the roster gives Canvas nothing to find the "
                            "student by (canvas_id, student_id, login or name): left out")
            continue
        rows.append([entry["name"], entry["canvas_id"], entry["student_id"], entry["login"], entry["section"],
                     format_points(total)])
    return rows, problems


def moodle_rows(grades, roster, assignment, moodle_id="email"):
    """The rows of moodle.csv (header first), and the problems met."""
    column, heading = MOODLE_IDS[moodle_id]
    rows = [[heading, assignment]]
    matched, problems = _match(grades, roster)
    for entry, total in matched:
        if not entry[column]:
            problems.append(f"submission {entry['submission']!r}: no {column} in the roster, which Moodle "
                            f"needs to find the student: left out")
            continue
        rows.append([entry[column], format_points(total)])
    return rows, problems


def write_lms_files(grades, roster, out, assignment, canvas_id=None, moodle_id="email"):
    """Write out/canvas.csv and out/moodle.csv; return the problems (each file's, once)."""
    out = pathlib.Path(out)
    out.mkdir(parents=True, exist_ok=True)
    problems = []
    for name, (rows, found) in (("canvas.csv", canvas_rows(grades, roster, assignment, canvas_id)),
                                ("moodle.csv", moodle_rows(grades, roster, assignment, moodle_id))):
        with open(out / name, "w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows(rows)
        problems += [p for p in found if p not in problems]
    return problems


def add_arguments(parser):
    """The LMS options, shared with ``python -m exercises.grade``."""
    parser.add_argument("--assignment", help="the assignment's title in the LMS (default: the set's name)")
    parser.add_argument("--canvas-id", help="the Canvas assignment's ID, to update that assignment")
    parser.add_argument("--moodle-id", choices=sorted(MOODLE_IDS), default="email",
                        help="how moodle.csv identifies students: email (default) or idnumber")


def report(problems, out, stream=sys.stderr):
    for problem in problems:
        print(f"  {problem}", file=stream)
    print(f"wrote {pathlib.Path(out) / 'canvas.csv'} and {pathlib.Path(out) / 'moodle.csv'}"
          + (f" ({len(problems)} problems above)" if problems else ""), file=stream)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m exercises.lms", description=__doc__.split("\n\n")[0])
    parser.add_argument("grades", help="a grades.csv written by python -m exercises.grade")
    parser.add_argument("roster", help="the roster (see this module's docstring)")
    parser.add_argument("--out", required=True, help="the folder canvas.csv and moodle.csv are written to")
    add_arguments(parser)
    args = parser.parse_args(argv)
    try:
        roster = read_roster(args.roster)
    except (OSError, ValueError) as error:
        parser.error(str(error))
    if not args.assignment:
        parser.error("give --assignment TITLE: the assignment's title in the LMS")
    problems = write_lms_files(read_grades(args.grades), roster, args.out, args.assignment, args.canvas_id,
                               args.moodle_id)
    report(problems, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
