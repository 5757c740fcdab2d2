"""The vendored stylesheets cut down to the rules the site can use.

The theme ships Bootstrap whole: ``pydata-sphinx-theme.css`` is 397 kB (65 kB compressed), the largest file
that holds up every page's first paint, and a phone spends its style time matching thousands of rules no
page uses. After a build, each sheet below is rewritten from its package's own copy, keeping a rule when one
of its selectors can match: every class and id it requires appears in a page or in a script of the site.

- Kept whole: at-rules other than ``@media``, ``@supports``, ``@layer`` and ``@container`` (fonts,
  keyframes), and any selector that names no class or id.
- A class inside ``:not()``, ``:is()``, ``:where()`` or ``:has()`` is never required: such a selector is
  kept when the classes outside those brackets are present. Nor is anything inside an attribute test.
- Words of scripts count, so a class a script adds (``show``, ``collapsing``) keeps its rules.

Cutting always starts from the package's file, so a class a later page uses is never missing.
"""

from __future__ import annotations

import re
from pathlib import Path

import tinycss2

_HEX_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6}) ?")
_CHAR_ESCAPE = re.compile(r"\\(.)")
_NAME = r"(?:\\[0-9a-fA-F]{1,6} ?|\\.|[\w-])+"
_REQUIRED = re.compile(rf"[.#]({_NAME})")
_WORD = re.compile(r"[A-Za-z_][\w-]*")
_ATTRIBUTE = re.compile(r"\b(?:class|id)\s*=\s*\"([^\"]*)\"")
_NESTED = ("media", "supports", "layer", "container")


def _unescape(name: str) -> str:
    """A CSS identifier as the page writes it: ``sd-col-\\31 0`` is ``sd-col-10``."""
    return _CHAR_ESCAPE.sub(r"\1", _HEX_ESCAPE.sub(lambda m: chr(int(m[1], 16)), name))


def _outside_brackets(selector: str) -> str:
    """The selector without the arguments of its functional pseudo-classes and without its attribute tests
    (the dot of ``a[href$=".pdf"]`` names no class)."""
    outside, depth = [], 0
    for char in selector:
        depth += char in "(["
        if depth == 0:
            outside.append(char)
        depth -= char in ")]" and depth > 0
    return "".join(outside)


def required_names(selector: str) -> set[str]:
    """The classes and ids an element (or its ancestors) must carry for the selector to match."""
    return {_unescape(name) for name in _REQUIRED.findall(_outside_brackets(selector))}


def site_words(site: Path) -> set[str]:
    """Every class and id the site's pages carry, and every word of its scripts."""
    words: set[str] = set()
    for page in site.rglob("*.html"):
        for value in _ATTRIBUTE.findall(page.read_text(encoding="utf-8", errors="replace")):
            words.update(value.split())
    for script in site.rglob("*.js"):
        words.update(_WORD.findall(script.read_text(encoding="utf-8", errors="replace")))
    return words


def selectors(prelude) -> list[str]:
    """A rule's selectors: its prelude split at the commas outside brackets (``:not(.a, .b)`` stays whole)."""
    parts: list[list] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return [tinycss2.serialize(part).strip() for part in parts]


def _kept_rules(rules, words: set[str]) -> list[str]:
    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            alternatives = selectors(rule.prelude)
            matching = [s for s in alternatives if required_names(s) <= words]
            if matching:
                kept.append(",".join(matching) + "{" + tinycss2.serialize(rule.content) + "}")
        elif rule.type == "at-rule" and rule.lower_at_keyword in _NESTED and rule.content is not None:
            inner = _kept_rules(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True), words)
            if inner:
                kept.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{''.join(inner)}}}")
        elif rule.type == "at-rule":
            kept.append(tinycss2.serialize([rule]))
    return kept


def cut_stylesheet(css: str, words: set[str]) -> str:
    """The stylesheet with only the rules whose selectors can match an element the site has."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    cut = "\n".join(_kept_rules(rules, words)) + "\n"
    broken = [r for r in tinycss2.parse_stylesheet(cut, skip_comments=True) if r.type == "error"]
    if broken:  # never publish a sheet the browser would read differently
        raise ValueError(f"the cut stylesheet does not parse: line {broken[0].source_line}: {broken[0].message}")
    return cut


def vendored_sheets() -> dict[str, Path]:
    """Per sheet of the built site (a glob under _static), the package's own whole copy."""
    import myst_nb
    import pydata_sphinx_theme
    import sphinx_design

    theme = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
    return {
        "styles/pydata-sphinx-theme.css": theme / "styles" / "pydata-sphinx-theme.css",
        "sphinx-design.min.css": Path(sphinx_design.__file__).parent / "static" / "sphinx-design.min.css",
        "mystnb.*.css": Path(myst_nb.__file__).parent / "static" / "mystnb.css",
    }


def cut_vendored_stylesheets(site: Path, sources: dict[str, Path] | None = None) -> dict[str, tuple[int, int]]:
    """Each vendored sheet of the site rewritten as the rules it can use; per sheet, (bytes before, after)."""
    words = site_words(site)
    sizes = {}
    for pattern, whole in (sources or vendored_sheets()).items():
        for target in (site / "_static").glob(pattern):
            css = whole.read_text(encoding="utf-8")
            target.write_text(cut_stylesheet(css, words), encoding="utf-8")
            sizes[target.name] = (len(css.encode()), target.stat().st_size)
    return sizes


def add_cut_stylesheets(app, exception):
    """Build hook: after the HTML is written, the vendored sheets hold only the rules the site can use."""
    if exception is not None or app.builder.name != "html":
        return
    cut_vendored_stylesheets(Path(app.outdir))
