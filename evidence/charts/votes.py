"""Charts of the General Assembly votes: the country-by-resolution grid and the stacked shares."""

from __future__ import annotations

import altair as alt
import pandas as pd

from evidence.charts.style import VOTES, scale


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
    # White on a full-strength "yes" cell (dark blue), near-black on every other: 4.5:1 or more on each.
    on_dark_cell = "datum.shown == 'yes' && datum.when == 'as member or partner'"
    letters = sourced.mark_text(fontSize=11, fontWeight="bold").encode(
        text="letter:N", color=alt.condition(on_dark_cell, alt.value("#ffffff"), alt.value("#111111"))
    )
    return alt.layer(empty, fill, letters).properties(height=alt.Step(22))


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


# Okabe-Ito colours and a shape per group, so that no line is told apart by colour alone.
GROUP_STYLE = {
    "World": ("#000000", "circle"),
    "BRICS members": ("#D55E00", "square"),
    "BRICS partners": ("#E69F00", "diamond"),
    "United States": ("#0072B2", "triangle-up"),
    "African States": ("#009E73", "triangle-down"),
    "Asia-Pacific States": ("#CC79A7", "cross"),
    "Eastern European States": ("#56B4E9", "triangle-right"),
    "Latin American and Caribbean States": ("#999999", "triangle-left"),
    "Western European and other States": ("#332288", "stroke"),
}


def share_of(shares: pd.DataFrame, vote: str) -> pd.DataFrame:
    """One row per group and resolution it voted on: the share of its votes that were ``vote`` (0 where none)."""
    totals = shares.drop_duplicates(["resolution", "who"])[["resolution", "label", "who", "total", "sources"]]
    counted = shares.loc[shares["vote"] == vote, ["resolution", "who", "votes", "share"]]
    rows = totals.merge(counted, on=["resolution", "who"], how="left")
    return rows.fillna({"votes": 0, "share": 0.0}).astype({"votes": int})


def share_lines(shares: pd.DataFrame, columns: list[str], vote: str = "yes") -> alt.LayerChart:
    """The share of each group's votes that were ``vote``, resolution by resolution (``columns``: labels in
    date order): one line and mark per group, the whole Assembly in black."""
    rows = share_of(shares, vote)
    groups = [g for g in GROUP_STYLE if g in set(rows["who"])]
    colour = alt.Color("who:N", title="Group", scale=scale({g: GROUP_STYLE[g][0] for g in groups}))
    shape = alt.Shape("who:N", title="Group", scale=scale({g: GROUP_STYLE[g][1] for g in groups}))
    base = alt.Chart(rows).encode(
        x=alt.X("label:N", sort=columns, title=None, axis=alt.Axis(labelAngle=-45)),
        y=alt.Y("share:Q", title=f"Share voting {vote}", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")),
        color=colour,
        tooltip=[
            alt.Tooltip("who:N", title="Group"),
            alt.Tooltip("resolution:N", title="Resolution"),
            alt.Tooltip("share:Q", title=f"Share {vote}", format=".0%"),
            alt.Tooltip("votes:Q", title="Votes"),
            alt.Tooltip("total:Q", title="Of"),
        ],
    )
    return alt.layer(
        base.mark_line(strokeWidth=1.5, opacity=0.7),
        base.mark_point(filled=True, size=60).encode(shape=shape),
    ).properties(height=300)


def share_lines_summary(shares: pd.DataFrame, columns: list[str], vote: str = "yes") -> str:
    """Alt text for ``share_lines``: each group's share on the first and the last resolution."""
    rows = share_of(shares, vote).set_index(["who", "label"])["share"]
    first, last = columns[0], columns[-1]
    parts = []
    for who in GROUP_STYLE:
        if (who, first) in rows.index and (who, last) in rows.index:
            parts.append(f"{who} {rows[(who, first)]:.0%} on {first}, {rows[(who, last)]:.0%} on {last}")
    return (
        f"Lines, one per group, give the share of its yes, abstain and no votes that were {vote}, on each of "
        f"{len(columns)} resolutions in date order. " + "; ".join(parts) + "."
    )


_SAID = {"non-voting": "present but not voting", "disputed": "disputed between sources"}


def grid_summary(cells: pd.DataFrame, columns: list[str], who: str = "countries") -> str:
    """Alt text for ``vote_grid``, written from its cells: for each country, on which resolutions it voted
    which way (a star where only news gives the vote), and where no source gives one."""
    from evidence.labels import listing

    order = cells.sort_values(["joined", "country"])["country_label"].drop_duplicates()
    parts = []
    for country in order:
        own = cells[cells["country_label"] == country].set_index("label").reindex(columns)
        by: dict[str, list[str]] = {}
        for label, cell in own.iterrows():
            vote = _SAID.get(cell["shown"], cell["shown"]) if pd.notna(cell["shown"]) else "no source found"
            star = "*" if pd.notna(cell["shown"]) and cell["basis"] == "news" else ""
            by.setdefault(vote, []).append(f"{label}{star}")
        if len(by) == 1:
            parts.append(f"{country}: {next(iter(by))} on all {len(columns)}")
        else:
            parts.append(f"{country}: " + "; ".join(f"{vote} on {listing(labels)}" for vote, labels in by.items()))
    return (
        f"Grid of {len(order)} {who} by {len(columns)} resolutions in date order; a star marks a vote only news "
        "gives. " + ". ".join(parts) + "."
    )


def share_bars_summary(shares: pd.DataFrame, columns: list[str], who: list[str], vote: str = "abstain") -> str:
    """Alt text for ``share_bars``: for each group, its share of ``vote`` on each resolution, with the counts."""
    rows = share_of(shares, vote).set_index(["who", "label"])
    parts = []
    for group in who:
        cells = [
            f"{label} {rows.loc[(group, label), 'votes']} of {rows.loc[(group, label), 'total']} "
            f"({rows.loc[(group, label), 'share']:.0%})"
            for label in columns
            if (group, label) in rows.index
        ]
        parts.append(f"{group}: " + ", ".join(cells))
    return (
        f"Stacked bars of yes, abstain and no for {len(columns)} resolutions, one bar per group. Share voting "
        f"{vote}, resolution by resolution: " + ". ".join(parts) + "."
    )


def grid_figure(cells: pd.DataFrame, columns: list[str], *, who: str, title: str):
    """``vote_grid`` as a page figure: alt text from its cells, the pages behind its cells as its sources."""
    from evidence.charts.figure import figure
    from evidence.votes import grid_sources

    return figure(
        vote_grid(cells, columns),
        title=title,
        alt_text=grid_summary(cells, columns, who),
        sources=grid_sources(cells),
    )
