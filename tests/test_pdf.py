"""make pdf writes the whole book and one PDF per chapter, laid out for print: no web furniture, an outline with
every chapter, tagged, with complete metadata, each chapter's verdicts, and charts that print (read with pypdf,
a page rendered with pypdfium2)."""

from __future__ import annotations

import csv
import functools
import json
import re
import unicodedata

import pytest
import yaml
from conftest import ROOT, SITE

pytestmark = pytest.mark.slow  # runs notebooks or builds, or reads the built book

PDF_DIR = SITE / "pdf"
BOOK = PDF_DIR / "book.pdf"

# Web furniture that a printed page must not show (the stray "None" is checked as a line of its own).
WEB_STRINGS = [
    "Skip to main content",
    "Back to top",
    "Ctrl+K",
    "Show code cell source",
    "Hide code cell source",
    "Show code cell output",
    "Hide code cell output",
    "Binder logo",
    "Colab logo",
    "Launch on Binder",
    "Launch on Colab",
    "Color mode",
    "Print to PDF",
    "Download source file",
    "Fullscreen mode",
    "Toggle primary sidebar",
    "Toggle secondary sidebar",
    "Source repository",
    "Open issue",
    "This chapter as PDF",
    "The whole book as PDF",
    "Click a column header",
    "Hover over or tap",
]


def norm(text: str) -> str:
    """Text as a reader searches it: ligatures (fi) and typographic quotes as plain letters and quotes."""
    text = unicodedata.normalize("NFKC", text)
    return text.translate(str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}))


def toc_pages() -> list[dict]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    names = [toc["root"]] + [ch["file"] for part in toc.get("parts", []) for ch in part.get("chapters", [])]
    pages = []
    for name in names:
        notebook = ROOT / f"{name}.ipynb"
        if notebook.exists():
            nb = json.loads(notebook.read_text(encoding="utf-8"))
            text = "".join("".join(c["source"]) + "\n" for c in nb["cells"] if c["cell_type"] == "markdown")
        else:
            text = (ROOT / f"{name}.md").read_text(encoding="utf-8")
        title = norm(re.search(r"^# (.+)$", text, re.MULTILINE).group(1).strip())
        pages.append({"stem": name.split("/")[-1], "title": title, "notebook": notebook.exists()})
    return pages


CHAPTERS = [p for p in toc_pages() if p["notebook"]]


def version() -> str:
    return str(yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))["version"])


@functools.cache
def reader(path):
    from pypdf import PdfReader

    if not path.exists():
        pytest.fail(f"no {path.relative_to(ROOT)}: run `make pdf` (make test does)")
    return PdfReader(path)


@functools.cache
def page_texts(path) -> tuple[str, ...]:
    """Each page's text, extracted by pdfium (a 220-page book in about a second; pypdf takes most of a minute)."""
    import pypdfium2 as pdfium

    reader(path)  # fails with the make target when the PDF is missing
    document = pdfium.PdfDocument(str(path))
    try:
        return tuple(
            norm(document[i].get_textpage().get_text_range().replace("\r\n", "\n")) for i in range(len(document))
        )
    finally:
        document.close()


def text(path) -> str:
    return "\n".join(page_texts(path))


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def outline_titles(path) -> list[str]:
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(norm(item.title.strip()))

    walk(reader(path).outline)
    return titles


ALL_PDFS = [BOOK] + [PDF_DIR / f"{ch['stem']}.pdf" for ch in CHAPTERS]


@pytest.mark.parametrize("path", ALL_PDFS, ids=lambda p: p.name)
def test_no_web_furniture(path):
    body = text(path)
    found = [s for s in WEB_STRINGS if s in body or s in flat(body)]
    assert not found, f"{path.name} prints web furniture: {found}"
    assert not [line for line in body.splitlines() if line.strip() == "None"], f"{path.name} prints a stray None"


def test_every_chapter_is_in_the_book_outline():
    titles = outline_titles(BOOK)
    missing = [p["title"] for p in toc_pages() if p["title"] not in titles]
    assert not missing, f"not in the outline of book.pdf: {missing}"
    assert len(titles) > 2 * len(toc_pages()), "the outline should hold the sections too, not only the chapters"


def test_the_book_opens_with_title_page_and_contents():
    first, second = page_texts(BOOK)[:2]
    meta = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    for expected in [meta["title"], f"{meta['version']}", str(meta["date-released"]), "CC BY 4.0", "How to cite"]:
        assert expected in flat(first), f"title page lacks {expected!r}"
    assert "Contents" in second
    for page in toc_pages():
        assert page["title"] in flat(second), f"contents lack {page['title']!r}"


