"""Evidence tables: accessible, sortable and filterable HTML, in plain words, every cell escaped.

Headers and coded values show their labels (evidence.labels); every row has an anchor (id="row-dep-013");
on a phone only the key columns show and each row opens in full.
"""

from __future__ import annotations

import pandas as pd

from evidence import labels
from evidence.markup import Html, attr, text

# The columns of a table of figures (deployment estimates, munitions, comparators), and of statements.
FIGURE_COLUMNS = ["id", "reported_on", "reported_by", "measure", "unit", "low", "high", "claim_type", "evidence"]
STATEMENT_COLUMNS = ["id", "date", "speaker", "topic", "evidence", "note"]
# Columns shown for each kind of table in "The evidence".
_DEFAULT_COLUMNS = ["id", "reported_on", "reported_by", "low", "high", "claim_type", "evidence"]
# The columns a phone shows (date, who, figure, kind); the rest of a row opens on demand.
# At most PHONE_COLUMNS of them, taken in this order of priority.
KEY_COLUMNS = [
    ("id", "claim_id", "resolution"),
    ("reported_on", "date", "adopted_on", "effective_date", "start_year"),
    ("reported_by", "speaker", "country", "conflict", "event", "chapter"),
    ("low", "personnel_low", "verdict", "vote", "status", "yes", "figure"),
    ("high", "personnel_high", "no", "claim_type"),
    ("abstain", "claim_type", "measure", "item"),
]
PHONE_COLUMNS = 5
# Short cells that must not break inside (dates, numbers, ids).
NOWRAP_COLUMNS = {
    "id",
    "claim_id",
    "reported_on",
    "date",
    "adopted_on",
    "effective_date",
    "judged_as_of",
    "low",
    "high",
    "personnel_low",
    "personnel_high",
    "yes",
    "no",
    "abstain",
    "start_year",
    "end_year",
    "paragraph",
}
# Columns that hold row ids: each id shows as code, which the book's pages link to its row.
ID_LIST_COLUMNS = {"evidence_ids", "for_ids", "against_ids", "claim_ids"}
ROW_ID_COLUMNS = ("id", "claim_id", "resolution")


def row_anchor(row_id: str) -> str:
    """The stable anchor of a data row on any page: id="row-dep-013"."""
    return f"row-{row_id}"


def id_list(value) -> str:
    """Row ids (space-separated) as code, each of which the book's pages link to its row."""
    ids = ("" if pd.isna(value) else str(value)).split()
    return ", ".join(f'<code class="row-ref">{text(i)}</code>' for i in ids) or "none"


def _cell(value, column: str = "") -> str:
    if pd.isna(value):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    if column in ID_LIST_COLUMNS:
        return id_list(value)
    return text(labels.value(column, value))


def table_html(frame: pd.DataFrame, columns: list[str] | None = None, caption: str = "") -> str:
    """The markup of :func:`table` (also used by the book's pages for their "Rows behind these verdicts")."""
    columns = columns or [c for c in _DEFAULT_COLUMNS if c in frame.columns]
    chosen: list[str] = []
    for group in KEY_COLUMNS:
        found = next((c for c in group if c in columns and c not in chosen), None)
        if found and len(chosen) < PHONE_COLUMNS:
            chosen.append(found)
    if len(chosen) < 2:  # a phone shows at least two columns
        chosen = columns[:3]
    key = [c in chosen for c in columns]
    last = chosen[-1] if len(chosen) > 3 else None  # the first key column a very narrow phone drops

    def attrs(c, is_key):
        classes = (
            ("col-key" if is_key else "col-more")
            + (" nowrap" if c in NOWRAP_COLUMNS else "")
            + (" col-key-last" if c == last else "")
        )
        return f' class="{classes}" data-label="{attr(labels.column(c))}"'

    head = "".join(
        f'<th scope="col"{attrs(c, k)}>{text(labels.column(c))}</th>' for c, k in zip(columns, key, strict=False)
    )
    id_column = next((c for c in ROW_ID_COLUMNS if c in frame.columns), None)
    rows = []
    for _, row in frame.iterrows():
        anchor = f' id="{attr(row_anchor(str(row[id_column])))}"' if id_column and pd.notna(row[id_column]) else ""
        cells = "".join(f"<td{attrs(c, k)}>{_cell(row[c], c)}</td>" for c, k in zip(columns, key, strict=False))
        rows.append(f"<tr{anchor}>{cells}</tr>")
    cap = f"<caption>{text(caption)}</caption>" if caption else ""
    label = attr(caption or "Table")
    # The wrapper may scroll, so it must be reachable by keyboard (tabindex) and named (role, aria-label).
    return (
        f'<div class="table-wrapper" tabindex="0" role="region" aria-label="{label}">'
        f'<table class="evidence-table sortable">{cap}'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def table(frame: pd.DataFrame, columns: list[str] | None = None, caption: str = "", summary: str = "") -> Html:
    """An accessible, sortable, filterable HTML table of evidence rows, in plain words.

    Headers and coded values show their labels (evidence.labels); every row has an anchor
    (id="row-dep-013"); on a phone only the key columns show and each row opens in full.
    With ``summary``, the table sits closed behind a <details> disclosure that names it ("{count}" in it
    becomes the number of rows).
    """
    markup = table_html(frame, columns, caption)
    if summary:
        markup = f"<details><summary>{text(summary.replace('{count}', str(len(frame))))}</summary>{markup}</details>"
    return Html(markup)
