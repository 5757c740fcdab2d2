"""The claims ledger and the rows it cites: which rows a chapter's claims rest on, wherever they live."""

from __future__ import annotations

import functools
import re

import pandas as pd

from evidence import labels
from evidence.columns import CITING_COLUMNS, first, row_ids
from evidence.data import load, tables


def cited_ids(chapter: str | None = None, claim_ids: list[str] | None = None) -> list[str]:
    """Every row id the claims cite (all claims, one chapter's, or the given claims), in ledger order."""
    claims = load("claims")
    if chapter is not None:
        claims = claims[claims["chapter"] == chapter]
    if claim_ids is not None:
        claims = claims.set_index("claim_id").loc[claim_ids].reset_index()
    ids = []
    for _, claim in claims.iterrows():
        for column in CITING_COLUMNS:
            value = claim[column]
            ids += [] if pd.isna(value) else str(value).split()
    return list(dict.fromkeys(ids))


def cited_rows(chapter: str | None = None) -> list[pd.DataFrame]:
    """The rows of every sourced table that the claims cite, one frame per table (for page.sources)."""
    ids, frames = set(cited_ids(chapter)), []
    for name in tables():
        frame = load(name)
        if name not in ("sources", "claims") and "source_id" in frame:
            frames.append(frame[row_ids(frame).isin(ids).fillna(False).to_numpy()])
    return [f for f in frames if not f.empty]


def cited_statements(chapter: str) -> pd.DataFrame:
    """The rows of the statements table that this chapter's claims name as evidence."""
    statements = load("statements")
    return statements[statements["id"].isin(cited_ids(chapter))]


def first_sentence(text: str) -> str:
    """The first sentence of a finding: what Key findings and a verdict show before "Why this verdict"."""
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z“\"(])", str(text).strip(), maxsplit=1)
    return parts[0]


@functools.cache
def row_index() -> dict[str, tuple[str, pd.Series]]:
    """Every row id of every table (not the sources or the ledger), with its table's name and the row."""
    index = {}
    for name in tables():
        if name in ("sources", "claims"):
            continue
        frame = load(name)
        if not {"id", "resolution"} & set(frame.columns):
            continue
        for key, (_, row) in zip(row_ids(frame), frame.iterrows(), strict=True):
            index.setdefault(str(key), (name, row))
    return index


def figure_text(row: pd.Series) -> str:
    """A row's figure in words: "10,000", "11,000–12,000", "at least 3,000 rounds", a vote or a status."""
    if "vote" in row.index:
        return labels.value("vote", row["vote"])
    if "status" in row.index:
        return labels.value("status", row["status"])
    low, high = first(row, "low"), first(row, "high")
    if not low:
        return ""

    def fmt(v):
        return f"{float(v):,.0f}" if re.fullmatch(r"-?\d+(\.0+)?", v or "") else v

    text = fmt(low) if not high or high == low else f"{fmt(low)}–{fmt(high)}"
    if not high and "high" in row.index:
        text = f"at least {text}"
    unit = first(row, "unit")
    return f"{text} {labels.value('unit', unit)}".strip() if unit else text


def rows_behind(ids: list[str]) -> pd.DataFrame:
    """The cited rows, one line each, in the columns every table shares (date, who, what, figure)."""
    lines = []
    for row_id in ids:
        found = row_index().get(row_id)
        if not found:
            continue
        table, row = found
        lines.append(
            {
                "id": row_id,
                "table": table.replace("_", " "),
                "date": first(row, "date"),
                "reported_by": first(row, "who"),
                "figure": figure_text(row),
                "measure": labels.value("measure", first(row, "what")),
                "evidence": first(row, "text"),
                "source_id": str(row.get("source_id") or ""),
            }
        )
    return pd.DataFrame(lines)


def tables_of(ids: list[str]) -> set[str]:
    """The tables that hold the given row ids (the files a page that shows them depends on)."""
    return {row_index()[i][0] for i in ids if i in row_index()}


def verdict_counts(claims: pd.DataFrame | None = None) -> pd.DataFrame:
    """How many claims of each kind got each verdict (a judgement counts under "weighed, not graded")."""
    from evidence.scales import JUDGEMENT_LABEL

    claims = load("claims") if claims is None else claims
    verdict = claims["verdict"].astype("string").fillna(JUDGEMENT_LABEL)
    return (
        claims.assign(verdict=verdict).groupby(["kind", "verdict"], observed=True).size().rename("claims").reset_index()
    )


def bearing(chapter: str | None = None) -> pd.DataFrame:
    """For each prediction (of one chapter, or all): how many development rows bear it out, go against it, or
    cut both ways; and the date of the latest row."""
    claims = load("claims").query("kind == 'prediction'")
    if chapter is not None:
        claims = claims[claims["chapter"] == chapter]
    rows = load("developments")
    rows = rows.assign(claim_id=rows["claim_ids"].str.split()).explode("claim_id")
    rows = rows[rows["claim_id"].isin(claims["claim_id"])]
    counts = rows.pivot_table(
        index="claim_id", columns="bears", values="id", aggfunc="count", fill_value=0, observed=False
    )
    counts = counts.reindex(index=claims["claim_id"], columns=["for", "against", "mixed"], fill_value=0)
    latest = rows.groupby("claim_id")["date"].max().reindex(claims["claim_id"])
    return counts.assign(latest_row=latest).reset_index()