def test_chapters_start_on_new_pages_with_running_heads_and_numbers():
    from pypdf import PdfReader

    book: PdfReader = reader(BOOK)
    texts = page_texts(BOOK)
    starts = {}
    for item in book.outline:
        if not isinstance(item, list):
            starts.setdefault(norm(item.title.strip()), book.get_destination_page_number(item))
    meta_title = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))["title"]
    for page in toc_pages():
        index = starts[page["title"]]
        body = flat(texts[index])
        assert meta_title in body, f"no running head on the first page of {page['stem']}"
        assert re.search(rf"(^|\s){index + 1}(\s|$)", body), f"no page number {index + 1} on {page['stem']}"
    assert len({starts[p["title"]] for p in toc_pages()}) == len(toc_pages()), "two chapters share a page"


@pytest.mark.parametrize("path", ALL_PDFS, ids=lambda p: p.name)
def test_tagged_with_outline_and_metadata(path):
    pdf = reader(path)
    root = pdf.trailer["/Root"]
    assert bool(root.get("/MarkInfo", {}).get("/Marked", False)), f"{path.name} is not marked as tagged"
    assert "/StructTreeRoot" in root, f"{path.name} has no structure tree"
    assert outline_titles(path), f"{path.name} has no outline"
    info = pdf.metadata
    for key in ["/Title", "/Author", "/Subject", "/Keywords"]:
        assert str(info.get(key, "")).strip(), f"{path.name}: metadata {key} is empty"
    assert info.get("/Version") == version(), f"{path.name}: metadata /Version is not {version()}"
    assert version() in info["/Subject"]
    xmp = pdf.xmp_metadata
    assert xmp is not None and xmp.dc_title and xmp.dc_creator and xmp.dc_subject, f"{path.name}: no XMP metadata"


def claims_by_chapter() -> dict[str, list[dict]]:
    rows = list(csv.DictReader((ROOT / "data" / "claims.csv").open(encoding="utf-8")))
    out: dict[str, list[dict]] = {}
    for row in rows:
        out.setdefault(row["chapter"], []).append(row)
    return out


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c["stem"])
def test_every_chapter_pdf_holds_its_verdicts(chapter):
    path = PDF_DIR / f"{chapter['stem']}.pdf"
    body = flat(text(path))
    assert chapter["title"] in outline_titles(path)
    assert "Cite this chapter" in body
    claims = claims_by_chapter().get(chapter["stem"], [])
    missing = [c["claim_id"] for c in claims if not re.search(rf"\b{c['claim_id']}\b", body)]
    assert not missing, f"{path.name} lacks claims {missing}"
    verdicts = {c["verdict"] for c in claims if c["verdict"]}
    assert not [v for v in verdicts if v not in body.lower()], f"{path.name} lacks verdicts {verdicts}"


def test_a_chart_page_renders_with_ink():
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    path = PDF_DIR / "troops.pdf"
    reader(path)  # fails clearly if missing
    document = pdfium.PdfDocument(str(path))
    paths = [
        sum(1 for obj in document[i].get_objects() if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH)
        for i in range(len(document))
    ]
    figures = [i for i, body in enumerate(page_texts(path)) if re.search(r"Figure \d+(\.\d+)*\.", body)]
    assert figures, "troops.pdf has no numbered figure caption"
    chart_page = max(figures, key=paths.__getitem__)
    assert paths[chart_page] >= 50, "the page of a figure draws no chart (vector paths)"
    pixels = document[chart_page].render(scale=50 / 72, grayscale=True).to_numpy()
    grey = pixels if pixels.ndim == 2 else pixels[..., :3].mean(axis=2)
    assert (grey < 200).mean() > 0.02, "the chart page renders almost blank"


def _struct_elements(node, kind: str, found: list, depth: int = 0) -> list:
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, list):
        for child in node:
            _struct_elements(child, kind, found, depth)
    elif hasattr(node, "get"):
        if node.get("/S") == kind:
            found.append(node)
        if node.get("/K") is not None and depth < 100:
            _struct_elements(node["/K"], kind, found, depth + 1)
    return found


def test_printed_charts_are_tagged_figures_with_their_description():
    pdf = reader(PDF_DIR / "troops.pdf")
    figures = _struct_elements(pdf.trailer["/Root"]["/StructTreeRoot"].get("/K"), "/Figure", [])
    assert figures, "troops.pdf tags no figure"
    assert all(str(f.get("/Alt", "")).strip() for f in figures), "a tagged figure has no alt text"
    assert any(len(str(f["/Alt"])) > 40 for f in figures), "no chart carries its description"
