"""The book's chart house style, and the one way a chart reaches a page.

``figure(chart, alt=..., sources=...)`` renders every chart the same way:
an interactive Vega-Lite view (drawn by the Vega bundle vendored in _assets/,
so it works offline), a caption naming the sources, alt text, and a static SVG
that shows when the page is printed.
"""

from __future__ import annotations

import hashlib
import json
import re

import altair as alt
import pandas as pd
import vl_convert

from evidence import labels, markup
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
            "legend": {
                "labelFontSize": 12,
                "titleFontSize": 12,
                "orient": "bottom",
                "direction": "horizontal",
                "columns": 2,
                "columnPadding": 20,  # room for labels when the printed font is wider than the measured one
            },
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


def estimates_over_time(
    frame: pd.DataFrame,
    *,
    value_title: str,
    tooltip: list[str],
    references: dict[str, float] | None = None,
    height: int = 260,
    log: bool = False,
) -> alt.LayerChart:
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
        y=alt.Y(
            "low:Q", title=value_title + (" (log scale)" if log else ""), scale=y_scale, axis=alt.Axis(format=",d")
        ),
        y2="high_shown:Q",
        color=marks["color"],
    )
    lows = base.mark_point(filled=True, size=60, opacity=0.95).encode(y="low:Q", **marks)
    highs = base.mark_point(filled=True, size=60, opacity=0.95).encode(y="high_shown:Q", **marks)
    at_least = (
        base.transform_filter(alt.datum.bound == "at least")
        .mark_text(text="↑", dy=-12, fontSize=14, color="#333")
        .encode(y="low:Q")
    )
    layers = [ranges, lows, highs, at_least]
    if references:
        refs = pd.DataFrame({"label": list(references), "value": list(references.values())})
        rule = alt.Chart(refs).mark_rule(strokeDash=[4, 4], color="#555").encode(y="value:Q")
        text = (
            alt.Chart(refs)
            .mark_text(align="left", dx=4, dy=-6, color="#333", fontSize=11)
            .encode(y="value:Q", text="label:N", x=alt.value(0))
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
        narrow = (
            markup.json_script(self.narrow_spec, "book-chart-spec-narrow", data_below=NARROW_BELOW) + "\n"
            if self.narrow_spec
            else ""
        )
        return (
            f'<figure class="book-chart" id="{self.chart_id}">\n'
            f'<div class="book-chart-view" role="img" aria-label="{markup.attr(self.alt_text)}"></div>\n'
            f'<div class="book-chart-print" aria-hidden="true">{_static_svg(self.spec)}</div>\n'
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
                color=alt.Color(
                    "verdict:N", scale=scale(scale_colours), legend=alt.Legend(title=f"{KIND_TITLES[kind]}: verdict")
                ),
                order=alt.Order("verdict_rank:Q"),
                tooltip=[
                    alt.Tooltip("chapter:N", title="Chapter"),
                    alt.Tooltip("verdict:N", title="Verdict"),
                    alt.Tooltip("count():Q", title="Claims"),
                ],
            )
            .transform_calculate(verdict_rank=f"indexof({list(scale_colours)}, datum.verdict)")
        )
    return alt.vconcat(*panels).resolve_scale(color="independent")


def verdict_summary(claims: pd.DataFrame) -> str:
    """Alt text for verdict_bars, written from the same claims it draws."""
    verdicts = claims["verdict"].astype("string").fillna(JUDGEMENT_LABEL)
    counts = claims.assign(verdict=verdicts).groupby(["kind", "verdict"], observed=True).size()
    parts = []
    for kind, scale_colours in SCALES.items():
        if kind not in counts.index.get_level_values(0):
            continue
        of_kind = counts.loc[kind]
        if kind == "judgement":
            parts.append(f"{int(of_kind.sum())} judgements, weighed rather than graded")
            continue
        graded = ", ".join(f"{int(of_kind[v])} {v}" for v in scale_colours if v in of_kind.index)
        parts.append(f"{int(of_kind.sum())} {KIND_TITLES[kind].lower()} ({graded})")
    return (
        "Bar charts, one panel per kind of claim, count the article's claims in each chapter by verdict: "
        + "; ".join(parts)
        + "."
    )


VOTE_LETTERS = {"yes": "Y", "no": "N", "abstain": "A", "non-voting": "–"}
RECORD_TYPES = ("official", "official-copy")  # the producer's own record: the UN's, or the voting government's


