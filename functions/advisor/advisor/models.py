"""Shapes of the advisor routes: career advice (also a hosted model's output schema), dashboard."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, Field

from jobmatch.ai import Text, TextList
from jobmatch.ai.sanitize import clean_text
from jobmatch.cv_analysis.models import first

Level = Literal["low", "medium", "high"]
MAX_PATHS = 6


def _level(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


def _salary(value: Any) -> str | None:
    text = clean_text(value, 100) if value is not None else ""
    return text or None


class CareerPath(BaseModel):
    title: Annotated[str, BeforeValidator(lambda v: clean_text(v, 200)), Field(min_length=2)]
    description: Text
    transition_difficulty: Annotated[Level, BeforeValidator(_level)]
    growth_potential: Annotated[Level, BeforeValidator(_level)]


class RoleDemand(BaseModel):
    role: Annotated[str, BeforeValidator(lambda v: clean_text(v, 200)), Field(min_length=2)]
    demand_level: Annotated[Level, BeforeValidator(_level)]
    salary_range: Annotated[str | None, BeforeValidator(_salary)] = None


class CareerAdvice(BaseModel):
    """The advice: the offline analyst's result and a hosted model's output schema."""

    current_role_assessment: Text
    career_paths: Annotated[list[CareerPath], first(MAX_PATHS)] = Field(default_factory=list)
    skills_gaps: TextList
    market_demand: Annotated[list[RoleDemand], first(MAX_PATHS)] = Field(default_factory=list)
    recommendations: TextList
    next_steps: TextList


class CareerAdviceOut(CareerAdvice):
    cv_id: str | None = Field(description="The stored CV analysed; null for a CV sent as text.")
    engine: str = Field(description='"offline", or the hosted model that answered ("openai:<model>", ...).')


class JobMatchesOut(BaseModel):
    count: int = Field(description="Active jobs whose match score for the latest CV reaches `threshold`.")
    threshold: int = Field(description="The match threshold, 0-100.")


class CvScoreOut(BaseModel):
    value: int | None = Field(description="Overall score (0-100) of the latest CV; null without a CV.")


class ProfileViewsOut(BaseModel):
    value: int = Field(description="How many times company users opened the caller's CV.")


class TopMatchOut(BaseModel):
    id: str
    title: str
    company: str
    score: int = Field(ge=0, le=100)


class DashboardOut(BaseModel):
    job_matches: JobMatchesOut
    cv_score: CvScoreOut
    profile_views: ProfileViewsOut
    top_matches: list[TopMatchOut]
