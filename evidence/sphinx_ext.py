"""Sphinx glue for the book: load the Vega bundle only on pages that hold a chart."""

from __future__ import annotations

import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Files that shape every page without being documents: Sphinx would not notice a change to them.
PAGE_ASSETS = ["evidence/sphinx_ext.py", "evidence/cite.py", "CITATION.cff", "_templates/**/*.html", "_assets/*.*"]


def assets_fingerprint() -> str:
    digest = hashlib.sha256()
    for pattern in PAGE_ASSETS:
        for path in sorted(ROOT.glob(pattern)):
            digest.update(path.as_posix().encode() + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


CHART_MARKER = 'class="book-chart"'


def _drop_unused_scripts(context):
    """Remove sphinx-thebe's scripts: thebe (live code in the page) is off, yet its script still
    declares THEBE_JS_URL twice, a console error on every page. The book launches Binder/Colab instead."""

    def unused(asset):
        name = str(getattr(asset, "filename", "") or "")
        body = str(getattr(asset, "attributes", {}).get("body", ""))
        return "thebe" in name or "THEBE_JS_URL" in body

    context["script_files"] = [s for s in context.get("script_files", []) if not unused(s)]
    context["css_files"] = [c for c in context.get("css_files", []) if "thebe" not in str(getattr(c, "filename", ""))]


def _add_chart_scripts(app, pagename, templatename, context, doctree):
    _drop_unused_scripts(context)
    # A page without charts loads no Vega at all (page-weight budget). The scripts go into this
    # page's own list: app.add_js_file here would register them for every later page too.
    if CHART_MARKER in context.get("body", ""):
        from sphinx.builders.html._assets import _JavaScript

        context["script_files"] = [
            *context.get("script_files", []),
            _JavaScript("_static/vega/vega-bundle.js", defer="defer"),
            _JavaScript("_static/charts.js", defer="defer"),
        ]


def _add_version(app, pagename, templatename, context, doctree):
    # The footer names the version, read from CITATION.cff like every citation.
    from evidence.cite import metadata

    version = f"Version {metadata()['version']}."
    context["theme_extra_footer"] = f"{context.get('theme_extra_footer', '')} {version}".strip()


def _add_citation(app, pagename, templatename, context, doctree):
    # Chapter pages (notebooks) end with a citation generated from CITATION.cff.
    if doctree is not None and pagename.startswith("book/") and str(app.env.doc2path(pagename)).endswith(".ipynb"):
        from evidence.cite import html_block

        title = context.get("title", "").replace("&#39;", "'")
        context["body"] = context.get("body", "") + html_block(title, pagename)


# Markup from extensions that axe-core flags, and what it becomes:
# - sphinxcontrib-bibtex marks its list role="list", but its entries are not list items;
# - myst-nb names "Show code cell source" toggles "Toggle hidden content", a name that differs from the text.
_ACCESSIBLE_MARKUP = {
    '<div role="list" class="citation-list">': '<div class="citation-list">',
    '<summary aria-label="Toggle hidden content">': "<summary>",
}


def _fix_extension_markup(app, pagename, templatename, context, doctree):
    body = context.get("body", "")
    for before, after in _ACCESSIBLE_MARKUP.items():
        body = body.replace(before, after)
    context["body"] = body


def _add_pdf_links(app, pagename, templatename, context, doctree):
    # Each chapter page links to its own PDF (notebooks only) and to the whole book's (make pdf writes both).
    if doctree is None or app.builder.name != "html" or not pagename.startswith("book/"):
        return
    up = "../" * pagename.count("/")
    links = []
    if str(app.env.doc2path(pagename)).endswith(".ipynb"):
        links.append(f'<a href="{up}pdf/{pagename.split("/")[-1]}.pdf">This chapter as PDF</a>')
    links.append(f'<a href="{up}pdf/book.pdf">The whole book as PDF</a>')
    context["body"] = context.get("body", "") + f'<p class="book-pdf-links">{" · ".join(links)}</p>'


def setup(app):
    # A config value that changes with the assets makes Sphinx rewrite every page when they change.
    app.add_config_value("book_assets_fingerprint", assets_fingerprint(), "html")
    app.connect("html-page-context", _fix_extension_markup)
    app.connect("html-page-context", _add_citation)
    app.connect("html-page-context", _add_version)
    app.add_css_file("book.css")
    app.add_js_file("sortable.js", loading_method="defer")
    app.connect("html-page-context", _add_chart_scripts)
    app.add_css_file("print.css", media="print")
    app.connect("html-page-context", _add_pdf_links)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
