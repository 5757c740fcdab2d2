"""A phone reader reaches the answer: the built book in Chromium, at phone and desktop widths.

- under each chapter's title, links on the first screen jump to its verdicts and to its first chart;
- evidence tables scroll sideways in their own box, never up and down, so a swipe over one scrolls the page;
- the header's download menu offers the chapter's own PDF;
- one search control at every width, and it finds;
- nothing pinned to the window lies over a chart;
- every control a reader taps is at least 24 x 24 px, or has room around it (WCAG 2.2, 2.5.8);
- the colour-mode button changes the page on the first tap, on a light system and on a dark one;
- no script holds up the page: none blocks rendering, and only the search page loads the search index;
- the icon fonts hold the icons the pages show, and little else;
- the vendored stylesheets, cut to the rules the site can use, give every element the style the whole sheets
  give it, at load and with everything open, in both colour modes;
- every region that scrolls sideways or down takes a keyboard stop once a reader can see it, in a disclosure
  opened later too, and no other region does (tab-stops.js measures each as it is laid out);
- a section laid out only near the screen clips nothing it holds, focus rings included, and a link from
  another page lands its target, far down, under the header, where it stays while the page is drawn.
"""

from __future__ import annotations

import contextlib

import pytest

from bookbuild.project import chapters
from bookbuild.site.tabstops import scrollable_regions

CHAPTERS = [p.stem for p in chapters()]  # each has verdicts and charts
PHONES, DESKTOP = (360, 390), 1280
HEIGHT = 844  # the window's height, as in tests/test_browser.py
MIN_TARGET = 24  # px, WCAG 2.2 success criterion 2.5.8 (AA)


@contextlib.contextmanager
def reading(browser, url, width, color_scheme="light"):
    """A new reader (nothing stored) at this width; on a phone width the reader taps."""
    context = browser.new_context(
        viewport={"width": width, "height": HEIGHT}, color_scheme=color_scheme, has_touch=width < 600
    )
    page = context.new_page()
    try:
        page.goto(url, wait_until="load")
        yield page
    finally:
        context.close()


def press(locator, width):
    """A tap on a phone, a click on a desktop."""
    locator.tap() if width < 600 else locator.click()


# The bottom of the bars pinned across the top of the window (the theme's header), 0 if none.
PINNED_TOP = """() => Math.max(0, ...[...document.querySelectorAll('body *')]
  .filter(e => ['fixed', 'sticky'].includes(getComputedStyle(e).position))
  .map(e => e.getBoundingClientRect())
  .filter(r => r.width > innerWidth / 2 && r.left < innerWidth && r.right > 0 && r.top <= 0.5 && r.bottom > 0
    && r.height < innerHeight / 2).map(r => r.bottom))"""

# ---------------------------------------------------------------- jump links


@pytest.mark.parametrize("width", PHONES)
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_jump_links_on_the_first_screen_reach_the_verdicts_and_the_first_chart(browser, server, chapter, width):
    with reading(browser, f"{server}/book/{chapter}.html", width) as page:
        screens = page.evaluate("document.querySelector('figure.book-chart').getBoundingClientRect().top / innerHeight")
        nav = page.locator("nav.jump-links[aria-label]")
        assert nav.count() == 1, f"{chapter}: no jump links; the first chart is {screens:.1f} screens down"
        box = nav.bounding_box()
        assert box["y"] + box["height"] <= HEIGHT, f"{chapter}: the jump links are below the first screen"
        # Each link lands on what it names, in view and below the pinned header.
        holds = {
            "Verdicts": "t => !!t.querySelector('.verdict-list, tr[id^=\"row-C\"]')",
            "First chart": "t => t === document.querySelector('figure.book-chart')",
        }
        for name, is_target in holds.items():
            page.evaluate("window.scrollTo(0, 0)")
            press(nav.get_by_role("link", name=name), width)
            page.wait_for_function("location.hash.length > 1")
            page.wait_for_timeout(300)  # a smooth scroll settles
            target = page.evaluate_handle("document.getElementById(decodeURIComponent(location.hash.slice(1)))")
            assert page.evaluate(is_target, target), f"{chapter}: '{name}' leads to #{target.get_property('id')}"
            top, header = target.evaluate("t => t.getBoundingClientRect().top"), page.evaluate(PINNED_TOP)
            assert header - 1 <= top <= HEIGHT / 2, f"{chapter}: '{name}' lands at {top:.0f} px (header: {header:.0f})"


