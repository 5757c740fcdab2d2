"""The project's two descriptions of itself, each read in one place: _toc.yml (which documents make the book,
in what order, under which part) and CITATION.cff (title, version, authors, licence, address)."""

from __future__ import annotations

import functools
from pathlib import Path

import yaml

from evidence.paths import ROOT


def _toc(root: Path) -> dict:
    return yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))


def _files(node) -> list[str]:
    found = []
    if isinstance(node, dict):
        if "file" in node:
            found.append(node["file"])
        for key in ("parts", "chapters", "sections"):
            for child in node.get(key, []) or []:
                found += _files(child)
    return found


def toc_entries(root: Path = ROOT) -> list[dict]:
    """Every document in reading order: {pagename ("book/troops"), stem, part (caption), notebook (bool)}."""
    toc = _toc(root)
    entries = [{"pagename": toc["root"], "part": ""}]
    entries += [{"pagename": name, "part": ""} for name in _files({"chapters": toc.get("chapters", [])})]
    for part in toc.get("parts", []):
        entries += [{"pagename": name, "part": part.get("caption", "")} for name in _files(part)]
    for entry in entries:
        entry["stem"] = entry["pagename"].split("/")[-1]
        entry["notebook"] = (root / f"{entry['pagename']}.ipynb").exists()
    return entries


def documents(root: Path = ROOT) -> list[str]:
    """Every document in the table of contents, in reading order, as paths without suffix ("book/troops")."""
    return [entry["pagename"] for entry in toc_entries(root)]


def notebooks(root: Path = ROOT) -> list[Path]:
    """The notebooks of the book, in reading order."""
    return [root / f"{e['pagename']}.ipynb" for e in toc_entries(root) if e["notebook"]]


def chapters(root: Path = ROOT) -> list[Path]:
    """The notebooks under the book's first part ("The argument, tested"): one per argument of the article."""
    first = _toc(root)["parts"][0]
    paths = [root / f"{doc}.ipynb" for doc in _files(first)]
    return [path for path in paths if path.exists()]


@functools.cache
def chapter_numbers(root: Path = ROOT) -> dict[str, int]:
    """Chapter numbers in _toc.yml order, the introduction (the root) unnumbered: book/troops -> 1."""
    return {entry["pagename"]: n for n, entry in enumerate(toc_entries(root)[1:], start=1)}


@functools.cache
def citation(root: Path = ROOT) -> dict:
    """CITATION.cff, parsed."""
    return yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))


def metadata(root: Path = ROOT) -> dict[str, str]:
    """The fields the book's citations use, as text: title, version, date-released, url, license, author
    (the first author's name), repository-code and keywords (comma-separated)."""
    cff = citation(root)
    fields = {k: str(v) for k, v in cff.items() if isinstance(v, (str, int, float)) or hasattr(v, "isoformat")}
    fields["date-released"] = str(cff["date-released"])
    fields["author"] = cff["authors"][0]["name"]
    fields["keywords"] = ", ".join(cff.get("keywords", []))
    return fields
