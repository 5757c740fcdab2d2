"""The claims ledger and the rows it cites: which rows a chapter's claims rest on, wherever they live."""

from __future__ import annotations

import functools
import re

import pandas as pd

from evidence import labels
from evidence.columns import CITING_COLUMNS, first, row_ids
from evidence.data import load, resource, tables


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
        fields = {f["name"] for f in resource(name)["schema"]["fields"]}
        if name in ("sources", "claims") or "source_id" not in fields or not {"id", "resolution"} & fields:
            continue  # the ledger, the sources, and tables whose rows have no id (regional groups) are never cited
        frame = load(name)
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


PREDICTION_VERDICTS = ["borne out", "partly borne out", "not borne out", "too early"]


def by_domain(claims: pd.DataFrame | None = None) -> pd.DataFrame:
    """The predictions' verdicts by domain (the ledger's ``domain`` column): one row per domain, in the column's
    order, with how many predictions it holds and how many got each verdict."""
    claims = load("claims") if claims is None else claims
    predictions = claims[claims["kind"] == "prediction"]
    table = pd.crosstab(predictions["domain"], predictions["verdict"].astype(str))
    table = table.reindex(columns=PREDICTION_VERDICTS, fill_value=0)
    table = table.reindex(predictions["domain"].cat.categories).dropna().astype(int)
    table.columns = [c.replace(" ", "_") for c in table.columns]
    return table.assign(predictions=table.sum(axis=1)).rename_axis("domain").reset_index()


def summary_figures(claims: pd.DataFrame | None = None) -> dict[str, object]:
    """The counts and dates a synthesis of the ledger states, computed from it (for ``page.glue``): claims by
    kind and verdict, the dates the predictions are judged as of, the latest row behind any of them, and how
    far apart the domains' verdicts lie."""
    claims = load("claims") if claims is None else claims
    counts = verdict_counts(claims).set_index(["kind", "verdict"])["claims"]
    kinds = claims["kind"].astype(str).value_counts()
    predictions = claims[claims["kind"] == "prediction"]
    domains = by_domain(claims)
    figures = {
        "claims": len(claims),
        "facts": int(kinds.get("fact", 0)),
        "predictions": int(kinds.get("prediction", 0)),
        "judgements": int(kinds.get("judgement", 0)),
        "judged_from": labels.day(predictions["judged_as_of"].min()),
        "judged_to": labels.day(predictions["judged_as_of"].max()),
        "latest_row": labels.day(bearing()["latest_row"].max()),
        "domains": len(domains),
        "most_in_a_domain": int(domains["predictions"].max()),
        "borne_out_gap": int(domains["borne_out"].max() - domains["borne_out"].min()),
    }
    for (kind, verdict), n in counts.items():
        if kind != "judgement":
            figures[f"{kind}_{verdict}".replace(" ", "_").replace(",", "")] = int(n)
    for verdict in PREDICTION_VERDICTS:
        figures.setdefault(f"prediction_{verdict}".replace(" ", "_"), 0)
    return figures
