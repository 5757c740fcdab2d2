"""The claims ledger: three kinds on their own scales, a why-not line for every claim, the whole article
covered paragraph by paragraph, every claim in a chapter of the book, and every changed verdict announced."""

from __future__ import annotations

import json
import re

import pytest
from test_validate import TODAY, _broken_copy

from bookbuild.validate import toc_chapters, validate
from evidence import article
from evidence.data import load
from evidence.paths import ROOT
from evidence.scales import JUDGEMENT_LABEL

CLAIMS = load("claims")
FIRST_OF_KIND = {kind: int(CLAIMS.index[CLAIMS["kind"] == kind][0]) + 1 for kind in ("fact", "prediction", "judgement")}
HISTORY = ROOT / "history.json"  # every claim's verdict in each release (make history, from the tags)

# (kind of row to break, column, bad value, expected message fragment)
BROKEN = {
    "claim with no kind": ("fact", "kind", "", "is not a kind of claim"),
    "fact graded on the prediction scale": ("fact", "verdict", "borne out", "is not on the fact scale"),
    "prediction graded on the fact scale": ("prediction", "verdict", "supported", "is not on the prediction scale"),
    "prediction with no as-of date": ("prediction", "judged_as_of", "", "judged as of a stated date"),
    "judgement given a verdict": ("judgement", "verdict", "supported", "a judgement gets no verdict"),
    "judgement with no case against": ("judgement", "case_against", "", "the sourced case for and against"),
    "claim with no why-not line": ("fact", "why_not", "", "why this verdict and not the next"),
    "claim in a chapter the book lacks": ("fact", "chapter", "no-such-chapter", "is not a chapter in _toc.yml"),
}


@pytest.mark.parametrize("rule", sorted(BROKEN))
def test_each_claim_rule_names_file_row_and_column(tmp_path, rule):
    kind, column, value, expected = BROKEN[rule]
    row = FIRST_OF_KIND[kind]
    problems = [str(p) for p in validate(_broken_copy(tmp_path, "claims", row, column, value), today=TODAY)]
    prefix = f"data/claims.csv:{row + 1}: {column}:"
    assert any(p.startswith(prefix) and expected in p for p in problems), problems


def test_every_kind_of_claim_is_in_the_ledger():
    assert set(CLAIMS["kind"].astype(str)) == {"fact", "prediction", "judgement"}


def test_every_paragraph_of_the_article_has_its_claims():
    covered = set(CLAIMS["paragraph"].astype(int))
    assert covered == set(range(1, article.PARAGRAPHS + 1)), (
        f"paragraphs without a claim: {set(range(1, 11)) - covered}"
    )


def test_every_claim_is_tested_in_a_chapter_of_the_book():
    chapters = set(toc_chapters())
    assert set(CLAIMS["chapter"].astype(str)) <= chapters


def _previous() -> dict[str, dict]:
    """Each claim's verdict in the latest release (claims new since then are absent)."""
    history = json.loads(HISTORY.read_text(encoding="utf-8"))
    latest = history["editions"][-1]["version"]
    return {cid: rows[-1] for cid, rows in history["claims"].items() if rows[-1]["version"] == latest}


def test_claim_ids_are_stable():
    """No claim of the latest release disappears: students cite them."""
    assert set(_previous()) <= set(CLAIMS["claim_id"])


def test_every_changed_verdict_is_in_the_changelog():
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    lines = {
        cid: [line for line in changelog.splitlines() if re.search(rf"\b{cid}\b", line)] for cid in CLAIMS["claim_id"]
    }
    previous = _previous()
    for claim in CLAIMS.itertuples():
        now = JUDGEMENT_LABEL if claim.kind == "judgement" else str(claim.verdict)
        before = previous.get(claim.claim_id)
        if before is None:
            assert lines[claim.claim_id], f"new claim {claim.claim_id} is not announced in CHANGELOG.md"
        elif before["verdict"] != now:
            assert any(before["verdict"] in line and now in line for line in lines[claim.claim_id]), (
                f"{claim.claim_id}: {before['verdict']} -> {now} is not in CHANGELOG.md"
            )
