"""Citations on the page: "cite this claim" beside each verdict, "Cite this chapter" at the end of each
chapter, and the meta tags reference managers read (all from bookbuild.cite)."""

from __future__ import annotations

import html
import re
from pathlib import Path

from bookbuild.project import chapter_numbers

_SLOT = re.compile(r'<span class="cite-claim-slot" data-claim="(C\d+)"></span>')


def page_title(context) -> str:
    return html.unescape(context.get("title", ""))


def fill_claim_blocks(body: str, title: str, pagename: str) -> str:
    from bookbuild.cite import claim_block

    return _SLOT.sub(lambda m: claim_block(m.group(1), title, pagename), body)


def add_chapter_citation(app, pagename: str, context) -> None:
    """A chapter page ends with its citation and carries the citation meta tags; its RIS file is written."""
    from bookbuild.cite import html_block, meta_tags, ris

    title = page_title(context)
    stem = pagename.split("/")[-1]
    folder = Path(app.outdir) / "cite"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"nkgambit-{stem}.ris").write_text(ris(title, pagename), encoding="utf-8")
    ris_href = "../" * pagename.count("/") + f"cite/nkgambit-{stem}.ris"
    context["body"] = context.get("body", "") + html_block(title, pagename, ris_href)
    context["metatags"] = context.get("metatags", "") + meta_tags(title, pagename, chapter_numbers().get(pagename))
