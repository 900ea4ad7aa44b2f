"""Shapes of a CV analysis: the CV source of a request, the extract, suggestions and the scored review.

`CvReview` is also the output schema given to a hosted model, so every field coerces and clamps
what a model may send: scores become 0-100 integers, texts are trimmed and capped, an unknown
priority or section is refused.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, Field, field_validator

from jobmatch.ai import Score, Text
from jobmatch.ai.sanitize import clean_text

MAX_CV_TEXT = 100_000
MAX_SKILLS = 30
MAX_ENTRIES = 10
MAX_BULLETS = 8
MAX_SUGGESTIONS = 8

Priority = Literal["high", "medium", "low"]
Section = Literal["summary", "skills", "experience", "education", "contact", "format", "general"]
PRIORITY_ORDER = {"high": 0, "medium": 1, "low": 2}
SECTIONS: tuple[str, ...] = ("summary", "skills", "experience", "education", "contact", "format", "general")


class CvSourceIn(BaseModel):
    """Which CV to analyse: one of the caller's by `cv_id`, a text, or (neither) the latest CV."""

    cv_id: uuid.UUID | None = Field(default=None, description="One of the caller's CVs; wins over cv_text.")
    cv_text: str | None = Field(
        default=None, max_length=MAX_CV_TEXT, description="A CV as text (at most 100,000 characters), not stored."
    )

    @field_validator("cv_text")
    @classmethod
    def _not_blank(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("This field may not be blank")
        return value


def _strings(limit: int, item_chars: int):
    """A validator: a list of non-empty cleaned strings, at most `limit` of them."""

    def coerce(value: Any) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list | tuple):
            raise ValueError("expected a list of strings")
        items = [clean_text(item, item_chars) for item in value if isinstance(item, str | int | float)]
        return [item for item in items if item][:limit]

    return BeforeValidator(coerce)


def first(limit: int):
    """A validator keeping the first `limit` items of a list (a model sending more is not an error)."""
    return BeforeValidator(lambda value: value[:limit] if isinstance(value, list) else value)


def _optional_text(value: Any) -> str | None:
    text = clean_text(value, 2000) if value is not None else ""
    return text or None


OptionalText = Annotated[str | None, BeforeValidator(_optional_text)]


class Contact(BaseModel):
    email: str | None = None
    phone: str | None = None


class ExperienceEntry(BaseModel):
    company: Text = ""
    role: Text = ""
    period: Text = ""
    bullets: Annotated[list[str], _strings(MAX_BULLETS, 400)] = Field(default_factory=list)


class CvExtract(BaseModel):
    """The CV's structure, every item taken from the CV text."""

    full_name: OptionalText = None
    job_title: OptionalText = None
    summary: OptionalText = None
    skills: Annotated[list[str], _strings(MAX_SKILLS, 80)] = Field(default_factory=list)
    experience: Annotated[list[ExperienceEntry], first(MAX_ENTRIES)] = Field(default_factory=list)
    contact: Contact = Field(default_factory=Contact)


def _lower(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


def _section(value: Any) -> Any:
    value = _lower(value)
    return value if value in SECTIONS else "general"


class Suggestion(BaseModel):
    title: Annotated[str, BeforeValidator(lambda v: clean_text(v, 120)), Field(min_length=3)]
    priority: Annotated[Priority, BeforeValidator(_lower)]
    details: Annotated[str, BeforeValidator(lambda v: clean_text(v, 1200)), Field(min_length=3)]
    section: Annotated[Section, BeforeValidator(_section)] = "general"
    suggested_text: Annotated[str, BeforeValidator(lambda v: clean_text(v, 1200))] = ""


class CvReview(BaseModel):
    """Scores, suggestions and extract of a CV: the offline result, and a hosted model's output schema."""

    overall_score: Score
    skills_match: Score
    experience_relevance: Score
    ats_readability: Score
    suggestions: Annotated[list[Suggestion], first(MAX_SUGGESTIONS)] = Field(min_length=1)
    cv_extract: CvExtract
