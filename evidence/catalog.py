"""The data catalog page, generated from data/datapackage.json."""

from __future__ import annotations

import html

from IPython.display import HTML, Markdown

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
    parts = []
    for name in tables():
        res = resource(name)
        rows = "".join(
            f"<tr><td><code>{f['name']}</code></td><td>{f['type']}</td>"
            f"<td>{'yes' if f.get('constraints', {}).get('required') else ''}</td>"
            f"<td>{html.escape(', '.join(f.get('constraints', {}).get('enum', [])))}</td>"
            f"<td>{html.escape(f['description'])}</td></tr>"
            for f in res["schema"]["fields"]
        )
        parts.append(
            f"<h3 id='table-{name}'>{html.escape(res['title'])} (<code>{res['path']}</code>)</h3>"
            f"<p>sha256 <code>{file_hash(name)[:16]}…</code></p>"
            f'<div class="table-wrapper"><table class="evidence-table"><caption>Columns of {res["path"]}</caption>'
            f'<thead><tr><th scope="col">Column</th><th scope="col">Type</th><th scope="col">Required</th>'
            f'<th scope="col">Allowed values</th><th scope="col">Meaning</th></tr></thead><tbody>{rows}</tbody></table></div>'
        )
    return HTML("\n".join(parts))
