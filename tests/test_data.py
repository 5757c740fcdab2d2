"""The loader returns typed tables, and the data keep the book's sourcing promises."""

from __future__ import annotations

import pandas as pd
import pytest

from evidence.data import load, tables


@pytest.mark.parametrize("table", tables())
def test_every_table_loads_typed_and_non_empty(table):
    frame = load(table)
    assert len(frame) > 0
    for column, dtype in frame.dtypes.items():
        assert not pd.api.types.is_object_dtype(dtype), f"{table}.{column} has no declared type"


def test_dates_and_categories_are_parsed():
    estimates = load("deployment_estimates")
    assert pd.api.types.is_datetime64_any_dtype(estimates["reported_on"])
    assert isinstance(estimates["claim_type"].dtype, pd.CategoricalDtype)
    assert list(estimates["claim_type"].cat.categories) == ["official", "estimate", "projection", "claim"]
    assert str(estimates["low"].dtype) == "Float64"


def test_unknown_table_names_the_tables():
    with pytest.raises(KeyError, match="tables are: sources"):
        load("troops")


def test_at_least_figures_have_no_upper_bound():
    # "at least 3,000" (the White House, 23 October 2024) is low 3000 with an empty high.
    kirby = load("deployment_estimates").query("id == 'dep-007'").iloc[0]
    assert kirby["low"] == 3000 and pd.isna(kirby["high"])
    assert '"at least 3,000"' in kirby["evidence"]


def test_disagreeing_sources_keep_their_own_rows():
    # Saudi Arabia: some sources say member, others invited only; both stand.
    saudi = load("brics_membership").query("iso3 == 'SAU'")
    assert {"member", "invited"} <= set(saudi["status"].astype(str))
    assert saudi["source_id"].nunique() > 1


def test_each_record_non_voting_count_equals_the_un_tally():
    # The UN publishes non-voting as what its tally leaves of the 193 members (ES-11/9: 193 - 91 - 12 - 57 = 33);
    # the rows read from the UN record must give exactly that many non-voting states, resolution by resolution.
    record = set(load("sources").query("source_type in ['official', 'official-copy']")["source_id"].astype(str))
    votes = load("unga_votes")
    votes = votes[votes["source_id"].astype(str).isin(record)]
    checked = 0
    for resolution in load("unga_resolutions").itertuples():
        rows = votes[votes["resolution"].astype(str) == str(resolution.resolution)]
        if rows.empty:
            continue  # no UN record read (the February 2026 text stays on news)
        published = 193 - int(resolution.yes) - int(resolution.no) - int(resolution.abstain)
        counted = int((rows["vote"].astype(str) == "non-voting").sum())
        assert counted == published, (
            f"{resolution.resolution}: {counted} non-voting rows, the UN tally leaves {published}"
        )
        checked += 1
    assert checked >= 9


def test_the_catalog_names_every_vendored_files_licence():
    # The Data catalog page lists each file that carries licences of its own (the map's boundaries), with every
    # licence datapackage.json gives it and a link to its licence text, so the page and the package cannot drift.
    from evidence import catalog
    from evidence.data import licence_file, package
    from evidence.markup import text

    summary = str(catalog.package_summary())
    own = [res for res in package()["resources"] if res.get("licenses")]
    assert any(res["path"] == "world-110m.json" for res in own)
    for res in own:
        assert f"<code>{text(res['path'])}</code>" in summary
        for lic in res["licenses"]:
            assert str(text(lic["title"])) in summary
            assert lic["path"] in summary
        assert licence_file(res) and f'href="../data/{licence_file(res)}"' in summary
