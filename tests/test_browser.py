"""Open every built page in headless Chromium, as a reader would, at two phone widths and a desktop.

One browser per test worker; one class (and one visit of every page) per width. Each visit records
what the tests below assert, page by page:

- every chart shows at once as its static drawing, before and without the chart library, and draws
  interactively when a reader focuses it; the console stays free of errors, no request leaves 127.0.0.1;
- every chart's text reaches 4.5:1 and its axis lines 3:1 against the colour painted behind them, in
  light and dark mode, static and interactive (tests/js/chart_contrast.js);
- the page does not scroll sideways (scrollWidth <= innerWidth);
- axe-core finds nothing serious or critical (label-content-name-mismatch included);
- no chart text is drawn under 11 px, and no two rows of a chart carry the same label;
- every chart has its "Data behind this chart" links, and its CSV holds the rows it draws;
- chapter pages carry citation meta tags and JSON-LD that match their "Cite this chapter" block;
- every page shows the version switcher (editions.js, from the site's versions.json).
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from conftest import ROOT, SITE, book_pages, serve
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from bookbuild.browser import AXE, run_axe
from evidence.charts.figure import PLOTTING_ONLY, drawn_rows

pytestmark = pytest.mark.slow  # runs notebooks or builds, or reads the built book

PAGES = [p.relative_to(SITE).as_posix() for p in book_pages()] if SITE.exists() else []
# index.html only redirects to the introduction; it has no content of its own to check.
CONTENT_PAGES = [p for p in PAGES if 'http-equiv="Refresh"' not in (SITE / p).read_text(encoding="utf-8")]
WIDTHS = (360, 390, 1280)
MIN_CHART_FONT = 11
CONTRAST = (Path(__file__).parent / "js" / "chart_contrast.js").read_text(encoding="utf-8")

# Focus each chart in turn, as a keyboard reader would, and wait until its interactive version has drawn.
DRAW_ALL = """async () => {
  const figures = [...document.querySelectorAll('figure.book-chart')];
  const settled = f => f.classList.contains('is-drawn') || f.classList.contains('has-error');
  const t0 = Date.now();
  for (const f of figures) {
    f.querySelector('.book-chart-view').focus();
    while (!settled(f) && Date.now() - t0 < 20000) await new Promise(r => setTimeout(r, 20));
  }
  document.activeElement.blur();
  window.scrollTo(0, 0);
  return figures.every(settled);
}"""

# At load, before any input: every chart shows a drawing at its final size, and neither the chart library
# nor a chart's spec has been requested (nor is a spec in the page itself).
AT_LOAD = """() => ({
  library: performance.getEntriesByType('resource').some(r => /vega/.test(r.name)),
  specs: performance.getEntriesByType('resource').filter(r => /\\.spec\\.js$/.test(r.name)).length
    + document.querySelectorAll('script[class^="book-chart-spec"]').length,
  charts: [...document.querySelectorAll('figure.book-chart')].map(f => {
    const view = f.querySelector('.book-chart-view').getBoundingClientRect();
    const shown = [...f.querySelectorAll('.book-chart-still svg')].filter(s => s.getBoundingClientRect().width > 0);
    const box = shown.length === 1 ? shown[0].getBoundingClientRect() : null;
    return {id: f.id, stills: shown.length, fits: !!box && box.width <= view.width + 1 && box.height > 40};
  }),
})"""

# The labels a chart's row axis draws, as a reader sees them (after any cut to the label limit).
ROW_LABELS = """() => [...document.querySelectorAll('figure.book-chart')].map(f => {
  const svg = [...f.querySelectorAll('.book-chart-view svg')].find(s => s.getBoundingClientRect().width > 0);
  const axes = svg ? [...svg.querySelectorAll('.role-axis')].filter(a => a.querySelector('.role-axis-label')) : [];
  return {id: f.id, axes: axes.map(a => [...a.querySelectorAll('.role-axis-label text')].map(t => t.textContent))};
})"""

SET_MODE = "mode => { document.documentElement.dataset.theme = mode; }"

# Each chart as drawn, with the specs its page loaded (the wide one, from which the book writes its CSV,
# and the sources of the one drawn).
CHART_FACTS = """() => [...document.querySelectorAll('figure.book-chart')].map(f => {
  const specs = (window.bookChartSpecs || {})[f.id] || {};
  const spec = (f.dataset.layout === 'narrow' && specs.narrow) || specs.wide || {};
  const sets = Object.values(spec.datasets || {});
  const sourced = sets.filter(rows => rows.some(r => 'source_id' in r));
  const drawnSources = [...new Set(sourced.flat().map(r => r.source_id).filter(Boolean))];
  const mark = performance.getEntriesByName('chart-drawn:' + f.id)[0];
  return {
    id: f.id, drawn: f.classList.contains('is-drawn'), failed: f.classList.contains('has-error'),
    svg: f.querySelectorAll('.book-chart-live svg').length,
    name: f.querySelector('.book-chart-view').getAttribute('aria-label') || '',
    fonts: [...f.querySelectorAll('.book-chart-view svg text')].filter(t => t.textContent.trim() && t.getBoundingClientRect().width)
      .map(t => parseFloat(getComputedStyle(t).fontSize) * t.getBoundingClientRect().height / t.getBBox().height),
    wide: specs.wide || null, sourced: sourced.length > 0, drawnSources, csv: (f.querySelector('a.chart-data-csv') || {}).href || '',
    json: (f.querySelector('a.chart-data-json') || {}).href || '',
    caption: f.querySelector('figcaption').textContent.trim(),
    drawnAt: mark ? mark.startTime : null,
  };
})"""

META = """() => {
  const meta = {};
  document.querySelectorAll('meta[name^="citation_"]').forEach(m => { meta[m.name] = m.content; });
  const ld = document.querySelector('script[type="application/ld+json"]');
  const apa = document.querySelector('#cite-this-chapter .cite-apa');
  return {meta, ld: ld ? JSON.parse(ld.textContent) : null, apa: apa ? apa.textContent : null,
          bibtex: (document.querySelector('#cite-this-chapter .cite-bibtex') || {}).textContent || null};
}"""


def _watch(page, log):
    page.on("console", lambda msg: log["errors"].append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: log["errors"].append(str(exc)))
    page.on(
        "request",
        lambda req: (
            log["outside"].append(req.url)
            if urlparse(req.url).hostname not in (None, "127.0.0.1") and not req.url.startswith(("data:", "blob:"))
            else None
        ),
    )


def visit(page, url, log) -> dict:
    """Open url, draw every chart, and record what a reader would meet."""
    log["errors"].clear()
    log["outside"].clear()
    page.goto(url, wait_until="load")
    at_load = page.evaluate(AT_LOAD)
    contrast = {}
    for mode in ("light", "dark"):  # the static drawings, then the interactive charts, in each mode
        page.evaluate(SET_MODE, mode)
        contrast[f"static, {mode}"] = page.evaluate(CONTRAST)
    page.evaluate(SET_MODE, "light")
    static_labels = page.evaluate(ROW_LABELS)
    all_drawn = page.evaluate(DRAW_ALL)
    for mode in ("light", "dark"):
        page.evaluate(SET_MODE, mode)
        contrast[f"interactive, {mode}"] = page.evaluate(CONTRAST)
    page.evaluate(SET_MODE, "light")
    try:  # the version switcher comes from the site's versions.json (editions.js)
        page.wait_for_function("document.documentElement.dataset.edition", timeout=5000)
    except PlaywrightTimeout:
        pass
    record = {
        "at_load": at_load,
        "contrast": contrast,
        "row_labels": static_labels + page.evaluate(ROW_LABELS),
        "all_drawn": all_drawn,
        "scroll_width": page.evaluate("document.documentElement.scrollWidth"),
        "inner_width": page.evaluate("innerWidth"),
        "charts": page.evaluate(CHART_FACTS),
        "cite": page.evaluate(META),
        "switcher": page.evaluate("!!document.querySelector('nav.edition-switcher summary')"),
    }
    # Console and requests as the reader's visit left them (axe's own stylesheet preload, which
    # resolves the theme's @import against the site root, comes after).
    record["errors"], record["outside"] = list(log["errors"]), list(log["outside"])
    record["axe"] = run_axe(page)
    return record


def test_there_are_pages_to_check():
    assert len(CONTENT_PAGES) >= 3


class PagesAtOneWidth:
    """Every content page visited once at WIDTH; the tests read what the visit recorded.

    One class per width, so the test workers share the visits (pytest-xdist --dist loadscope).
    """

    WIDTH = 0

    @pytest.fixture(scope="class")
    @classmethod
    def audit(cls, browser, site):
        """{path: record} for every content page at this width."""
        assert AXE.exists(), "axe.min.js ships in the axe-playwright-python wheel (uv.lock)"
        records = {}
        with serve(site) as base:
            page = browser.new_page(viewport={"width": cls.WIDTH, "height": 844})
            log = {"errors": [], "outside": []}
            _watch(page, log)
            for path in CONTENT_PAGES:
                records[path] = {**visit(page, f"{base}/{path}", log), "base": base}
            page.close()
        return records

    @pytest.mark.parametrize("path", CONTENT_PAGES)
    def test_page_draws_its_charts_offline(self, audit, path):
        record, width = audit[path], self.WIDTH
        assert record["all_drawn"], f"{path} at {width} px: charts still drawing"
        for chart in record["charts"]:
            assert chart["drawn"] and not chart["failed"] and chart["svg"] >= 1, f"{path} at {width}: {chart['id']}"
            assert len(chart["name"].split()) >= 8, f"{chart['id']} needs an accessible name"
        assert record["errors"] == [], f"console errors on {path} at {width} px: {record['errors']}"
        assert record["outside"] == [], f"requests left 127.0.0.1 on {path}: {record['outside']}"

    @pytest.mark.parametrize("path", CONTENT_PAGES)
    def test_page_has_the_version_switcher(self, audit, path):
        assert audit[path]["switcher"], f"{path} at {self.WIDTH} px: no version switcher"

    @pytest.mark.parametrize("path", CONTENT_PAGES)
    def test_page_does_not_scroll_sideways(self, audit, path):
        record = audit[path]
        assert record["scroll_width"] <= record["inner_width"], (
            f"{path} is {record['scroll_width']} px wide at {self.WIDTH}"
        )

    @pytest.mark.parametrize("path", CONTENT_PAGES)
    def test_page_has_no_serious_accessibility_violations(self, audit, path):
        """axe-core (shipped in the axe-playwright-python wheel) at phone and desktop widths."""
        assert audit[path]["axe"] == [], f"{path} at {self.WIDTH} px"

    @pytest.mark.parametrize("path", CONTENT_PAGES)
    def test_every_chart_shows_at_once_without_the_chart_library(self, audit, path):
        at_load, width = audit[path]["at_load"], self.WIDTH
        assert not at_load["library"], f"{path} at {width} px: the chart library loaded before any input"
        assert not at_load["specs"], f"{path} at {width} px: chart specs in the page or loaded before any input"
        for chart in at_load["charts"]:
            assert chart["stills"] == 1 and chart["fits"], f"{path} at {width} px: {chart}"

    @pytest.mark.parametrize("path", CONTENT_PAGES)
    def test_chart_text_is_legible_in_both_modes(self, audit, path):
        record, width = audit[path], self.WIDTH
        for state, failures in record["contrast"].items():
            assert failures == [], f"{path} at {width} px, {state}: {failures[:8]}"
        for chart in record["charts"]:
            small = [size for size in chart["fonts"] if size < MIN_CHART_FONT - 0.5]
            assert not small, f"{path} at {width} px: {chart['id']} has text drawn at {min(small):.1f} px"
            assert len(chart["caption"]) < 300, f"{chart['id']}: caption of {len(chart['caption'])} characters"

    @pytest.mark.parametrize("path", CONTENT_PAGES)
    def test_no_two_rows_of_a_chart_read_the_same(self, audit, path):
        for chart in audit[path]["row_labels"]:
            for labels in chart["axes"]:
                repeated = sorted({label for label in labels if labels.count(label) > 1})
                assert not repeated, f"{path} at {self.WIDTH} px: {chart['id']} repeats {repeated}"


class TestPhone360(PagesAtOneWidth):
    WIDTH = 360


class TestPhone390(PagesAtOneWidth):
    WIDTH = 390


class TestDesktop1280(PagesAtOneWidth):
    """The desktop visit also checks what does not depend on width: chart data files and citation tags."""

    WIDTH = 1280

    @pytest.mark.parametrize("path", CONTENT_PAGES)
    def test_every_chart_carries_its_data(self, audit, path):
        record = audit[path]
        sources = (
            {row["source_id"] for row in csv.DictReader((SITE / "data" / "sources.csv").open(encoding="utf-8"))}
            if (SITE / "data" / "sources.csv").exists()
            else None
        )
        for chart in record["charts"]:
            assert chart["csv"] and chart["json"], f"{chart['id']} has no 'Data behind this chart' links"
            csv_file = SITE / urlparse(urljoin(f"{record['base']}/{path}", chart["csv"])).path.lstrip("/")
            json_file = SITE / urlparse(urljoin(f"{record['base']}/{path}", chart["json"])).path.lstrip("/")
            reader = csv.DictReader(csv_file.open(encoding="utf-8"))
            rows = list(reader)
            assert chart["wide"], f"{chart['id']}: its specs never loaded"
            drawn = drawn_rows(chart["wide"])
            assert len(rows) == len(drawn), f"{csv_file.name}: {len(rows)} rows, the chart draws {len(drawn)}"
            # Only the rows drawn (no group headings), in the data's own columns (no plotting-only ones).
            assert not set(reader.fieldnames) & PLOTTING_ONLY, f"{csv_file.name}: plotting columns"
            assert len(set(reader.fieldnames)) == len(reader.fieldnames)
            if chart["sourced"]:
                assert all(row["source_id"] for row in rows), f"{csv_file.name}: a row that draws no figure"
                assert {row["source_id"] for row in rows} == set(chart["drawnSources"]), csv_file.name
            about = json.loads(json_file.read_text(encoding="utf-8"))
            assert about["rows"] == len(rows) and about["version"] and about["licence"]
            cited = {row.get("source_id") for row in rows if row.get("source_id")}
            assert cited <= {page["source_id"] for page in about["sources"]}, f"{json_file.name} misses sources"
            if sources is not None:
                assert cited <= sources

    @pytest.mark.parametrize("path", CONTENT_PAGES)
    def test_citation_meta_tags_match_the_citation_block(self, audit, path):
        cite = audit[path]["cite"]
        if cite["apa"] is None:
            assert cite["meta"] == {}, f"{path}: meta tags without a citation block"
            return
        meta, ld = cite["meta"], cite["ld"]
        book = ld["@type"] == "Book"  # the introduction is the book's own page
        names = ["citation_title", "citation_author", "citation_publication_date", "citation_version"]
        for name in [*names, "citation_pdf_url", *([] if book else ["citation_inbook_title"])]:
            assert meta.get(name), f"{path}: no {name}"
        stem = Path(path).stem
        notebook = (ROOT / "book" / f"{stem}.ipynb").exists()  # a notebook prints as its own PDF
        assert meta["citation_pdf_url"].endswith(f"/pdf/{stem if notebook else 'book'}.pdf")
        assert meta["citation_title"] in cite["apa"] and meta["citation_author"] in cite["apa"]
        assert f"Version {meta['citation_version']}" in cite["apa"]
        assert book or meta["citation_inbook_title"] in cite["apa"]
        assert meta["citation_publication_date"][:4] in cite["apa"]
        assert (
            f"/v/{meta['citation_version']}/" in meta["citation_public_url"]
            and meta["citation_public_url"] in cite["apa"]
        )
        assert "?." not in cite["apa"] and "!." not in cite["apa"], "doubled punctuation after the title"
        assert ld["name"] == meta["citation_title"]
        assert (ld if book else ld["isPartOf"])["version"] == meta["citation_version"]
        bibtex_title = re.search(r"^  title +=  ?\{(.*)\},$", cite["bibtex"], re.MULTILINE).group(1)
        assert re.sub(r"[{}]", "", bibtex_title) == meta["citation_title"]


def test_the_built_folder_works_from_file_urls(browser, site):
    """Opened straight from disk (file://), a chapter still draws its charts."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    log = {"errors": [], "outside": []}
    _watch(page, log)
    try:
        page.goto((site / "book" / "troops.html").as_uri(), wait_until="load")
        assert page.evaluate(DRAW_ALL)
        charts = page.evaluate(CHART_FACTS)
    finally:
        page.close()
    assert charts and all(c["drawn"] and c["svg"] for c in charts)
    assert log["errors"] == [] and log["outside"] == []


# The centre of a mark that has a tooltip, in the first chart as drawn now (its still drawing before the
# first touch, the interactive chart after), well inside the screen (clear of the sticky header).
TAP_TARGET = """(live) => {
  const f = document.querySelector('figure.book-chart');
  f.scrollIntoView({block: 'center'});
  const marks = live
    ? [...f.querySelectorAll('.book-chart-live svg .role-mark path')].filter(m => m.__data__ && m.__data__.tooltip)
    : [...[...f.querySelectorAll('.book-chart-still svg')].find(s => s.getBoundingClientRect().width > 0)
        .querySelectorAll('.role-mark path')];
  const r = marks.map(m => m.getBoundingClientRect())
    .find(r => r.width > 2 && r.width < 40 && r.top > 150 && r.bottom < innerHeight - 50);
  return r && {x: r.left + r.width / 2, y: r.top + r.height / 2};
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_a_tap_on_a_mark_shows_its_tooltip_and_a_tap_elsewhere_closes_it(browser, server, width):
    """The first tap on a chart's drawing brings in the interactive chart; a tap on one of its marks then shows
    that mark's tooltip, and a tap outside the chart closes it."""
    context = browser.new_context(viewport={"width": width, "height": 844}, has_touch=True, is_mobile=width < 800)
    page = context.new_page()
    try:
        page.goto(f"{server}/book/troops.html", wait_until="load")
        point = page.evaluate(TAP_TARGET, False)
        assert point, "no mark to tap on the first chart's drawing"
        page.touchscreen.tap(point["x"], point["y"])
        page.wait_for_selector("figure.book-chart.is-live", timeout=15000)
        point = page.evaluate(TAP_TARGET, True)
        assert point, "no mark with a tooltip in the interactive chart"
        page.touchscreen.tap(point["x"], point["y"])
        page.wait_for_selector("#vg-tooltip-element.visible", timeout=5000)
        tooltip = page.inner_text("#vg-tooltip-element")
        assert tooltip.strip() and "null" not in tooltip, tooltip
        page.evaluate("window.scrollTo(0, 0)")
        heading = page.query_selector("article h1").bounding_box()
        page.touchscreen.tap(heading["x"] + 10, heading["y"] + heading["height"] / 2)
        page.wait_for_selector("#vg-tooltip-element.visible", state="detached", timeout=2000)
    finally:
        context.close()


@pytest.mark.parametrize("stem", ["troops", "force-multiplier", "munitions"])
def test_no_tooltip_prints_null(browser, server, stem):
    """Every mark's tooltip, read through the interactive chart's own tooltip handler."""
    page = browser.new_page(viewport={"width": 1280, "height": 844})
    try:
        page.goto(f"{server}/book/{stem}.html", wait_until="load")
        assert page.evaluate(DRAW_ALL)
        texts = page.evaluate("""() => [...document.querySelectorAll('.book-chart-live svg .role-mark path')]
          .filter(m => m.__data__ && m.__data__.tooltip).map(m => JSON.stringify(m.__data__.tooltip))""")
    finally:
        page.close()
    assert texts, f"{stem}: no tooltips found"
    assert not [t for t in texts if "null" in t], f"{stem}: {[t for t in texts if 'null' in t][:3]}"
