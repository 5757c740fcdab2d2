"""Links in the built book: internal links and anchors resolve (linkchecker); external ones are listed, not fetched."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

from conftest import ROOT, SITE, book_pages

LINKCHECKER = Path(sys.executable).parent / "linkchecker"
CONFIG = ROOT / "tests" / "linkcheckerrc"
REPORT = ROOT / "_build" / "external-links.txt"


def linkcheck(start: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINKCHECKER), "--config", str(CONFIG), "--no-status", "-o", "text", str(start)],
        capture_output=True,
        text=True,
    )


def test_internal_links_and_anchors_resolve(site):
    result = linkcheck(site / "index.html")
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 warnings found. 0 errors found." in result.stdout


def test_linkchecker_catches_a_missing_page_and_a_missing_anchor():
    # linkchecker drops root privileges, so the fixture lives in a world-readable folder.
    folder = Path(tempfile.mkdtemp(prefix="linkcheck-"))
    os.chmod(folder, 0o755)
    (folder / "a.html").write_text('<a href="b.html#missing">x</a> <a href="gone.html">y</a>')
    (folder / "b.html").write_text('<p id="here">b</p>')
    for page in folder.iterdir():
        os.chmod(page, 0o644)
    result = linkcheck(folder / "a.html")
    assert result.returncode != 0
    assert "Anchor `missing'" in result.stdout and "gone.html" in result.stdout


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
