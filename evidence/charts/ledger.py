"""Charts of the claims ledger: how many claims got each verdict."""

from __future__ import annotations

import altair as alt
import pandas as pd

from evidence.charts.style import scale
from evidence.scales import JUDGEMENT_LABEL, KIND_TITLES, SCALES


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


LEDGER_NOTE = "the claims ledger of this book (data/claims.csv), whose rows cite their sources"


def ledger_figure(claims: pd.DataFrame, title: str):
    """``verdict_bars`` as a page figure: alt text from the same claims, the ledger named as its source."""
    from evidence.charts.figure import figure

    return figure(
        verdict_bars(claims), title=title, alt_text=verdict_summary(claims), sources=None, source_note=LEDGER_NOTE
    )
