"""Plain words in a chart: every field titled as a reader says it, coded values spelled out.

``plain_words(spec)`` runs five small steps, each its own function (and each unit-tested):
``relabel_rows`` spells out coded values in the data, ``title_fields`` titles every encoding,
``legible`` raises small fonts, ``rename_codes`` follows the relabelled codes wherever the spec
names them (scale domains, sort orders, filters), so nothing breaks, and ``said_highs`` makes a
tooltip's high end read "at least N" where a figure has no high (never "null").
"""

from __future__ import annotations

import json
import re

from evidence import labels
from evidence.charts.style import MIN_FONT

_CODED_VALUE = re.compile(r"[a-z][a-z0-9'\-]*")
_UNTITLED_CHANNELS = ("order", "detail", "key", "x2", "y2")  # channels that draw no axis or legend
_EXPRESSION_KEYS = ("filter", "calculate", "expr", "test")


def walk(node, visit) -> None:
    """Call visit(dict) on every dict in a Vega-Lite spec, depth first."""
    if isinstance(node, dict):
        visit(node)
        for value in node.values():
            walk(value, visit)
    elif isinstance(node, list):
        for value in node:
            walk(value, visit)


def is_coded(key: str, value) -> bool:
    """Whether a data cell holds a code a reader should not see (``troops_in_russia``, a coded column's value)."""
    if not isinstance(value, str) or key in ("source_id", "id"):
        return False
    return labels.is_code(value) or (key in labels.CODED and bool(_CODED_VALUE.fullmatch(value)))


def relabel_rows(rows: list[dict]) -> dict[str, str]:
    """Spell out the coded values of data rows in place; return the codes renamed (code -> label)."""
    renamed = {}
    for row in rows:
        for key, value in row.items():
            if is_coded(key, value):
                renamed[value] = row[key] = labels.value(key, value)
    return renamed


def _inline_rows(node: dict) -> list[dict]:
    data = node.get("data")
    if isinstance(data, dict) and isinstance(data.get("values"), list):
        return [r for r in data["values"] if isinstance(r, dict)]
    return []


def _channels(node: dict) -> list[tuple[str, object]]:
    """(channel name, definition) pairs of a view's encoding and facet."""
    pairs = []
    for holder in ("encoding", "facet"):
        channels = node.get(holder)
        if isinstance(channels, dict):
            channels = {"facet": channels} if holder == "facet" and "field" in channels else channels
            pairs += list(channels.items())
    return pairs


def title_fields(node, in_layer: bool = False) -> dict[str, str]:
    """Give every untitled field encoding its column's label; in a layered chart leave x and y alone (the
    layers share one axis title). Inline data rows are relabelled on the way; returns the codes renamed."""
    renamed = {}
    if isinstance(node, list):
        for item in node:
            renamed |= title_fields(item, in_layer)
        return renamed
    if not isinstance(node, dict):
        return renamed
    renamed |= relabel_rows(_inline_rows(node))
    for name, channel in _channels(node):
        if name in _UNTITLED_CHANNELS or (in_layer and name in ("x", "y")):
            continue
        for item in channel if isinstance(channel, list) else [channel]:
            if isinstance(item, dict) and isinstance(item.get("field"), str) and "title" not in item:
                item["title"] = labels.column(item["field"])
    for key, value in node.items():
        if key != "datasets":
            renamed |= title_fields(value, in_layer or key == "layer")
    return renamed


def legible(node: dict) -> None:
    """No chart text under MIN_FONT px, whatever size a chapter asked for."""
    for key, value in node.items():
        if key.endswith(("fontSize", "FontSize")) and isinstance(value, (int, float)) and value < MIN_FONT:
            node[key] = MIN_FONT


def rename_codes(renamed: dict[str, str]):
    """A visitor that replaces renamed codes wherever a spec names them: lists (domains, sort orders),
    plain values, and quoted strings inside expressions."""

    def visit(node: dict) -> None:
        for key, value in list(node.items()):
            if key == "datasets":
                continue
            if isinstance(value, list):
                node[key] = [renamed.get(v, v) if isinstance(v, str) else v for v in value]
            elif isinstance(value, str) and value in renamed and key not in ("field", "name", "type", "title"):
                node[key] = renamed[value]
            elif isinstance(value, str) and key in _EXPRESSION_KEYS:
                for code, label in renamed.items():
                    value = value.replace(f"'{code}'", json.dumps(label)).replace(f'"{code}"', json.dumps(label))
                node[key] = value

    return visit


HIGH_SAID = "high_said"  # a tooltip's high end as a reader says it: "12,000", or "at least 10,000"


def _high_as_said(row: dict) -> str:
    high, low = row.get("high"), row.get("low")
    if isinstance(high, (int, float)):
        return f"{high:,.0f}"
    return f"at least {low:,.0f}" if isinstance(low, (int, float)) else "not stated"


def said_highs(spec: dict) -> None:
    """Tooltips show a figure's high end in words: rows get ``high_said``, and a tooltip on ``high`` reads it."""
    tipped = []

    def visit(node: dict) -> None:
        tooltip = node.get("tooltip")
        for item in tooltip if isinstance(tooltip, list) else [tooltip]:
            if isinstance(item, dict) and item.get("field") == "high":
                tipped.append(item)

    walk({k: v for k, v in spec.items() if k != "datasets"}, visit)
    if not tipped:
        return
    for rows in spec.get("datasets", {}).values():
        for row in rows if isinstance(rows, list) else []:
            if isinstance(row, dict) and "high" in row:
                row[HIGH_SAID] = _high_as_said(row)
    for item in tipped:
        item.update(field=HIGH_SAID, type="nominal")
        item.pop("format", None)


def plain_words(spec: dict) -> dict:
    """The spec as a reader should see it: every field titled in plain words, coded values spelled out."""
    spec = json.loads(json.dumps(spec))
    renamed: dict[str, str] = {}
    for rows in spec.get("datasets", {}).values():
        if isinstance(rows, list):  # a table of rows (not, say, the map's TopoJSON)
            renamed |= relabel_rows([r for r in rows if isinstance(r, dict)])
    renamed |= title_fields(spec)
    walk(spec, legible)
    if renamed:
        walk({k: v for k, v in spec.items() if k != "datasets"}, rename_codes(renamed))
    said_highs(spec)
    return spec
