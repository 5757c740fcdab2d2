"""Sphinx glue for the book: the reader's page.

- Vega loads only on pages that hold a chart.
- Every chapter opens with "Key findings" and a reading time; each claim's verdict gets a
  "cite this claim" block; the page carries citation meta tags (Highwire and JSON-LD).
- Row ids written as code (``dep-013``) link to their row; a chapter lists the rows behind
  its verdicts that it does not show elsewhere, so every cited id resolves on the page.
- Figures are numbered "Figure <chapter>.<n>", and each gets the data behind it: a CSV of
  the rows drawn and a JSON of their sources, licence and the book's version. Each "Figure X.Y"
  in the page's text links to its figure.
- The reading time counts the words a reader sees: a closed disclosure counts only its summary.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import html
import io
import json
import math
import re
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Files that shape every page without being documents: Sphinx would not notice a change to them.
PAGE_ASSETS = [
    "evidence/sphinx_ext.py",
    "evidence/cite.py",
    "evidence/page.py",
    "evidence/labels.py",
    "CITATION.cff",
    "_toc.yml",
    "data/claims.csv",
    "_templates/**/*.html",
    "_assets/*.*",
]
WORDS_PER_MINUTE = 200  # a careful reader of an argument with tables
CHART_DATA_DIR = "chart-data"
# Key findings: the claims the article gets wrong come first, then the partly right, the weighed,
# the open, and last those it gets right; within a rank, ledger order. At most five are shown.
FINDING_ORDER = {
    "corrected": 0,
    "unsupported": 0,
    "not borne out": 0,
    "partly supported": 1,
    "partly borne out": 1,
    "weighed, not graded": 2,
    "unverified": 3,
    "too early": 3,
    "supported": 4,
    "borne out": 4,
}
MAX_FINDINGS = 5


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


@functools.cache
def _bundle_version(outdir: str) -> str:
    """The bundle's checksum, as Sphinx writes one for its own scripts (read once per build)."""
    bundle = Path(outdir) / "_static" / "vega" / "vega-bundle.js"
    return f"?v={zlib.crc32(bundle.read_bytes()):08x}" if bundle.exists() else ""


def _add_chart_scripts(app, pagename, templatename, context, doctree):
    _drop_unused_scripts(context)
    # A page without charts loads no Vega at all (page-weight budget). The scripts go into this
    # page's own list: app.add_js_file here would register them for every later page too.
    # charts.js fetches the Vega bundle itself when the first chart comes near the screen, so a reader
    # who stops at the key findings does not download it.
    if CHART_MARKER in context.get("body", ""):
        from sphinx.builders.html._assets import _JavaScript

        src = context["pathto"]("_static/vega/vega-bundle.js", 1) + _bundle_version(str(app.outdir))
        context["script_files"] = [
            *context.get("script_files", []),
            _JavaScript("_static/charts.js", defer="defer", **{"data-vega-bundle": src}),
        ]


def _add_version(app, pagename, templatename, context, doctree):
    # The footer names the version, read from CITATION.cff like every citation.
    from evidence.cite import metadata

    version = f"Version {metadata()['version']}."
    context["theme_extra_footer"] = f"{context.get('theme_extra_footer', '')} {version}".strip()


def _is_chapter(app, pagename, doctree) -> bool:
    """Chapter pages are the book's notebooks."""
    return doctree is not None and pagename.startswith("book/") and str(app.env.doc2path(pagename)).endswith(".ipynb")


def _page_title(context) -> str:
    return html.unescape(context.get("title", ""))


def _add_citation(app, pagename, templatename, context, doctree):
    # Chapter pages (notebooks) end with a citation generated from CITATION.cff, and carry the meta
    # tags reference managers read.
    if _is_chapter(app, pagename, doctree):
        from evidence.cite import html_block, meta_tags, ris

        title = _page_title(context)
        stem = pagename.split("/")[-1]
        folder = Path(app.outdir) / "cite"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"nkgambit-{stem}.ris").write_text(ris(title, pagename), encoding="utf-8")
        ris_href = "../" * pagename.count("/") + f"cite/nkgambit-{stem}.ris"
        context["body"] = context.get("body", "") + html_block(title, pagename, ris_href)
        context["metatags"] = context.get("metatags", "") + meta_tags(title, pagename, chapter_numbers().get(pagename))


