"""The one way a chart reaches a page: ``figure(chart, title=..., alt_text=..., sources=...)``.

Every chart is rendered the same way: an interactive Vega-Lite view (drawn by the Vega bundle vendored
in _assets/, so it works offline), a caption naming the sources, alt text, a static SVG (shown first,
and in print), a phone layout where it needs one, and the rows it draws for "Data behind this chart".
"""

from __future__ import annotations

import hashlib
import json

import altair as alt
import pandas as pd
import vl_convert

from evidence import markup
from evidence.charts.plain import plain_words
from evidence.charts.style import STATIC_WIDTH
from evidence.data import sources_for


def _spec_id(spec: dict) -> str:
    return hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:12]


COMPOUND_KEYS = ("facet", "hconcat", "vconcat", "concat", "repeat")


PANEL_WIDTH = 300  # width of each panel of a faceted or concatenated chart (fits a phone)


def _is_compound(spec: dict) -> bool:
    return any(key in spec for key in COMPOUND_KEYS)


def _fixed_panels(spec: dict) -> dict:
    """Container width only works for single views: give each panel of a compound chart a fixed width."""
    fixed = {k: v for k, v in spec.items() if k not in ("width", "autosize")}
    config = {**fixed.get("config", {})}
    config["view"] = {**config.get("view", {}), "continuousWidth": PANEL_WIDTH}
    return {**fixed, "config": config}


# The printed font can run wider than the one the layout measured: a margin keeps long axis
# labels (such as "Saudi Arabia (disputed)") inside the printed chart.
PRINT_PADDING = {"left": 30, "right": 10, "top": 5, "bottom": 5}


def _static_svg(spec: dict) -> str:
    if _is_compound(spec):
        return vl_convert.vegalite_to_svg({**spec, "padding": PRINT_PADDING})
    printable = {
        **spec,
        "width": STATIC_WIDTH,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "padding": PRINT_PADDING,
    }
    return vl_convert.vegalite_to_svg(printable)


CAPTION_LIMIT = 280  # characters; the page adds "Figure 1.2. " and stays under 300


MAX_PUBLISHERS = 3


def caption_text(title: str, data: pd.DataFrame | None, source_note: str = "") -> str:
    """'Title. Sources: A; B; C and N more (see Sources).' for the pages behind the rows of ``data``.

    At most three publishers are named (fewer if the caption would pass CAPTION_LIMIT); the full
    references are under Sources on the same page.
    """
    if data is None:
        return f"{title} Source: {source_note}."
    publishers = list(dict.fromkeys(sources_for(data)["publisher"]))
    for shown in range(min(MAX_PUBLISHERS, len(publishers)), 0, -1):
        rest = len(publishers) - shown
        more = f" and {rest} more (see Sources)" if rest else " (see Sources)"
        text = f"{title} Sources: {'; '.join(publishers[:shown])}{more}."
        if len(text) <= CAPTION_LIMIT:
            return text
    return f"{title} Sources: {len(publishers)} publishers (see Sources)."


NARROW_PANEL_WIDTH = 170  # px: each panel of a compound chart on a phone, leaving room for labels


def _narrow_auto(spec: dict) -> dict | None:
    """A phone layout for a compound chart: panels stacked rather than side by side, and narrower."""
    if not _is_compound(spec):
        return None
    if "hconcat" in spec:
        spec = {**{k: v for k, v in spec.items() if k != "hconcat"}, "vconcat": spec["hconcat"]}
    elif isinstance(spec.get("facet"), dict) and "column" in spec["facet"] and "row" not in spec["facet"]:
        spec = {**spec, "facet": {"row": spec["facet"]["column"]}}
    elif "concat" in spec and spec.get("columns", 1) != 1:
        spec = {**spec, "columns": 1}
    config = {**spec.get("config", {})}
    config["view"] = {**config.get("view", {}), "continuousWidth": NARROW_PANEL_WIDTH}
    config["axis"] = {**config.get("axis", {}), "labelLimit": 120}
    config["legend"] = {**config.get("legend", {}), "columns": 1}
    return {**spec, "config": config}


NARROW_BELOW = 560  # px: a chart view narrower than this draws the narrow variant, if there is one

