"""The book on a slow phone: every chapter loaded in headless Chromium with Lighthouse's mobile profile, an older
build beside the current one.

    python tools/phone.py                                  # _build/html beside 62aedf1 (built once, cached)
    python tools/phone.py --site DIR --old-site DIR        # any two builds
    python tools/phone.py --pages book/troops,book/munitions --runs 5 --out phone.md

Chromium's own throttling, set through the DevTools protocol on every page: 4x CPU slowdown, 150 ms latency,
1.6 Mbit/s down and 750 kbit/s up, a 390x844 touch screen; the site is served with its text files
gzip-compressed, as GitHub Pages serves them, and every load starts with an empty cache. Per page, the median
of --runs loads of each build, old and new alternating so that both share the machine's conditions:

- bytes on the wire before any interaction: every response of a load with no input, until the page is quiet
  (3 s with no request and no long task);
- largest contentful paint, in that load;
- total blocking time, in that load: the part of every long task beyond 50 ms, from navigation until quiet;
- first chart: in a second load, the first chart is scrolled into view at the load event; the time from
  navigation until it shows a drawn chart (an svg of real size, drawn by Vega or a static still).

Targets, on every chapter page: the first chart at most 0.4x the old build's time, total blocking time at most
0.25 s, bytes before interaction at most 450 kB. Prints a Markdown table (and writes it with --out).
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

from bookbuild.browser import CHROMIUM, CHROMIUM_ARGS, SITE, serve

OLD_COMMIT = "62aedf1"
TARGETS = {"chart_ratio": 0.4, "tbt_s": 0.25, "bytes": 450_000}
RUNS = 3
QUIET_S = 3.0  # no request and no long task for this long: the page is done
CAP_S = 60.0  # a page that never settles is measured up to here
KBIT = 1024 / 8  # bytes per second in one kbit/s, as DevTools counts
NETWORK = {"offline": False, "latency": 150, "downloadThroughput": 1600 * KBIT, "uploadThroughput": 750 * KBIT}
CPU_SLOWDOWN = 4
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}

# Installed before the page's own scripts: long tasks and LCP from the start, and (when asked) the first
# chart scrolled into view at the load event, then watched on every frame until it shows a drawn chart.
WATCH = """(() => {
  const phone = window.__phone = {tasks: [], lcp: [], chart: undefined};
  new PerformanceObserver(list => list.getEntries().forEach(t => phone.tasks.push([t.startTime, t.duration])))
    .observe({type: 'longtask', buffered: true});
  new PerformanceObserver(list => list.getEntries().forEach(e => phone.lcp.push(e.startTime)))
    .observe({type: 'largest-contentful-paint', buffered: true});
  if (!SCROLL) return;
  const drawn = figure => [...figure.querySelectorAll(
      '.book-chart-view svg, [class*="still"] svg, img[class*="still"], [class*="still"] img')]
    .some(el => { const r = el.getBoundingClientRect();  // an image counts once it has loaded, not as its box
                  return r.width > 20 && r.height > 20 && (el.tagName !== 'IMG' || (el.complete && el.naturalWidth > 0))
                    && el.checkVisibility({opacityProperty: true,
                                                                              visibilityProperty: true}); });
  addEventListener('load', () => {
    const figure = document.querySelector('figure.book-chart');
    if (!figure) { phone.chart = null; return; }
    figure.scrollIntoView({block: 'start'});
    const look = () => drawn(figure) ? (phone.chart = performance.now()) : requestAnimationFrame(look);
    look();
  });
})();"""


def blocking_ms(task_durations_ms: list[float]) -> float:
    """Total blocking time: the part of each long task beyond 50 ms."""
    return sum(max(0.0, d - 50.0) for d in task_durations_ms)


def _throttled_page(browser, scroll: bool):
    """A fresh context (empty cache) and page with the phone's network, CPU and screen; its wire bytes counted."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.add_init_script(WATCH.replace("SCROLL", "true" if scroll else "false"))
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", NETWORK)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    wire = {"bytes": 0, "open": set(), "last": time.monotonic()}

    def sent(event):
        wire["open"].add(event["requestId"])
        wire["last"] = time.monotonic()

    def done(event):
        wire["bytes"] += event.get("encodedDataLength", 0)  # a failed request has none
        wire["open"].discard(event["requestId"])
        wire["last"] = time.monotonic()

    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.loadingFinished", done)
    cdp.on("Network.loadingFailed", done)
    return context, page, wire


def load_without_input(browser, url: str) -> dict:
    """Bytes, LCP and total blocking time of one load with no input, until the page is quiet."""
    context, page, wire = _throttled_page(browser, scroll=False)
    start = time.monotonic()
    page.goto(url, wait_until="load", timeout=CAP_S * 1000)
    while time.monotonic() - start < CAP_S:
        page.wait_for_timeout(250)
        since_task = page.evaluate(
            "performance.now() - Math.max(0, ...window.__phone.tasks.map(([start, length]) => start + length))"
        )
        since_request = time.monotonic() - wire["last"]
        if not wire["open"] and min(since_request, since_task / 1000) >= QUIET_S:
            break
    facts = page.evaluate("window.__phone")
    context.close()
    return {
        "bytes": wire["bytes"],
        "lcp_s": facts["lcp"][-1] / 1000 if facts["lcp"] else None,
        "tbt_s": blocking_ms([length for _, length in facts["tasks"]]) / 1000,
    }


