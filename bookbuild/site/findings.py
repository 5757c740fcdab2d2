"""Under a chapter's title: links that jump to its verdicts and its first chart, then key findings (up to
five, the article's errors first) and a reading time."""

from __future__ import annotations

import functools
import math
import re

import pandas as pd

from bookbuild.site.figures import first_figure
from evidence.markup import text

WORDS_PER_MINUTE = 200  # a careful reader of an argument with tables
MAX_FINDINGS = 5
# The claims the article gets wrong come first, then the partly right, the weighed, the open, and last
# those it gets right; within a rank, ledger order.
FINDING_ORDER = {
    "corrected": 0,
    "unsupported": 0,
    "not borne out": 0,
    "partly supported": 1,
    "partly borne out": 1,
    "weighed, not graded": 2,
    "unverified": 3,
    "too early": 3,
    "supported": 4,
    "borne out": 4,
}


@functools.cache
def _claims():
    from evidence.data import load

    return load("claims")


def key_findings(claim_ids: list[str], words: int) -> str:
    from evidence.ledger import first_sentence
    from evidence.page import claim_anchor, verdict_badge
    from evidence.scales import JUDGEMENT_LABEL

    claims = _claims().set_index("claim_id").loc[claim_ids].reset_index()
    ranked = []
    for position, row in enumerate(claims.itertuples()):
        verdict = JUDGEMENT_LABEL if row.kind == "judgement" else str(row.verdict)
        ranked.append((FINDING_ORDER.get(verdict, 3), position, row, verdict))
    items = []
    for _, _, row, verdict in sorted(ranked, key=lambda t: t[:2])[:MAX_FINDINGS]:
        dated = row.kind == "prediction" and pd.notna(row.judged_as_of)
        as_of = f" as of {row.judged_as_of:%d %B %Y}" if dated else ""
        items.append(
            f"<li>{verdict_badge(verdict)}{text(as_of)} {text(first_sentence(row.finding))} "
            f'<a class="finding-link" href="#{claim_anchor(row.claim_id)}">Claim {text(row.claim_id)}</a></li>'
        )
    minutes = max(1, math.ceil(words / WORDS_PER_MINUTE))
    return (
        '<aside class="key-findings" aria-labelledby="key-findings-title">'
        '<h2 id="key-findings-title">Key findings</h2>'
        f"<ul>{''.join(items)}</ul>"
        f'<p class="reading-time">About {minutes} minute{"s" if minutes != 1 else ""} to read '
        f"({words:,} words). The evidence, charts and verdicts follow.</p></aside>"
    )


SECTION = re.compile(r'<section id="([^"]+)"')
# Where a page keeps its verdicts: a chapter's list of verdicts, else (on the ledger's page) its rows of claims.
VERDICT_MARKERS = [re.compile(r'class="verdict-list"'), re.compile(r'<tr id="row-C\d+"')]


def verdicts_section(body: str) -> str | None:
    """The id of the section that holds the page's verdicts, or None on a page without verdicts."""
    for marker in VERDICT_MARKERS:
        found = marker.search(body)
        if found:
            sections = SECTION.findall(body, 0, found.start())
            return sections[-1] if sections else None
    return None


def jump_links(body: str) -> str:
    """Under the title, "Jump to: Verdicts · First chart (Figure 1.1)": a reader on a phone reaches the
    answer, or the first chart, in one tap instead of screens of scrolling. Only the links the page has."""
    links = []
    section = verdicts_section(body)
    if section:
        links.append(f'<a href="#{section}">Verdicts</a>')
    figure = first_figure(body)
    if figure:
        number, anchor = figure
        links.append(f'<a href="#{anchor}">First chart (Figure {number})</a>')
    if not links:
        return ""
    return f'<nav class="jump-links" aria-label="Jump to">Jump to: {" · ".join(links)}</nav>'


def under_title(body: str, opening: str) -> str:
    """The page with ``opening`` placed right after its title."""
    end = body.find("</h1>")
    if end < 0 or not opening:
        return body
    end += len("</h1>")
    return body[:end] + opening + body[end:]