# Columns the builders add only to draw (a range's drawn end, stacking offsets, row labels and group
# headings): "Data behind this chart" leaves them out, so its CSV holds the data's own columns.
PLOTTING_ONLY = {
    "high_shown",
    "high_said",
    "at_least",
    "bound",
    "stack",
    "slot",
    "order",
    "x1",
    "x2",
    "lane",
    "dy",
    "verdict_rank",
    "who_n",
    "label",
    "group",
    "tag",
    "country_label",
    "when",
}


def drawn_rows(spec: dict) -> list[dict]:
    """The rows a chart draws, for its "Data behind this chart": its datasets that carry sources (else all),
    without heading rows, plotting-only columns or repeats."""
    sets = [rows for rows in spec.get("datasets", {}).values() if isinstance(rows, list)]
    sourced = [rows for rows in sets if any("source_id" in r for r in rows)]
    rows, seen = [], set()
    for row in (r for rows in (sourced or sets) for r in rows):
        if sourced and not row.get("source_id"):
            continue  # a group heading, not a figure
        kept = {k: v for k, v in row.items() if k not in PLOTTING_ONLY}
        key = json.dumps(kept, sort_keys=True)
        if key not in seen:
            seen.add(key)
            rows.append(kept)
    return rows


class Figure:
    """A chart with its alt text and caption; displays as HTML in the book and as Vega-Lite in Jupyter.

    The page numbers the figure ("Figure 2.1") and writes the data behind it (a CSV of the rows it
    carries, a JSON of their sources) when the book is built; see bookbuild/site/figures.py.
    """

    def __init__(
        self,
        chart: alt.TopLevelMixin,
        *,
        title: str,
        alt_text: str,
        sources: pd.DataFrame | None,
        source_note: str = "",
        narrow: alt.TopLevelMixin | None = None,
        still: alt.TopLevelMixin | None = None,
    ):
        """``sources`` is the data drawn, with its source_id column; the caption names its pages.

        A chart of the book's own ledger passes ``sources=None`` and a ``source_note`` instead.
        ``narrow`` is the same chart laid out for a phone (drawn where the view is narrower than
        NARROW_BELOW px); side-by-side panels get a stacked variant without asking. ``still`` is the
        chart the static drawing is made from, where the interactive one loads its data by address.
        """
        if not alt_text.strip():
            raise ValueError("every chart needs alt text")
        self.spec = self._prepare(chart, alt_text)
        if narrow is not None:
            self.narrow_spec = self._prepare(narrow, alt_text)
        else:
            self.narrow_spec = _narrow_auto(self.spec)
        self.alt_text = alt_text
        self.title = title
        self.caption = caption_text(title, sources, source_note)
        self.still_spec = self._prepare(still, alt_text) if still is not None else self.spec
        self.chart_id = f"chart-{_spec_id(self.spec)}"

    @staticmethod
    def _prepare(chart: alt.TopLevelMixin, alt_text: str) -> dict:
        spec = plain_words(chart.properties(description=alt_text).to_dict())
        return _fixed_panels(spec) if _is_compound(spec) else spec

    def to_html(self) -> str:
        narrow = (
            markup.json_script(self.narrow_spec, "book-chart-spec-narrow", data_below=NARROW_BELOW) + "\n"
            if self.narrow_spec
            else ""
        )
        return (
            f'<figure class="book-chart" id="{self.chart_id}">\n'
            f'<div class="book-chart-view" role="img" aria-label="{markup.attr(self.alt_text)}"></div>\n'
            f'<div class="book-chart-print" aria-hidden="true">{_static_svg(self.still_spec)}</div>\n'
            + markup.json_script(self.spec, "book-chart-spec")
            + "\n"
            + narrow
            + markup.json_script(drawn_rows(self.spec), "book-chart-rows")
            + "\n"
            + f"<figcaption>{markup.text(self.caption)}</figcaption>\n"
            "</figure>"
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {
            "text/html": self.to_html(),
            "application/vnd.vegalite.v6+json": self.spec,
            "text/plain": f"Figure: {self.caption}",
        }


def figure(
    chart: alt.TopLevelMixin,
    *,
    title: str,
    alt_text: str,
    sources: pd.DataFrame | None,
    source_note: str = "",
    narrow: alt.TopLevelMixin | None = None,
    still: alt.TopLevelMixin | None = None,
) -> Figure:
    """The one way a chart goes on a page (``narrow``: the same chart laid out for a phone; ``still``: the
    chart its static drawing is made from, where the interactive one loads its data by address)."""
    return Figure(
        chart, title=title, alt_text=alt_text, sources=sources, source_note=source_note, narrow=narrow, still=still
    )
