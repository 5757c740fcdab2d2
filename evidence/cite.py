"""'Cite this chapter': APA text and BibTeX, generated from CITATION.cff (one source of metadata)."""

from __future__ import annotations

import html
import re

from evidence.data import ROOT

CITATION_FILE = ROOT / "CITATION.cff"


def metadata() -> dict[str, str]:
    """The few top-level fields of CITATION.cff the citations need (a flat read; no YAML dependency)."""
    fields = {}
    for line in CITATION_FILE.read_text(encoding="utf-8").splitlines():
        match = re.match(r'^([a-z-]+):\s*"?(.*?)"?\s*$', line)
        if match and match.group(2):
            fields[match.group(1)] = match.group(2)
    fields["author"] = re.search(r'- name: "(.+)"', CITATION_FILE.read_text(encoding="utf-8")).group(1)
    return fields


def chapter_url(pagename: str) -> str:
    return metadata()["url"].rstrip("/") + f"/{pagename}.html"


def apa(chapter_title: str, pagename: str) -> str:
    meta = metadata()
    year = meta["date-released"][:4]
    return (f"{meta['author']}. ({year}). {chapter_title}. In *{meta['title']}* (Version {meta['version']}). "
            f"{chapter_url(pagename)}")


def bibtex(chapter_title: str, pagename: str) -> str:
    meta = metadata()
    key = "nkgambit-" + pagename.split("/")[-1]
    return (
        f"@incollection{{{key},\n"
        f"  author    = {{{{{meta['author']}}}}},\n"
        f"  title     = {{{chapter_title}}},\n"
        f"  booktitle = {{{meta['title']}}},\n"
        f"  year      = {{{meta['date-released'][:4]}}},\n"
        f"  edition   = {{Version {meta['version']}}},\n"
        f"  url       = {{{chapter_url(pagename)}}},\n"
        f"  note      = {{Licence: {meta['license']}}}\n"
        f"}}"
    )


def html_block(chapter_title: str, pagename: str) -> str:
    """The section appended to every chapter page."""
    text = html.escape(apa(chapter_title, pagename)).replace("*", "")
    return (
        '<section class="cite-this-chapter" id="cite-this-chapter">'
        '<h2>Cite this chapter<a class="headerlink" href="#cite-this-chapter" title="Link to this heading">#</a></h2>'
        f"<p>{text}</p>"
        f'<pre class="cite-bibtex" aria-label="BibTeX entry"><code>{html.escape(bibtex(chapter_title, pagename))}</code></pre>'
        "</section>"
    )
