"""Which documents make up the book, read from _toc.yml (the one list of chapters)."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _files(node) -> list[str]:
    found = []
    if isinstance(node, dict):
        if "file" in node:
            found.append(node["file"])
        for key in ("parts", "chapters", "sections"):
            for child in node.get(key, []) or []:
                found += _files(child)
    return found


def documents(root: Path = ROOT) -> list[str]:
    """Every document in the table of contents, in reading order, as paths without suffix ("book/troops")."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    return [toc["root"], *_files(toc)]


def notebooks(root: Path = ROOT) -> list[Path]:
    """The notebooks of the book, in reading order."""
    paths = [root / f"{doc}.ipynb" for doc in documents(root)]
    return [path for path in paths if path.exists()]


def chapters(root: Path = ROOT) -> list[Path]:
    """The notebooks under the book's first part ("The argument, tested"): one per argument of the article."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    first = toc["parts"][0]
    paths = [root / f"{doc}.ipynb" for doc in _files(first)]
    return [path for path in paths if path.exists()]
