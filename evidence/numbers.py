"""Numbers in the book's words, and whether the rows carry them.

``tokens(text)`` finds every figure, date, month and year a sentence states; ``Carrier`` holds what a set of
rows states (their figures, their dates, and the figures and dates written in their text); ``unbound(text,
carrier)`` lists the tokens no row carries. The claims ledger's findings and the chapters' prose are checked
with it: a data edit that makes a sentence wrong stops the build, naming the sentence.

What is not a stated figure is left out: row, claim and search ids ("dep-013", "C12", "srch-1001"),
resolution symbols ("ES-11/4"), figure numbers ("Figure 1.2"), paragraph numbers, the numbers of a treaty's or
charter's articles ("Article 4", "Article 51"), calibres ("152 mm") and names with digits in them ("Hwasong-19",
"KN-23", "155mm"). A sentence that works a figure out marks it: "(our calculation)", "(our count)" or "(our
sum)"; its figures are the book's own, shown with their working.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from dataclasses import dataclass, field

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
SCALE = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}

# Not stated figures: ids, symbols, figure, paragraph and article numbers, calibres, names with digits.
_NOT_FIGURES = re.compile(
    r"\b(?:[a-z]+-\d{3,4}|C\d{2}|srch-\d{4}|ES-11(?:/\d+)?(?::[A-Z]{3})?|ES-11 \([^)]*\))"
    r"|\b(?:Figures?|Fig\.|paragraphs?|Paragraphs?|¶|Articles?)\s*\d+(?:\.\d+)?(?:\s*(?:[-–]|and|to)\s*\d+(?:\.\d+)?)?"
    r"|\b[A-Za-z]+-\d+[A-Za-z]*\b|\b\d+(?:\s?mm|km|st|nd|rd|th)\b|\b[A-Z]\d+\b|\bG\d+\b"
)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:\s*[-–]\s*(\d{{1,2}}))?\s+{_MONTH}(?:\s+(\d{{4}}))?\b", re.IGNORECASE)
_MONTH_DAY_YEAR = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,\s*(\d{{4}}))?\b", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"\b{_MONTH}\s+(\d{{4}})\b", re.IGNORECASE)
_NUMBER = re.compile(
    r"(?<![\w.])[$€£~]?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*(%|per ?cent|(?:thousand|million|billion|trillion|mln|mn|bn|tn|[kmb])\b)?",
    re.IGNORECASE,
)
COMPUTED = re.compile(r"\(our (?:calculation|count|sum|arithmetic)[^)]*\)|\bour (?:calculation|count)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Token:
    """One stated figure or date: ``kind`` is number, year, month (year, month), date (y, m, d) or day (m, d)."""

    raw: str
    kind: str
    value: tuple


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def tokens(text: str) -> list[Token]:
    """Every figure and date ``text`` states, in order of appearance (ids and names with digits left out)."""
    return list(_tokens(str(text)))


@functools.lru_cache(maxsize=65536)  # validation reads the same cells and sentences many times
def _tokens(text: str) -> tuple[Token, ...]:
    text = _NOT_FIGURES.sub(" ", text)
    found: list[tuple[int, Token]] = []
    taken: list[tuple[int, int]] = []

    def claim(match, token):
        span = match.span()
        if any(a < span[1] and span[0] < b for a, b in taken):
            return
        taken.append(span)
        found.append((span[0], token))

    for m in _ISO_DATE.finditer(text):
        claim(m, Token(m.group(0), "date", (int(m[1]), int(m[2]), int(m[3]))))
    for m in _DAY_MONTH_YEAR.finditer(text):
        month = _month(m[3])
        days = [int(m[1])] + ([int(m[2])] if m[2] else [])  # "22-24 October 2024" states both ends

        def on(day, m=m, month=month):
            return (
                Token(m.group(0), "date", (int(m[4]), month, day)) if m[4] else Token(m.group(0), "day", (month, day))
            )

        claim(m, on(days[0]))
        found += [(m.start(), on(day)) for day in days[1:] if m.span() in taken]
    for m in _MONTH_DAY_YEAR.finditer(text):
        month, day = _month(m[1]), int(m[2])
        claim(m, Token(m.group(0), "date", (int(m[3]), month, day)) if m[3] else Token(m.group(0), "day", (month, day)))
    for m in _MONTH_YEAR.finditer(text):
        claim(m, Token(m.group(0), "month", (int(m[2]), _month(m[1]))))
    for m in _NUMBER.finditer(text):
        whole, decimals, unit = m[1].replace(",", ""), m[2], (m[3] or "").lower()
        value = float(whole + ("." + decimals if decimals else ""))
        if not unit and not decimals and "," not in m[1] and 1900 <= value <= 2035:
            claim(m, Token(m.group(0).strip(), "year", (int(value),)))
            continue
        scale = SCALE.get(unit.replace(" ", ""), 1.0)
        claim(m, Token(m.group(0).strip(), "number", (value, value * scale)))
    return tuple(token for _, token in sorted(found, key=lambda pair: pair[0]))


@dataclass
class Carrier:
    """What a set of rows states: its figures (as written and scaled), its dates, months and years."""

    numbers: set[float] = field(default_factory=set)
    dates: set[tuple] = field(default_factory=set)

    def add_text(self, text) -> None:
        for token in tokens(text or ""):
            self.add_token(token)

    def add_token(self, token: Token) -> None:
        if token.kind == "number":
            self.numbers.update(round(v, 6) for v in token.value)
        elif token.kind == "year":
            self.numbers.add(float(token.value[0]))
            self.dates.add(("year", token.value[0]))
        elif token.kind == "date":
            self.add_date(dt.date(*token.value))
        elif token.kind == "month":
            self.dates.add(("month", *token.value))
            self.dates.add(("year", token.value[0]))
        elif token.kind == "day":
            self.dates.add(("day", *token.value))
            self.numbers.add(float(token.value[1]))

    def add_number(self, value) -> None:
        if value is not None and not (isinstance(value, float) and math.isnan(value)):
            self.numbers.add(round(float(value), 6))

    def add_date(self, when: dt.date) -> None:
        self.dates.update({("date", when.year, when.month, when.day), ("month", when.year, when.month)})
        self.dates.update({("year", when.year), ("day", when.month, when.day)})
        self.numbers.add(float(when.day))

    def carries(self, token: Token) -> bool:
        if token.kind == "number":
            return any(round(v, 6) in self.numbers for v in token.value)
        if token.kind == "year":
            return ("year", token.value[0]) in self.dates or float(token.value[0]) in self.numbers
        if token.kind == "month":
            return ("month", *token.value) in self.dates
        if token.kind == "date":
            y, m, d = token.value
            return ("date", y, m, d) in self.dates or (("day", m, d) in self.dates and ("year", y) in self.dates)
        return ("day", *token.value) in self.dates


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?;])\s+(?=[A-Z“\"(])", str(text).strip()) if s]


def unbound(text: str, carrier: Carrier) -> list[tuple[str, str]]:
    """(figure as written, its sentence) for each figure or date of ``text`` that ``carrier`` does not carry;
    a sentence that marks its working ("(our calculation)") is the book's own arithmetic, not checked here."""
    missing = []
    for sentence in sentences(text):
        if COMPUTED.search(sentence):
            continue
        missing += [(t.raw, sentence) for t in tokens(sentence) if not carrier.carries(t)]
    return missing
