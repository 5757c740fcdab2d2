"""Open every built page in headless Chromium with nothing but 127.0.0.1 reachable.

Each chart must draw (an SVG or canvas), the console must stay free of errors,
and no request may leave the book's own host.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from conftest import ROOT, SITE, book_pages

PAGES = [p.relative_to(SITE).as_posix() for p in book_pages()] if SITE.exists() else []


def visit(browser, url):
    """Open url at phone width; collect console errors and requests to any other host."""
    page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone-width reader
    errors, outside = [], []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda req: outside.append(req.url)
            if urlparse(req.url).hostname not in (None, "127.0.0.1") and not req.url.startswith(("data:", "blob:")) else None)
    page.goto(url, wait_until="load")
    return page, errors, outside


def test_there_are_pages_to_check():
    assert len(PAGES) >= 3


@pytest.mark.parametrize("path", PAGES)
def test_page_draws_its_charts_offline(browser, server, path):
    page, errors, outside = visit(browser, f"{server}/{path}")
    try:
        check_charts(page)
    finally:
        page.close()
    assert errors == [], f"console errors on {path}: {errors}"
    assert outside == [], f"requests left 127.0.0.1 on {path}: {outside}"


def check_charts(page):
    charts = page.locator("figure.book-chart")
    count = charts.count()
    if count:
        page.wait_for_function(
            "() => [...document.querySelectorAll('figure.book-chart')].every(f => f.classList.contains('is-drawn') || f.classList.contains('has-error'))",
            timeout=15000,
        )
        for i in range(count):
            figure = charts.nth(i)
            assert "has-error" not in (figure.get_attribute("class") or ""), f"chart {i} failed to draw"
            assert figure.locator(".book-chart-view svg, .book-chart-view canvas").count() >= 1


AXE = __import__("pathlib").Path(__import__("axe_playwright_python").__file__).parent / "axe.min.js"  # no npm
# index.html only redirects to the introduction; it has no content of its own to audit.
CONTENT_PAGES = [p for p in PAGES if 'http-equiv="Refresh"' not in (SITE / p).read_text(encoding="utf-8")]


@pytest.mark.parametrize("path", CONTENT_PAGES)
def test_page_has_no_serious_accessibility_violations(browser, server, path):
    """axe-core (shipped in the axe-playwright-python wheel, pinned in uv.lock) finds nothing serious or critical."""
    assert AXE.exists(), "axe.min.js is missing from axe-playwright-python: run `make deps`"
    page, _, _ = visit(browser, f"{server}/{path}")
    try:
        check_charts(page)  # audit the page as a reader sees it, charts drawn
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".filter(v => ['serious', 'critical'].includes(v.impact))"
            ".map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')}`)"
        )
        names = page.eval_on_selector_all(".book-chart-view", "els => els.map(e => e.getAttribute('aria-label') || '')")
    finally:
        page.close()
    assert violations == []
    assert all(len(name.split()) >= 8 for name in names), "every chart needs an accessible name"


def test_the_built_folder_works_from_file_urls(browser, site):
    """Opened straight from disk (file://), a chapter still draws its charts."""
    page, errors, outside = visit(browser, (site / "book" / "troops.html").as_uri())
    try:
        check_charts(page)
    finally:
        page.close()
    assert errors == [] and outside == []
