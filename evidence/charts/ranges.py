"""Figures as ranges from low to high: over time, or one row per figure named by who counted it."""

from __future__ import annotations

import re
from collections import Counter

import altair as alt
import pandas as pd

from evidence import labels
from evidence.charts.style import MIN_FONT, claim_type_encodings
from evidence.labels import counted_by, who_and_when


def estimates_over_time(
    frame: pd.DataFrame,
    *,
    value_title: str,
    tooltip: list[str],
    references: dict[str, float] | None = None,
    height: int = 260,
    log: bool = False,
) -> alt.LayerChart:
    """Figures over time, each as a range from low to high, coloured and shaped by kind of figure.

    A point figure is a single mark; a range is a vertical line between two marks;
    an "at least" figure (no high) is a mark with an upward arrow. ``references``
    draws labelled horizontal lines (for example the article's own numbers).
    """
    data = frame.assign(
        high_shown=frame["high"].fillna(frame["low"]),
        bound=frame["high"].isna().map({True: "at least", False: "range or point"}),
    )
    x = alt.X("reported_on:T", title="Date reported", axis=alt.Axis(format="%b %Y", labelAngle=0, tickCount="month"))
    y_scale = alt.Scale(type="log") if log else alt.Scale(zero=True)
    base = alt.Chart(data).encode(x=x, tooltip=tooltip)
    marks = claim_type_encodings()
    ranges = base.mark_rule(strokeWidth=2.5, opacity=0.8).encode(
        y=alt.Y(
            "low:Q", title=value_title + (" (log scale)" if log else ""), scale=y_scale, axis=alt.Axis(format=",d")
        ),
        y2="high_shown:Q",
        color=marks["color"],
    )
    lows = base.mark_point(filled=True, size=60, opacity=0.95).encode(y="low:Q", **marks)
    highs = base.mark_point(filled=True, size=60, opacity=0.95).encode(y="high_shown:Q", **marks)
    at_least = (
        base.transform_filter(alt.datum.bound == "at least")
        .mark_text(text="↑", dy=-12, fontSize=14, color="#333")
        .encode(y="low:Q")
    )
    layers = [ranges, lows, highs, at_least]
    if references:
        # A label on two lines ("EU pledge (March 2023):" over "1,000,000"), so it fits a phone's plot.
        labels = [label.replace(": ", ":\n", 1) for label in references]
        refs = pd.DataFrame({"label": labels, "value": list(references.values())})
        rule = alt.Chart(refs).mark_rule(strokeDash=[4, 4], color="#555").encode(y="value:Q")
        text = (
            alt.Chart(refs)
            .mark_text(align="left", dx=4, dy=-4, baseline="bottom", lineBreak="\n", color="#333", fontSize=11)
            .encode(y="value:Q", text="label:N", x=alt.value(0))
        )
        layers += [rule, text]
    return alt.layer(*layers).properties(height=height)


def _at_least(rows: pd.DataFrame) -> pd.DataFrame:
    """Columns every range chart needs: the drawn high end, and whether the figure is "at least"."""
    low, high = rows["low"].astype("Float64"), rows["high"].astype("Float64")
    return rows.assign(
        low=low, high=high, high_shown=high.fillna(low), at_least=(high.isna() & low.notna()).astype(bool)
    )


def _with_headers(rows: pd.DataFrame, groups: list[str]) -> tuple[pd.DataFrame, list[str]]:
    """Rows under bold header rows (one per group, in order), and the label order for the y axis."""
    parts, order = [], []
    for group in groups:
        members = rows[rows["group"] == group]
        parts += [pd.DataFrame({"group": [group], "label": [group]}), members]
        order += [group, *members["label"]]
    return pd.concat(parts, ignore_index=True), order


def _row_axis(order: list[str], headers: list[str], **extra) -> alt.Y:
    bold = alt.condition(alt.FieldOneOfPredicate(field="value", oneOf=headers), alt.value("bold"), alt.value("normal"))
    axis = dict(labelFontWeight=bold, ticks=False, domain=False) if headers else {}
    return alt.Y("label:N", title=None, sort=None, scale=alt.Scale(domain=order), axis=alt.Axis(**axis, **extra))


_ROW_ID = re.compile(r" \(([a-z]+-[0-9]+)\)$")


def phone_labels(order: list[str]) -> dict[str, str]:
    """Row labels for a phone: "US Pentagon, 28 Oct 24 (dep-013)" becomes "US Pentagon, 28 Oct 24", unless two
    rows would then read the same; those lead with their id ("dep-014: Zelensky (Ukraine), 28 Oct 24"), so they
    stay apart even where a long label is cut short."""
    bare = {label: _ROW_ID.sub("", label) for label in order}
    repeated = {b for b, n in Counter(bare.values()).items() if n > 1}
    shown = {}
    for label, short in bare.items():
        found = _ROW_ID.search(label)
        shown[label] = f"{found.group(1)}: {short}" if short in repeated and found else short
    return shown