def charted_votes(votes: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """The votes a chart may draw: every row except news rows the UN record contradicts, each with its
    row id (resolution:iso3) and ``basis``: 'official' (a UN record or press release, or the voting
    government's own page) or 'news' (news, state media, aggregators)."""
    kind = votes["source_id"].map(sources.set_index("source_id")["source_type"].astype(str))
    shown = votes[votes["contradicts_record"].isna()]
    return shown.assign(
        basis=kind[shown.index].isin(RECORD_TYPES).map({True: "official", False: "news"}),
        vote=shown["vote"].astype(str),
        id=shown["resolution"] + ":" + shown["iso3"],
    )


def vote_cells(votes: pd.DataFrame, countries: pd.DataFrame, resolutions: pd.DataFrame) -> pd.DataFrame:
    """One cell per country (rows of ``countries``: country, iso3, status, joined) and resolution (with a
    ``label``): the vote its charted rows give, 'disputed' where they disagree, a letter (* where only news,
    state-media or aggregator rows give it), the rows drawn, and whether the vote came before the country joined."""
    cells = (
        votes.groupby(["iso3", "resolution"])
        .agg(
            votes=("vote", lambda v: "/".join(x for x in VOTE_LETTERS if x in set(v))),
            basis=("basis", lambda b: "official" if (b == "official").any() else "news"),
            rows=("source_id", ", ".join),
            evidence=("evidence", " | ".join),
        )
        .reset_index()
    )
    cells["shown"] = cells["votes"].where(~cells["votes"].str.contains("/"), "disputed")
    cells["letter"] = cells["votes"].map(lambda v: "/".join(VOTE_LETTERS[x] for x in v.split("/"))) + cells[
        "basis"
    ].map({"official": "", "news": "*"})
    grid = countries.merge(resolutions[["resolution", "label", "adopted_on"]], how="cross").merge(
        cells, how="left", on=["iso3", "resolution"]
    )
    grid["when"] = (grid["adopted_on"] < grid["joined"]).map({True: "before it joined", False: "as member or partner"})
    grid["country_label"] = grid["country"].where(grid["status"] != "disputed member", grid["country"] + " (disputed)")
    return grid


def vote_grid(cells: pd.DataFrame, columns: list[str]) -> alt.LayerChart:
    """Country x resolution (``columns``: labels in date order): an outlined box for every pair, a coloured,
    lettered cell where a vote is sourced, thick-bordered where sources disagree, faded before the country joined."""
    order = cells.sort_values(["joined", "country"])["country_label"].drop_duplicates().tolist()
    base = alt.Chart(cells).encode(
        x=alt.X(
            "label:N",
            sort=columns,
            title=None,
            axis=alt.Axis(orient="top", labelAngle=-90, labelAlign="left", labelBaseline="middle"),
        ),
        y=alt.Y("country_label:N", sort=order, title=None),
        tooltip=[
            "country:N",
            "resolution:N",
            alt.Tooltip("adopted_on:T", title="adopted", format="%d %b %Y"),
            alt.Tooltip("votes:N", title="vote(s) sourced"),
            alt.Tooltip("basis:N", title="from"),
            "when:N",
            "rows:N",
            "evidence:N",
        ],
    )
    empty = base.mark_rect(fill="#ffffff", stroke="#cccccc", strokeWidth=0.5, strokeDash=[2, 2])
    sourced = base.transform_filter("isValid(datum.shown)")
    fill = sourced.mark_rect(stroke="#222222").encode(
        color=alt.Color(
            "shown:N",
            title="Vote",
            scale=scale({**VOTES, "disputed": "#FFFFFF"}),
            legend=alt.Legend(symbolStrokeColor="#333"),
        ),
        strokeWidth=alt.condition(alt.datum.shown == "disputed", alt.value(2.5), alt.value(0.5)),
        opacity=alt.Opacity(
            "when:N", legend=None, scale=alt.Scale(domain=["as member or partner", "before it joined"], range=[1, 0.4])
        ),
    )
    letters = sourced.mark_text(fontSize=10, fontWeight="bold", color="#111111").encode(text="letter:N")
    return alt.layer(empty, fill, letters).properties(height=alt.Step(22))


def grid_sources(cells: pd.DataFrame) -> pd.DataFrame:
    """One row per source behind the cells of a vote grid (a cell lists its sources in ``rows``)."""
    sourced = cells.dropna(subset=["rows"])
    return sourced.assign(source_id=sourced["rows"].str.split(", ")).explode("source_id")


def assembly_shares(votes: pd.DataFrame, resolutions: pd.DataFrame, groups: pd.DataFrame) -> pd.DataFrame:
    """Yes, abstain and no as shares of the three, per resolution, for the whole Assembly and for each group
    (``groups``: iso3, who). The Assembly is counted from the official rows where they add up to the tally,
    and from the tally otherwise; each group from its charted rows, one vote per country. One row per
    resolution, who and vote, with the source ids of the rows counted (``sources``)."""
    clear = votes[votes["vote"].isin(["yes", "abstain", "no"])]
    record = clear[clear["basis"] == "official"].groupby(["resolution", "vote"]).size()
    tallies = resolutions.melt(
        id_vars=["resolution", "source_id"], value_vars=["yes", "no", "abstain"], var_name="vote", value_name="votes"
    ).astype({"votes": int})
    counted = tallies.set_index(["resolution", "vote"])["votes"]
    full = [r for r in resolutions["resolution"] if record.get(r, pd.Series(dtype=int)).sum() == counted[r].sum()]
    world = pd.concat(
        [
            clear[clear["resolution"].isin(full) & (clear["basis"] == "official")]
            .groupby(["resolution", "vote", "source_id"])
            .size()
            .rename("votes")
            .reset_index()
            .assign(who="World", basis="UN record rows"),
            tallies[~tallies["resolution"].isin(full)].assign(who="World", basis="tally"),
        ]
    )
    # a group counts countries: a country named by two pages with the same vote counts once
    grouped = (
        clear.merge(groups, on="iso3")
        .groupby(["resolution", "who", "iso3", "vote"], as_index=False)
        .agg(source_id=("source_id", ", ".join))
        .assign(votes=1, basis="rows")
    )
    shares = (
        pd.concat([world, grouped])
        .groupby(["resolution", "who", "vote", "basis"], as_index=False)
        .agg(
            votes=("votes", "sum"), sources=("source_id", lambda s: ", ".join(dict.fromkeys(", ".join(s).split(", "))))
        )
    )
    shares["total"] = shares.groupby(["resolution", "who"])["votes"].transform("sum")
    # Rounded, so that the drawn positions are the same in every process (last-digit float noise).
    shares["share"] = (shares["votes"] / shares["total"]).round(6)
    shares["order"] = shares["vote"].map({"yes": 0, "abstain": 1, "no": 2})
    shares = shares.sort_values(["resolution", "who", "order"])
    shares["x2"] = shares.groupby(["resolution", "who"])["share"].cumsum().round(6)
    shares["x1"] = (shares["x2"] - shares["share"]).round(6)
    return shares.merge(resolutions[["resolution", "label"]], on="resolution")


def share_bars(shares: pd.DataFrame, columns: list[str], who: list[str]) -> alt.LayerChart:
    """One group of stacked bars per resolution (``columns``: labels in date order), one bar per ``who``,
    each labelled with how many votes it counts."""
    rows_of = dict(
        y=alt.Y("label:N", sort=columns, title=None, axis=alt.Axis(labelFontWeight="bold")),
        yOffset=alt.YOffset("who:N", sort=who),
    )
    bars = (
        alt.Chart(shares)
        .mark_bar(stroke="white", strokeWidth=0.5, height={"band": 0.9})
        .encode(
            x=alt.X(
                "x1:Q",
                title="Share of yes, abstain and no votes",
                scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%", values=[0, 0.25, 0.5, 0.75, 1]),
            ),
            x2="x2:Q",
            color=alt.Color("vote:N", title="Vote", scale=scale({k: v for k, v in VOTES.items() if k != "non-voting"})),
            tooltip=[
                "resolution:N",
                "who:N",
                "vote:N",
                "votes:Q",
                alt.Tooltip("total:Q", title="of"),
                alt.Tooltip("share:Q", format=".0%"),
                alt.Tooltip("basis:N", title="counted from"),
                "sources:N",
            ],
            **rows_of,
        )
    )
    named = shares.drop_duplicates(["resolution", "who"]).assign(
        who_n=lambda f: f["who"] + ": " + f["total"].astype(str)
    )
    names = (
        alt.Chart(named)
        .mark_text(align="left", dx=4, fontSize=10, color="#333")
        .encode(x=alt.datum(1), text="who_n:N", **rows_of)
    )
    return alt.layer(bars, names).properties(height=alt.Step(13))


def share_sources(shares: pd.DataFrame) -> pd.DataFrame:
    """The pages behind an ``assembly_shares`` chart, as a frame with a source_id column (for ``figure``)."""
    return pd.DataFrame({"source_id": shares["sources"].str.split(", ").explode().drop_duplicates()})


# Okabe-Ito colours, one shape per BRICS status, so colour is never the only cue.
BRICS_STATUS = {
    "founding member": ("#0072B2", "square"),
    "member": ("#009E73", "circle"),
    "partner": ("#E69F00", "triangle-up"),
    "invited": ("#CC79A7", "diamond"),
    "declined": ("#D55E00", "cross"),
}


def status_timeline(rows: pd.DataFrame, rules: pd.DataFrame) -> alt.LayerChart:
    """One line per country, one mark per BRICS status and date (rows of brics_membership); ``rules``
    (events with a ``label``) as dashed lines. Rows with the same status and date share a mark."""
    marks = (
        rows.assign(
            status=rows["status"].astype(str),
            lane=rows["status"].isin(["invited", "declined"]).map({True: "outside", False: "inside"}),
            label=rows["country"].replace({"Saudi Arabia": "Saudi Arabia (disputed)"}),
        )
        .groupby(["label", "status", "lane", "effective_date"], as_index=False)
        .agg(
            rows=("id", ", ".join),
            sources=("source_id", "nunique"),
            evidence=("evidence", "first"),
            note=("note", "first"),
        )
    )
    order = marks.sort_values(["effective_date", "label"])["label"].drop_duplicates().tolist()
    legend = alt.Legend(title="Status")
    points = (
        alt.Chart(marks)
        .mark_point(filled=True, size=80, opacity=0.9)
        .encode(
            x=alt.X(
                "effective_date:T",
                title="Date a source gives for the status",
                scale=alt.Scale(padding=12),
                axis=alt.Axis(format="%b %Y", labelAngle=0, tickCount=5),
            ),
            y=alt.Y("label:N", sort=order, title=None),
            yOffset=alt.YOffset("lane:N", scale=alt.Scale(domain=["inside", "outside"])),
            color=alt.Color("status:N", scale=scale({k: c for k, (c, _) in BRICS_STATUS.items()}), legend=legend),
            shape=alt.Shape("status:N", scale=scale({k: s for k, (_, s) in BRICS_STATUS.items()}), legend=legend),
            tooltip=[
                "label:N",
                "status:N",
                alt.Tooltip("effective_date:T", title="date", format="%d %b %Y"),
                "rows:N",
                "sources:Q",
                "evidence:N",
                "note:N",
            ],
        )
    )
    lines = (
        alt.Chart(rules)
        .mark_rule(strokeDash=[4, 3], color="#555")
        .encode(x="date:T", tooltip=["event:N", "evidence:N"])
    )
    text = (
        alt.Chart(rules)
        .mark_text(align="left", dx=4, baseline="top", y=0, fontSize=11, color="#333")
        .encode(x="date:T", text="label")
    )
    return alt.layer(lines, points, text).properties(height=alt.Step(12))


# Whether a development bears a prediction out: colour and shape together, so colour is never the only cue.
BEARS = {
    "for": ("#009E73", "triangle-up"),
    "against": ("#D55E00", "triangle-down"),
    "mixed": ("#E69F00", "diamond"),
}


def developments_over_time(frame: pd.DataFrame) -> alt.Chart:
    """What happened since the article, one mark per development, by date and topic, coloured and
    shaped by whether it bears the prediction out (for), goes against it, or cuts both ways (mixed).

    Topics keep the order of the table's enum; marks on the same day and topic are stacked a few
    pixels apart so none hides another.
    """
    present = set(frame["topic"].astype(str))
    categories = frame["topic"].cat.categories if hasattr(frame["topic"], "cat") else sorted(present)
    topics = [t for t in categories if t in present]
    band = 46  # pixels per topic row; marks sit at its centre, same-day marks 10 px apart
    same_day = frame.groupby([frame["topic"].astype(str), "date"])
    data = frame.assign(
        topic=frame["topic"].astype(str),
        bears=frame["bears"].astype(str),
        stack=band / 2 + (same_day.cumcount() - (same_day["id"].transform("size") - 1) / 2) * 10,
    )
    legend = alt.Legend(title="Bears the prediction out?")
    return (
        alt.Chart(data)
        .mark_point(filled=True, size=120, opacity=0.9)
        .encode(
            x=alt.X(
                "date:T",
                title="Date reported",
                scale=alt.Scale(padding=12),
                axis=alt.Axis(format="%b %Y", labelAngle=0, tickCount={"interval": "month", "step": 3}),
            ),
            y=alt.Y("topic:N", title=None, sort=topics, scale=alt.Scale(paddingInner=0, paddingOuter=0)),
            yOffset=alt.YOffset("stack:Q", scale=None),
            color=alt.Color("bears:N", scale=scale({k: c for k, (c, _) in BEARS.items()}), legend=legend),
            shape=alt.Shape("bears:N", scale=scale({k: s for k, (_, s) in BEARS.items()}), legend=legend),
            tooltip=[
                alt.Tooltip("id:N", title="Row"),
                alt.Tooltip("date:T", title="Date", format="%d %b %Y"),
                alt.Tooltip("development:N", title="Development"),
                alt.Tooltip("claim_ids:N", title="Claims"),
                alt.Tooltip("bears:N", title="Bears"),
                alt.Tooltip("source_id:N", title="Source"),
            ],
        )
        .properties(height=band * len(topics))
    )


# ---------------------------------------------------------------- builders the chapters share


def _at_least(rows: pd.DataFrame) -> pd.DataFrame:
    """Columns every range chart needs: the drawn high end, and whether the figure is "at least"."""
    low, high = rows["low"].astype("Float64"), rows["high"].astype("Float64")
    return rows.assign(
        low=low, high=high, high_shown=high.fillna(low), at_least=(high.isna() & low.notna()).astype(bool)
    )


def _with_headers(rows: pd.DataFrame, groups: list[str]) -> tuple[pd.DataFrame, list[str]]:
    """Rows under bold header rows (one per group, in order), and the label order for the y axis."""
    parts, order = [], []
    for group in groups:
        members = rows[rows["group"] == group]
        parts += [pd.DataFrame({"group": [group], "label": [group]}), members]
        order += [group, *members["label"]]
    return pd.concat(parts, ignore_index=True), order


def _row_axis(order: list[str], headers: list[str], **extra) -> alt.Y:
    bold = alt.condition(alt.FieldOneOfPredicate(field="value", oneOf=headers), alt.value("bold"), alt.value("normal"))
    axis = dict(labelFontWeight=bold, ticks=False, domain=False) if headers else {}
    return alt.Y("label:N", title=None, sort=None, scale=alt.Scale(domain=order), axis=alt.Axis(**axis, **extra))


SIDE_SHORT = {
    "united_states": "US",
    "south_korea": "S. Korea",
    "ukraine": "Ukraine",
    "united_kingdom": "UK",
    "russia": "Russia",
    "north_korea": "N. Korea",
    "nato": "NATO",
    "other": "Other",
}
# Who counted, in a few words (a chart's row labels must fit a phone); other names fall back to the side.
COUNTERS = {
    "South Korea NIS": "S. Korea NIS",
    "South Korea JCS": "S. Korea JCS",
    "South Korea (Joint Chiefs of Staff)": "S. Korea JCS",
    "South Korea (Ministry of National Defense)": "S. Korea MND",
    "South Korea (military officials)": "S. Korea military",
    "Ukraine (President Zelensky)": "Zelensky (Ukraine)",
    "Volodymyr Zelensky, President of Ukraine": "Zelensky (Ukraine)",
    "Ukraine (Defence Minister Umerov)": "Umerov (Ukraine)",
    "Ukraine (General Staff)": "Ukraine Gen. Staff",
    "Oleksandr Syrskyi, Ukrainian Commander-in-Chief": "Syrskyi (Ukraine)",
    "Ukrainian military sources (ABC News)": "Ukraine military",
    "Ukraine HUR": "Ukraine HUR",
    "Ukraine HUR (Defence Intelligence)": "Ukraine HUR",
    "Ukraine HUR (Budanov)": "Ukraine HUR",
    "Ukraine (intelligence assessment, via CNN)": "Ukraine intel.",
    "United States (Pentagon)": "US Pentagon",
    "United States (White House NSC)": "US White House",
    "United States (State Department)": "US State Dept",
    "United States (Secretary of Defense Austin)": "Austin (US)",
    "U.S. and Ukrainian officials (The New York Times, via Ukrinform)": "US and Ukraine",
    "UK Ministry of Defence": "UK MoD",
    "UK Ministry of Defence (Defence Intelligence)": "UK MoD",
    "Western officials (via BBC)": "Western officials",
    "Russia (Security Council Secretary Shoigu)": "Shoigu (Russia)",
    "Vladimir Putin, President of Russia": "Putin (Russia)",
    "North Korea (KCNA state media)": "N. Korea KCNA",
    "North Korea (Kim Jong Un via KCNA)": "Kim (N. Korea)",
}


def counted_by(frame: pd.DataFrame) -> pd.Series:
    """Who gave each figure, in a few words: "US Pentagon", "S. Korea NIS" (else the side: "Ukraine")."""
    side = frame["side"].astype(str).map(SIDE_SHORT).fillna(frame["side"].astype(str))
    return frame["reported_by"].astype(str).map(COUNTERS).fillna(side)


def who_and_when(frame: pd.DataFrame) -> pd.Series:
    """A row label naming who gave the figure, when, and the row id: "US Pentagon, 28 Oct 24 (dep-013)"."""
    return counted_by(frame) + ", " + frame["reported_on"].dt.strftime("%-d %b %y") + " (" + frame["id"] + ")"


# On a phone a row label drops its row id: "US Pentagon, 28 Oct 24 (dep-013)" shows as "US Pentagon, 28 Oct 24".
_WITHOUT_ID = "replace(datum.label, regexp(' \\\\([a-z]+-[0-9]+\\\\)$'), '')"


def _reference_lines(references: dict[str, float]) -> alt.LayerChart:
    """Dashed vertical lines at the ``references`` values (label -> value), labelled above the plot, each
    label on its own line of text and ending at its line (the row labels leave room on the left)."""
    refs = pd.DataFrame({"label": list(references), "value": list(references.values())})
    refs["dy"] = [-6 - 14 * (len(refs) - 1 - i) for i in range(len(refs))]  # the first line's label on top
    rule = alt.Chart(refs).mark_rule(strokeDash=[4, 4], color="#555").encode(x="value:Q")
    texts = [
        alt.Chart(refs.iloc[[i]])
        .mark_text(align="right", dx=2, dy=int(row.dy), baseline="bottom", color="#333", fontSize=11)
        .encode(x="value:Q", y=alt.value(0), text="label:N")
        for i, row in enumerate(refs.itertuples())
    ]
    return alt.layer(rule, *texts)


def ranges_by_row(
    rows: pd.DataFrame,
    *,
    x_title: str,
    domain: list[float],
    tooltip: list,
    groups: list[str] | None = None,
    axis: alt.Axis | None = None,
    step: int = 16,
    references: dict[str, float] | None = None,
    narrow: bool = False,
    label_limit: int = 260,
) -> alt.LayerChart:
    """Figures as horizontal low-high ranges on a log axis, one row per ``label``, in the order of ``rows``.

    With ``groups``, rows sit under bold header rows, one per value of their ``group`` column.
    A point figure is one mark; an "at least" figure (no high) gets an arrow. ``references`` draws
    labelled dashed lines (label -> value). ``narrow`` is the phone layout: row labels without their
    row id, and narrower.
    """
    data = _at_least(rows)
    order = list(data["label"])
    if groups:
        data, order = _with_headers(data, groups)
    axis = (axis or alt.Axis(format="~s")).copy()
    if narrow:  # the axis title ends at the plot's right edge, so a long title stays on a phone's screen
        axis.titleAnchor = "end"
    x = alt.X("low:Q", title=x_title, scale=alt.Scale(type="log", domain=domain), axis=axis)
    extra = dict(labelExpr=_WITHOUT_ID, labelLimit=180, labelFontSize=MIN_FONT) if narrow else {}
    if not narrow:
        extra["labelLimit"] = label_limit
    y = _row_axis(order, groups or [], **extra)
    base = alt.Chart(data).encode(y=y, tooltip=tooltip)
    marks = claim_type_encodings()
    layers = [
        base.mark_rule(strokeWidth=2.5, opacity=0.8).encode(x=x, x2="high_shown:Q", color=marks["color"]),
        base.mark_point(filled=True, size=60, opacity=0.95).encode(x="low:Q", **marks),
        base.mark_point(filled=True, size=60, opacity=0.95).encode(x="high_shown:Q", **marks),
        base.transform_filter(alt.datum.at_least)
        .mark_text(text="→", dx=12, fontSize=14, color="#333")
        .encode(x="low:Q"),
    ]
    if references:
        layers.append(_reference_lines(references))
    chart = alt.layer(*layers).properties(height=alt.Step(step))
    return chart.configure_legend(columns=1) if narrow else chart


def _by_what_was_counted(frame: pd.DataFrame, measures: list[str]) -> pd.DataFrame:
    """The figures of ``measures`` in that order, then by date: one labelled row each, under its measure."""
    rows = frame[frame["measure"].astype(str).isin(measures)]
    rows = rows.assign(
        measure=rows["measure"].astype(str),
        order=rows["measure"].astype(str).map({m: i for i, m in enumerate(measures)}),
    ).sort_values(["order", "reported_on", "id"])
    return rows.assign(group=rows["measure"].map(lambda m: labels.value("measure", m)), label=who_and_when(rows))


def figures_by_counter(
    frame: pd.DataFrame,
    *,
    measures: list[str],
    x_title: str,
    domain: list[float],
    references: dict[str, float] | None = None,
    narrow: bool = False,
) -> alt.LayerChart:
    """Each figure its own row, named by who counted it and when, under a bold heading for what was
    counted (``measures``, in that order); a range from low to high on a log axis, coloured and shaped by
    kind of figure. So the printed chart shows who counted, what, and how, without tooltips."""
    rows = _by_what_was_counted(frame, measures)
    ticks = [10**n for n in range(7) if domain[0] <= 10**n <= domain[1]]
    tooltip = [
        alt.Tooltip("id:N", title="Row"),
        alt.Tooltip("reported_by:N", title="Reported by"),
        alt.Tooltip("reported_on:T", title="Date reported", format="%d %b %Y"),
        alt.Tooltip("measure:N", title="What was counted"),
        alt.Tooltip("low:Q", title="Low", format=","),
        alt.Tooltip("high:Q", title="High", format=","),
        alt.Tooltip("claim_type:N", title="Kind of figure"),
        alt.Tooltip("evidence:N", title="Evidence"),
    ]
    columns = ["id", "reported_on", "reported_by", "side", "measure", "low", "high", "claim_type", "source_id"]
    return ranges_by_row(
        rows[[*columns, "evidence", "group", "label"]],
        x_title=x_title,
        domain=domain,
        tooltip=tooltip,
        groups=list(dict.fromkeys(rows["group"])),
        axis=alt.Axis(format="~s" if narrow else ",d", values=ticks),
        references=references,
        narrow=narrow,
    )


def _figure_text(row) -> str:
    low = f"{row.low:,.0f}"
    if pd.isna(row.high):
        return f"at least {low}"
    return low if row.high == row.low else f"{low}-{row.high:,.0f}"


def counter_summary(frame: pd.DataFrame, measures: list[str]) -> str:
    """Alt text for ``figures_by_counter``, written from the rows it draws: for each thing counted, how
    many figures from how many counters, and the lowest and highest with who gave them and when."""
    rows = _by_what_was_counted(frame, measures)
    rows = rows.assign(counter=counted_by(rows), top=rows["high"].fillna(rows["low"]))

    def given(row):
        return f"{_figure_text(row)} by {row.counter} on {row.reported_on:%-d %b %Y}"

    parts = []
    for group, part in rows.groupby("group", sort=False):
        if len(part) == 1:
            parts.append(f"{group}: one figure, {given(part.iloc[0])}")
            continue
        counters = part["counter"].nunique()
        lowest, highest = part.loc[part["low"].idxmin()], part.loc[part["top"].idxmax()]
        parts.append(
            f"{group}: {len(part)} figures from {counters} counter{'s' if counters != 1 else ''}, "
            f"from {given(lowest)} to {given(highest)}"
        )
    return (
        "One row per figure, named by who gave it and when, grouped by what was counted, on a logarithmic "
        "axis. " + "; ".join(parts) + "."
    )


def bars_by_row(rows: pd.DataFrame, *, x_title: str, tooltip: list, groups: list[str]) -> alt.LayerChart:
    """One bar per ``label`` (its low figure), under bold header rows per ``group``, coloured by kind of figure."""
    data, order = _with_headers(rows, groups)
    bars = alt.Chart(data).encode(y=_row_axis(order, groups), tooltip=tooltip)
    marks = claim_type_encodings()
    return alt.layer(
        bars.mark_bar(height=10, opacity=0.8).encode(
            x=alt.X("low:Q", title=x_title, axis=alt.Axis(format="~s")), color=marks["color"]
        ),
        bars.mark_point(filled=True, size=60).encode(x="low:Q", **marks),
    ).properties(height=alt.Step(20))


def labelled_over_time(
    frame: pd.DataFrame, tags: dict[str, str], *, value_title: str, tooltip: list, height: int | None = None
) -> alt.LayerChart:
    """``estimates_over_time`` with a short text label beside the figures ``tags`` names (row id -> label).

    Without ``height``, a panel of fewer than four figures is drawn lower.
    """
    height = height or (160 if len(frame) < 4 else 220)
    tagged = frame.assign(tag=frame["id"].map(tags)).dropna(subset=["tag"])
    labels = (
        alt.Chart(tagged)
        .mark_text(align="left", dx=8, fontSize=11, color="#333")
        .encode(x="reported_on:T", y="low:Q", text="tag:N")
    )
    return alt.layer(estimates_over_time(frame, value_title=value_title, tooltip=tooltip, height=height), labels)


def calculated_ranges(
    frame: pd.DataFrame, *, y: str, low: str, high: str, x_title: str, tooltip: list
) -> alt.LayerChart:
    """Our own calculations as grey ranges from ``low`` to ``high``, one row per value of ``y`` (never a source's colours)."""
    calc = alt.Chart(frame).encode(y=alt.Y(f"{y}:N", sort=None, title=None), tooltip=tooltip)
    return (
        calc.mark_rule(strokeWidth=3, color="#555").encode(
            x=alt.X(f"{low}:Q", title=x_title, scale=alt.Scale(zero=True)), x2=f"{high}:Q"
        )
        + calc.mark_point(filled=True, size=60, color="#555").encode(x=f"{low}:Q")
        + calc.mark_point(filled=True, size=60, color="#555").encode(x=f"{high}:Q")
    ).properties(height=alt.Step(24))


# Okabe-Ito colours, and a shape per kind of event.
EVENT_CATEGORIES = {
    "treaty": ("#0072B2", "square"),
    "deployment": ("#009E73", "triangle-up"),
    "combat": ("#D55E00", "cross"),
    "acknowledgement": ("#CC79A7", "diamond"),
    "diplomacy": ("#E69F00", "circle"),
}


def _marker(date: str, label: str, dash: list[int], level: int) -> alt.LayerChart:
    """A labelled vertical line; ``level`` 0 or 1 keeps neighbouring labels from overlapping."""
    ref = alt.Chart(pd.DataFrame({"date": [date], "label": [label]}))
    rule = ref.mark_rule(color="#333", strokeDash=dash, strokeWidth=1.5).encode(x="date:T")
    text = ref.mark_text(align="left", dx=3, dy=-6 - 14 * level, fontSize=11, color="#333").encode(
        x="date:T", y=alt.value(0), text="label:N"
    )
    return rule + text


def event_timeline(
    events: pd.DataFrame, *, domain: list[str], markers: list[tuple], highlight: pd.DataFrame, height: int = 250
) -> alt.LayerChart:
    """Events as marks by kind along a time axis; ``markers`` are (date, label, dash, level) vertical lines,
    ``highlight`` the events circled in black."""
    drawn = events.assign(category=events["category"].astype(str))
    drawn = drawn.assign(slot=drawn.groupby(["category", "date"]).cumcount())
    x = alt.X(
        "date:T", title=None, scale=alt.Scale(domain=domain), axis=alt.Axis(format="%b %Y", labelAngle=0, tickCount=6)
    )
    y = alt.Y("category:N", title=None, sort=list(EVENT_CATEGORIES))
    legend = alt.Legend(title="Kind of event")
    colour = alt.Color("category:N", scale=scale({k: c for k, (c, _) in EVENT_CATEGORIES.items()}), legend=legend)
    shape = alt.Shape("category:N", scale=scale({k: s for k, (_, s) in EVENT_CATEGORIES.items()}), legend=legend)
    tooltip = [alt.Tooltip("date:T", format="%d %b %Y"), "event:N", "category:N", "evidence:N", "id:N"]
    points = (
        alt.Chart(drawn)
        .mark_point(filled=True, size=70, opacity=0.85)
        .encode(x=x, y=y, yOffset="slot:O", color=colour, shape=shape, tooltip=tooltip)
    )
    circled = (
        alt.Chart(drawn[drawn["id"].isin(highlight["id"])])
        .mark_point(size=300, strokeWidth=2, color="#000")
        .encode(x=x, y=y, yOffset="slot:O", tooltip=tooltip)
    )
    return alt.layer(*[_marker(*m) for m in markers], points, circled).properties(height=height)
