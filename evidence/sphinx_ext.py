"""Sphinx glue for the book: load the Vega bundle only on pages that hold a chart."""

from __future__ import annotations

CHART_MARKER = 'class="book-chart"'


def _add_chart_scripts(app, pagename, templatename, context, doctree):
    # A page without charts loads no Vega at all (page-weight budget).
    if CHART_MARKER in context.get("body", ""):
        app.add_js_file("vega/vega-bundle.js", loading_method="defer")
        app.add_js_file("charts.js", loading_method="defer")


def setup(app):
    app.add_css_file("book.css")
    app.connect("html-page-context", _add_chart_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