def _reference_lines(references: dict[str, float]) -> alt.LayerChart:
    """Dashed vertical lines at the ``references`` values (label -> value), labelled above the plot, each
    label on its own line of text and ending at its line (the row labels leave room on the left)."""
    refs = pd.DataFrame({"label": list(references), "value": list(references.values())})
    refs["dy"] = [-6 - 14 * (len(refs) - 1 - i) for i in range(len(refs))]  # the first line's label on top
    rule = alt.Chart(refs).mark_rule(strokeDash=[4, 4], color="#555").encode(x="value:Q")
    texts = [
        alt.Chart(refs.iloc[[i]])
        .mark_text(align="right", dx=2, dy=int(row.dy), baseline="bottom", color="#333", fontSize=11)
        .encode(x="value:Q", y=alt.value(0), text="label:N")
        for i, row in enumerate(refs.itertuples())
    ]
    return alt.layer(rule, *texts)


def ranges_by_row(
    rows: pd.DataFrame,
    *,
    x_title: str,
    domain: list[float],
    tooltip: list,
    groups: list[str] | None = None,
    axis: alt.Axis | None = None,
    step: int = 16,
    references: dict[str, float] | None = None,
    narrow: bool = False,
    label_limit: int = 260,
) -> alt.LayerChart:
    """Figures as horizontal low-high ranges on a log axis, one row per ``label``, in the order of ``rows``.

    With ``groups``, rows sit under bold header rows, one per value of their ``group`` column.
    A point figure is one mark; an "at least" figure (no high) gets an arrow. ``references`` draws
    labelled dashed lines (label -> value). ``narrow`` is the phone layout: row labels without their
    row id where they stay apart without it (``phone_labels``), and narrower.
    """
    data = _at_least(rows)
    order = list(data["label"])
    if groups:
        data, order = _with_headers(data, groups)
    if narrow:
        shown = phone_labels(order)
        data = data.assign(label=data["label"].map(shown))
        order = [shown[label] for label in order]
    axis = (axis or alt.Axis(format="~s")).copy()
    if narrow:  # the axis title ends at the plot's right edge, so a long title stays on a phone's screen
        axis.titleAnchor = "end"
    x = alt.X("low:Q", title=x_title, scale=alt.Scale(type="log", domain=domain), axis=axis)
    extra = dict(labelLimit=180, labelFontSize=MIN_FONT) if narrow else {}
    if not narrow:
        extra["labelLimit"] = label_limit
    y = _row_axis(order, groups or [], **extra)
    base = alt.Chart(data).encode(y=y, tooltip=tooltip)
    marks = claim_type_encodings()
    layers = [
        base.mark_rule(strokeWidth=2.5, opacity=0.8).encode(x=x, x2="high_shown:Q", color=marks["color"]),
        base.mark_point(filled=True, size=60, opacity=0.95).encode(x="low:Q", **marks),
        base.mark_point(filled=True, size=60, opacity=0.95).encode(x="high_shown:Q", **marks),
        base.transform_filter(alt.datum.at_least)
        .mark_text(text="→", dx=12, fontSize=14, color="#333")
        .encode(x="low:Q"),
    ]
    if references:
        layers.append(_reference_lines(references))
    return alt.layer(*layers).properties(height=alt.Step(step))


def _by_what_was_counted(frame: pd.DataFrame, measures: list[str]) -> pd.DataFrame:
    """The figures of ``measures`` in that order, then by date: one labelled row each, under its measure."""
    rows = frame[frame["measure"].astype(str).isin(measures)]
    rows = rows.assign(
        measure=rows["measure"].astype(str),
        order=rows["measure"].astype(str).map({m: i for i, m in enumerate(measures)}),
    ).sort_values(["order", "reported_on", "id"])
    return rows.assign(group=rows["measure"].map(lambda m: labels.value("measure", m)), label=who_and_when(rows))


