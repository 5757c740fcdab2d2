"""Charts along a time axis: BRICS statuses, events, and what happened since the article."""

from __future__ import annotations

import altair as alt
import pandas as pd

from evidence.charts.style import BEARS, BRICS_STATUS, EVENT_CATEGORIES, scale


def _label_on_the_left(date, first, last) -> bool:
    """Whether a line's label goes on its left: past the first third of the time axis, a label on the right
    of its line would run off a phone's narrow plot."""
    first, last = pd.Timestamp(first), pd.Timestamp(last)
    return pd.Timestamp(date) > first + (last - first) / 3


def _line_labels(chart: alt.Chart, late: bool, **text) -> alt.Chart:
    """A line's label beside it: right of the line, or left of it for a line in the axis's later half."""
    return chart.mark_text(align="right" if late else "left", dx=-4 if late else 4, **text)


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
    first, last = min(marks["effective_date"].min(), rules["date"].min()), marks["effective_date"].max()
    late = rules["date"].map(lambda d: _label_on_the_left(d, first, last))
    texts = [
        _line_labels(alt.Chart(rules[late == side]), side, baseline="top", y=0, fontSize=11, color="#333").encode(
            x="date:T", text="label"
        )
        for side in (False, True)
        if (late == side).any()
    ]
    return alt.layer(lines, points, *texts).properties(height=alt.Step(12))


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


def _marker(date: str, label: str, dash: list[int], level: int, domain: list[str]) -> alt.LayerChart:
    """A labelled vertical line; ``level`` 0 or 1 keeps neighbouring labels from overlapping."""
    ref = alt.Chart(pd.DataFrame({"date": [date], "label": [label]}))
    rule = ref.mark_rule(color="#333", strokeDash=dash, strokeWidth=1.5).encode(x="date:T")
    late = _label_on_the_left(date, *domain)
    text = _line_labels(ref, late, dy=-6 - 14 * level, fontSize=11, color="#333").encode(
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
    return alt.layer(*[_marker(*m, domain) for m in markers], points, circled).properties(height=height)


def _date_as_given(when, note) -> str:
    """A status date as precise as its row: a year or a month that a source gave alone is stored as its first
    day, and the row's note says so ("Year only", "month only")."""
    when, note = pd.Timestamp(when), str(note if pd.notna(note) else "").lower()
    if "year only" in note:
        return f"{when:%Y}"
    return f"{when:%b %Y}" if "month only" in note else f"{when:%-d %b %Y}"


def status_summary(rows: pd.DataFrame, rules: pd.DataFrame) -> str:
    """Alt text for ``status_timeline``, written from its rows: each country's statuses with the dates the
    sources give (a year or a month where that is all a source gives), and the dashed lines."""
    rows = rows.sort_values(["effective_date", "country"])
    parts = []
    for country, own in rows.groupby("country", sort=False):
        statuses = [
            f"{status} {' and '.join(dict.fromkeys(map(_date_as_given, part['effective_date'], part['note'])))}"
            for status, part in own.groupby(own["status"].astype(str), sort=False)
        ]
        parts.append(f"{country}: {', '.join(statuses)}")
    named = [r.label if isinstance(r.label, str) else " ".join(r.label) for r in rules.itertuples()]
    dated = [f"{r.date:%-d %b %Y}" for r in rules.itertuples()]
    lines = "; ".join(label if when in label else f"{label} ({when})" for label, when in zip(named, dated, strict=True))
    return (
        f"Timeline of {len(parts)} countries, one mark per status and date a source gives. "
        + "; ".join(parts)
        + f". Dashed line: {lines}."
    )


def events_summary(events: pd.DataFrame, markers: list[tuple], listed: str = "treaty") -> str:
    """Alt text for ``event_timeline``: how many events of each kind over which months, each event of the kind
    ``listed`` with its date, and the lines drawn (``markers``: date, label, dash, level; labels say their dates)."""
    kinds = events["category"].astype(str).value_counts()
    counts = ", ".join(f"{n} {kind}" for kind, n in kinds.items())
    steps = events[events["category"].astype(str) == listed].sort_values("date")
    named = "; ".join(f"{r.date:%-d %b %Y}: {r.event}" for r in steps.itertuples())
    lines = "; ".join(label for _, label, *_ in markers)
    return (
        f"Timeline of {len(events)} events by kind, {pd.Timestamp(events['date'].min()):%B %Y} to "
        f"{pd.Timestamp(events['date'].max()):%B %Y}: {counts}. The {listed} events: {named}. "
        f"Vertical lines mark {lines}."
    )
