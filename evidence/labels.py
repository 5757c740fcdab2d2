"""Plain words for what a reader sees: column names and coded values, in tables and charts.

The data keep their short codes (``reported_on``, ``troops_in_russia``); every table header,
cell, tooltip, legend and axis title shows the words here instead. A name that is not listed
is spelled out from its code ("personnel_per_month" becomes "Personnel per month"), so no
snake_case reaches a reader even when a table gains a column.
"""

from __future__ import annotations

import re

import pandas as pd

COLUMNS = {
    "id": "Row",
    "source_id": "Source",
    "evidence": "Evidence",
    "note": "Note",
    "reported_on": "Date reported",
    "reported_by": "Reported by",
    "side": "Side",
    "measure": "What was counted",
    "item": "Item",
    "unit": "Unit",
    "low": "Low",
    "high": "High",
    "high_shown": "High",
    "claim_type": "Kind of figure",
    "date": "Date",
    "speaker": "Speaker",
    "topic": "Topic",
    "event": "Event",
    "category": "Category",
    "conflict": "Conflict",
    "location": "Location",
    "start_year": "From",
    "end_year": "To",
    "role": "Role",
    "personnel_low": "Personnel (low)",
    "personnel_high": "Personnel (high)",
    "resolution": "Resolution",
    "adopted_on": "Adopted",
    "title": "Title",
    "yes": "Yes",
    "no": "No",
    "abstain": "Abstain",
    "country": "Country",
    "iso3": "ISO code",
    "vote": "Vote",
    "status": "Status",
    "effective_date": "From",
    "claim_id": "Claim",
    "paragraph": "Paragraph",
    "kind": "Kind of claim",
    "claim": "Claim (in our words)",
    "chapter": "Chapter",
    "verdict": "Verdict",
    "judged_as_of": "Judged as of",
    "finding": "Finding",
    "why_not": "Why not another verdict",
    "evidence_ids": "Deciding rows",
    "case_for": "Case for",
    "for_ids": "Rows for",
    "case_against": "Case against",
    "against_ids": "Rows against",
    "claim_ids": "Claims",
    "bears": "Bears on the claim",
    "development": "Development",
    "figure": "Figure",
    "publisher": "Publisher",
    "url": "Address",
    "published": "Published",
    "accessed": "Read on",
    "source_type": "Kind of source",
    "original_publisher": "Original publisher",
    "original_url": "Original address",
    "bound": "Bound",
    "table": "Table",
    "rows": "Rows",
    "votes": "Votes",
    "group": "Group",
    "who": "Who",
    "shown": "Shown",
    "label": "Label",
    "value": "Value",
    "joined": "Joined",
}

# Columns whose values are codes: a reader sees their label (explicit below, or spelled out).
CODED = {"measure", "side", "item", "unit", "topic", "category", "source_type", "bears", "chapter", "domain"}

VALUES = {
    "united_states": "United States",
    "united_kingdom": "United Kingdom",
    "south_korea": "South Korea",
    "north_korea": "North Korea",
    "nato": "NATO",
    "research": "Research",
    "other": "Other",
    "troops_in_russia": "Troops in Russia",
    "troops_in_combat_zone": "Troops in the combat zone",
    "planned_total": "Planned total",
    "additional_planned": "More planned",
    "additional_deployed": "More sent",
    "engineers_workers": "Engineers and workers",
    "casualties_total": "Casualties (all kinds)",
    "share_of_russian_shells": "Share of Russia's shells",
    "us_155mm_monthly_production": "US 155 mm shells made per month",
    "eu_annual_production_capacity": "EU yearly shell capacity",
    "eu_shells_delivered": "EU shells delivered",
    "eu_shells_pledged": "EU shells pledged",
    "official-copy": "official (copy)",
    "state-media": "state media",
    "non-voting": "present, not voting",
}

_PROPER = {
    "us": "US",
    "eu": "EU",
    "nato": "NATO",
    "un": "UN",
    "brics": "BRICS",
    "russia": "Russia",
    "russian": "Russian",
    "russia's": "Russia's",
    "ukraine": "Ukraine",
    "ukrainian": "Ukrainian",
    "korea": "Korea",
    "korean": "Korean",
    "kursk": "Kursk",
    "kazan": "Kazan",
    "czech": "Czech",
    "china": "China",
    "putin": "Putin",
    "east": "East",
    "asia": "Asia",
    "155mm": "155 mm",
}


def spell_out(code: str) -> str:
    """'troops_in_combat_zone' -> 'Troops in combat zone'; proper names keep their capitals."""
    words = [_PROPER.get(w, w) for w in re.split(r"[_\-]+", code) if w]
    if not words:
        return code
    return " ".join([words[0][:1].upper() + words[0][1:], *words[1:]])


def column(name: str) -> str:
    """The header a reader sees for a column."""
    return COLUMNS.get(name) or spell_out(name)


def is_code(value: str) -> bool:
    return bool(re.fullmatch(r"[a-z0-9]+(?:_[a-z0-9']+)+", value))


def value(name: str, raw) -> str:
    """The words a reader sees for one cell of column ``name`` (codes spelled out, other text as is)."""
    text = str(raw)
    if text in VALUES:
        return VALUES[text]
    if is_code(text) or (name in CODED and re.fullmatch(r"[a-z][a-z0-9'-]*", text)):
        return spell_out(text)
    return text


