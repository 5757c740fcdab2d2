"""Links in the built book: internal links and anchors resolve; external ones are listed, not fetched."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import ROOT, SITE, book_pages

pytestmark = pytest.mark.slow  # runs notebooks or builds, or reads the built book


REPORT = ROOT / "_build" / "external-links.txt"
# Files a reader downloads or a script reads: their own links are not the book's pages.
NOT_PAGES = ("_static", "_sources", "_downloads", "_images", "pdf", "chart-data", "cite")


class _Targets(HTMLParser):
    """The ids a page defines and the internal links it makes (href and src)."""

    def __init__(self):
        super().__init__()
        self.ids, self.links = set(), []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)
            elif (
                name in ("href", "src")
                and value
                and not value.startswith(("http:", "https:", "mailto:", "data:", "javascript:"))
            ):
                self.links.append(value)


def broken_links(site: Path) -> list[str]:
    """Every internal link of the built site whose file or anchor does not exist, as "page: link (why)".

    Each page is parsed once, so thousands of row anchors cost nothing extra (a crawler fetches a page
    again for every anchor it is asked about).
    """
    pages = {p: _Targets() for p in site.rglob("*.html") if not set(p.relative_to(site).parts[:-1]) & set(NOT_PAGES)}
    for page, parsed in pages.items():
        parsed.feed(page.read_text(encoding="utf-8"))
    problems = []
    for page, parsed in pages.items():
        for link in parsed.links:
            target, _, anchor = unquote(link).partition("#")
            target = target.partition("?")[0]
            path = (page.parent / target).resolve() if target else page
            if path.is_dir():
                path = path / "index.html"
            where = f"{page.relative_to(site)}: {link}"
            if not path.exists():
                problems.append(f"{where} (no such file)")
            elif anchor and path.suffix == ".html" and path in pages and anchor not in pages[path].ids:
                problems.append(f"{where} (no anchor {anchor!r})")
    return sorted(set(problems))


def test_internal_links_and_anchors_resolve(site):
    assert broken_links(site) == []


def test_the_link_check_catches_a_missing_page_and_a_missing_anchor(tmp_path):
    (tmp_path / "a.html").write_text(
        '<a href="b.html#missing">x</a> <a href="gone.html">y</a> <a href="b.html#here">z</a>'
    )
    (tmp_path / "b.html").write_text('<p id="here">b</p>')
    assert broken_links(tmp_path) == [
        "a.html: b.html#missing (no anchor 'missing')",
        "a.html: gone.html (no such file)",
    ]


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value and value.startswith(("http://", "https://")):
                self.links.append(value)


def test_external_links_are_listed_in_a_report(site):
    found = {}
    for page in book_pages():
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.links:
            found.setdefault(link, set()).add(page.relative_to(SITE).as_posix())
    lines = [f"{link}\t{', '.join(sorted(pages))}" for link, pages in sorted(found.items())]
    REPORT.write_text(
        "# External links in the built book (not fetched: the checks run offline)\n" + "\n".join(lines) + "\n"
    )
    assert len(found) > 100  # every source page is linked from the bibliography and its chapter