@functools.cache
def chapter_numbers() -> dict[str, int]:
    """Chapter numbers in _toc.yml order, the introduction (the root) unnumbered: book/troops -> 1."""
    files = re.findall(r"^\s*-\s*file:\s*(\S+)", (ROOT / "_toc.yml").read_text(encoding="utf-8"), flags=re.MULTILINE)
    return {name: number for number, name in enumerate(files, start=1)}


@functools.cache
def _claims():
    from evidence.data import load

    return load("claims")


@functools.cache
def row_index() -> dict:
    """Every row id of every table, with the table it is in and the row, for "Rows behind these verdicts"."""
    from evidence.data import load, tables

    index = {}
    for name in tables():
        if name in ("sources", "claims"):
            continue
        frame = load(name)
        if "id" in frame.columns:
            keys = frame["id"].astype(str)
        elif name == "unga_votes":
            keys = frame["resolution"].astype(str) + ":" + frame["iso3"].astype(str)
        elif "resolution" in frame.columns:
            keys = frame["resolution"].astype(str)
        else:
            continue
        for key, (_, row) in zip(keys, frame.iterrows(), strict=False):
            index.setdefault(key, (name, row))
    return index


def _plain(value):
    """A cell as text: dates as yyyy-mm-dd, missing values as None."""
    import pandas as pd

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.strftime("%Y-%m-%d") if hasattr(value, "strftime") else str(value)


def _first(row, names):
    for name in names:
        if name in row.index and _plain(row[name]) not in (None, ""):
            return _plain(row[name])
    return ""


def _figure_of(row) -> str:
    from evidence import labels

    low, high = _first(row, ["low", "personnel_low", "figure", "yes"]), _first(row, ["high", "personnel_high"])

    def fmt(v):
        return f"{float(v):,.0f}" if re.fullmatch(r"-?\d+(\.0+)?", v or "") else v

    if "vote" in row.index:
        return labels.value("vote", row["vote"])
    if "status" in row.index:
        return labels.value("status", row["status"])
    if not low:
        return ""
    text = fmt(low) if not high or high == low else f"{fmt(low)}–{fmt(high)}"
    if not high and "high" in row.index:
        text = f"at least {text}"
    unit = _first(row, ["unit", "measure", "item"])
    return f"{text} {labels.value('unit', unit)}".strip() if unit else text


def rows_behind(ids: list[str]):
    """The cited rows, one line each, in the columns every table shares (date, who, what, figure)."""
    import pandas as pd

    from evidence import labels

    lines = []
    for row_id in ids:
        found = row_index().get(row_id)
        if not found:
            continue
        table, row = found
        lines.append(
            {
                "id": row_id,
                "table": table.replace("_", " "),
                "date": _first(row, ["reported_on", "date", "adopted_on", "effective_date", "start_year"]),
                "reported_by": _first(row, ["reported_by", "speaker", "country", "conflict"]),
                "figure": _figure_of(row),
                "measure": labels.value(
                    "measure", _first(row, ["measure", "item", "topic", "category", "event", "title"])
                ),
                "evidence": _first(row, ["evidence", "development"]),
                "source_id": _first(row, ["source_id"]),
            }
        )
    return pd.DataFrame(lines)


_ROW_ANCHOR = re.compile(r'id="row-([^"]+)"')
_CLAIM_ANCHOR = re.compile(r'<li id="claim-(C\d+)"')


def _dedupe_row_anchors(body: str) -> str:
    seen = set()

    def once(match):
        if match.group(1) in seen:
            return ""
        seen.add(match.group(1))
        return match.group(0)

    return _ROW_ANCHOR.sub(once, body)


def _first_sentence(text: str) -> str:
    from evidence.page import first_sentence

    return first_sentence(text)


def _words(body: str) -> int:
    """The words a reader sees: no scripts, styles, charts' print copies or code, and of a closed
    disclosure only its summary line (the measure tests/test_figures.py holds every page to)."""
    text = re.sub(r"<(script|style|svg|pre)\b.*?</\1>", " ", body, flags=re.DOTALL)
    shown, closed, in_summary = [], [], 0
    for token in re.split(r"(<[^>]+>)", text):
        if token.startswith("<"):
            name = re.match(r"<(/?)([a-zA-Z0-9]*)", token)
            if name.group(2) == "details":
                if name.group(1):
                    closed = closed[:-1]
                else:
                    closed.append(" open" not in token)
            elif name.group(2) == "summary":
                in_summary += -1 if name.group(1) else 1
            shown.append(" ")
        elif not any(closed) or (in_summary and not any(closed[:-1])):
            shown.append(token)
    return len(html.unescape("".join(shown)).split())


