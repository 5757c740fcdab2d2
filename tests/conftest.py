"""Shared fixtures: the built site, a local server for it, and headless Chromium (helpers in bookbuild.browser)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bookbuild.browser import CHROMIUM, CHROMIUM_ARGS, SITE, book_pages, serve  # noqa: F401
from evidence.paths import ROOT  # noqa: F401


@pytest.fixture(scope="session")
def site() -> Path:
    if not (SITE / "index.html").exists():
        pytest.fail("the book is not built: run `make book` first (make test does)")
    return SITE


@pytest.fixture(scope="session")
def server(site):
    """The built book on http://127.0.0.1:<port>."""
    with serve(site) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is not installed: `apt-get install -y chromium` (.ci/run does this)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def pytest_collection_modifyitems(items):
    """A test that needs the built site, a browser or a notebook run is slow: `make check` leaves it to
    `make test`."""
    for item in items:
        needs = set(getattr(item, "fixturenames", ())) & {"site", "server", "browser", "audit"}
        if needs or item.nodeid.startswith("book/"):
            item.add_marker(pytest.mark.slow)
