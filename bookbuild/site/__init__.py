"""Sphinx glue for the book: the reader's page. Each job is its own module:

- ``rows``: row anchors and links, "Rows behind these verdicts", and each page's dependency on the tables
  whose rows it shows (so a data edit rewrites exactly the pages that show the row);
- ``findings``: under a chapter's title, links to its verdicts and first chart, Key findings and the reading time;
- ``figures``: numbered figures, the data behind each, links from "Figure X.Y" in the prose;
- ``citations``: "cite this claim", "Cite this chapter" (or book) and the citation meta tags, in four formats;
- ``editions``: each claim's verdict in every version, its ClaimReview, and the site's versions.json;
- ``claims``: every claim id in the text linked to its verdict;
- ``chrome``: the theme's options, scripts, header buttons, PDF links, the version in the footer;
- ``publish``: the data package at the site's data/, a Content-Security-Policy on every page, and no script
  that stops the parser;
- ``icons``: the icon fonts cut down to the icons the site shows;
- ``styles``: the vendored stylesheets cut down to the rules the site can use;
- ``tabstops``: the theme's script without its load-time measuring of scrollable regions (tab-stops.js
  measures each as it is laid out);
- ``text``: the one walker over a page's text.
"""

from __future__ import annotations

import hashlib

from bookbuild.site import (
    chrome,
    citations,
    claims,
    editions,
    figures,
    findings,
    icons,
    publish,
    rows,
    styles,
    tabstops,
)
from bookbuild.site.text import visible_words
from evidence.paths import ROOT

# What shapes every page without being a document (Sphinx would not notice a change to it): the code
# that writes pages, the project's descriptions, the templates and assets. Folders, not lists of files.
PAGE_INPUTS = [
    "evidence/**/*.py",
    "bookbuild/**/*.py",
    "CITATION.cff",
    "history.json",
    "_toc.yml",
    "_templates/**/*.html",
    "_assets/*.*",
]


def inputs_fingerprint() -> str:
    digest = hashlib.sha256()
    for pattern in PAGE_INPUTS:
        for path in sorted(ROOT.glob(pattern)):
            digest.update(path.relative_to(ROOT).as_posix().encode() + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def claim_footer(claim_id: str, title: str, pagename: str) -> str:
    """Under a verdict: its history across versions, "cite this claim", and its ClaimReview."""
    return (
        editions.claim_history(claim_id)
        + citations.claim_block(claim_id, title, pagename)
        + editions.claim_review(claim_id, title, pagename)
    )


def reader_page(app, pagename, templatename, context, doctree):
    """Claim links, citations and histories, rows behind the verdicts, numbered figures with their data, row
    links, and under a chapter's title its jump links and key findings."""
    body = context.get("body", "")
    if doctree is None or not body:
        return
    body = rows.dedupe_row_anchors(body)
    body = claims.link_ledger(claims.link_claim_ids(body, pagename), pagename)
    claim_ids = list(dict.fromkeys(rows.CLAIM_ANCHOR.findall(body)))
    if claim_ids:
        title = citations.page_title(context)
        body = citations.SLOT.sub(lambda m: claim_footer(m.group(1), title, pagename), body)
        body = rows.add_rows_behind(body, claim_ids)
    if figures.CHART_MARKER in body:
        from bookbuild.cite import chapter_url

        body = figures.number_figures(app.outdir, pagename, chapter_url(pagename), body)
    body = rows.link_row_ids(body)
    if chrome.is_notebook(app, pagename, doctree) and pagename != "book/intro":
        key = findings.key_findings(claim_ids, visible_words(body)) if claim_ids else ""
        body = findings.under_title(body, findings.jump_links(body) + key)
    context["body"] = body + editions.data_package_note(pagename)


def page_citation(app, pagename, templatename, context, doctree):
    """Every page a student may cite (each page of the book, methods included) ends with its citation."""
    if doctree is not None and pagename.startswith("book/"):
        citations.add_page_citation(app, pagename, context, chrome.is_notebook(app, pagename, doctree))


def setup(app):
    # A config value that changes with the page inputs makes Sphinx rewrite every page when they change.
    app.add_config_value("book_inputs_fingerprint", inputs_fingerprint(), "html")
    app.connect("config-inited", chrome.set_theme_options)
    app.connect("doctree-read", rows.note_data_dependencies)
    app.connect("html-page-context", chrome.fix_extension_markup)
    app.connect("html-page-context", reader_page)
    app.connect("html-page-context", page_citation)
    app.connect("html-page-context", chrome.add_version)
    app.add_css_file("book.css")
    app.add_js_file("sortable.js", loading_method="defer")
    app.add_js_file("editions.js", loading_method="defer")
    app.add_js_file("tab-stops.js", loading_method="defer")
    app.add_js_file("colour-mode.js", loading_method="defer")  # before the theme's own script, which reads the mode
    app.add_css_file("editions.css")
    app.connect("html-page-context", chrome.add_chart_scripts)
    app.add_css_file("print.css", media="print")
    app.connect("html-page-context", chrome.add_pdf_links)
    app.connect("html-page-context", chrome.header_without_inline_script, priority=900)
    app.connect("build-finished", publish.publish_data)
    app.connect("build-finished", editions.write_site_files)
    app.connect("build-finished", publish.unblock_and_secure_pages)
    app.connect("build-finished", icons.add_icon_subsets)
    app.connect("build-finished", styles.add_cut_stylesheets)  # after the icons: they read the whole sheets
    app.connect("build-finished", tabstops.replace_theme_tab_stops)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
