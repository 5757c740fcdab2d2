"""Each verdict's history: the claims ledger of every released edition, read from its git tag, with the reason
CHANGELOG.md gives for each change, written to history.json (tracked, so a build needs no tags).

    python -m bookbuild.history          # rewrite history.json from the tags v<version> and CHANGELOG.md
    python -m bookbuild.history --check  # exit 1 if history.json is not what the tags and CHANGELOG give

`make release` runs it for the edition being released, whose ledger is the working tree's (its tag is made
after). history.json: {"editions": [{version, released, tag, commit}], "claims": {claim_id: [{version, kind,
verdict, chapter, change, why}]}}, each claim's entries oldest first; change is "new", "changed" or "same",
and why is the CHANGELOG line of that version for a new or changed claim.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys

from evidence.paths import ROOT
from evidence.scales import JUDGEMENT_LABEL

HISTORY = ROOT / "history.json"
TAG_PREFIX = "v"
_CHANGE_LINE = re.compile(r"^- \*\*(C\d+)\*\*(?: \((new)[^)]*\))?: (.+)$")


def git(*args: str, env: dict | None = None, text: bool = True):
    """git's output, run in the repository (the one helper bookbuild.editions and .release use too)."""
    return subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True, text=text, env=env).stdout


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def tagged_versions() -> list[str]:
    """Released versions, oldest first: every tag v<major>.<minor>.<patch>."""
    names = git("tag", "--list", f"{TAG_PREFIX}*").split()
    versions = [n[len(TAG_PREFIX) :] for n in names if re.fullmatch(rf"{TAG_PREFIX}\d+\.\d+\.\d+", n)]
    return sorted(versions, key=version_key)


def read_at(ref: str, path: str) -> str:
    """A file as it was at a tag or commit; "" for the working tree's own."""
    return (ROOT / path).read_text(encoding="utf-8") if not ref else git("show", f"{ref}:{path}")


def ledger(ref: str) -> dict[str, dict]:
    """claim_id -> {kind, verdict, chapter} in the ledger at ref (no kind column: every claim was a fact)."""
    rows = csv.DictReader(io.StringIO(read_at(ref, "data/claims.csv")))
    out = {}
    for row in rows:
        kind = row.get("kind") or "fact"
        verdict = JUDGEMENT_LABEL if kind == "judgement" else row["verdict"]
        out[row["claim_id"]] = {"kind": kind, "verdict": verdict, "chapter": row["chapter"]}
    return out


def released_on(ref: str) -> str:
    return re.search(r"^date-released:\s*['\"]?([\d-]+)", read_at(ref, "CITATION.cff"), re.MULTILINE).group(1)


UNRELEASED = ""  # changelog_reasons' name for the section of work not yet released, at the top of CHANGELOG.md
UNRELEASED_HEADING = r"(?:Unreleased\b|\S+ \(unreleased\))"


def changelog_reasons(version: str, changelog: str) -> dict[str, str]:
    """claim_id -> its line in the CHANGELOG section of ``version`` (a changed verdict, or a new claim); for
    UNRELEASED, the section headed "## Unreleased" or "## <version> (unreleased)"."""
    heading = UNRELEASED_HEADING if version == UNRELEASED else rf"{re.escape(version)}\b"
    section = re.search(rf"^## {heading}.*?$(.*?)(?=^## |\Z)", changelog, re.MULTILINE | re.DOTALL)
    reasons = {}
    for line in (section.group(1) if section else "").splitlines():
        match = _CHANGE_LINE.match(line.strip())
        if match:
            reasons.setdefault(match.group(1), ("New claim: " if match.group(2) else "") + match.group(3).strip())
    return reasons


def build(extra: str | None = None) -> dict:
    """The history of every tagged edition, plus ``extra`` (a version being released, from the working tree)."""
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    refs = [(v, f"{TAG_PREFIX}{v}") for v in tagged_versions()]
    if extra and extra not in dict(refs):
        refs.append((extra, ""))
    editions, claims = [], {}
    for version, ref in refs:
        commit = git("rev-list", "-n", "1", ref).strip() if ref else ""
        editions.append({"version": version, "released": released_on(ref), "tag": ref, "commit": commit})
        reasons = changelog_reasons(version, changelog)
        for claim_id, entry in ledger(ref).items():
            past = claims.setdefault(claim_id, [])
            change = "new" if not past else ("same" if past[-1]["verdict"] == entry["verdict"] else "changed")
            record = {"version": version, **entry, "change": change}
            if change == "changed" or claim_id in reasons:
                record["why"] = reasons.get(claim_id, "")
            past.append(record)
    return {"editions": editions, "claims": dict(sorted(claims.items(), key=lambda kv: int(kv[0][1:])))}


def dumps(history: dict) -> str:
    return json.dumps(history, indent=1, ensure_ascii=False) + "\n"


def load() -> dict:
    """history.json as tracked (the released editions); empty before the first release."""
    return json.loads(HISTORY.read_text(encoding="utf-8")) if HISTORY.exists() else {"editions": [], "claims": {}}


def main(argv: list[str]) -> int:
    extra = argv[argv.index("--release") + 1] if "--release" in argv else None
    text = dumps(build(extra))
    if "--check" in argv:
        if HISTORY.read_text(encoding="utf-8") != text:
            print("history.json is not what the tags and CHANGELOG.md give: run python -m bookbuild.history")
            return 1
        return 0
    HISTORY.write_text(text, encoding="utf-8")
    print(f"wrote {HISTORY.name}: {len(json.loads(text)['editions'])} editions")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