# Who counted, in a few words: a chart's row labels must fit a phone.
SIDE_SHORT = {
    "united_states": "US",
    "south_korea": "S. Korea",
    "ukraine": "Ukraine",
    "united_kingdom": "UK",
    "russia": "Russia",
    "north_korea": "N. Korea",
    "nato": "NATO",
    "other": "Other",
}


# Who counted, in a few words (a chart's row labels must fit a phone); other names fall back to the side.
COUNTERS = {
    "South Korea NIS": "S. Korea NIS",
    "South Korea JCS": "S. Korea JCS",
    "South Korea (Joint Chiefs of Staff)": "S. Korea JCS",
    "South Korea (Ministry of National Defense)": "S. Korea MND",
    "South Korea (military officials)": "S. Korea military",
    "Ukraine (President Zelensky)": "Zelensky (Ukraine)",
    "Volodymyr Zelensky, President of Ukraine": "Zelensky (Ukraine)",
    "Ukraine (Defence Minister Umerov)": "Umerov (Ukraine)",
    "Ukraine (General Staff)": "Ukraine Gen. Staff",
    "Oleksandr Syrskyi, Ukrainian Commander-in-Chief": "Syrskyi (Ukraine)",
    "Ukrainian military sources (ABC News)": "Ukraine military",
    "Ukraine HUR": "Ukraine HUR",
    "Ukraine HUR (Defence Intelligence)": "Ukraine HUR",
    "Ukraine HUR (Budanov)": "Ukraine HUR",
    "Ukraine (intelligence assessment, via CNN)": "Ukraine intel.",
    "United States (Pentagon)": "US Pentagon",
    "United States (White House NSC)": "US White House",
    "United States (State Department)": "US State Dept",
    "United States (Secretary of Defense Austin)": "Austin (US)",
    "U.S. and Ukrainian officials (The New York Times, via Ukrinform)": "US and Ukraine",
    "UK Ministry of Defence": "UK MoD",
    "UK Ministry of Defence (Defence Intelligence)": "UK MoD",
    "Western officials (via BBC)": "Western officials",
    "Russia (Security Council Secretary Shoigu)": "Shoigu (Russia)",
    "Vladimir Putin, President of Russia": "Putin (Russia)",
    "North Korea (KCNA state media)": "N. Korea KCNA",
    "North Korea (Kim Jong Un via KCNA)": "Kim (N. Korea)",
}


def counted_by(frame: pd.DataFrame) -> pd.Series:
    """Who gave each figure, in a few words: "US Pentagon", "S. Korea NIS" (else the side: "Ukraine")."""
    side = frame["side"].astype(str).map(SIDE_SHORT).fillna(frame["side"].astype(str))
    return frame["reported_by"].astype(str).map(COUNTERS).fillna(side)


def who_and_when(frame: pd.DataFrame) -> pd.Series:
    """A row label naming who gave the figure, when, and the row id: "US Pentagon, 28 Oct 24 (dep-013)"."""
    return counted_by(frame) + ", " + frame["reported_on"].dt.strftime("%-d %b %y") + " (" + frame["id"] + ")"


# Figures and dates as the book's sentences write them, computed from the rows (alt texts, titles, glued values).


def number(value) -> str:
    """A figure as the book writes it: 1,500; 6.4; 0.25 (no trailing zeros)."""
    v = float(value)
    return f"{v:,.0f}" if v.is_integer() else f"{v:,.2f}".rstrip("0").rstrip(".")


def figure(low, high=None, *, open_ended: bool = True) -> str:
    """A low-high figure in words: "10,000", "11,000–12,000", or "at least 3,000" (no high, ``open_ended``)."""
    if high is None or pd.isna(high):
        return f"at least {number(low)}" if open_ended else number(low)
    return number(low) if float(high) == float(low) else f"{number(low)}–{number(high)}"


def period(dates: pd.Series) -> str:
    """The months a set of dates spans: "June 2024", "October–December 2024", "January 2025–February 2026"."""
    first, last = pd.Timestamp(dates.min()), pd.Timestamp(dates.max())
    if (first.year, first.month) == (last.year, last.month):
        return f"{first:%B %Y}"
    if first.year == last.year:
        return f"{first:%B}–{last:%B %Y}"
    return f"{first:%B %Y}–{last:%B %Y}"


def years(values) -> str:
    """The years a set of dates (or years) spans: "2024" or "2022–2026"."""
    found = [v.year if hasattr(v, "year") else int(v) for v in pd.Series(values).dropna()]
    first, last = min(found), max(found)
    return str(first) if first == last else f"{first}–{last}"


def day(when) -> str:
    """A date as the book writes it: "19 June 2024"."""
    return f"{pd.Timestamp(when):%-d %B %Y}"


def month(when) -> str:
    """A month as the book writes it: "June 2024"."""
    return f"{pd.Timestamp(when):%B %Y}"


def share(part, whole) -> str:
    """A share as a whole percentage: "37%"."""
    return f"{float(part) / float(whole):.0%}" if float(whole) else "0%"


def listing(items) -> str:
    """Words joined as a sentence lists them: "a", "a and b", "a, b and c"."""
    items = [str(i) for i in items]
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
