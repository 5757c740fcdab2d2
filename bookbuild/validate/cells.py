"""Rules for single cells and rows: text that is only text, figures that can be true, dates that can be.

Each rule names the file, the line, the column and the value it found.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from bookbuild.validate.files import Problem, Table, shown
from evidence.article import PUBLISHED_ON
from evidence.markup import safe_url

MAX_EVIDENCE_WORDS = 25
MAX_WORD_LENGTH = 60  # characters: the longest word in the data is a 51-character source id
# Unicode's bidirectional controls: they can make a cell read differently from what it holds.
BIDI_CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f" + "".join(sorted(BIDI_CONTROLS)) + "]")  # Unicode's Cc, and bidi
URL_COLUMNS = ("url", "original_url")
# The largest figure each unit can plausibly have (a typo like 1e12 or an extra zero stops here).
BOUNDS = {
    ("deployment_estimates", ""): 1_000_000,
    ("historical_deployments", ""): 1_000_000,
    ("munitions_estimates", "containers"): 100_000,
    ("munitions_estimates", "rounds"): 100_000_000,
    ("munitions_estimates", "missiles"): 100_000,
    ("munitions_estimates", "systems"): 100_000,
    ("comparators", "personnel"): 10_000_000,
    ("comparators", "personnel_per_day"): 100_000,
    ("comparators", "personnel_per_month"): 1_000_000,
    ("comparators", "rounds"): 100_000_000,
    ("comparators", "rounds_per_month"): 10_000_000,
    ("comparators", "rounds_per_year"): 100_000_000,
}
GENERIC_BOUND = 1_000_000_000
# Tables whose dates are, by their meaning, after the article appeared.
AFTER_THE_ARTICLE = {"developments": ("date",), "claims": ("judged_as_of", "evidence_through")}


def parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None  # the schema check reports malformed dates


def number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def check_text(table: Table) -> list[Problem]:
    """No control or bidirectional characters anywhere, no spaces around a value, no word longer than
    MAX_WORD_LENGTH characters outside addresses."""
    problems = []
    for line, row in table.numbered():
        for column, value in row.items():
            if value is None:
                continue
            found = _CONTROL.search(value)
            if found:
                bad = found.group(0)
                where = value.index(bad) + 1
                problems.append(
                    table.problem(
                        line,
                        column,
                        f"contains control character U+{ord(bad):04X} at character {where}: {shown(value)}",
                    )
                )
                continue
            if value != value.strip():
                problems.append(table.problem(line, column, f"has spaces around it: {shown(value)}"))
            if column in URL_COLUMNS:
                continue
            long = next((w for w in value.split() if len(w) > MAX_WORD_LENGTH), None)
            if long:
                problems.append(
                    table.problem(
                        line, column, f"has a {len(long)}-character word (at most {MAX_WORD_LENGTH}): {shown(long, 60)}"
                    )
                )
    return problems


def check_numbers(table: Table) -> list[Problem]:
    """Every figure is a finite, non-negative number within the bound of its unit."""
    problems = []
    numeric = [name for name, field in table.fields.items() if field["type"] in ("number", "integer")]
    for line, row in table.numbered():
        unit = row.get("unit", "") if table.name in ("munitions_estimates", "comparators") else ""
        bound = BOUNDS.get((table.name, unit), GENERIC_BOUND)
        for name in numeric:
            value = number(row.get(name, "") or "")
            if value is None:
                continue
            if not math.isfinite(value):
                problems.append(table.problem(line, name, f"{shown(row[name])} is not a finite number"))
            elif value < 0:
                problems.append(table.problem(line, name, f"{shown(row[name])} is negative: figures count things"))
            elif value > bound and name not in ("start_year", "end_year", "yes", "no", "abstain"):
                what = f"{table.name} ({unit})" if unit else table.name
                problems.append(
                    table.problem(
                        line, name, f"{shown(row[name])} is above {bound:,}, the most a figure of {what} can be"
                    )
                )
    return problems


def check_ranges(table: Table) -> list[Problem]:
    problems = []
    for low, high in (("low", "high"), ("personnel_low", "personnel_high"), ("start_year", "end_year")):
        if low not in table.fields:
            continue
        for line, row in table.numbered():
            lo, hi = number(row.get(low, "") or ""), number(row.get(high, "") or "")
            if lo is not None and hi is not None and lo > hi:
                problems.append(table.problem(line, high, f"{high} {row[high]} is below {low} {row[low]}"))
    return problems


def check_dates(table: Table, today: dt.date, published: dict[str, dt.date]) -> list[Problem]:
    """No date in the future; a figure is not dated after the page that reports it; a page is not read before it
    appeared; what happened since the article, and a prediction's judging dates, are not before it."""
    problems = []
    date_fields = [name for name, field in table.fields.items() if field["type"] == "date"]
    after = AFTER_THE_ARTICLE.get(table.name, ())
    for line, row in table.numbered():
        for name in date_fields:
            when = parse_date(row.get(name, "") or "")
            if when and when > today:
                problems.append(table.problem(line, name, f"{when} is in the future"))
            if when and name in after and when < PUBLISHED_ON:
                problems.append(
                    table.problem(line, name, f"{when} is before the article appeared ({PUBLISHED_ON:%d %B %Y})")
                )
        if "reported_on" in row:
            when, page = parse_date(row["reported_on"]), published.get(row.get("source_id", ""))
            if when and page and when > page:
                problems.append(
                    table.problem(line, "reported_on", f"{when} is after the source page was published ({page})")
                )
        if table.name == "sources":
            page, read = parse_date(row.get("published", "")), parse_date(row.get("accessed", ""))
            if page and read and read < page:
                problems.append(table.problem(line, "accessed", f"{read} is before the page was published ({page})"))
    return problems


def check_urls(table: Table) -> list[Problem]:
    """Addresses are http(s) with a host, and hold nothing that could leave a link (validated as the page
    will link them: evidence.markup.safe_url)."""
    problems = []
    for column in URL_COLUMNS:
        if column not in table.fields:
            continue
        for line, row in table.numbered():
            value = row.get(column, "")
            if (value or column == "url") and safe_url(value) is None:
                problems.append(table.problem(line, column, f"not a well-formed http(s) URL: {shown(value)}"))
    return problems


def check_evidence(table: Table) -> list[Problem]:
    problems = []
    if "evidence" not in table.fields:
        return problems
    for line, row in table.numbered():
        words = len(row["evidence"].split())
        if words == 0:
            problems.append(
                table.problem(line, "evidence", "is empty: say who states what, with the figure as written")
            )
        elif words > MAX_EVIDENCE_WORDS:
            problems.append(table.problem(line, "evidence", f"has {words} words; at most {MAX_EVIDENCE_WORDS}"))
    return problems
