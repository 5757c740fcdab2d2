"""Pieces every chapter page shares: the claims, the evidence table, the verdicts, the sources.

Each function returns something Jupyter displays (Markdown or HTML), so a
chapter's code cells stay one line long and every chapter looks the same.
"""

from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML, Markdown

from evidence import article
from evidence.scales import JUDGEMENT_LABEL, colour
from evidence.data import load, resource, sources_for, tables

# Columns shown for each kind of table in "The evidence".
_DEFAULT_COLUMNS = ["id", "reported_on", "reported_by", "low", "high", "claim_type", "evidence"]


def claims(chapter: str) -> Markdown:
    """The article's claims this chapter tests, in our words, with paragraph links."""
    rows = load("claims").query("chapter == @chapter")
    if rows.empty:
        raise ValueError(f"the claims ledger names no claim for chapter {chapter!r}")
    lines = [
        f"- **{row.claim_id}** ({article.paragraph_link(row.paragraph)}): {row.claim}"
        for row in rows.itertuples()
    ]
    return Markdown("\n".join(lines))


def ledger_coverage() -> Markdown:
    """One sentence on what the ledger covers, counted from the ledger itself."""
    claims = load("claims")
    kinds = claims["kind"].astype(str).value_counts()
    paragraphs = claims["paragraph"].nunique()
    return Markdown(
        f"The ledger holds **{len(claims)} claims** from {paragraphs} of the article's {article.PARAGRAPHS} paragraphs: "
        f"{kinds.get('fact', 0)} facts, {kinds.get('prediction', 0)} predictions and {kinds.get('judgement', 0)} judgements."
    )


def verdicts(chapter: str) -> Markdown:
    """The ledger's verdict on each claim of this chapter, with the rows that decide it."""
    rows = load("claims").query("chapter == @chapter")
    return Markdown("\n".join(_verdict_line(row) for row in rows.itertuples()))


def _ids(value) -> str:
    return ", ".join(f"`{i}`" for i in ("" if pd.isna(value) else str(value)).split()) or "none"


def _verdict_line(row) -> str:
    """One claim's verdict as the ledger gives it: a badge, the finding, why not the next verdict, the rows."""
    why_not = f" *Why not another verdict:* {row.why_not}" if pd.notna(row.why_not) else ""
    if row.kind == "judgement":
        return (f"- **{row.claim_id} — {verdict_badge(JUDGEMENT_LABEL)}.** {row.finding} "
                f"*For:* {row.case_for} ({_ids(row.for_ids)}). *Against:* {row.case_against} ({_ids(row.against_ids)})."
                f"{why_not}")
    as_of = f" (judged as of {row.judged_as_of:%d %B %Y})" if row.kind == "prediction" else ""
    return (f"- **{row.claim_id} — {verdict_badge(row.verdict)}{as_of}.** {row.finding}{why_not} "
            f"*Deciding rows:* {_ids(row.evidence_ids)}.")


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


def _cell(value) -> str:
    if pd.isna(value):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    return html.escape(str(value))


def table(frame: pd.DataFrame, columns: list[str] | None = None, caption: str = "", summary: str = "") -> HTML:
    """An accessible, sortable HTML table of evidence rows (a caption, header cells with scope).

    With ``summary``, the table sits closed behind a <details> disclosure that names it.
    """
    columns = columns or [c for c in _DEFAULT_COLUMNS if c in frame.columns]
    head = "".join(f'<th scope="col">{html.escape(c)}</th>' for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_cell(row[c])}</td>" for c in columns) + "</tr>" for _, row in frame.iterrows()
    )
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    label = html.escape(caption or "Table", quote=True)
    # The wrapper scrolls, so it must be reachable by keyboard (tabindex) and named (role, aria-label).
    wrapped = (
        f'<div class="table-wrapper" tabindex="0" role="region" aria-label="{label}">'
        f'<table class="evidence-table sortable">{cap}'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )
    if summary:
        wrapped = f"<details><summary>{html.escape(summary)}</summary>{wrapped}</details>"
    return HTML(wrapped)


def sources(*frames: pd.DataFrame, tables: list[str], summary: str = "") -> Markdown:
    """The pages behind the chapter (each a bibliography citation) and downloads of its data.

    With ``summary``, the list of pages sits closed behind a <details> disclosure that names it
    (for a chapter whose charts draw on many pages); the downloads stay in view.
    """
    cited = pd.concat([sources_for(frame) for frame in frames]).drop_duplicates("source_id")
    lines = [f"<details><summary>{html.escape(summary.format(count=len(cited)))}</summary>", ""] if summary else []
    for src in cited.itertuples():
        when = src.published.strftime("%Y-%m-%d") if pd.notna(src.published) else "undated"
        lines.append(
            f"- {{cite:t}}`{src.source_id}`: [{src.title.strip('[]')}]({src.url}), "
            f"{src.publisher}, {when}; {src.source_type}; read {src.accessed:%Y-%m-%d}."
        )
    downloads = ", ".join(f"{{download}}`{resource(t)['path']} <../data/{resource(t)['path']}>`" for t in tables)
    if summary:
        lines += ["", "</details>"]
    lines.append("")
    lines.append(f"**Data used here:** {downloads}, described in the [data catalog](data-catalog.ipynb).")
    return Markdown("\n".join(lines))
