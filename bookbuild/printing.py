"""Print the book as PDFs that read like a book: the whole book, and one PDF per chapter.

Reads the HTML build (_build/html, `make book`), served on 127.0.0.1 with every other host blocked, so it runs
offline. From each page of _toc.yml it keeps the article only (no navigation, search, buttons or code), then
composes a print document: a title page (title, version, date, licence, how to cite, from CITATION.cff), a table
of contents with page numbers, and each chapter on a new page, opening with its key findings and its citation.
Headless Chromium prints it with the print stylesheet (_assets/print.css): running heads (book title, chapter
title) and page numbers come from CSS page-margin boxes, one named page per chapter; the PDF is tagged and has an
outline built from the headings. pypdf then writes the metadata (title, author, subject, keywords, version).

    python -m bookbuild.printing --site DIR                    # DIR/pdf/book.pdf and DIR/pdf/<chapter>.pdf
    python -m bookbuild.printing --site DIR --chapters troops  # the book and one chapter only (layout work)

`make book` runs it on the staged build before it publishes (bookbuild.publish), so the PDFs the pages link to
are always from the same build as the pages.

The book and the chapters print in two processes at once (the machine has two cores).
"""

from __future__ import annotations

import argparse
import html
import io
import json
import subprocess
import sys
import time
from pathlib import Path

from bookbuild.browser import CHROMIUM, CHROMIUM_ARGS, SITE, serve
from bookbuild.cite import Work, book_apa, text
from bookbuild.project import metadata, toc_entries
from evidence.paths import ROOT

OUT = SITE / "pdf"
DEBUG_DIR = ROOT / "_build" / "print"  # the composed print documents, for inspection


def book_metadata() -> dict:
    meta = metadata()
    meta["site"] = meta["url"].rstrip("/") + "/"
    meta["licence_text"] = "Text and data: CC BY 4.0. Code: MIT." if meta["license"] == "CC-BY-4.0" else meta["license"]
    return meta


# Runs in each built page: keep the article, drop what does not belong on paper, make ids unique across the book.
EXTRACT_JS = (Path(__file__).parent / "print_extract.js").read_text(encoding="utf-8")

# Runs in the composed document before printing: links to another chapter jump inside the PDF when that
# chapter is in it; otherwise they keep the online address (printed after the link).
LINK_JS = r"""
(present) => {
  document.querySelectorAll('a[data-book-page]').forEach(a => {
    const page = a.dataset.bookPage, frag = a.dataset.bookFrag;
    if (present.includes(page)) {
      a.setAttribute('href', frag ? `#${page}--${frag}` : `#${page}`);
      a.classList.add('internal');
    }
  });
}
"""


