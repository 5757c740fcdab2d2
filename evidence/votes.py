"""The General Assembly votes as the charts count them: which rows are drawn, one cell per country and
resolution, and the shares of yes, abstain and no for the Assembly and for groups of countries."""

from __future__ import annotations

import pandas as pd
import pycountry

from evidence.columns import RECORD_TYPES, row_ids, vote_id

VOTE_LETTERS = {"yes": "Y", "no": "N", "abstain": "A", "non-voting": "–"}


def charted_votes(votes: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """The votes a chart may draw: every row except news rows the UN record contradicts, each with its
    row id (resolution:iso3) and ``basis``: 'official' (a UN record or press release, or the voting
    government's own page) or 'news' (news, state media, aggregators)."""
    kind = votes["source_id"].map(sources.set_index("source_id")["source_type"].astype(str))
    shown = votes[votes["contradicts_record"].isna()]
    return shown.assign(
        basis=kind[shown.index].isin(RECORD_TYPES).map({True: "official", False: "news"}),
        vote=shown["vote"].astype(str),
        id=row_ids(shown),
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


def share_sources(shares: pd.DataFrame) -> pd.DataFrame:
    """The pages behind an ``assembly_shares`` chart, as a frame with a source_id column (for ``figure``)."""
    return pd.DataFrame({"source_id": shares["sources"].str.split(", ").explode().drop_duplicates()})


def with_vote_ids(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows with their vote id ("ES-11/1:IND"), the id claims and selections cite."""
    return frame.assign(id=[vote_id(r, c) for r, c in zip(frame["resolution"], frame["iso3"], strict=True)])


def on_record(shown: pd.DataFrame, resolutions: pd.DataFrame) -> pd.DataFrame:
    """The votes from the UN's own record (one row per member state and resolution), with each
    resolution's label and adoption date, in date order."""
    record = shown[shown["basis"] == "official"].merge(
        resolutions[["resolution", "label", "adopted_on"]], on="resolution"
    )
    return record.sort_values(["adopted_on", "country"], kind="stable", ignore_index=True)


def regional_groups(groups: pd.DataFrame) -> pd.DataFrame:
    """The five regional groups as comparison groups (iso3, who); a state in no group is left out."""
    return groups[groups["regional_group"] != "none"].rename(columns={"regional_group": "who"})[["iso3", "who"]]


def map_ids(frame: pd.DataFrame) -> pd.Series:
    """Each row's ISO 3166-1 numeric code: the id of its shape in the boundary file."""
    numeric = {c.alpha_3: int(c.numeric) for c in pycountry.countries}
    return frame["iso3"].map(numeric).astype("Int64")


def not_drawn(topology: dict, frame: pd.DataFrame) -> list[str]:
    """The countries of ``frame`` that the boundary file has no shape for (too small at its scale)."""
    drawn = {g.get("id") for g in topology["objects"]["countries"]["geometries"]}
    ids = map_ids(frame)
    return sorted(frame.loc[~ids.isin(drawn), "country"].astype(str).unique())
