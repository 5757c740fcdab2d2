"""Unit tests of the Sphinx glue's pure functions and of the rules chapters share (no build needed)."""

from __future__ import annotations

import importlib
import re

import pandas as pd
import pytest
import tinycss2

from bookbuild.site import figures, icons, publish, rows, styles, tabstops, text
from evidence import brics
from evidence.charts import plain, ranges


def test_visible_words_count_only_what_a_reader_sees_with_disclosures_closed():
    body = (
        "<p>one two</p><details><summary>three</summary><p>hidden words here</p>"
        "<details open><summary>x</summary>y</details></details><script>var a = 1;</script><pre>code code</pre>"
        "<details open><summary>four</summary><p>five six</p></details>"
    )
    assert text.visible_words(body) == 6  # one two three four five six


def test_figure_references_link_in_prose_only():
    body = (
        '<figure class="book-chart" data-figure="Figure 1.2" id="chart-abc"><figcaption>Figure 1.2</figcaption></figure>'
        "<p>See Figure 1.2 and Figure 9.9.</p><code>Figure 1.2</code>"
    )
    linked = figures.link_figure_refs(body)
    assert linked.count('href="#chart-abc"') == 1
    assert "Figure 9.9." in linked and "<code>Figure 1.2</code>" in linked


def test_row_anchors_once_and_ids_as_links():
    body = '<tr id="row-dep-001"></tr><tr id="row-dep-001"></tr><code class="row-ref">dep-001</code><code class="row-ref">dep-002</code>'
    once = rows.dedupe_row_anchors(body)
    assert once.count('id="row-dep-001"') == 1
    linked = rows.link_row_ids(once)
    assert '<a class="row-link" href="#row-dep-001">' in linked and 'href="#row-dep-002"' not in linked


def test_every_inline_script_is_allowed_by_its_hash_and_nothing_else_inline_runs():
    page = '<html><head>\n<meta charset="utf-8" />\n<script>var a = 1;</script><script src=x.js></script>'
    page += '<script type="application/json">{"a": 1}</script></head><body></body></html>'
    secured = publish.with_csp(page)
    assert secured.count("Content-Security-Policy") == 1
    policy = publish.content_security_policy(secured)
    assert policy.count("'sha256-") == 1 and "'unsafe-inline'" not in policy.split("style-src")[0]
    assert publish.with_csp(secured) == secured  # idempotent


def test_no_script_stops_the_parser_and_the_search_tools_stay_only_where_used():
    head = (
        '<script src="a.js"></script>\n<script defer src="b.js"></script>\n<script>var c = 1;</script>\n'
        '    <script src="../_static/searchtools.js"></script>\n<script src="../searchindex.js"></script>\n'
        '<script type="application/json">{}</script><script async src="d.js"></script>'
    )
    page = publish.without_blocking_scripts(head, search_tools=False)
    assert '<script defer="defer" src="a.js">' in page and '<script defer src="b.js">' in page
    assert "search" not in page and '<script async src="d.js">' in page and "<script>var c = 1;" in page
    kept = publish.without_blocking_scripts(head, search_tools=True)
    assert '<script defer="defer" src="../_static/searchtools.js">' in kept
    assert publish.without_blocking_scripts(page, search_tools=False) == page  # idempotent


def test_icon_code_points_come_from_icon_classes_and_from_the_theme_rules():
    css = (
        '.fa-bars:before{content:"\\f0c9"}.fa-a:before,.fa-b:before{content:"\\e163"}'
        ':root{--pst-icon-github:"\uf09b";--x:"plain"}.admonition:after{content:"\\f05a "}'
    )
    icons_, elsewhere = icons.css_codepoints(css)
    assert icons_ == {"fa-bars": {0xF0C9}, "fa-a": {0xE163}, "fa-b": {0xE163}}
    assert elsewhere == {0xF09B, 0xF05A}


def test_a_selector_requires_the_classes_and_ids_outside_its_brackets():
    assert styles.required_names(".nav > #top .sd-col-\\31 0:not(.a, .b)::before") == {"nav", "top", "sd-col-10"}
    assert styles.required_names("html[data-theme=dark] a:is(.x)") == set()
    assert styles.required_names('.menu a[href$=".pdf"]') == {"menu"}


