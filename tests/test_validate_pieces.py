"""The validation's pieces one by one, on small inputs: no data/ copy, no built site."""

from __future__ import annotations

import csv
import io

from bookbuild.validate import files, ledger

LABEL = "data/t.csv"
COLUMNS = ["id", "name", "low"]


def _said(problems) -> list[tuple[int, str, str]]:
    return [(p.row, p.column, p.message) for p in problems]


# ---------------------------------------------------------------- files


def test_encoding_problems_name_the_bom_and_each_byte_that_is_not_utf8():
    raw = b"\xef\xbb\xbfid,name,low\nr-1,ok,1\nr-2,b\xffd,2\n"
    assert _said(files.encoding_problems(raw, LABEL, COLUMNS)) == [
        (1, "id", "the file starts with a byte-order mark (BOM): save it as UTF-8 without BOM"),
        (3, "name", "byte b'\\xff' at character 6 is not UTF-8: save the file as UTF-8"),
    ]
    assert files.encoding_problems(b"id,name,low\nr-1,\xc3\xa9,1\n", LABEL, COLUMNS) == []


def test_header_problems():
    assert _said(files.header_problems(["id", "id", "low"], LABEL, COLUMNS)) == [
        (1, "id", "appears twice in the header")
    ]
    assert files.header_problems(["r-1", "x", "1"], LABEL, COLUMNS)[0].message.startswith("no header row")
    assert _said(files.header_problems(["id", "nme", "low"], LABEL, COLUMNS)) == [
        (1, "name", "is missing from the header (the schema in data/datapackage.json has it)"),
        (1, "nme", "is in the header but not in the schema in data/datapackage.json"),
    ]
    assert _said(files.header_problems(["name", "id", "low"], LABEL, COLUMNS)) == [
        (1, "-", "columns are out of order: the schema's order is id,name,low")
    ]
    assert files.header_problems(COLUMNS, LABEL, COLUMNS) == []


def test_row_problems_count_fields_and_stop_at_an_unterminated_quote():
    text = 'id,name,low\nr-1,a\nr-2,b,2,9\n\nr-3,"open,3\nr-4,d,4\n'
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header = next(reader)
    assert _said(files.row_problems(reader, text, header, LABEL)) == [
        (2, "-", "short row: 2 fields, but the header has 3"),
        (3, "-", "long row: 4 fields, but the header has 3"),
        (5, "name", "a quoted field opened here is never closed (unterminated quote)"),
    ]


def test_resource_problems():
    schema = {"fields": [{"name": "id", "type": "string"}]}
    assert files.resource_problems({"name": "t", "path": "t.csv", "schema": schema}) == []
    assert files.resource_problems({"name": "m", "path": "m.json", "profile": "data-resource"}) == []
    for path in ("../t.csv", "a\\t.csv", ".t.csv", "t.tsv", None):
        (problem,) = files.resource_problems({"name": "t", "path": path, "schema": schema})
        assert problem.column == "t.path" and problem.message.endswith("is not a CSV file name in data/")
    (problem,) = files.resource_problems({"name": "m", "path": "m/x.json", "profile": "data-resource"})
    assert problem.message == "'m/x.json' is not a JSON file name in data/"
    assert [p.message for p in files.resource_problems({"name": "t", "path": "t.csv"})] == [
        "is missing: every table needs a Table Schema"
    ]
    assert [p.message for p in files.resource_problems({"name": "t", "path": "t.csv", "schema": {"fields": [{}]}})] == [
        "has a field without a name or type"
    ]


def test_resource_name_problems():
    names = [*files.REQUIRED_TABLES, "events", "events"]
    assert [p.message for p in files.resource_name_problems(names)] == ["names 'events' twice"]
    assert [p.message for p in files.resource_name_problems(names[1:3])][0] == (
        "has no resource named 'sources': the book needs it"
    )


def test_cell_messages():
    field = {"type": "integer", "constraints": {"required": True, "minimum": 0, "maximum": 10, "unique": True}}
    assert files.cell_messages(field, "", 2) == ["is empty, but the schema requires a value"]
    assert files.cell_messages({"type": "integer"}, "", 2) == []
    assert files.cell_messages(field, "2,500", 2) == ["'2,500' is not a whole number"]
    assert files.cell_messages(field, "11", 2) == ["'11' is above the maximum 10"]
    earlier: dict[str, int] = {}
    assert files.cell_messages(field, "5", 2, earlier) == []
    assert files.cell_messages(field, "5", 3, earlier) == ["'5' is the same as in line 2"]
    assert earlier == {"5": 2}


