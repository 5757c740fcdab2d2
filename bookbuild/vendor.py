"""Vendor the Vega, Vega-Lite and Vega-Embed bundle into _assets/ (served as _static/) so charts draw offline.

``python -m bookbuild.vendor`` writes _assets/vega/vega-bundle.js from the pinned
vl-convert-python. The bundle is wrapped in a function so that its top-level
names do not clash with Sphinx's globals (such as ``_``).
"""

from __future__ import annotations

import json
import sys

import vl_convert

from evidence.paths import ROOT

BUNDLE = ROOT / "_assets" / "vega" / "vega-bundle.js"
VERSIONS = ROOT / "_assets" / "vega" / "versions.json"


def bundle_versions() -> dict[str, str]:
    """Library versions inside the bundle vl-convert produces."""
    return {
        "vega": vl_convert.get_vega_version(),
        "vega-lite": vl_convert.get_vegalite_versions()[-1],
        "vega-embed": vl_convert.get_vega_embed_version(),
    }


def bundle_text() -> str:
    return (
        "/* Vega, Vega-Lite and Vega-Embed, bundled by vl-convert-python. */\n(function(){\n"
        + vl_convert.javascript_bundle()
        + "\n})();\n"
    )


def main() -> int:
    BUNDLE.parent.mkdir(parents=True, exist_ok=True)
    BUNDLE.write_text(bundle_text(), encoding="utf-8")
    VERSIONS.write_text(json.dumps(bundle_versions(), indent=2) + "\n", encoding="utf-8")
    print(f"wrote {BUNDLE.relative_to(ROOT)} ({BUNDLE.stat().st_size:,} bytes) and {VERSIONS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
