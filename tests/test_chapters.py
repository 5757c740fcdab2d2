"""Every chapter follows the skeleton, loads data only through the package, and carries its claims and chart descriptions."""

from __future__ import annotations

import re

import nbformat
import pytest

from bookbuild.project import chapters, notebooks
from evidence.data import load

CHAPTERS = chapters()  # the book's first part in _toc.yml: one notebook per argument of the article
NOTEBOOKS = notebooks()  # every notebook in _toc.yml
MAX_CELL_LINES = 15
ROW_ID = re.compile(r"""["'](?:st|ev|mun|dep|cmp|hist|brx|dev)-\d+["']|["']C\d{2}["']""")
# Rows picked by searching their text: a reworded note or a new measure would change the set without a word.
TEXT_SEARCH = re.compile(r"\.str\.(?:contains|match|fullmatch|startswith|endswith|find|findall)\(")
SKELETON = ["## The claim", "## The evidence", "## The chart", "## Reading", "## Verdict", "## Sources"]


def _cells(path, kind):
    return [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == kind]


@pytest.mark.parametrize("path", [p for p in CHAPTERS if p.stem != "verdicts"], ids=lambda p: p.stem)
def test_chapter_has_the_skeleton_in_order(path):
    text = "\n".join(_cells(path, "markdown"))
    positions = [text.find(heading) for heading in SKELETON]
    assert all(pos >= 0 for pos in positions), (
        f"missing: {[h for h, p in zip(SKELETON, positions, strict=True) if p < 0]}"
    )
    assert positions == sorted(positions)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_load_data_only_through_the_package(path):
    code = "\n".join(_cells(path, "code"))
    assert not re.search(r"read_csv|\.csv['\"]|open\(", code), "read data with evidence.data.load(), not by path"


def test_every_claim_appears_in_the_chapter_the_ledger_names(site):
    claims = load("claims")
    for claim in claims.itertuples():
        page = site / "book" / f"{claim.chapter}.html"
        assert page.exists(), f"{claim.claim_id}: no chapter page {page.name}"
        assert claim.claim_id in page.read_text(encoding="utf-8"), f"{claim.claim_id} missing from {page.name}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_code_is_thin(path):
    """No code cell over 15 lines, no literal row ids and no rows picked by searching their text: selections
    live in data/selections.csv, where validation sees a renamed row; chart builders live in evidence/charts.py."""
    for number, code in enumerate(_cells(path, "code"), start=1):
        lines = len(code.strip().splitlines())
        assert lines <= MAX_CELL_LINES, f"code cell {number} has {lines} lines (at most {MAX_CELL_LINES})"
        ids = ROW_ID.findall(code)
        assert not ids, f"code cell {number} names rows {ids}: put the selection in data/selections.csv"
        searches = TEXT_SEARCH.findall(code)
        assert not searches, f"code cell {number} picks rows by their text {searches}: list them in data/selections.csv"


def test_the_thin_code_check_catches_a_long_cell_and_a_row_id(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("\n".join(f"x{i} = {i}" for i in range(16)))])
    nbformat.write(nb, tmp_path / "long.ipynb")
    with pytest.raises(AssertionError, match="16 lines"):
        test_notebook_code_is_thin(tmp_path / "long.ipynb")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('rows = frame[frame["id"] == "mun-007"]')])
    nbformat.write(nb, tmp_path / "ids.ipynb")
    with pytest.raises(AssertionError, match="mun-007"):
        test_notebook_code_is_thin(tmp_path / "ids.ipynb")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('rows = frame[frame["note"].str.contains("x")]')])
    nbformat.write(nb, tmp_path / "search.ipynb")
    with pytest.raises(AssertionError, match="picks rows by their text"):
        test_notebook_code_is_thin(tmp_path / "search.ipynb")


def _figures(path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    html = "".join(
        output.get("data", {}).get("text/html", "") for cell in nb.cells for output in cell.get("outputs", [])
    )
    return re.findall(r'<figure class="book-chart".*?</figure>', html, flags=re.S)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_chart_has_a_description_and_a_caption(path):
    figures = _figures(path)
    assert figures, "a chapter shows its evidence in at least one chart"
    for figure in figures:
        label = re.search(r'role="img"[^>]*aria-label="([^"]+)"', figure)
        assert label and len(label.group(1).split()) >= 8, "chart without a real description"
        assert re.search(r"<figcaption>.+Sources?: .+</figcaption>", figure, flags=re.S), "caption must name sources"
        assert figure.count('class="book-chart-still') == 2 and "<svg" in figure, "chart without its two drawings"
        drawings = "".join(re.findall(r"<svg.*?</svg>", figure, flags=re.S))
        assert not re.search(r"aria-label=|graphics-symbol", drawings), (
            "a drawing labels its marks (one image: alt text)"
        )
