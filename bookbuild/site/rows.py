"""Rows on a page: each row anchored once, each id written as code linked to its row, and "Rows behind these
verdicts" listing every cited row the page does not show elsewhere, so every cited id resolves on the page.

A page that shows rows depends on the tables they live in: ``note_data_dependencies`` tells Sphinx so while
it reads the page, and Sphinx rewrites the page whenever one of those files changes.
"""

from __future__ import annotations

import html
import re

from docutils import nodes

from evidence.paths import DATA_DIR

ROW_ANCHOR = re.compile(r'id="row-([^"]+)"')
CLAIM_ANCHOR = re.compile(r'<li id="claim-(C\d+)"')
CODE_ID = re.compile(
    r'<code class="docutils literal notranslate"><span class="pre">([^<]+)</span></code>'
    r'|<code class="row-ref">([^<]+)</code>'
)


def dedupe_row_anchors(body: str) -> str:
    """A row shown twice on a page keeps its anchor on the first showing only."""
    seen = set()

    def once(match):
        if match.group(1) in seen:
            return ""
        seen.add(match.group(1))
        return match.group(0)

    return ROW_ANCHOR.sub(once, body)


def named_ids(body: str) -> list[str]:
    """Row ids the page writes as code, in order."""
    return [html.unescape(a or b) for a, b in CODE_ID.findall(body)]


def link_row_ids(body: str) -> str:
    """An id written as code becomes a small link to its row, where the row is on the page."""
    anchored = set(ROW_ANCHOR.findall(body))

    def link(match):
        row_id = html.unescape(match.group(1) or match.group(2))
        if row_id not in anchored:
            return match.group(0)
        href = html.escape("#row-" + row_id, quote=True)
        return f'<a class="row-link" href="{href}">{match.group(0)}</a>'

    return CODE_ID.sub(link, body)


def wanted_rows(body: str, claim_ids: list[str]) -> list[str]:
    """The ids the page's verdicts cite, then any other row id its text names as code."""
    from evidence.ledger import cited_ids, row_index

    return list(dict.fromkeys(cited_ids(claim_ids=claim_ids) + [i for i in named_ids(body) if i in row_index()]))


def add_rows_behind(body: str, claim_ids: list[str]) -> str:
    from evidence.ledger import rows_behind
    from evidence.tables import table_html

    anchored = set(ROW_ANCHOR.findall(body))
    frame = rows_behind([i for i in wanted_rows(body, claim_ids) if i not in anchored])
    if frame.empty:
        return body
    block = (
        '<details class="rows-behind" id="rows-behind-these-verdicts">'
        f"<summary>Rows behind these verdicts ({len(frame)} not shown above)</summary>"
        + table_html(
            frame,
            ["id", "date", "reported_by", "figure", "measure", "table", "evidence", "source_id"],
            caption="Rows the verdicts on this page cite, from every table of the book",
        )
        + "</details>"
    )
    marker = body.find('<section id="sources">')
    return body[:marker] + block + body[marker:] if marker >= 0 else body + block


def page_tables(body: str) -> set[str]:
    """The data tables whose rows a page shows once written: the ledger, the sources, and every table of a
    row its verdicts cite or its text names."""
    from evidence.ledger import tables_of

    claim_ids = list(dict.fromkeys(CLAIM_ANCHOR.findall(body)))
    if not claim_ids and not named_ids(body):
        return set()
    return {"claims", "sources"} | tables_of(wanted_rows(body, claim_ids) if claim_ids else named_ids(body))


def note_data_dependencies(app, doctree) -> None:
    """While Sphinx reads a page: it depends on the CSV of every table whose rows the page will show."""
    from evidence.data import table_path

    body = "".join(node.astext() for node in doctree.findall(nodes.raw) if "html" in node.get("format", ""))
    body += "".join(f'<code class="row-ref">{n.astext()}</code>' for n in doctree.findall(nodes.literal))
    for table in sorted(page_tables(body)):
        app.env.note_dependency(str(table_path(table, DATA_DIR)))