# ---------------------------------------------------------------- tables


# Every box around a table that scrolls up and down inside the page (and so takes a reader's swipe).
VERTICAL_SCROLL_BOXES = """() => [...document.querySelectorAll('.bd-article table')].flatMap(table => {
  const boxes = [];
  for (let e = table.parentElement; e && !e.matches('article'); e = e.parentElement) {
    const style = getComputedStyle(e);
    if (['auto', 'scroll'].includes(style.overflowY) && e.scrollHeight > e.clientHeight + 1)
      boxes.push(`${(table.caption || {}).textContent || e.className}: ${e.clientHeight} of ${e.scrollHeight} px`);
  }
  return boxes;
})"""


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_evidence_tables_let_a_vertical_swipe_scroll_the_page(browser, server, chapter):
    with reading(browser, f"{server}/book/{chapter}.html", 390) as page:
        assert page.evaluate(VERTICAL_SCROLL_BOXES) == [], f"{chapter}: tables in boxes that scroll up and down"
        # The wheel (a swipe's stand-in) over the tallest table moves the page, not the table.
        table = page.evaluate_handle(
            "[...document.querySelectorAll('.bd-article table')].sort((a, b) => b.offsetHeight - a.offsetHeight)[0]"
        )
        table.evaluate("t => t.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(300)
        before = page.evaluate("scrollY")
        page.mouse.move(195, HEIGHT / 2)
        page.mouse.wheel(0, 400)
        page.wait_for_timeout(500)
        assert page.evaluate("scrollY") - before >= 300, f"{chapter}: the swipe over a table did not move the page"


# A sortable table with at least six rows (those get a filter), and whether a closed disclosure hides it.
FILTERED_TABLES = """() => [...document.querySelectorAll('table.sortable')].filter(t => t.tBodies[0].rows.length >= 6)
  .map((t, i) => { t.dataset.probe = i; return {probe: i, closed: !!t.closest('details:not([open])')}; })"""
FIELDS_NOT_LAID_OUT = """() => [...document.querySelectorAll('.bd-article input')]
  .filter(i => i.closest('details:not([open])') || !i.checkVisibility({contentVisibilityAuto: true}))
  .map(i => i.closest('[id]').id)"""
# Scroll a table into the window (again, while sections above it are drawn and change height) until its filter
# is there.
SCROLL_TO_FILTER = """p => { const t = document.querySelector(`table[data-probe='${p}']`);
  const tools = (t.closest('.table-wrapper') || t).previousElementSibling;
  if (tools && tools.querySelector('input.table-filter')) return tools;
  t.scrollIntoView({block: 'center'}); return null; }"""
OPEN_AROUND = """p => { for (let d = document.querySelector(`table[data-probe='${p}']`).closest('details'); d;
  d = d.parentElement.closest('details')) d.open = true; }"""


@pytest.mark.parametrize("width", [360, DESKTOP])
@pytest.mark.parametrize("chapter", ["troops", "two-years-on", "data-catalog"])
def test_a_tables_filter_narrows_its_rows_once_the_table_is_shown(browser, server, chapter, width):
    with reading(browser, f"{server}/book/{chapter}.html", width) as page:
        # No text field waits in content the browser has not laid out (a closed disclosure, a section far from
        # the screen): the browser would lay that content out to check the field.
        assert page.evaluate(FIELDS_NOT_LAID_OUT) == [], f"{chapter}: text fields in content not laid out"
        tables = page.evaluate(FILTERED_TABLES)
        assert tables, f"{chapter}: no table to filter"
        for table in tables:
            if table["closed"]:  # a reader opens the disclosures around it
                page.evaluate(OPEN_AROUND, table["probe"])
            tools = page.wait_for_function(SCROLL_TO_FILTER, arg=table["probe"], polling=200).as_element()
            field, count = tools.query_selector("input.table-filter"), tools.query_selector(".table-count")
            rows = page.locator(f"table[data-probe='{table['probe']}'] > tbody > tr:not(.row-detail)")
            total = rows.count()
            row_id = rows.nth(1).evaluate("r => r.cells[0].textContent.trim().split(/\\s+/)[0]")
            field.fill(row_id)
            shown = rows.evaluate_all("rs => rs.filter(r => !r.hidden).length")
            assert 1 <= shown < total and count.text_content() == f"{shown} of {total} rows", f"{chapter}: {row_id}"
            field.fill("")
            assert count.text_content() == f"{total} rows" and rows.evaluate_all("rs => rs.every(r => !r.hidden)")


# ---------------------------------------------------------------- the header's download menu


@pytest.mark.parametrize("width", [390, DESKTOP])
@pytest.mark.parametrize("chapter", ["troops", "verdicts"])
def test_download_menu_offers_the_chapter_pdf(browser, server, chapter, width):
    with reading(browser, f"{server}/book/{chapter}.html", width) as page:
        press(page.locator(".dropdown-download-buttons > button"), width)
        items = page.locator(".dropdown-download-buttons .dropdown-menu a:visible")
        hrefs = [items.nth(i).get_attribute("href") for i in range(items.count())]
        pdf = [h for h in hrefs if h and h.endswith(f"pdf/{chapter}.pdf")]
        assert pdf, f"{chapter}: the download menu offers {hrefs}, not the chapter's PDF"
        response = page.request.get(f"{server}/book/{pdf[0]}")
        assert response.ok and response.body().startswith(b"%PDF"), f"{pdf[0]} is not a PDF"
        assert page.locator(".dropdown-download-buttons [onclick]").count() == 0, "a menu entry runs a script"
        heights = [items.nth(i).bounding_box()["height"] for i in range(items.count())]
        assert min(heights) >= MIN_TARGET, f"menu entries {heights} px tall"


# ---------------------------------------------------------------- search


# The book's search controls, visible (the article's own table filters are not the book's search).
SEARCH_CONTROLS = """() => [...document.querySelectorAll('.search-button, .search-button-field, input[type=search]')]
  .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0
    && getComputedStyle(e).visibility !== 'hidden' && !e.closest('dialog:not([open]), .bd-article'); })
  .map(e => `${e.className} at ${Math.round(e.getBoundingClientRect().left)},${Math.round(e.getBoundingClientRect().top)}`)"""


@pytest.mark.parametrize("width", [390, 1024, DESKTOP, 1440])
def test_one_search_control_and_it_finds(browser, server, width):
    with reading(browser, f"{server}/book/troops.html", width) as page:
        controls = page.evaluate(SEARCH_CONTROLS)
        assert len(controls) == 1, f"{width} px: {len(controls)} search controls: {controls}"
        press(page.locator(".search-button, .search-button-field").locator("visible=true"), width)
        field = page.locator("#pst-search-dialog[open] input[name=q]")
        field.fill("troops")
        field.press("Enter")
        page.wait_for_url("**/search.html?q=troops*")
        page.wait_for_selector("#search-results li", timeout=15000)


# ---------------------------------------------------------------- nothing pinned over a chart


# A reader who scrolled past a chart comes back up to it (the theme showed "Back to top" on scrolling up):
# which elements pinned to the window lie over it, once it is centred? A bar across the top may lie over
# a chart only where the chart is taller than the room below the bar.
PINNED_OVER_CHART = """async (index) => {
  const pause = ms => new Promise(r => setTimeout(r, ms));
  const figure = document.querySelectorAll('figure.book-chart')[index];
  let height = -1;
  for (let i = 0; i < 50 && height !== figure.offsetHeight; i++) {  // until the chart keeps its size
    height = figure.offsetHeight; figure.scrollIntoView({block: 'center'}); await pause(100);
  }
  window.scrollTo(0, document.documentElement.scrollHeight); await pause(100);
  figure.scrollIntoView({block: 'center'}); await pause(300);
  const chart = figure.getBoundingClientRect();
  return [...document.querySelectorAll('body *')].filter(e => {
    const style = getComputedStyle(e), r = e.getBoundingClientRect();
    if (!['fixed', 'sticky'].includes(style.position) || style.display === 'none' || style.visibility === 'hidden'
        || !r.width || !r.height || e.contains(figure)) return false;
    const over = r.left < chart.right && r.right > chart.left && r.top < Math.min(chart.bottom, innerHeight)
      && r.bottom > Math.max(chart.top, 0);
    const headerOverTallChart = r.top <= 0.5 && chart.height > innerHeight - r.bottom;
    return over && !headerOverTallChart;
  }).map(e => `${e.id || e.className} (${Math.round(e.getBoundingClientRect().top)} px) over ${figure.id}`);
}"""


@pytest.mark.parametrize("width", [390, DESKTOP])
@pytest.mark.parametrize("chapter", ["troops", "munitions", "brics-stance", "verdicts"])
def test_nothing_pinned_to_the_window_lies_over_a_chart(browser, server, chapter, width):
    with reading(browser, f"{server}/book/{chapter}.html", width) as page:
        charts = page.locator("figure.book-chart").count()
        assert charts, f"{chapter}: no chart"
        covered = [c for index in range(charts) for c in page.evaluate(PINNED_OVER_CHART, index)]
        assert covered == [], f"{chapter} at {width} px"


# ---------------------------------------------------------------- tap targets


# Every target a reader can tap outside the charts (whose insides have tests of their own), with WCAG
# 2.5.8's exceptions: a link inside a sentence ("inline") is exempt, and a smaller target passes when a
# 24 px circle on its centre touches no other target and no other small target's circle ("spacing").
CROWDED_TARGETS = """(min) => {
  const selector = 'a[href], button, summary, input:not([type=hidden]), select, textarea, [role=button]';
  const shown = e => { const r = e.getBoundingClientRect(), s = getComputedStyle(e);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && r.right > 0 && r.left < innerWidth; };
  const blockOf = e => { let p = e.parentElement; while (getComputedStyle(p).display.startsWith('inline')) p = p.parentElement; return p; };
  const textAround = e => { const walk = document.createTreeWalker(blockOf(e), NodeFilter.SHOW_TEXT); let text = '';
    while (walk.nextNode()) if (!walk.currentNode.parentElement.closest(selector)) text += walk.currentNode.textContent;
    return text.trim(); };
  const inline = e => e.matches('a') && getComputedStyle(e).display === 'inline'
    && !e.closest('nav, header, footer, .bd-sidebar-primary, .bd-sidebar-secondary') && textAround(e) !== '';
  const targets = [...document.querySelectorAll(selector)]
    .filter(e => !e.closest('figure.book-chart, #pst-skip-link') && shown(e))
    .map(e => { const r = e.getBoundingClientRect();
      return {e, x: r.left + scrollX, y: r.top + scrollY, w: r.width, h: r.height, inline: inline(e)}; });
  const small = t => !t.inline && (t.w < min - 0.5 || t.h < min - 0.5);
  const centre = t => [t.x + t.w / 2, t.y + t.h / 2];
  const circleTouches = ([cx, cy], t) => Math.hypot(Math.max(t.x - cx, 0, cx - t.x - t.w), Math.max(t.y - cy, 0, cy - t.y - t.h)) < min / 2;
  const apart = (a, b) => Math.hypot(centre(a)[0] - centre(b)[0], centre(a)[1] - centre(b)[1]) >= min;
  return targets.filter(t => small(t) && targets.some(o => o !== t && !o.e.contains(t.e) && !t.e.contains(o.e)
      && (circleTouches(centre(t), o) || (small(o) && !apart(t, o)))))
    .map(t => `${t.e.tagName.toLowerCase()}.${t.e.className} "${t.e.textContent.trim().slice(0, 30)}" ${Math.round(t.w)}x${Math.round(t.h)}`);
}"""

# The controls the book adds or relies on, each to be 24 x 24 px whatever is around it.
CONTROLS = (
    "nav.jump-links a, .sort-button, .row-toggle, details.cite-claim > summary, details.verdict-more > summary, "
    ".theme-switch-button, .dropdown-download-buttons > button"
)
SMALLEST_CONTROLS = """(selector) => [...document.querySelectorAll(selector)]
  .filter(e => e.getBoundingClientRect().width > 0 && !e.closest('figure.book-chart'))
  .map(e => { const r = e.getBoundingClientRect(); return {name: `${e.className || e.tagName} "${e.textContent.trim().slice(0, 20)}"`, side: Math.min(r.width, r.height)}; })
  .sort((a, b) => a.side - b.side).slice(0, 3)"""


@pytest.mark.parametrize("width", [*PHONES, DESKTOP])
@pytest.mark.parametrize("chapter", ["troops", "munitions", "verdicts"])
def test_tap_targets_are_at_least_24_px_or_have_room_around_them(browser, server, chapter, width):
    with reading(browser, f"{server}/book/{chapter}.html", width) as page:
        crowded = page.evaluate(CROWDED_TARGETS, MIN_TARGET)
        assert crowded == [], f"{chapter} at {width} px: {len(crowded)} small targets too close to another"
        smallest = page.evaluate(SMALLEST_CONTROLS, CONTROLS)
        assert smallest and smallest[0]["side"] >= MIN_TARGET - 0.5, f"{chapter} at {width} px: {smallest}"


# ---------------------------------------------------------------- the colour-mode button


PAGE_COLOURS = "() => [document.documentElement.dataset.theme, getComputedStyle(document.body).backgroundColor]"


@pytest.mark.parametrize("width", [390, DESKTOP])
@pytest.mark.parametrize("system", ["light", "dark"])
def test_the_first_tap_on_the_colour_mode_button_changes_the_page(browser, server, system, width):
    with reading(browser, f"{server}/book/troops.html", width, color_scheme=system) as page:
        page.wait_for_function("document.documentElement.dataset.mode")
        theme, background = page.evaluate(PAGE_COLOURS)
        press(page.locator(".theme-switch-button").locator("visible=true"), width)
        page.wait_for_timeout(300)
        after = page.evaluate(PAGE_COLOURS)
        assert after[0] != theme and after[1] != background, (
            f"on a {system} system at {width} px the first tap left the page {theme} ({background}): {after}"
        )


# ---------------------------------------------------------------- nothing holds up the page


# Scripts the browser counted as blocking the first paint, and every script and the search index requested.
SCRIPTS_LOADED = """() => performance.getEntriesByType('resource')
  .filter(e => e.initiatorType === 'script' || e.name.includes('searchindex'))
  .map(e => ({name: new URL(e.name).pathname, blocking: e.renderBlockingStatus === 'blocking'}))"""


@pytest.mark.parametrize("path", ["book/intro.html", "book/troops.html", "book/methods.html", "search.html"])
def test_no_script_blocks_the_first_paint_and_only_search_loads_the_index(browser, server, path):
    with reading(browser, f"{server}/{path}", 390) as page:
        scripts = page.evaluate(SCRIPTS_LOADED)
    assert scripts, f"{path}: no script measured"
    assert [s["name"] for s in scripts if s["blocking"]] == [], f"{path}: render-blocking scripts"
    index = [s["name"] for s in scripts if "searchindex" in s["name"]]
    assert bool(index) == (path == "search.html"), f"{path}: search index requested: {index}"


# Every icon a page can show, from any element's ::before or ::after in an icon font: family, weight, code points.
ICONS_SHOWN = """() => {
  const shown = new Set();
  for (const e of document.querySelectorAll('*')) for (const pseudo of ['::before', '::after']) {
    const style = getComputedStyle(e, pseudo);
    if (!/Font Awesome/.test(style.fontFamily) || !style.content.startsWith('"')) continue;
    const points = [...JSON.parse(style.content)].map(c => c.codePointAt(0)).filter(p => p >= 0xE000 && p < 0xF900);
    for (const p of points) shown.add(JSON.stringify([/Brands/.test(style.fontFamily), +style.fontWeight, p]));
  }
  return [...shown].map(s => JSON.parse(s));
}"""
ICON_FONT_LIMIT = 10_000  # bytes: the whole solid font was 156 kB


def _served_icons(site):
    from fontTools.ttLib import TTFont

    from bookbuild.site.icons import ICON_FONTS, WEBFONTS

    fonts = {name: site / WEBFONTS / name for name in ICON_FONTS}
    return {name: set(TTFont(path).getBestCmap()) for name, path in fonts.items()}, fonts


@pytest.mark.parametrize("width", [390, DESKTOP])
@pytest.mark.parametrize("path", ["book/intro.html", "book/troops.html", "book/methods.html", "search.html"])
def test_every_icon_a_page_shows_is_in_the_cut_down_icon_fonts(browser, server, site, path, width):
    cmaps, fonts = _served_icons(site)
    with reading(browser, f"{server}/{path}", width) as page:
        shown = page.evaluate(ICONS_SHOWN)
    assert shown, f"{path}: no icon found"
    missing = []
    for brands, weight, point in shown:
        name = "fa-brands-400.woff2" if brands else "fa-solid-900.woff2" if weight >= 600 else "fa-regular-400.woff2"
        if point not in cmaps[name]:
            missing.append(f"U+{point:04X} in {name}")
    assert missing == [], f"{path} at {width} px shows icons its font lacks: {missing}"
    assert all(p.stat().st_size <= ICON_FONT_LIMIT for p in fonts.values()), {
        n: p.stat().st_size for n, p in fonts.items()
    }


# ---------------------------------------------------------------- the cut stylesheets

# Per element, and per ::before or ::after that has content, in document order: where it is, and a hash of every
# computed property's value (custom properties are left out: what they feed shows in the properties that use them).
STYLES_SEEN = """() => {
  const names = [...getComputedStyle(document.documentElement)].filter(name => !name.startsWith('--'));
  const hash = text => { let h = 2166136261;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619); return h >>> 0; };
  const seen = [];
  document.querySelectorAll('*').forEach((e, n) => { for (const pseudo of ['', '::before', '::after']) {
    const style = getComputedStyle(e, pseudo || null);
    if (pseudo && ['none', 'normal'].includes(style.content)) continue;
    seen.push(`${n}${pseudo} ${hash(names.map(name => style.getPropertyValue(name)).join(';'))}`);
  } });
  return seen;
}"""
# One entry of STYLES_SEEN ("12::before 3971…"): the element, and each of its properties.
STYLE_OF = """entry => { const [, n, pseudo] = entry.match(/^(\\d+)(\\S*) /);
  const e = document.querySelectorAll('*')[+n], style = getComputedStyle(e, pseudo || null), props = {};
  for (const name of style) if (!name.startsWith('--')) props[name] = style.getPropertyValue(name);
  return {who: e.outerHTML.slice(0, 120) + pseudo, props}; }"""
OPEN_EVERYTHING = """() => { document.querySelectorAll('details').forEach(d => d.open = true);
  document.documentElement.dataset.mode = 'dark'; document.documentElement.dataset.theme = 'dark'; }"""
SETTLE = "() => document.getAnimations().forEach(a => a.finish())"


# True once the number of elements has stayed the same for a second (each result's extract comes separately).
SEARCH_SETTLED = """() => { const n = document.querySelectorAll('*').length, now = performance.now();
  if (n !== window.__count) { window.__count = n; window.__since = now; }
  return now - window.__since >= 1000; }"""


def _serving(sheet):
    """A route handler that answers with this file."""
    return lambda route: route.fulfill(path=sheet, content_type="text/css")


@contextlib.contextmanager
def styled(browser, url, width, whole_sheets):
    """The page at this width with its served sheets, or (whole_sheets) with the packages' whole copies instead."""
    from bookbuild.site.styles import vendored_sheets

    context = browser.new_context(
        viewport={"width": width, "height": HEIGHT}, has_touch=width < 600, reduced_motion="reduce"
    )
    if whole_sheets:
        for pattern, whole in vendored_sheets().items():
            context.route(f"**/_static/{pattern}*", _serving(whole))
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        # Both drawn whole: which sections the phone has laid out yet is a matter of timing, not of the sheets.
        page.add_style_tag(content="* { content-visibility: visible !important; }")
        if "?q=" in url:  # the results, listed in full, with the extracts fetched for them after the list
            page.wait_for_function("/found/.test(document.querySelector('.search-summary')?.textContent)")
            page.wait_for_function(SEARCH_SETTLED, polling=250)
        yield page
    finally:
        context.close()


def _each_state(page, width):
    """The styles at load (light), then with every disclosure, the download menu and the sidebar open, dark."""
    yield "at load", page.evaluate(STYLES_SEEN)
    page.evaluate(OPEN_EVERYTHING)
    for control in [".dropdown-download-buttons > button"] + (["button.primary-toggle"] if width < 600 else []):
        if page.locator(control).count():  # the search page has no download menu
            press(page.locator(control), width)
    page.evaluate(SETTLE)
    yield "opened, dark", page.evaluate(STYLES_SEEN)


@pytest.mark.parametrize("width", [390, DESKTOP])
@pytest.mark.parametrize(
    "path", ["book/intro.html", "book/troops.html", "book/data-catalog.html", "search.html?q=troops"]
)
def test_the_cut_stylesheets_style_every_element_as_the_whole_ones_do(browser, server, path, width):
    url = f"{server}/{path}"
    with (
        styled(browser, url, width, whole_sheets=False) as cut,
        styled(browser, url, width, whole_sheets=True) as whole,
    ):
        for (state, seen), (_, expected) in zip(_each_state(cut, width), _each_state(whole, width), strict=True):
            assert len(seen) == len(expected), f"{path} at {width} px, {state}: the pages differ in elements"
            differ = [(a, b) for a, b in zip(seen, expected, strict=True) if a != b]
            if differ:
                got, want = cut.evaluate(STYLE_OF, differ[0][0]), whole.evaluate(STYLE_OF, differ[0][1])
                changed = {k: (got["props"].get(k), v) for k, v in want["props"].items() if got["props"].get(k) != v}
                pytest.fail(
                    f"{path} at {width} px, {state}: {len(differ)} styles differ; first {want['who']}: {changed}"
                )


def test_the_served_theme_sheet_is_cut_to_a_fraction_of_the_whole(site):
    from bookbuild.site.styles import vendored_sheets

    for pattern, whole in vendored_sheets().items():
        (served,) = (site / "_static").glob(pattern)
        assert served.stat().st_size <= whole.stat().st_size * 0.4, f"{served.name}: {served.stat().st_size} bytes"


# ---------------------------------------------------------------- sections laid out near the screen

# The regions the theme gives a keyboard stop when they scroll (tab-stops.js measures them as they are laid out).
REGIONS = ", ".join(scrollable_regions())
OPEN_ALL = "() => document.querySelectorAll('details').forEach(d => d.open = true)"
READ_TO_THE_END = """async () => {
  const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight / 2) { scrollTo(0, y); await frame(); }
  await frame(); }"""
KEYBOARD_STOPS = """regions => [...document.querySelectorAll(regions)].filter(r => r.checkVisibility())
  .map(r => ({who: r.outerHTML.slice(0, 100), scrolls: r.scrollWidth > r.clientWidth || r.scrollHeight > r.clientHeight,
    stop: r.tabIndex === 0, closedAtLoad: !!r.closest('details:not([open-at-load])')}))"""


@pytest.mark.parametrize("width", [360, DESKTOP])
@pytest.mark.parametrize("chapter", ["troops", "munitions", "two-years-on"])
def test_every_region_that_scrolls_takes_a_keyboard_stop_once_seen(browser, server, chapter, width):
    with reading(browser, f"{server}/book/{chapter}.html", width) as page:
        page.evaluate("document.querySelectorAll('details[open]').forEach(d => d.setAttribute('open-at-load', ''))")
        page.evaluate(READ_TO_THE_END)
        page.wait_for_timeout(1500)  # what the page does after load is done: nothing else makes a script measure
        page.evaluate(OPEN_ALL)  # only then does the reader open the disclosures
        page.evaluate(READ_TO_THE_END)
        regions = page.evaluate(KEYBOARD_STOPS, REGIONS)
        wrong = [r["who"] for r in regions if r["scrolls"] != r["stop"]]
        assert not wrong, (
            f"{chapter} at {width} px: {len(wrong)} regions with the wrong keyboard stop; first {wrong[0]}"
        )
        if width < 600:  # at least one was measured late: it sat in a disclosure closed at load
            assert any(r["scrolls"] and r["closedAtLoad"] for r in regions), f"{chapter}: no wide code in a disclosure"


# Per section laid out only near the screen, what it holds (or a focus ring around it, 0.1875rem out plus a
# 0.1875rem offset, as the theme draws one) that lies outside the section's box and is not inside a scroller.
CLIPPED = """() => { const ring = 6, out = [];
  const scrolled = (e, section) => { for (let a = e.parentElement; a && a !== section; a = a.parentElement)
    if (getComputedStyle(a).overflowX !== 'visible') return true; return false; };
  for (const section of document.querySelectorAll('*')) {
    if (getComputedStyle(section).contentVisibility !== 'auto') continue;
    const box = section.getBoundingClientRect();
    for (const e of section.querySelectorAll('*')) {
      const r = e.getBoundingClientRect();
      if (!r.width || !r.height || scrolled(e, section)) continue;
      const m = e.matches('a[href], button, summary, [tabindex]') ? ring : 0;
      if (r.left - m < box.left - 0.5 || r.right + m > box.right + 0.5 || r.top - m < box.top - 0.5
          || r.bottom + m > box.bottom + 0.5) out.push(e.outerHTML.slice(0, 100) + ' in ' + (section.id || section.tagName));
    } }
  return out; }"""


@pytest.mark.parametrize("width", [360, DESKTOP])
@pytest.mark.parametrize(
    "page_name", ["troops", "brics-stance", "two-years-on", "verdicts", "bibliography", "data-catalog"]
)
def test_a_section_laid_out_near_the_screen_clips_nothing_it_holds(browser, server, page_name, width):
    with reading(browser, f"{server}/book/{page_name}.html", width) as page:
        assert page.evaluate(
            "!!document.querySelector('.bd-article section section, .catalog-columns, .bibliography > li')"
        )
        page.evaluate(OPEN_ALL)
        page.evaluate(READ_TO_THE_END)
        clipped = page.evaluate(CLIPPED)
        assert not clipped, f"{page_name} at {width} px: {len(clipped)} clipped; first {clipped[0]}"


# The last target far down a page that links from other pages lead to: a row or claim shown at load, a source,
# a table of the data catalog.
FAR_TARGET = """() => [...document.querySelectorAll(
  '.bd-article [id^="row-"], .bd-article [id^="claim-"], li[id^="source-"], h3[id^="table-"]')]
  .filter(e => !e.closest('details')).pop().id"""


@pytest.mark.parametrize("width", [360, DESKTOP])
@pytest.mark.parametrize("page_name", ["troops", "two-years-on", "brics-stance", "bibliography", "data-catalog"])
def test_a_link_from_another_page_lands_its_target_under_the_header(browser, server, page_name, width):
    with reading(browser, f"{server}/book/{page_name}.html", width) as page:
        target = page.evaluate(FAR_TARGET)
    with reading(browser, f"{server}/book/{page_name}.html#{target}", width) as page:
        for wait in (0, 1000):  # as it loads, and once its charts and sections have been drawn
            page.wait_for_timeout(wait)
            top = page.evaluate("id => document.getElementById(id).getBoundingClientRect().top", target)
            header = page.evaluate(PINNED_TOP)
            assert header - 1 <= top <= HEIGHT / 2, f"{page_name}#{target} at {width} px lands at {top:.0f} px"
