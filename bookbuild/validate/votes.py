"""Rules for the General Assembly's votes: tallies, and news rows against the UN's own record."""

from __future__ import annotations

from bookbuild.validate.cells import number
from bookbuild.validate.files import Problem, Table
from evidence.columns import RECORD_TYPES


def check_vote_tallies(votes: Table, resolutions: Table) -> list[Problem]:
    """Votes must name a known resolution and never outnumber its recorded tally."""
    problems, tallies, counts, last_line = [], {}, {}, {}
    for _line, row in resolutions.numbered():
        tallies[row["resolution"]] = {"yes": row["yes"], "no": row["no"], "abstain": row["abstain"]}
    for line, row in votes.numbered():
        if row["resolution"] not in tallies:
            problems.append(
                votes.problem(line, "resolution", f"{row['resolution']!r} is not in data/unga_resolutions.csv")
            )
            continue
        if row.get("contradicts_record", "").strip():
            continue  # a news row the UN record contradicts is kept for the record, not counted
        key = (row["resolution"], row["vote"])
        counts[key] = counts.get(key, 0) + 1
        last_line[key] = line
    for (resolution, vote), count in sorted(counts.items()):
        tally = number(tallies[resolution].get(vote, "") or "")
        if tally is not None and count > tally:
            problems.append(
                votes.problem(
                    last_line[(resolution, vote)],
                    "vote",
                    f"{count} '{vote}' votes listed for {resolution}, but its tally records {int(tally)}",
                )
            )
    return problems


def check_vote_contradictions(votes: Table, sources: Table) -> list[Problem]:
    """A news or aggregator vote that differs from the UN record's vote for the same resolution and country must say so."""
    kind = {row["source_id"]: row.get("source_type", "") for row in sources.rows}
    record = {}
    for _, row in votes.numbered():
        if kind.get(row["source_id"]) in RECORD_TYPES:
            record.setdefault((row["resolution"], row["iso3"]), (row["vote"], row["source_id"]))
    problems = []
    for line, row in votes.numbered():
        key = (row["resolution"], row["iso3"])
        if kind.get(row["source_id"]) in RECORD_TYPES or key not in record:
            continue
        vote, source = record[key]
        marked = row.get("contradicts_record", "").strip() == "yes"
        if row["vote"] != vote and not marked:
            problems.append(
                votes.problem(
                    line,
                    "vote",
                    f"{row['source_id']} gives {row['iso3']} {row['vote']!r} on {row['resolution']}, "
                    f"but the UN record ({source}) gives {vote!r}: set contradicts_record to yes",
                )
            )
        elif row["vote"] == vote and marked:
            problems.append(
                votes.problem(line, "contradicts_record", f"marked yes, but {source} gives the same vote {vote!r}")
            )
    return problems


MEMBER_STATES = 193


def check_record_tallies(votes: Table, resolutions: Table, sources: Table) -> list[Problem]:
    """Where the UN's record is in the data, it holds every member state once, its yes, no and abstain
    counts equal the Assembly's tally exactly, and its non-voting count equals what the tally leaves of the
    193 members (the UN's published non-voting figure; the resolutions table keeps no column for it)."""
    kind = {row["source_id"]: row.get("source_type", "") for row in sources.rows}
    tallies = {row["resolution"]: (row, line) for line, row in resolutions.numbered()}
    record: dict[str, list[dict]] = {}
    for _, row in votes.numbered():
        if kind.get(row["source_id"]) in RECORD_TYPES:
            record.setdefault(row["resolution"], []).append(row)
    problems = []
    for resolution, rows in sorted(record.items()):
        if resolution not in tallies:
            continue
        tally, line = tallies[resolution]
        states = [row["iso3"] for row in rows]
        if len(states) != len(set(states)) or len(states) != MEMBER_STATES:
            problems.append(
                resolutions.problem(
                    line,
                    "resolution",
                    f"the UN record rows for {resolution} hold {len(set(states))} member states "
                    f"({len(states)} rows); the Assembly has {MEMBER_STATES}",
                )
            )
        for vote in ("yes", "no", "abstain"):
            counted = sum(row["vote"] == vote for row in rows)
            if str(counted) != tally[vote]:
                problems.append(
                    resolutions.problem(
                        line,
                        vote,
                        f"{tally[vote]} is not the UN record's count: its rows give {counted} '{vote}' for {resolution}",
                    )
                )
        counts = [number(tally[vote] or "") for vote in ("yes", "no", "abstain")]
        if None not in counts:
            expected = MEMBER_STATES - int(sum(counts))
            counted = sum(row["vote"] == "non-voting" for row in rows)
            if counted != expected:
                problems.append(
                    resolutions.problem(
                        line,
                        "resolution",
                        f"the UN record rows for {resolution} give {counted} 'non-voting', but its tally leaves "
                        f"{expected} of {MEMBER_STATES} members not voting",
                    )
                )
    return problems
