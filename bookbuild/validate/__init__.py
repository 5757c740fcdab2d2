"""Validate the data package: the Table Schemas (with frictionless), then the rules a schema cannot say.

Run ``python -m bookbuild.validate`` (``make validate``). Each problem is one line,
``data/<file>.csv:<row>: <column>: <what is wrong>``, where row is the line number in
the file (the header is line 1). The exit status is 1 if anything is wrong.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from dataclasses import dataclass
from pathlib import Path

import pycountry

from evidence.columns import CITING_COLUMNS, RECORD_TYPES, row_id_of
from evidence.data import DATA_DIR
from evidence.markup import safe_url
from evidence.scales import SCALES as VERDICT_SCALES

MAX_EVIDENCE_WORDS = 25
ISO3_CODES = {country.alpha_3 for country in pycountry.countries}


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}: {self.column}: {self.message}"


class Table:
    """One CSV as text rows, with the line number of each row."""

    def __init__(self, resource: dict, data_dir: Path):
        self.name = resource["name"]
        self.path = data_dir / resource["path"]
        self.label = f"data/{resource['path']}"
        self.fields = {f["name"]: f for f in resource["schema"]["fields"]}
        with self.path.open(encoding="utf-8", newline="") as handle:
            self.rows = list(csv.DictReader(handle))

    def numbered(self):
        """(line number, row) pairs; the header is line 1."""
        return enumerate(self.rows, start=2)

    def problem(self, line: int, column: str, message: str) -> Problem:
        return Problem(self.label, line, column, message)


def file_problems(resource: dict, data_dir: Path) -> list[Problem]:
    """What stops a CSV from being read as a table at all: encoding, BOM, header, field counts, quotes.

    Each problem names the line; nothing later in validation runs on a file that has one.
    """
    path = data_dir / resource["path"]
    label = f"data/{resource['path']}"
    expected = [f["name"] for f in resource["schema"]["fields"]]
    if not path.exists():
        return [Problem(label, 1, "-", "the file is missing (data/datapackage.json lists it)")]
    raw = path.read_bytes()
    if not raw.strip():
        return [Problem(label, 1, "-", f"the file is empty: expected a header row ({','.join(expected)})")]
    problems = []
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(
            Problem(label, 1, expected[0], "the file starts with a byte-order mark (BOM): save it as UTF-8 without BOM")
        )
        raw = raw[3:]
    for number, line in enumerate(raw.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as error:
            byte = line[error.start : error.start + 1]
            column = _column_at(line[: error.start].decode("utf-8", "replace"), expected)
            problems.append(
                Problem(
                    label,
                    number,
                    column,
                    f"byte {byte!r} at character {error.start + 1} is not UTF-8: save the file as UTF-8",
                )
            )
    if problems:
        return problems
    text = raw.decode("utf-8")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except csv.Error as error:
        return [Problem(label, 1, "-", f"the header cannot be read: {error}")]
    seen = set()
    for name in header:
        if name in seen:
            problems.append(Problem(label, 1, name, "appears twice in the header"))
        seen.add(name)
    if not set(header) & set(expected):
        problems.append(
            Problem(label, 1, "-", f"no header row: the first line should name the columns {','.join(expected)}")
        )
    elif header != expected and not problems:
        missing = [name for name in expected if name not in header]
        unknown = [name for name in header if name not in expected]
        for name in missing:
            problems.append(
                Problem(label, 1, name, "is missing from the header (the schema in data/datapackage.json has it)")
            )
        for name in unknown:
            problems.append(Problem(label, 1, name, "is in the header but not in the schema in data/datapackage.json"))
        if not missing and not unknown:
            problems.append(
                Problem(label, 1, "-", f"columns are out of order: the schema's order is {','.join(expected)}")
            )
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error:
            line_text = text.splitlines()[start - 1] if start - 1 < len(text.splitlines()) else ""
            problems.append(
                Problem(
                    label,
                    start,
                    _column_at(line_text.split('"')[0], header),
                    "a quoted field opened here is never closed (unterminated quote)",
                )
            )
            break
        if row and len(row) != len(header):
            kind = "short" if len(row) < len(header) else "long"
            problems.append(
                Problem(label, start, "-", f"{kind} row: {len(row)} fields, but the header has {len(header)}")
            )
        start = reader.line_num + 1
    return problems


def _column_at(prefix: str, header: list[str]) -> str:
    """The column a position falls in, from the text of its line before it."""
    index = prefix.count(",")
    return header[index] if index < len(header) else "-"


def _schema_problems(data_dir: Path) -> list[Problem]:
    """Types, enums, required fields, keys and patterns, checked by frictionless."""
    from frictionless import Package

    report = Package(str(data_dir / "datapackage.json")).validate()
    problems = []
    for task in report.tasks:
        label = f"data/{Path(task.place).name}"
        for error in task.errors:
            if error.type == "foreign-key":
                continue  # check_source_ids and check_vote_tallies say this more plainly
            row = getattr(error, "row_number", None) or 1
            column = getattr(error, "field_name", None) or ",".join(getattr(error, "field_names", []) or []) or "-"
            problems.append(Problem(label, row, column, error.note or error.message))
    for error in report.errors:
        problems.append(Problem("data/datapackage.json", 1, "-", error.message))
    return problems


def _parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None  # the schema check reports malformed dates


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def check_ranges(table: Table) -> list[Problem]:
    problems = []
    for low, high in (("low", "high"), ("personnel_low", "personnel_high"), ("start_year", "end_year")):
        if low not in table.fields:
            continue
        for line, row in table.numbered():
            lo, hi = _number(row.get(low, "")), _number(row.get(high, ""))
            if lo is not None and hi is not None and lo > hi:
                problems.append(table.problem(line, high, f"{high} {row[high]} is below {low} {row[low]}"))
    return problems


def check_dates(table: Table, today: dt.date, published: dict[str, dt.date]) -> list[Problem]:
    problems = []
    date_fields = [name for name, field in table.fields.items() if field["type"] == "date"]
    for line, row in table.numbered():
        for name in date_fields:
            when = _parse_date(row.get(name, ""))
            if when and when > today:
                problems.append(table.problem(line, name, f"{when} is in the future"))
        if "reported_on" in row:
            when, page = _parse_date(row["reported_on"]), published.get(row.get("source_id", ""))
            if when and page and when > page:
                problems.append(
                    table.problem(line, "reported_on", f"{when} is after the source page was published ({page})")
                )
        if table.name == "sources":
            page, read = _parse_date(row.get("published", "")), _parse_date(row.get("accessed", ""))
            if page and read and read < page:
                problems.append(table.problem(line, "accessed", f"{read} is before the page was published ({page})"))
    return problems


def check_urls(table: Table) -> list[Problem]:
    problems = []
    if "url" not in table.fields:
        return problems
    for line, row in table.numbered():
        if safe_url(row["url"]) is None:
            problems.append(table.problem(line, "url", f"not a well-formed http(s) URL: {row['url']!r}"))
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


def check_source_ids(table: Table, source_ids: set[str]) -> list[Problem]:
    if "source_id" not in table.fields or table.name == "sources":
        return []
    return [
        table.problem(line, "source_id", f"{row['source_id']!r} is not in data/sources.csv")
        for line, row in table.numbered()
        if row["source_id"] and row["source_id"] not in source_ids
    ]


def check_iso3(table: Table) -> list[Problem]:
    if "iso3" not in table.fields:
        return []
    return [
        table.problem(line, "iso3", f"{row['iso3']!r} is not an ISO 3166-1 alpha-3 code")
        for line, row in table.numbered()
        if row["iso3"] not in ISO3_CODES
    ]


def check_evidence_ids(table: Table, row_ids: set[str]) -> list[Problem]:
    columns = [c for c in CITING_COLUMNS if c in table.fields]
    return [
        table.problem(line, column, f"{row_id!r} is not the id of any row in data/")
        for line, row in table.numbered()
        for column in columns
        for row_id in row.get(column, "").split()
        if row_id not in row_ids
    ]


# Each kind of claim has its own scale; a judgement is weighed, not graded (no verdict).
SCALES = {kind: [] if kind == "judgement" else list(scale) for kind, scale in VERDICT_SCALES.items()}
_JUDGEMENT_CASE = ("case_for", "for_ids", "case_against", "against_ids")


def toc_chapters() -> list[str]:
    """The chapters a claim may name: the notebook stems of the book's first part in _toc.yml."""
    from bookbuild.project import chapters

    return [path.stem for path in chapters()]


