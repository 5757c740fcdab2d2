"""The page around the article: the theme's options, which scripts a page loads, the header's buttons, the
PDF links, the version in the footer, and extension markup that accessibility checkers flag."""

from __future__ import annotations

import functools
import zlib
from pathlib import Path

from bookbuild.project import metadata
from bookbuild.site.figures import CHART_MARKER

# What the theme would show a reader twice, or over a chart: its header's "Search Ctrl+K" field repeats the
# sidebar's own at desktop widths, and its fixed "Back to top" button lies over chart legends (the header
# stays, and each chapter's jump links lead back to what matters).
THEME_OPTIONS = {"navbar_persistent": [], "back_to_top_button": False}


def set_theme_options(app, config):
    config.html_theme_options = {**config.html_theme_options, **THEME_OPTIONS}


def drop_unused_scripts(context) -> None:
    """Remove sphinx-thebe's scripts: thebe (live code in the page) is off, yet its script still
    declares THEBE_JS_URL twice, a console error on every page. The book launches Binder instead."""

    def unused(asset):
        name = str(getattr(asset, "filename", "") or "")
        body = str(getattr(asset, "attributes", {}).get("body", ""))
        return "thebe" in name or "THEBE_JS_URL" in body

    context["script_files"] = [s for s in context.get("script_files", []) if not unused(s)]
    context["css_files"] = [c for c in context.get("css_files", []) if "thebe" not in str(getattr(c, "filename", ""))]


@functools.cache
def bundle_version(outdir: str) -> str:
    """The bundle's checksum, as Sphinx writes one for its own scripts (read once per build)."""
    bundle = Path(outdir) / "_static" / "vega" / "vega-bundle.js"
    return f"?v={zlib.crc32(bundle.read_bytes()):08x}" if bundle.exists() else ""


def add_chart_scripts(app, pagename, templatename, context, doctree):
    """A page without charts loads no chart script at all. The script goes into this page's own list
    (app.add_js_file here would register it for every later page); charts.js fetches the Vega bundle
    itself, so a reader who only reads does not download it."""
    drop_unused_scripts(context)
    if CHART_MARKER in context.get("body", ""):
        from sphinx.builders.html._assets import _JavaScript

        src = context["pathto"]("_static/vega/vega-bundle.js", 1) + bundle_version(str(app.outdir))
        context["script_files"] = [
            *context.get("script_files", []),
            _JavaScript("_static/charts.js", defer="defer", **{"data-vega-bundle": src}),
        ]


def add_version(app, pagename, templatename, context, doctree):
    """The footer names the version, read from CITATION.cff like every citation."""
    version = f"Version {metadata()['version']}."
    context["theme_extra_footer"] = f"{context.get('theme_extra_footer', '')} {version}".strip()


def is_notebook(app, pagename, doctree) -> bool:
    return doctree is not None and str(app.env.doc2path(pagename)).endswith(".ipynb")


def pdf_href(app, pagename, doctree) -> str:
    """The PDF a page offers: its own (every notebook page prints as one), else the whole book's."""
    up = "../" * pagename.count("/")
    return f"{up}pdf/{pagename.split('/')[-1]}.pdf" if is_notebook(app, pagename, doctree) else f"{up}pdf/book.pdf"


def add_pdf_links(app, pagename, templatename, context, doctree):
    """Each chapter page links to its own PDF and to the whole book's (make pdf writes both)."""
    if doctree is None or app.builder.name != "html" or not pagename.startswith("book/"):
        return
    up = "../" * pagename.count("/")
    links = []
    if is_notebook(app, pagename, doctree):
        links.append(f'<a href="{pdf_href(app, pagename, doctree)}">This chapter as PDF</a>')
    links.append(f'<a href="{up}pdf/book.pdf">The whole book as PDF</a>')
    context["body"] = context.get("body", "") + f'<p class="book-pdf-links">{" · ".join(links)}</p>'


def header_without_inline_script(app, pagename, templatename, context, doctree):
    """The theme's header buttons without inline JavaScript (the Content-Security-Policy forbids it): the
    download menu's ".pdf" is the page's own PDF, and fullscreen mode is left out."""
    is_chapter = is_notebook(app, pagename, doctree)

    def fixed(button):
        if button.get("type") == "group":
            return {**button, "buttons": [b for b in map(fixed, button.get("buttons", [])) if b]}
        if button.get("type") != "javascript":
            return button
        if button.get("label") == "download-pdf-button":
            kept = {k: v for k, v in button.items() if k != "javascript"}
            tooltip = "This chapter as PDF" if is_chapter else "The whole book as PDF"
            return {**kept, "type": "link", "url": pdf_href(app, pagename, doctree), "tooltip": tooltip}
        return None

    context["header_buttons"] = [b for b in map(fixed, context.get("header_buttons", [])) if b]


# Markup from extensions that axe-core flags, and what it becomes: myst-nb names "Show code cell source"
# toggles "Toggle hidden content", a name that differs from the text.
ACCESSIBLE_MARKUP = {'<summary aria-label="Toggle hidden content">': "<summary>"}


def fix_extension_markup(app, pagename, templatename, context, doctree):
    body = context.get("body", "")
    for before, after in ACCESSIBLE_MARKUP.items():
        body = body.replace(before, after)
    context["body"] = body
