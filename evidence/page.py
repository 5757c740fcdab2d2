"""Pieces every chapter page shares: the claims, the verdicts, the sources and the bibliography.

Each function returns HTML built through ``evidence.markup`` (every string from data/ escaped), so a
chapter's code cells stay one line long and every chapter looks the same. Nothing here returns
Markdown: data never reaches MyST's parser. Evidence tables are in ``evidence.tables``.
"""

from __future__ import annotations

import pandas as pd

from evidence import article, labels
from evidence.data import TABLES_READ, load, resource, sources_for
from evidence.ledger import cited_rows, cited_statements, first_sentence  # noqa: F401  (chapters call page.cited_rows)
from evidence.markup import Html, attr, link, text
from evidence.scales import JUDGEMENT_LABEL, colour
from evidence.tables import FIGURE_COLUMNS, STATEMENT_COLUMNS, id_list, table  # noqa: F401  (chapters call page.table)


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


def statements_table(chapter: str) -> Html:
    """The statements this chapter's claims cite, as a closed table (their pages: ``page.cited_statements``)."""
    return table(
        cited_statements(chapter),
        STATEMENT_COLUMNS,
        caption="Statements cited by this chapter's claims (an empty date: the page shows none)",
        summary="Show the {count} statements this chapter's claims cite",
    )


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


def _verdict_item(row, date_given: bool = False) -> str:
    """One claim's verdict as the ledger gives it: a badge and the finding's first sentence in view, then,
    behind "Why this verdict", the rest of the finding, why not the next verdict, and the deciding rows.
    A judgement keeps its case for and against in view: that case is what the book gives instead of a grade."""
    esc = text
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
            f"<em>For:</em> {esc(row.case_for)} ({id_list(row.for_ids)}). "
            f"<em>Against:</em> {esc(row.case_against)} ({id_list(row.against_ids)}).{more(esc(rest) + why_not)}{cite}</li>"
        )
    as_of = f" (judged as of {row.judged_as_of:%d %B %Y})" if row.kind == "prediction" and not date_given else ""
    return (
        f"{head}{verdict_badge(row.verdict)}{as_of}.</strong> {esc(headline)}"
        f"{more(f'{esc(rest)}{why_not} <em>Deciding rows:</em> {id_list(row.evidence_ids)}.')}{cite}</li>"
    )


def verdict_badge(verdict: str) -> str:
    """Dark text on white with a thick border in the verdict's colour (readable, and not colour alone)."""
    return f'<span class="verdict" style="border-color:{colour(verdict)}">{text(verdict)}</span>'


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


def sources(*frames: pd.DataFrame, tables: list[str] | None = None, summary: str = "") -> Html:
    """The pages behind the chapter and downloads of its data: by default, of every table this notebook
    read through ``evidence.data.load`` (so the list cannot drift from what the chapter used).

    With ``summary``, the list of pages sits closed behind a <details> disclosure that names it
    (for a chapter whose charts draw on many pages); the downloads stay in view.
    """
    cited = pd.concat([sources_for(frame) for frame in frames]).drop_duplicates("source_id")
    pages = f'<ul class="source-list">{"".join(source_item(src) for src in cited.itertuples())}</ul>'
    if summary:
        pages = f"<details><summary>{text(summary.format(count=len(cited)))}</summary>{pages}</details>"
    downloads = ", ".join(data_link(name) for name in (tables or list(TABLES_READ)))
    return Html(
        f"{pages}<p><strong>Data used here:</strong> {downloads}, described in the "
        '<a href="data-catalog.html">data catalog</a>.</p>'
    )


def data_link(name: str) -> str:
    """A link to a table's CSV as the site publishes it (the build copies data/ to the site's data/)."""
    path = resource(name)["path"]
    return f'<a class="data-download" href="../data/{attr(path)}" download><code>{text(path)}</code></a>'


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


def glue(**values) -> None:
    """Name values computed from the rows, for the chapter's prose: ``{glue:text}`name``` (or
    ``{glue:text}`name:,.0f```) shows one as text (never as Markdown). Nothing is displayed here."""
    from myst_nb import glue as myst_glue

    for name, value in values.items():
        myst_glue(name, value.item() if hasattr(value, "item") else value, display=False)
