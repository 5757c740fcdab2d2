"""The data catalog page, generated from data/datapackage.json (every string escaped: see evidence.markup)."""

from __future__ import annotations

import pandas as pd

from evidence import page
from evidence.data import file_hash, licence_file, load, package, resource, tables
from evidence.markup import Html, attr, link, text


def _licences(entries: list[dict]) -> str:
    return ", ".join(link(lic.get("path"), lic.get("title", lic.get("name", ""))) for lic in entries)


def own_licences() -> Html:
    """Every file of the package under licences of its own (a vendored file, such as the map's boundaries), with
    those licences and the licence text, all read from datapackage.json."""
    items = []
    for res in package()["resources"]:
        if not res.get("licenses"):
            continue
        where = licence_file(res)
        full = (
            f' Licence text: <a href="../data/{attr(where)}" download><code>{text(where)}</code></a>.' if where else ""
        )
        items.append(
            f"<li>{text(res['title'])} ({page.data_link(res['name'])}): {_licences(res['licenses'])}.{full}</li>"
        )
    if not items:
        return Html("")
    return Html(f"<p>Files under licences of their own:</p><ul>{''.join(items)}</ul>")


def package_summary() -> Html:
    meta = package()
    return Html(
        f"<p><strong>{text(meta['title'])}</strong>, version {text(meta['version'])}. {text(meta['description'])} "
        f"Licence: {_licences(meta['licenses'])}.</p>{own_licences()}"
    )


def tables_overview() -> Html:
    """One row per table: what it holds, rows, source pages and a download link."""
    rows = []
    for name in tables():
        res, frame = resource(name), load(name)
        pages = frame["source_id"].nunique() if "source_id" in frame else len(frame)
        rows.append(
            f"<tr><td>{text(res['title'])}</td><td>{text(res['description'])}</td><td>{len(frame)}</td>"
            f"<td>{pages}</td><td>{page.data_link(name)}</td></tr>"
        )
    head = "".join(f'<th scope="col">{h}</th>' for h in ("Table", "What it holds", "Rows", "Sources", "Download"))
    return Html(
        '<div class="table-wrapper" tabindex="0" role="region" aria-label="Tables of the data package">'
        f'<table class="evidence-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
    )


def columns() -> Html:
    """Each table's columns: type, whether required, allowed values and meaning."""
    parts = []
    for name in tables():
        res = resource(name)
        fields = pd.DataFrame(
            {
                "column": f["name"],
                "type": f["type"],
                "required": "yes" if f.get("constraints", {}).get("required") else "",
                "allowed values": ", ".join(f.get("constraints", {}).get("enum", [])),
                "meaning": f.get("description", ""),
            }
            for f in res["schema"]["fields"]
        )
        # One section per table, so a phone lays out only the tables near the screen (book.css).
        parts.append(
            f"<section class='catalog-columns' aria-labelledby='table-{text(name)}'>"
            f"<h3 id='table-{text(name)}'>{text(res['title'])} (<code>{text(res['path'])}</code>)</h3>"
            f"<p>sha256 <code>{file_hash(name)}</code></p>"
            + page.table(fields, list(fields.columns), caption=f"Columns of {res['path']}")
            + "</section>"
        )
    return Html("\n".join(parts))
