"""The reproducibility page: package versions and data file hashes (deterministic, so nbval can check them)."""

from __future__ import annotations

from importlib.metadata import version

from evidence.data import file_hash, resource, tables
from evidence.markup import Html, text

PACKAGES = [
    "jupyter-book",
    "sphinx",
    "myst-nb",
    "sphinx-book-theme",
    "jupyter-cache",
    "pandas",
    "numpy",
    "altair",
    "vl-convert-python",
    "frictionless",
    "nbval",
    "pytest",
]


def _table(head: tuple[str, str], rows: list[tuple[str, str]]) -> Html:
    cells = "".join(f"<tr><td>{a}</td><td>{b}</td></tr>" for a, b in rows)
    return Html(
        f'<table class="table"><thead><tr><th scope="col">{head[0]}</th><th scope="col">{head[1]}</th></tr></thead>'
        f"<tbody>{cells}</tbody></table>"
    )


def versions() -> Html:
    rows = [(text(name), text(version(name))) for name in PACKAGES]
    intro = "<p>The Python packages are pinned in <code>uv.lock</code>; the main ones:</p>"
    return Html(intro + _table(("Package", "Version"), rows))


def data_hashes() -> Html:
    rows = [
        (f"<code>data/{text(resource(name)['path'])}</code>", f"<code>{file_hash(name)}</code>") for name in tables()
    ]
    return Html(_table(("File", "sha256"), rows))
