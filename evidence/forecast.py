"""The article graded as a forecaster.

Each prediction's hedge word ("could", "is likely to") is read as a band of the US intelligence community's
scale of estimative words (ICD 203, data/estimative_scale.csv), and the band's midpoint as the probability the
article gave. The outcome is the verdict: borne out 1, partly borne out 0.5, not borne out 0; a prediction
judged "too early" is left out of the score. The Brier score is the mean squared gap between probability and
outcome (0 is perfect); the baseline is a forecaster who says 50% every time.

No published scale gives "could", "may" or "might" a probability, so the reading is the book's choice, and
two readings are scored side by side: ``even`` reads them as ICD 203's "roughly even chance", ``unlikely`` as
its "unlikely". Both read "likely" and "will probably" as "likely", and a prediction stated without a hedge
("would", or as plain fact) as "very likely".
"""

from __future__ import annotations

import pandas as pd

from evidence.data import load

OUTCOMES = {"borne out": 1.0, "partly borne out": 0.5, "not borne out": 0.0}
BASELINE = 0.5  # the naive forecaster: even odds on everything
_POSSIBLE = ("could", "may", "might", "has the potential to")
_CONFIDENT = ("would", "")
_LIKELY = ("likely", "is likely to", "will probably")


def _reading(possible_as: str) -> dict[str, str]:
    return {
        **{hedge: possible_as for hedge in _POSSIBLE},
        **{hedge: "very likely" for hedge in _CONFIDENT},
        **{hedge: "likely" for hedge in _LIKELY},
    }


MAPPINGS = {"even": _reading("roughly even chance"), "unlikely": _reading("unlikely")}
MAPPING_NAMES = {
    "even": '"could", "may" and "might" read as a roughly even chance',
    "unlikely": '"could", "may" and "might" read as unlikely',
}


def scale() -> pd.DataFrame:
    """ICD 203's terms with their bands and the band's midpoint, as a probability from 0 to 1."""
    terms = load("estimative_scale")
    return terms.assign(probability=((terms["low"] + terms["high"]) / 200).round(4))


def forecasts(mapping: str = "even") -> pd.DataFrame:
    """One row per prediction: its hedge, the ICD 203 term it is read as, the probability, the verdict, the
    outcome (empty for "too early") and whether it is scored."""
    claims = load("claims").query("kind == 'prediction'")
    terms = scale().set_index("term")
    hedges = claims["hedge"].fillna("").astype(str)
    read_as = hedges.map(MAPPINGS[mapping])
    unknown = sorted(set(hedges[read_as.isna()]))
    if unknown:
        raise ValueError(f"hedges with no reading in evidence.forecast.MAPPINGS: {unknown}")
    verdict = claims["verdict"].astype(str)
    return pd.DataFrame(
        {
            "claim_id": claims["claim_id"].to_numpy(),
            "hedge": hedges.replace("", "(stated as fact)").to_numpy(),
            "term": read_as.to_numpy(),
            "probability": read_as.map(terms["probability"]).to_numpy(),
            "verdict": verdict.to_numpy(),
            "outcome": verdict.map(OUTCOMES).to_numpy(),
            "domain": claims["domain"].astype(str).to_numpy(),
        }
    ).assign(scored=lambda f: f["outcome"].notna())


def brier(frame: pd.DataFrame) -> dict[str, float | int]:
    """The Brier score of the scored predictions, the baseline's, and how many were scored and left out."""
    scored = frame[frame["scored"]]
    return {
        "brier": round(float(((scored["probability"] - scored["outcome"]) ** 2).mean()), 3),
        "baseline": round(float(((BASELINE - scored["outcome"]) ** 2).mean()), 3),
        "scored": len(scored),
        "left_out": int((~frame["scored"]).sum()),
    }


def calibration(frame: pd.DataFrame) -> pd.DataFrame:
    """By the term a hedge is read as: how many predictions, the probability stated, the share that came
    about (mean outcome), and how many of each verdict."""
    scored = frame[frame["scored"]]
    table = scored.groupby(["term", "probability"], as_index=False).agg(
        predictions=("claim_id", "size"),
        came_about=("outcome", "mean"),
        claims=("claim_id", " ".join),
        **{v.replace(" ", "_"): ("verdict", lambda s, v=v: int((s == v).sum())) for v in OUTCOMES},
    )
    return table.assign(came_about=table["came_about"].round(2)).sort_values("probability", ignore_index=True)


def scores() -> pd.DataFrame:
    """Both readings side by side: Brier score, baseline, scored and left out."""
    return pd.DataFrame([{"reading": MAPPING_NAMES[name], **brier(forecasts(name))} for name in MAPPINGS])


# The columns a page shows of the scale, of each prediction's readings, and of the calibration table.
SCALE_COLUMNS = ["id", "term", "probability_term", "low", "high", "source_id"]
READINGS_COLUMNS = [
    "claim_id",
    "hedge",
    "read_as_even",
    "probability_even",
    "read_as_unlikely",
    "probability_unlikely",
    "verdict",
    "outcome",
]
CALIBRATION_COLUMNS = [
    "reading",
    "term",
    "probability",
    "predictions",
    "came_about",
    "borne_out",
    "partly_borne_out",
    "not_borne_out",
    "claims",
]


def readings_table() -> pd.DataFrame:
    """One row per prediction: its hedge, the ICD 203 term and probability under each reading, its verdict and
    the outcome scored (empty for "too early")."""
    even, unlikely = forecasts("even"), forecasts("unlikely")
    return even.rename(columns={"term": "read_as_even", "probability": "probability_even"}).assign(
        read_as_unlikely=unlikely["term"].to_numpy(), probability_unlikely=unlikely["probability"].to_numpy()
    )


def _percent(p: float) -> str:
    return f"{p:.1%}".replace(".0%", "%")


def _key(term: str) -> str:
    return term.replace(" ", "_")


def figures() -> dict[str, object]:
    """What the book's prose says of the article as a forecaster, computed from the ledger (for ``page.glue``):
    how many predictions carry each kind of hedge, the probability each term is read as, each reading's Brier
    score and the baseline's, how many are scored and left out, and how often each group came about."""
    table = readings_table()
    hedges = table["hedge"].replace("(stated as fact)", "")
    said = {
        "hedged_possible": int(hedges.isin(_POSSIBLE).sum()),
        "hedged_likely": int(hedges.isin(_LIKELY).sum()),
        "hedged_none": int(hedges.isin(_CONFIDENT).sum()),
        "stated_as_fact": int((hedges == "").sum()),
    }
    said.update({f"p_{_key(t)}": _percent(p) for t, p in scale().set_index("term")["probability"].items()})
    said.update({f"outcome_{_key(v)}": f"{o:g}" for v, o in OUTCOMES.items()})
    said["baseline_p"] = _percent(BASELINE)
    for name in MAPPINGS:
        score = brier(forecasts(name))
        said[f"brier_{name}"] = f"{score['brier']:.3f}"
        said["baseline"] = f"{score['baseline']:.3f}"
        said["scored"], said["left_out"] = score["scored"], score["left_out"]
        said[f"beats_{name}"] = "better than" if score["brier"] < score["baseline"] else "no better than"
        for row in calibration(forecasts(name)).itertuples():
            said[f"came_{_key(row.term)}"] = _percent(row.came_about)
            said[f"n_{_key(row.term)}"] = row.predictions
    return said
