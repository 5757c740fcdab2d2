"""The data catalog page, generated from data/datapackage.json."""

from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML, Markdown

from evidence import page
from evidence.data import file_hash, load, package, resource, tables


def package_summary() -> Markdown:
    meta = package()
    licences = ", ".join(f"[{lic['title']}]({lic['path']})" for lic in meta["licenses"])
    return Markdown(f"**{meta['title']}**, version {meta['version']}. {meta['description']} Licence: {licences}.")


def tables_overview() -> Markdown:
    lines = ["| Table | What it holds | Rows | Sources | Download |", "|---|---|---|---|---|"]
    for name in tables():
        res, frame = resource(name), load(name)
        pages = frame["source_id"].nunique() if "source_id" in frame else len(frame)
        lines.append(
            f"| {res['title']} | {res['description']} | {len(frame)} | {pages} | "
            f"{{download}}`{res['path']} <../data/{res['path']}>` |"
        )
    return Markdown("\n".join(lines))


def columns() -> HTML:
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
                "meaning": f["description"],
            }
            for f in res["schema"]["fields"]
        )
        parts.append(
            f"<h3 id='table-{name}'>{html.escape(res['title'])} (<code>{res['path']}</code>)</h3>"
            f"<p>sha256 <code>{file_hash(name)}</code></p>"
            + page.table(fields, list(fields.columns), caption=f"Columns of {res['path']}").data
        )
    return HTML("\n".join(parts))