def check_claims(table: Table) -> list[Problem]:
    """Every claim has a kind, a verdict on that kind's scale, and what its kind needs."""
    if table.name != "claims":
        return []
    problems, chapters = [], set(toc_chapters())
    for line, row in table.numbered():
        kind, verdict = row.get("kind", ""), row.get("verdict", "")
        if row.get("chapter") not in chapters:
            problems.append(table.problem(line, "chapter", f"{row.get('chapter')!r} is not a chapter in _toc.yml"))
        if not row.get("why_not", "").strip():
            problems.append(
                table.problem(line, "why_not", "is empty: say why this verdict and not the next one up or down")
            )
        if kind not in SCALES:
            problems.append(
                table.problem(line, "kind", f"{kind!r} is not a kind of claim: fact, prediction or judgement")
            )
            continue
        scale = SCALES[kind]
        if kind == "judgement":
            if verdict:
                problems.append(
                    table.problem(
                        line, "verdict", f"a judgement gets no verdict, not {verdict!r}: give case_for and case_against"
                    )
                )
            problems += [
                table.problem(line, column, "is empty: a judgement needs the sourced case for and against")
                for column in _JUDGEMENT_CASE
                if not row.get(column, "").strip()
            ]
        else:
            if verdict not in scale:
                problems.append(
                    table.problem(line, "verdict", f"{verdict!r} is not on the {kind} scale: {', '.join(scale)}")
                )
            problems += [
                table.problem(line, column, f"is only for judgements, not a {kind}")
                for column in _JUDGEMENT_CASE
                if row.get(column, "").strip()
            ]
        if kind == "prediction" and not row.get("judged_as_of", "").strip():
            problems.append(table.problem(line, "judged_as_of", "is empty: a prediction is judged as of a stated date"))
        if kind != "prediction" and row.get("judged_as_of", "").strip():
            problems.append(table.problem(line, "judged_as_of", f"is only for predictions, not a {kind}"))
    return problems


