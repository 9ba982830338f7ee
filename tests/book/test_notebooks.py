"""Checks on the committed notebooks that nbval alone does not make.

nbval proves that every stored output is what the code produces. These tests make sure the stored
notebooks are what a reader should get: every chapter in the table of contents, the shared first cell
in front, executed top to bottom in one kernel, and no stderr noise or errors in the outputs.
"""
import nbformat
import pytest

from tools.notebooks import ROOT, first_cell_source, notebooks, shows_nothing, toc_files

NOTEBOOKS = notebooks()
IDS = [str(p.relative_to(ROOT)) for p in NOTEBOOKS]


def test_every_chapter_notebook_is_in_the_table_of_contents():
    chapters = {str(p.relative_to(ROOT).with_suffix("")) for p in NOTEBOOKS if "chapters" in p.parts}
    assert chapters, "no chapter notebooks found"
    assert chapters <= set(toc_files())


def test_every_table_of_contents_entry_exists():
    for entry in toc_files():
        candidates = [ROOT / f"{entry}{suffix}" for suffix in (".md", ".ipynb")]
        assert any(c.exists() for c in candidates), f"_toc.yml names {entry}, which has no file"


@pytest.fixture(params=NOTEBOOKS, ids=IDS)
def notebook(request):
    return request.param, nbformat.read(request.param, as_version=4)


def code_cells(nb):
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def test_first_cell_is_the_shared_setup_cell(notebook):
    path, nb = notebook
    first = code_cells(nb)[0]
    assert first.source == first_cell_source(path), f"{path.name}: run ./run sync"


def test_executed_top_to_bottom_in_one_kernel(notebook):
    path, nb = notebook
    counts = [cell.execution_count for cell in code_cells(nb)]
    assert counts == list(range(1, len(counts) + 1)), (
        f"{path.name}: execution counts {counts}; run ./run execute {path.relative_to(ROOT)}"
    )


def test_no_stderr_and_no_errors_in_stored_outputs(notebook):
    path, nb = notebook
    for index, cell in enumerate(code_cells(nb)):
        for output in cell.get("outputs", []):
            where = f"{path.name}, code cell {index}"
            assert output.output_type != "error", f"{where} stores an error"
            assert output.get("name") != "stderr", f"{where} stores stderr: {output.text[:200]!r}"


NBVAL_TAGS = ("nbval-ignore-output", "nbval-skip")


def test_ignored_outputs_say_why_in_metadata_not_in_the_code(notebook):
    """A cell whose output varies carries nbval's tag ``nbval-ignore-output`` (or ``nbval-skip``) and
    says why in its metadata, under ``output_varies``; a reader sees neither. nbval's comment markers
    (``# NBVAL_IGNORE_OUTPUT``) would sit in the code the page shows, so they are not used."""
    path, nb = notebook
    for index, cell in enumerate(code_cells(nb)):
        where = f"{path.name}, code cell {index}"
        assert "NBVAL_" not in cell.source, f"{where}: use nbval's cell tags, not a comment marker"
        tags = [t for t in cell.metadata.get("tags", []) if t in NBVAL_TAGS]
        reason = cell.metadata.get("output_varies", "")
        if tags:
            assert len(reason) > 10, f"{where} is tagged {tags[0]}: say why in metadata 'output_varies'"
        else:
            assert not reason, f"{where} says its output varies but carries no nbval tag"


def test_notebooks_stay_small(notebook):
    path, _ = notebook
    assert path.stat().st_size < 2_000_000, f"{path.name} is {path.stat().st_size} bytes"


HIDDEN = {"hide-input", "remove-input", "remove-cell"}
SHOWN = [p for p in NOTEBOOKS if "chapters" in p.parts] + sorted((ROOT / "exercises").glob("*/student.ipynb"))


@pytest.mark.parametrize("path", SHOWN, ids=[str(p.relative_to(ROOT)) for p in SHOWN])
def test_shown_code_fits_88_columns(path):
    """The book's pages show code in a box 88 characters wide; a longer line scrolls sideways."""
    long = []
    for index, cell in enumerate(code_cells(nbformat.read(path, as_version=4))):
        if HIDDEN & set(cell.metadata.get("tags", [])):
            continue
        long += [f"code cell {index}: {line}" for line in cell.source.splitlines() if len(line) > 88]
    assert not long, f"{path.name}: {len(long)} lines over 88 columns:\n" + "\n".join(long[:10])


def test_no_stored_output_shows_nothing(notebook):
    """An empty display is an empty box in the HTML; `./run execute` leaves them out."""
    path, nb = notebook
    empty = [i for i, cell in enumerate(code_cells(nb)) if any(shows_nothing(o) for o in cell.get("outputs", []))]
    assert not empty, f"{path.name}: code cells {empty} store an output that shows nothing; run ./run execute"


def test_an_empty_display_is_told_from_a_real_one():
    blank = {"output_type": "display_data", "metadata": {},
             "data": {"text/plain": [], "text/html": ['<pre style="white-space:pre"></pre>\n']}}
    assert shows_nothing(blank)
    assert not shows_nothing({**blank, "data": {"text/plain": ["3"], "text/html": ["<pre></pre>"]}})
    assert not shows_nothing({**blank, "data": {"text/plain": [], "image/png": "iVBOR"}})
    assert not shows_nothing({"output_type": "stream", "name": "stdout", "text": ""})
