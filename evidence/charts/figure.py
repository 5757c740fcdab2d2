"""The one way a chart reaches a page: ``figure(chart, title=..., alt_text=..., sources=...)``.

Every chart is rendered the same way: two static SVG drawings made at build time, one laid out for a
wide column (also printed) and one for a phone, which the page shows at once; the Vega-Lite spec, which
the vendored Vega bundle (in _assets/, so it works offline) draws in their place when a reader first
touches, hovers or focuses the chart; a caption naming the sources, alt text, and the rows it draws for
"Data behind this chart".
"""

from __future__ import annotations

import hashlib
import json
import re

import altair as alt
import pandas as pd
import vl_convert

from evidence import markup
from evidence.charts.maps import BOUNDARY_URL
from evidence.charts.plain import plain_words, walk
from evidence.charts.style import STATIC_WIDTH
from evidence.data import boundaries, sources_for


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


NARROW_STILL_WIDTH = 312  # px: the phone drawing's width (a 360 px screen less the page's margins)


def _inlined(spec: dict) -> dict:
    """The spec with data it loads by address (the map's boundaries) carried inline, as a drawing made at
    build time needs it."""
    if BOUNDARY_URL not in json.dumps(spec):
        return spec

    def inline(node):
        if isinstance(node, dict):
            if node.get("url") == BOUNDARY_URL:
                return {"values": boundaries(), **{k: v for k, v in node.items() if k != "url"}}
            return {k: inline(v) for k, v in node.items()}
        return [inline(v) for v in node] if isinstance(node, list) else node

    return inline(spec)


PHONE_PADDING = {**PRINT_PADDING, "right": 18}  # room for an x axis's last label on a narrow plot


def _at_width(spec: dict, width: int, padding: dict = PRINT_PADDING) -> dict:
    """The chart as the page draws it, as a still and interactive alike (so the page does not move when the
    interactive chart takes the still's place): a single view fitted to ``width``, a compound or fixed-size one
    at its own size."""
    if _is_compound(spec) or isinstance(spec.get("width"), int):
        return {**spec, "padding": padding}
    return {**spec, "width": width, "autosize": {"type": "fit-x", "contains": "padding"}, "padding": padding}


_PATH_DATA = re.compile(r' d="([^"]*)"')
_LONG_DECIMAL = re.compile(r"-?\d+\.\d{2,}")


def _tenths(path: str) -> str:
    """A shape's outline with its coordinates to a tenth of a pixel (a map's outlines come with ten digits)."""
    return _LONG_DECIMAL.sub(lambda m: f"{float(m.group()):.1f}", path)


_COORDINATE = r"-?\d+(?:\.\d)?"
_POLYLINE = re.compile(rf"(?:[ML]{_COORDINATE},{_COORDINATE}|Z)+")
_STEP = re.compile(rf"([MLZ])(?:({_COORDINATE}),({_COORDINATE}))?")


def _short(tenths: int) -> str:
    """A length given in tenths of a pixel, written short: 12 is "1.2", -5 is "-.5", 30 is "3"."""
    whole, tenth = divmod(abs(tenths), 10)
    digits = (str(whole) if whole else "") + (f".{tenth}" if tenth else "") or "0"
    return f"-{digits}" if tenths < 0 else digits


def _relative(path: str) -> str:
    """An outline of straight lines, each step written from the point before it ("l-.8,0"): the same points in
    about two thirds of the characters (a world map's drawing, compressed: 41 -> 23 kB). Any other outline is
    left as it is."""
    if not _POLYLINE.fullmatch(path):
        return path
    steps, here, start = [], (0, 0), (0, 0)
    for command, x, y in _STEP.findall(path):
        if command == "Z":
            steps.append("z")
            here = start
            continue
        point = (round(float(x) * 10), round(float(y) * 10))  # exact: every coordinate has at most one decimal
        if command == "M":
            steps.append(f"M{_short(point[0])},{_short(point[1])}")
            start = point
        else:
            dx, dy = _short(point[0] - here[0]), _short(point[1] - here[1])
            steps.append(f"l{dx}{'' if dy.startswith('-') else ','}{dy}")
        here = point
    return "".join(steps)


# What Vega writes on every mark for a screen reader; a drawing is hidden from screen readers (its view is one
# image with the alt text), and these made up 70% of a grid's drawing (brics-stance, Figure 7.1).
_MARK_ACCESSIBILITY = re.compile(r' (?:aria-label|aria-roledescription)="[^"]*"| role="graphics-[a-z]+"')


def _static_svg(spec: dict) -> str:
    """The chart drawn at build time, with any data it loads by address carried inline; outlines to a tenth of a
    pixel, which looks the same and keeps a page with a world map about a quarter lighter, and written step by
    step; no mark's screen-reader label."""
    svg = vl_convert.vegalite_to_svg(_inlined(spec))
    svg = _MARK_ACCESSIBILITY.sub("", svg)
    return _PATH_DATA.sub(lambda m: f' d="{_relative(_tenths(m.group(1)))}"', svg)


