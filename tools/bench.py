"""make bench: measure set-up, build, cache, tests, page weight and chart drawing; write BENCHMARKS.md.

Budgets (checked here, not in timed unit tests):
- a no-change rebuild costs at most 20% of a clean build;
- no page weighs more than 1.2 MB (gzip) on a first visit; a page without charts loads no Vega;
- every chart is drawn within 1 s of navigation.
"""

from __future__ import annotations

import datetime as dt
import gzip
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from conftest import CHROMIUM, CHROMIUM_ARGS, SITE, book_pages, serve  # noqa: E402

MB = 1_000_000
PAGE_BUDGET = 1.2 * MB
CHART_BUDGET_MS = 1000
REBUILD_SHARE = 0.20
EVENTS = ROOT / "data" / "events.csv"


def timed(command: str, cwd: Path = ROOT, env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(
        command,
        shell=True,
        cwd=cwd,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
    )
    return time.perf_counter() - start


def fresh_setup() -> float:
    """A new tools venv and the locked book environment, in a temporary folder (package caches warm)."""
    with tempfile.TemporaryDirectory() as tmp:
        tools, venv = Path(tmp) / "tools", Path(tmp) / "venv"
        return timed(
            f"python3 -m venv {tools} && {tools}/bin/pip install -q -r requirements-tools.txt && "
            f"{tools}/bin/uv sync --frozen --python python3 --quiet",
            env={"UV_PROJECT_ENVIRONMENT": str(venv), "UV_PYTHON_DOWNLOADS": "never"},
        )


def notebook_times() -> dict[str, float]:
    from jupyter_cache import get_cache

    cache = get_cache(ROOT / "_build" / ".jupyter_cache")
    times = {}
    for record in cache.list_cache_records():
        name = Path(record.uri).name
        times[name] = float(record.data.get("execution_seconds", "nan"))
    return dict(sorted(times.items()))


def parallel_ratio() -> tuple[float, float]:
    """Execute every notebook into a scratch cache serially, then in parallel (jupyter-cache executors)."""
    from jupyter_cache import get_cache
    from jupyter_cache.executors import load_executor

    results = []
    for executor_name in ("temp-serial", "temp-parallel"):
        with tempfile.TemporaryDirectory() as tmp:
            cache = get_cache(Path(tmp) / "cache")
            for nb in sorted((ROOT / "book").glob("*.ipynb")):
                cache.add_nb_to_project(str(nb))
            start = time.perf_counter()
            load_executor(executor_name, cache).run_and_cache(timeout=300)
            results.append(time.perf_counter() - start)
    return results[0], results[1]


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def page_measures() -> list[dict]:
    """Per page: gzip bytes on a first visit and on a later visit, whether Vega loads, and chart draw time.

    A first visit downloads everything the page loads. A later visit (after the introduction)
    downloads only what the introduction did not already bring into the browser's cache.
    """
    from playwright.sync_api import sync_playwright

    loaded, rows = {}, []
    with serve(SITE) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for page_path in book_pages():
            rel = page_path.relative_to(SITE).as_posix()
            if 'http-equiv="Refresh"' in page_path.read_text(encoding="utf-8"):
                continue
            context = browser.new_context()
            page = context.new_page()
            sizes = {}
            page.on("requestfinished", lambda req: sizes.__setitem__(req.url.split("?")[0], req.url))
            page.goto(f"{base}/{rel}", wait_until="load")
            row = {"page": rel, "charts": page.locator("figure.book-chart").count(), "drawn_ms": 0.0}
            if row["charts"]:
                page.wait_for_function(
                    "() => [...document.querySelectorAll('figure.book-chart')].every(f => f.classList.contains('is-drawn'))",
                    timeout=20000,
                )
                row["drawn_ms"] = page.evaluate(
                    "Math.max(...performance.getEntriesByType('mark').filter(m => m.name.startsWith('chart-drawn')).map(m => m.startTime))"
                )
            page.wait_for_timeout(300)  # late fonts and icons
            context.close()
            loaded[rel] = {url: _local_gzip_size(url, base) for url in sizes}
            row["loads_vega"] = any("vega-bundle" in url for url in loaded[rel])
            rows.append(row)
        browser.close()
    first_page = loaded.get("book/intro.html", {})
    for row in rows:
        sizes = loaded[row["page"]]
        row["first_bytes"] = sum(sizes.values())
        row["later_bytes"] = sum(size for url, size in sizes.items() if url not in first_page)
    return rows


def _local_gzip_size(url: str, base: str) -> int:
    """The gzip size of the file a local URL names (static hosts serve it compressed)."""
    from urllib.parse import unquote, urlparse

    path = SITE / unquote(urlparse(url).path).lstrip("/")
    return gz(path.read_bytes()) if path.is_file() else 0


def main() -> int:
    results = {}
    print("fresh set-up ...")
    results["setup"] = fresh_setup()
    print("clean build ...")
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    results["clean"] = timed("make book")
    nb_times = notebook_times()
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
    print("serial and parallel execution ...")
    serial, parallel = parallel_ratio()
    print("test suite ...")
    results["tests"] = timed("make test")
    print("pages ...")
    pages = page_measures()

    share = results["nochange"] / results["clean"]
    heaviest = max(p["first_bytes"] for p in pages)
    slowest = max(p["drawn_ms"] for p in pages)
    vega_without_charts = [p["page"] for p in pages if p["loads_vega"] and not p["charts"]]
    ok = lambda cond: "met" if cond else "**not met**"  # noqa: E731
    lines = [
        "# Benchmarks",
        "",
        f"Measured by `make bench` on {dt.date.today()} ({platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}). "
        "Package caches were warm for the set-up timing. Page weights are the gzip-compressed bytes a reader downloads.",
        "",
        "| Measure | Value | Budget |",
        "|---|---|---|",
        f"| Fresh set-up (tools venv + `uv sync --frozen`) | {results['setup']:.1f} s | |",
        f"| Clean build (`make book`, every notebook executed) | {results['clean']:.1f} s | |",
        f"| Rebuild, nothing changed | {results['nochange']:.1f} s ({share:.0%} of clean) | ≤ 20% of clean: {ok(share <= REBUILD_SHARE)} |",
        f"| Rebuild after one CSV changes (`events.csv`) | {results['csv']:.1f} s | |",
        f"| Test suite (`make test`, book already built) | {results['tests']:.1f} s | |",
        f"| Executing all notebooks, serial / parallel (jupyter-cache) | {serial:.1f} s / {parallel:.1f} s (ratio {serial / parallel:.2f}) | |",
        f"| Heaviest page, first visit | {heaviest / MB:.2f} MB | ≤ 1.2 MB: {ok(heaviest <= PAGE_BUDGET)} |",
        f"| Pages without charts that load Vega | {len(vega_without_charts)} | 0: {ok(not vega_without_charts)} |",
        f"| Slowest page until its last chart is drawn | {slowest:.0f} ms | ≤ 1000 ms: {ok(slowest <= CHART_BUDGET_MS)} |",
        "",
        "## Notebook execution (clean build)",
        "",
        "| Notebook | Seconds |",
        "|---|---|",
        *[f"| {name} | {secs:.1f} |" for name, secs in nb_times.items()],
        "",
        "## Pages",
        "",
        "| Page | Charts | First visit (gzip) | Later visit (gzip) | Vega loaded | Last chart drawn |",
        "|---|---|---|---|---|---|",
        *[
            f"| {p['page']} | {p['charts']} | {p['first_bytes'] / 1000:.0f} kB | {p['later_bytes'] / 1000:.0f} kB | "
            f"{'yes' if p['loads_vega'] else 'no'} | {p['drawn_ms']:.0f} ms |"
            for p in pages
        ],
        "",
    ]
    (ROOT / "BENCHMARKS.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines[:16]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
