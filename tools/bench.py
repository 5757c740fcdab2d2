"""make bench: measure builds, tests, page weight and chart drawing side by side, in one run; write BENCHMARKS.md.

Targets (checked here, not in timed unit tests), each printed as a ratio or a value beside its target:
- a clean build at most 0.55x the serial build of commit a694b86, built in the same run on the same machine
  (checked out with `git worktree add` into a temporary folder);
- a rebuild with nothing changed at most 0.1x a clean build;
- `make test` after `make book` within 150 s;
- the heaviest first visit at most 0.8 MB (gzip);
- on every page, the charts in the first screen drawn within 0.5 s of navigation;
- on a throttled phone (tools/phone.py, beside commit 62aedf1 built in the same way): on every chapter, the first
  chart drawn in at most 0.4x 62aedf1's time, total blocking time at most 0.25 s, at most 450 kB before any input.
Every number written is measured in this run; the machine's load average is recorded with it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import phone

from bookbuild.browser import CHROMIUM, CHROMIUM_ARGS, SITE, book_pages, serve
from evidence.paths import ROOT

BASELINE = "a694b86"
MB = 1_000_000
TARGETS = {
    "clean_vs_baseline": 0.55,
    "nochange_vs_clean": 0.10,
    "tests_s": 150,
    "first_visit": 0.8 * MB,
    "first_chart_ms": 500,
}
EVENTS = ROOT / "data" / "events.csv"
CACHE = ROOT / "_build" / "bench"  # older builds, kept across runs (a clean build leaves this folder)
VIEWPORT = {"width": 390, "height": 844}  # a phone, as the browser tests use


def timed(command: str, cwd: Path = ROOT, check: bool = True) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, shell=True, cwd=cwd, capture_output=True, text=True)
    timed.status = result.returncode
    if check and result.returncode != 0:
        raise SystemExit(f"`{command}` failed in {cwd}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return time.perf_counter() - start


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.1f} (1 min) / {five:.1f} (5 min)"


@contextlib.contextmanager
def old_commit(commit: str):
    """An older commit checked out in a temporary git worktree, with its own pinned environment (made here,
    untimed); the worktree is removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix=f"bench-{commit}-"))
    subprocess.run(
        ["git", "worktree", "add", "--detach", str(folder), commit], cwd=ROOT, check=True, capture_output=True
    )
    try:
        timed("make .venv/.synced", cwd=folder)
        yield folder
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(folder)], cwd=ROOT, capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def baseline_serial_build() -> float:
    """A clean `make book` of commit a694b86 (serial execution by Jupyter Book), in a temporary worktree."""
    with old_commit(BASELINE) as folder:
        return timed("rm -rf _build && make book", cwd=folder)


def old_site(commit: str) -> Path:
    """The built HTML of an older commit, kept in _build/bench/<commit>-html so a second run reuses it."""
    cached = CACHE / f"{commit}-html"
    if not (cached / "index.html").exists():
        with old_commit(commit) as folder:
            timed("make book", cwd=folder)
            partial = cached.with_name(cached.name + ".partial")  # renamed whole: never half a cached build
            shutil.rmtree(partial, ignore_errors=True)
            shutil.copytree(folder / "_build" / "html", partial)
            shutil.rmtree(cached, ignore_errors=True)
            partial.rename(cached)
    return cached


def notebook_seconds() -> dict[str, float]:
    path = ROOT / "_build" / ".deps" / "seconds.json"
    return dict(sorted(json.loads(path.read_text()).items())) if path.exists() else {}


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def _local_gzip_size(url: str) -> int:
    """The gzip size of the file a local URL names (static hosts serve it compressed)."""
    from urllib.parse import unquote, urlparse

    path = SITE / unquote(urlparse(url).path).lstrip("/")
    return gz(path.read_bytes()) if path.is_file() else 0


