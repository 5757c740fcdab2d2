"""Pieces every chapter page shares: the claims, the evidence table, the verdicts, the sources.

Each function returns HTML built through ``evidence.markup`` (every string from data/ escaped), so a
chapter's code cells stay one line long and every chapter looks the same. Nothing here returns
Markdown: data never reaches MyST's parser.
"""

from __future__ import annotations

import html
import re

import pandas as pd

from evidence import article, labels
from evidence.data import load, resource, sources_for, tables
from evidence.markup import Html, attr, link, text
from evidence.scales import JUDGEMENT_LABEL, colour

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


def claim_anchor(claim_id: str) -> str:
    """The stable anchor of a claim's verdict: id="claim-C03"."""
    return f"claim-{claim_id}"


def claims(chapter: str, summary: str = "") -> Html:
    """The article's claims this chapter tests, in our words, with paragraph links.

    With ``summary``, the list sits closed behind a <details> disclosure that names it (for a chapter
    that tests many claims and restates each in its reading).
    """
    rows = load("claims").query("chapter == @chapter")
    if rows.empty:
        raise ValueError(f"the claims ledger names no claim for chapter {chapter!r}")
    items = "".join(
        f'<li><span id="{claim_anchor(row.claim_id)}-text"></span><strong>{text(row.claim_id)}</strong> '
        f"({article.paragraph_link(row.paragraph)}): {text(row.claim)} "
        f'<a class="to-verdict" href="#{claim_anchor(row.claim_id)}">Verdict on {text(row.claim_id)}</a></li>'
        for row in rows.itertuples()
    )
    markup = f'<ul class="claim-list">{items}</ul>'
    if summary:
        markup = f"<details><summary>{text(summary.format(count=len(rows)))}</summary>{markup}</details>"
    return Html(markup)


def ledger_coverage() -> Html:
    """One sentence on what the ledger covers, counted from the ledger itself."""
    claims = load("claims")
    kinds = claims["kind"].astype(str).value_counts()
    paragraphs = claims["paragraph"].nunique()
    return Html(
        f"<p>The ledger holds <strong>{len(claims)} claims</strong> from {paragraphs} of the article's "
        f"{article.PARAGRAPHS} paragraphs: {kinds.get('fact', 0)} facts, {kinds.get('prediction', 0)} predictions "
        f"and {kinds.get('judgement', 0)} judgements.</p>"
    )


def verdicts(chapter: str) -> Html:
    """The ledger's verdict on each claim of this chapter, with the rows that decide it.

    Each claim's item carries its stable anchor (id="claim-C03"); the book's Sphinx extension fills
    the empty "cite this claim" slot with the claim's citation for the page it is on.
    """
    rows = load("claims").query("chapter == @chapter")
    dates = rows.loc[rows["kind"] == "prediction", "judged_as_of"]
    # When every prediction of the chapter is judged as of one date, the date is said once, above the list.
    once = dates.iloc[0] if len(dates) > 1 and dates.nunique() == 1 and dates.notna().all() else None
    items = "".join(_verdict_item(row, date_given=once is not None) for row in rows.itertuples())
    intro = f'<p class="verdict-date">Predictions judged as of {once:%d %B %Y}.</p>' if once is not None else ""
    return Html(f'{intro}<ul class="verdict-list">{items}</ul>')


def _ids(value) -> str:
    ids = ("" if pd.isna(value) else str(value)).split()
    return ", ".join(f'<code class="row-ref">{html.escape(i)}</code>' for i in ids) or "none"


def first_sentence(text: str) -> str:
    """The first sentence of a finding: what Key findings and a verdict show before "Why this verdict"."""
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z“\"(])", str(text).strip(), maxsplit=1)
    return parts[0]


def _verdict_item(row, date_given: bool = False) -> str:
    """One claim's verdict as the ledger gives it: a badge and the finding's first sentence in view, then,
    behind "Why this verdict", the rest of the finding, why not the next verdict, and the deciding rows.
    A judgement keeps its case for and against in view: that case is what the book gives instead of a grade."""
    esc = html.escape
    why_not = f" <em>Why not another verdict:</em> {esc(row.why_not)}" if pd.notna(row.why_not) else ""
    cite = f'<span class="cite-claim-slot" data-claim="{esc(row.claim_id)}"></span>'
    head = f'<li id="{claim_anchor(row.claim_id)}" class="verdict-item"><strong>{esc(row.claim_id)} — '
    headline = first_sentence(row.finding)
    rest = str(row.finding).strip()[len(headline) :].strip()

    def more(body: str) -> str:
        return f'<details class="verdict-more"><summary>Why this verdict</summary>{body}</details>'

    if row.kind == "judgement":
        return (
            f"{head}{verdict_badge(JUDGEMENT_LABEL)}.</strong> {esc(headline)} "
            f"<em>For:</em> {esc(row.case_for)} ({_ids(row.for_ids)}). "
            f"<em>Against:</em> {esc(row.case_against)} ({_ids(row.against_ids)}).{more(esc(rest) + why_not)}{cite}</li>"
        )
    as_of = f" (judged as of {row.judged_as_of:%d %B %Y})" if row.kind == "prediction" and not date_given else ""
    return (
        f"{head}{verdict_badge(row.verdict)}{as_of}.</strong> {esc(headline)}"
        f"{more(f'{esc(rest)}{why_not} <em>Deciding rows:</em> {_ids(row.evidence_ids)}.')}{cite}</li>"
    )


_CITING_COLUMNS = ("evidence_ids", "for_ids", "against_ids")


