"""Changing a CSV re-executes the notebooks that read it, and only those."""

from __future__ import annotations

import shutil

import nbformat
from jupyter_cache import get_cache

from evidence import datacache
from evidence.data import DATA_DIR


def _notebook(path, code):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    nbformat.write(nb, path)
    return path


def test_changed_csv_drops_the_cached_run_of_its_readers(tmp_path):
    data, book, cache_dir, state = tmp_path / "data", tmp_path / "book", tmp_path / "cache", tmp_path / "state.json"
    shutil.copytree(DATA_DIR, data)
    book.mkdir()
    reader = _notebook(book / "reader.ipynb", 'from evidence.data import load\nload("events")')
    other = _notebook(book / "other.ipynb", 'from evidence.data import load\nload("munitions_estimates")')
    cache = get_cache(cache_dir)
    for nb in (reader, other):
        cache.cache_notebook_file(nb, check_validity=False)

    first = datacache.refresh(book, data, cache_dir, state)
    assert {p.name for p in first} == {"reader.ipynb", "other.ipynb"}  # first run: nothing recorded yet
    for nb in (reader, other):  # as a build would, put the executions back
        cache.cache_notebook_file(nb, check_validity=False, overwrite=True)
    assert datacache.refresh(book, data, cache_dir, state) == []  # nothing changed, nothing to redo

    with (data / "events.csv").open("a", encoding="utf-8") as handle:
        handle.write("\n")
    changed = datacache.refresh(book, data, cache_dir, state)
    assert [p.name for p in changed] == ["reader.ipynb"]
    uris = {record.uri for record in cache.list_cache_records()}
    assert str(other) in uris and str(reader) not in uris


def test_tables_read_are_found_from_load_calls(tmp_path):
    nb = _notebook(tmp_path / "x.ipynb", 'a = load("events")\nb = load( "unga_votes" )')
    assert datacache.tables_read(nb) == {"events", "unga_votes", "sources", "claims", "statements"}
