"""The data package validates, and each validation rule catches its own broken fixture."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
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
    "date before it could be": ("unga_resolutions", 1, "adopted_on", "2001-01-01", "'2001-01-01' is below the minimum"),
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
    "value outside the enum": ("deployment_estimates", 1, "claim_type", "rumour", "'rumour' is not one of the enum"),
    "wrong type": ("deployment_estimates", 1, "low", "many", "'many' is not a number"),
    "thousands comma": (
        "deployment_estimates",
        1,
        "low",
        "2,500",
        "'2,500' is not a number (digits, no thousands commas)",
    ),
    "malformed date": ("events", 1, "date", "23/10/2024", "'23/10/2024' is not a date (yyyy-mm-dd)"),
    "NaN figure": ("deployment_estimates", 1, "low", "NaN", "'NaN' is not a finite number"),
    "infinite figure": ("munitions_estimates", 1, "low", "inf", "'inf' is not a finite number"),
    "implausible figure": ("deployment_estimates", 1, "low", "1e12", "'1e12' is above 1,000,000"),
    "negative figure": ("developments", 5, "figure", "-5", "'-5' is negative"),
    "development before the article": ("developments", 1, "date", "2024-01-02", "is before the article appeared"),
    "name not its ISO3 country": ("brics_membership", 1, "country", "France", "'France' is not the country of BRA"),
    "key with a trailing space": ("unga_resolutions", 1, "resolution", "ES-11/1 ", "has spaces around it"),
    "NUL byte": ("events", 1, "evidence", "before\x00after", "control character U+0000 at character 7"),
    "bidi control": ("statements", 1, "speaker", "abc\u202edef", "control character U+202E"),
    "tab in an address": (
        "sources",
        2,
        "url",
        "https://example.org/\tonmouseover=alert(1)",
        "control character U+0009",
    ),
    "javascript address": ("sources", 2, "url", "javascript:alert(document.domain)", "not a well-formed http(s) URL"),
    "quote in an address": ("sources", 2, "url", 'https://example.org/"onmouseover=x', "not a well-formed http(s) URL"),
    "endless word": ("events", 2, "evidence", "x" * 5000, "has a 5000-character word (at most 60)"),
    "untrusted host without a note": (
        "sources",
        3,
        "url",
        "https://203.0.113.7/some/page",
        "an IP address, proxy, staging, CDN or blog host",
    ),
    "dangling selection": (
        "selections",
        1,
        "row_id",
        "mun-999",
        "'mun-999' is not the id of any row in data/ (selection",
    ),
    "duplicate id": ("events", 2, "id", "ev-001", "'ev-001' is the same as in line 2"),
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


# ---------------------------------------------------------------- the descriptor and the files themselves


def _descriptor_copy(tmp_path, transform) -> object:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    path = target / "datapackage.json"
    path.write_bytes(transform(path.read_bytes()))
    return target


def _without(name: str, key: str | None = None):
    def transform(raw: bytes) -> bytes:
        descriptor = json.loads(raw)
        if key is None:
            descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != name]
        else:
            next(r for r in descriptor["resources"] if r["name"] == name).pop(key)
        return json.dumps(descriptor).encode()

    return transform


DESCRIPTORS = {
    "invalid JSON": (lambda raw: raw[:-20], "is not valid JSON"),
    "empty": (lambda raw: b"", "is empty"),
    "byte-order mark": (lambda raw: b"\xef\xbb\xbf" + raw, "byte-order mark"),
    "no claims table": (_without("claims"), "has no resource named 'claims'"),
    "a table without a schema": (_without("events", "schema"), "events.schema: is missing"),
    "a path outside data/": (
        lambda raw: raw.replace(b'"path": "events.csv"', b'"path": "../../etc/passwd.csv"'),
        "is not a CSV file name in data/",
    ),
}


@pytest.mark.parametrize("case", sorted(DESCRIPTORS))
def test_a_broken_descriptor_is_a_problem_not_a_traceback(tmp_path, case):
    transform, expected = DESCRIPTORS[case]
    problems = [str(p) for p in validate(_descriptor_copy(tmp_path, transform), today=TODAY)]
    assert any(p.startswith("data/datapackage.json:") and expected in p for p in problems), problems


def test_a_table_that_is_a_link_to_a_device_is_refused(tmp_path):
    data = _copy_with(tmp_path, "events", b"")
    (data / "events.csv").unlink()
    (data / "events.csv").symlink_to("/dev/zero")
    problems = [str(p) for p in validate(data, today=TODAY)]
    assert any(p.startswith("data/events.csv:1: -: is a link") for p in problems), problems


def test_a_table_that_is_a_pipe_is_refused_without_hanging(tmp_path):
    data = _copy_with(tmp_path, "events", b"")
    (data / "events.csv").unlink()
    os.mkfifo(data / "events.csv")
    result = subprocess.run(
        [sys.executable, "-m", "bookbuild.validate", str(data)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert "data/events.csv:1: -: is not a regular file" in result.stdout, result.stdout


def test_a_huge_table_is_refused_before_it_is_read(tmp_path):
    data = _copy_with(tmp_path, "events", _events() + b"ev-999," + b"x" * 6_000_000 + b"\n")
    problems = [str(p) for p in validate(data, today=TODAY)]
    assert any(p.startswith("data/events.csv:1: -: is ") and "at most 5,000,000" in p for p in problems), problems


# ---------------------------------------------------------------- rules that need more than one cell


def _edited_copy(tmp_path, edits: dict[str, list[tuple]]):
    """A copy of data/ with cells changed: {table: [(row from 1, column, value), ...]} (row 0 appends a copy
    of row 1 with the given cells)."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    for table, cells in edits.items():
        path = target / f"{table}.csv"
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        fields = list(rows[0])
        for row, column, value in cells:
            if row == 0:
                rows.append(dict(rows[0]))
                row = len(rows)
            rows[row - 1][column] = value
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    return target