def first_chart(browser, url: str) -> float | None:
    """Seconds from navigation until the first chart, scrolled into view at load, shows a drawn chart (None: the
    page has no chart)."""
    context, page, _ = _throttled_page(browser, scroll=True)
    page.goto(url, wait_until="load", timeout=CAP_S * 1000)
    try:
        page.wait_for_function("window.__phone.chart !== undefined", timeout=CAP_S * 1000, polling=100)
        chart = page.evaluate("window.__phone.chart")
    except PlaywrightTimeout:
        chart = math.inf  # never drawn
    context.close()
    return None if chart is None else chart / 1000


def chapter_pages() -> list[str]:
    """The pages of the table of contents, in its order (the introduction first)."""
    from bookbuild.project import documents

    return documents()


def _median(values: list):
    known = [v for v in values if v is not None]
    return statistics.median(known) if known else None


def measure(old_site: Path, new_site: Path, pages: list[str], runs: int = RUNS, log=print) -> list[dict]:
    """Per page, the median of `runs` loads of each build, old and new alternating."""
    rows = []
    with serve(old_site, compressed=True) as old, serve(new_site, compressed=True) as new, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name in pages:
            if not all((site / f"{name}.html").is_file() for site in (old_site, new_site)):
                log(f"{name}: not in both builds, left out")
                continue
            loads = {"old": [], "new": []}
            charts = {"old": [], "new": []}
            for _ in range(runs):
                for build, base in (("old", old), ("new", new)):
                    loads[build].append(load_without_input(browser, f"{base}/{name}.html"))
                for build, base in (("old", old), ("new", new)):
                    charts[build].append(first_chart(browser, f"{base}/{name}.html"))
            row = {"page": name}
            for build in ("old", "new"):
                row[build] = {key: _median([load[key] for load in loads[build]]) for key in ("bytes", "lcp_s", "tbt_s")}
                row[build]["chart_s"] = _median(charts[build])
            log(f"{name}: {row}")
            rows.append(row)
        browser.close()
    return rows


def _met(holds: bool) -> str:
    return "met" if holds else "**not met**"


def _seconds(value: float | None) -> str:
    if value is None:
        return "–"
    return f"not drawn in {CAP_S:.0f} s" if value == math.inf else f"{value:.2f} s"


def table(rows: list[dict]) -> str:
    """The Markdown table: old beside new, each target marked met or not met on the new build."""
    lines = [
        f"| Page | Bytes old | Bytes new (≤ {TARGETS['bytes'] / 1000:.0f} kB) | LCP old | LCP new | TBT old | "
        f"TBT new (≤ {TARGETS['tbt_s']} s) | First chart old | First chart new | New/old (≤ {TARGETS['chart_ratio']}x) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        old, new = row["old"], row["new"]
        if old["chart_s"] and new["chart_s"] is not None:
            ratio = new["chart_s"] / old["chart_s"]
            ratio_cell = f"{ratio:.2f}x: {_met(ratio <= TARGETS['chart_ratio'])}"
        else:
            ratio_cell = "–"
        lines.append(
            f"| {row['page']} | {old['bytes'] / 1000:.0f} kB | {new['bytes'] / 1000:.0f} kB: "
            f"{_met(new['bytes'] <= TARGETS['bytes'])} | {_seconds(old['lcp_s'])} | {_seconds(new['lcp_s'])} | "
            f"{_seconds(old['tbt_s'])} | {_seconds(new['tbt_s'])}: {_met(new['tbt_s'] <= TARGETS['tbt_s'])} | "
            f"{_seconds(old['chart_s'])} | {_seconds(new['chart_s'])} | {ratio_cell} |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=SITE, help="the build measured (default: _build/html)")
    parser.add_argument("--old-site", type=Path, help=f"the older build (default: {OLD_COMMIT}, built and cached)")
    parser.add_argument("--pages", help="comma-separated, e.g. book/troops,book/munitions (default: every chapter)")
    parser.add_argument("--runs", type=int, default=RUNS, help="loads per page per build; the median is reported")
    parser.add_argument("--out", type=Path, help="also write the Markdown table here")
    args = parser.parse_args()
    if args.old_site is None:
        from bench import old_site  # builds the old commit in a temporary worktree once, then reuses it

        args.old_site = old_site(OLD_COMMIT)
    pages = args.pages.split(",") if args.pages else chapter_pages()
    result = table(measure(args.old_site, args.site, pages, args.runs, log=lambda line: print(line, file=sys.stderr)))
    print(result, end="")
    if args.out:
        args.out.write_text(result, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
