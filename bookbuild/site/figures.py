"""Numbered figures and the data behind each: "Figure <chapter>.<n>", a CSV of the rows the chart carries
(written by the chart itself, evidence.charts.figure), a JSON of their sources, licence and version, and a
link from every "Figure X.Y" in the page's prose to its figure."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

from bookbuild.project import chapter_numbers, metadata
from bookbuild.site.text import inside, visit_text

CHART_DATA_DIR = "chart-data"
CHART_MARKER = 'class="book-chart"'
_FIGURE = re.compile(r'<figure class="book-chart" id="(chart-[0-9a-f]+)">.*?</figure>', re.DOTALL)
_ROWS = re.compile(r'<script type="application/json" class="book-chart-rows">(.*?)</script>', re.DOTALL)
_CAPTION = re.compile(r"<figcaption>(.*?)</figcaption>", re.DOTALL)
# "Figure 1.2" in a page's prose; a figure's own caption and data link are inside its <figure>.
FIGURE_REF = re.compile(r"\bFigure (\d+(?:\.\d+)?)\b")
_NUMBERED = re.compile(r'<figure class="book-chart" data-figure="Figure ([\d.]+)" id="(chart-[0-9a-f]+)">')
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
        figure, caption, rows_block = match.group(0), _CAPTION.search(match.group(0)), _ROWS.search(match.group(0))
        if caption is None or rows_block is None:
            return figure
        count += 1
        label = f"Figure {chapter}.{count}" if chapter else f"Figure {count}"
        stem = f"{pagename.split('/')[-1]}-figure-{chapter or 0}-{count}"
        rows = json.loads(rows_block.group(1))
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{stem}.csv").write_text(rows_csv(rows), encoding="utf-8")
        meta = about(label, html.unescape(caption.group(1)), page_url, stem, rows)
        (folder / f"{stem}.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        link = (
            f'<p class="chart-data">Data behind this chart: <a class="chart-data-csv" href="{prefix}{stem}.csv" '
            f'download>{label} rows (CSV, {len(rows)} rows)</a> · <a class="chart-data-json" href="{prefix}{stem}.json">'
            "its sources, licence and version (JSON)</a></p>"
        )
        numbered = f'<figcaption><span class="figure-number">{label}.</span> {caption.group(1)}</figcaption>'
        figure = figure.replace(caption.group(0), numbered + "\n" + link)
        return figure.replace('<figure class="book-chart"', f'<figure class="book-chart" data-figure="{label}"', 1)

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
