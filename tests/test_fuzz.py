"""Data is text: hostile strings in every free-text cell of every table, and in the descriptor's text, build into a
book that shows them as text and runs none of them, at build time or in the browser.

The corpus covers template expressions, MyST roles, raw HTML, attribute breakouts with quotes, javascript: and
data: URLs and Markdown syntax. Strings that cannot be data at all (control characters, bidi controls, NUL,
tabs, javascript: addresses) are refused by validation: tests/test_validate.py has a fixture for each.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, book_pages, serve

pytestmark = pytest.mark.slow

CANARY_DIR = Path("/tmp/nkgambit-fuzz-canary")  # outside the repository: nothing of it may reach the site
CANARY = "canary-text-that-must-never-be-published"
PWNED = Path("/tmp/nkgambit-fuzz-pwned")  # made only if a template expression ran
PAYLOADS = [
    "<script>alert(document.domain)</script>",
    "<img/src=x/onerror=alert(document.domain)>",
    '"><svg/onload=alert(document.domain)>',
    "'\"><b/onmouseover=alert(document.domain)>x</b>",
    "</script><script>alert(document.domain)</script>",
    "[click](javascript:alert(document.domain))",
    "<a/href=javascript:alert(document.domain)>click</a>",
    "<iframe/src=data:text/html,hi>",
    "data:text/html,<script>alert(document.domain)</script>",
    "{{lipsum.__globals__.os.mkdir('/tmp/nkgambit-fuzz-pwned')}}",
    "{download}`/tmp/nkgambit-fuzz-canary/secret.txt`",
    "{raw}`<script>alert(document.domain)</script>`",
    "<!--",
    "${alert(document.domain)}",
    "**bold**_and_`code`",
]
# Columns whose values the chapters look up or compute with: hostile text there would test the chapter's
# lookups, not the page's escaping.
LOOKUP_COLUMNS = {
    "country",
    "hedge",
    "label",
    "group",
    "unit",
    "measure",
    "claim_ids",
    "evidence_ids",
    "for_ids",
    "against_ids",
}
MAX_WORDS = 25


def _keys(schema: dict) -> set[str]:
    """The columns that identify or reference rows (primary and foreign keys)."""
    keys = schema.get("primaryKey") or []
    keys = [keys] if isinstance(keys, str) else list(keys)
    for foreign in schema.get("foreignKeys") or []:
        keys += [foreign["fields"]] if isinstance(foreign["fields"], str) else foreign["fields"]
    return set(keys)


def _free_text(field: dict, keys: set[str]) -> bool:
    rules = field.get("constraints", {})
    return (
        field["type"] == "string"
        and field["name"] not in keys
        and "enum" not in rules
        and "pattern" not in rules
        and field["name"] not in LOOKUP_COLUMNS
        and field["name"] not in ("url", "original_url", "source_id", "row_id", "searches", "query", "found")
    )


def _with_payload(value: str, payload: str) -> str:
    words = value.split()
    if not words:
        return value
    if len(words) >= MAX_WORDS:  # keep evidence lines within their limit: drop a last word with no figure in it
        last = max(i for i, w in enumerate(words) if not any(c.isdigit() for c in w))
        words.pop(last)
    return " ".join([*words, payload])


def fuzz(data: Path) -> int:
    """Append a hostile string to every non-empty free-text cell (one string per column) and to the descriptor's
    text fields; return how many cells now hold one."""
    import csv

    descriptor = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    cells = 0
    for number, resource in enumerate(descriptor["resources"]):
        if "schema" not in resource:
            continue  # not a table (the map's boundary file)
        fields = resource["schema"]["fields"]
        path = data / resource["path"]
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        keys = _keys(resource["schema"])
        for column, field in enumerate(fields):
            if not _free_text(field, keys):
                continue
            payload = PAYLOADS[(number * 7 + column) % len(PAYLOADS)]
            for row in rows:
                if row[field["name"]]:
                    row[field["name"]] = _with_payload(row[field["name"]], payload)
                    cells += 1
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=[f["name"] for f in fields], lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        resource["description"] = f"{resource.get('description', '')} {PAYLOADS[number % len(PAYLOADS)]}"
        resource["title"] = f"{resource.get('title', resource['name'])} {PAYLOADS[(number + 3) % len(PAYLOADS)]}"
        for column, field in enumerate(fields):
            field["description"] = f"{field.get('description', '')} {PAYLOADS[(number + column) % len(PAYLOADS)]}"
    descriptor["description"] += " " + PAYLOADS[0]
    descriptor["title"] += " " + PAYLOADS[1]
    (data / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    return cells


@pytest.fixture(scope="module")
def fuzzed_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzzed-book")
    for folder in ("data", "book", "_templates", "_assets", "_extra"):
        shutil.copytree(ROOT / folder, root / folder)
    for name in ("_config.yml", "_toc.yml", "CITATION.cff"):
        shutil.copy(ROOT / name, root / name)
    CANARY_DIR.mkdir(exist_ok=True)
    (CANARY_DIR / "secret.txt").write_text(CANARY, encoding="utf-8")
    shutil.rmtree(PWNED, ignore_errors=True)
    cells = fuzz(root / "data")
    env = {**os.environ, "EVIDENCE_DATA_DIR": str(root / "data")}
    validate = subprocess.run(
        [sys.executable, "-m", "bookbuild.validate", str(root / "data")], capture_output=True, text=True, env=env
    )
    assert validate.returncode == 0, "the fuzzed data should be valid data:\n" + validate.stdout[-3000:]
    prepare = subprocess.run(
        [sys.executable, "-m", "bookbuild.execute", "prepare", "--root", str(root)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert prepare.returncode == 0, prepare.stdout[-3000:] + prepare.stderr[-3000:]
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    build = subprocess.run(
        [str(jupyter_book), "build", ".", "-n", "--keep-going"], capture_output=True, text=True, env=env, cwd=root
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    yield {"site": root / "_build" / "html", "cells": cells}


def test_the_corpus_reaches_every_table(fuzzed_site):
    assert fuzzed_site["cells"] > 1000


def test_no_template_ran_at_build_time(fuzzed_site):
    assert not PWNED.exists(), "a template expression from data/ ran during the build"


def test_no_file_from_outside_the_repository_is_published(fuzzed_site):
    leaked = [
        p.relative_to(fuzzed_site["site"]).as_posix()
        for p in fuzzed_site["site"].rglob("*")
        if p.is_file() and CANARY.encode() in p.read_bytes()
    ]
    assert leaked == [], f"a file from outside the repository was published: {leaked}"


# In each page: what ran, what markup the data became, and the text a reader sees (scripts and styles left out).
INSPECT = """() => {
  const handlers = [...document.querySelectorAll('*')].flatMap(e =>
    [...e.attributes].filter(a => a.name.startsWith('on')).map(a => `${e.tagName.toLowerCase()}[${a.name}]`));
  const scriptLinks = [...document.querySelectorAll('[href],[src]')]
    .map(e => e.getAttribute('href') || e.getAttribute('src') || '')
    .filter(v => /^\\s*(javascript|data):/i.test(v));
  const embedded = document.querySelectorAll('iframe, object, embed').length;
  const copy = document.body.cloneNode(true);
  copy.querySelectorAll('script, style').forEach(e => e.remove());
  return {handlers, scriptLinks, embedded, ran: window.__fuzzRan || false, text: copy.textContent};
}"""


def test_every_page_shows_the_strings_as_text_and_runs_none(fuzzed_site, browser):
    # the session's browser: a second sync_playwright() in one worker fails ("inside the asyncio loop")
    site = fuzzed_site["site"]
    pages = [
        p.relative_to(site).as_posix()
        for p in book_pages(site)
        if 'http-equiv="Refresh"' not in p.read_text(encoding="utf-8")  # index.html only redirects
    ]
    shown, problems = set(), []
    with serve(site) as base:
        for path in pages:
            page = browser.new_page()
            dialogs = []
            page.on("dialog", lambda dialog, dialogs=dialogs: (dialogs.append(dialog.message), dialog.dismiss()))
            page.goto(f"{base}/{path}", wait_until="load")
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            page.mouse.move(200, 300)
            page.wait_for_timeout(300)
            found = page.evaluate(INSPECT)
            if dialogs or found["ran"]:
                problems.append(f"{path}: a script ran ({dialogs})")
            if found["handlers"] or found["scriptLinks"] or found["embedded"]:
                problems.append(f"{path}: data became markup: {found['handlers'][:3]} {found['scriptLinks'][:3]}")
            shown |= {p for p in PAYLOADS if p in found["text"]}
            page.close()
    assert problems == []
    assert shown == set(PAYLOADS), f"strings not shown as text anywhere: {set(PAYLOADS) - shown}"
