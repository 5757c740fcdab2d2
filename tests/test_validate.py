"""The data package validates, and each validation rule catches its own broken fixture."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess
import sys

import pytest

from bookbuild.validate import validate
from evidence.data import DATA_DIR

TODAY = dt.date(2026, 11, 27)


def test_the_data_package_is_valid():
    assert [str(p) for p in validate(DATA_DIR)] == []


def _broken_copy(tmp_path, table: str, row: int, column: str, value: str):
    """A copy of data/ with one cell changed (row counts data rows from 1)."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    path = target / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
        fields = list(rows[0].keys())
    rows[row - 1][column] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return target


# One broken fixture per rule: (table, data row, column, bad value, expected message fragment).
BROKEN = {
    "low above high": ("deployment_estimates", 2, "high", "5", "high 5 is below low"),
    "date in the future": ("events", 1, "date", "2099-01-01", "2099-01-01 is in the future"),
    "date before it could be": ("unga_resolutions", 1, "adopted_on", "2001-01-01", "minimum"),
    "figure dated after its page": (
        "deployment_estimates",
        1,
        "reported_on",
        "2026-01-01",
        "after the source page was published",
    ),
    "malformed URL": ("sources", 1, "url", "htp:/not a url", "not a well-formed http(s) URL"),
    "empty evidence": ("munitions_estimates", 1, "evidence", "", "is empty: say who states what"),
    "evidence too long": ("events", 2, "evidence", " ".join(["word"] * 26), "has 26 words; at most 25"),
    "unknown source": (
        "historical_deployments",
        1,
        "source_id",
        "no-such-page",
        "'no-such-page' is not in data/sources.csv",
    ),
    "unknown evidence id": ("claims", 1, "evidence_ids", "dep-001 dep-999", "'dep-999' is not the id of any row"),
    "unreal ISO3 code": ("brics_membership", 1, "iso3", "XXZ", "'XXZ' is not an ISO 3166-1 alpha-3 code"),
    "vote for an unknown resolution": (
        "unga_votes",
        1,
        "resolution",
        "ES-11/99",
        "'ES-11/99' is not in data/unga_resolutions.csv",
    ),
    "value outside the enum": ("deployment_estimates", 1, "claim_type", "rumour", "enum"),
    "wrong type": ("deployment_estimates", 1, "low", "many", 'type is "number'),
    "dangling selection": (
        "selections",
        1,
        "row_id",
        "mun-999",
        "'mun-999' is not the id of any row in data/ (selection",
    ),
    "duplicate id": ("events", 2, "id", "ev-001", "the same as in the row at position 2"),
}


@pytest.mark.parametrize("rule", sorted(BROKEN))
def test_each_rule_names_file_row_and_column(tmp_path, rule):
    table, row, column, value, expected = BROKEN[rule]
    problems = [str(p) for p in validate(_broken_copy(tmp_path, table, row, column, value), today=TODAY)]
    line = row + 1  # the header is line 1
    prefix = f"data/{table}.csv:{line}: {column}:"
    assert any(p.startswith(prefix) and expected in p for p in problems), problems


def test_tallies_cap_the_listed_votes(tmp_path):
    # Say ES-11/1 had a single "no" vote: the five listed "no" votes now outnumber it.
    data = _broken_copy(tmp_path, "unga_resolutions", 1, "no", "1")
    problems = [str(p) for p in validate(data, today=TODAY)]
    assert any(
        "data/unga_votes.csv:" in p and "'no' votes listed for ES-11/1, but its tally records 1" in p for p in problems
    ), problems


def test_the_command_exits_non_zero_with_one_line_per_problem(tmp_path):
    data = _broken_copy(tmp_path, "sources", 3, "url", "nonsense")
    result = subprocess.run([sys.executable, "-m", "bookbuild.validate", str(data)], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stdout.splitlines() == ["data/sources.csv:4: url: not a well-formed http(s) URL: 'nonsense'"]


def _first_marked_contradiction() -> int:
    """Data row (from 1) of the first news vote marked as contradicted by the UN record."""
    with (DATA_DIR / "unga_votes.csv").open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=1):
            if row["contradicts_record"] == "yes":
                return number
    pytest.skip("no news vote is contradicted by a UN record")