def check_official_copies(table: Table) -> list[Problem]:
    """An official text read on another host names its original publisher and address; no other source does."""
    if table.name != "sources":
        return []
    problems = []
    for line, row in table.numbered():
        copy = row.get("source_type") == "official-copy"
        for column in ("original_publisher", "original_url"):
            value = row.get(column, "").strip()
            if copy and not value:
                problems.append(
                    table.problem(line, column, "is empty: an official-copy names the original publisher and address")
                )
            elif value and not copy:
                problems.append(
                    table.problem(line, column, f"is only for official-copy sources, not {row.get('source_type')!r}")
                )
        original = row.get("original_url", "")
        if original and safe_url(original) is None:
            problems.append(table.problem(line, "original_url", f"not a well-formed http(s) URL: {original!r}"))
    return problems


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


def check_selections(table: Table, row_ids: set[str]) -> list[Problem]:
    """A chart's or table's selection must name rows that exist: a renamed row is an error, not a silent gap."""
    if table.name != "selections":
        return []
    return [
        table.problem(
            line, "row_id", f"{row['row_id']!r} is not the id of any row in data/ (selection {row['selection']!r})"
        )
        for line, row in table.numbered()
        if row["row_id"] not in row_ids
    ]


def check_vote_tallies(votes: Table, resolutions: Table) -> list[Problem]:
    """Votes must name a known resolution and never outnumber its recorded tally."""
    problems, tallies, counts, last_line = [], {}, {}, {}
    for _line, row in resolutions.numbered():
        tallies[row["resolution"]] = {"yes": row["yes"], "no": row["no"], "abstain": row["abstain"]}
    for line, row in votes.numbered():
        if row["resolution"] not in tallies:
            problems.append(
                votes.problem(line, "resolution", f"{row['resolution']!r} is not in data/unga_resolutions.csv")
            )
            continue
        if row.get("contradicts_record", "").strip():
            continue  # a news row the UN record contradicts is kept for the record, not counted
        key = (row["resolution"], row["vote"])
        counts[key] = counts.get(key, 0) + 1
        last_line[key] = line
    for (resolution, vote), count in sorted(counts.items()):
        tally = _number(tallies[resolution].get(vote, "") or "")
        if tally is not None and count > tally:
            problems.append(
                votes.problem(
                    last_line[(resolution, vote)],
                    "vote",
                    f"{count} '{vote}' votes listed for {resolution}, but its tally records {int(tally)}",
                )
            )
    return problems


