"""The execute step: it fails loudly on a notebook error, re-executes exactly what read changed data,
and a data change reaches every page that shows a data fingerprint."""

from __future__ import annotations

import csv
import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from evidence.data import DATA_DIR
from evidence.paths import ROOT

pytestmark = pytest.mark.slow  # runs notebooks or builds, or reads the built book


def _notebook(path: Path, *codes: str) -> Path:
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell(f"# {path.stem}")] + [nbformat.v4.new_code_cell(code) for code in codes]
    )
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def _book(root: Path, *stems: str) -> None:
    root.mkdir(exist_ok=True)
    chapters = "".join(f"  - file: book/{stem}\n" for stem in stems[1:])
    (root / "_toc.yml").write_text(
        f"format: jb-book\nroot: book/{stems[0]}\n" + (f"chapters:\n{chapters}" if chapters else "")
    )


def _execute(root: Path, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bookbuild.execute", "execute", "--root", str(root)],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        cwd=ROOT,
    )


def test_a_failing_notebook_is_reported_by_name_with_its_error(tmp_path):
    _book(tmp_path, "fine", "broken")
    _notebook(tmp_path / "book" / "fine.ipynb", "1 + 1")
    _notebook(tmp_path / "book" / "broken.ipynb", "x = 1", "raise ValueError('bad data in row 7')")
    result = _execute(tmp_path)
    assert result.returncode != 0
    report = result.stdout
    assert re.search(
        r"book/broken\.ipynb: notebook failed in the cell starting \"raise ValueError.*ValueError: bad data in row 7",
        report,
    ), report
    assert "fine.ipynb: notebook failed" not in report
    assert "Traceback (most recent call last)" not in report


def test_a_book_with_no_notebooks_is_an_error(tmp_path):
    _book(tmp_path, "missing")
    assert _execute(tmp_path).returncode != 0


