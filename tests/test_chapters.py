"""Every chapter follows the skeleton, loads data only through the package, and carries its claims and chart descriptions."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from evidence.data import load

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
CHAPTERS = sorted(p for p in BOOK.glob("*.ipynb") if p.stem not in {"data-catalog", "reproducibility"})
SKELETON = ["## The claim", "## The evidence", "## The chart", "## Reading", "## Verdict", "## Sources"]
# The ledger's chapter keys, and the notebook that holds each.
CHAPTER_FILES: dict[str, str] = {}


def _cells(path, kind):
    return [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == kind]


@pytest.mark.parametrize("path", [p for p in CHAPTERS if p.stem not in {"intro", "verdicts"}], ids=lambda p: p.stem)
def test_chapter_has_the_skeleton_in_order(path):
    text = "\n".join(_cells(path, "markdown"))
    positions = [text.find(heading) for heading in SKELETON]
    assert all(pos >= 0 for pos in positions), f"missing: {[h for h, p in zip(SKELETON, positions) if p < 0]}"
    assert positions == sorted(positions)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_notebooks_load_data_only_through_the_package(path):
    code = "\n".join(_cells(path, "code"))
    assert not re.search(r"read_csv|\.csv['\"]|open\(", code), "read data with evidence.data.load(), not by path"


def test_every_claim_appears_in_the_chapter_the_ledger_names(site):
    claims = load("claims")
    for claim in claims.itertuples():
        page = site / "book" / f"{CHAPTER_FILES.get(claim.chapter, claim.chapter)}.html"
        assert page.exists(), f"{claim.claim_id}: no chapter page {page.name}"
        assert claim.claim_id in page.read_text(encoding="utf-8"), f"{claim.claim_id} missing from {page.name}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_chart_has_a_description_and_a_caption(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            html = output.get("data", {}).get("text/html", "")
            for figure in re.findall(r'<figure class="book-chart".*?</figure>', html, flags=re.S):
                label = re.search(r'role="img" aria-label="([^"]+)"', figure)
                assert label and len(label.group(1).split()) >= 8, "chart without a real description"
                assert re.search(r"<figcaption>.+Sources?: .+</figcaption>", figure, flags=re.S), "caption must name sources"
                assert "<svg" in figure, "chart without its static SVG fallback"
