"""Frozen editions: two editions (0.1.0 and the current build) assembled into one site, as the Pages deploy does.

0.1.0 is never rebuilt here: it comes from the `editions` branch, where `make release` froze it with its
SHA256SUMS (a copy takes about a second). A clone without that branch builds it once from its tag into a
cache outside the work tree, keyed by the release commit, and every later run reuses it.

Checked: the manifest (the older edition is byte for byte what was frozen, after the newer one is added and the
site assembled), the switcher on pages of both editions, the notice on the older edition and the "newer
verdict" note on a claim whose verdict changed, live citations with an accessed date and frozen ones without,
ClaimReview on every graded verdict, the data zip's checksums and the stable addresses of the latest tables.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from bookbuild import datazip, editions, history
from bookbuild.project import metadata
from evidence.data import load
from evidence.paths import ROOT
from evidence.scales import RATINGS

OLD = "0.1.0"
CHANGED = "C03"  # partly supported in 0.1.0, supported since 0.2.0 (CHANGELOG.md)
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "nk-gambit-book" / "editions"


def older_editions(store: Path) -> None:
    """The released editions older than this build, into ``store``: from the branch, else built once and cached."""
    if not editions.checkout(store):
        cached = CACHE / editions.commit_of(OLD)
        if not (cached / "v" / OLD / editions.SUMS).exists():
            editions.build(OLD, cached, datazip.write)
        shutil.copytree(cached / "v" / OLD, store / "v" / OLD)
    current = editions.version_key(metadata()["version"])
    for version in editions.editions_in(store):
        if editions.version_key(version) >= current:
            shutil.rmtree(store / "v" / version)  # the current build stands for its own version


@pytest.fixture(scope="module")
def two_editions(site, tmp_path_factory):
    """{"store", "site", "frozen": SHA256SUMS of 0.1.0 as frozen, "index": versions.json}."""
    store = tmp_path_factory.mktemp("store")
    older_editions(store)
    frozen = (store / "v" / OLD / editions.SUMS).read_bytes()
    editions.freeze(site, store, metadata()["version"])  # the newer edition is added...
    out = tmp_path_factory.mktemp("site") / "site"
    index = editions.assemble(store, out)  # ...and the site assembled
    return {"store": store, "site": out, "frozen": frozen, "index": index}


# --- the manifest and the store --------------------------------------------------------------------------


def test_the_older_edition_is_unchanged_after_a_newer_one_is_added(two_editions):
    site = two_editions["site"]
    assert (site / "v" / OLD / editions.SUMS).read_bytes() == two_editions["frozen"]
    assert editions.verify(site / "v" / OLD) == [], "0.1.0 differs from its manifest"
    assert len(two_editions["frozen"].splitlines()) > 100


def test_the_manifest_catches_a_changed_added_or_missing_file(tmp_path):
    (tmp_path / "site" / "book").mkdir(parents=True)
    (tmp_path / "site" / "book" / "a.html").write_text("a")
    (tmp_path / "site" / "b.css").write_text("b")
    edition = editions.freeze(tmp_path / "site", tmp_path / "store", "9.9.9")
    assert editions.verify(edition) == []
    (edition / "book" / "a.html").write_text("changed")
    (edition / "b.css").unlink()
    (edition / "new.js").write_text("")
    assert editions.verify(edition) == ["missing: b.css", "changed: book/a.html", "added: new.js"]
    with pytest.raises(FileExistsError):
        editions.freeze(tmp_path / "site", tmp_path / "store", "9.9.9")


def test_a_release_adds_its_edition_and_never_changes_another(tmp_path, monkeypatch):
    """add() commits the store to a branch only if every edition already there is byte for byte as frozen."""
    for who in ("AUTHOR", "COMMITTER"):  # a CI container may have no git identity
        monkeypatch.setenv(f"GIT_{who}_NAME", "editions test")
        monkeypatch.setenv(f"GIT_{who}_EMAIL", "editions-test@example.invalid")
    branch = f"test-editions-{os.getpid()}"
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("one")
    store = tmp_path / "store"
    try:
        editions.freeze(site, store, "1.0.0")
        editions.add(store, "1.0.0", branch)
        (site / "index.html").write_text("two")
        editions.freeze(site, store, "1.1.0")
        editions.add(store, "1.1.0", branch)
        assert (
            subprocess.run(
                ["git", "show", f"{branch}:v/1.0.0/index.html"], cwd=ROOT, capture_output=True, text=True
            ).stdout
            == "one"
        )
        (store / "v" / "1.0.0" / "index.html").write_text("rebuilt")
        with pytest.raises(ValueError, match="frozen editions never change"):
            editions.add(store, "tampered", branch)
    finally:
        subprocess.run(["git", "update-ref", "-d", f"refs/heads/{branch}"], cwd=ROOT)


def test_the_site_has_the_latest_at_its_root_and_at_latest(two_editions):
    site, version = two_editions["site"], metadata()["version"]
    for page in ("book/troops.html", "book/methods.html", "_static/editions.js"):
        newest = (site / "v" / version / page).read_bytes()
        assert (site / page).read_bytes() == newest and (site / "latest" / page).read_bytes() == newest
    index = two_editions["index"]
    assert index["editions"][0]["version"] == OLD and index["editions"][-1]["version"] == index["latest"] == version
    assert json.loads((site / "versions.json").read_text()) == index


@pytest.mark.skipif(editions.branch_ref() is None, reason="no editions branch in this clone")
def test_the_deploy_publishes_the_branch_as_it_is(tmp_path):
    """What Pages publishes from the branch alone: every edition intact, the latest at the root, each claim's
    verdicts (from history.json where the newest edition predates its own) and the latest tables."""
    assert editions.main(["site", str(tmp_path / "site")]) == 0
    site, held = tmp_path / "site", editions.editions_in(tmp_path / "site")
    index = json.loads((site / "versions.json").read_text())
    assert [e["version"] for e in index["editions"]] == held and held[:2] == ["0.1.0", "0.2.0"]
    assert all(editions.verify(site / "v" / v) == [] for v in held)
    assert index["claims"][CHANGED]["verdicts"]["0.1.0"] == "partly supported"
    assert (site / "data" / "latest" / "claims.csv").exists() and (site / "index.html").exists()


# --- each verdict's history --------------------------------------------------------------------------------


def test_history_holds_every_release_and_why_each_verdict_changed():
    known = history.load()
    versions = [e["version"] for e in known["editions"]]
    assert versions[:2] == ["0.1.0", "0.2.0"]
    entries = known["claims"][CHANGED]
    assert [(e["version"], e["verdict"], e["change"]) for e in entries[:2]] == [
        ("0.1.0", "partly supported", "new"),
        ("0.2.0", "supported", "changed"),
    ]
    assert "st-100" in entries[1]["why"]
    changed = [
        c for c, es in known["claims"].items() if any(e["change"] == "changed" and e["version"] == "0.2.0" for e in es)
    ]
    assert len(changed) == 15  # the verdicts CHANGELOG.md lists as changed in 0.2.0
    assert all(e.get("why") for es in known["claims"].values() for e in es if e["change"] == "changed")


TAGGED = pytest.mark.skipif(
    subprocess.run(["git", "rev-parse", "-q", "--verify", "refs/tags/v0.1.0"], cwd=ROOT).returncode != 0,
    reason="the release tags are not in this clone (git fetch --tags)",
)


@TAGGED
def test_history_json_is_what_the_tags_and_changelog_give():
    assert history.main(["--check"]) == 0


@TAGGED
def test_the_release_rules_follow_the_frictionless_versions():
    from bookbuild import release

    found = release.changes("v0.1.0", "v0.2.0")
    assert "claims: columns added, removed or reordered" in found["major"]
    assert release.needed(found, "0.1.0") == "minor"  # before 1.0.0, a major-level change bumps the minor
    assert release.needed({"major": ["a column removed"], "minor": [], "patch": []}, "1.2.3") == "major"
    assert release.needed({"major": [], "minor": [], "patch": ["rows corrected"]}, "1.2.3") == "patch"
    changed = next(line for line in found["minor"] if line.startswith("verdicts changed"))
    assert len(changed.split(": ")[1].split(", ")) == 15
    assert release.allowed("0.2.0", "0.3.0", "minor") and release.allowed("0.2.0", "1.0.0", "minor")
    assert not release.allowed("0.2.0", "0.2.1", "minor") and not release.allowed("0.2.0", "0.4.0", "minor")


def test_every_claim_shows_its_verdict_in_each_version(site):
    page = (site / "book" / "force-multiplier.html").read_text(encoding="utf-8")
    item = re.search(rf'<li id="claim-{CHANGED}".*?</li></ol></details>', page, re.DOTALL).group(0)
    assert "Verdict history: changed in version 0.2.0" in item
    assert "Version 0.1.0</a>: <strong>partly supported</strong>" in item and "st-100" in item
    for pagename in {f"book/{c}.html" for c in load("claims")["chapter"].astype(str)}:
        text = (site / pagename).read_text(encoding="utf-8")
        assert text.count('<details class="verdict-history">') == len(re.findall(r'<li id="claim-C', text))


# --- ClaimReview ------------------------------------------------------------------------------------------


def claim_reviews(site: Path) -> dict[str, dict]:
    found = {}
    for page in (site / "book").glob("*.html"):
        for body in re.findall(
            r'<script type="application/ld\+json" class="claim-review">(.*?)</script>', page.read_text()
        ):
            review = json.loads(body)
            found[review["url"].rsplit("#claim-", 1)[1]] = {**review, "page": page.name}
    return found


def test_every_fact_and_prediction_verdict_carries_a_claim_review(site):
    meta, reviews = metadata(), claim_reviews(site)
    claims = load("claims")
    for row in claims.itertuples():
        if row.kind == "judgement":
            assert row.claim_id not in reviews, f"{row.claim_id}: a judgement is weighed, not rated"
            continue
        review = reviews[row.claim_id]
        assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
        assert review["claimReviewed"] == row.claim
        assert (
            review["url"]
            == f"{meta['url'].rstrip('/')}/v/{meta['version']}/book/{row.chapter}.html#claim-{row.claim_id}"
        )
        assert review["page"] == f"{row.chapter}.html"
        assert review["datePublished"] == meta["date-released"] and review["author"]["name"] == meta["author"]
        appearance = review["itemReviewed"]["appearance"]
        assert review["itemReviewed"]["@type"] == "Claim" and appearance["@type"] == "OpinionNewsArticle"
        assert appearance["headline"].startswith("Opinion – North Korea's Gambit")
        assert (
            appearance["publisher"]["name"] == "E-International Relations" and appearance["datePublished"] == "2024-11"
        )
        rating, scale = review["reviewRating"], RATINGS[row.kind]
        assert rating["alternateName"] == row.verdict
        assert (rating["worstRating"], rating["bestRating"]) == (1, len(scale))
        assert rating["ratingValue"] == scale.index(row.verdict) + 1
    assert len(reviews) == (claims["kind"] != "judgement").sum()


# --- data a student can cite and load ----------------------------------------------------------------------


def test_the_data_zip_matches_its_checksums_and_says_how_to_cite_it(two_editions):
    version = metadata()["version"]
    folder = two_editions["site"] / "v" / version / "data"
    archive = folder / f"{datazip.name(version)}.zip"
    recorded, name = (folder / f"{archive.name}.sha256").read_text().split()
    assert name == archive.name and hashlib.sha256(archive.read_bytes()).hexdigest() == recorded
    with zipfile.ZipFile(io.BytesIO(archive.read_bytes())) as z:
        members = {n.split("/", 1)[1]: z.read(n) for n in z.namelist()}
    for line in members["SHA256SUMS"].decode().splitlines():
        digest, member = line.split("  ")
        assert hashlib.sha256(members[member]).hexdigest() == digest, member
    assert set(members) - {"SHA256SUMS"} == {
        line.split("  ")[1] for line in members["SHA256SUMS"].decode().splitlines()
    }
    readme = members["README.md"].decode()
    assert f"(Version {version}) [Data set]" in readme and f"/v/{version}/data/{archive.name}" in readme
    for src in load("sources").itertuples():
        assert f"| {src.source_id} |" in readme and f"| {src.accessed:%Y-%m-%d} |" in readme
    assert members["claims.csv"] == (ROOT / "data" / "claims.csv").read_bytes()


def test_the_latest_tables_have_stable_addresses(two_editions):
    site, version = two_editions["site"], metadata()["version"]
    for name in ("deployment_estimates.csv", "claims.csv", "datapackage.json"):
        assert (site / "data" / "latest" / name).read_bytes() == (site / "v" / version / "data" / name).read_bytes()


# --- in the browser -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def visit(two_editions, browser):
    from bookbuild.browser import serve

    with serve(two_editions["site"]) as base:
        page = browser.new_page(viewport={"width": 390, "height": 844})

        def open_page(path: str) -> dict:
            page.goto(f"{base}/{path}", wait_until="load")
            page.wait_for_function("document.documentElement.dataset.edition", timeout=10000)
            return page.evaluate(
                """() => ({
                  edition: document.documentElement.dataset.edition,
                  switcher: [...document.querySelectorAll('.edition-switcher li')].map(li => ({
                    text: li.textContent, href: (li.querySelector('a') || {}).href || null})),
                  notice: (document.querySelector('.edition-notice') || {}).textContent || null,
                  newer: [...document.querySelectorAll('.claim-newer')].map(p => ({
                    text: p.textContent, href: p.querySelector('a').href,
                    claim: (p.closest('li').querySelector('strong') || {}).textContent})),
                  accessed: [...document.querySelectorAll('.cite-accessed')].map(s => s.textContent),
                  copy: document.querySelectorAll('.cite-copy').length,
                })"""
            )

        yield base, open_page
        page.close()


def test_every_edition_shows_the_switcher(visit, two_editions):
    base, open_page = visit
    version = metadata()["version"]
    for path, mine in [
        (f"v/{OLD}/book/troops.html", OLD),
        ("book/troops.html", version),
        ("latest/book/troops.html", version),
        (f"v/{version}/book/troops.html", version),
    ]:
        seen = open_page(path)
        assert seen["edition"] == mine, path
        current = [item for item in seen["switcher"] if item["href"] is None]
        assert len(current) == 1 and current[0]["text"].startswith(mine), path
        others = {item["text"].split(",")[0]: item["href"] for item in seen["switcher"] if item["href"]}
        assert len(others) == len(editions.editions_in(two_editions["store"])) - 1, path
        other = OLD if mine != OLD else f"{version} (latest)"
        assert others[other] == f"{base}/v/{other.split()[0]}/book/troops.html"


def test_the_older_edition_says_so_and_notes_each_newer_verdict(visit):
    base, open_page = visit
    version = metadata()["version"]
    seen = open_page(f"v/{OLD}/book/force-multiplier.html")
    assert seen["notice"] and f"version {OLD}" in seen["notice"] and f"latest version is {version}" in seen["notice"]
    notes = {n["claim"].split(" —")[0]: n for n in seen["newer"]}
    assert CHANGED in notes, f"no newer-verdict note on {CHANGED}"
    assert "supported in version 0.2.0" in notes[CHANGED]["text"]
    assert notes[CHANGED]["href"] == f"{base}/book/force-multiplier.html#claim-{CHANGED}"
    assert "C01" not in notes  # unchanged since 0.1.0
    latest = open_page("book/force-multiplier.html")
    assert latest["notice"] is None and latest["newer"] == []


def test_live_pages_date_their_citations_and_frozen_ones_do_not(visit):
    _, open_page = visit
    version = metadata()["version"]
    live, frozen = open_page("latest/book/troops.html"), open_page(f"v/{version}/book/troops.html")
    assert live["accessed"] and all(a for a in live["accessed"]) and live["copy"] == len(live["accessed"])
    assert any(re.match(r"Retrieved \w+ \d+, \d{4}, from ", a) for a in live["accessed"])
    assert frozen["accessed"] and not any(frozen["accessed"]) and frozen["copy"] == len(frozen["accessed"])
