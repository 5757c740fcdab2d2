"""Generate references.bib from data/sources.csv (never edit references.bib by hand).

``python -m bookbuild.bibliography`` runs at the start of every build. Each source
becomes a @misc entry keyed by its source_id, with its URL and access date.
"""

from __future__ import annotations

import sys

import pandas as pd

from evidence.data import load
from evidence.paths import ROOT

BIB_FILE = ROOT / "references.bib"


def _braced(text: str) -> str:
    """BibTeX-safe text: escape the characters BibTeX treats specially."""
    for char in "&%$#_":
        text = text.replace(char, "\\" + char)
    return text.replace("{", "").replace("}", "")


def entry(source: pd.Series) -> str:
    year = str(source["published"].year) if pd.notna(source["published"]) else "n.d."
    fields = {
        "author": "{" + _braced(source["publisher"]) + "}",  # an organisation, not a person's name
        "title": "{" + _braced(source["title"].strip("[]")) + "}",
        "howpublished": _braced(source["publisher"]),
        "year": year,
        "url": source["url"],
        "note": f"Accessed {source['accessed']:%Y-%m-%d}"
        + (f"; published {source['published']:%Y-%m-%d}" if pd.notna(source["published"]) else ""),
    }
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
    return f"@misc{{{source['source_id']},\n{body}\n}}\n"


def bibtex() -> str:
    header = "% Generated from data/sources.csv by `python -m bookbuild.bibliography`. Do not edit.\n\n"
    return header + "\n".join(entry(row) for _, row in load("sources").iterrows())


def main(bib_file=BIB_FILE) -> int:
    text = bibtex()
    if not bib_file.exists() or bib_file.read_text(encoding="utf-8") != text:
        bib_file.write_text(text, encoding="utf-8")  # unchanged text keeps the build cache warm
    print(f"references.bib: {text.count('@misc')} entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
