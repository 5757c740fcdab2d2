"""What readers rely on: a valid CITATION.cff, a citation on every chapter, a bibliography entry for every source."""

from __future__ import annotations

import html
import json
import re
import subprocess

import pytest

from bookbuild.cite import metadata
from bookbuild.project import chapters, notebooks
from evidence.data import load
from evidence.paths import ROOT

PAGES = [p.stem for p in notebooks()]  # every notebook page, from _toc.yml
CHAPTERS = [p.stem for p in chapters()]  # the chapters that test the article, from _toc.yml


def test_citation_cff_is_valid():
    cffconvert = ROOT / ".tools" / "bin" / "cffconvert"
    result = subprocess.run(
        [str(cffconvert), "--validate", "-i", str(ROOT / "CITATION.cff")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("chapter", PAGES)
def test_every_chapter_page_has_a_citation_with_bibtex(site, chapter):
    page = (site / "book" / f"{chapter}.html").read_text(encoding="utf-8")
    assert 'id="cite-this-chapter"' in page
    kind, name = ("book", "book") if chapter == PAGES[0] else ("incollection", chapter)
    assert f"@{kind}{{nkgambit-{name}-v{metadata()['version']}," in page
    assert f"Version {metadata()['version']}" in page


def test_every_source_has_a_bibliography_entry(site):
    bibliography = html.unescape((site / "book" / "bibliography.html").read_text(encoding="utf-8"))
    sources = load("sources")
    assert len(re.findall(r'<li id="source-', bibliography)) == len(sources)
    missing = [row.source_id for row in sources.itertuples() if row.url not in bibliography]
    assert missing == [], "sources without a bibliography entry"


def test_chapters_cite_their_sources(site):
    troops = (site / "book" / "troops.html").read_text(encoding="utf-8")
    assert troops.count('href="bibliography.html#') >= 20  # each source in Sources links to its entry


@pytest.mark.slow  # references.bib is written by the build's execute step
def test_references_bib_holds_one_entry_per_source_with_its_url():
    """The references.bib the build used (not a fresh bibtex() call): keys and URLs are the sources', in order."""
    text = (ROOT / "references.bib").read_text(encoding="utf-8")
    sources = load("sources")
    assert re.findall(r"^@misc\{([^,]+),", text, flags=re.M) == list(sources["source_id"])
    assert re.findall(r"^  url = \{(.*)\},?$", text, flags=re.M) == list(sources["url"])


def test_one_version_everywhere():
    import json
    import re
    import tomllib

    from bookbuild.cite import metadata

    """The book names its last release everywhere; work since then may already name the next version in
    CHANGELOG.md (marked unreleased) and in the data package, and `make release` writes it everywhere."""
    version = metadata()["version"]
    assert tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"] == version
    top = re.search(r"^## (\S+)( \(unreleased\))?", (ROOT / "CHANGELOG.md").read_text(), flags=re.MULTILINE)
    upcoming = top.group(1) if top.group(2) else version
    assert top.group(1) == version or top.group(2), "CHANGELOG.md opens with neither this release nor the next"
    assert json.loads((ROOT / "data" / "datapackage.json").read_text())["version"] in {version, upcoming}


def test_every_page_shows_the_version(site):
    from conftest import book_pages

    for page in book_pages():
        text = page.read_text(encoding="utf-8")
        if 'http-equiv="Refresh"' not in text:
            assert f"Version {metadata()['version']}." in text, page.name


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_chapter_offers_its_notebook_and_its_csvs(site, chapter):
    page = (site / "book" / f"{chapter}.html").read_text(encoding="utf-8")
    assert f'href="../_sources/book/{chapter}.ipynb"' in page  # the download button
    assert "mybinder.org/v2/gh/" in page  # Binder runs the whole repository (binder/requirements.txt)
    assert "colab.research.google.com" not in page  # Colab would open the notebook without evidence/ and data/
    csv_links = re.findall(r'href="(\.\./data/[a-z_]+\.csv)" download', page)
    assert csv_links, "no CSV download link"
    for link in csv_links:
        assert (site / "book" / link).resolve().exists()


# What a student meets first, and what lets them check and cite each claim.
CLAIM_CHAPTERS = sorted(set(load("claims")["chapter"].astype(str)) & {p.stem for p in (ROOT / "book").glob("*.ipynb")})


@pytest.mark.parametrize("chapter", CLAIM_CHAPTERS)
def test_chapter_opens_with_key_findings_and_a_reading_time(site, chapter):
    page = (site / "book" / f"{chapter}.html").read_text(encoding="utf-8")
    box = re.search(r'<aside class="key-findings".*?</aside>', page, flags=re.DOTALL)
    assert box, "no Key findings box"
    assert 0 <= page.find("</h1>") < box.start(), "Key findings belong under the title"
    findings = re.findall(r"<li>.*?</li>", box.group(0), flags=re.DOTALL)
    assert 1 <= len(findings) <= 5
    for finding in findings:
        assert 'class="verdict"' in finding
        target = re.search(r'href="#(claim-C\d+)"', finding).group(1)
        assert f'id="{target}"' in page
    assert re.search(r"About \d+ minutes? to read", box.group(0))


@pytest.mark.parametrize("chapter", CLAIM_CHAPTERS)
def test_every_claim_has_an_anchor_and_a_citation(site, chapter):
    page = (site / "book" / f"{chapter}.html").read_text(encoding="utf-8")
    for claim_id in re.findall(r'<li id="claim-(C\d+)"', page):
        assert re.search(rf"<summary>Cite claim {claim_id}</summary>.*?#claim-{claim_id}</p>", page, re.DOTALL), (
            f"{claim_id}: no 'cite this claim' block"
        )
    assert 'class="cite-claim-slot"' not in page


@pytest.mark.parametrize("chapter", CLAIM_CHAPTERS)
def test_every_cited_row_resolves_on_the_page(site, chapter):
    page = (site / "book" / f"{chapter}.html").read_text(encoding="utf-8")
    anchors = re.findall(r'id="row-([^"]+)"', page)
    assert len(anchors) == len(set(anchors)), "a row anchor appears twice"
    for href in re.findall(r'class="row-link" href="#row-([^"]+)"', page):
        assert html.unescape(href) in {html.unescape(a) for a in anchors}
    verdicts = " ".join(re.findall(r'<li id="claim-C\d+".*?</li>', page, flags=re.DOTALL))
    for row_id in re.findall(r'<code class="row-ref">([^<]+)</code>', verdicts):
        assert f'id="row-{row_id}"' in page, f"{row_id} is cited but not on the page"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_readers_see_no_snake_case_in_tables(site, chapter):
    page = (site / "book" / f"{chapter}.html").read_text(encoding="utf-8")
    for table in re.findall(r'<table class="evidence-table.*?</table>', page, flags=re.DOTALL):
        headers = re.findall(r"<th[^>]*>(.*?)</th>", table)
        assert not [h for h in headers if re.search(r"[a-z]_[a-z]", h)], headers
        cells = re.findall(
            r'<td class="col-(?:key|more)[^"]*" data-label="(?:What was counted|Side|Item|Unit|Topic)">([^<]*)</td>',
            table,
        )
        assert not [c for c in cells if re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)+", c)], cells


def test_apa_text_has_no_doubled_punctuation_and_ris_is_offered():
    from bookbuild.cite import Work, text

    assert "troops? In" in text("apa", Work("How many troops?", "book/troops"))
    assert "Treaty. In" in text("apa", Work("Treaty", "book/treaty-timeline"))
    record = text("ris", Work("How many troops?", "book/troops"))
    assert record.startswith("TY  - CHAP") and "ER  -" in record and "TI  - How many troops?" in record


def test_captions_name_at_most_three_publishers():
    from evidence.charts.figure import CAPTION_LIMIT, caption_text

    frame = load("deployment_estimates")
    caption = caption_text("North Korean troops for Russia: every figure reported.", frame)
    assert len(caption) <= CAPTION_LIMIT and "more (see Sources)" in caption


def test_figures_show_plain_words_and_legible_text():
    from evidence import charts
    from evidence.charts.plain import walk

    frame = load("deployment_estimates").head(12)
    chart = charts.estimates_over_time(frame, value_title="Soldiers", tooltip=["measure:N", "reported_by:N"])
    spec = charts.figure(
        chart, title="T.", alt_text="a chart of twelve figures over time for a test", sources=frame
    ).spec
    text = json.dumps(spec)
    assert "troops_in_russia" not in text and '"title": "What was counted"' in text
    sizes = []
    walk(spec, lambda node: sizes.extend(v for k, v in node.items() if k.lower().endswith("fontsize")))
    assert min(sizes) >= charts.MIN_FONT