PHONE_TITLE_CHARS = 22  # a longer axis title is set on two or more lines on a phone
PHONE_LEGEND_TITLE_CHARS = 14  # a legend sits under the plot, from its left edge: less room than an axis
LEGEND_CHANNELS = ("color", "fill", "stroke", "shape", "size", "opacity", "strokeDash")


def _lines(title: str, limit: int = PHONE_TITLE_CHARS) -> list[str]:
    lines = [""]
    for word in title.split():
        if lines[-1] and len(lines[-1]) + 1 + len(word) > limit:
            lines.append(word)
        else:
            lines[-1] = f"{lines[-1]} {word}".strip()
    return lines


def _for_a_phone(spec: dict) -> dict:
    """The chart laid out for a phone: long axis and legend titles on several lines, an x axis's end labels
    and title kept inside the drawing, and the legend under it in one column."""
    spec = json.loads(json.dumps(spec))

    def wrap(node: dict) -> None:
        for name, channel in (node.get("encoding") or {}).items():
            limit = PHONE_LEGEND_TITLE_CHARS if name in LEGEND_CHANNELS else PHONE_TITLE_CHARS
            for holder in (channel, channel.get("axis"), channel.get("legend")) if isinstance(channel, dict) else ():
                if isinstance(holder, dict) and isinstance(holder.get("title"), str):
                    if len(holder["title"]) > limit:
                        holder["title"] = _lines(holder["title"], limit)
            legend = channel.get("legend") if isinstance(channel, dict) else None
            if isinstance(legend, dict) and legend.get("orient") in ("left", "right"):
                legend["orient"] = "bottom"  # under the chart, not beside its narrow plot

    walk(spec, wrap)
    config = {**spec.get("config", {})}
    config["legend"] = {
        **config.get("legend", {}),
        "columns": 1,
        "orient": "bottom",
        "direction": "vertical",
        "layout": {"bottom": {"direction": "vertical", "anchor": "start"}},  # two legends one above the other
    }
    # An x axis's end labels kept inside the drawing: flush where they sit at the ends, and a label that would
    # still pass the right padding is left out rather than cut.
    bound = PHONE_PADDING["right"] - 2
    config["axisX"] = {**config.get("axisX", {}), "labelFlush": True, "labelBound": bound, "titleAnchor": "end"}
    return {**spec, "config": config}


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
    return {**spec, "config": config}  # its legend: as every phone layout's (_for_a_phone)


NARROW_BELOW = STATIC_WIDTH  # px: a chart view narrower than the wide drawing shows the narrow one

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

    The page numbers the figure ("Figure 2.1"), writes the data behind it (a CSV of the rows it draws, a
    JSON of their sources) and moves its specs into a file the page loads on the first touch, when the
    book is built; see bookbuild/site/figures.py.
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
    ):
        """``sources`` is the data drawn, with its source_id column; the caption names its pages.

        A chart of the book's own ledger passes ``sources=None`` and a ``source_note`` instead.
        ``narrow`` is the same chart laid out for a phone (drawn where the view is narrower than
        NARROW_BELOW px); side-by-side panels get a stacked variant without asking, and a single view is
        drawn narrower with its legend in one column.
        """
        if not alt_text.strip():
            raise ValueError("every chart needs alt text")
        wide = self._prepare(chart, alt_text)
        if narrow is not None:
            narrow_spec = self._prepare(narrow, alt_text)
        else:
            narrow_spec = _narrow_auto(wide) or wide
        self.spec = _at_width(wide, STATIC_WIDTH)
        self.narrow_spec = _at_width(_for_a_phone(narrow_spec), NARROW_STILL_WIDTH, PHONE_PADDING)
        self.alt_text = alt_text
        self.title = title
        self.caption = caption_text(title, sources, source_note)
        self.chart_id = f"chart-{_spec_id(self.spec)}"

    @staticmethod
    def _prepare(chart: alt.TopLevelMixin, alt_text: str) -> dict:
        spec = plain_words(chart.properties(description=alt_text).to_dict())
        return _fixed_panels(spec) if _is_compound(spec) else spec

    def stills(self) -> str:
        """The two static drawings: wide (shown on a wide column, and printed) and narrow (on a phone)."""
        return (
            f'<div class="book-chart-still still-wide" aria-hidden="true">{_static_svg(self.spec)}</div>\n'
            f'<div class="book-chart-still still-narrow" aria-hidden="true">'
            f"{_static_svg(self.narrow_spec)}</div>\n"
        )

    def to_html(self) -> str:
        narrow = markup.json_script(self.narrow_spec, "book-chart-spec-narrow", data_below=NARROW_BELOW) + "\n"
        return (
            f'<figure class="book-chart" id="{self.chart_id}">\n'
            f'<div class="book-chart-view" role="img" tabindex="0" aria-label="{markup.attr(self.alt_text)}">\n'
            + self.stills()
            + "</div>\n"
            + markup.json_script(self.spec, "book-chart-spec")
            + "\n"
            + narrow
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
) -> Figure:
    """The one way a chart goes on a page (``narrow``: the same chart laid out for a phone)."""
    return Figure(chart, title=title, alt_text=alt_text, sources=sources, source_note=source_note, narrow=narrow)
