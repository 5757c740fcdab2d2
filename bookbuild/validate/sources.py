"""Rules for the sources (SOURCING.md): each typed by what its text is, every copy naming its original, no
address a student cannot trust without a word on why, and one row per source and figure."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from bookbuild.validate.files import Problem, Table, shown

# Hosts a student should never have to follow without being told why: a bare IP address, a translation
# proxy, a staging or preview host, a CDN copy, a personal blog.
UNTRUSTED_HOST = re.compile(
    r"^(\d{1,3}(\.\d{1,3}){3}|.*translate\.goog|translate\.google\..*|(dev|staging|stage|test|preview)[-.].*"
    r"|.*\.cloudfront\.net|.*\.blogspot\.[a-z.]+|.*\.wordpress\.com)$"
)
UNTRUSTED_QUERY = re.compile(r"(x-craft-preview|preview=|token=)")

# Hosts whose pages are other publishers' texts: reprint sites, aggregators, relays of wire and state agencies.
COPY_HOST = re.compile(
    r"(^|\.)(allafrica\.com|menafn\.com|jawawa\.id|asktribune\.com\.au|newsdrum\.in|localnews8\.com"
    r"|news\.yahoo\.com|msn\.com|brics-info\.org)$"
)
# A publisher written as a relay: "Outlet (Agency)", "(reprint of X)", "(via X)", "(relaying X)", "(X wire)", "(X copy)";
# not "(citing X)", an outlet's own report of another's, nor "(X photo)".
WIRE = (
    r"AP|Associated Press|Reuters|AFP|PTI|Press Trust of India|Jiji|Kyodo|Yonhap|askanews|ANTARA|Anadolu|Ukrinform"
    r"|TASS|Xinhua|KUNA|Agência Brasil|KCNA|dpa|IANS|Bernama"
)
RELAY = re.compile(rf"\((?!citing\b)(?![^)]*\bphoto\b)[^)]*\b({WIRE}|reprint|via|relaying|wire|copy)\b[^)]*\)", re.I)


def names_a_copy(row: dict) -> str | None:
    """Why a row reads as a page on another host than its publisher's (SOURCING: copies and reprints), or None."""
    host = (urlsplit(row.get("url", "")).hostname or "").lower()
    if COPY_HOST.search(host):
        return f"{host} carries other publishers' texts"
    if RELAY.search(row.get("publisher", "")):
        return f"the publisher {row['publisher']!r} names a relay"
    return None


def untrusted(url: str) -> str | None:
    """Why an address is not one to cite bare, or None."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if UNTRUSTED_HOST.match(host):
        return f"host {host!r} (an IP address, proxy, staging, CDN or blog host)"
    if host.endswith("."):
        return f"host {host!r} ends with a dot"
    if UNTRUSTED_QUERY.search(parts.query):
        return "a preview address"
    return None


def check_sources(table: Table) -> list[Problem]:
    """An official-copy names its original publisher and address; an aggregator, or any page that reads as a
    copy (a reprint host, a publisher written as a relay of a wire or state agency), names its original
    publisher, or says in its note why none can be named; an untrusted address says in its note why it
    is the one cited."""
    if table.name != "sources":
        return []
    problems = []
    for line, row in table.numbered():
        kind, note = row.get("source_type"), row.get("note", "")
        original, original_url = row.get("original_publisher", ""), row.get("original_url", "")
        if kind == "official-copy" and not original:
            problems.append(table.problem(line, "original_publisher", "is empty: an official-copy names its original"))
        if kind == "official-copy" and not original_url and not note:
            problems.append(
                table.problem(line, "original_url", "is empty: give the original's address, or say in note why not")
            )
        if kind == "aggregator" and not original and not note:
            problems.append(
                table.problem(line, "original_publisher", "is empty: name the original, or say in note why none")
            )
        copy = names_a_copy(row) if kind not in ("official-copy", "aggregator") else None
        if copy and not original and not note:
            problems.append(
                table.problem(
                    line, "original_publisher", f"is empty, but {copy}: name the original, or say in note why none"
                )
            )
        if original_url and not original:
            problems.append(table.problem(line, "original_publisher", "is empty, but original_url is given"))
        why = untrusted(row.get("url", ""))
        if why and not note:
            problems.append(
                table.problem(line, "url", f"{shown(row['url'], 70)}: {why}; say in note why no better copy is cited")
            )
    return problems


# The columns that make two rows "the same figure from the same page".
FIGURE_KEYS = {
    "deployment_estimates": ("reported_on", "measure", "low", "high"),
    "munitions_estimates": ("reported_on", "item", "unit", "low", "high"),
    "comparators": ("reported_on", "measure", "unit", "low", "high"),
    "historical_deployments": ("conflict", "role", "personnel_low", "personnel_high"),
}


def check_one_row_per_figure(table: Table) -> list[Problem]:
    """One row per source and figure: the same figure from the same page under two ids is one row."""
    columns = FIGURE_KEYS.get(table.name)
    if not columns:
        return []
    seen, problems = {}, []
    for line, row in table.numbered():
        key = (row["source_id"], *(row.get(c, "") for c in columns))
        if key in seen:
            problems.append(
                table.problem(line, "id", f"{row['id']} repeats {seen[key]}: the same figure from the same page")
            )
        seen.setdefault(key, row["id"])
    return problems
