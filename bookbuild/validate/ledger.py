"""Rules for the claims ledger: each kind of claim on its own scale, with what its kind needs."""

from __future__ import annotations

import re

from bookbuild.validate.files import Problem, Table, shown, typed_value
from evidence.numbers import Carrier, unbound
from evidence.scales import SCALES as VERDICT_SCALES

# Each kind of claim has its own scale; a judgement is weighed, not graded (no verdict).
SCALES = {kind: [] if kind == "judgement" else list(scale) for kind, scale in VERDICT_SCALES.items()}
_JUDGEMENT_CASE = ("case_for", "for_ids", "case_against", "against_ids")


def toc_chapters() -> list[str]:
    """The chapters a claim may name: the notebook stems of the book's first part in _toc.yml."""
    from bookbuild.project import chapters

    return [path.stem for path in chapters()]


def check_claims(table: Table) -> list[Problem]:
    """Every claim has a kind, a verdict on that kind's scale, and what its kind needs."""
    if table.name != "claims":
        return []
    chapters = set(toc_chapters())
    return [
        table.problem(line, column, message)
        for line, row in table.numbered()
        for column, message in claim_faults(row, chapters)
    ]


# A fault in a row: the column and what is wrong with it.
Fault = tuple[str, str]


def claim_faults(row: dict, chapters: set[str]) -> list[Fault]:
    """What one claim lacks: a chapter of the book, a why-not line, a kind, and what its kind needs."""
    kind, faults = row.get("kind", ""), []
    if row.get("chapter") not in chapters:
        faults.append(("chapter", f"{row.get('chapter')!r} is not a chapter in _toc.yml"))
    if not row.get("why_not", "").strip():
        faults.append(("why_not", "is empty: say why this verdict and not the next one up or down"))
    if kind not in SCALES:
        return faults + [("kind", f"{kind!r} is not a kind of claim: fact, prediction or judgement")]
    weighed = judgement_faults(row) if kind == "judgement" else graded_faults(row, kind)
    return faults + weighed + judged_as_of_faults(row, kind)


def judgement_faults(row: dict) -> list[Fault]:
    """A judgement has no verdict, but the sourced case for and against."""
    verdict = row.get("verdict", "")
    faults = (
        [("verdict", f"a judgement gets no verdict, not {verdict!r}: give case_for and case_against")]
        if verdict
        else []
    )
    return faults + [
        (column, "is empty: a judgement needs the sourced case for and against")
        for column in _JUDGEMENT_CASE
        if not row.get(column, "").strip()
    ]


def graded_faults(row: dict, kind: str) -> list[Fault]:
    """A fact or prediction has a verdict on its kind's scale, and no case for and against."""
    verdict, scale = row.get("verdict", ""), SCALES[kind]
    faults = [] if verdict in scale else [("verdict", f"{verdict!r} is not on the {kind} scale: {', '.join(scale)}")]
    return faults + [
        (column, f"is only for judgements, not a {kind}") for column in _JUDGEMENT_CASE if row.get(column, "").strip()
    ]


def judged_as_of_faults(row: dict, kind: str) -> list[Fault]:
    """A prediction, and only a prediction, is judged as of a stated date."""
    dated = bool(row.get("judged_as_of", "").strip())
    if kind == "prediction" and not dated:
        return [("judged_as_of", "is empty: a prediction is judged as of a stated date")]
    if kind != "prediction" and dated:
        return [("judged_as_of", f"is only for predictions, not a {kind}")]
    return []


# ---------------------------------------------------------------- predictions and their searches

# A finding that rests on absence: it must cite the searches that found nothing.
ABSENCE = re.compile(
    r"\b(no (?:source|row|report|page|other|sign|evidence|decision|public)|not in our sources|we found no|found no"
    r"|nothing in (?:our|the) (?:sources|store|rows)|none of (?:our|the) sources)\b",
    re.IGNORECASE,
)
_TEXT_COLUMNS = ("finding", "why_not", "case_for", "case_against")


def check_predictions(claims: Table, searches: Table) -> list[Problem]:
    """Each prediction is judged as of a date its logged searches cover, after a search against it; each
    finding that rests on absence cites the searches behind it."""
    by_claim: dict[str, list[dict]] = {}
    for row in searches.rows:
        for claim_id in row["claim_ids"].split():
            by_claim.setdefault(claim_id, []).append(row)
    search_ids = {row["search_id"] for row in searches.rows}
    problems = []
    for line, row in claims.numbered():
        logged = by_claim.get(row["claim_id"], [])
        faults = cited_search_faults(row, logged, search_ids) + absence_faults(row)
        if row["kind"] == "prediction":
            faults += prediction_faults(row, logged)
        problems += [claims.problem(line, column, message) for column, message in faults]
    return problems