def test_an_unmarked_news_vote_against_the_un_record_fails(tmp_path):
    # Unmark the news row that the UN record contradicts: validation must name its row and the vote column.
    row = _first_marked_contradiction()
    data = _broken_copy(tmp_path, "unga_votes", row, "contradicts_record", "")
    problems = [str(p) for p in validate(data, today=TODAY)]
    prefix = f"data/unga_votes.csv:{row + 1}: vote:"
    assert any(p.startswith(prefix) and "set contradicts_record to yes" in p for p in problems), problems


def test_a_news_vote_marked_contradicted_must_differ_from_the_record(tmp_path):
    # Mark an agreeing news row as contradicted: the mark is wrong and validation says so.
    row = _first_marked_contradiction()
    with (DATA_DIR / "unga_votes.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    official = next(
        r["vote"]
        for r in rows
        if (r["resolution"], r["iso3"]) == (rows[row - 1]["resolution"], rows[row - 1]["iso3"])
        and not r["contradicts_record"]
    )
    data = _broken_copy(tmp_path, "unga_votes", row, "vote", official)
    problems = [str(p) for p in validate(data, today=TODAY)]
    assert any(p.startswith(f"data/unga_votes.csv:{row + 1}: contradicts_record:") for p in problems), problems


def _copy_with(tmp_path, table: str, content: bytes):
    """A copy of data/ with one file's bytes replaced."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    (target / f"{table}.csv").write_bytes(content)
    return target


def _events() -> bytes:
    return (DATA_DIR / "events.csv").read_bytes()


def _header_and_lines() -> tuple[bytes, list[bytes]]:
    lines = _events().split(b"\n")
    return lines[0], lines


# One fixture per way a file can be malformed: (new bytes of events.csv, expected line, column, message fragment).
MALFORMED = {
    "short row": (
        lambda: b"\n".join([*_header_and_lines()[1][:3], b"ev-999,2024-01-01", *_header_and_lines()[1][3:]]),
        4,
        "-",
        "short row: 2 fields, but the header has",
    ),
    "long row": (
        lambda: _events().replace(b"\n", b",extra,extra\n", 2).replace(b",extra,extra\n", b"\n", 1),
        2,
        "-",
        "long row:",
    ),
    "bytes that are not UTF-8": (
        lambda: _events().replace(b"\n", b"\xff\xfe\n", 3).replace(b"\xff\xfe\n", b"\n", 2),
        3,
        None,
        "is not UTF-8",
    ),
    "empty file": (lambda: b"", 1, "-", "the file is empty"),
    "missing header": (lambda: b"\n".join(_header_and_lines()[1][1:]), 1, "-", "no header row"),
    "duplicate header": (lambda: _events().replace(b",", b",id,", 1), 1, "id", "appears twice in the header"),
    "header that does not match the schema": (
        lambda: _events().replace(b"date", b"when", 1),
        1,
        "when",
        "is in the header but not in the schema",
    ),
    "byte-order mark": (lambda: b"\xef\xbb\xbf" + _events(), 1, "id", "byte-order mark (BOM)"),
    "unterminated quote": (
        lambda: b"\n".join(
            [*_header_and_lines()[1][:5], b'ev-998,2024-01-01,"never closed', *_header_and_lines()[1][5:]]
        ),
        6,
        "event",
        "never closed",
    ),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_each_malformed_file_names_file_line_and_problem_without_a_traceback(tmp_path, case):
    content, line, column, expected = MALFORMED[case]
    data = _copy_with(tmp_path, "events", content())
    result = subprocess.run([sys.executable, "-m", "bookbuild.validate", str(data)], capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    prefix = f"data/events.csv:{line}: " + (f"{column}: " if column else "")
    assert any(p.startswith(prefix) and expected in p for p in result.stdout.splitlines()), result.stdout


def test_a_malformed_file_stops_the_execute_step(tmp_path):
    """make book and make pdf begin with this step: with a broken file nothing is built."""
    from bookbuild import execute as build

    root = tmp_path
    shutil.copytree(DATA_DIR, root / "data")
    (root / "data" / "events.csv").write_bytes(b"")
    assert build.prepare(root) == 1
    assert not (root / "_build").exists()
