"""The Assembly on a map: each member state coloured by its vote on a chosen resolution, from the UN's record.

The interactive map loads the boundary file by its address in the published site (data/world-110m.json), so a
page carries no copy of it; its printed (and first-shown) version is drawn from the file itself at build time.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from evidence.charts.style import VOTES, scale

BOUNDARY_URL = "../data/world-110m.json"  # from a chapter page (book/x.html) to the site's copy of the data
LAND = "#e8e8e8"  # a territory that is not a member state, or has no vote on record
ANTARCTICA = 10  # its ISO numeric code: a continent with no vote, left off the map


def boundary_data() -> alt.Data:
    """The country shapes, by address: the interactive map loads them; the figure carries them inline in the
    drawings it makes at build time (figure._inlined)."""
    return alt.UrlData(url=BOUNDARY_URL, format=alt.DataFormat(type="topojson", feature="countries"))


def vote_map(rows: pd.DataFrame, *, labels: list[str], default: str, narrow: bool = False) -> alt.LayerChart:
    """Member states coloured by their vote (``rows``: the record's votes with ``id`` (map id), ``label``,
    country and vote), with a menu of resolutions (``labels``, ``default`` shown first)."""
    shapes = boundary_data()
    choice = alt.param(name="resolution", value=default, bind=alt.binding_select(options=labels, name="Resolution "))
    data = rows[["id", "label", "country", "vote", "source_id"]].astype({"id": int})
    members = sorted(set(data["id"]))
    land = (  # territories with no vote on record, so no shape is drawn twice
        alt.Chart(shapes)
        .transform_filter(~alt.FieldOneOfPredicate(field="id", oneOf=[*members, ANTARCTICA]))
        .mark_geoshape(fill=LAND, stroke="#ffffff", strokeWidth=0.4, aria=False)  # background, not data
    )
    voted = (
        alt.Chart(data)
        .transform_filter(alt.datum.label == choice)
        .transform_lookup(lookup="id", from_=alt.LookupData(data=shapes, key="id"), as_="geo")
        .mark_geoshape(stroke="#ffffff", strokeWidth=0.4)
        .encode(
            shape="geo:G",
            color=alt.Color("vote:N", title="Vote", scale=scale(VOTES)),
            tooltip=[
                alt.Tooltip("country:N", title="Country"),
                alt.Tooltip("label:N", title="Resolution"),
                alt.Tooltip("vote:N", title="Vote"),
            ],
        )
        .add_params(choice)
    )
    width, height = (330, 190) if narrow else (640, 340)
    return alt.layer(land, voted).project("equalEarth").properties(width=width, height=height)


def map_summary(rows: pd.DataFrame, label: str, titles: dict[str, str], missing: list[str]) -> str:
    """Alt text for ``vote_map``, written from the votes it draws for ``label``."""
    shown = rows[rows["label"] == label]
    counts = shown["vote"].value_counts()
    against = ", ".join(sorted(shown.loc[shown["vote"] == "no", "country"].astype(str)))
    parts = [
        f"World map of how the {len(shown)} member states voted on {label} ({titles[label]}), from the UN's voting "
        f"record: {counts.get('yes', 0)} yes, {counts.get('no', 0)} no, {counts.get('abstain', 0)} abstaining and "
        f"{counts.get('non-voting', 0)} not voting."
    ]
    if against:
        parts.append(f"Voting no: {against}.")
    if missing:
        parts.append(f"{len(missing)} member states are too small to draw at this scale: {', '.join(missing)}.")
    parts.append("A menu chooses any of the resolutions with a record.")
    return " ".join(parts)