def test_the_cut_keeps_the_rules_that_can_match_and_the_at_rules_whole():
    css = (
        '@charset "UTF-8";:root{--x:1}.used,.unused{color:red}.unused{color:blue}'
        "dl:not(.gone,.also-gone) dd{margin:0}@media (max-width:600px){.used{top:0}.unused{top:1px}}"
        "@media print{.unused{top:2px}}@keyframes spin{to{transform:rotate(1turn)}}"
    )
    cut = styles.cut_stylesheet(css, {"used"})
    assert cut.split("\n") == [
        '@charset "UTF-8";',
        ":root{--x:1}",
        ".used{color:red}",
        "dl:not(.gone,.also-gone) dd{margin:0}",
        "@media (max-width:600px){.used{top:0}}",
        "@keyframes spin{to{transform:rotate(1turn)}}",
        "",
    ]


def test_a_cut_that_would_not_parse_is_refused(monkeypatch):
    # Selectors split at every comma (the first version's mistake) cut ":not(.a, .b)" in two.
    monkeypatch.setattr(styles, "selectors", lambda prelude: tinycss2.serialize(prelude).split(","))
    with pytest.raises(ValueError, match="does not parse: line 1"):
        styles.cut_stylesheet("dl:not(.a,.b) dd{margin:0}", set())


def test_the_theme_script_leaves_scrollable_regions_to_tab_stops_js():
    theme = tabstops.theme_script().read_text(encoding="utf-8")
    served = tabstops.without_theme_tab_stops(theme)
    assert "scrollWidth" in theme and "scrollWidth" not in served  # the theme measured; nothing there does now
    assert served.count("function I(){}") == 1 and 'addEventListener("load",I)' in served
    with pytest.raises(ValueError, match="differ|measures"):
        tabstops.without_theme_tab_stops(theme.replace('"pre",', '"pre","table",', 1))
    with pytest.raises(ValueError, match="0 times"):
        tabstops.without_theme_tab_stops(served)


def test_csv_values_as_the_data_write_them():
    assert figures.csv_value("2024-10-23T00:00:00") == "2024-10-23"
    assert figures.csv_value(3000.0) == 3000 and figures.csv_value(2.5) == 2.5


def test_plain_words_steps():
    rows_ = [{"measure": "troops_in_russia", "source_id": "a_b"}]
    renamed = plain.relabel_rows(rows_)
    assert rows_[0]["measure"] == "Troops in Russia" and rows_[0]["source_id"] == "a_b"
    assert renamed == {"troops_in_russia": "Troops in Russia"}
    spec = {"encoding": {"x": {"field": "reported_on"}, "order": {"field": "low"}}}
    plain.title_fields(spec)
    assert spec["encoding"]["x"]["title"] == "Date reported" and "title" not in spec["encoding"]["order"]
    node = {"labelFontSize": 8}
    plain.legible(node)
    assert node["labelFontSize"] == plain.MIN_FONT
    expr = {"filter": "datum.measure == 'troops_in_russia'", "domain": ["troops_in_russia"]}
    plain.rename_codes(renamed)(expr)
    assert expr == {"filter": 'datum.measure == "Troops in Russia"', "domain": ["Troops in Russia"]}


def test_a_tooltip_says_at_least_where_a_figure_has_no_high():
    tip = {"field": "high", "type": "quantitative", "title": "High", "format": ","}
    spec = {
        "datasets": {"d": [{"low": 10000, "high": None}, {"low": 1500, "high": 3000}, {"low": None, "high": None}]},
        "encoding": {"tooltip": [tip]},
    }
    plain.said_highs(spec)
    assert [r["high_said"] for r in spec["datasets"]["d"]] == ["at least 10,000", "3,000", "not stated"]
    assert tip == {"field": "high_said", "type": "nominal", "title": "High"}


def test_a_drawing_keeps_its_outlines_to_a_tenth_of_a_pixel():
    figure_module = importlib.import_module("evidence.charts.figure")
    assert figure_module._tenths("M1.23456,2.0L-3.14159,10.55Z") == "M1.2,2.0L-3.1,10.6Z"


def _points(path: str) -> list[tuple[float, float]]:
    """Every point an outline of M, L, l and z steps passes through, in absolute pixels."""
    points, here, start = [], (0.0, 0.0), (0.0, 0.0)
    for command, x, y in re.findall(r"([MLlZz])(?:(-?[\d.]+),?(-?[\d.]+))?", path):
        if command in "Zz":
            here = start
        elif command == "l":
            here = (round(here[0] + float(x), 1), round(here[1] + float(y), 1))
        else:
            here = (float(x), float(y))
        start = here if command == "M" else start
        points.append(here)
    return points


