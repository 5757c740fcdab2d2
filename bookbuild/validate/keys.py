"""Rules about keys and references: each key once (whatever its case or spacing), every reference resolves,
countries named as their codes say, and every selection a chapter uses exists."""

from __future__ import annotations

import re
from pathlib import Path

import pycountry

from bookbuild.validate.files import Problem, Table, shown
from evidence.columns import CITING_COLUMNS

ISO3_CODES = {country.alpha_3 for country in pycountry.countries}
# Short names the book uses where ISO 3166's differ ("Russian Federation" is "Russia" in the text).
COUNTRY_ALIASES = {
    "Russia": "RUS",
    "Turkey": "TUR",
    "Türkiye": "TUR",
    "Brunei": "BRN",
    "DR Congo": "COD",
    "Micronesia": "FSM",
    "Iran": "IRN",
    "Syria": "SYR",
    "Vietnam": "VNM",
    "Laos": "LAO",
    "Bolivia": "BOL",
    "Venezuela": "VEN",
    "Tanzania": "TZA",
    "Moldova": "MDA",
    "North Korea": "PRK",
    "South Korea": "KOR",
    "Ivory Coast": "CIV",
    "Cape Verde": "CPV",
    "Eswatini": "SWZ",
    "Czech Republic": "CZE",
    "Republic of the Congo": "COG",
    "East Timor": "TLS",
    "The Gambia": "GMB",
    "The Bahamas": "BHS",
}


def normalised(value: str) -> str:
    return " ".join(value.split()).casefold()


def check_unique_keys(table: Table) -> list[Problem]:
    """Each key once, also after trimming spaces and folding case ("ES-11/1" and "es-11/1 " are one key)."""
    columns = table.primary_key
    seen: dict[tuple, int] = {}
    problems = []
    for line, row in table.numbered():
        key = tuple(normalised(row.get(c) or "") for c in columns)
        if key in seen and any(row.get(c) != table.rows[seen[key] - 2].get(c) for c in columns):
            shown_key = ", ".join(shown(row.get(c)) for c in columns)
            problems.append(
                table.problem(line, columns[0], f"{shown_key} is the key of line {seen[key]} written differently")
            )
        seen.setdefault(key, line)
    return problems


def check_source_ids(table: Table, source_ids: set[str]) -> list[Problem]:
    if "source_id" not in table.fields or table.name == "sources":
        return []
    return [
        table.problem(line, "source_id", f"{row['source_id']!r} is not in data/sources.csv")
        for line, row in table.numbered()
        if row["source_id"] and row["source_id"] not in source_ids
    ]


def check_iso3(table: Table) -> list[Problem]:
    """A real ISO 3166-1 alpha-3 code, and a country name that is that code's country."""
    if "iso3" not in table.fields:
        return []
    problems = []
    for line, row in table.numbered():
        code, name = row["iso3"], row.get("country", "")
        if code not in ISO3_CODES:
            problems.append(table.problem(line, "iso3", f"{code!r} is not an ISO 3166-1 alpha-3 code"))
        elif name and country_code(name) != code:
            expected = pycountry.countries.get(alpha_3=code)
            problems.append(
                table.problem(line, "country", f"{shown(name)} is not the country of {code} ({expected.name})")
            )
    return problems


def country_code(name: str) -> str | None:
    if name in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[name]
    try:
        return pycountry.countries.lookup(name).alpha_3
    except LookupError:
        return None


def check_evidence_ids(table: Table, row_ids: set[str]) -> list[Problem]:
    columns = [c for c in CITING_COLUMNS if c in table.fields]
    return [
        table.problem(line, column, f"{row_id!r} is not the id of any row in data/")
        for line, row in table.numbered()
        for column in columns
        for row_id in row.get(column, "").split()
        if row_id not in row_ids
    ]


def check_claim_ids(table: Table, claim_ids: set[str]) -> list[Problem]:
    """Rows that say which of the article's claims they bear on must name claims in the ledger."""
    if "claim_ids" not in table.fields:
        return []
    return [
        table.problem(line, "claim_ids", f"{claim_id!r} is not a claim in data/claims.csv")
        for line, row in table.numbered()
        for claim_id in row.get("claim_ids", "").split()
        if claim_id not in claim_ids
    ]


def check_selections(table: Table, row_ids: set[str], used: dict[str, str]) -> list[Problem]:
    """A selection names rows that exist (a renamed row is an error, not a silent gap), and every selection a
    chapter uses (``used``: name -> notebook) has rows."""
    if table.name != "selections":
        return []
    problems = [
        table.problem(
            line, "row_id", f"{row['row_id']!r} is not the id of any row in data/ (selection {row['selection']!r})"
        )
        for line, row in table.numbered()
        if row["row_id"] not in row_ids
    ]
    named = {row["selection"] for row in table.rows}
    for name, notebook in sorted(used.items()):
        if name not in named:
            problems.append(
                table.problem(
                    1, "selection", f"{name!r} has no rows, but {notebook} uses it: add its rows or rename it"
                )
            )
    return problems


_SELECTION_CALL = re.compile(r"""\b(?:selection|labels|selected)\((?:[^()"']*,\s*)?["']([a-z0-9-]+)["']""")


def selections_used(notebooks: list[Path]) -> dict[str, str]:
    """The selections the chapters' code names (data.selection / labels / selected), with a notebook using each."""
    from bookbuild.validate.prose import cells as notebook_cells

    used = {}
    for notebook in notebooks:
        cells = notebook_cells(notebook)
        code = "\n".join("".join(c["source"]) for c in cells if c.get("cell_type") == "code")
        for name in _SELECTION_CALL.findall(code):
            used.setdefault(name, f"book/{notebook.name}")
    return used
