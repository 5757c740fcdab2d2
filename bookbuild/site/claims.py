"""Every claim id in the book's text links to its verdict: "C12" becomes a link to the claim's anchor on the page
that tests it (troops.html#claim-C12), in prose, tables and lists alike, so a reader reaches any verdict in one
tap. Ids in code, scripts, links and a claim's own heading stay as they are."""

from __future__ import annotations

import functools
import re

from bookbuild.site.text import inside, visit_text

CLAIM_ID = re.compile(r"\b(C\d{2,3})\b")
_NOT_LINKED = {"a", "code", "pre", "script", "style", "svg", "summary", "h1", "h2", "h3", "title", "button"}


@functools.cache
def claim_pages() -> dict[str, str]:
    """claim_id -> the page that holds its verdict ("book/troops")."""
    from evidence.data import load

    claims = load("claims")
    return {str(c): f"book/{p}" for c, p in zip(claims["claim_id"], claims["chapter"], strict=True)}


def link_claim_ids(body: str, pagename: str) -> str:
    pages = claim_pages()

    def visit(text: str, stack) -> str:
        if inside(stack, _NOT_LINKED):
            return text
        own = {m for element in stack for m in re.findall(r'id="claim-(C\d+)"', element.tag)}

        def link(match):
            claim_id = match.group(1)
            if claim_id not in pages or claim_id in own:
                return match.group(0)
            target = "" if pages[claim_id] == pagename else f"{pages[claim_id].split('/')[-1]}.html"
            return f'<a class="claim-link" href="{target}#claim-{claim_id}">{claim_id}</a>'

        return CLAIM_ID.sub(link, text)

    return visit_text(body, visit)


LEDGER_PAGE = "book/verdicts"
LEDGER_ANCHOR = "the-ledger"


def link_ledger(body: str, pagename: str) -> str:
    """The first mention of the claims ledger in a page's prose links to the ledger itself."""
    if pagename == LEDGER_PAGE:
        return body
    done = False

    def visit(text: str, stack) -> str:
        nonlocal done
        if done or inside(stack, _NOT_LINKED | {"h4", "h5", "h6"}) or "claims ledger" not in text:
            return text
        done = True
        href = f"{LEDGER_PAGE.split('/')[-1]}.html#{LEDGER_ANCHOR}"
        return text.replace("claims ledger", f'<a class="ledger-link" href="{href}">claims ledger</a>', 1)

    return visit_text(body, visit)