def _rows(table: str) -> list[dict]:
    with (DATA_DIR / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _problems(data) -> list[str]:
    return [str(p) for p in validate(data, today=TODAY)]


def test_the_same_figure_from_the_same_page_twice_is_one_row_too_many(tmp_path):
    data = _edited_copy(tmp_path, {"deployment_estimates": [(0, "id", "dep-999")]})
    assert any("deployment_estimates.csv:" in p and "dep-999 repeats dep-001" in p for p in _problems(data))


def test_keys_that_differ_only_in_case_are_one_key(tmp_path):
    first = _rows("events")[0]["id"]
    data = _edited_copy(tmp_path, {"selections": [(0, "selection", _rows("selections")[0]["selection"].upper())]})
    assert any("selections.csv:" in p and "written differently" in p for p in _problems(data)), first


def test_a_selection_a_chapter_uses_must_have_rows(tmp_path):
    used = _rows("selections")[0]["selection"]
    data = _edited_copy(
        tmp_path,
        {
            "selections": [
                (n, "selection", "renamed-" + used)
                for n, r in enumerate(_rows("selections"), 1)
                if r["selection"] == used
            ]
        },
    )
    assert any(f"'{used}' has no rows, but book/" in p for p in _problems(data))


def test_a_copy_host_names_its_original(tmp_path):
    row = next(n for n, r in enumerate(_rows("sources"), 1) if r["source_type"] == "official-copy")
    data = _edited_copy(tmp_path, {"sources": [(row, "original_publisher", "")]})
    assert any(
        "sources.csv:" in p and "original_publisher: is empty: an official-copy names its original" in p
        for p in _problems(data)
    )


@pytest.mark.parametrize(
    ("source_id", "reason"),
    [
        ("newsdrum-2024-10-23-pti-kazan-gaza", "www.newsdrum.in carries other publishers' texts"),
        ("quotidiano-askanews-2024-10-24-duma", "the publisher 'Quotidiano.net (askanews)' names a relay"),
    ],
)
def test_a_wire_copy_typed_news_names_its_original(tmp_path, source_id, reason):
    # A reprint is a reprint whatever its type: a news-typed copy on a reprint host, or with a publisher written
    # as "Outlet (Agency)", names the original or says in its note why it cannot.
    row, source = next((n, r) for n, r in enumerate(_rows("sources"), 1) if r["source_id"] == source_id)
    assert source["source_type"] == "news" and source["original_publisher"]
    data = _edited_copy(tmp_path, {"sources": [(row, "original_publisher", ""), (row, "note", "")]})
    assert any(f"sources.csv:{row + 1}: original_publisher: is empty, but {reason}" in p for p in _problems(data)), (
        _problems(data)
    )


def _claim_row(claim_id: str) -> int:
    return next(n for n, r in enumerate(_rows("claims"), 1) if r["claim_id"] == claim_id)


def test_a_fact_supported_by_one_publisher_is_graded_too_high(tmp_path):
    claim = next(r for r in _rows("claims") if r["kind"] == "fact" and r["verdict"] == "supported")
    sources = {r["id"]: r["source_id"] for t in ("statements", "deployment_estimates") for r in _rows(t)}
    kinds = {r["source_id"]: r["source_type"] for r in _rows("sources")}
    one = next(i for i, s in sources.items() if kinds[s] not in ("official", "official-copy"))
    data = _edited_copy(tmp_path, {"claims": [(_claim_row(claim["claim_id"]), "evidence_ids", one)]})
    assert any(f"{claim['claim_id']} is supported on one original publisher" in p for p in _problems(data))


def test_a_finding_that_rests_on_absence_cites_its_searches(tmp_path):
    row = _claim_row("C01")
    data = _edited_copy(tmp_path, {"claims": [(row, "finding", "No source says so."), (row, "searches", "")]})
    assert any(f"claims.csv:{row + 1}: searches: is empty, but the text rests on absence" in p for p in _problems(data))


def _prediction() -> tuple[int, dict]:
    return next((n, r) for n, r in enumerate(_rows("claims"), 1) if r["kind"] == "prediction")


def test_a_prediction_is_not_judged_later_than_its_evidence(tmp_path):
    row, claim = _prediction()
    data = _edited_copy(
        tmp_path, {"claims": [(row, "evidence_through", "2025-01-31"), (row, "judged_as_of", "2025-06-30")]}
    )
    assert any(
        f"claims.csv:{row + 1}: judged_as_of: 2025-06-30 is later than evidence_through" in p for p in _problems(data)
    )


def test_evidence_through_is_backed_by_logged_searches(tmp_path):
    row, claim = _prediction()
    searches = [
        (n, "period_end", "2025-01-31")
        for n, s in enumerate(_rows("searches"), 1)
        if claim["claim_id"] in s["claim_ids"].split()
    ]
    searches += [(n, "period_start", "2025-01-01") for n, _, _ in searches]
    data = _edited_copy(tmp_path, {"searches": searches})
    assert any(
        f"claims.csv:{row + 1}: evidence_through:" in p and "is later than its searches cover (2025-01-31)" in p
        for p in _problems(data)
    )


def test_a_prediction_needs_a_search_against_it(tmp_path):
    row, claim = _prediction()
    searches = [
        (n, "looked_for", "for")
        for n, s in enumerate(_rows("searches"), 1)
        if claim["claim_id"] in s["claim_ids"].split()
    ]
    data = _edited_copy(tmp_path, {"searches": searches})
    assert any(f"{claim['claim_id']} has no logged search for evidence against it" in p for p in _problems(data))


def test_a_prediction_is_judged_after_the_article(tmp_path):
    row, _ = _prediction()
    data = _edited_copy(tmp_path, {"claims": [(row, "judged_as_of", "2024-06-30")]})
    assert any(
        f"claims.csv:{row + 1}: judged_as_of: 2024-06-30 is before the article appeared" in p for p in _problems(data)
    )


# ---------------------------------------------------------------- the UN's record, and words bound to the data


def _record_resolution() -> tuple[int, dict]:
    return next((n, r) for n, r in enumerate(_rows("unga_resolutions"), 1) if r["resolution"] == "ES-11/4")


def test_a_tally_that_differs_from_the_un_record_fails(tmp_path):
    row, resolution = _record_resolution()
    data = _edited_copy(tmp_path, {"unga_resolutions": [(row, "yes", str(int(resolution["yes"]) - 1))]})
    assert any(
        f"unga_resolutions.csv:{row + 1}: yes:" in p and "is not the UN record's count" in p for p in _problems(data)
    )


def test_the_record_holds_every_member_state(tmp_path):
    votes = _rows("unga_votes")
    gone = next(n for n, v in enumerate(votes, 1) if v["resolution"] == "ES-11/4" and v["source_id"].startswith("undl"))
    data = _edited_copy(tmp_path, {"unga_votes": [(gone, "resolution", "ES-11/5")]})
    assert any("the UN record rows for ES-11/4 hold 192 member states" in p for p in _problems(data))


def test_a_non_voting_count_that_differs_from_the_un_tally_fails(tmp_path):
    # ES-11/9: 193 members minus 91 yes, 12 no and 57 abstain leaves 33 not voting. Turning one of the record's
    # non-voting cells into a vote must be caught, whatever the vote.
    votes = _rows("unga_votes")
    row = next(
        n
        for n, v in enumerate(votes, 1)
        if v["resolution"] == "ES-11/9" and v["iso3"] == "VEN" and v["source_id"].startswith("undl")
    )
    assert votes[row - 1]["vote"] == "non-voting"
    for vote in ("yes", "no", "abstain"):
        data = _edited_copy(tmp_path / vote, {"unga_votes": [(row, "vote", vote)]})
        assert any(
            "the UN record rows for ES-11/9 give 32 'non-voting', but its tally leaves 33 of 193" in p
            for p in _problems(data)
        ), vote


def _single_carrier():
    """A claim, a figure its finding states, and the one numeric cell (table, row, column) that carries it."""
    from evidence.numbers import tokens

    cells = {
        r["id"]: (table, n, r)
        for table in ("deployment_estimates", "munitions_estimates", "comparators")
        for n, r in enumerate(_rows(table), 1)
    }
    for claim in _rows("claims"):
        cited = [i for i in claim["evidence_ids"].split() if i in cells]
        figures = [t for t in tokens(claim["finding"]) if t.kind == "number" and t.value[0] >= 100]
        for token in figures:
            carriers = _carriers(token, claim, cells)
            if len(carriers) == 1 and carriers[0][0] != "text" and cited:
                return claim, token, carriers[0]
    pytest.skip("no finding figure carried by exactly one numeric cell")


def _carriers(token, claim: dict, cells: dict) -> list[tuple]:
    """Where a claim's cited rows carry ``token``: ("text", row id) for a row's text, (table, row, column) for
    its low or high cell."""
    found = []
    for i in claim["evidence_ids"].split() + claim["for_ids"].split() + claim["against_ids"].split():
        table, n, r = cells.get(i, (None, None, {}))
        if r and _text_carrier(r).carries(token):
            found.append(("text", i))
        found += [
            (table, n, column) for column in ("low", "high") if r.get(column) and float(r[column]) == token.value[0]
        ]
    return found


def _text_carrier(row: dict):
    """What a row's cells other than low and high state."""
    from evidence.numbers import Carrier

    text = Carrier()
    for column, value in row.items():
        if column not in ("low", "high") and value:
            text.add_text(value)
    return text


def test_a_data_edit_that_breaks_a_finding_names_the_claim_and_its_sentence(tmp_path):
    claim, token, (table, row, column) = _single_carrier()
    other = "high" if column == "low" else "low"
    value = str(int(token.value[0]) + 1)
    rows = _rows(table)
    edits = [(row, column, value)] + ([(row, other, value)] if rows[row - 1][other] == rows[row - 1][column] else [])
    problems = _problems(_edited_copy(tmp_path, {table: edits}))
    assert any(f"{claim['claim_id']}: {token.raw!r} is in no row it cites, in the sentence" in p for p in problems), (
        claim["claim_id"],
        token,
    )
    # and at the edited row, by file, line and column
    edited = f"data/{table}.csv:{row + 1}: "
    assert any(p.startswith(edited) and f"{claim['claim_id']}'s " in p and repr(token.raw) in p for p in problems), (
        edited,
        [p for p in problems if p.startswith(f"data/{table}.csv")],
    )


def _chapter(tmp_path, markdown: str, code: str = "") -> object:
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(markdown), nbformat.v4.new_code_cell(code)])
    path = tmp_path / "chapter.ipynb"
    nbformat.write(nb, path)
    return path


