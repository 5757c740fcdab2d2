"""tools/phone.py, its pure parts (no browser): the gzip server, total blocking time, the table's marks."""

from __future__ import annotations

import gzip
import sys
import urllib.request

from bookbuild.browser import serve
from evidence.paths import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import phone  # noqa: E402


def _get(url: str):
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request) as response:
        return response.headers, response.read()


def test_text_is_sent_gzip_compressed_and_images_as_they_are(tmp_path):
    page = b"<!doctype html><title>Troops</title>" + b"<p>A figure, sourced.</p>" * 200
    (tmp_path / "troops.html").write_bytes(page)
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    with serve(tmp_path, compressed=True) as base:
        headers, body = _get(f"{base}/troops.html")
        assert headers["Content-Encoding"] == "gzip"
        assert headers["Content-Type"].startswith("text/html")
        assert gzip.decompress(body) == page and len(body) < len(page)
        headers, body = _get(f"{base}/logo.png")
        assert headers["Content-Encoding"] is None and body.startswith(b"\x89PNG")
    with serve(tmp_path) as base:  # the default stays as it was: files as they are
        headers, body = _get(f"{base}/troops.html")
        assert headers["Content-Encoding"] is None and body == page


def test_total_blocking_time_counts_only_the_part_of_each_long_task_beyond_50_ms():
    assert phone.blocking_ms([]) == 0
    assert phone.blocking_ms([50, 49.9]) == 0
    assert phone.blocking_ms([120, 51, 300]) == 70 + 1 + 250


def _row(page, bytes_new, tbt_new, chart_old, chart_new):
    old = {"bytes": 900_000, "lcp_s": 4.0, "tbt_s": 1.0, "chart_s": chart_old}
    new = {"bytes": bytes_new, "lcp_s": 2.0, "tbt_s": tbt_new, "chart_s": chart_new}
    return {"page": page, "old": old, "new": new}


def test_the_table_marks_each_target_met_or_not_met():
    lines = phone.table(
        [
            _row("book/troops", 450_000, 0.25, 10.0, 4.0),  # each exactly at its target
            _row("book/munitions", 450_001, 0.26, 10.0, 4.1),  # each just past it
            _row("book/bibliography", 300_000, 0.1, None, None),  # no chart
        ]
    ).splitlines()
    assert lines[0].startswith("| Page | Bytes old |") and len(lines) == 5
    met, missed, no_chart = (line.split(" | ") for line in lines[2:])
    assert met[2] == "450 kB: met" and met[6] == "0.25 s: met" and met[9] == "0.40x: met |"
    assert missed[2] == "450 kB: **not met**" and missed[6] == "0.26 s: **not met**"
    assert missed[9] == "0.41x: **not met** |"
    assert no_chart[7] == "–" and no_chart[8] == "–" and no_chart[9] == "– |"
