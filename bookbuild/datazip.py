"""An edition's data package as one versioned zip a student can cite and load: the tables, datapackage.json,
a README (how to cite this version, each table, each source's retrieved date) and SHA256SUMS, plus the zip's
own checksum beside it. The bytes depend only on the data and the version (fixed file dates and order)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from pathlib import Path

from bookbuild.project import metadata

SUMS = "SHA256SUMS"


def name(version: str) -> str:
    return f"nk-gambit-book-data-{version}"


def citation_lines(meta: dict, url: str) -> list[str]:
    """How to cite this version of the data package (APA and BibTeX)."""
    year, title = meta["date-released"][:4], f"{meta['title']}: data package"
    key = f"nkgambit-data-v{meta['version']}"
    return [
        "APA:",
        "",
        f"    {meta['author']}. ({year}). {title} (Version {meta['version']}) [Data set]. {meta['author']}. {url}",
        "",
        "BibTeX:",
        "",
        f"    @misc{{{key},",
        f"      author       = {{{{{meta['author']}}}}},",
        f"      title        = {{{title}}},",
        "      howpublished = {Data set},",
        f"      publisher    = {{{{{meta['author']}}}}},",
        f"      year         = {{{year}}},",
        f"      note         = {{Version {meta['version']}}},",
        f"      url          = {{{url}}}",
        "    }",
    ]


def readme(data_dir: Path, meta: dict, url: str) -> str:
    package = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    lines = [
        f"# {meta['title']}: data package, version {meta['version']}",
        "",
        f"Released {meta['date-released']}. Licence: {meta['license']} for the book's data; each source page",
        "belongs to its publisher. This zip, unchanged, stays at its permanent address:",
        "",
        f"    {url}",
        "",
        "## How to cite",
        "",
        *citation_lines(meta, url),
        "",
        "## Files",
        "",
        "| File | Rows | What it holds |",
        "|---|---|---|",
    ]
    for res in package["resources"]:
        with (data_dir / res["path"]).open(encoding="utf-8", newline="") as handle:
            rows = sum(1 for _ in csv.DictReader(handle))
        lines.append(f"| {res['path']} | {rows} | {(res.get('title') or res.get('description') or '').strip()} |")
    lines += [
        "",
        "`datapackage.json` describes every column (Frictionless Data Package). To check the files:",
        "`sha256sum -c SHA256SUMS` in this folder. To load a table in Python: `pandas.read_csv('claims.csv')`.",
        "",
        "## Sources, and when each was retrieved",
        "",
        "| source_id | Publisher | Published | Retrieved |",
        "|---|---|---|---|",
    ]
    with (data_dir / "sources.csv").open(encoding="utf-8", newline="") as handle:
        for src in csv.DictReader(handle):
            lines.append(
                f"| {src['source_id']} | {src.get('publisher', '')} | {src.get('published', '') or 'undated'} "
                f"| {src.get('accessed', '')} |"
            )
    return "\n".join(lines) + "\n"


def write(data_dir: Path, version: str, out_dir: Path, root: Path | None = None) -> Path:
    """Write <out_dir>/nk-gambit-book-data-<version>.zip and its .sha256; ``root`` is the checkout whose
    CITATION.cff names the book (the data folder's parent by default)."""
    meta = metadata(root or data_dir.parent)
    meta = {**meta, "version": version}
    stem = name(version)
    url = f"{meta['url'].rstrip('/')}/v/{version}/data/{stem}.zip"
    package = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    members = {"datapackage.json": (data_dir / "datapackage.json").read_bytes()}
    members |= {res["path"]: (data_dir / res["path"]).read_bytes() for res in package["resources"]}
    members["README.md"] = readme(data_dir, meta, url).encode("utf-8")
    members[SUMS] = "".join(f"{hashlib.sha256(b).hexdigest()}  {n}\n" for n, b in sorted(members.items())).encode()
    year, month, day = (int(p) for p in meta["date-released"].split("-"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in sorted(members.items()):
            info = zipfile.ZipInfo(f"{stem}/{member}", date_time=(year, month, day, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{stem}.zip"
    target.write_bytes(buffer.getvalue())
    (out_dir / f"{stem}.zip.sha256").write_text(f"{hashlib.sha256(buffer.getvalue()).hexdigest()}  {target.name}\n")
    return target
