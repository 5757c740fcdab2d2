"""Rules for the claims ledger: each kind of claim on its own scale, with what its kind needs."""

from __future__ import annotations

from bookbuild.validate.files import Problem, Table
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
    problems, chapters = [], set(toc_chapters())
    for line, row in table.numbered():
        kind, verdict = row.get("kind", ""), row.get("verdict", "")
        if row.get("chapter") not in chapters:
            problems.append(table.problem(line, "chapter", f"{row.get('chapter')!r} is not a chapter in _toc.yml"))
        if not row.get("why_not", "").strip():
            problems.append(
                table.problem(line, "why_not", "is empty: say why this verdict and not the next one up or down")
            )
        if kind not in SCALES:
            problems.append(
                table.problem(line, "kind", f"{kind!r} is not a kind of claim: fact, prediction or judgement")
            )
            continue
        scale = SCALES[kind]
        if kind == "judgement":
            if verdict:
                problems.append(
                    table.problem(
                        line, "verdict", f"a judgement gets no verdict, not {verdict!r}: give case_for and case_against"
                    )
                )
            problems += [
                table.problem(line, column, "is empty: a judgement needs the sourced case for and against")
                for column in _JUDGEMENT_CASE
                if not row.get(column, "").strip()
            ]
        else:
            if verdict not in scale:
                problems.append(
                    table.problem(line, "verdict", f"{verdict!r} is not on the {kind} scale: {', '.join(scale)}")
                )
            problems += [
                table.problem(line, column, f"is only for judgements, not a {kind}")
                for column in _JUDGEMENT_CASE
                if row.get(column, "").strip()
            ]
        if kind == "prediction" and not row.get("judged_as_of", "").strip():
            problems.append(table.problem(line, "judged_as_of", "is empty: a prediction is judged as of a stated date"))
        if kind != "prediction" and row.get("judged_as_of", "").strip():
            problems.append(table.problem(line, "judged_as_of", f"is only for predictions, not a {kind}"))
    return problems


