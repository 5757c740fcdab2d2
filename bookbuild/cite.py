"""'Cite this chapter' and 'cite this claim': APA text, BibTeX, RIS and the meta tags reference
managers read (Highwire citation_* and schema.org JSON-LD), all generated from CITATION.cff
(read once, by bookbuild.project)."""

from __future__ import annotations

import html
from urllib.parse import quote

from bookbuild.project import metadata
from evidence.markup import json_script


def chapter_url(pagename: str) -> str:
    return metadata()["url"].rstrip("/") + f"/{pagename}.html"


def site_url() -> str:
    return metadata()["url"].rstrip("/")


def pdf_url(pagename: str) -> str:
    """Each chapter's own PDF, next to the whole book's (pdf/book.pdf)."""
    return f"{site_url()}/pdf/{pagename.split('/')[-1]}.pdf"


def _sentence(title: str) -> str:
    """A title closed by one full stop: 'How many troops?' stays as it is (no '?.')."""
    title = title.strip()
    return title if title.endswith(("?", "!", ".")) else title + "."


def apa(chapter_title: str, pagename: str, anchor: str = "") -> str:
    meta = metadata()
    year = meta["date-released"][:4]
    url = chapter_url(pagename) + (f"#{anchor}" if anchor else "")
    return (
        f"{meta['author']}. ({year}). {_sentence(chapter_title)} In *{meta['title']}* (Version {meta['version']}). "
        f"{url}"
    )


def ris(chapter_title: str, pagename: str) -> str:
    """The chapter as an RIS record (a book section), for reference managers that import files."""
    meta = metadata()
    lines = [
        ("TY", "CHAP"),
        ("AU", meta["author"]),
        ("PY", meta["date-released"][:4]),
        ("DA", meta["date-released"].replace("-", "/")),
        ("TI", chapter_title),
        ("T2", meta["title"]),
        ("ET", f"Version {meta['version']}"),
        ("UR", chapter_url(pagename)),
        ("L1", pdf_url(pagename)),
        ("N1", f"Licence: {meta['license']}"),
        ("ER", ""),
    ]
    return "\n".join(f"{tag}  - {value}".rstrip() for tag, value in lines) + "\n"


def meta_tags(chapter_title: str, pagename: str, position: int | None = None) -> str:
    """Highwire citation_* meta tags and schema.org JSON-LD, which Zotero and Google Scholar read."""
    meta = metadata()

    def esc(v):
        return html.escape(str(v), quote=True)

    tags = [
        ("citation_title", chapter_title),
        ("citation_author", meta["author"]),
        ("citation_publication_date", meta["date-released"].replace("-", "/")),
        ("citation_inbook_title", meta["title"]),
        ("citation_book_title", meta["title"]),
        ("citation_version", meta["version"]),
        ("citation_publisher", meta["author"]),
        ("citation_public_url", chapter_url(pagename)),
        ("citation_abstract_html_url", chapter_url(pagename)),
        ("citation_pdf_url", pdf_url(pagename)),
        ("citation_language", "en"),
        ("DC.rights", meta["license"]),
    ]
    ld = {
        "@context": "https://schema.org",
        "@type": "Chapter",
        "name": chapter_title,
        "headline": chapter_title,
        "author": {"@type": "Organization", "name": meta["author"]},
        "datePublished": meta["date-released"],
        "version": meta["version"],
        "url": chapter_url(pagename),
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "encoding": {"@type": "MediaObject", "contentUrl": pdf_url(pagename), "encodingFormat": "application/pdf"},
        "isPartOf": {
            "@type": "Book",
            "name": meta["title"],
            "url": site_url() + "/",
            "version": meta["version"],
            "author": {"@type": "Organization", "name": meta["author"]},
        },
    }
    if position is not None:
        ld["position"] = position
    return (
        "\n".join(f'<meta name="{name}" content="{esc(value)}" />' for name, value in tags)
        + "\n"
        + json_script(ld, "", type_="application/ld+json")
        + "\n"
    )


def claim_block(claim_id: str, chapter_title: str, pagename: str) -> str:
    """The small "cite this claim" block beside a claim's verdict (APA, pointing at the claim's anchor)."""
    anchor = f"claim-{claim_id}"
    text = html.escape(apa(f"{chapter_title} (claim {claim_id})", pagename, anchor)).replace("*", "")
    return (
        f'<details class="cite-claim"><summary>Cite claim {html.escape(claim_id)}</summary>'
        f'<span class="cite-claim-text">{text}</span></details>'
    )


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


def html_block(chapter_title: str, pagename: str, ris_href: str | None = None) -> str:
    """The section appended to every chapter page: APA text, BibTeX, and RIS to download.

    ``ris_href`` is the address of the page's .ris file; without one the record is a data: link.
    """
    text = html.escape(apa(chapter_title, pagename)).replace("*", "")
    name = pagename.split("/")[-1]
    ris_uri = ris_href or "data:application/x-research-info-systems;charset=utf-8," + quote(
        ris(chapter_title, pagename)
    )
    return (
        '<section class="cite-this-chapter" id="cite-this-chapter">'
        '<h2>Cite this chapter<a class="headerlink" href="#cite-this-chapter" title="Link to this heading">#</a></h2>'
        f'<p class="cite-apa">{text}</p>'
        f'<p>BibTeX below; <a class="cite-ris" href="{html.escape(ris_uri, quote=True)}" download="nkgambit-{name}.ris">'
        "download RIS</a> (Zotero, EndNote, Mendeley).</p>"
        f'<pre class="cite-bibtex" aria-label="BibTeX entry"><code>{html.escape(bibtex(chapter_title, pagename))}</code></pre>'
        f'<pre class="cite-ris-text" aria-label="RIS record"><code>{html.escape(ris(chapter_title, pagename))}</code></pre>'
        "</section>"
    )
