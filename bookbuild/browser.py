"""Headless Chromium and a local server for the built site: shared by the tests, the PDF printer and the
benchmarks (tools never import the test suite)."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import shutil
import threading
from pathlib import Path

from evidence.paths import ROOT

SITE = ROOT / "_build" / "html"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def book_pages(site: Path = SITE) -> list[Path]:
    """Every page of a built book (not Sphinx's own search and index pages)."""
    skip = {"search.html", "genindex.html", "py-modindex.html"}
    return sorted(
        p
        for p in site.rglob("*.html")
        if p.name not in skip and not {"_static", "_sources", "_downloads", "v"} & set(p.relative_to(site).parts[:1])
    )


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


# The text files GitHub Pages sends gzip-compressed (images, fonts and PDFs go as they are).
GZIP_SUFFIXES = {".html", ".js", ".css", ".json", ".svg", ".csv", ".txt", ".xml"}


@functools.lru_cache(maxsize=256)
def _gzipped(path: str, mtime_ns: int) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=6)


class _GzipHandler(_QuietHandler):
    """Text files go out with Content-Encoding: gzip when the browser accepts it, as on GitHub Pages."""

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.suffix in GZIP_SUFFIXES and path.is_file()):
            return super().do_GET()  # as it is: a redirect, a listing, a 404, an image
        body = _gzipped(str(path), path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def serve(folder: Path, compressed: bool = False):
    """Serve a folder on http://127.0.0.1:<free port>, as a static host would; compressed=True sends text files
    gzip-compressed, as GitHub Pages does."""
    handler = functools.partial(_GzipHandler if compressed else _QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.block_on_close = False  # the browser keeps connections alive; do not wait for them
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


# axe-core ships inside the axe-playwright-python wheel (pinned in uv.lock); no npm needed.
AXE = Path(__import__("axe_playwright_python").__file__).parent / "axe.min.js"
AXE_RUN = """async () => (await axe.run(document, {resultTypes: ['violations'],
  rules: {'label-content-name-mismatch': {enabled: true}}})).violations
  .filter(v => ['serious', 'critical'].includes(v.impact))
  .map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')}`)"""


def run_axe(page) -> list[str]:
    """axe-core's serious and critical violations on a page. The script is evaluated through the DevTools
    protocol, as a tester's console would, so the page's Content-Security-Policy stays on for the page."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(AXE_RUN)
