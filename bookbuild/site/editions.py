"""What each page says about editions and verdicts: a claim's verdict in every released version and why it
changed (from history.json), its ClaimReview (schema.org JSON-LD) for fact checkers, and, for the whole build,
history.json and versions.json at the site's root (read at run time by _assets/editions.js)."""

from __future__ import annotations

import functools
import html
import json
from pathlib import Path

from bookbuild import editions, history
from bookbuild.cite import Work, edition_url, site_url
from bookbuild.project import metadata
from evidence.markup import json_script
from evidence.paths import ROOT


@functools.cache
def _ledger() -> dict:
    from evidence.data import load

    return {row.claim_id: row for row in load("claims").itertuples()}


@functools.cache
def _released() -> dict:
    return history.load()


@functools.cache
def _unreleased_reasons() -> dict[str, str]:
    return history.changelog_reasons(history.UNRELEASED, (ROOT / "CHANGELOG.md").read_text(encoding="utf-8"))


def _verdict(row) -> str:
    from evidence.scales import JUDGEMENT_LABEL

    return JUDGEMENT_LABEL if row.kind == "judgement" else str(row.verdict)


@functools.cache
def this_build() -> dict:
    """history.json as this build sees it: the released editions, then this build's ledger as its own version
    (a release's own entry, as history.json has it). Between releases a build carries the last release's number
    (CITATION.cff) until `make release`, so its own entries describe the working tree under that number: such a
    build is never deployed (the deploy publishes frozen editions only), and the tests use it as the newest."""
    released, version = _released(), metadata()["version"]
    claims = {}
    for claim_id, row in _ledger().items():
        tracked = released["claims"].get(claim_id, [])
        past = [e for e in tracked if e["version"] != version]
        entry = {"version": version, "kind": str(row.kind), "verdict": _verdict(row), "chapter": str(row.chapter)}
        own = [e for e in tracked if e["version"] == version and e["verdict"] == entry["verdict"]]
        if own:
            entry = own[0]
        else:
            entry["change"] = "new" if not past else "same" if past[-1]["verdict"] == entry["verdict"] else "changed"
        claims[claim_id] = [*past, entry]
    listed = [e for e in released["editions"] if e["version"] != version]
    own_edition = [e for e in released["editions"] if e["version"] == version] or [
        {"version": version, "released": metadata()["date-released"], "tag": "", "commit": ""}
    ]
    return {"editions": listed + own_edition, "claims": claims}


def claim_history(claim_id: str) -> str:
    """A claim's verdict in each released version, oldest first, with the reason for each change, and this page's
    verdict where it is not yet released; closed by default, its summary says whether the verdict changed."""
    released = _released()["claims"].get(claim_id, [])
    row = _ledger()[claim_id]
    current, version = _verdict(row), metadata()["version"]
    items = []
    for e in released:
        where = html.escape(edition_url(e["version"]) + f"book/{e['chapter']}.html", quote=True)
        mine = " (this page)" if e is released[-1] and e["verdict"] == current and e["version"] == version else ""
        why = f" {html.escape(e['why'])}" if e.get("why") else ""
        items.append(
            f'<li><a href="{where}">Version {html.escape(e["version"])}</a>{mine}: '
            f"<strong>{html.escape(e['verdict'])}</strong>.{why}</li>"
        )
    changed = [e["version"] for e in released if e["change"] == "changed"]
    pending = not released or released[-1]["verdict"] != current
    if pending:  # work after the last release: its reason, if CHANGELOG.md already gives one
        why = _unreleased_reasons()
        reason = f" {html.escape(why[claim_id])}" if claim_id in why else ""
        items.append(f"<li>Not yet released (this page): <strong>{html.escape(current)}</strong>.{reason}</li>")
    if changed or (pending and released):
        when = [f"version {v}" for v in changed] + (["since the last release"] if pending and released else [])
        summary = f"Verdict history: changed in {', '.join(when)}"
    elif released:
        summary = f"Verdict history: unchanged since version {released[0]['version']}"
    else:
        summary = "Verdict history: new, not yet released"
    return (
        f'<details class="verdict-history"><summary>{html.escape(summary)}</summary>'
        f'<ol class="verdict-editions">{"".join(items)}</ol></details>'
    )


def claim_review(claim_id: str, title: str, pagename: str) -> str:
    """schema.org ClaimReview for a fact or a prediction (a judgement is weighed, not graded: none)."""
    from evidence import article
    from evidence.scales import RATINGS

    row = _ledger()[claim_id]
    scale = RATINGS.get(str(row.kind))
    if scale is None:
        return ""
    meta = metadata()
    team = {"@type": "Organization", "name": meta["author"], "url": site_url() + "/"}
    appearance = {
        "@type": "OpinionNewsArticle",
        "headline": article.TITLE,
        "publisher": {"@type": "Organization", "name": article.PUBLISHER},
        "datePublished": article.PUBLISHED_MONTH,
    }
    if article.AUTHOR:
        appearance["author"] = {"@type": "Person", "name": article.AUTHOR}
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": Work(title, pagename, claim_id).url,
        "claimReviewed": str(row.claim),
        "datePublished": meta["date-released"],
        "author": team,
        "publisher": team,
        "itemReviewed": {"@type": "Claim", "appearance": appearance, "datePublished": article.PUBLISHED_MONTH},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": scale.index(str(row.verdict)) + 1,
            "bestRating": len(scale),
            "worstRating": 1,
            "alternateName": str(row.verdict),
        },
    }
    return json_script(review, "claim-review", type_="application/ld+json")


def write_site_files(app, exception) -> None:
    """history.json (each claim's verdict in every version) and versions.json (what editions.js reads; in the
    deployed site the one at the root lists every edition) at the build's root."""
    if exception is not None or app.builder.name != "html":
        return
    out = Path(app.outdir)
    seen = this_build()
    (out / "history.json").write_text(history.dumps(seen), encoding="utf-8")
    mine = metadata()["version"]
    held = [(e["version"], editions.edition_pages(out) if e["version"] == mine else []) for e in seen["editions"]]
    index = editions.versions(held, seen)
    (out / "versions.json").write_text(json.dumps(index, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


DATA_PAGE = "book/data-catalog"


def data_package_note(pagename: str) -> str:
    """On the data catalog: this version's data package as one zip, and the stable addresses of the latest tables."""
    if pagename != DATA_PAGE:
        return ""
    from bookbuild.datazip import name

    version = metadata()["version"]
    stem = name(version)
    pinned = f"{edition_url()}data/deployment_estimates.csv"
    latest = f"{site_url()}/data/latest/deployment_estimates.csv"
    return (
        '<section id="data-package" class="data-package"><h2>The data package, to cite and load'
        '<a class="headerlink" href="#data-package" title="Link to this heading">#</a></h2>'
        f'<p>This version\'s data as one file: <a class="data-zip" href="../data/{stem}.zip" download>{stem}.zip</a> '
        "(every table, <code>datapackage.json</code>, a README that says how to cite this version and when each "
        f'source page was read, and <code>SHA256SUMS</code>), with <a href="../data/{stem}.zip.sha256">its checksum</a>. '
        f'It stays unchanged at <a href="{edition_url()}data/{stem}.zip">{html.escape(edition_url())}data/{stem}.zip</a>.</p>'
        "<p>Code that should follow the book reads the latest release's tables, whose addresses never change: "
        f'<code>pandas.read_csv("{html.escape(latest)}")</code>. Code that should keep what it read pins this '
        f"version: <code>{html.escape(pinned)}</code>.</p></section>"
    )
