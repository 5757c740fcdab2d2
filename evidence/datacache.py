"""Make data changes re-execute the notebooks that read the changed data.

The execution cache (jupyter-cache, used by myst-nb) keys on a notebook's code
cells only, so a changed CSV would re-execute nothing. Before each build,
``python -m evidence.datacache`` fingerprints the data each notebook reads; for
every notebook whose fingerprint changed it drops the cached execution and
touches the notebook so that Sphinx reads it again.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from pathlib import Path

import nbformat

from evidence.data import DATA_DIR, ROOT, package

BOOK_DIR = ROOT / "book"
PACKAGE_DIR = Path(__file__).resolve().parent
CACHE_DIR = ROOT / "_build" / ".jupyter_cache"
STATE_FILE = ROOT / "_build" / ".data-fingerprints.json"

_LOAD_CALL = re.compile(r"""\bload\(\s*["'](\w+)["']""")
_ALL_TABLES_CALL = re.compile(r"\btables\(\)")
# Every chapter shows its verdicts (claims) and its sources; page helpers may show cited statements.
_ALWAYS = ("sources", "claims", "statements")


def code_of(notebook: Path) -> str:
    nb = nbformat.read(notebook, as_version=4)
    return "\n".join(cell.source for cell in nb.cells if cell.cell_type == "code")


def tables_read(notebook: Path, data_dir: Path = DATA_DIR) -> set[str]:
    """Tables a notebook reads: each load("name") call, or all of them if it lists tables()."""
    code = code_of(notebook)
    every = [r["name"] for r in package(data_dir)["resources"]]
    if _ALL_TABLES_CALL.search(code):
        return set(every)
    return (set(_LOAD_CALL.findall(code)) | set(_ALWAYS)) & set(every)


def fingerprint(notebook: Path, data_dir: Path = DATA_DIR) -> str:
    # The shared package shapes every output too, so a change to it re-executes every notebook.
    paths = [data_dir / "datapackage.json", *sorted(PACKAGE_DIR.glob("*.py"))]
    paths += [data_dir / r["path"] for r in package(data_dir)["resources"] if r["name"] in tables_read(notebook, data_dir)]
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def refresh(book_dir: Path = BOOK_DIR, data_dir: Path = DATA_DIR, cache_dir: Path = CACHE_DIR,
            state_file: Path = STATE_FILE) -> list[Path]:
    """Invalidate the cached runs of notebooks whose data changed; return those notebooks."""
    state = json.loads(state_file.read_text()) if state_file.exists() else {}
    cache = None
    if cache_dir.exists():
        from jupyter_cache import get_cache

        cache = get_cache(cache_dir)
    changed = []
    for notebook in sorted(book_dir.glob("*.ipynb")):
        key, current = notebook.name, fingerprint(notebook, data_dir)
        if state.get(key) == current:
            continue
        if cache is not None:
            try:
                record = cache.match_cache_notebook(nbformat.read(notebook, as_version=4))
                cache.remove_cache(record.pk)
            except KeyError:
                pass  # never executed: nothing cached to drop
        os.utime(notebook)  # Sphinx re-reads documents by modification time
        state[key] = current
        changed.append(notebook)
    state_file.parent.mkdir(parents=True, exist_ok=True)
    state_file.write_text(json.dumps(state, indent=2, sort_keys=True) + "\n")
    return changed


def main() -> int:
    changed = refresh()
    names = ", ".join(path.name for path in changed) or "none"
    print(f"notebooks to re-execute for changed data: {names}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
