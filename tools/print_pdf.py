"""Print a built HTML page to PDF with headless Chromium (print CSS: charts appear as their static SVGs)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402


def print_pdf(html: Path, pdf: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(html.resolve().as_uri(), wait_until="load")
        page.emulate_media(media="print")
        page.pdf(path=str(pdf), format="A4", print_background=True,
                 margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"})
        browser.close()


if __name__ == "__main__":
    html, pdf = Path(sys.argv[1]), Path(sys.argv[2])
    print_pdf(html, pdf)
    print(f"wrote {pdf} ({pdf.stat().st_size:,} bytes)")