def cited_ids(chapter: str | None = None) -> set[str]:
    """Every row id the claims cite (all claims, or one chapter's): evidence, and a judgement's case for and against."""
    claims = load("claims")
    if chapter is not None:
        claims = claims[claims["chapter"] == chapter]
    return set(" ".join(claims[c].fillna("").str.cat(sep=" ") for c in _CITING_COLUMNS).split())


def row_ids(frame: pd.DataFrame) -> pd.Series:
    """Each row's id as claims cite it: the id column, or resolution:ISO3 for a vote, the symbol for a resolution."""
    if "id" in frame:
        return frame["id"].astype("string")
    if "iso3" in frame:
        return frame["resolution"].astype("string") + ":" + frame["iso3"].astype("string")
    return frame["resolution"].astype("string")


def cited_rows(chapter: str | None = None) -> list[pd.DataFrame]:
    """The rows of every sourced table that the claims cite, one frame per table (for page.sources)."""
    ids, frames = cited_ids(chapter), []
    for name in tables():
        frame = load(name)
        if name not in ("sources", "claims") and "source_id" in frame:
            frames.append(frame[row_ids(frame).isin(ids).fillna(False).to_numpy()])
    return [f for f in frames if not f.empty]


def cited_statements(chapter: str) -> pd.DataFrame:
    """The rows of the statements table that this chapter's claims name as evidence."""
    statements = load("statements")
    return statements[statements["id"].isin(cited_ids(chapter))]


def verdict_badge(verdict: str) -> str:
    """Dark text on white with a thick border in the verdict's colour (readable, and not colour alone)."""
    return f'<span class="verdict" style="border-color:{colour(verdict)}">{html.escape(verdict)}</span>'


def _cell(value, column: str = "") -> str:
    if pd.isna(value):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    if column in ID_LIST_COLUMNS:
        return _ids(value)
    return html.escape(labels.value(column, value))


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
        return f' class="{classes}" data-label="{html.escape(labels.column(c), quote=True)}"'

    head = "".join(
        f'<th scope="col"{attrs(c, k)}>{html.escape(labels.column(c))}</th>' for c, k in zip(columns, key, strict=False)
    )
    id_column = next((c for c in ROW_ID_COLUMNS if c in frame.columns), None)
    rows = []
    for _, row in frame.iterrows():
        anchor = (
            f' id="{html.escape(row_anchor(str(row[id_column])), quote=True)}"'
            if id_column and pd.notna(row[id_column])
            else ""
        )
        cells = "".join(f"<td{attrs(c, k)}>{_cell(row[c], c)}</td>" for c, k in zip(columns, key, strict=False))
        rows.append(f"<tr{anchor}>{cells}</tr>")
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    label = html.escape(caption or "Table", quote=True)
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
    With ``summary``, the table sits closed behind a <details> disclosure that names it.
    """
    markup = table_html(frame, columns, caption)
    if summary:
        markup = f"<details><summary>{text(summary)}</summary>{markup}</details>"
    return Html(markup)


def source_item(src) -> str:
    """One page behind the chapter: its title linked to the address we read, publisher, dates and kind."""
    when = src.published.strftime("%Y-%m-%d") if pd.notna(src.published) else "undated"
    original = (
        f" Original: {text(src.original_publisher)}"
        + (f" ({link(src.original_url, 'address')})" if pd.notna(src.original_url) else "")
        + "."
        if pd.notna(src.original_publisher)
        else ""
    )
    return (
        f'<li id="source-{attr(src.source_id)}">'
        f'<a class="source-entry" href="bibliography.html#source-{attr(src.source_id)}">'
        f"<code>{text(src.source_id)}</code></a>: "
        f"{link(src.url, str(src.title).strip('[]'))}, {text(src.publisher)}, {when}; "
        f"{text(labels.value('source_type', src.source_type).lower())}; read {src.accessed:%Y-%m-%d}.{original}</li>"
    )


def sources(*frames: pd.DataFrame, tables: list[str], summary: str = "") -> Html:
    """The pages behind the chapter and downloads of its data.

    With ``summary``, the list of pages sits closed behind a <details> disclosure that names it
    (for a chapter whose charts draw on many pages); the downloads stay in view.
    """
    cited = pd.concat([sources_for(frame) for frame in frames]).drop_duplicates("source_id")
    pages = f'<ul class="source-list">{"".join(source_item(src) for src in cited.itertuples())}</ul>'
    if summary:
        pages = f"<details><summary>{text(summary.format(count=len(cited)))}</summary>{pages}</details>"
    downloads = ", ".join(data_link(t) for t in tables)
    return Html(
        f"{pages}<p><strong>Data used here:</strong> {downloads}, described in the "
        '<a href="data-catalog.html">data catalog</a>.</p>'
    )


def data_link(table: str) -> str:
    """A link to a table's CSV as the site publishes it (the build copies data/ to the site's data/)."""
    path = resource(table)["path"]
    return f'<a class="data-download" href="../data/{html.escape(path, quote=True)}" download><code>{text(path)}</code></a>'


def bibliography() -> Html:
    """Every page the book's data come from (data/sources.csv), by publisher and date, each with its anchor."""
    every = load("sources").sort_values(
        ["publisher", "published", "source_id"], key=lambda c: c.astype(str).str.lower()
    )
    return Html(
        f"<p>{len(every)} pages. All of them as BibTeX: "
        '<a href="../data/references.bib" download><code>references.bib</code></a>.</p>'
        f'<ul class="source-list bibliography">{"".join(source_item(src) for src in every.itertuples())}</ul>'
    )