def css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def compose(chapters: list[dict], meta: dict, whole: bool, toc_pages: dict[str, int] | None = None) -> str:
    """The print document: the whole book (title page, contents, chapters) or one chapter."""
    esc = html.escape
    styles = "\n".join(
        f'<link rel="stylesheet" href="{esc(s["href"])}" media="{esc(s["media"])}">' for s in chapters[0]["styles"]
    )
    page_rules = []
    sections = []
    for i, ch in enumerate(chapters):
        name = f"chapter-{i}"
        # The running head names the chapter; the opening page, titled like the book, is the introduction.
        head = "Introduction" if ch["title"].replace("\u2019", "'") == meta["title"] else ch["title"]
        page_rules.append(
            f"@page {name} {{ @top-right {{ content: {css_string(head)}; }} }}\n"
            f"section.book-chapter.{name} {{ page: {name}; }}"
        )
        opening = ""
        if not whole:
            opening = (
                f'<p class="book-chapter-from">A chapter of <em>{esc(meta["title"])}</em>, version '
                f"{esc(meta['version'])} ({esc(meta['date-released'])}). {esc(meta['licence_text'])} "
                f'The whole book: <a class="print-no-url" href="{esc(meta["site"])}pdf/book.pdf">{esc(meta["site"])}pdf/book.pdf</a></p>'
            )
        sections.append(
            f'<section class="book-chapter {name}" id="{esc(ch["stem"])}">'
            f'<article class="bd-article">{opening}{ch["body"]}</article></section>'
        )
    front = ""
    if whole:
        cite = esc(book_apa())
        front = f"""
<section class="book-front" aria-label="Title page">
  <p class="book-title">{esc(meta["title"])}</p>
  <p class="book-abstract">{esc(meta.get("abstract", ""))}</p>
  <dl class="book-facts">
    <dt>Version</dt><dd>{esc(meta["version"])}</dd>
    <dt>Date</dt><dd>{esc(meta["date-released"])}</dd>
    <dt>Authors</dt><dd>{esc(meta["author"])}</dd>
    <dt>Licence</dt><dd>{esc(meta["licence_text"])} Each source page belongs to its publisher and is cited row by row.</dd>
    <dt>Online</dt><dd><a class="print-no-url" href="{esc(meta["site"])}">{esc(meta["site"])}</a></dd>
    <dt>Code and data</dt><dd><a class="print-no-url" href="{esc(meta.get("repository-code", ""))}">{esc(meta.get("repository-code", ""))}</a></dd>
  </dl>
  <p class="book-how-to-cite">How to cite</p>
  <p>{cite}</p>
  <p>Each chapter opens with its own citation.</p>
</section>
<nav class="book-contents" aria-label="Contents">
  <h1>Contents</h1>
  {contents(chapters, toc_pages or {})}
</nav>"""
    title = meta["title"] if whole else f"{chapters[0]['title']} ({meta['title']})"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{esc(title)}</title>
{styles}
<style>
@page {{ size: A4; margin: 19mm 15mm 17mm 15mm;
  @top-left {{ content: {css_string(meta["title"])}; font: 7.5pt sans-serif; color: #444; vertical-align: middle; }}
  @top-right {{ font: italic 7.5pt sans-serif; color: #444; vertical-align: middle; }}
  @bottom-center {{ content: counter(page); font: 8pt sans-serif; color: #444; }} }}
@page front {{ @top-left {{ content: none; }} @top-right {{ content: none; }} @bottom-center {{ content: none; }} }}
{chr(10).join(page_rules)}
</style></head>
<body class="print-book">
{front}
{"".join(sections)}
</body></html>"""


def contents(chapters: list[dict], toc_pages: dict[str, int]) -> str:
    esc = html.escape
    out, part = [], None
    for ch in chapters:
        if ch["part"] != part:
            if part is not None:
                out.append("</ol>")
            part = ch["part"]
            out.append(f'<p class="book-contents-part">{esc(part)}</p>' if part else "")
            out.append('<ol class="book-contents-list">')
        page = toc_pages.get(ch["stem"], "")
        out.append(
            f'<li><a href="#{esc(ch["stem"])}"><span class="book-contents-title">{esc(ch["title"])}</span>'
            f'<span class="book-contents-page">{page}</span></a></li>'
        )
    out.append("</ol>")
    return "\n".join(out)


def chapter_pages(pdf: bytes, headings: list[str], chapters: list[dict]) -> dict[str, int]:
    """The page (1-based) each chapter starts on, from the outline Chromium wrote (entries in heading order).

    Read-only (no copy of the document), so it takes a fraction of a second for the whole book."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    entries = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                entries.append(item)

    walk(reader.outline)
    if len(entries) == len(headings):  # Chromium's own titles can repeat a line; the headings' text is exact
        titles = headings
    else:
        titles = [_undoubled(str(item.title)) for item in entries]
    starts, stems = {}, {ch["title"]: ch["stem"] for ch in chapters}
    for item, title in zip(entries, titles, strict=False):
        stem = stems.get(title.strip())
        if stem and stem not in starts:
            number = reader.get_destination_page_number(item)
            if number is not None and number >= 0:
                starts[stem] = number + 1
    return starts


def _undoubled(title: str) -> str:
    half = len(title) // 2
    return title[:half] if len(title) % 2 == 0 and title[:half] == title[half:] else title


def finish(pdf: bytes, headings: list[str], path: Path, meta: dict, title: str, subject: str) -> int:
    """Write the PDF with its metadata; return its page count."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import BooleanObject, DictionaryObject, NameObject
    from pypdf.xmp import XmpInformation

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.add_metadata(
        {
            "/Title": title,
            "/Author": meta["author"],
            "/Subject": subject,
            "/Keywords": meta["keywords"],
            "/Version": meta["version"],
            "/Creator": f"{meta['title']}, version {meta['version']} ({meta['date-released']}): make pdf",
        }
    )
    # The same in XMP, where catalogues and assistive technology read it; the window shows the title.
    xmp = XmpInformation.create()
    xmp.dc_title = {"x-default": title}
    xmp.dc_creator = [meta["author"]]
    xmp.dc_description = {"x-default": subject}
    xmp.dc_subject = [k.strip() for k in meta["keywords"].split(",") if k.strip()]
    xmp.pdf_keywords = meta["keywords"]
    xmp.dc_rights = {"x-default": meta["licence_text"]}
    xmp.dc_language = ["en"]
    writer.xmp_metadata = xmp
    writer._root_object[NameObject("/ViewerPreferences")] = DictionaryObject(
        {NameObject("/DisplayDocTitle"): BooleanObject(True)}
    )
    writer._root_object[NameObject("/PageMode")] = NameObject("/UseOutlines")
    fix_outline_titles(writer, headings)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        writer.write(fh)
    return len(writer.pages)


HEADINGS_JS = r"""
() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
  .filter(h => h.getClientRects().length > 0)
  .map(h => h.textContent.replace(/\s+/g, ' ').trim())
"""


def print_html(page, document: str, present: list[str]) -> tuple[bytes, list[str]]:
    """The PDF, and the text of every printed heading in document order (the outline's entries)."""
    page.set_content(document, wait_until="load")
    page.evaluate(LINK_JS, present)
    headings = page.evaluate(HEADINGS_JS)
    pdf = page.pdf(
        format="A4",
        print_background=True,
        prefer_css_page_size=True,
        tagged=True,
        outline=True,
        display_header_footer=False,
    )
    return pdf, headings


def _outline_items(writer) -> list:
    """The outline's entries in document order (depth first)."""
    items = []

    def walk(node):
        while node is not None:
            node = node.get_object()
            items.append(node)
            walk(node.get("/First"))
            node = node.get("/Next")

    outlines = writer._root_object.get("/Outlines")
    if outlines is not None:
        walk(outlines.get_object().get("/First"))
    return items


def fix_outline_titles(writer, headings: list[str]) -> None:
    """Chromium builds each outline title from the heading's laid-out text, which can repeat a line or join two
    lines without a space ("How many troops?How many troops?"). The headings' own text replaces it."""
    from pypdf.generic import NameObject, TextStringObject

    items = _outline_items(writer)
    if len(items) == len(headings):
        for item, heading in zip(items, headings, strict=False):
            item[NameObject("/Title")] = TextStringObject(heading)
        return
    for item in items:  # unexpected count: at least undo the doubling
        title = str(item.get("/Title", ""))
        if _undoubled(title) != title:
            item[NameObject("/Title")] = TextStringObject(_undoubled(title))


def print_book(page, chapters: list[dict], meta: dict, out: Path) -> dict:
    """The whole book, printed twice: the second time with the contents' page numbers from the first."""
    stems = [ch["stem"] for ch in chapters]
    document = compose(chapters, meta, whole=True)
    pdf, headings = print_html(page, document, stems)
    document = compose(chapters, meta, whole=True, toc_pages=chapter_pages(pdf, headings, chapters))
    (DEBUG_DIR / "book.html").write_text(document, encoding="utf-8")
    pdf, headings = print_html(page, document, stems)
    subject = f"{meta.get('abstract', '')} Version {meta['version']}."
    pages = finish(pdf, headings, out / "book.pdf", meta, meta["title"], subject)
    return {"book.pdf": pages}


def print_chapters(page, chapters: list[dict], meta: dict, out: Path, only: list[str] | None) -> dict:
    """One PDF per chapter (every notebook, or only those named)."""
    summary = {}
    for ch in chapters:
        if not ch["notebook"] or (only and ch["stem"] not in only):
            continue
        document = compose([ch], meta, whole=False)
        (DEBUG_DIR / f"{ch['stem']}.html").write_text(document, encoding="utf-8")
        pdf, headings = print_html(page, document, [ch["stem"]])
        summary[f"{ch['stem']}.pdf"] = finish(
            pdf,
            headings,
            out / f"{ch['stem']}.pdf",
            meta,
            f"{ch['title']} ({meta['title']})",
            text("apa", Work(ch["title"], ch["pagename"])),
        )
    return summary


def main(argv: list[str] | None = None) -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=SITE, help="the HTML build (default _build/html)")
    parser.add_argument("--chapters", nargs="*", help="only these chapter PDFs (default: every notebook)")
    parser.add_argument(
        "--part",
        choices=["all", "book", "chapters"],
        default="all",
        help="all (default): the book here and the chapters in a second process, one per core",
    )
    args = parser.parse_args(argv)
    if not (args.site / "index.html").exists():
        sys.exit(f"no HTML build in {args.site}: run `make book` first")
    meta = book_metadata()
    entries = toc_entries()
    out = args.site / "pdf"
    DEBUG_DIR.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    second = None
    if args.part == "all":
        command = [sys.executable, "-m", "bookbuild.printing", "--site", str(args.site), "--part", "chapters"]
        second = subprocess.Popen(command + (["--chapters", *args.chapters] if args.chapters else []))
    summary = {}
    with serve(args.site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context()
        # Offline: nothing but the local copy of the book (and inline data) may load.
        blocked = []

        def local_only(route):
            if route.request.url.startswith((base, "data:", "about:")):
                route.continue_()
            else:
                blocked.append(route.request.url)
                route.abort()

        context.route("**/*", local_only)
        page = context.new_page()
        page.emulate_media(media="print")
        chapters = []
        for number, entry in enumerate(entries):
            page.goto(f"{base}/{entry['pagename']}.html", wait_until="load")
            extracted = page.evaluate(EXTRACT_JS, [entry["stem"], number, meta["site"]])
            chapters.append({**entry, **extracted})
        if args.part in ("all", "book"):
            summary.update(print_book(page, chapters, meta, out))
        if args.part == "chapters":
            summary.update(print_chapters(page, chapters, meta, out, args.chapters))
        browser.close()
    if second is not None and second.wait() != 0:
        sys.exit("printing the chapter PDFs failed (see above)")
    print(f"wrote {out}/ in {time.monotonic() - started:.0f} s (pages): {json.dumps(summary)}")
    if blocked:
        print(f"blocked {len(blocked)} requests to other hosts, e.g. {blocked[0]}")


if __name__ == "__main__":
    main()
