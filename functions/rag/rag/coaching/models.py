"""Response shape of /api/rag/cv-recommendations/ (the request is `jobmatch.cv_analysis.CvSourceIn`)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from jobmatch.cv_analysis import CvExtract
from jobmatch.cv_analysis.models import Priority


class SuggestionOut(BaseModel):
    title: str
    priority: Priority
    details: str


class CvRecommendationsOut(BaseModel):
    cv_id: str | None = Field(description="The stored CV analysed; null for a CV sent as text.")
    overall_score: int = Field(ge=0, le=100)
    skills_match: int = Field(ge=0, le=100)
    experience_relevance: int = Field(ge=0, le=100)
    ats_readability: int = Field(ge=0, le=100)
    suggestions: list[SuggestionOut]
    cv_extract: CvExtract
    engine: str = Field(description='"offline", or the hosted model that answered ("openai:<model>", ...).')
