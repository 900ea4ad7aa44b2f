"""Request and response shapes of the RAG routes."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints, field_validator

from jobmatch.search import MAX_TOP_N, Filters

Term = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
MAX_TERMS = 20


class FiltersIn(BaseModel):
    """What search and CV match share: how many results, the threshold and the keyword filters."""

    top_n: int = Field(default=10, ge=1, le=MAX_TOP_N, description="Results wanted (at most 100).")
    similarity_threshold: float = Field(default=0.0, ge=0.0, le=1.0, description="Minimum cosine similarity.")
    must_contain: list[Term] = Field(
        default_factory=list, max_length=MAX_TERMS, description="Keep jobs naming at least one of these terms."
    )
    must_not_contain: list[Term] = Field(
        default_factory=list, max_length=MAX_TERMS, description="Drop jobs naming any of these terms."
    )

    def filters(self) -> Filters:
        return Filters(tuple(self.must_contain), tuple(self.must_not_contain), self.similarity_threshold)


class SearchIn(FiltersIn):
    query: str = Field(min_length=1, max_length=2000, description="What to look for, in plain words.")

    @field_validator("query")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("This field may not be blank")
        return value.strip()


class JobResultOut(BaseModel):
    id: str
    title: str
    description: str
    requirements: str
    company: str
    score: float = Field(description="0-1; for search, the cosine similarity of the job's best chunk.")


class SearchOut(BaseModel):
    query: str
    results: list[JobResultOut]
    total_matches: int = Field(description="Number of results returned.")
    similarity_threshold: float
    summary: str


class CvMatchIn(FiltersIn):
    cv_id: uuid.UUID | None = Field(default=None, description="One of the caller's CVs; wins over cv_text.")
    cv_text: str | None = Field(default=None, description="A CV as text, matched without being stored.")


class ExplanationOut(BaseModel):
    matched_skills: list[str]
    missing_skills: list[str]
    best_passage: str = Field(description="The CV passage closest to the job, quoted from the CV.")


class MatchResultOut(JobResultOut):
    similarity: float
    skill_coverage: float | None = Field(description="Share of the job's skills named in the CV (null: none known).")
    explanation: ExplanationOut


class CvMatchOut(BaseModel):
    cv_id: str | None
    matched_from: Literal["embeddings", "text"]
    embedding_status: Literal["pending", "ready", "failed"] | None
    notice: str | None = None
    results: list[MatchResultOut]
    total_matches: int
    similarity_threshold: float


class CvUploadOut(BaseModel):
    id: str
    user: str
    filename: str
    parsed_text_len: int
    embedding_status: Literal["pending", "ready", "failed"]


class UploadUrlIn(BaseModel):
    filename: str = Field(min_length=1, max_length=255, description="Name of the file, with its extension.")


class UploadUrlOut(BaseModel):
    upload_id: str
    url: str = Field(description="POST the fields, then the file as the last field named `file`, to this URL.")
    fields: dict[str, str]
    key: str
    max_bytes: int
    expires_at: datetime


class UploadStatusOut(BaseModel):
    id: str
    filename: str
    status: Literal["waiting", "processed", "failed", "expired"]
    detail: str
    cv_id: str | None
    expires_at: datetime
