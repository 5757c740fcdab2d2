"""The execute step's pure pieces, without executing a notebook (the step itself: tests/test_build.py)."""

from __future__ import annotations

from pathlib import Path

from bookbuild.execute import slowest_first, summary


def test_slowest_first_runs_untimed_notebooks_before_timed_ones():
    todo = [Path("/b/quick.ipynb"), Path("/b/new.ipynb"), Path("/b/slow.ipynb")]
    times = {"quick.ipynb": 2.0, "slow.ipynb": 40.0}
    assert slowest_first(todo, times) == ["/b/new.ipynb", "/b/slow.ipynb", "/b/quick.ipynb"]


def test_summary():
    assert summary(0, 0, 0, 0.0) == "every notebook is cached and its inputs are unchanged: nothing to execute"
    assert summary(3, 3, 0, 12.34) == "executed 3 notebook(s) in 12.3 s"
    assert summary(3, 2, 1, 5.0) == "executed 2 notebook(s) in 5.0 s; 1 failed"
