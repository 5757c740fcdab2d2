"""The three kinds of claim and the verdict scale of each, with the colours charts and badges use.

A fact is graded against what was known; a prediction against what happened since, as of a
stated date; a judgement (a framing, a label, an interpretation) is weighed, not graded.
Colours are Okabe-Ito (distinguishable with the common colour-vision deficiencies), and the
same place on each scale has the same colour: green held up, vermillion did not, grey is open.
"""

JUDGEMENT_LABEL = "weighed, not graded"  # what a judgement shows where a verdict would stand

SCALES: dict[str, dict[str, str]] = {
    "fact": {
        "supported": "#009E73",
        "partly supported": "#56B4E9",
        "corrected": "#E69F00",
        "unsupported": "#D55E00",
        "unverified": "#999999",
    },
    "prediction": {
        "borne out": "#009E73",
        "partly borne out": "#56B4E9",
        "not borne out": "#D55E00",
        "too early": "#999999",
    },
    "judgement": {JUDGEMENT_LABEL: "#CC79A7"},
}
KIND_TITLES = {"fact": "Facts", "prediction": "Predictions", "judgement": "Judgements"}


def colour(verdict: str) -> str:
    """The badge colour of any verdict on any scale (or of the judgement label)."""
    for scale in SCALES.values():
        if verdict in scale:
            return scale[verdict]
    raise KeyError(f"{verdict!r} is on no verdict scale")


# Each graded scale as a rating, worst (1) to best: what schema.org ClaimReview's reviewRating carries
# (ratingValue between worstRating 1 and bestRating, alternateName the verdict). An open verdict (unverified,
# too early) sits in the middle, as fact-checkers place "unproven". Judgements are not graded: no rating.
RATINGS: dict[str, list[str]] = {
    "fact": ["corrected", "unsupported", "unverified", "partly supported", "supported"],
    "prediction": ["not borne out", "too early", "partly borne out", "borne out"],
}
