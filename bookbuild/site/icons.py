"""The icon fonts cut down to the icons the site shows.

The theme ships Font Awesome whole: its solid font alone is 156 kB, the largest file a page loads, for the
dozen icons in the header and the sidebar. After a build, each of the three fonts is subset from the theme's
own copy to the code points the site can ask for:

- every icon class (``fa-bars``) named in a page or a script of the site, through the theme CSS's
  ``.fa-bars:before{content:"\\f0c9"}`` rules;
- every code point the CSS itself uses outside those rules (admonition and other theme icons).

Subsetting always starts from the theme's file, so an icon added later is never missing from an earlier cut.
"""

from __future__ import annotations

import re
from pathlib import Path

ICON_FONTS = ("fa-solid-900.woff2", "fa-regular-400.woff2", "fa-brands-400.woff2")
WEBFONTS = Path("_static") / "vendor" / "fontawesome" / "webfonts"

_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_ICON_SELECTOR = re.compile(r"\.(fa-[\w-]+):(?::)?(?:before|after)")
_QUOTED = re.compile(r'"([^"]*)"')
_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6}) ?")
PRIVATE_USE = range(0xE000, 0xF900)  # where Font Awesome puts its icons


def icon_codepoints(declarations: str) -> set[int]:
    """The private-use code points in a rule's strings, written as escapes ("\\f0c9") or as the characters."""
    text = "".join(_ESCAPE.sub(lambda m: chr(int(m[1], 16)), quoted) for quoted in _QUOTED.findall(declarations))
    return {ord(c) for c in text if ord(c) in PRIVATE_USE}


_ICON_NAME = re.compile(r"\bfa-[a-z0-9]+(?:-[a-z0-9]+)*")


def css_codepoints(css: str) -> tuple[dict[str, set[int]], set[int]]:
    """From a stylesheet: each icon class's code points, and the code points used by any other rule."""
    icons: dict[str, set[int]] = {}
    elsewhere: set[int] = set()
    for selectors, declarations in _RULE.findall(css):
        points = icon_codepoints(declarations)
        if not points:
            continue
        parts = [s.strip() for s in selectors.split(",")]
        names = [_ICON_SELECTOR.fullmatch(part) for part in parts]
        if all(names):
            for name in names:
                icons.setdefault(name[1], set()).update(points)
        else:
            elsewhere |= points
    return icons, elsewhere


def codepoints_used(site: Path) -> set[int]:
    """Every code point of an icon font that a page of the site can show."""
    icons: dict[str, set[int]] = {}
    points: set[int] = set()
    for sheet in (site / "_static").rglob("*.css"):
        sheet_icons, sheet_points = css_codepoints(sheet.read_text(encoding="utf-8", errors="replace"))
        points |= sheet_points
        for name, codes in sheet_icons.items():
            icons.setdefault(name, set()).update(codes)
    names: set[str] = set()
    for pattern in ("*.html", "*.js"):
        for path in site.rglob(pattern):
            names |= set(_ICON_NAME.findall(path.read_text(encoding="utf-8", errors="replace")))
    for name in names & icons.keys():
        points |= icons[name]
    return points


def theme_webfonts() -> Path:
    """The theme's own, whole copies of the fonts."""
    import pydata_sphinx_theme

    return (
        Path(pydata_sphinx_theme.__file__).parent
        / "theme"
        / "pydata_sphinx_theme"
        / "static"
        / WEBFONTS.relative_to("_static")
    )


def subset_icon_fonts(site: Path, source: Path | None = None) -> dict[str, tuple[int, int]]:
    """Each icon font of the site rewritten as the subset it uses; per font, (bytes before, bytes after)."""
    from fontTools import subset

    source = source or theme_webfonts()
    points = codepoints_used(site)
    sizes = {}
    for name in ICON_FONTS:
        whole, target = source / name, site / WEBFONTS / name
        if not whole.is_file() or not target.parent.is_dir():
            continue
        options = subset.Options(flavor="woff2", layout_features=["*"], notdef_outline=True)
        font = subset.load_font(str(whole), options)
        cutter = subset.Subsetter(options)
        cutter.populate(unicodes=points)
        cutter.subset(font)
        subset.save_font(font, str(target), options)
        sizes[name] = (whole.stat().st_size, target.stat().st_size)
    return sizes


def add_icon_subsets(app, exception):
    """Build hook: after the HTML is written, every icon font is the subset the site uses."""
    if exception is not None or app.builder.name != "html":
        return
    subset_icon_fonts(Path(app.outdir))