def cited_search_faults(row: dict, logged: list[dict], search_ids: set[str]) -> list[Fault]:
    """Each search a claim cites is in data/searches.csv and lists the claim (``logged``: the searches that do)."""
    faults = []
    for search_id in row.get("searches", "").split():
        if search_id not in search_ids:
            faults.append(("searches", f"{search_id!r} is not in data/searches.csv"))
        elif not any(s["search_id"] == search_id for s in logged):
            faults.append(("searches", f"{search_id} does not list {row['claim_id']}"))
    return faults


def absence_faults(row: dict) -> list[Fault]:
    """Text that rests on absence ("we found no ...") cites the searches that found nothing."""
    absent = next((m.group(0) for c in _TEXT_COLUMNS if (m := ABSENCE.search(row.get(c, "")))), None)
    if absent and not row.get("searches", "").split():
        return [("searches", f"is empty, but the text rests on absence ({absent!r}): cite the searches")]
    return []


def prediction_faults(row: dict, logged: list[dict]) -> list[Fault]:
    """A prediction names its domain, the latest date its logged searches covered (no later than they cover,
    and no earlier than it is judged as of), and has a logged search for evidence against it."""
    faults = [] if row.get("domain") else [("domain", "is empty: say what the prediction is about")]
    through = row.get("evidence_through", "")
    if not through:
        return faults + [("evidence_through", "is empty: the latest date its searches covered")]
    covered = max((s["period_end"] for s in logged), default="")
    if through > covered:
        faults.append(("evidence_through", f"{through} is later than its searches cover ({covered or 'none logged'})"))
    judged = row.get("judged_as_of", "")
    if judged and judged > through:
        faults.append(("judged_as_of", f"{judged} is later than evidence_through {through}"))
    if not any(s["looked_for"] in ("against", "both") for s in logged):
        faults.append(("claim_id", f"{row['claim_id']} has no logged search for evidence against it"))
    return faults


def check_searches(searches: Table, row_ids: set[str], claim_ids: set[str]) -> list[Problem]:
    problems = []
    for line, row in searches.numbered():
        if row["period_start"] > row["period_end"]:
            problems.append(searches.problem(line, "period_end", f"{row['period_end']} is before period_start"))
        if row["period_end"] > row["searched_on"]:
            problems.append(
                searches.problem(
                    line, "period_end", f"{row['period_end']} is after the search was made ({row['searched_on']})"
                )
            )
        problems += [
            searches.problem(line, "claim_ids", f"{c!r} is not a claim in data/claims.csv")
            for c in row["claim_ids"].split()
            if c not in claim_ids
        ]
        problems += [
            searches.problem(line, "found", f"{i!r} is not the id of any row in data/")
            for i in row["found"].split()
            if i not in row_ids
        ]
    return problems


# ---------------------------------------------------------------- numbers in the findings


# A cited row, where it lives: its table, its line, the row.
Place = tuple[Table, int, dict]

_NOT_STATED = ("id", "source_id", "iso3", "resolution")  # keys, not what a row states


def _cited(loaded: dict[str, Table], extra: set[str]) -> dict[str, Place]:
    """Every row the claims (or ``extra``) cite, by row id, with where it lives."""
    from evidence.columns import CITING_COLUMNS, row_id_of

    wanted = {i for claim in loaded["claims"].rows for c in CITING_COLUMNS for i in claim.get(c, "").split()} | set(
        extra
    )
    found = {}
    for name, table in loaded.items():
        if name in ("sources", "claims", "selections", "searches"):
            continue
        for line, row in table.numbered():
            row_id = row_id_of(name, row)
            if row_id in wanted:
                found[row_id] = (table, line, row)
    return found


def carriers(loaded: dict[str, Table], extra: set[str] = frozenset()) -> dict[str, Carrier]:
    """What each row the claims (or ``extra``) cite states (figures and dates, in its cells and text), by row id;
    where each lives is ``places``."""
    result = {}
    for row_id, (table, _, row) in _cited(loaded, extra).items():
        carrier = result.setdefault(row_id, Carrier())
        for column, value in row.items():
            kind = table.fields[column]["type"]
            if not value or column in _NOT_STATED:
                continue
            if kind in ("number", "integer", "date"):
                typed = typed_value(kind, value)  # a cell that is not of its type is the schema rule's to report
                if typed is not None:
                    carrier.add_date(typed) if kind == "date" else carrier.add_number(typed)
            else:
                carrier.add_text(value)
    return result


