"""Citations that pin what was read: the book, a chapter or one claim, in APA, BibTeX, RIS and CSL-JSON.

Every format names the version and the edition's permanent address (``/v/<version>/``), which never changes
once the edition is released (see bookbuild.editions). A reader on the live address (the site's root or
``/latest/``) also needs the day they read it: each format has one place for an accessed date, which
``_assets/editions.js`` fills on live pages only (``accessed_text`` here writes the same words, for tests).
All from CITATION.cff (read once, by bookbuild.project).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

from bookbuild.project import metadata, toc_entries

FORMATS = {"apa": "APA", "bibtex": "BibTeX", "ris": "RIS", "csl": "CSL-JSON"}


def site_url() -> str:
    return metadata()["url"].rstrip("/")


def edition_url(version: str | None = None) -> str:
    """The permanent address of an edition: <site>/v/<version>/."""
    return f"{site_url()}/v/{version or metadata()['version']}/"


def chapter_url(pagename: str) -> str:
    """A page's permanent address, in this build's edition."""
    return edition_url() + f"{pagename}.html"


def pdf_url(stem: str) -> str:
    """A chapter's own PDF (pdf/troops.pdf), or the whole book's (pdf/book.pdf), in this build's edition."""
    return f"{edition_url()}pdf/{stem}.pdf"


def is_book(pagename: str) -> bool:
    """The introduction is the book's own page: it is cited as the book, not as a chapter titled like it."""
    return pagename == toc_entries()[0]["pagename"]


@dataclass(frozen=True)
class Work:
    """What a reader cites: the book (its root page), a chapter, or one claim of a chapter."""

    title: str  # the page's title
    pagename: str  # "book/troops"
    claim: str = ""  # "C03"

    @property
    def book(self) -> bool:
        return is_book(self.pagename) and not self.claim

    @property
    def url(self) -> str:
        if self.book:
            return edition_url()
        return chapter_url(self.pagename) + (f"#claim-{self.claim}" if self.claim else "")

    @property
    def heading(self) -> str:
        """The title this work is cited by (a claim: its chapter's title, then the claim)."""
        base = metadata()["title"] if is_book(self.pagename) else self.title
        return f"{base} (claim {self.claim})" if self.claim else base

    @property
    def key(self) -> str:
        name = "book" if self.book else self.pagename.split("/")[-1]
        return f"nkgambit-{name}{'-' + self.claim if self.claim else ''}-v{metadata()['version']}"


def _sentence(title: str) -> str:
    """A title closed by one full stop: 'How many troops?' stays as it is (no '?.')."""
    title = title.strip()
    return title if title.endswith(("?", "!", ".")) else title + "."


def _released() -> dt.date:
    return dt.date.fromisoformat(metadata()["date-released"])


# Each format is written as two parts: the text before and after the place an accessed date goes.
def apa(work: Work, italic: tuple[str, str] = ("", "")) -> tuple[str, str]:
    """APA 7 as a CSL processor writes it from the CSL-JSON (tests render it with citeproc-py)."""
    meta = metadata()
    on, off = italic
    year = meta["date-released"][:4]
    if work.book:
        head = f"{meta['author']}. ({year}). {on}{meta['title']}{off} (Version {meta['version']}). {meta['author']}. "
    else:
        head = (
            f"{meta['author']}. ({year}). {_sentence(work.heading)} In {on}{meta['title']}{off} "
            f"(Version {meta['version']}). {meta['author']}. "
        )
    return head, work.url


_ACRONYM = re.compile(r"^(\W*)(\w*[A-Z]\w*[A-Z]\w*)")  # BRICS, C03: two capitals or more
_CAPITALISED = re.compile(r"^(\W*)([A-Z]\w*)")


def _protect(title: str) -> str:
    """A BibTeX title whose acronyms and proper nouns keep their case in any style: {BRICS}, North {Korea}'s.
    The first word is capitalised by every style, so only an acronym there is braced."""
    words = title.split(" ")
    first = _ACRONYM.sub(r"\1{\2}", words[0])
    rest = [_ACRONYM.sub(r"\1{\2}", w) if _ACRONYM.match(w) else _CAPITALISED.sub(r"\1{\2}", w) for w in words[1:]]
    return " ".join([first, *rest])


def bibtex(work: Work) -> tuple[str, str]:
    meta = metadata()
    fields = [("author", f"{{{meta['author']}}}")]
    if work.book:
        kind = "book"
        fields.append(("title", _protect(meta["title"])))
    else:
        kind = "incollection"
        fields += [("title", _protect(work.heading)), ("booktitle", _protect(meta["title"]))]
    fields += [
        ("publisher", f"{{{meta['author']}}}"),
        ("year", meta["date-released"][:4]),
        ("note", f"Version {meta['version']}"),
        ("url", work.url),
    ]
    body = "".join(f"  {name:<9} = {{{value}}},\n" for name, value in fields)
    return f"@{kind}{{{work.key},\n{body}", "}"


def ris(work: Work) -> tuple[str, str]:
    """The work as an RIS record (a book, or a book section), for reference managers that import files."""
    meta = metadata()
    lines = [("TY", "BOOK" if work.book else "CHAP"), ("AU", meta["author"]), ("PY", meta["date-released"][:4])]
    lines.append(("DA", meta["date-released"].replace("-", "/")))
    lines += [("TI", meta["title"])] if work.book else [("TI", work.heading), ("T2", meta["title"])]
    lines += [
        ("PB", meta["author"]),
        ("N1", f"Version {meta['version']}. Licence: {meta['license']}."),
        ("UR", work.url),
    ]
    return "".join(f"{tag}  - {value}\n" for tag, value in lines), "ER  - \n"


def csl(work: Work) -> dict:
    """The work as CSL-JSON (one item), which Zotero imports and citation processors render."""
    meta = metadata()
    released = _released()
    item = {
        "id": work.key,
        "type": "book" if work.book else "chapter",
        "title": meta["title"] if work.book else work.heading,
        "author": [{"literal": meta["author"]}],
        "publisher": meta["author"],
        "issued": {"date-parts": [[released.year, released.month, released.day]]},
        "version": meta["version"],
    }
    if not work.book:
        item["container-title"] = meta["title"]
    item["URL"] = work.url  # last: a live page's accessed date follows it (csl_json)
    return item


def csl_json(work: Work) -> tuple[str, str]:
    """CSL-JSON as a list of one item, a field a line (URL last, where a live page adds the accessed date)."""
    fields = ",\n".join(f"    {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in csl(work).items())
    return "[\n  {\n" + fields, "\n  }\n]"


WRITERS = {"apa": apa, "bibtex": bibtex, "ris": ris, "csl": csl_json}


def accessed_text(fmt: str, day: dt.date) -> str:
    """The words a format gets for the day a live page was read (editions.js writes the same)."""
    if fmt == "apa":
        return f"Retrieved {day:%B} {day.day}, {day.year}, from "
    if fmt == "bibtex":
        return f"  urldate   = {{{day.isoformat()}}},\n"
    if fmt == "ris":
        return f"Y2  - {day:%Y/%m/%d}\n"
    return f',\n    "accessed": {{"date-parts": [[{day.year}, {day.month}, {day.day}]]}}'


def text(fmt: str, work: Work, accessed: dt.date | None = None) -> str:
    """One format's whole text; with ``accessed``, as a live page shows it."""
    before, after = WRITERS[fmt](work)
    return before + (accessed_text(fmt, accessed) if accessed else "") + after


def book_apa() -> str:
    """The book's APA reference as plain text (the printed title page)."""
    return text("apa", Work(metadata()["title"], toc_entries()[0]["pagename"]))