def test_a_drawing_writes_each_straight_step_from_the_point_before_it():
    relative = importlib.import_module("evidence.charts.figure")._relative
    path = "M294.2,174.3L293.4,174.3L292.2,173.9L292.2,180ZM10,0.5L10.5,0Z"
    assert relative(path) == "M294.2,174.3l-.8,0l-1.2-.4l0,6.1zM10,.5l.5-.5z"
    assert _points(relative(path)) == _points(path)
    arc = "M0,0A5,5,0,1,1,10,0Z"  # any other step: left as it is
    assert relative(arc) == arc and relative("M1.25,2L3,4") == "M1.25,2L3,4"


def test_phone_labels_drop_the_row_id_only_where_rows_stay_apart():
    shown = ranges.phone_labels(
        ["Killed", "US Pentagon, 28 Oct 24 (dep-013)", "Zelensky, 28 Oct 24 (dep-014)", "Zelensky, 28 Oct 24 (dep-015)"]
    )
    assert list(shown.values()) == [
        "Killed",
        "US Pentagon, 28 Oct 24",
        "dep-014: Zelensky, 28 Oct 24",
        "dep-015: Zelensky, 28 Oct 24",
    ]


def _membership(rows_: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows_, columns=["country", "iso3", "status", "effective_date", "source_id"])
    return frame.assign(effective_date=pd.to_datetime(frame["effective_date"]))


def test_brics_standing_takes_the_latest_status_and_marks_the_disputed():
    membership = _membership(
        [
            ("Egypt", "EGY", "invited", "2023-08-24", "a"),
            ("Egypt", "EGY", "member", "2024-01-01", "b"),
            ("Saudi Arabia", "SAU", "member", "2024-01-01", "c"),
            ("Cuba", "CUB", "partner", "2024-10-24", brics.SUMMIT_DAY_LIST),
        ]
    )
    standing = brics.standing(membership).set_index("country")
    assert standing.loc["Egypt", "status"] == "member" and str(standing.loc["Egypt", "joined"].date()) == "2024-01-01"
    assert standing.loc["Saudi Arabia", "status"] == "disputed member"
    assert standing.loc["Cuba", "status"] == "partner (summit-day list only)"
    before = brics.standing(membership, pd.Timestamp("2023-12-31")).set_index("country")
    assert before.loc["Egypt", "status"] == "invited" and before.loc["Egypt", "group"] == ""


def test_a_figures_specs_leave_the_page_for_a_file_it_loads_on_demand(tmp_path):
    """The page keeps the drawings and gains the spec file's address; the file holds both specs, filed under
    the figure's id; the CSV holds the rows the wide chart draws."""
    import json

    import altair as alt

    from evidence.charts.figure import drawn_rows, figure

    rows = pd.DataFrame({"source_id": ["s1", "s2"], "value": [3, 5], "name": ["a", "b"]})
    shown = figure(
        alt.Chart(rows).mark_bar().encode(x="value:Q", y="name:N"),
        title="A test chart",
        alt_text="Two bars, a at 3 and b at 5, one per source row, to test the figure's data files.",
        sources=None,
        source_note="Sources: none; a test.",
    )
    page = figures.number_figures(tmp_path, "book/troops", "https://example.org/book/troops.html", shown.to_html())
    assert "book-chart-spec" not in page and 'class="book-chart-still still-wide"' in page
    spec_file = re.search(r'data-spec="\.\./chart-data/([\w-]+\.spec\.js)"', page).group(1)
    assert re.search(r'data-narrow-below="\d+"', page)
    script = (tmp_path / "chart-data" / spec_file).read_text(encoding="utf-8")
    shelf = re.fullmatch(
        r'window\.bookChartSpecs = window\.bookChartSpecs \|\| \{\};\nwindow\.bookChartSpecs\["'
        + shown.chart_id
        + r'"\] = (.*);\n',
        script,
        re.DOTALL,
    )
    assert shelf, script[:200]
    specs = json.loads(shelf.group(1))
    assert specs["wide"] == shown.spec and specs["narrow"] == shown.narrow_spec
    csv_rows = (tmp_path / "chart-data" / spec_file.replace(".spec.js", ".csv")).read_text().splitlines()
    assert len(csv_rows) == 1 + len(drawn_rows(shown.spec)) == 3
