"""Scrollable regions keep their keyboard stop, without the theme measuring all of them when a page loads.

The theme's script gives each code block, output and table container that scrolls a tab stop, so a keyboard
reader can scroll it. On load it measures every one of them, and again after any change under the main
content. Measuring a region inside a closed disclosure, or in a section the phone has not laid out yet
(``content-visibility: auto`` in book.css), forces the browser to lay it out there and then: on a chapter,
the longest task of the load.

After a build the theme's script is rewritten from the package's copy with that function emptied;
``tab-stops.js`` does the same job for each region as it is laid out. The build stops if the function is not
found exactly once, or if it measures other regions than ``tab-stops.js`` does.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from evidence.paths import ROOT

_THEME_FUNCTION = re.compile(
    r"(function \w+\(\))\{const \w+=\(\)=>\{document\.querySelectorAll\((\[[^\]]*\])\.join\(\", \"\)\)"
    r".*?\.observe\(document\.getElementById\(\"main-content\"\),\{subtree:!0,childList:!0\}\),\w+\(\)\}"
)
_OUR_REGIONS = re.compile(r"const REGIONS = (\[[^\]]*\])\.join")
SCRIPT = ROOT / "_assets" / "tab-stops.js"


def _only_match(pattern: re.Pattern, script: str, name: str) -> re.Match:
    found = list(pattern.finditer(script))
    if len(found) != 1:
        raise ValueError(f"{name}: expected the scrollable regions' code once, found it {len(found)} times")
    return found[0]


def scrollable_regions() -> list[str]:
    """The selectors of the regions tab-stops.js gives a keyboard stop when they scroll."""
    return json.loads(_only_match(_OUR_REGIONS, SCRIPT.read_text(encoding="utf-8"), SCRIPT.name)[1])


def without_theme_tab_stops(theme_script: str) -> str:
    """The theme's script with its load-time measuring of scrollable regions emptied."""
    theirs = _only_match(_THEME_FUNCTION, theme_script, "pydata-sphinx-theme.js")
    if json.loads(theirs[2]) != scrollable_regions():
        raise ValueError(f"the theme measures {theirs[2]}, tab-stops.js {scrollable_regions()}")
    return theme_script[: theirs.start()] + theirs[1] + "{}" + theme_script[theirs.end() :]


def theme_script() -> Path:
    import pydata_sphinx_theme

    return Path(pydata_sphinx_theme.__file__).parent / "theme/pydata_sphinx_theme/static/scripts/pydata-sphinx-theme.js"


def replace_theme_tab_stops(app, exception):
    """Build hook: the served theme script leaves tab stops to tab-stops.js."""
    if exception is not None or app.builder.name != "html":
        return
    target = Path(app.outdir) / "_static" / "scripts" / "pydata-sphinx-theme.js"
    target.write_text(without_theme_tab_stops(theme_script().read_text(encoding="utf-8")), encoding="utf-8")
