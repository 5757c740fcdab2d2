"""The chapters' words, bound to the data: every figure and date in a chapter's prose is either computed (a
``{glue:text}`` reference to a value the notebook computed from the rows) or stated beside the rows that carry
it (their ids, or a claim's, in the same paragraph or list item); a chart's alt text and title are computed,
never typed. A data edit that makes a sentence wrong stops the build, naming the notebook cell, the sentence
and the rows it cites.
"""

from __future__ import annotations

import ast
import functools
import json
import re
from pathlib import Path

from bookbuild.validate.files import Problem, shown
from evidence.numbers import Carrier, unbound

GLUE = re.compile(r"\{glue(?::text)?\}`[^`]*`")
LINK_TARGET = re.compile(r"\]\([^)\s]*\)")  # a Markdown link's address: its digits state nothing
ROW_ID = re.compile(r"\b(?:[a-z]+-\d{3}|ES-11/\d+(?::[A-Z]{3})?|ES-11 \([^)]*\))")
CLAIM_ID = re.compile(r"\bC\d{2}\b")
COMPUTED_ARGUMENTS = ("alt_text", "title")


def blocks(markdown: str) -> list[str]:
    """A cell's paragraphs and list items: the unit whose cited rows carry its figures."""
    parts = re.split(r"\n\s*\n|\n(?=\s*(?:[-*]|\d+\.)\s)", markdown)
    return [p for p in parts if p.strip()]


def cited_in(block: str, claims: dict[str, dict]) -> list[str]:
    """The row ids a block names, directly or through the claims it names."""
    from evidence.columns import CITING_COLUMNS

    ids = ROW_ID.findall(block)
    for claim_id in CLAIM_ID.findall(block):
        claim = claims.get(claim_id)
        if claim:
            ids += [i for c in CITING_COLUMNS for i in claim.get(c, "").split()]
    return list(dict.fromkeys(ids))


def carrier_for(ids: list[str], rows: dict[str, Carrier], claims: dict[str, dict], block: str) -> Carrier:
    carrier = Carrier()
    for row_id in ids:
        found = rows.get(row_id)
        if found:
            carrier.numbers |= found.numbers
            carrier.dates |= found.dates
    for claim_id in CLAIM_ID.findall(block):
        if claim_id in claims:
            carrier.add_text(claims[claim_id]["claim"])
    return carrier


def cells(notebook: Path) -> list[dict]:
    """A notebook's cells (read once per version of the file: validation reads each chapter several times)."""
    stat = notebook.stat()
    return _cells(notebook, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=64)
def _cells(notebook: Path, mtime_ns: int, size: int) -> list[dict]:
    return json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])


def source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def prose_ids(notebooks: list[Path]) -> set[str]:
    """Every row id the chapters' prose names (their carriers are needed)."""
    found = set()
    for notebook in notebooks:
        for cell in cells(notebook):
            if cell.get("cell_type") == "markdown":
                found |= set(ROW_ID.findall(source(cell)))
    return found


def check_markdown(
    notebook: Path, rows: dict[str, Carrier], claims: dict[str, dict], where: dict | None = None
) -> list[Problem]:
    """Every figure and date in a chapter's prose is in a row its block cites; one that is not is reported at the
    cell and, with ``where`` (ledger.places), at each cited row that states figures."""
    from bookbuild.validate.ledger import at_the_rows

    label = f"book/{notebook.name}"
    problems = []
    for index, cell in enumerate(cells(notebook)):
        if cell.get("cell_type") != "markdown":
            continue
        for block in blocks(source(cell)):
            text = LINK_TARGET.sub("]", GLUE.sub(" ", block))
            ids = cited_in(text, claims)
            for raw, sentence in unbound(text, carrier_for(ids, rows, claims, text)):
                found = (
                    f"the rows it cites ({', '.join(ids[:6])}{'...' if len(ids) > 6 else ''})"
                    if ids
                    else "no row it cites (it cites none)"
                )
                problems.append(
                    Problem(
                        label, index, "markdown", f"{raw!r} is in {found}; sentence: {shown(sentence.strip(), 140)}"
                    )
                )
                problems += at_the_rows(ids, where or {}, f"{label} cell {index}", raw)
    return problems


@functools.lru_cache(maxsize=512)
def typed_figures(code: str) -> list[tuple[str, str]]:
    """(argument, typed text) for each alt text, title or glued value whose literal text holds a digit."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        glued = getattr(node.func, "attr", getattr(node.func, "id", "")) == "glue"
        for keyword in node.keywords:
            if keyword.arg not in COMPUTED_ARGUMENTS and not glued:
                continue
            for constant in ast.walk(keyword.value):
                if isinstance(constant, ast.Constant) and isinstance(constant.value, str):
                    text = re.sub(r"\bFigures? \d+(\.\d+)?", "", constant.value)
                    if re.search(r"\d", text):
                        found.append((keyword.arg, constant.value))
    return found


def check_code(notebook: Path) -> list[Problem]:
    """A chart's alt text and title are computed from its rows: no figure or date typed into them."""
    label = f"book/{notebook.name}"
    return [
        Problem(label, index, argument, f"types a figure or date ({shown(text, 100)}): compute it from the rows")
        for index, cell in enumerate(cells(notebook))
        if cell.get("cell_type") == "code"
        for argument, text in typed_figures(source(cell))
    ]