def test_a_data_edit_that_breaks_a_chapter_sentence_names_the_cell_and_the_sentence(tmp_path):
    row = next(n for n, r in enumerate(_rows("deployment_estimates"), 1) if r["id"] == "dep-002")
    assert _rows("deployment_estimates")[row - 1]["low"] == "1500"
    chapter = _chapter(tmp_path, "The NIS first counted 1,500 special forces (`dep-002`).")
    assert [p for p in validate(DATA_DIR, today=TODAY, notebooks=[chapter]) if p.file.startswith("book/")] == []
    data = _edited_copy(tmp_path, {"deployment_estimates": [(row, "low", "2500"), (row, "high", "2500")]})
    problems = [str(p) for p in validate(data, today=TODAY, notebooks=[chapter])]
    assert any(
        p.startswith("book/chapter.ipynb:0: markdown: '1,500' is in the rows it cites (dep-002)")
        and "The NIS first counted 1,500" in p
        for p in problems
    ), problems
    at_row = f"data/deployment_estimates.csv:{row + 1}: low: dep-002 states low 2500, high 2500; book/chapter.ipynb cell 0 says '1,500'"
    assert at_row in problems, [p for p in problems if "dep-002" in p]


def test_a_figure_typed_into_alt_text_is_refused(tmp_path):
    chapter = _chapter(tmp_path, "# A chapter", 'charts.figure(chart, title="Troops.", alt_text="About 3,000 troops.")')
    problems = [str(p) for p in validate(DATA_DIR, today=TODAY, notebooks=[chapter])]
    assert any(p.startswith("book/chapter.ipynb:1: alt_text: types a figure or date") for p in problems), problems