def key_findings(claim_ids: list[str], words: int) -> str:
    """The box under a chapter's title: up to five findings, the article's errors first, and a reading time."""
    from evidence.page import claim_anchor, verdict_badge
    from evidence.scales import JUDGEMENT_LABEL

    claims = _claims().set_index("claim_id").loc[claim_ids].reset_index()
    shown = []
    for position, row in enumerate(claims.itertuples()):
        verdict = JUDGEMENT_LABEL if row.kind == "judgement" else str(row.verdict)
        shown.append((FINDING_ORDER.get(verdict, 3), position, row, verdict))
    items = []
    for _, _, row, verdict in sorted(shown, key=lambda t: t[:2])[:MAX_FINDINGS]:
        as_of = f" as of {row.judged_as_of:%d %B %Y}" if row.kind == "prediction" and _plain(row.judged_as_of) else ""
        items.append(
            f"<li>{verdict_badge(verdict)}{html.escape(as_of)} {html.escape(_first_sentence(row.finding))} "
            f'<a class="finding-link" href="#{claim_anchor(row.claim_id)}">Claim {html.escape(row.claim_id)}</a></li>'
        )
    minutes = max(1, math.ceil(words / WORDS_PER_MINUTE))
    return (
        '<aside class="key-findings" aria-labelledby="key-findings-title">'
        '<h2 id="key-findings-title">Key findings</h2>'
        f"<ul>{''.join(items)}</ul>"
        f'<p class="reading-time">About {minutes} minute{"s" if minutes != 1 else ""} to read '
        f"({words:,} words). The evidence, charts and verdicts follow.</p></aside>"
    )


_CODE_ID = re.compile(
    r'<code class="docutils literal notranslate"><span class="pre">([^<]+)</span></code>'
    r'|<code class="row-ref">([^<]+)</code>'
)


def _link_row_ids(body: str) -> str:
    """An id written as code becomes a small link to its row, where the row is on the page."""
    anchored = set(_ROW_ANCHOR.findall(body))

    def link(match):
        row_id = html.unescape(match.group(1) or match.group(2))
        if row_id not in anchored:
            return match.group(0)
        href = html.escape("#row-" + row_id, quote=True)
        return f'<a class="row-link" href="{href}">{match.group(0)}</a>'

    return _CODE_ID.sub(link, body)


def _cited_ids(claim_ids: list[str]) -> list[str]:
    claims = _claims().set_index("claim_id").loc[claim_ids]
    ids = []
    for column in ("evidence_ids", "for_ids", "against_ids"):
        for value in claims[column].dropna():
            ids += str(value).split()
    return list(dict.fromkeys(ids))


def _add_rows_behind(body: str, claim_ids: list[str]) -> str:
    from evidence.page import table_html

    anchored = set(_ROW_ANCHOR.findall(body))
    # The ids the verdicts cite, then any other row id the page's text names as code.
    named = [html.unescape(a or b) for a, b in _CODE_ID.findall(body)]
    wanted = _cited_ids(claim_ids) + [i for i in named if i in row_index()]
    missing = [i for i in dict.fromkeys(wanted) if i not in anchored]
    frame = rows_behind(missing)
    if frame.empty:
        return body
    block = (
        '<details class="rows-behind" id="rows-behind-these-verdicts">'
        f"<summary>Rows behind these verdicts ({len(frame)} not shown above)</summary>"
        + table_html(
            frame,
            ["id", "date", "reported_by", "figure", "measure", "table", "evidence", "source_id"],
            caption="Rows the verdicts on this page cite, from every table of the book",
        )
        + "</details>"
    )
    marker = body.find('<section id="sources">')
    return body[:marker] + block + body[marker:] if marker >= 0 else body + block


def _chart_rows(spec: dict) -> list[dict]:
    """The rows a chart draws: its datasets that carry sources (else all of them), without repeats."""
    sets = list(spec.get("datasets", {}).values())
    sourced = [rows for rows in sets if any("source_id" in r for r in rows)]
    rows, seen = [], set()
    for row in (r for rows in (sourced or sets) for r in rows):
        key = json.dumps(row, sort_keys=True)
        if key not in seen:
            seen.add(key)
            rows.append(row)
    return rows