def test_constraint_messages():
    assert files.constraint_messages("string", "a", "a", {"enum": ["a"], "pattern": "a"}) == []
    assert files.constraint_messages("string", "c", "c", {"enum": ["a", "b"], "pattern": "[ab]"}) == [
        "'c' is not one of the enum: a, b",
        "'c' does not match the pattern [ab]",
    ]
    date = files.typed_value("date", "2019-05-01")
    assert files.constraint_messages("date", "2019-05-01", date, {"minimum": "2020-01-01"}) == [
        "'2019-05-01' is below the minimum 2020-01-01"
    ]


# ---------------------------------------------------------------- ledger

FACT = {
    "claim_id": "C01",
    "kind": "fact",
    "verdict": "supported",
    "chapter": "troops",
    "why_not": "because",
    "case_for": "",
    "for_ids": "",
    "case_against": "",
    "against_ids": "",
    "judged_as_of": "",
}


def test_claim_faults():
    assert ledger.claim_faults(FACT, {"troops"}) == []
    assert ledger.claim_faults(FACT | {"chapter": "nope", "why_not": " ", "kind": "rumour"}, {"troops"}) == [
        ("chapter", "'nope' is not a chapter in _toc.yml"),
        ("why_not", "is empty: say why this verdict and not the next one up or down"),
        ("kind", "'rumour' is not a kind of claim: fact, prediction or judgement"),
    ]


def test_judgement_and_graded_faults():
    judgement = FACT | {"kind": "judgement", "case_for": "x", "for_ids": "a", "case_against": "y"}
    assert ledger.judgement_faults(judgement) == [
        ("verdict", "a judgement gets no verdict, not 'supported': give case_for and case_against"),
        ("against_ids", "is empty: a judgement needs the sourced case for and against"),
    ]
    assert ledger.graded_faults(FACT, "fact") == []
    assert ledger.graded_faults(FACT | {"verdict": "borne out", "case_for": "x"}, "fact") == [
        ("verdict", "'borne out' is not on the fact scale: " + ", ".join(ledger.SCALES["fact"])),
        ("case_for", "is only for judgements, not a fact"),
    ]


def test_judged_as_of_faults():
    assert ledger.judged_as_of_faults({"judged_as_of": ""}, "prediction") == [
        ("judged_as_of", "is empty: a prediction is judged as of a stated date")
    ]
    assert ledger.judged_as_of_faults({"judged_as_of": "2026-01-01"}, "fact") == [
        ("judged_as_of", "is only for predictions, not a fact")
    ]
    assert ledger.judged_as_of_faults({"judged_as_of": "2026-01-01"}, "prediction") == []


SEARCH = {"search_id": "srch-1", "period_end": "2026-06-30", "looked_for": "both"}
PREDICTION = {
    "claim_id": "C02",
    "kind": "prediction",
    "domain": "troops",
    "evidence_through": "2026-06-30",
    "judged_as_of": "2026-06-30",
    "searches": "srch-1",
    "finding": "We found no report of a second deployment.",
}


def test_cited_search_and_absence_faults():
    assert ledger.cited_search_faults(PREDICTION, [SEARCH], {"srch-1"}) == []
    row = PREDICTION | {"searches": "srch-1 srch-2 srch-9"}
    assert ledger.cited_search_faults(row, [SEARCH], {"srch-1", "srch-2"}) == [
        ("searches", "srch-2 does not list C02"),
        ("searches", "'srch-9' is not in data/searches.csv"),
    ]
    assert ledger.absence_faults(PREDICTION) == []
    assert ledger.absence_faults(PREDICTION | {"searches": ""}) == [
        ("searches", "is empty, but the text rests on absence ('We found no'): cite the searches")
    ]


def test_prediction_faults():
    assert ledger.prediction_faults(PREDICTION, [SEARCH]) == []
    assert ledger.prediction_faults(PREDICTION | {"domain": "", "evidence_through": ""}, [SEARCH]) == [
        ("domain", "is empty: say what the prediction is about"),
        ("evidence_through", "is empty: the latest date its searches covered"),
    ]
    late = PREDICTION | {"evidence_through": "2026-07-31", "judged_as_of": "2026-08-01"}
    assert ledger.prediction_faults(late, [SEARCH | {"looked_for": "for"}]) == [
        ("evidence_through", "2026-07-31 is later than its searches cover (2026-06-30)"),
        ("judged_as_of", "2026-08-01 is later than evidence_through 2026-07-31"),
        ("claim_id", "C02 has no logged search for evidence against it"),
    ]
    assert ledger.prediction_faults(PREDICTION, [])[0] == (
        "evidence_through",
        "2026-06-30 is later than its searches cover (none logged)",
    )
