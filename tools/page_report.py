"""Per page of a built book: its width at 390 px, its longest caption, its word count and axe's results.

    python tools/page_report.py                  # the build in _build/html
    python tools/page_report.py --site DIR       # another build (an older version, for a before/after table)

Prints a Markdown table. Words are counted in the page's article (the chapter text, its tables and
captions, not the navigation), twice: all of it, and what a reader sees at 390 px without opening
anything (the laid-out text: no closed disclosure, no table column a phone hides). Axe lists the rules with serious or critical findings at 360, 390 and 1280 px, with the experimental
label-content-name-mismatch rule switched on, as in the browser tests.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bookbuild.browser import CHROMIUM, CHROMIUM_ARGS, SITE, run_axe, serve

WIDTHS = (360, 390, 1280)

MEASURE = """() => {
  const art = document.querySelector('article.bd-article') || document.querySelector('main') || document.body;
  const count = text => (text.match(/\\S+/g) || []).length;
  const texts = [], walker = document.createTreeWalker(art, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) if (!walker.currentNode.parentElement.closest('script, style')) texts.push(walker.currentNode.data);
  const all = count(texts.join(' '));  // every text node, whether shown or not
  const visible = count(art.innerText);  // as laid out: no closed disclosure, no hidden column
  const captions = [...document.querySelectorAll('figcaption')].map(c => c.textContent.trim().length);
  return {all, visible, caption: captions.length ? Math.max(...captions) : 0,
          width: document.documentElement.scrollWidth};
}"""


def measure(site: Path) -> list[dict]:
    from playwright.sync_api import sync_playwright

    pages = sorted(
        p.relative_to(site).as_posix()
        for p in (site / "book").glob("*.html")
        if 'http-equiv="Refresh"' not in p.read_text(encoding="utf-8")
    )
    rows = {path: {"page": path} for path in pages}
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width in WIDTHS:
            page = browser.new_page(viewport={"width": width, "height": 844})
            for path in pages:
                page.goto(f"{base}/{path}", wait_until="load")
                page.wait_for_timeout(300)
                facts = page.evaluate(MEASURE)
                if width == 390:
                    rows[path].update(facts)
                rows[path][f"axe_{width}"] = sorted({v.split(" ")[0] for v in run_axe(page)})
            page.close()
        browser.close()
    return list(rows.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=SITE)
    args = parser.parse_args()
    print("| Page | Width at 390 px | Longest caption | Words (all / visible) | axe 360 | axe 390 | axe 1280 |")
    print("|---|---|---|---|---|---|---|")
    for row in measure(args.site):
        axe = [", ".join(row[f"axe_{w}"]) or "none" for w in WIDTHS]
        print(
            f"| {row['page']} | {row['width']} | {row['caption']} | {row['all']:,} / {row['visible']:,} | "
            + " | ".join(axe)
            + " |"
        )


if __name__ == "__main__":
    main()
