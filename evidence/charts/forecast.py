"""The article as a forecaster, drawn: for each probability its hedges were read as, how often the predictions
came about, under both readings of "could", "may" and "might" (evidence.forecast)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from evidence import forecast
from evidence.charts.style import scale

READING_STYLE = {"even": ("#0072B2", "circle"), "unlikely": ("#D55E00", "square")}
LEGEND = {"even": "could/may/might as even chance", "unlikely": "could/may/might as unlikely"}


def calibration_rows() -> pd.DataFrame:
    """The calibration tables of both readings, one row per reading and term."""
    parts = [forecast.calibration(forecast.forecasts(name)).assign(reading=name) for name in forecast.MAPPINGS]
    return pd.concat(parts, ignore_index=True)


def calibration_chart(rows: pd.DataFrame) -> alt.LayerChart:
    """Stated probability against the share that came about; a perfectly calibrated forecaster sits on the
    dashed diagonal. Mark size counts predictions."""
    readings = {LEGEND[k]: v for k, v in READING_STYLE.items()}
    data = rows.assign(reading=rows["reading"].map(LEGEND))
    axis = dict(scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%", values=[0, 0.25, 0.5, 0.75, 1]))
    diagonal = (
        alt.Chart(pd.DataFrame({"p": [0.0, 1.0]}))
        .mark_line(strokeDash=[4, 4], color="#555")
        .encode(x=alt.X("p:Q", **axis), y=alt.Y("p:Q", **axis))
    )
    points = (
        alt.Chart(data)
        .mark_point(filled=True, opacity=0.85)
        .encode(
            x=alt.X("probability:Q", title="Probability the hedge is read as (ICD 203 band midpoint)", **axis),
            y=alt.Y("came_about:Q", title="Share that came about (partly = half)", **axis),
            size=alt.Size("predictions:Q", title="Predictions", scale=alt.Scale(range=[60, 500])),
            color=alt.Color("reading:N", title="Reading", scale=scale({k: c for k, (c, _) in readings.items()})),
            shape=alt.Shape("reading:N", title="Reading", scale=scale({k: s for k, (_, s) in readings.items()})),
            tooltip=[
                alt.Tooltip("reading:N", title="Reading"),
                alt.Tooltip("term:N", title="ICD 203 term"),
                alt.Tooltip("probability:Q", title="Probability", format=".1%"),
                alt.Tooltip("predictions:Q", title="Predictions"),
                alt.Tooltip("came_about:Q", title="Came about", format=".0%"),
                alt.Tooltip("claims:N", title="Claims"),
            ],
        )
    )
    return alt.layer(diagonal, points).properties(height=300)


def calibration_summary(rows: pd.DataFrame) -> str:
    """Alt text for ``calibration_chart``, from its rows and the Brier scores."""
    parts = []
    for name, table in rows.groupby("reading", sort=False):
        score = forecast.brier(forecast.forecasts(name))
        points = "; ".join(
            f"{r.predictions} read as {r.term} ({r.probability:.1%}), {r.came_about:.0%} came about"
            for r in table.itertuples()
        )
        parts.append(
            f"With {forecast.MAPPING_NAMES[name]}: {points}. Brier score {score['brier']:.3f} against "
            f"{score['baseline']:.3f} for a forecaster who always says 50%"
        )
    return "Dots against a dashed diagonal of perfect calibration. " + ". ".join(parts) + "."
