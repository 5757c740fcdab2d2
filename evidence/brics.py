"""Who counts as a BRICS member or partner, and when: one rule for every chapter.

The rule reads data/brics_membership.csv: each country takes the status of its latest row on or
before the day (the earliest date any source gives counts, so statuses lean early; a member row
outranks a partner or invitation row of the same date). Saudi Arabia is a "disputed member"
because some sources list it as a member and others say it has not joined. A partner named only
in the summit-day media list of 24 October 2024 is counted apart until a later row confirms it.
"""

from __future__ import annotations

import pandas as pd

RANK = {"declined": 0, "invited": 1, "partner": 2, "member": 3, "founding member": 3}
SUMMIT_DAY_LIST = "vestikavkaza-2024-10-24-13-partners"  # source of the unconfirmed partner list
DISPUTED = {"Saudi Arabia"}
GROUP = {
    "member": "member",
    "disputed member": "member",
    "partner": "partner",
    "partner (summit-day list only)": "partner",
}


def standing(membership: pd.DataFrame, day: pd.Timestamp | None = None) -> pd.DataFrame:
    """Each country's status on ``day`` (default: the latest date in the table).

    Columns: country, iso3, status (member, disputed member, partner, partner (summit-day list only),
    invited or declined), group (member, partner or empty for invited/declined) and joined (the
    earliest date any row makes it a member or partner).
    """
    day = membership["effective_date"].max() if day is None else day
    seen = membership[membership["effective_date"] <= day]
    seen = seen.assign(rank=seen["status"].astype(str).map(RANK)).sort_values(["effective_date", "rank"], kind="stable")
    rows = []
    for country, own in seen.groupby("country", sort=True):
        last = str(own.iloc[-1]["status"])
        if last in ("member", "founding member"):
            status = "disputed member" if country in DISPUTED else "member"
        elif last == "partner":
            confirmed = (own.loc[own["status"] == "partner", "source_id"] != SUMMIT_DAY_LIST).any()
            status = "partner" if confirmed else "partner (summit-day list only)"
        else:
            status = last
        inside = own[own["status"].isin(["founding member", "member", "partner"])]
        rows.append(
            {
                "country": country,
                "iso3": own.iloc[-1]["iso3"],
                "status": status,
                "group": GROUP.get(status, ""),
                "joined": inside["effective_date"].min(),
            }
        )
    return pd.DataFrame(rows, columns=["country", "iso3", "status", "group", "joined"])


def counts_by_date(membership: pd.DataFrame, counted: list[str]) -> pd.DataFrame:
    """How many countries hold each status in ``counted``, on every date the count changes, and who moved."""
    counts, before = [], pd.Series(dtype=str)
    for day in sorted(membership["effective_date"].unique()):
        now = standing(membership, day).set_index("country")["status"]
        tally = now.value_counts().reindex(counted, fill_value=0)
        if not tally.equals(before.value_counts().reindex(counted, fill_value=0)):
            moved = now[now != before.reindex(now.index)]
            changes = "; ".join(f"{', '.join(sorted(g.index))} → {status}" for status, g in moved.groupby(moved))
            counts.append({"date": day, **tally.to_dict(), "what changed": changes})
        before = now
    return pd.DataFrame(counts)


def vote_groups(bloc: pd.DataFrame) -> pd.DataFrame:
    """The groups the vote shares compare (iso3, who): BRICS members, BRICS partners and the United States."""
    brics = bloc.assign(who="BRICS " + bloc["group"] + "s")[["iso3", "who"]]
    return pd.concat([brics, pd.DataFrame({"iso3": ["USA"], "who": ["United States"]})], ignore_index=True)


def abstention_table(shares: pd.DataFrame, resolutions: pd.DataFrame) -> pd.DataFrame:
    """Abstentions as "N of M (P%)" of the yes, abstain and no votes each bar of the shares chart counts."""
    ab = shares.assign(n=shares["votes"].where(shares["vote"] == "abstain", 0))
    ab = ab.groupby(["resolution", "who"], as_index=False).agg(abstain=("n", "sum"), of=("total", "first"))
    ab["cell"] = [f"{a} of {o} ({a / o:.0%})" for a, o in zip(ab["abstain"], ab["of"], strict=True)]
    table = ab.pivot(index="resolution", columns="who", values="cell").reindex(resolutions["resolution"])
    return table.reset_index().fillna("no vote sourced")


SHORT = {
    "World": "world",
    "BRICS members": "members",
    "BRICS partners": "partners",
    "BRICS members and partners": "bloc",
    "United States": "us",
    "African States": "african",
    "Asia-Pacific States": "asia_pacific",
    "Eastern European States": "eastern_european",
    "Latin American and Caribbean States": "latin_american",
    "Western European and other States": "western_european",
}


def glue_key(who: str, label: str, vote: str) -> str:
    """The name a chapter glues one group's share under: "world_abstain_es11_7", "bloc_yes_feb_2026"."""
    resolution = "".join(c if c.isalnum() else "_" for c in label.lower().replace("es-11/", "es11_")).strip("_")
    return f"{SHORT.get(who, who.lower().replace(' ', '_'))}_{vote}_{resolution}"


def shares_said(shares: pd.DataFrame, vote: str) -> dict[str, str]:
    """For each group and resolution of ``assembly_shares``: its ``vote`` share as the prose says it,
    "35 of 181 (19%)", keyed by ``glue_key``."""
    from evidence.charts.votes import share_of

    rows = share_of(shares, vote)
    return {glue_key(r.who, r.label, vote): f"{r.votes} of {r.total} ({r.share:.0%})" for r in rows.itertuples()}


def above(shares: pd.DataFrame, who: str, than: str, vote: str) -> tuple[int, int]:
    """On how many resolutions ``who``'s share of ``vote`` was above ``than``'s, and of how many both have."""
    from evidence.charts.votes import share_of

    table = share_of(shares, vote).pivot(index="label", columns="who", values="share")[[who, than]].dropna()
    return int((table[who] > table[than]).sum()), len(table)
