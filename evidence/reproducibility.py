"""The reproducibility page: package versions and data file hashes (deterministic, so nbval can check them)."""

from __future__ import annotations

from importlib.metadata import version

from IPython.display import Markdown

from evidence.data import file_hash, resource, tables

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


def versions() -> Markdown:
    rows = ["| Package | Version |", "|---|---|"] + [f"| {name} | {version(name)} |" for name in PACKAGES]
    return Markdown("The Python packages are pinned in `uv.lock`; the main ones:\n\n" + "\n".join(rows))


def data_hashes() -> Markdown:
    rows = ["| File | sha256 |", "|---|---|"]
    rows += [f"| `data/{resource(name)['path']}` | `{file_hash(name)}` |" for name in tables()]
    return Markdown("\n".join(rows))
