"""Reading the data package safely: the descriptor, each table's file, and the Table Schemas.

Nothing here raises on bad input: a descriptor that is not JSON, a table that is not a regular file inside
data/, a file too large, bytes that are not UTF-8, a malformed CSV: each is a ``Problem`` naming the file,
the line, the column and what was found. Nothing later runs on a file that has one.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

MAX_TABLE_BYTES = 5_000_000  # the largest table is about 0.3 MB; anything far larger is a mistake
MAX_DESCRIPTOR_BYTES = 1_000_000
# The tables the book's rules and chapters need by name.
REQUIRED_TABLES = ("sources", "claims", "selections", "unga_votes", "unga_resolutions", "developments", "searches")
DESCRIPTOR = "data/datapackage.json"


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}: {self.column}: {self.message}"


def shown(value, limit: int = 80) -> str:
    """A value as a message quotes it: repr, cut to ``limit`` characters."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 4] + "...'"


def regular_file_problem(path: Path, data_dir: Path, label: str, limit: int) -> Problem | None:
    """Why ``path`` cannot be read as a data file, if it cannot: missing, outside data/, a link, a device or
    pipe (never opened: a FIFO would hang the build), or larger than ``limit`` bytes."""
    if path.is_symlink():
        return Problem(
            label, 1, "-", f"is a link ({shown(os.readlink(path))}): a table must be a regular file in data/"
        )
    if not path.exists():
        return Problem(label, 1, "-", "the file is missing (data/datapackage.json lists it)")
    if not path.resolve().is_relative_to(data_dir.resolve()):
        return Problem(label, 1, "-", "is outside data/: a table must be a file in the data folder")
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        return Problem(label, 1, "-", "is not a regular file (a device, pipe or folder): a table must be a CSV file")
    size = os.stat(path).st_size
    if size > limit:
        return Problem(label, 1, "-", f"is {size:,} bytes; a table may have at most {limit:,}")
    return None


def read_descriptor(data_dir: Path) -> tuple[dict | None, list[Problem]]:
    """data/datapackage.json, parsed, or the problems that stop it being read: never a traceback."""
    path = data_dir / "datapackage.json"
    problem = regular_file_problem(path, data_dir, DESCRIPTOR, MAX_DESCRIPTOR_BYTES)
    if problem:
        return None, [problem]
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [Problem(DESCRIPTOR, 1, "-", "starts with a byte-order mark (BOM): save it as UTF-8 without BOM")]
    if not raw.strip():
        return None, [Problem(DESCRIPTOR, 1, "-", "is empty: it should describe the package and its tables")]
    try:
        descriptor = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        return None, [Problem(DESCRIPTOR, 1, "-", f"byte at position {error.start} is not UTF-8")]
    except json.JSONDecodeError as error:
        return None, [Problem(DESCRIPTOR, error.lineno, "-", f"is not valid JSON: {error.msg} (column {error.colno})")]
    problems = descriptor_problems(descriptor)
    return (None if problems else descriptor), problems


def descriptor_problems(descriptor) -> list[Problem]:
    """The shape the book needs: named resources, each a CSV in data/ with a schema of named, typed fields."""
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        return [Problem(DESCRIPTOR, 1, "resources", "is missing: the descriptor must list its tables as resources")]
    problems, names = [], []
    for number, res in enumerate(descriptor["resources"], start=1):
        if not isinstance(res, dict) or not isinstance(res.get("name"), str):
            problems.append(Problem(DESCRIPTOR, 1, f"resources[{number}]", "has no name"))
            continue
        names.append(res["name"])
        problems += resource_problems(res)
    return problems + resource_name_problems(names)


def resource_problems(res: dict) -> list[Problem]:
    """One named resource: a JSON file name in data/, or a CSV file name in data/ with a Table Schema."""
    if not is_tabular(res):
        return [] if _is_data_file_name(res.get("path"), ".json") else [_path_problem(res, "JSON")]
    problems = [] if _is_data_file_name(res.get("path"), ".csv", "\\") else [_path_problem(res, "CSV")]
    fields = (res.get("schema") or {}).get("fields") if isinstance(res.get("schema"), dict) else None
    if not isinstance(fields, list) or not fields:
        problems.append(Problem(DESCRIPTOR, 1, f"{res['name']}.schema", "is missing: every table needs a Table Schema"))
    elif not all(isinstance(f, dict) and isinstance(f.get("name"), str) and f.get("type") for f in fields):
        problems.append(Problem(DESCRIPTOR, 1, f"{res['name']}.schema", "has a field without a name or type"))
    return problems


def _is_data_file_name(path, ending: str, *forbidden: str) -> bool:
    """A bare file name in data/ (no folder, not hidden) that ends in ``ending`` and holds none of ``forbidden``."""
    return (
        isinstance(path, str)
        and not any(part in path for part in ("/", *forbidden))
        and not path.startswith(".")
        and path.endswith(ending)
    )


def _path_problem(res: dict, kind: str) -> Problem:
    return Problem(DESCRIPTOR, 1, f"{res['name']}.path", f"{shown(res.get('path'))} is not a {kind} file name in data/")


