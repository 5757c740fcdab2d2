"""Numbered figures and the data behind each: "Figure <chapter>.<n>", a CSV of the rows the chart draws, a
JSON of their sources, licence and version, and a link from every "Figure X.Y" in the page's prose to its
figure.

A figure's Vega-Lite specs (wide and narrow, written into the page by evidence.charts.figure) move into a
small script file beside its CSV, which _assets/charts.js loads only when the interactive chart is wanted: a
reader who only reads never downloads or parses them."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

from bookbuild.project import chapter_numbers, metadata
from bookbuild.site.text import inside, visit_text
from evidence.markup import script_data

CHART_DATA_DIR = "chart-data"
CHART_MARKER = 'class="book-chart"'
_FIGURE = re.compile(r'<figure class="book-chart" id="(chart-[0-9a-f]+)">.*?</figure>', re.DOTALL)
_SPEC = re.compile(r'<script type="application/json" class="book-chart-spec">(.*?)</script>\n?', re.DOTALL)
_NARROW = re.compile(
    r'<script type="application/json" class="book-chart-spec-narrow" data-below="(\d+)">(.*?)</script>\n?', re.DOTALL
)
SPEC_REGISTRY = "bookChartSpecs"  # _assets/charts.js reads a figure's specs from window.bookChartSpecs[its id]
_CAPTION = re.compile(r"<figcaption>(.*?)</figcaption>", re.DOTALL)
# "Figure 1.2" in a page's prose; a figure's own caption and data link are inside its <figure>.
FIGURE_REF = re.compile(r"\bFigure (\d+(?:\.\d+)?)\b")
_NUMBERED = re.compile(r'<figure class="book-chart" data-figure="Figure ([\d.]+)"[^>]*? id="(chart-[0-9a-f]+)">')
_NOT_LINKED = {"a", "code", "pre", "script", "style", "figure", "summary", "svg"}


def csv_value(value):
    """Dates as yyyy-mm-dd and whole numbers without '.0', as in the book's own CSVs."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}T00:00:00(\.0+)?", value):
        return value[:10]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def rows_csv(rows: list[dict]) -> str:
    columns = list(dict.fromkeys(k for r in rows for k in r))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: csv_value(v) for k, v in r.items()} for r in rows)
    return buffer.getvalue()


def about(label: str, caption: str, page_url: str, stem: str, rows: list[dict]) -> dict:
    """The JSON beside a chart's CSV: what it is, where it is, its licence, version, columns and sources."""
    from evidence import labels
    from evidence.columns import plain
    from evidence.data import load

    meta = metadata()
    columns = list(dict.fromkeys(k for r in rows for k in r))
    ids = list(dict.fromkeys(str(r["source_id"]) for r in rows if r.get("source_id")))
    sources = load("sources").set_index("source_id")
    return {
        "figure": label,
        "caption": caption,
        "page": page_url,
        "book": meta["title"],
        "version": meta["version"],
        "licence": f"{meta['license']} for the book's data and text; each source page belongs to its publisher",
        "rows": len(rows),
        "csv": f"{stem}.csv",
        "columns": {c: labels.column(c) for c in columns},
        "sources": [
            {"source_id": i, **{k: plain(v) for k, v in sources.loc[i].items()}} for i in ids if i in sources.index
        ],
    }


def number_figures(outdir: Path, pagename: str, page_url: str, body: str) -> str:
    """Number each figure on the page, write the data behind it, and link the prose's figure references."""
    chapter = chapter_numbers().get(pagename)
    folder = Path(outdir) / CHART_DATA_DIR
    prefix = "../" * pagename.count("/") + CHART_DATA_DIR + "/"
    count = 0

    def number(match):
        nonlocal count
        figure, chart_id = match.group(0), match.group(1)
        caption, wide, narrow = _CAPTION.search(figure), _SPEC.search(figure), _NARROW.search(figure)
        if caption is None or wide is None:
            return figure
        count += 1
        label = f"Figure {chapter}.{count}" if chapter else f"Figure {count}"
        stem = f"{pagename.split('/')[-1]}-figure-{chapter or 0}-{count}"
        from evidence.charts.figure import drawn_rows  # the chart package loads Altair: only for a figure

        spec = json.loads(wide.group(1))
        rows = drawn_rows(spec)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{stem}.csv").write_text(rows_csv(rows), encoding="utf-8")
        specs = {"wide": spec, "narrow": json.loads(narrow.group(2)) if narrow else None}
        (folder / f"{stem}.spec.js").write_text(script_data(SPEC_REGISTRY, chart_id, specs), encoding="utf-8")
        figure = figure.replace(wide.group(0), "").replace(narrow.group(0) if narrow else "\0", "")
        meta = about(label, html.unescape(caption.group(1)), page_url, stem, rows)
        (folder / f"{stem}.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        link = (
            f'<p class="chart-data">Data behind this chart: <a class="chart-data-csv" href="{prefix}{stem}.csv" '
            f'download>{label} rows (CSV, {len(rows)} rows)</a> · <a class="chart-data-json" href="{prefix}{stem}.json">'
            "its sources, licence and version (JSON)</a></p>"
        )
        numbered = f'<figcaption><span class="figure-number">{label}.</span> {caption.group(1)}</figcaption>'
        figure = figure.replace(caption.group(0), numbered + "\n" + link)
        loads = f' data-spec="{prefix}{stem}.spec.js"' + (f' data-narrow-below="{narrow.group(1)}"' if narrow else "")
        return figure.replace(
            '<figure class="book-chart"', f'<figure class="book-chart" data-figure="{label}"{loads}', 1
        )

    return link_figure_refs(_FIGURE.sub(number, body))


def first_figure(body: str) -> tuple[str, str] | None:
    """The page's first numbered figure: its number ("1.1") and its anchor, or None on a page without one."""
    found = _NUMBERED.search(body)
    return found.groups() if found else None


def link_figure_refs(body: str) -> str:
    """Each "Figure X.Y" in the prose becomes a link to that figure on the page (outside links, code and
    figures). A number the page does not hold stays plain text, which tests/test_figures.py reports."""
    anchors = dict(_NUMBERED.findall(body))
    if not anchors:
        return body

    def visit(text, stack):
        if inside(stack, _NOT_LINKED):
            return text
        return FIGURE_REF.sub(
            lambda m: (
                f'<a class="figure-ref" href="#{anchors[m.group(1)]}">{m.group(0)}</a>'
                if m.group(1) in anchors
                else m.group(0)
            ),
            text,
        )

    return visit_text(body, visit)
