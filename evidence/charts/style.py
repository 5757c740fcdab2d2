"""The house style: the Altair theme, and the colours and shapes each kind of thing is drawn in.

Okabe-Ito colours (distinguishable with the common colour-vision deficiencies), and a mark shape per
category wherever colour carries meaning, so colour is never the only cue."""

from __future__ import annotations

import altair as alt

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
# Each kind of figure also gets its own mark shape, so colour is never the only cue.
CLAIM_TYPES = {
    "official": ("#0072B2", "circle"),
    "estimate": ("#E69F00", "square"),
    "projection": ("#009E73", "triangle-up"),
    "claim": ("#CC79A7", "diamond"),
}


VOTES = {"yes": "#0072B2", "abstain": "#E69F00", "no": "#D55E00", "non-voting": "#BBBBBB"}


STATIC_WIDTH = 640  # the printed chart's width in pixels


FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"


@alt.theme.register("book", enable=True)
def book_theme() -> alt.theme.ThemeConfig:
    return {
        "width": "container",
        "autosize": {"type": "fit-x", "contains": "padding"},
        "config": {
            "font": FONT,
            "view": {"stroke": None},
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "gridColor": "#e5e5e5", "labelLimit": 180},
            "legend": {
                "labelFontSize": 12,
                "titleFontSize": 12,
                "orient": "bottom",
                "direction": "horizontal",
                "columns": 2,
                "columnPadding": 20,  # room for labels when the printed font is wider than the measured one
            },
            "title": {"fontSize": 14, "anchor": "start", "subtitleFontSize": 12},
            "header": {"labelFontSize": 12, "titleFontSize": 12},
            "text": {"fontSize": 12},
        },
    }


def scale(mapping: dict) -> alt.Scale:
    """A categorical scale that keeps the house colours in the house order."""
    return alt.Scale(domain=list(mapping), range=list(mapping.values()))


def claim_type_encodings() -> dict:
    """Colour and shape by kind of figure (official, estimate, projection, claim)."""
    legend = alt.Legend(title="Kind of figure")
    return {
        "color": alt.Color("claim_type:N", scale=scale({k: c for k, (c, _) in CLAIM_TYPES.items()}), legend=legend),
        "shape": alt.Shape("claim_type:N", scale=scale({k: s for k, (_, s) in CLAIM_TYPES.items()}), legend=legend),
    }


MIN_FONT = 11  # px, the smallest chart text


# Okabe-Ito colours, one shape per BRICS status, so colour is never the only cue.
BRICS_STATUS = {
    "founding member": ("#0072B2", "square"),
    "member": ("#009E73", "circle"),
    "partner": ("#E69F00", "triangle-up"),
    "invited": ("#CC79A7", "diamond"),
    "declined": ("#D55E00", "cross"),
}


# Whether a development bears a prediction out: colour and shape together, so colour is never the only cue.
BEARS = {
    "for": ("#009E73", "triangle-up"),
    "against": ("#D55E00", "triangle-down"),
    "mixed": ("#E69F00", "diamond"),
}


# Okabe-Ito colours, and a shape per kind of event.
EVENT_CATEGORIES = {
    "treaty": ("#0072B2", "square"),
    "deployment": ("#009E73", "triangle-up"),
    "combat": ("#D55E00", "cross"),
    "acknowledgement": ("#CC79A7", "diamond"),
    "diplomacy": ("#E69F00", "circle"),
}
