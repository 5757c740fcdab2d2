"""``make book``: build the whole book in a staging folder, and publish it to _build/html only when every step
succeeded. A book is published whole or not at all.

1. the execute step (bookbuild.execute: validate data/, execute the notebooks that need it); any problem stops here;
2. Jupyter Book writes the HTML into _build/stage/_build/html (strict: a warning is an error). A staged build that
   was interrupted is marked (_build/stage/.incomplete) and the next one rebuilds every page from scratch, so no
   page, and no search index, is left half old;
3. a build that wrote pages must have written the search index too (a build with nothing out of date may
   write neither);
4. the PDFs the pages link to are printed from the staged pages (bookbuild.printing), so they are never older
   than the HTML;
5. the staged site replaces _build/html in one rename, and _build/book.pdf is refreshed.

One build at a time: a second ``make book`` started while one runs stops at once and says so (_build/.lock).

``python -m bookbuild.publish [--all]`` (--all: rebuild every page, as ``make strict``).
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bookbuild.execute import prepare
from evidence.paths import ROOT

BUILD = ROOT / "_build"
STAGE = BUILD / "stage"
STAGED_SITE = STAGE / "_build" / "html"
SITE = BUILD / "html"
MARK = STAGE / ".incomplete"
LOCK = BUILD / ".lock"
JB_FLAGS = ["-W", "-n", "--keep-going"]


def build_html(everything: bool) -> int:
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    command = [str(jupyter_book), "build", str(ROOT), *JB_FLAGS, "--path-output", str(STAGE)]
    return subprocess.run([*command, "--all"] if everything else command, cwd=ROOT).returncode


def swap_in(staged: Path, site: Path) -> None:
    """Replace ``site`` with a copy of ``staged``: the copy is made beside it, then renamed into place."""
    incoming, outgoing = site.with_name(site.name + ".incoming"), site.with_name(site.name + ".outgoing")
    shutil.rmtree(incoming, ignore_errors=True)
    shutil.rmtree(outgoing, ignore_errors=True)
    shutil.copytree(staged, incoming, symlinks=True)
    if site.exists():
        os.replace(site, outgoing)
    os.replace(incoming, site)
    shutil.rmtree(outgoing, ignore_errors=True)


def index_is_current(site: Path, started: float) -> bool:
    """Whether the search index indexes what the pages say: a build that wrote pages (since ``started``) wrote
    the index too; a build with nothing out of date may write neither. (The site's own hooks touch pages just
    after the index, so the two are compared with the build's start, not with each other.)"""
    index = site / "searchindex.js"
    wrote_pages = any(page.stat().st_mtime >= started for page in site.rglob("*.html"))
    return index.exists() and (index.stat().st_mtime >= started or not wrote_pages)


def publish(everything: bool = False) -> int:
    if prepare(ROOT):
        return 1
    STAGE.mkdir(parents=True, exist_ok=True)
    everything = everything or MARK.exists()
    MARK.write_text("a build is running, or was interrupted: the next one rebuilds every page\n")
    started = time.time()
    if build_html(everything):
        print("the HTML build failed: nothing was published", file=sys.stderr)
        return 1
    if not index_is_current(STAGED_SITE, started):
        print("this build wrote pages but not the search index: nothing was published", file=sys.stderr)
        return 1
    printed = subprocess.run([sys.executable, "-m", "bookbuild.printing", "--site", str(STAGED_SITE)], cwd=ROOT)
    if printed.returncode:
        print("printing the PDFs failed: nothing was published", file=sys.stderr)
        return 1
    swap_in(STAGED_SITE, SITE)
    shutil.copyfile(SITE / "pdf" / "book.pdf", BUILD / "book.pdf")
    MARK.unlink()
    print(f"published {SITE.relative_to(ROOT)} (HTML and PDFs from one build)")
    return 0


@contextlib.contextmanager
def one_build_at_a_time():
    """Hold _build/.lock for the build; raise BlockingIOError at once if another build holds it."""
    BUILD.mkdir(exist_ok=True)
    with LOCK.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        yield


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bookbuild.publish")
    parser.add_argument("--all", action="store_true", help="rebuild every page (make strict)")
    everything = parser.parse_args(argv).all
    try:
        with one_build_at_a_time():
            return publish(everything)
    except BlockingIOError:
        print(
            f"another build of this book is running ({LOCK.relative_to(ROOT)}): nothing was published", file=sys.stderr
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
