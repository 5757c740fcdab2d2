"""What the columns of the data package mean, whatever table they are in: the data layer's one place for
row ids, the columns that cite rows, the producer's record types, and each column's role for a reader
(which column is a row's date, who gave it, its figure, what it counts)."""

from __future__ import annotations

import pandas as pd

# Columns of the claims ledger that cite rows: the deciding rows, and a judgement's case for and against.
CITING_COLUMNS = ("evidence_ids", "for_ids", "against_ids")
# Source types that are the producer's own record (the UN's, or the voting government's): SOURCING.md.
RECORD_TYPES = ("official", "official-copy")

# A column's role, by the names it has in the tables, in order of preference.
ROLES = {
    "date": ("reported_on", "date", "adopted_on", "effective_date", "start_year"),
    "who": ("reported_by", "speaker", "country", "conflict"),
    "low": ("low", "personnel_low", "figure", "yes"),
    "high": ("high", "personnel_high"),
    "unit": ("unit", "measure", "item"),
    "what": ("measure", "item", "topic", "category", "event", "title"),
    "text": ("evidence", "development"),
}


def vote_id(resolution: str, iso3: str) -> str:
    """The id a claim or selection uses for one country's vote on one resolution: "ES-11/1:IND"."""
    return f"{resolution}:{iso3}"


def row_ids(frame: pd.DataFrame) -> pd.Series:
    """Each row's id as claims cite it: the id column, a vote's resolution:ISO3, or a resolution's symbol."""
    if "id" in frame:
        return frame["id"].astype("string")
    if "iso3" in frame and "resolution" in frame:
        return frame["resolution"].astype("string") + ":" + frame["iso3"].astype("string")
    return frame["resolution"].astype("string")


def row_id_of(table: str, row: dict) -> str | None:
    """One row's id, from its text cells (as the validator reads them)."""
    if "id" in row:
        return row["id"]
    if "iso3" in row and "resolution" in row:
        return vote_id(row["resolution"], row["iso3"])
    if "resolution" in row:
        return row["resolution"]
    return None


def plain(value) -> str | None:
    """A cell as text: dates as yyyy-mm-dd, missing values as None."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.strftime("%Y-%m-%d") if hasattr(value, "strftime") else str(value)


def first(row: pd.Series, role: str) -> str:
    """The first non-empty cell of ``row`` among the columns that play ``role``, as text ("" if none)."""
    for name in ROLES[role]:
        if name in row.index and plain(row[name]) not in (None, ""):
            return plain(row[name])
    return ""
