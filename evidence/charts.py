"""The book's chart house style, and the one way a chart reaches a page.

``figure(chart, alt=..., sources=...)`` renders every chart the same way:
an interactive Vega-Lite view (drawn by the Vega bundle vendored in _assets/,
so it works offline), a caption naming the sources, alt text, and a static SVG
that shows when the page is printed.
"""

from __future__ import annotations

import hashlib
import html
import json
import re

import altair as alt
import pandas as pd
import vl_convert

from evidence import labels
from evidence.data import sources_for
from evidence.scales import JUDGEMENT_LABEL, KIND_TITLES, SCALES

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
# Each kind of figure also gets its own mark shape, so colour is never the only cue.
CLAIM_TYPES = {
    "official": ("#0072B2", "circle"),
    "estimate": ("#E69F00", "square"),
    "projection": ("#009E73", "triangle-up"),
    "claim": ("#CC79A7", "diamond"),
}
VOTES = {"yes": "#0072B2", "abstain": "#E69F00", "no": "#D55E00", "non-voting": "#BBBBBB"}
STATIC_WIDTH = 640  # the printed chart's width in pixels
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"


@alt.theme.register("book", enable=True)
def book_theme() -> alt.theme.ThemeConfig:
    return {
        "width": "container",
        "autosize": {"type": "fit-x", "contains": "padding"},
        "config": {
            "font": FONT,
            "view": {"stroke": None},
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "gridColor": "#e5e5e5", "labelLimit": 180},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom", "direction": "horizontal", "columns": 2},
            "title": {"fontSize": 14, "anchor": "start", "subtitleFontSize": 12},
            "header": {"labelFontSize": 12, "titleFontSize": 12},
            "text": {"fontSize": 12},
        },
    }


def scale(mapping: dict) -> alt.Scale:
    """A categorical scale that keeps the house colours in the house order."""
    return alt.Scale(domain=list(mapping), range=list(mapping.values()))


def claim_type_encodings() -> dict:
    """Colour and shape by kind of figure (official, estimate, projection, claim)."""
    legend = alt.Legend(title="Kind of figure")
    return {
        "color": alt.Color("claim_type:N", scale=scale({k: c for k, (c, _) in CLAIM_TYPES.items()}), legend=legend),
        "shape": alt.Shape("claim_type:N", scale=scale({k: s for k, (_, s) in CLAIM_TYPES.items()}), legend=legend),
    }


def estimates_over_time(frame: pd.DataFrame, *, value_title: str, tooltip: list[str],
                        references: dict[str, float] | None = None, height: int = 260,
                        log: bool = False) -> alt.LayerChart:
    """Figures over time, each as a range from low to high, coloured and shaped by kind of figure.

    A point figure is a single mark; a range is a vertical line between two marks;
    an "at least" figure (no high) is a mark with an upward arrow. ``references``
    draws labelled horizontal lines (for example the article's own numbers).
    """
    data = frame.assign(
        high_shown=frame["high"].fillna(frame["low"]),
        bound=frame["high"].isna().map({True: "at least", False: "range or point"}),
    )
    x = alt.X("reported_on:T", title="Date reported", axis=alt.Axis(format="%b %Y", labelAngle=0, tickCount="month"))
    y_scale = alt.Scale(type="log") if log else alt.Scale(zero=True)
    base = alt.Chart(data).encode(x=x, tooltip=tooltip)
    marks = claim_type_encodings()
    ranges = base.mark_rule(strokeWidth=2.5, opacity=0.8).encode(
        y=alt.Y("low:Q", title=value_title + (" (log scale)" if log else ""), scale=y_scale, axis=alt.Axis(format=",d")),
        y2="high_shown:Q", color=marks["color"]
    )
    lows = base.mark_point(filled=True, size=60, opacity=0.95).encode(y="low:Q", **marks)
    highs = base.mark_point(filled=True, size=60, opacity=0.95).encode(y="high_shown:Q", **marks)
    at_least = base.transform_filter(alt.datum.bound == "at least").mark_text(
        text="↑", dy=-12, fontSize=14, color="#333"
    ).encode(y="low:Q")
    layers = [ranges, lows, highs, at_least]
    if references:
        refs = pd.DataFrame({"label": list(references), "value": list(references.values())})
        rule = alt.Chart(refs).mark_rule(strokeDash=[4, 4], color="#555").encode(y="value:Q")
        text = alt.Chart(refs).mark_text(align="left", dx=4, dy=-6, color="#333", fontSize=11).encode(
            y="value:Q", text="label:N", x=alt.value(0)
        )
        layers += [rule, text]
    return alt.layer(*layers).properties(height=height)


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


