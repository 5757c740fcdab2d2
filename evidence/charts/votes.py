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
    letters = sourced.mark_text(fontSize=10, fontWeight="bold", color="#111111").encode(text="letter:N")
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