FIRST_SCREEN = """() => [...document.querySelectorAll('figure.book-chart')]
    .filter(f => f.getBoundingClientRect().top < window.innerHeight).map(f => f.id)"""


def page_measures() -> list[dict]:
    """Per page: gzip bytes on a first visit, and when the charts in the first screen were drawn."""
    from playwright.sync_api import sync_playwright

    rows = []
    with serve(SITE) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for page_path in book_pages():
            rel = page_path.relative_to(SITE).as_posix()
            if 'http-equiv="Refresh"' in page_path.read_text(encoding="utf-8"):
                continue
            context = browser.new_context(viewport=VIEWPORT)
            page = context.new_page()
            urls: set[str] = set()
            page.on("requestfinished", lambda req, seen=urls: seen.add(req.url.split("?")[0]))
            page.goto(f"{base}/{rel}", wait_until="load")
            first = page.evaluate(FIRST_SCREEN)
            row = {"page": rel, "charts": page.locator("figure.book-chart").count(), "first_screen": len(first)}
            if first:
                ids = json.dumps(first)
                page.wait_for_function(
                    f"() => {ids}.every(id => document.getElementById(id).classList.contains('is-drawn'))",
                    timeout=20000,
                )
                row["first_ms"] = page.evaluate(
                    f"Math.max(...{ids}.map(id => performance.getEntriesByName('chart-drawn:' + id)[0].startTime))"
                )
            page.wait_for_timeout(300)  # late fonts and icons
            context.close()
            row["first_bytes"] = sum(_local_gzip_size(url) for url in urls)
            rows.append(row)
        browser.close()
    return rows