def _static_svg(spec: dict) -> str:
    if _is_compound(spec):
        return vl_convert.vegalite_to_svg(spec)
    printable = {**spec, "width": STATIC_WIDTH, "autosize": {"type": "fit-x", "contains": "padding"}}
    return vl_convert.vegalite_to_svg(printable)


MIN_FONT = 11  # px, the smallest chart text
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


def _walk(node, visit):
    """Call visit(dict) on every dict in a Vega-Lite spec, depth first."""
    if isinstance(node, dict):
        visit(node)
        for value in node.values():
            _walk(value, visit)
    elif isinstance(node, list):
        for value in node:
            _walk(value, visit)


def plain_words(spec: dict) -> dict:
    """The spec as a reader should see it: every field titled in plain words, coded values spelled out.

    Encodings (and tooltips, facets) without a title get the label of their field; values of
    data rows that are codes (``troops_in_russia``) become their label, and so do the same codes
    wherever the spec names them (scale domains, sort orders, filters), so nothing breaks.
    """
    spec = json.loads(json.dumps(spec))
    renamed: dict[str, str] = {}

    def relabel_rows(rows):
        for row in rows:
            for key, value in row.items():
                if not isinstance(value, str) or key in ("source_id", "id"):
                    continue
                if labels.is_code(value) or (key in labels.CODED and re.fullmatch(r"[a-z][a-z0-9'\-]*", value)):
                    renamed[value] = row[key] = labels.value(key, value)

    for rows in spec.get("datasets", {}).values():
        relabel_rows(rows)

    def title(node, in_layer=False):
        """Title every field; in a layered chart leave x and y alone (the layers share one axis title)."""
        if isinstance(node, list):
            for item in node:
                title(item, in_layer)
            return
        if not isinstance(node, dict):
            return
        if isinstance(node.get("data"), dict) and isinstance(node["data"].get("values"), list):
            relabel_rows([r for r in node["data"]["values"] if isinstance(r, dict)])
        for holder in ("encoding", "facet"):
            channels = node.get(holder)
            if not isinstance(channels, dict):
                continue
            if holder == "facet" and "field" in channels:
                channels = {"facet": channels}
            for name, channel in channels.items():
                if name in ("order", "detail", "key", "x2", "y2") or (in_layer and name in ("x", "y")):
                    continue
                for item in channel if isinstance(channel, list) else [channel]:
                    if isinstance(item, dict) and isinstance(item.get("field"), str) and "title" not in item:
                        item["title"] = labels.column(item["field"])
        for key, value in node.items():
            if key != "datasets":
                title(value, in_layer or key == "layer")

    def legible(node):  # no chart text under MIN_FONT px, whatever size a chapter asked for
        for key, value in node.items():
            if key.endswith(("fontSize", "FontSize")) and isinstance(value, (int, float)) and value < MIN_FONT:
                node[key] = MIN_FONT

    title(spec)
    _walk(spec, legible)
    if not renamed:
        return spec

    def rename(node):
        for key, value in list(node.items()):
            if key == "datasets":
                continue
            if isinstance(value, list):
                node[key] = [renamed.get(v, v) if isinstance(v, str) else v for v in value]
            elif isinstance(value, str):
                if value in renamed and key not in ("field", "name", "type", "title"):
                    node[key] = renamed[value]
                elif key in ("filter", "calculate", "expr", "test"):
                    for code, label in renamed.items():
                        value = value.replace(f"'{code}'", json.dumps(label)).replace(f'"{code}"', json.dumps(label))
                    node[key] = value

    _walk({k: v for k, v in spec.items() if k != "datasets"}, rename)
    return spec


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