def test_a_changed_table_re_executes_exactly_its_readers(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    _book(tmp_path, "reader", "other")
    _notebook(tmp_path / "book" / "reader.ipynb", 'from evidence.data import load\nlen(load("events"))')
    _notebook(tmp_path / "book" / "other.ipynb", 'from evidence.data import load\nlen(load("munitions_estimates"))')
    env = {"EVIDENCE_DATA_DIR": str(data)}
    first = _execute(tmp_path, **env)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "executing 2 of 2 notebooks" in first.stdout
    assert (tmp_path / "_build" / ".deps" / "reader.tables").read_text().split() == ["events"]

    again = _execute(tmp_path, **env)
    assert "nothing to execute" in again.stdout, again.stdout

    with (data / "events.csv").open("a", encoding="utf-8") as handle:
        handle.write("\n")  # different bytes, same rows
    changed = _execute(tmp_path, **env)
    assert "inputs changed for: reader.ipynb" in changed.stdout, changed.stdout
    assert "executing 1 of 2 notebooks" in changed.stdout


FINGERPRINT_PAGES = ["data-catalog", "reproducibility"]


def _build_pages(root: Path, env: dict) -> None:
    prepare = subprocess.run(
        [sys.executable, "-m", "bookbuild.execute", "prepare", "--root", str(root)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert prepare.returncode == 0, prepare.stdout + prepare.stderr
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    build = subprocess.run([str(jupyter_book), "build", ".", "-n"], capture_output=True, text=True, env=env, cwd=root)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]


def test_a_data_edit_reaches_every_page_that_shows_a_fingerprint(tmp_path):
    """Build the fingerprint pages, edit one row, build again: the new sha256 everywhere, the old one nowhere."""
    root = tmp_path / "book-copy"
    root.mkdir()
    for folder in ("data", "_templates", "_assets", "_extra"):
        shutil.copytree(ROOT / folder, root / folder)
    shutil.copy(ROOT / "_config.yml", root / "_config.yml")
    (root / "book").mkdir()
    for page in FINGERPRINT_PAGES:
        shutil.copy(ROOT / "book" / f"{page}.ipynb", root / "book" / f"{page}.ipynb")
    _book(root, *FINGERPRINT_PAGES)
    env = {**os.environ, "EVIDENCE_DATA_DIR": str(root / "data")}
    _build_pages(root, env)

    table = root / "data" / "comparators.csv"
    old = hashlib.sha256(table.read_bytes()).hexdigest()
    lines = table.read_text(encoding="utf-8").splitlines(keepends=True)
    evidence = next(csv.DictReader(lines))["evidence"]
    words = " ".join(evidence.split()[:2])
    assert words in lines[1]
    lines[1] = lines[1].replace(words, words.replace(" ", "  "), 1)  # a valid edit of one row's evidence
    table.write_text("".join(lines), encoding="utf-8")
    new = hashlib.sha256(table.read_bytes()).hexdigest()
    assert new != old
    _build_pages(root, env)

    for page in FINGERPRINT_PAGES:
        html = (root / "_build" / "html" / "book" / f"{page}.html").read_text(encoding="utf-8")
        assert new in html, f"{page} does not show the new sha256 of comparators.csv"
    stale = [p.name for p in (root / "_build" / "html").rglob("*.html") if old in p.read_text(encoding="utf-8")]
    assert stale == [], f"the old sha256 is still shown on {stale}"


def test_a_chapter_page_follows_an_edit_of_a_row_it_cites_but_does_not_load(tmp_path):
    """treaty-timeline's verdicts cite mun-001, and its notebook never loads the munitions table: an edit of that
    row must still reach the page ("Rows behind these verdicts"), whatever table the row lives in."""
    root = tmp_path / "book-copy"
    root.mkdir()
    for folder in ("data", "_templates", "_assets", "_extra"):
        shutil.copytree(ROOT / folder, root / folder)
    shutil.copy(ROOT / "_config.yml", root / "_config.yml")
    (root / "book").mkdir()
    shutil.copy(ROOT / "book" / "treaty-timeline.ipynb", root / "book" / "treaty-timeline.ipynb")
    _book(root, "treaty-timeline")
    env = {**os.environ, "EVIDENCE_DATA_DIR": str(root / "data")}
    _build_pages(root, env)
    page = root / "_build" / "html" / "book" / "treaty-timeline.html"
    assert "mun-001" in page.read_text(encoding="utf-8")

    table = root / "data" / "munitions_estimates.csv"
    text = table.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("mun-001,"))
    edited = row.replace("NSC coordinator John Kirby", "NSC spokesman John Kirby", 1)
    assert edited != row
    table.write_text(text.replace(row, edited), encoding="utf-8")
    _build_pages(root, env)
    assert "NSC spokesman John Kirby" in page.read_text(encoding="utf-8"), "the page kept the old row"


def _rule(makefile: str, target: str) -> tuple[str, str]:
    """A Makefile rule's prerequisites line and its recipe."""
    match = re.search(rf"^{re.escape(target)}:(.*)\n((?:\t.*\n)*)", makefile, flags=re.M)
    assert match, f"no rule for {target}"
    return match.group(1), match.group(2)


def _runs_execute_step(makefile: str, target: str, depth: int = 3) -> bool:
    """Whether making ``target`` runs ``python -m bookbuild.execute``, in its recipe or a prerequisite's."""
    prerequisites, recipe = _rule(makefile, target)
    if "-m bookbuild.execute" in recipe or "-m bookbuild.publish" in recipe:
        return True
    stamps = {"$(HTML_STAMP)": "$(HTML_STAMP)"}
    candidates = [p for p in prerequisites.split("##")[0].split() if p in stamps or p.startswith("_build/")]
    return depth > 0 and any(_runs_execute_step(makefile, p, depth - 1) for p in candidates)


@pytest.mark.parametrize("target", ["book", "pdf", "outputs"])
def test_book_pdf_and_outputs_share_the_execute_step(target):
    assert _runs_execute_step((ROOT / "Makefile").read_text(), target)


@pytest.mark.parametrize("target", ["book", "pdf"])
def test_make_with_nothing_changed_since_the_build_builds_nothing(tmp_path, target):
    """A build stamp newer than every input: make's dry run plans no build, and still the Chromium check."""
    stamp = tmp_path / ".built"
    stamp.touch()
    plan = subprocess.run(
        ["make", "--dry-run", target, f"HTML_STAMP={stamp}"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "bookbuild.publish" not in plan, f"make {target} rebuilds an up-to-date book:\n{plan}"
    assert "command -v chromium" in plan, f"make {target} no longer stops at once without Chromium:\n{plan}"


def test_a_second_build_started_during_a_build_stops_at_once(tmp_path, monkeypatch):
    """Two builds in one folder would write one staging area: the second refuses and publishes nothing."""
    from bookbuild import publish

    monkeypatch.setattr(publish, "BUILD", tmp_path)
    monkeypatch.setattr(publish, "LOCK", tmp_path / ".lock")
    monkeypatch.setattr(publish, "ROOT", tmp_path.parent)
    monkeypatch.setattr(publish, "publish", lambda everything: 0)
    with publish.one_build_at_a_time():
        assert publish.main([]) == 1
    assert publish.main([]) == 0


def test_a_build_that_wrote_pages_wrote_the_search_index(tmp_path):
    """A build that rewrote pages but not the index (interrupted) publishes nothing; a build with nothing out of
    date, which rewrites neither, publishes what it has."""
    import os

    from bookbuild.publish import index_is_current

    page, index = tmp_path / "book" / "troops.html", tmp_path / "searchindex.js"
    page.parent.mkdir()
    page.write_text("<p>old</p>")
    os.utime(page, (1000, 1000))
    assert not index_is_current(tmp_path, started=2000)  # no index at all
    index.write_text("Search.setIndex({})")
    os.utime(index, (1500, 1500))
    assert index_is_current(tmp_path, started=2000)  # nothing written by this build
    os.utime(page, (2500, 2500))
    assert not index_is_current(tmp_path, started=2000)  # a page written, the index not
    os.utime(index, (2400, 2400))
    assert index_is_current(tmp_path, started=2000)  # both written (the hooks touch pages after the index)