def resource_name_problems(names: list[str]) -> list[Problem]:
    """Every table the book needs by name is there, and no name is given twice."""
    problems = [
        Problem(DESCRIPTOR, 1, "resources", f"has no resource named {name!r}: the book needs it")
        for name in REQUIRED_TABLES
        if name not in names
    ]
    return problems + [
        Problem(DESCRIPTOR, 1, "resources", f"names {name!r} twice")
        for name in {n for n in names if names.count(n) > 1}
    ]


def is_tabular(resource: dict) -> bool:
    """A table (a CSV with a schema) rather than another kind of file, such as the map's boundaries."""
    return resource.get("profile") != "data-resource"


MAX_JSON_BYTES = 1_000_000


def json_file_problems(resource: dict, data_dir: Path) -> list[Problem]:
    """A non-tabular resource (the map's TopoJSON): a regular file in data/, small enough, parseable JSON."""
    path, label = data_dir / resource["path"], f"data/{resource['path']}"
    problem = regular_file_problem(path, data_dir, label, MAX_JSON_BYTES)
    if problem:
        return [problem]
    try:
        content = json.loads(path.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return [Problem(label, 1, "-", f"is not valid JSON: {error}")]
    if resource.get("format") == "topojson" and not (isinstance(content, dict) and content.get("type") == "Topology"):
        return [Problem(label, 1, "type", "is not a TopoJSON Topology")]
    return []


class Table:
    """One CSV as text rows, with the line number of each row (read after ``file_problems`` found none)."""

    def __init__(self, resource: dict, data_dir: Path):
        self.name = resource["name"]
        self.path = data_dir / resource["path"]
        self.label = f"data/{resource['path']}"
        self.fields = {f["name"]: f for f in resource["schema"]["fields"]}
        key = resource["schema"].get("primaryKey") or [next(iter(self.fields))]
        self.primary_key = [key] if isinstance(key, str) else list(key)
        with self.path.open(encoding="utf-8", newline="") as handle:
            self.rows = list(csv.DictReader(handle))

    def numbered(self):
        """(line number, row) pairs; the header is line 1."""
        return enumerate(self.rows, start=2)

    def problem(self, line: int, column: str, message: str) -> Problem:
        return Problem(self.label, line, column, message)

    def text_fields(self) -> list[str]:
        return [name for name, field in self.fields.items() if field["type"] == "string"]


def file_problems(resource: dict, data_dir: Path) -> list[Problem]:
    """What stops a CSV from being read as a table at all: encoding, BOM, header, field counts, quotes.

    Each problem names the line; nothing later in validation runs on a file that has one.
    """
    path = data_dir / resource["path"]
    label = f"data/{resource['path']}"
    expected = [f["name"] for f in resource["schema"]["fields"]]
    unreadable = regular_file_problem(path, data_dir, label, MAX_TABLE_BYTES)
    if unreadable:
        return [unreadable]
    with path.open("rb") as handle:
        raw = handle.read(MAX_TABLE_BYTES + 1)
    if not raw.strip():
        return [Problem(label, 1, "-", f"the file is empty: expected a header row ({','.join(expected)})")]
    return encoding_problems(raw, label, expected) or csv_problems(raw.decode("utf-8"), label, expected)


_BOM = b"\xef\xbb\xbf"


def encoding_problems(raw: bytes, label: str, expected: list[str]) -> list[Problem]:
    """A byte-order mark at the start, and every byte that is not UTF-8, by line and column."""
    problems = []
    if raw.startswith(_BOM):
        problems.append(
            Problem(label, 1, expected[0], "the file starts with a byte-order mark (BOM): save it as UTF-8 without BOM")
        )
    for number, line in enumerate(raw.removeprefix(_BOM).split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as error:
            byte = line[error.start : error.start + 1]
            column = _column_at(line[: error.start].decode("utf-8", "replace"), expected)
            message = f"byte {byte!r} at character {error.start + 1} is not UTF-8: save the file as UTF-8"
            problems.append(Problem(label, number, column, message))
    return problems


def csv_problems(text: str, label: str, expected: list[str]) -> list[Problem]:
    """The header against the schema's columns, then each row's field count and quotes."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except csv.Error as error:
        return [Problem(label, 1, "-", f"the header cannot be read: {error}")]
    return header_problems(header, label, expected) + row_problems(reader, text, header, label)


def header_problems(header: list[str], label: str, expected: list[str]) -> list[Problem]:
    """A column named twice; no header at all; or the schema's columns missing, unknown or out of order."""
    problems, seen = [], set()
    for name in header:
        if name in seen:
            problems.append(Problem(label, 1, name, "appears twice in the header"))
        seen.add(name)
    if not set(header) & set(expected):
        problems.append(
            Problem(label, 1, "-", f"no header row: the first line should name the columns {','.join(expected)}")
        )
    elif header != expected and not problems:
        problems += _header_mismatch(header, label, expected)
    return problems


def _header_mismatch(header: list[str], label: str, expected: list[str]) -> list[Problem]:
    """A header that is not the schema's: the columns it lacks, those it adds, or else their order."""
    missing = [
        Problem(label, 1, name, "is missing from the header (the schema in data/datapackage.json has it)")
        for name in expected
        if name not in header
    ]
    unknown = [
        Problem(label, 1, name, "is in the header but not in the schema in data/datapackage.json")
        for name in header
        if name not in expected
    ]
    if missing or unknown:
        return missing + unknown
    return [Problem(label, 1, "-", f"columns are out of order: the schema's order is {','.join(expected)}")]


def row_problems(reader, text: str, header: list[str], label: str) -> list[Problem]:
    """Each row after the header with more or fewer fields than the header; a quote never closed stops it."""
    problems = []
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return problems
        except csv.Error:
            return problems + [_unterminated_quote(text, start, header, label)]
        if row and len(row) != len(header):
            kind = "short" if len(row) < len(header) else "long"
            problems.append(
                Problem(label, start, "-", f"{kind} row: {len(row)} fields, but the header has {len(header)}")
            )
        start = reader.line_num + 1


def _unterminated_quote(text: str, start: int, header: list[str], label: str) -> Problem:
    lines = text.splitlines()
    line_text = lines[start - 1] if start - 1 < len(lines) else ""
    return Problem(
        label,
        start,
        _column_at(line_text.split('"')[0], header),
        "a quoted field opened here is never closed (unterminated quote)",
    )


def _column_at(prefix: str, header: list[str]) -> str:
    """The column a position falls in, from the text of its line before it."""
    index = prefix.count(",")
    return header[index] if index < len(header) else "-"


_INTEGER = re.compile(r"-?\d+")
_NUMBER = re.compile(r"-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?|NaN|-?INF|nan|-?inf")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def typed_value(kind: str, text: str):
    """The cell as its Table Schema type says, or None where it is not one ("2,500" is not a number)."""
    if kind == "integer":
        return int(text) if _INTEGER.fullmatch(text) else None
    if kind == "number":
        return float(text) if _NUMBER.fullmatch(text) else None
    if kind == "date":
        try:
            return dt.date.fromisoformat(text) if _DATE.fullmatch(text) else None
        except ValueError:
            return None
    return text


_KIND_WORDS = {
    "integer": "a whole number",
    "number": "a number (digits, no thousands commas)",
    "date": "a date (yyyy-mm-dd)",
}


def _bound(kind: str, value):
    return dt.date.fromisoformat(value) if kind == "date" else value


def schema_problems(table: Table) -> list[Problem]:
    """The Table Schema's own rules, each with the value found: type, required, enum, pattern, minimum,
    maximum, unique and the primary key."""
    problems, seen_keys = [], {}
    unique = {name: {} for name, f in table.fields.items() if f.get("constraints", {}).get("unique")}
    for line, row in table.numbered():
        for name, field in table.fields.items():
            messages = cell_messages(field, row.get(name) or "", line, unique.get(name))
            problems += [table.problem(line, name, message) for message in messages]
        problems += _repeated_key(table, line, row, seen_keys)
    return problems


def cell_messages(field: dict, text: str, line: int, earlier: dict[str, int] | None = None) -> list[str]:
    """What is wrong with one cell of a field: empty where required, not of its type, against its constraints,
    or, for a unique field (``earlier``: its values so far, by first line, which this adds to), a repeat."""
    rules, kind = field.get("constraints", {}), field["type"]
    if not text:
        return ["is empty, but the schema requires a value"] if rules.get("required") else []
    value = typed_value(kind, text)
    if value is None:
        return [f"{shown(text)} is not {_KIND_WORDS[kind]}"]
    messages = constraint_messages(kind, text, value, rules)
    if earlier is not None:
        if text in earlier:
            messages.append(f"{shown(text)} is the same as in line {earlier[text]}")
        earlier.setdefault(text, line)
    return messages


def constraint_messages(kind: str, text: str, value, rules: dict) -> list[str]:
    """What a typed cell breaks of its field's enum, pattern, minimum and maximum."""
    messages = []
    if "enum" in rules and text not in rules["enum"]:
        messages.append(f"{shown(text)} is not one of the enum: {', '.join(rules['enum'])}")
    if "pattern" in rules and not re.fullmatch(rules["pattern"], text):
        messages.append(f"{shown(text)} does not match the pattern {rules['pattern']}")
    if "minimum" in rules and value < _bound(kind, rules["minimum"]):
        messages.append(f"{shown(text)} is below the minimum {rules['minimum']}")
    if "maximum" in rules and value > _bound(kind, rules["maximum"]):
        messages.append(f"{shown(text)} is above the maximum {rules['maximum']}")
    return messages


def _repeated_key(table: Table, line: int, row: dict, seen_keys: dict[tuple, int]) -> list[Problem]:
    """A compound primary key this row repeats (``seen_keys``: the keys so far, by first line, which this adds to)."""
    key = tuple(row.get(c) or "" for c in table.primary_key)
    first = seen_keys.setdefault(key, line)
    if first == line or len(table.primary_key) < 2:
        return []
    message = f"the key {', '.join(map(repr, key))} is the same as in line {first}"
    return [table.problem(line, table.primary_key[0], message)]
