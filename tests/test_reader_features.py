"""What readers rely on: a valid CITATION.cff, a citation on every chapter, a bibliography entry for every source."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest

from evidence.cite import metadata
from evidence.data import load
from evidence.toc import chapters, notebooks

ROOT = Path(__file__).resolve().parent.parent
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
    assert f"@incollection{{nkgambit-{chapter}," in page
    assert f"Version {metadata()['version']}" in page


def test_every_source_has_a_bibliography_entry(site):
    bibliography = html.unescape((site / "book" / "bibliography.html").read_text(encoding="utf-8"))
    sources = load("sources")
    assert bibliography.count('role="doc-biblioentry"') == len(sources)
    missing = [row.source_id for row in sources.itertuples() if row.url not in bibliography]
    assert missing == [], "sources without a bibliography entry"


def test_chapters_cite_their_sources(site):
    troops = (site / "book" / "troops.html").read_text(encoding="utf-8")
    assert troops.count('href="bibliography.html#') >= 20  # each source in Sources links to its entry


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

    from evidence.cite import metadata

    version = metadata()["version"]
    assert tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"] == version
    assert json.loads((ROOT / "data" / "datapackage.json").read_text())["version"] == version
    assert re.search(r"^## (\S+)", (ROOT / "CHANGELOG.md").read_text(), flags=re.M).group(1) == version


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
    csv_links = re.findall(r'href="(\.\./_downloads/[0-9a-f]+/[a-z_]+\.csv)"', page)
    assert csv_links, "no CSV download link"
    for link in csv_links:
        assert (site / "book" / link).resolve().exists()
