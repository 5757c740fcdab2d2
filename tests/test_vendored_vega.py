"""The vendored Vega bundle is what vl-convert ships, and matches the versions Altair expects."""

from __future__ import annotations

import json

import altair as alt

from bookbuild import vendor


def _major(version: str) -> str:
    return version.lstrip("v").split(".")[0]


def test_bundle_versions_match_altair():
    declared = json.loads(vendor.VERSIONS.read_text())
    assert declared == vendor.bundle_versions()
    assert _major(declared["vega"]) == _major(alt.VEGA_VERSION)
    assert _major(declared["vega-embed"]) == _major(alt.VEGAEMBED_VERSION)
    # Vega-Lite must match to the minor version: specs carry the schema URL.
    assert alt.VEGALITE_VERSION.lstrip("v").startswith(declared["vega-lite"] + ".")
    assert alt.SCHEMA_VERSION.lstrip("v").startswith(declared["vega-lite"])


def test_vendored_file_is_the_current_bundle():
    assert vendor.BUNDLE.read_text(encoding="utf-8") == vendor.bundle_text(), "run `python -m bookbuild.vendor`"


def test_bundle_is_wrapped_so_it_cannot_clash_with_sphinx_globals():
    text = vendor.BUNDLE.read_text(encoding="utf-8")
    assert "\n(function(){\n" in text and text.rstrip().endswith("})();")