class Figure:
    """A chart with its alt text and caption; displays as HTML in the book and as Vega-Lite in Jupyter.

    The page numbers the figure ("Figure 2.1") and writes the data behind it (a CSV of the rows
    drawn, a JSON of their sources) when the book is built; see evidence/sphinx_ext.py.
    """

    def __init__(self, chart: alt.TopLevelMixin, *, title: str, alt_text: str, sources: pd.DataFrame | None,
                 source_note: str = "", narrow: alt.TopLevelMixin | None = None):
        """``sources`` is the data drawn, with its source_id column; the caption names its pages.

        A chart of the book's own ledger passes ``sources=None`` and a ``source_note`` instead.
        ``narrow`` is the same chart laid out for a phone (drawn where the view is narrower than
        NARROW_BELOW px); side-by-side panels get a stacked variant without asking.
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
        self.chart_id = f"chart-{_spec_id(self.spec)}"

    @staticmethod
    def _prepare(chart: alt.TopLevelMixin, alt_text: str) -> dict:
        spec = plain_words(chart.properties(description=alt_text).to_dict())
        return _fixed_panels(spec) if _is_compound(spec) else spec

    def to_html(self) -> str:
        def script(spec, cls, extra=""):
            body = json.dumps(spec, sort_keys=True).replace("</", "<\\/")
            return f'<script type="application/json" class="{cls}"{extra}>{body}</script>\n'

        alt_attr = html.escape(self.alt_text, quote=True)
        narrow = (script(self.narrow_spec, "book-chart-spec-narrow", f' data-below="{NARROW_BELOW}"')
                  if self.narrow_spec else "")
        return (
            f'<figure class="book-chart" id="{self.chart_id}">\n'
            f'<div class="book-chart-view" role="img" aria-label="{alt_attr}"></div>\n'
            f'<div class="book-chart-print" aria-hidden="true">{_static_svg(self.spec)}</div>\n'
            + script(self.spec, "book-chart-spec") + narrow
            + f"<figcaption>{html.escape(self.caption)}</figcaption>\n"
            "</figure>"
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {
            "text/html": self.to_html(),
            "application/vnd.vegalite.v6+json": self.spec,
            "text/plain": f"Figure: {self.caption}",
        }


def figure(chart: alt.TopLevelMixin, *, title: str, alt_text: str, sources: pd.DataFrame | None,
           source_note: str = "", narrow: alt.TopLevelMixin | None = None) -> Figure:
    """The one way a chart goes on a page (``narrow``: the same chart laid out for a phone)."""
    return Figure(chart, title=title, alt_text=alt_text, sources=sources, source_note=source_note, narrow=narrow)


def verdict_bars(claims: pd.DataFrame) -> alt.VConcatChart:
    """How many of the article's claims got each verdict, by chapter: one panel per kind of claim,
    each with its own scale and legend (facts, predictions, judgements)."""
    shown = claims.assign(
        kind=claims["kind"].astype(str),
        verdict=claims["verdict"].astype("string").fillna(JUDGEMENT_LABEL).astype(str),
        chapter=claims["chapter"].astype(str),
    )
    panels = []
    for kind, scale_colours in SCALES.items():
        rows = shown[shown["kind"] == kind]
        if rows.empty:
            continue
        chapters = [c for c in claims["chapter"].cat.categories if c in set(rows["chapter"])]
        panels.append(
            alt.Chart(rows, title=f"{KIND_TITLES[kind]} ({len(rows)})")
            .mark_bar()
            .encode(
                y=alt.Y("chapter:N", title=None, sort=chapters),
                x=alt.X("count():Q", title="Claims", axis=alt.Axis(tickMinStep=1)),
                color=alt.Color("verdict:N", scale=scale(scale_colours),
                                legend=alt.Legend(title=f"{KIND_TITLES[kind]}: verdict")),
                order=alt.Order("verdict_rank:Q"),
                tooltip=[alt.Tooltip("chapter:N", title="Chapter"), alt.Tooltip("verdict:N", title="Verdict"),
                         alt.Tooltip("count():Q", title="Claims")],
            )
            .transform_calculate(verdict_rank=f"indexof({list(scale_colours)}, datum.verdict)")
        )
    return alt.vconcat(*panels).resolve_scale(color="independent")
