"""The helpers that bind the chapters' words to the data: what the prose check reads as a figure, the figures
and dates the summaries write, and the counts the syntheses glue (no build needed)."""

from __future__ import annotations

import nbformat
import pandas as pd

from bookbuild.validate import prose
from evidence import forecast, labels, ledger
from evidence.charts import ranges, timelines, votes
from evidence.numbers import tokens


def _raw(text: str) -> list[str]:
    return [t.raw for t in tokens(text)]


def test_article_numbers_calibres_and_link_addresses_are_not_figures(tmp_path):
    assert _raw("Article 4 of the treaty and Article 51 of the Charter") == []
    assert _raw("if filled with 152 mm or 122mm rounds") == []
    assert _raw("a push of 30 km") == ["30"]  # a distance is a figure
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell("To find it, [search](https://example.org/?s=Korea%27s+Gambit+2024).")]
    )
    nbformat.write(nb, tmp_path / "chapter.ipynb")
    assert prose.check_markdown(tmp_path / "chapter.ipynb", {}, {}) == []
    nb.cells[0].source = "In 2024, [a page](https://example.org/)."
    nbformat.write(nb, tmp_path / "chapter.ipynb")
    assert [p.message.split(" is ")[0] for p in prose.check_markdown(tmp_path / "chapter.ipynb", {}, {})] == ["'2024'"]


def test_glued_values_and_typed_figures_in_code():
    assert prose.typed_figures('page.glue(share=f"{x:.0%}")') == [("share", ".0%")]
    assert prose.typed_figures("page.glue(share=labels.share(a, b))") == []
    assert prose.typed_figures('charts.figure(c, title=f"Troops, {labels.period(d)}.", alt_text=s)') == []


def test_figures_and_dates_as_the_book_writes_them():
    assert labels.number(1500) == "1,500" and labels.number(6.4) == "6.4" and labels.number(0.25) == "0.25"
    assert labels.figure(3000, None) == "at least 3,000" and labels.figure(11000, 12000) == "11,000–12,000"
    dates = pd.Series(pd.to_datetime(["2024-10-01", "2024-12-02"]))
    assert labels.period(dates) == "October–December 2024"
    assert labels.period(pd.Series(pd.to_datetime(["2025-01-05", "2026-02-12"]))) == "January 2025–February 2026"
    assert labels.years([2024, 2025]) == "2024–2025" and labels.day("2024-06-19") == "19 June 2024"
    assert labels.listing(["a", "b", "c"]) == "a, b and c" and labels.share(57, 160) == "36%"


def _figures(**rows) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"id": k, "reported_on": pd.Timestamp(d), "reported_by": who, "low": lo, "high": hi, "unit": "rounds"}
            for k, (d, who, lo, hi) in rows.items()
        ]
    )


def test_the_alt_text_of_a_series_names_every_figure_and_follows_an_edit():
    frame = _figures(**{"mun-1": ("2023-10-13", "White House NSC (John Kirby)", 1000, None)}).assign(
        claim_type="official"
    )
    text = ranges.over_time_summary(frame, {"mun-1": "fired"})
    assert "at least 1,000 rounds (White House NSC, Oct 2023, fired)" in text
    assert "at least 2,500 rounds" in ranges.over_time_summary(frame.assign(low=2500))
    assert ranges.references_summary({"EU pledge (March 2023): 1,000,000": 1e6}).endswith("1,000,000.")


def test_status_dates_are_as_precise_as_their_rows():
    rows = pd.DataFrame(
        {
            "id": ["a", "b"],
            "country": ["Brazil", "Brazil"],
            "status": ["founding member", "founding member"],
            "effective_date": pd.to_datetime(["2006-01-01", "2024-01-01"]),
            "note": ["Year only (2006); first day used.", None],
        }
    )
    rules = pd.DataFrame({"date": pd.to_datetime(["2009-06-16"]), "label": [["First BRIC", "summit"]]})
    text = timelines.status_summary(rows, rules)
    assert "founding member 2006 and 1 Jan 2024" in text and "First BRIC summit (16 Jun 2009)" in text


def test_a_grid_summary_says_where_no_source_was_found():
    cells = pd.DataFrame(
        {
            "country_label": ["India", "India"],
            "country": ["India", "India"],
            "joined": pd.to_datetime(["2006-01-01"] * 2),
            "label": ["ES-11/1", "Feb 2026"],
            "shown": ["abstain", None],
            "basis": ["official", None],
        }
    )
    text = votes.grid_summary(cells, ["ES-11/1", "Feb 2026"])
    assert "India: abstain on ES-11/1; no source found on Feb 2026" in text


def test_the_synthesis_counts_are_the_ledgers():
    figures = ledger.summary_figures()
    counts = ledger.verdict_counts().set_index(["kind", "verdict"])["claims"]
    assert figures["fact_supported"] == counts[("fact", "supported")]
    assert figures["predictions"] == sum(
        figures[f"prediction_{v.replace(' ', '_')}"] for v in ledger.PREDICTION_VERDICTS
    )
    domains = ledger.by_domain()
    assert domains["predictions"].sum() == figures["predictions"]
    assert figures["borne_out_gap"] == domains["borne_out"].max() - domains["borne_out"].min()


def test_the_forecaster_figures_are_the_scores():
    said, scores = forecast.figures(), forecast.scores()
    assert (
        said["brier_even"] == f"{scores['brier'].iloc[0]:.3f}"
        and said["baseline"] == f"{scores['baseline'].iloc[0]:.3f}"
    )
    assert said["scored"] + said["left_out"] == len(forecast.forecasts())
    assert said["hedged_possible"] + said["hedged_likely"] + said["hedged_none"] == len(forecast.forecasts())