def check_vote_contradictions(votes: Table, sources: Table) -> list[Problem]:
    """A news or aggregator vote that differs from the UN record's vote for the same resolution and country must say so."""
    kind = {row["source_id"]: row.get("source_type", "") for row in sources.rows}
    record = {}
    for _, row in votes.numbered():
        if kind.get(row["source_id"]) in RECORD_TYPES:
            record.setdefault((row["resolution"], row["iso3"]), (row["vote"], row["source_id"]))
    problems = []
    for line, row in votes.numbered():
        key = (row["resolution"], row["iso3"])
        if kind.get(row["source_id"]) in RECORD_TYPES or key not in record:
            continue
        vote, source = record[key]
        marked = row.get("contradicts_record", "").strip() == "yes"
        if row["vote"] != vote and not marked:
            problems.append(
                votes.problem(
                    line,
                    "vote",
                    f"{row['source_id']} gives {row['iso3']} {row['vote']!r} on {row['resolution']}, "
                    f"but the UN record ({source}) gives {vote!r}: set contradicts_record to yes",
                )
            )
        elif row["vote"] == vote and marked:
            problems.append(
                votes.problem(line, "contradicts_record", f"marked yes, but {source} gives the same vote {vote!r}")
            )
    return problems


def validate(data_dir: Path = DATA_DIR, today: dt.date | None = None) -> list[Problem]:
    """Every problem in the data package, sorted by file and row."""
    import json

    today = today or dt.date.today()
    descriptor = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    broken = [p for res in descriptor["resources"] for p in file_problems(res, data_dir)]
    if broken:
        return sorted(set(broken))  # the rows of a file that cannot be read are not checked further
    loaded = {res["name"]: Table(res, data_dir) for res in descriptor["resources"]}
    sources = loaded["sources"]
    source_ids = {row["source_id"] for row in sources.rows}
    published = {row["source_id"]: _parse_date(row["published"]) for row in sources.rows if row.get("published")}
    row_ids = {
        row_id_of(table.name, row)
        for name, table in loaded.items()
        if name not in ("sources", "claims", "selections")
        for row in table.rows
    } - {None}

    claim_ids = {row["claim_id"] for row in loaded["claims"].rows}

    problems = []
    for table in loaded.values():
        problems += check_ranges(table)
        problems += check_dates(table, today, published)
        problems += check_urls(table)
        problems += check_evidence(table)
        problems += check_source_ids(table, source_ids)
        problems += check_iso3(table)
        problems += check_evidence_ids(table, row_ids)
        problems += check_claims(table)
        problems += check_claim_ids(table, claim_ids)
        problems += check_official_copies(table)
        problems += check_selections(table, row_ids)
    problems += check_vote_tallies(loaded["unga_votes"], loaded["unga_resolutions"])
    problems += check_vote_contradictions(loaded["unga_votes"], sources)
    # Where a rule above already explains a cell, the schema's generic line for it adds nothing.
    explained = {(p.file, p.row, p.column) for p in problems}
    problems += [p for p in _schema_problems(data_dir) if (p.file, p.row, p.column) not in explained]
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


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