def figures_by_counter(
    frame: pd.DataFrame,
    *,
    measures: list[str],
    x_title: str,
    domain: list[float],
    references: dict[str, float] | None = None,
    narrow: bool = False,
) -> alt.LayerChart:
    """Each figure its own row, named by who counted it and when, under a bold heading for what was
    counted (``measures``, in that order); a range from low to high on a log axis, coloured and shaped by
    kind of figure. So the printed chart shows who counted, what, and how, without tooltips."""
    rows = _by_what_was_counted(frame, measures)
    ticks = [10**n for n in range(7) if domain[0] <= 10**n <= domain[1]]
    tooltip = [
        alt.Tooltip("id:N", title="Row"),
        alt.Tooltip("reported_by:N", title="Reported by"),
        alt.Tooltip("reported_on:T", title="Date reported", format="%d %b %Y"),
        alt.Tooltip("measure:N", title="What was counted"),
        alt.Tooltip("low:Q", title="Low", format=","),
        alt.Tooltip("high:Q", title="High", format=","),
        alt.Tooltip("claim_type:N", title="Kind of figure"),
        alt.Tooltip("evidence:N", title="Evidence"),
    ]
    columns = ["id", "reported_on", "reported_by", "side", "measure", "low", "high", "claim_type", "source_id"]
    return ranges_by_row(
        rows[[*columns, "evidence", "group", "label"]],
        x_title=x_title,
        domain=domain,
        tooltip=tooltip,
        groups=list(dict.fromkeys(rows["group"])),
        axis=alt.Axis(format="~s" if narrow else ",d", values=ticks),
        references=references,
        narrow=narrow,
    )


def _figure_text(row) -> str:
    low = f"{row.low:,.0f}"
    if pd.isna(row.high):
        return f"at least {low}"
    return low if row.high == row.low else f"{low}-{row.high:,.0f}"


def _groups_summary(rows: pd.DataFrame, *, by: str = "group", named: str = "counter", noun: str = "") -> list[str]:
    """For each group of rows (column ``by``, in order): its one figure, or how many figures (from how many
    ``noun``s, where given) and the lowest and highest, each with who gave it (column ``named``) and, for a
    counter, when."""
    rows = rows.assign(top=rows["high"].fillna(rows["low"]))

    def given(row):
        dated = named == "counter" and "reported_on" in rows and pd.notna(row.reported_on)
        when = f" on {row.reported_on:%-d %b %Y}" if dated else ""
        return (
            f"{_figure_text(row)} ({row[named]}{when})"
            if named == "label"
            else f"{_figure_text(row)} by {row[named]}{when}"
        )

    parts = []
    for group, part in rows.groupby(by, sort=False):
        if len(part) == 1:
            parts.append(f"{group}: one figure, {given(part.iloc[0])}")
            continue
        givers = part[named].nunique()
        source = f" from {givers} {noun}{'s' if givers != 1 else ''}" if noun else ""
        lowest, highest = part.loc[part["low"].idxmin()], part.loc[part["top"].idxmax()]
        span = (
            f"from {given(lowest)} to {given(highest)}"
            if lowest.name != highest.name
            else f"all {_figure_text(lowest)}"
        )
        parts.append(f"{group}: {len(part)} figures{source}, {span}")
    return parts


def counter_summary(frame: pd.DataFrame, measures: list[str]) -> str:
    """Alt text for ``figures_by_counter``, written from the rows it draws: for each thing counted, how
    many figures from how many counters, and the lowest and highest with who gave them and when."""
    rows = _by_what_was_counted(frame, measures)
    parts = _groups_summary(rows.assign(counter=counted_by(rows)), noun="counter")
    return (
        "One row per figure, named by who gave it and when, grouped by what was counted, on a logarithmic "
        "axis. " + "; ".join(parts) + "."
    )


def rows_summary(rows: pd.DataFrame, *, by: str = "group", named: str = "label", axis: str = "logarithmic") -> str:
    """Alt text for ``ranges_by_row``, written from the rows it draws: for each group (column ``by``), its
    figure or its lowest and highest, each named by its row label (or the column ``named``)."""
    parts = _groups_summary(rows.dropna(subset=["low"]).reset_index(drop=True), by=by, named=named)
    return f"One row per figure, grouped, on a {axis} axis. " + "; ".join(parts) + "."


def references_summary(references: dict[str, float]) -> str:
    """A sentence naming the dashed reference lines a chart draws (label -> value)."""
    if not references:
        return ""
    lines = [
        label if labels.number(value) in label else f"{label} ({labels.number(value)})"
        for label, value in references.items()
    ]
    return f" Dashed line{'s' if len(lines) > 1 else ''} mark{'' if len(lines) > 1 else 's'}: {'; '.join(lines)}."


def counter_figure(
    frame: pd.DataFrame,
    measures: list[str],
    *,
    title: str,
    x_title: str,
    domain: list[float],
    references: dict[str, float] | None = None,
):
    """``figures_by_counter`` as a page figure: its phone layout, and alt text written from the rows drawn."""
    from evidence.charts.figure import figure

    kw = dict(measures=measures, x_title=x_title, domain=domain, references=references)
    return figure(
        figures_by_counter(frame, **kw),
        narrow=figures_by_counter(frame, narrow=True, **kw),
        title=title,
        alt_text=counter_summary(frame, measures) + references_summary(references or {}),
        sources=frame,
    )


def _who(row) -> str:
    """Who gave a figure, without the parenthesis that says how it reached us."""
    return str(row.reported_by).split(" (")[0]


