"""How well an applicant-tracking system (ATS) reads a CV: measured signals and their 0-100 score.

signal              points  full marks when
section headings      30    Experience 10, Skills 8, Education 7, Summary 5 (each a heading of its own)
contact details       15    an e-mail address (10) and a phone number (5)
bullets               15    at least half of the experience content lines (not role or date lines) are
                            bullets (some bullets: 8)
length                15    250 to 1,200 words (150-250 or 1,200-2,000: 8)
dates                 15    every position has a date range (some: 8; no positions but dates in the text: 8)
no tables as text     10    fewer than 3 lines split into columns (2+ bars, tabs or wide gaps) and no
                            box-drawing characters
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jobmatch.cv_analysis.extract import (
    DATE_RANGE,
    Structure,
    date_line,
    is_bullet,
    is_position_header,
)

HEADING_POINTS = {"experience": 10, "skills": 8, "education": 7, "summary": 5}
EMAIL_POINTS, PHONE_POINTS = 10, 5
FULL, PARTIAL = 15, 8
TABLE_POINTS = 10
IDEAL_WORDS = (250, 1200)
ACCEPTABLE_WORDS = (150, 2000)
BULLET_SHARE = 0.5
TABLE_LINES = 3

_BOX = re.compile(r"[─━│┃┌┐└┘├┤┬┴┼═║╔╗╚╝╠╣╦╩╬]")
_COLUMNS = re.compile(r"\||\t| {3,}")


@dataclass(frozen=True)
class Readability:
    """The measured signals and the score."""

    missing_headings: tuple[str, ...]
    has_email: bool
    has_phone: bool
    bullet_share: float | None  # None: no experience lines
    words: int
    dated_positions: int
    positions: int
    dates_in_text: bool
    table_lines: int
    box_drawing: bool
    score: int

    @property
    def has_tables(self) -> bool:
        return self.box_drawing or self.table_lines >= TABLE_LINES


def _bullet_share(structure: Structure) -> float | None:
    """Share of the experience content lines (not headers nor dates) written as bullets."""
    lines = [line for s in structure.sections if s.kind == "experience" for line in s.lines]
    content = [line for line in lines if is_bullet(line) or not (date_line(line) or is_position_header(line))]
    if content:
        return sum(is_bullet(line) for line in content) / len(content)
    bullets = [b for entry in structure.extract.experience for b in entry.bullets]
    # Positions found outside an experience section are made of bullets only.
    return 1.0 if bullets and not lines else None


def _table_lines(text: str) -> int:
    return sum(1 for line in text.splitlines() if len(_COLUMNS.findall(line.strip())) >= 2)


def measure(text: str, structure: Structure) -> Readability:
    """The ATS signals of a CV and its readability score (see the module docstring)."""
    kinds = structure.kinds
    entries = structure.extract.experience
    signals = {
        "missing_headings": tuple(kind for kind in HEADING_POINTS if kind not in kinds),
        "has_email": structure.extract.contact.email is not None,
        "has_phone": structure.extract.contact.phone is not None,
        "bullet_share": _bullet_share(structure),
        "words": len(text.split()),
        "dated_positions": sum(1 for entry in entries if entry.period),
        "positions": len(entries),
        "dates_in_text": bool(DATE_RANGE.search(text)),
        "table_lines": _table_lines(text),
        "box_drawing": bool(_BOX.search(text)),
    }
    return Readability(**signals, score=_score(signals))


def _score(s: dict) -> int:
    points = sum(p for kind, p in HEADING_POINTS.items() if kind not in s["missing_headings"])
    points += EMAIL_POINTS * s["has_email"] + PHONE_POINTS * s["has_phone"]
    share = s["bullet_share"]
    points += FULL if share is not None and share >= BULLET_SHARE else PARTIAL if share else 0
    low, high = IDEAL_WORDS
    points += FULL if low <= s["words"] <= high else PARTIAL if _between(s["words"], ACCEPTABLE_WORDS) else 0
    if s["positions"]:
        dated = s["dated_positions"]
        points += FULL if dated == s["positions"] else PARTIAL if dated else 0
    elif s["dates_in_text"]:
        points += PARTIAL
    tables = s["box_drawing"] or s["table_lines"] >= TABLE_LINES
    return min(100, points + (0 if tables else TABLE_POINTS))


def _between(value: int, bounds: tuple[int, int]) -> bool:
    return bounds[0] <= value <= bounds[1]
