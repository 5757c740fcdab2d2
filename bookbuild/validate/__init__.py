"""Validate the data package: the descriptor and files first, then the Table Schemas (with frictionless),
then the rules a schema cannot say.

Run ``python -m bookbuild.validate`` (``make validate``). Each problem is one line,
``data/<file>.csv:<row>: <column>: <what is wrong>``, where row is the line number in the file (the header
is line 1), with the value found. Bad input never raises: it is a problem like any other. The exit status
is 1 if anything is wrong. The rules live by subject: ``files`` (reading safely), ``cells`` (text,
figures, dates, addresses), ``keys`` (keys and references), ``ledger`` (claims), ``votes``, ``sources``.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from bookbuild.validate import cells, keys, ledger, prose, sources, votes
from bookbuild.validate.files import (
    Problem,
    Table,
    file_problems,
    is_tabular,
    json_file_problems,
    read_descriptor,
    schema_problems,
)
from evidence.columns import row_id_of
from evidence.paths import DATA_DIR

__all__ = ["Problem", "validate", "main", "toc_chapters"]
toc_chapters = ledger.toc_chapters


def _row_ids(loaded: dict[str, Table]) -> set[str]:
    return {
        row_id_of(table.name, row)
        for name, table in loaded.items()
        if name not in ("sources", "claims", "selections", "searches")
        for row in table.rows
    } - {None}


def validate(
    data_dir: Path = DATA_DIR, today: dt.date | None = None, notebooks: list[Path] | None = None
) -> list[Problem]:
    """Every problem in the data package, sorted by file and row. ``notebooks``: whose selections to check
    (default: the book's, from _toc.yml)."""
    from bookbuild.project import notebooks as book_notebooks

    today = today or dt.date.today()
    descriptor, problems = read_descriptor(data_dir)
    if descriptor is None:
        return sorted(set(problems))
    tabular = [res for res in descriptor["resources"] if is_tabular(res)]
    broken = [p for res in tabular for p in file_problems(res, data_dir)]
    broken += [p for res in descriptor["resources"] if not is_tabular(res) for p in json_file_problems(res, data_dir)]
    if broken:
        return sorted(set(broken))  # the rows of a file that cannot be read are not checked further
    loaded = {res["name"]: Table(res, data_dir) for res in tabular}
    source_table = loaded["sources"]
    source_ids = {row["source_id"] for row in source_table.rows}
    published = {
        row["source_id"]: cells.parse_date(row["published"]) for row in source_table.rows if row.get("published")
    }
    row_ids = _row_ids(loaded)
    claim_ids = {row["claim_id"] for row in loaded["claims"].rows}
    notebooks = book_notebooks() if notebooks is None else notebooks
    used = keys.selections_used(notebooks)

    for table in loaded.values():
        problems += cells.check_text(table)
        problems += cells.check_numbers(table)
        problems += cells.check_ranges(table)
        problems += cells.check_dates(table, today, published)
        problems += cells.check_urls(table)
        problems += cells.check_evidence(table)
        problems += keys.check_unique_keys(table)
        problems += keys.check_source_ids(table, source_ids)
        problems += keys.check_iso3(table)
        problems += keys.check_evidence_ids(table, row_ids)
        problems += keys.check_claim_ids(table, claim_ids)
        problems += keys.check_selections(table, row_ids, used)
        problems += ledger.check_claims(table)
        problems += sources.check_sources(table)
        problems += sources.check_one_row_per_figure(table)
    problems += ledger.check_predictions(loaded["claims"], loaded["searches"])
    problems += ledger.check_searches(loaded["searches"], row_ids, claim_ids)
    in_prose = prose.prose_ids(notebooks)
    rows, where = ledger.carriers(loaded, extra=in_prose), ledger.places(loaded, extra=in_prose)
    problems += ledger.check_finding_numbers(loaded["claims"], rows, where)
    claims = {row["claim_id"]: row for row in loaded["claims"].rows}
    for notebook in notebooks:
        problems += prose.check_markdown(notebook, rows, claims, where)
        problems += prose.check_code(notebook)
    problems += ledger.check_independence(loaded["claims"], loaded)
    problems += votes.check_vote_tallies(loaded["unga_votes"], loaded["unga_resolutions"])
    problems += votes.check_vote_contradictions(loaded["unga_votes"], source_table)
    problems += votes.check_record_tallies(loaded["unga_votes"], loaded["unga_resolutions"], source_table)
    # Where a rule above already explains a cell, the schema's generic line for it adds nothing.
    explained = {(p.file, p.row, p.column) for p in problems}
    problems += [p for t in loaded.values() for p in schema_problems(t) if (p.file, p.row, p.column) not in explained]
    return sorted(set(problems))


def main(argv: list[str] | None = None) -> int:
    data_dir = Path(argv[0]) if argv else DATA_DIR
    problems = validate(data_dir)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in {data_dir}; nothing was built.", file=sys.stderr)
        return 1
    print(f"data package valid: {data_dir / 'datapackage.json'}")
    return 0