def over_time_summary(frame: pd.DataFrame, tags: dict[str, str] | None = None) -> str:
    """Alt text for ``estimates_over_time`` and ``labelled_over_time``: every figure in date order, as the
    rows give it ("at least" where there is no high), with its unit, who gave it, when, and its label."""
    rows = frame.sort_values(["reported_on", "id"])
    tags = tags or {}

    def one(row) -> str:
        unit = f" {labels.value('unit', row.unit).lower()}" if "unit" in rows and pd.notna(row.unit) else ""
        tag = f", {tags[row.id]}" if row.id in tags else ""
        tag += ", a projection" if str(getattr(row, "claim_type", "")) == "projection" else ""
        return f"{labels.figure(row.low, row.high)}{unit} ({_who(row)}, {row.reported_on:%b %Y}{tag})"

    dated = labels.period(rows["reported_on"])
    figures = "figure" if len(rows) == 1 else f"{len(rows)} figures"
    return f"Figures by date reported, {dated}; {figures}: " + "; ".join(one(r) for r in rows.itertuples()) + "."


def over_time_figure(
    frame: pd.DataFrame,
    tags: dict[str, str],
    *,
    title: str,
    value_title: str,
    tooltip: list[str],
    references: dict[str, float] | None = None,
    sources: pd.DataFrame | None = None,
    notes: dict[str, str] | None = None,
):
    """``labelled_over_time`` as a page figure, with alt text written from the rows it draws (each figure with
    its ``notes``, row id -> words, or else its chart label)."""
    from evidence.charts.figure import figure

    return figure(
        labelled_over_time(frame, tags, value_title=value_title, tooltip=tooltip, references=references),
        title=title,
        alt_text=over_time_summary(frame, tags if notes is None else notes) + references_summary(references or {}),
        sources=frame if sources is None else sources,
    )


def bars_summary(rows: pd.DataFrame, groups: list[str]) -> str:
    """Alt text for ``bars_by_row``: each bar's figure and label, group by group."""
    parts = [
        f"{group}: "
        + "; ".join(f"{labels.number(r.low)} ({r.label})" for r in rows[rows["group"] == group].itertuples())
        for group in groups
    ]
    return f"Bars for {len(rows)} figures. " + ". ".join(parts) + "."


def bars_by_row(rows: pd.DataFrame, *, x_title: str, tooltip: list, groups: list[str]) -> alt.LayerChart:
    """One bar per ``label`` (its low figure), under bold header rows per ``group``, coloured by kind of figure."""
    data, order = _with_headers(rows, groups)
    bars = alt.Chart(data).encode(y=_row_axis(order, groups), tooltip=tooltip)
    marks = claim_type_encodings()
    return alt.layer(
        bars.mark_bar(height=10, opacity=0.8).encode(
            x=alt.X("low:Q", title=x_title, axis=alt.Axis(format="~s")), color=marks["color"]
        ),
        bars.mark_point(filled=True, size=60).encode(x="low:Q", **marks),
    ).properties(height=alt.Step(20))


def labelled_over_time(
    frame: pd.DataFrame,
    tags: dict[str, str],
    *,
    value_title: str,
    tooltip: list,
    height: int | None = None,
    references: dict[str, float] | None = None,
) -> alt.LayerChart:
    """``estimates_over_time`` with a short text label beside the figures ``tags`` names (row id -> label).

    Without ``height``, a panel of fewer than four figures is drawn lower.
    """
    height = height or (160 if len(frame) < 4 else 220)
    tagged = frame.assign(tag=frame["id"].map(tags)).dropna(subset=["tag"])
    labels = (
        alt.Chart(tagged)
        .mark_text(align="left", dx=8, fontSize=11, color="#333")
        .encode(x="reported_on:T", y="low:Q", text="tag:N")
    )
    drawn = estimates_over_time(frame, value_title=value_title, tooltip=tooltip, height=height, references=references)
    return alt.layer(drawn, labels)


def calculated_ranges(
    frame: pd.DataFrame, *, y: str, low: str, high: str, x_title: str, tooltip: list
) -> alt.LayerChart:
    """Our own calculations as grey ranges from ``low`` to ``high``, one row per value of ``y`` (never a source's colours)."""
    calc = alt.Chart(frame).encode(y=alt.Y(f"{y}:N", sort=None, title=None), tooltip=tooltip)
    return (
        calc.mark_rule(strokeWidth=3, color="#555").encode(
            x=alt.X(f"{low}:Q", title=x_title, scale=alt.Scale(zero=True)), x2=f"{high}:Q"
        )
        + calc.mark_point(filled=True, size=60, color="#555").encode(x=f"{low}:Q")
        + calc.mark_point(filled=True, size=60, color="#555").encode(x=f"{high}:Q")
    ).properties(height=alt.Step(24))
