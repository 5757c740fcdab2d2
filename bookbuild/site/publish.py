"""What the build adds to the site as a whole: the data package at data/, and a Content-Security-Policy
on every page."""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
from pathlib import Path

from evidence.paths import ROOT


def publish_data(app, exception):
    """The data package as the site serves it, at data/<file>: the CSVs, datapackage.json and references.bib
    (the pages link there; the files are the ones the build validated), and the whole package as one versioned
    zip with checksums and a README (bookbuild.datazip)."""
    if exception is not None or app.builder.name != "html":
        return
    from bookbuild.datazip import write
    from bookbuild.project import metadata
    from evidence.data import DATA_DIR, licence_file, package

    target = Path(app.outdir) / "data"
    target.mkdir(parents=True, exist_ok=True)
    resources = package()["resources"]
    licences = [name for name in map(licence_file, resources) if name]
    names = [r["path"] for r in resources] + ["datapackage.json", *licences]
    for name in names:
        shutil.copyfile(DATA_DIR / name, target / name)
    bib = ROOT / "references.bib"
    if bib.exists():
        shutil.copyfile(bib, target / "references.bib")
    write(DATA_DIR, metadata()["version"], target, ROOT)


# Executable inline scripts are allowed by their hash; nothing else inline runs: no event handler
# attribute, no javascript: URL. Vega compiles the book's own chart expressions with Function(), which
# needs 'unsafe-eval'; no data string is ever an expression.
CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-eval' {hashes}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-src 'none'"
)
_CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*" />\n?')
_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL)
_DATA_TYPES = re.compile(r'type="(application/(ld\+)?json|text/x-thebe-config)"')


def content_security_policy(page: str) -> str:
    """The policy for one page: the hash of each inline script it runs."""
    hashes = sorted(
        {
            "'sha256-" + base64.b64encode(hashlib.sha256(m["body"].encode("utf-8")).digest()).decode() + "'"
            for m in _INLINE_SCRIPT.finditer(page)
            if "src=" not in m["attrs"] and not _DATA_TYPES.search(m["attrs"]) and m["body"].strip()
        }
    )
    return CSP.format(hashes=" ".join(hashes))


def with_csp(page: str) -> str:
    """The page with its Content-Security-Policy as the first thing in <head> (a <meta>: Pages sets no headers)."""
    page = _CSP_META.sub("", page)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(page)}" />\n'
    head = page.find("<head>")
    if head < 0:
        return page
    at = head + len("<head>")
    charset = re.match(r"\s*<meta charset=[^>]*>\n?", page[at:])
    at += charset.end() if charset else 0
    return page[:at] + meta + page[at:]


# The theme loads Sphinx's search tools and the whole search index on every page for its search-as-you-type
# dialog; with that option off (the book's setting) only search.html uses them.
_SEARCH_SCRIPTS = re.compile(r'[ \t]*<script src="[^"]*(searchtools|language_data|searchindex)\.js"></script>\n?')
_BLOCKING_SCRIPT = re.compile(r"<script (?![^>]*\b(?:defer|async|type=)[^>]*>)(?=[^>]*\bsrc=)")


def without_blocking_scripts(page: str, search_tools: bool) -> str:
    """The page with no script that stops the parser: every external script deferred (they still run in
    document order, before DOMContentLoaded; the inline scripts only set variables), and the search tools
    left out where nothing uses them. A parser-blocking script costs every page its look-ahead: with a
    <meta> Content-Security-Policy Chromium fetches the scripts after the first one one at a time."""
    if not search_tools:
        page = _SEARCH_SCRIPTS.sub("", page)
    return _BLOCKING_SCRIPT.sub('<script defer="defer" ', page)


def unblock_and_secure_pages(app, exception):
    """Every HTML file of the site gets its policy, after its scripts are made non-blocking (idempotent: a page
    written earlier is brought up to date)."""
    if exception is not None or app.builder.name != "html":
        return
    search_as_you_type = bool(app.config.html_theme_options.get("search_as_you_type", False))
    for path in Path(app.outdir).rglob("*.html"):
        page = path.read_text(encoding="utf-8")
        search_tools = search_as_you_type or path.name == "search.html"
        secured = with_csp(without_blocking_scripts(page, search_tools))
        if secured != page:
            path.write_text(secured, encoding="utf-8")