def places(loaded: dict[str, Table], extra: set[str] = frozenset()) -> dict[str, Place]:
    """Where each row the claims (or ``extra``) cite lives, by row id: so a sentence a data edit broke can be
    reported at the edited row too."""
    return _cited(loaded, extra)


def at_the_rows(ids: list[str], where: dict[str, Place], who: str, raw: str, limit: int = 3) -> list[Problem]:
    """For a figure ``raw`` that a sentence (``who``: "C01's finding", "book/troops.ipynb cell 4") states and
    no row it cites carries: one line at each cited row that states figures, giving what the row states now,
    so the edited row is named by file, line and column."""
    problems = []
    for row_id in ids:
        if row_id not in where:
            continue
        table, line, row = where[row_id]
        figures = [
            (column, value)
            for column, value in row.items()
            if value and column not in _NOT_STATED and table.fields[column]["type"] in ("number", "integer")
        ]
        if figures:
            stated = ", ".join(f"{column} {value}" for column, value in figures)
            problems.append(table.problem(line, figures[0][0], f"{row_id} states {stated}; {who} says {raw!r}"))
        if len(problems) == limit:
            break
    return problems


def claim_carrier(row: dict, rows: dict[str, Carrier]) -> Carrier:
    """Everything a claim's text may state: its cited rows, its own wording of the article, the article's date."""
    from evidence.article import PUBLISHED_ON
    from evidence.columns import CITING_COLUMNS

    carrier = Carrier()
    for column in CITING_COLUMNS:
        for row_id in row.get(column, "").split():
            found = rows.get(row_id)
            if found:
                carrier.numbers |= found.numbers
                carrier.dates |= found.dates
    carrier.add_text(row["claim"])
    carrier.add_date(PUBLISHED_ON)
    return carrier


def check_finding_numbers(
    claims: Table, rows: dict[str, Carrier], where: dict[str, Place] | None = None
) -> list[Problem]:
    """Every figure and date in a claim's finding, why-not line and case for and against appears in a row
    the claim cites (as that row states it), or sits in a sentence that marks its working. A figure that does
    not is reported at the claim and, with ``where``, at each cited row that states figures."""
    from evidence.columns import CITING_COLUMNS

    problems = []
    for line, row in claims.numbered():
        carrier = claim_carrier(row, rows)
        cited = [i for c in CITING_COLUMNS for i in row.get(c, "").split()]
        for column in _TEXT_COLUMNS:
            for raw, sentence in unbound(row.get(column, ""), carrier):
                problems.append(
                    claims.problem(
                        line,
                        column,
                        f"{row['claim_id']}: {raw!r} is in no row it cites, in the sentence {shown(sentence, 120)}",
                    )
                )
                problems += at_the_rows(cited, where or {}, f"{row['claim_id']}'s {column}", raw)
    return problems


# ---------------------------------------------------------------- independent sources


def check_independence(claims: Table, loaded: dict[str, Table]) -> list[Problem]:
    """A fact graded supported rests on two independent original publishers, or on the producer's record."""
    from evidence.columns import RECORD_TYPES, row_id_of

    sources = {row["source_id"]: row for row in loaded["sources"].rows}
    source_of = {}
    for name, table in loaded.items():
        if "source_id" in table.fields and name != "sources":
            for row in table.rows:
                source_of.setdefault(row_id_of(name, row), row["source_id"])
    problems = []
    for line, row in claims.numbered():
        if row["kind"] != "fact" or row["verdict"] != "supported":
            continue
        pages = [sources[source_of[i]] for i in row["evidence_ids"].split() if source_of.get(i) in sources]
        if any(page["source_type"] in RECORD_TYPES for page in pages):
            continue
        originals = {(page["original_publisher"] or page["publisher"]).casefold() for page in pages}
        if len(originals) < 2:
            named = ", ".join(sorted(originals)) or "none"
            problems.append(
                claims.problem(
                    line,
                    "verdict",
                    f"{row['claim_id']} is supported on one original publisher ({named}): cite a second, independent "
                    "one or the producer's own record, or grade it lower",
                )
            )
    return problems
