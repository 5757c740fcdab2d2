"""make release: the next version of the book and its data, tagged, built once and frozen as an edition.

    python -m bookbuild.release check       # the bump the changes since the last release need, and why
    python -m bookbuild.release 0.3.0       # release 0.3.0 (make release VERSION=0.3.0)

One version names the book and its data package (CITATION.cff, pyproject.toml, data/datapackage.json). What a
change needs follows the Frictionless Data Package Version rules, applied to the data package:

- major: a table or a column renamed or removed, columns added or reordered, a column's type or format changed;
- minor: a table added, rows added, or a verdict changed or a claim added (the book's own rule: students cite
  verdicts, so a changed verdict is never a mere correction);
- patch: corrections to existing rows, descriptions, prose and code.

Before 1.0.0 a major-level change bumps the minor version (0.x may break, as semantic versioning allows).
A release: CHANGELOG.md's "## Unreleased" (or "## <version> (unreleased)") heading becomes "## <version> (<date>)"; the version and date are
written everywhere; history.json gains the release; a "Version <version>" commit and an annotated tag
v<version>; then the edition is built once from that tag (bookbuild.editions.build) and added to the
`editions` branch, where no earlier edition may change. Pushing (main, the tag, the branch) is left to you.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import sys
import tempfile
from pathlib import Path

from bookbuild import editions, history
from evidence.paths import ROOT

LEVELS = ("patch", "minor", "major")


def _package(ref: str) -> dict:
    return json.loads(history.read_at(ref, "data/datapackage.json"))


def _rows(ref: str, path: str) -> dict[str, str]:
    """A table's rows by their first column (its key), each as its line of CSV."""
    reader = csv.reader(io.StringIO(history.read_at(ref, f"data/{path}")))
    next(reader, None)
    return {row[0]: ",".join(row) for row in reader if row}


def changes(old_ref: str, new_ref: str = "") -> dict[str, list[str]]:
    """What changed in the data package between two refs ("" is the working tree), by the level it needs."""
    found = {level: [] for level in LEVELS}
    old, new = _package(old_ref), _package(new_ref)
    new_resources = {r["name"]: r for r in new["resources"]}
    for res in old["resources"]:
        mine = new_resources.get(res["name"])
        if mine is None:
            found["major"].append(f"table {res['name']} renamed or removed")
            continue
        before = [(f["name"], f.get("type"), f.get("format")) for f in res["schema"]["fields"]]
        after = [(f["name"], f.get("type"), f.get("format")) for f in mine["schema"]["fields"]]
        if [f[0] for f in before] != [f[0] for f in after]:
            found["major"].append(f"{res['name']}: columns added, removed or reordered")
        elif before != after:
            found["major"].append(f"{res['name']}: a column's type or format changed")
        rows_before, rows_after = _rows(old_ref, res["path"]), _rows(new_ref, mine["path"])
        if set(rows_after) - set(rows_before):
            found["minor"].append(f"{res['name']}: {len(set(rows_after) - set(rows_before))} rows added")
        edited = [k for k in rows_before if k in rows_after and rows_before[k] != rows_after[k]]
        if edited:
            found["patch"].append(f"{res['name']}: {len(edited)} rows corrected")
    found["minor"] += [
        f"table {name} added" for name in new_resources if name not in {r["name"] for r in old["resources"]}
    ]
    old_ledger, new_ledger = history.ledger(old_ref), history.ledger(new_ref)
    verdicts = [c for c in new_ledger if c in old_ledger and new_ledger[c]["verdict"] != old_ledger[c]["verdict"]]
    if verdicts:
        found["minor"].append(f"verdicts changed: {', '.join(verdicts)}")
    return found


def needed(found: dict[str, list[str]], current: str) -> str:
    level = next((lvl for lvl in reversed(LEVELS) if found[lvl]), "patch")
    return "minor" if level == "major" and current.startswith("0.") else level


def bumped(version: str, level: str) -> str:
    major, minor, patch = (int(p) for p in version.split("."))
    return {"major": f"{major + 1}.0.0", "minor": f"{major}.{minor + 1}.0", "patch": f"{major}.{minor}.{patch + 1}"}[
        level
    ]


def allowed(current: str, wanted: str, level: str) -> bool:
    """The new version is one of the next versions at ``level`` or above."""
    return wanted in {bumped(current, lvl) for lvl in LEVELS[LEVELS.index(level) :]}


def write_version(version: str, day: dt.date) -> None:
    """The version and its date everywhere they are written; CHANGELOG's Unreleased section gets its heading."""
    edits = {
        "CITATION.cff": [(r"^version: .*$", f"version: {version}"), (r"^date-released: .*$", f"date-released: {day}")],
        "pyproject.toml": [(r'^version = ".*"$', f'version = "{version}"')],
        "uv.lock": [(r'(name = "nk-gambit-book"\nversion = )".*"', rf'\1"{version}"')],
        "data/datapackage.json": [(r'^  "version": ".*",$', f'  "version": "{version}",')],
        "CHANGELOG.md": [(rf"^## {history.UNRELEASED_HEADING}.*$", f"## {version} ({day})")],
    }
    for name, rules in edits.items():
        path = ROOT / name
        text = path.read_text(encoding="utf-8")
        for pattern, replacement in rules:
            text, count = re.subn(pattern, replacement, text, count=1, flags=re.MULTILINE)
            if count != 1:
                raise SystemExit(f"{name}: found no {pattern!r} to write {version} into")
        path.write_text(text, encoding="utf-8")


def release(version: str) -> None:
    if history.git("status", "--porcelain", "--untracked-files=no").strip():
        raise SystemExit("commit or stash your changes first: a release is made from a clean work tree")
    last = history.tagged_versions()[-1]
    found = changes(f"{history.TAG_PREFIX}{last}")
    level = needed(found, last)
    if not allowed(last, version, level):
        raise SystemExit(f"{version} does not follow {last} with a {level} bump: {found[level]}")
    day = dt.date.today()
    write_version(version, day)
    history.HISTORY.write_text(history.dumps(history.build(extra=version)), encoding="utf-8")
    history.git("commit", "-q", "-am", f"Version {version}")
    history.git("tag", "-a", f"{history.TAG_PREFIX}{version}", "-m", f"Version {version} ({day})")
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp)
        editions.checkout(store)
        from bookbuild.datazip import write

        editions.build(version, store, write)
        commit = editions.add(store, f"Edition {version}, built once from {history.TAG_PREFIX}{version}")
    print(f"Released {version}: tag {history.TAG_PREFIX}{version}, edition on {editions.BRANCH} ({commit[:7]}).")
    print(f"Publish: git push origin main {history.TAG_PREFIX}{version} {editions.BRANCH}")


def main(argv: list[str]) -> int:
    if not argv or argv[0] == "check":
        last = history.tagged_versions()[-1]
        found = changes(f"{history.TAG_PREFIX}{last}")
        level = needed(found, last)
        print(f"Since {last}: a {level} release, {bumped(last, level)} (make release VERSION={bumped(last, level)})")
        for lvl in reversed(LEVELS):
            for line in found[lvl]:
                print(f"  {lvl}: {line}")
        return 0
    release(argv[0])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
