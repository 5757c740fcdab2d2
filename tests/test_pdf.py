"""make pdf writes the whole book, with its charts, as a PDF (checked by rendering a page to an image)."""

from __future__ import annotations

import subprocess

import pytest

from conftest import ROOT

PDF = ROOT / "_build" / "book.pdf"


@pytest.fixture(scope="module")
def pdf():
    if not PDF.exists():
        pytest.fail("no _build/book.pdf: run `make pdf` (make test does)")
    return PDF


def _text(pdf, first=None, last=None) -> str:
    pages = ["-f", str(first), "-l", str(last)] if first else []
    return subprocess.run(["pdftotext", *pages, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_pdf_holds_every_chapter(pdf):
    text = _text(pdf)
    for title in ["How many troops?", "A force multiplier?", "Shells and missiles", "The treaty and the timeline",
                  "BRICS: who is in the club", "BRICS: where members stand", "What the article gets right and wrong"]:
        assert title in text


def _dark_share(pdf, page: int) -> float:
    """Share of non-white pixels on one page, rendered to a greyscale image (PGM) by pdftoppm."""
    pgm = subprocess.run(["pdftoppm", "-gray", "-r", "40", "-f", str(page), "-l", str(page), str(pdf)],
                         capture_output=True, check=True).stdout
    _magic, _size, _maxval, pixels = pgm.split(b"\n", 3)  # binary PGM: "P5", "w h", "255", then the pixels
    return sum(1 for value in pixels if value < 200) / len(pixels)


def test_a_chart_page_is_not_blank(pdf):
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    chart_page = next(p for p in range(1, pages + 1) if "figures reported October" in _text(pdf, p, p))
    assert _dark_share(pdf, chart_page) > 0.02  # text and the printed chart, not an empty page
