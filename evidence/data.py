"""Load the book's tables through data/datapackage.json.

Notebooks call ``load("deployment_estimates")`` and get a typed DataFrame:
dates parsed, enums as ordered categories, integers as nullable Int64.
They never read a CSV by path.

Every table read is recorded: when ``EVIDENCE_DEPS_FILE`` names a file (the build's
execute step sets it for each notebook it runs), ``load()`` and ``file_hash()``
append the table's name to it, like a compiler's dependency file. That record,
not a guess from the code, decides which notebooks a data change re-executes.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path

import pandas as pd

from evidence.paths import DATA_DIR

DEPS_ENV = "EVIDENCE_DEPS_FILE"
# The tables this process has read, in order: a chapter's "Data used here" lists them (page.sources).
TABLES_READ: dict[str, None] = {}

_PANDAS_TYPES = {"string": "string", "integer": "Int64", "number": "Float64", "boolean": "boolean"}


@functools.cache
def package(data_dir: Path = DATA_DIR) -> dict:
    """The data package descriptor, parsed once."""
    return json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))


def licence_file(res: dict, data_dir: Path = DATA_DIR) -> str | None:
    """The file holding a vendored file's licence text, published beside it: <stem>.LICENSE.md, if there is one."""
    name = res["path"].rsplit(".", 1)[0] + ".LICENSE.md"
    return name if (data_dir / name).is_file() else None


def resource(table: str, data_dir: Path = DATA_DIR) -> dict:
    """The descriptor of one table; a clear error for an unknown name."""
    for res in package(data_dir)["resources"]:
        if res["name"] == table:
            return res
    names = ", ".join(r["name"] for r in package(data_dir)["resources"])
    raise KeyError(f"no table {table!r} in {data_dir / 'datapackage.json'}; tables are: {names}")


def tables(data_dir: Path = DATA_DIR) -> list[str]:
    """The names of the package's tables (CSV resources with a schema; not the map's boundaries)."""
    return [r["name"] for r in package(data_dir)["resources"] if r.get("profile") != "data-resource"]


def boundaries(data_dir: Path = DATA_DIR) -> dict:
    """The world's country outlines (TopoJSON; feature ids are ISO 3166-1 numeric codes), for vote maps."""
    record_read("world_boundaries")
    return json.loads(table_path("world_boundaries", data_dir).read_text(encoding="utf-8"))


def table_path(table: str, data_dir: Path = DATA_DIR) -> Path:
    return data_dir / resource(table, data_dir)["path"]


def record_read(table: str) -> None:
    """Note a table as read: in TABLES_READ, and in the dependency file named by EVIDENCE_DEPS_FILE, if any."""
    TABLES_READ[table] = None
    target = os.environ.get(DEPS_ENV)
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(table + "\n")


def load(table: str, data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """Read one table with the types its Table Schema declares."""
    record_read(table)
    fields = resource(table, data_dir)["schema"]["fields"]
    frame = pd.read_csv(table_path(table, data_dir), dtype=str, keep_default_na=False, na_values=[""])
    for field in fields:
        name, kind = field["name"], field["type"]
        enum = field.get("constraints", {}).get("enum")
        if enum:
            frame[name] = pd.Categorical(frame[name], categories=enum, ordered=True)
        elif kind == "date":
            frame[name] = pd.to_datetime(frame[name], format="%Y-%m-%d")
        else:
            frame[name] = frame[name].astype(_PANDAS_TYPES.get(kind, "string"))
    return frame


def selection(name: str, data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """The rows of data/selections.csv for one selection, in the order they are shown."""
    rows = load("selections", data_dir)
    picked = rows[rows["selection"] == name].reset_index(drop=True)
    if picked.empty:
        raise KeyError(f"no selection {name!r} in data/selections.csv")
    return picked


def labels(name: str, data_dir: Path = DATA_DIR) -> dict[str, str]:
    """row id -> label, for one selection."""
    picked = selection(name, data_dir)
    return dict(zip(picked["row_id"], picked["label"].fillna(""), strict=True))


def selected(frame: pd.DataFrame, name: str, data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """The rows of ``frame`` a selection names, in its order, with its ``label`` and ``group`` columns."""
    picked = selection(name, data_dir)[["row_id", "label", "group"]].rename(columns={"row_id": "id"})
    return picked.merge(frame.drop(columns=["label", "group"], errors="ignore"), on="id", how="inner")


def sources_for(frame: pd.DataFrame, data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """The rows of sources.csv that ``frame`` cites, in order of first use."""
    ids = list(dict.fromkeys(frame["source_id"].dropna()))
    sources = load("sources", data_dir).set_index("source_id")
    return sources.loc[ids].reset_index()


def file_hash(table: str, data_dir: Path = DATA_DIR) -> str:
    """sha256 of a table's CSV, as shown on the reproducibility page."""
    record_read(table)
    return hashlib.sha256(table_path(table, data_dir).read_bytes()).hexdigest()
