"""The one walker over a page's HTML text: the text between tags, with the elements it sits in.

Pages are written by Sphinx and by the book's own code, so their markup is regular; a full parser would
cost more than it tells. ``visit_text`` calls a function on each text run, with the stack of elements it
sits in, and puts back what the function returns.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

_TAG = re.compile(r"(<[^>]+>)")
_NAME = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Elements whose content is not prose a reader reads (code, scripts, charts' print copies).
NOT_PROSE = {"script", "style", "svg", "pre"}


class Element(tuple):
    """(name, opening tag) of an element a text run sits in."""

    @property
    def name(self) -> str:
        return self[0]

    @property
    def tag(self) -> str:
        return self[1]


def visit_text(body: str, visit: Callable[[str, list[Element]], str]) -> str:
    """``body`` with each text run replaced by ``visit(text, open_elements)``."""
    out, stack = [], []
    for token in _TAG.split(body):
        if not token.startswith("<") or token.startswith("<!"):
            out.append(visit(token, stack) if token and not token.startswith("<!") else token)
            continue
        out.append(token)
        match = _NAME.match(token)
        if not match:
            continue
        closing, name = match.group(1), match.group(2).lower()
        if closing:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth].name == name:
                    del stack[depth:]
                    break
        elif name not in VOID and not token.endswith("/>"):
            stack.append(Element((name, token)))
    return "".join(out)


def inside(stack: list[Element], names) -> bool:
    return any(element.name in names for element in stack)


def hidden_when_closed(stack: list[Element]) -> bool:
    """Whether a text run is out of sight until a reader opens a disclosure: inside a closed <details>,
    and not in that disclosure's own summary."""
    for depth, element in enumerate(stack):
        if element.name == "details" and " open" not in element.tag:
            rest = stack[depth + 1 :]
            if not (rest and rest[0].name == "summary"):
                return True
    return False


def visible_words(body: str) -> int:
    """The words a reader sees with every disclosure closed: no scripts, styles, charts' print copies or code,
    and of a closed disclosure only its summary line."""
    count = 0

    def visit(text: str, stack: list[Element]) -> str:
        nonlocal count
        if not inside(stack, NOT_PROSE) and not hidden_when_closed(stack):
            count += len(html.unescape(text).split())
        return text

    visit_text(body, visit)
    return count