def main() -> int:
    started, load_before = dt.datetime.now(dt.UTC), load()
    results = {}
    print(f"build of {phone.OLD_COMMIT} for the phone pages (temporary worktree, cached) ...")
    phone_old_site = old_site(phone.OLD_COMMIT)
    print(f"serial build of {BASELINE} (temporary worktree) ...")
    results["baseline"] = baseline_serial_build()
    print("clean build ...")
    for built in (ROOT / "_build").glob("*"):  # everything but the cached older builds
        if built.is_dir() and built != CACHE:
            shutil.rmtree(built)
        elif built.is_file():
            built.unlink()
    results["clean"] = timed("make book")
    seconds = notebook_seconds()
    print("no-change rebuild ...")
    results["nochange"] = timed("make book")
    print("rebuild after one CSV changes ...")
    original = EVENTS.read_bytes()
    try:
        EVENTS.write_bytes(original.replace(b"\n", b"\r\n"))  # same rows, different bytes
        results["csv"] = timed("make book")
    finally:
        EVENTS.write_bytes(original)
    timed("make book")
    print("make test (book built) ...")
    results["tests"] = timed("make test", check=False)  # timed even when a check fails; the status is reported
    test_status = timed.status
    print("pytest alone (make test's last step, after make pdf) ...")
    timed("make pdf")
    results["pytest"] = timed(f"{sys.executable} -m pytest -n 2 --dist loadscope -q", check=False)
    pytest_status = timed.status
    print("pages ...")
    pages = page_measures()
    print(f"phone pages, beside {phone.OLD_COMMIT} ...")
    phone_table = phone.table(phone.measure(phone_old_site, SITE, phone.chapter_pages()))
    load_after = load()

    clean_ratio = results["clean"] / results["baseline"]
    nochange_ratio = results["nochange"] / results["clean"]
    heaviest = max(pages, key=lambda p: p["first_bytes"])
    timed_pages = [p for p in pages if "first_ms" in p]
    slowest = max(timed_pages, key=lambda p: p["first_ms"]) if timed_pages else None

    def ok(cond: bool) -> str:
        return "met" if cond else "**not met**"

    lines = [
        "# Benchmarks",
        "",
        f"Measured by `make bench` on {started:%Y-%m-%d %H:%M} UTC ({platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}), everything in one run. Load average: {load_before} at the start, "
        f"{load_after} at the end (other work shares the machine). Page weights are the gzip-compressed bytes of "
        f"everything a first visit downloads; chart times are from navigation start at {VIEWPORT['width']} px width.",
        "",
        "| Measure | Value | Target |",
        "|---|---|---|",
        f"| Serial clean build of {BASELINE} (`make book`, same machine, same run) | {results['baseline']:.1f} s | |",
        f"| Clean build (`make book`: one parallel execute step, then merge) | {results['clean']:.1f} s "
        f"({clean_ratio:.2f}x {BASELINE}) | ≤ 0.55x: {ok(clean_ratio <= TARGETS['clean_vs_baseline'])} |",
        f"| Rebuild, nothing changed | {results['nochange']:.2f} s ({nochange_ratio:.3f}x clean) | "
        f"≤ 0.1x: {ok(nochange_ratio <= TARGETS['nochange_vs_clean'])} |",
        f"| Rebuild after one CSV changes (`events.csv`, same rows) | {results['csv']:.1f} s | |",
        f"| `make test` after `make book` (lint, PDF, pytest on 2 workers) | {results['tests']:.1f} s, exit status "
        f"{test_status} | ≤ 150 s: "
        + (ok(results["tests"] <= TARGETS["tests_s"]) if test_status == 0 else "**not measured: make test failed**")
        + " |",
        f"| pytest alone, after `make book` and `make pdf` (2 workers) | {results['pytest']:.1f} s, exit status "
        f"{pytest_status} | ≤ 150 s: {ok(results['pytest'] <= TARGETS['tests_s'])} |",
        f"| Heaviest first visit ({heaviest['page']}) | {heaviest['first_bytes'] / MB:.2f} MB | "
        f"≤ 0.8 MB: {ok(heaviest['first_bytes'] <= TARGETS['first_visit'])} |",
    ]
    if slowest:
        lines.append(
            f"| Slowest first-screen chart draw ({slowest['page']}) | {slowest['first_ms']:.0f} ms | "
            f"≤ 500 ms: {ok(slowest['first_ms'] <= TARGETS['first_chart_ms'])} |"
        )
    lines += [
        "",
        "## Notebook execution (clean build, parallel workers)",
        "",
        "| Notebook | Seconds |",
        "|---|---|",
        *[f"| {name} | {secs:.1f} |" for name, secs in seconds.items()],
        "",
        "## Pages",
        "",
        "| Page | Charts | In first screen | First visit (gzip) | First-screen charts drawn |",
        "|---|---|---|---|---|",
        *[
            f"| {p['page']} | {p['charts']} | {p['first_screen']} | {p['first_bytes'] / 1000:.0f} kB | "
            + (f"{p['first_ms']:.0f} ms |" if "first_ms" in p else "none in first screen |")
            for p in pages
        ],
        "",
        f"## On a phone, beside {phone.OLD_COMMIT}",
        "",
        f"Every chapter loaded by `tools/phone.py` in headless Chromium with Lighthouse's mobile profile, set through "
        f"the DevTools protocol: {phone.CPU_SLOWDOWN}x CPU slowdown, {phone.NETWORK['latency']} ms latency, "
        f"1.6 Mbit/s down, a 390x844 touch screen, an empty cache, text files served gzip-compressed as GitHub Pages "
        f"serves them. Commit {phone.OLD_COMMIT}, built in a temporary worktree, and this build were served side by "
        f"side and loaded in turn; each figure is the median of {phone.RUNS} loads. Bytes, LCP and total blocking "
        f"time (TBT) come from a load with no input, until the page is quiet; the first chart is timed in a second "
        f"load, scrolled into view at the load event, from navigation until a drawn chart shows. Targets on the "
        f"new build: bytes ≤ 450 kB, TBT ≤ 0.25 s, first chart ≤ 0.4x {phone.OLD_COMMIT}'s.",
        "",
        phone_table,
    ]
    (ROOT / "BENCHMARKS.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines[:14]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
