"""Citations on the page: "Cite this chapter" (or "Cite this book" on the introduction) at the end of every
page a student may cite, "cite this claim" beside each verdict, and the meta tags reference managers read.

Each block offers APA, BibTeX, RIS and CSL-JSON (bookbuild.cite); each format has an empty
``<span class="cite-accessed">`` where _assets/editions.js writes the accessed date on a live page, and a copy
button that the same script adds.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from bookbuild.cite import FORMATS, WRITERS, Work, is_book, pdf_url, site_url, text
from bookbuild.project import chapter_numbers, metadata
from evidence.markup import json_script

SLOT = re.compile(r'<span class="cite-claim-slot" data-claim="(C\d+)"></span>')
_ITALIC = ("\x01", "\x02")


def page_title(context) -> str:
    return html.unescape(context.get("title", ""))


def format_html(fmt: str, work: Work) -> str:
    """One format as the page shows it: escaped text, the accessed-date slot, a label a copy button names."""
    before, after = WRITERS[fmt](work, _ITALIC) if fmt == "apa" else WRITERS[fmt](work)
    slot = f'<span class="cite-accessed" data-format="{fmt}"></span>'
    body = (html.escape(before) + slot + html.escape(after)).replace(_ITALIC[0], "<i>").replace(_ITALIC[1], "</i>")
    # The machine formats wrap in a <div>, not a <pre>: they never scroll sideways, and the theme measures every
    # <pre> on load to make it focusable, which forces a layout of each closed disclosure that holds one.
    tag = "p" if fmt == "apa" else "div"
    return (
        f'<div class="cite-format" data-format="{fmt}"><p class="cite-label">{FORMATS[fmt]}</p>'
        f'<{tag} class="cite-text cite-{fmt}">{body}</{tag}></div>'
    )


def formats_html(work: Work) -> str:
    """APA in view, the three machine formats behind one disclosure."""
    machine = "".join(format_html(fmt, work) for fmt in FORMATS if fmt != "apa")
    return (
        format_html("apa", work)
        + '<details class="cite-more"><summary>BibTeX, RIS and CSL-JSON</summary>'
        + machine
        + "</details>"
    )


def edition_note(work: Work) -> str:
    meta = metadata()
    url = html.escape(work.url, quote=True)
    return (
        f'<p class="cite-edition">You are reading version {html.escape(meta["version"])} of the book, released '
        f"{html.escape(meta['date-released'])}. Its permanent address, which will show this text unchanged after "
        f'later versions: <a class="cite-permanent" href="{url}">{html.escape(work.url)}</a>.</p>'
    )


def page_block(work: Work, ris_href: str) -> str:
    """The section appended to every citable page."""
    what = "book" if work.book else "chapter"
    return (
        '<section class="cite-this-chapter" id="cite-this-chapter">'
        f'<h2>Cite this {what}<a class="headerlink" href="#cite-this-chapter" title="Link to this heading">#</a></h2>'
        + edition_note(work)
        + formats_html(work)
        + f'<p class="cite-download"><a class="cite-ris" href="{html.escape(ris_href, quote=True)}" '
        f'download="{work.key}.ris">Download the RIS record</a> (Zotero, EndNote, Mendeley).</p></section>'
    )


def claim_block(claim_id: str, title: str, pagename: str) -> str:
    """The small "cite this claim" disclosure beside a claim's verdict, pointing at the claim's anchor."""
    work = Work(title, pagename, claim_id)
    return (
        f'<details class="cite-claim"><summary>Cite claim {html.escape(claim_id)}</summary>'
        f"{formats_html(work)}</details>"
    )


def meta_tags(work: Work, pdf: str, position: int | None = None) -> str:
    """Highwire citation_* meta tags and schema.org JSON-LD, which Zotero and Google Scholar read."""
    meta = metadata()
    tags = [
        ("citation_title", work.heading),
        ("citation_author", meta["author"]),
        ("citation_publication_date", meta["date-released"].replace("-", "/")),
        ("citation_publisher", meta["author"]),
        ("citation_version", meta["version"]),
        ("citation_public_url", work.url),
        ("citation_abstract_html_url", work.url),
        ("citation_pdf_url", pdf),
        ("citation_language", "en"),
        ("DC.rights", meta["license"]),
    ]
    if not work.book:
        tags[3:3] = [("citation_inbook_title", meta["title"]), ("citation_book_title", meta["title"])]
    book = {
        "@type": "Book",
        "name": meta["title"],
        "url": site_url() + "/",
        "version": meta["version"],
        "author": {"@type": "Organization", "name": meta["author"]},
        "publisher": {"@type": "Organization", "name": meta["author"]},
    }
    ld = {
        "@context": "https://schema.org",
        **({"@type": "Chapter", "isPartOf": book} if not work.book else book),
        "name": work.heading,
        "headline": work.heading,
        "author": {"@type": "Organization", "name": meta["author"]},
        "datePublished": meta["date-released"],
        "version": meta["version"],
        "url": work.url,
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "encoding": {"@type": "MediaObject", "contentUrl": pdf, "encodingFormat": "application/pdf"},
    }
    if position is not None and not work.book:
        ld["position"] = position
    return (
        "\n".join(f'<meta name="{name}" content="{html.escape(str(value), quote=True)}" />' for name, value in tags)
        + "\n"
        + json_script(ld, "", type_="application/ld+json")
        + "\n"
    )


def add_page_citation(app, pagename: str, context, own_pdf: bool) -> None:
    """A citable page ends with its citation and carries the citation meta tags; its RIS file is written.
    A notebook page prints as its own PDF; any other page is in the whole book's."""
    work = Work(page_title(context), pagename)
    folder = Path(app.outdir) / "cite"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{work.key}.ris").write_text(text("ris", work), encoding="utf-8")
    ris_href = "../" * pagename.count("/") + f"cite/{work.key}.ris"
    context["body"] = context.get("body", "") + page_block(work, ris_href)
    position = None if is_book(pagename) else chapter_numbers().get(pagename)
    pdf = pdf_url(pagename.split("/")[-1] if own_pdf else "book")
    context["metatags"] = context.get("metatags", "") + meta_tags(work, pdf, position)
