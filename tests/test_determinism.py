"""Two independent executions of every notebook give identical outputs.

The build's one execution sits in the jupyter cache, and `make outputs` stores it in book/*.ipynb:
the stored outputs must be those of the current code and data. nbval, in the same suite, is the
independent second execution, which must reproduce them.
"""

from __future__ import annotations

import nbformat
import pytest
from conftest import ROOT
from jupyter_cache import get_cache

from bookbuild.project import notebooks

pytestmark = pytest.mark.slow  # runs notebooks or builds, or reads the built book

CACHE = ROOT / "_build" / ".jupyter_cache"
NOTEBOOKS = notebooks()


def _outputs(nb) -> list:
    return [
        [{k: v for k, v in out.items() if k not in ("execution_count", "metadata")} for out in cell.get("outputs", [])]
        for cell in nb.cells
        if cell.cell_type == "code"
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_build_execution_matches_stored_outputs(site, path):
    stored = nbformat.read(path, as_version=4)
    record = get_cache(CACHE).match_cache_notebook(stored)  # KeyError: the build did not execute this version
    built = get_cache(CACHE).get_cache_bundle(record.pk).nb
    assert _outputs(built) == _outputs(stored), f"{path.name}: run `make outputs` and look for non-deterministic output"