def _csv_value(value):
    """Dates as yyyy-mm-dd and whole numbers without '.0', as in the book's own CSVs."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}T00:00:00(\.0+)?", value):
        return value[:10]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _write_chart_data(app, pagename, label, stem, spec, caption) -> tuple[str, str, int]:
    from evidence import labels
    from evidence.cite import chapter_url, metadata
    from evidence.data import load

    rows = _chart_rows(spec)
    columns = list(dict.fromkeys(k for r in rows for k in r))
    folder = Path(app.outdir) / CHART_DATA_DIR
    folder.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: _csv_value(v) for k, v in r.items()} for r in rows)
    (folder / f"{stem}.csv").write_text(buffer.getvalue(), encoding="utf-8")
    meta = metadata()
    ids = list(dict.fromkeys(str(r["source_id"]) for r in rows if r.get("source_id")))
    sources = load("sources").set_index("source_id")
    pages = [{"source_id": i, **{k: _plain(v) for k, v in sources.loc[i].items()}} for i in ids if i in sources.index]
    about = {
        "figure": label,
        "caption": caption,
        "page": chapter_url(pagename),
        "book": meta["title"],
        "version": meta["version"],
        "licence": f"{meta['license']} for the book's data and text; each source page belongs to its publisher",
        "rows": len(rows),
        "csv": f"{stem}.csv",
        "columns": {c: labels.column(c) for c in columns},
        "sources": pages,
    }
    (folder / f"{stem}.json").write_text(json.dumps(about, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    prefix = "../" * pagename.count("/") + CHART_DATA_DIR + "/"
    return prefix + f"{stem}.csv", prefix + f"{stem}.json", len(rows)


_FIGURE = re.compile(r'<figure class="book-chart" id="(chart-[0-9a-f]+)">.*?</figure>', re.DOTALL)
_SPEC = re.compile(r'<script type="application/json" class="book-chart-spec">(.*?)</script>', re.DOTALL)


def _number_figures(app, pagename, body: str) -> str:
    chapter = chapter_numbers().get(pagename)
    count = 0

    def number(match):
        nonlocal count
        count += 1
        label = f"Figure {chapter}.{count}" if chapter else f"Figure {count}"
        stem = f"{pagename.split('/')[-1]}-figure-{chapter or 0}-{count}"
        figure = match.group(0)
        spec_match = _SPEC.search(figure)
        caption = re.search(r"<figcaption>(.*?)</figcaption>", figure, flags=re.DOTALL)
        if spec_match is None or caption is None:
            return figure
        spec = json.loads(spec_match.group(1))
        csv_href, json_href, rows = _write_chart_data(app, pagename, label, stem, spec, html.unescape(caption.group(1)))
        link = (
            f'<p class="chart-data">Data behind this chart: <a class="chart-data-csv" href="{csv_href}" '
            f'download>{label} rows (CSV, {rows} rows)</a> · <a class="chart-data-json" href="{json_href}">'
            "its sources, licence and version (JSON)</a></p>"
        )
        numbered = f'<figcaption><span class="figure-number">{label}.</span> {caption.group(1)}</figcaption>'
        figure = figure.replace(caption.group(0), numbered + "\n" + link)
        return figure.replace('<figure class="book-chart"', f'<figure class="book-chart" data-figure="{label}"', 1)

    return _link_figure_refs(_FIGURE.sub(number, body))


# "Figure 1.2" in a page's prose; a figure's own caption and data link are inside its <figure>.
FIGURE_REF = re.compile(r"\bFigure (\d+(?:\.\d+)?)\b")
_NUMBERED = re.compile(r'<figure class="book-chart" data-figure="Figure ([\d.]+)" id="(chart-[0-9a-f]+)">')
_SKIP_TAGS = ("a", "code", "pre", "script", "style", "figure", "summary", "svg")


def _link_figure_refs(body: str) -> str:
    """Each "Figure X.Y" in the prose becomes a link to that figure on the page (outside links, code and
    figures). A number the page does not hold stays plain text, which tests/test_figures.py reports."""
    anchors = dict(_NUMBERED.findall(body))
    if not anchors:
        return body
    out, depth = [], {tag: 0 for tag in _SKIP_TAGS}
    for token in re.split(r"(<[^>]+>)", body):
        tag = re.match(r"<(/?)([a-zA-Z0-9]+)", token) if token.startswith("<") else None
        if tag:
            name = tag.group(2).lower()
            if name in depth and not token.endswith("/>"):
                depth[name] = max(0, depth[name] + (-1 if tag.group(1) else 1))
            out.append(token)
        elif token and not any(depth.values()):
            out.append(
                FIGURE_REF.sub(
                    lambda m: (
                        f'<a class="figure-ref" href="#{anchors[m.group(1)]}">{m.group(0)}</a>'
                        if m.group(1) in anchors
                        else m.group(0)
                    ),
                    token,
                )
            )
        else:
            out.append(token)
    return "".join(out)


def _reader_page(app, pagename, templatename, context, doctree):
    """Findings first, claim citations, row links, rows behind the verdicts, numbered figures with their data."""
    body = context.get("body", "")
    if doctree is None or not body:
        return
    body = _dedupe_row_anchors(body)
    claim_ids = list(dict.fromkeys(_CLAIM_ANCHOR.findall(body)))
    if claim_ids:
        from evidence.cite import claim_block

        title = _page_title(context)
        body = re.sub(
            r'<span class="cite-claim-slot" data-claim="(C\d+)"></span>',
            lambda m: claim_block(m.group(1), title, pagename),
            body,
        )
        body = _add_rows_behind(body, claim_ids)
    if CHART_MARKER in body:
        body = _number_figures(app, pagename, body)
    body = _link_row_ids(body)
    if claim_ids and _is_chapter(app, pagename, doctree) and pagename != "book/intro":
        end = body.find("</h1>")
        if end >= 0:
            end += len("</h1>")
            body = body[:end] + key_findings(claim_ids, _words(body)) + body[end:]
    context["body"] = body


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


# ---------------------------------------------------------------- site-wide: data files, header, CSP


def _publish_data(app, exception):
    """The data package as the site serves it, at data/<file>: the CSVs, datapackage.json and references.bib
    (the pages link there; the files are the ones the build validated)."""
    if exception is not None or app.builder.name != "html":
        return
    import shutil

    from evidence.data import DATA_DIR, package

    target = Path(app.outdir) / "data"
    target.mkdir(parents=True, exist_ok=True)
    names = [r["path"] for r in package()["resources"]] + ["datapackage.json"]
    for name in names:
        shutil.copyfile(DATA_DIR / name, target / name)
    bib = ROOT / "references.bib"
    if bib.exists():
        shutil.copyfile(bib, target / "references.bib")


def _header_without_inline_script(app, pagename, templatename, context, doctree):
    """The theme's header buttons without inline JavaScript (the Content-Security-Policy forbids it): the
    download menu's ".pdf" is the chapter's own PDF (the book's elsewhere), and fullscreen mode is left out."""
    up = "../" * pagename.count("/")
    is_notebook = doctree is not None and str(app.env.doc2path(pagename)).endswith(".ipynb")
    pdf = f"{up}pdf/{pagename.split('/')[-1]}.pdf" if is_notebook else f"{up}pdf/book.pdf"

    def fixed(button):
        if button.get("type") == "group":
            return {**button, "buttons": [b for b in map(fixed, button.get("buttons", [])) if b]}
        if button.get("type") != "javascript":
            return button
        if button.get("label") == "download-pdf-button":
            tooltip = "This chapter as PDF" if is_notebook else "The whole book as PDF"
            kept = {k: v for k, v in button.items() if k != "javascript"}
            return {**kept, "type": "link", "url": pdf, "tooltip": tooltip}
        return None

    context["header_buttons"] = [b for b in map(fixed, context.get("header_buttons", [])) if b]


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
    import base64

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


def _add_csp(app, exception):
    if exception is not None or app.builder.name != "html":
        return
    for path in Path(app.outdir).rglob("*.html"):
        page = path.read_text(encoding="utf-8")
        secured = with_csp(page)
        if secured != page:
            path.write_text(secured, encoding="utf-8")


def setup(app):
    # A config value that changes with the assets makes Sphinx rewrite every page when they change.
    app.add_config_value("book_assets_fingerprint", assets_fingerprint(), "html")
    app.connect("html-page-context", _fix_extension_markup)
    app.connect("html-page-context", _reader_page)
    app.connect("html-page-context", _add_citation)
    app.connect("html-page-context", _add_version)
    app.add_css_file("book.css")
    app.add_js_file("sortable.js", loading_method="defer")
    app.connect("html-page-context", _add_chart_scripts)
    app.add_css_file("print.css", media="print")
    app.connect("html-page-context", _add_pdf_links)
    app.connect("html-page-context", _header_without_inline_script, priority=900)
    app.connect("build-finished", _publish_data)
    app.connect("build-finished", _add_csp)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
