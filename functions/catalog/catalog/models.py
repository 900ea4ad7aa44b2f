"""Request and response shapes of the catalog routes.

Inputs ignore unknown fields. `XCreate` is the body of POST and PUT (PUT replaces every writable field),
`XPatch` the body of PATCH (only the fields sent change; a field that cannot be empty refuses `null`).
Timestamps are set by the server: a `created_at`/`updated_at`/`matched_at` sent by a client is checked
for format and otherwise ignored.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from jobmatch.accounts import (
    EMAIL_MAX,
    NAME_MAX,
    PASSWORD_MAX,
    PASSWORD_MIN,
    USERNAME_MAX,
    check_email,
    check_password,
    check_username,
)

TEXT_MAX = 20_000
CV_TEXT_MAX = 100_000
IGNORED = "Accepted for compatibility and ignored: the server sets timestamps."

Role = Literal["jobseeker", "company", "admin"]
ApplicationStatus = Literal["applied", "reviewing", "rejected", "accepted"]
EmbeddingStatus = Literal["pending", "ready", "failed"]


def _null_as_empty(value):
    return "" if value is None else value


# Text fields where null means empty: their schema says that null is accepted.
NullAsEmpty = BeforeValidator(_null_as_empty, json_schema_input_type=str | None)


def _no_null(value):
    """PATCH fields that cannot be empty: an explicit null is refused like any other wrong type."""
    if value is None:
        raise PydanticCustomError("null", "This field may not be null")
    return value


Name = Annotated[str, Field(min_length=1, max_length=200)]
LongText = Annotated[str, NullAsEmpty, Field(max_length=TEXT_MAX)]
Username = Annotated[str, Field(min_length=1, max_length=USERNAME_MAX), AfterValidator(check_username)]
Email = Annotated[str | None, Field(max_length=EMAIL_MAX), AfterValidator(check_email)]
Score = Annotated[Decimal, Field(ge=0, le=1, max_digits=5, decimal_places=4)]
Ignored = Annotated[datetime | None, Field(description=IGNORED)]


class In(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore")


# ---------------------------------------------------------------- companies


class CompanyCreate(In):
    name: Name
    website: str | None = Field(default=None, max_length=500)
    location: str | None = Field(default=None, max_length=200)
    owner: uuid.UUID | None = Field(default=None, description="Owning company user; admins only, else ignored.")
    created_at: Ignored = None


class CompanyPatch(In):
    name: Annotated[Name, BeforeValidator(_no_null)] = None
    website: str | None = Field(default=None, max_length=500)
    location: str | None = Field(default=None, max_length=200)
    owner: uuid.UUID | None = Field(default=None, description="Owning company user; admins only, else ignored.")


class CompanyOut(BaseModel):
    id: uuid.UUID
    owner: uuid.UUID | None
    name: str
    website: str | None
    location: str | None
    created_at: datetime
    updated_at: datetime


# ---------------------------------------------------------------- skills


class SkillIn(In):
    name: Annotated[str, Field(min_length=1, max_length=100)]


class SkillOut(BaseModel):
    id: uuid.UUID
    name: str


# ---------------------------------------------------------------- jobs


class JobCreate(In):
    company: uuid.UUID
    title: Name
    description: LongText = ""
    requirements: LongText = ""
    location: str | None = Field(default=None, max_length=200)
    salary_range: str | None = Field(default=None, max_length=100)
    posted_at: datetime | None = Field(default=None, description="Publication time; now when omitted.")
    is_active: bool = True


class JobPatch(In):
    company: Annotated[uuid.UUID, BeforeValidator(_no_null)] = None
    title: Annotated[Name, BeforeValidator(_no_null)] = None
    description: LongText = None
    requirements: LongText = None
    location: str | None = Field(default=None, max_length=200)
    salary_range: str | None = Field(default=None, max_length=100)
    posted_at: Annotated[datetime, BeforeValidator(_no_null)] = None
    is_active: Annotated[bool, BeforeValidator(_no_null)] = None


class JobSkillIn(In):
    skill_id: uuid.UUID


class JobOut(BaseModel):
    id: uuid.UUID
    company: uuid.UUID
    title: str
    description: str
    requirements: str
    location: str | None
    salary_range: str | None
    posted_at: datetime
    is_active: bool
    embedding_status: EmbeddingStatus
    skills: list[SkillOut]
    created_at: datetime
    updated_at: datetime


# ---------------------------------------------------------------- CVs


class CvCreate(In):
    user: uuid.UUID | None = Field(default=None, description="Owner; a jobseeker may only name themselves.")
    filename: Annotated[str, Field(min_length=1, max_length=255)]
    parsed_text: Annotated[str, NullAsEmpty, Field(max_length=CV_TEXT_MAX)] = ""
    created_at: Ignored = None
    updated_at: Ignored = None


class CvPatch(In):
    filename: Annotated[str, BeforeValidator(_no_null), Field(min_length=1, max_length=255)] = None
    parsed_text: Annotated[str, NullAsEmpty, Field(max_length=CV_TEXT_MAX)] = None


class CvOut(BaseModel):
    id: uuid.UUID
    user: uuid.UUID
    filename: str
    parsed_text: str
    version: int
    embedding_status: EmbeddingStatus
    created_at: datetime
    updated_at: datetime


# ---------------------------------------------------------------- applications


class ApplicationCreate(In):
    cv: uuid.UUID
    job: uuid.UUID
    company: uuid.UUID | None = Field(default=None, description="Optional; must be the job's company.")
    match_score: Score | None = Field(default=None, description="Admins only; computed by the server otherwise.")
    matched_at: Ignored = None


class ApplicationPatch(In):
    status: Annotated[ApplicationStatus, BeforeValidator(_no_null)] = None
    match_score: Score | None = Field(default=None, description="Admins only; ignored for anyone else.")


class ApplicationOut(BaseModel):
    id: uuid.UUID
    cv: uuid.UUID
    job: uuid.UUID
    company: uuid.UUID
    match_score: Decimal = Field(description="Decimal string with 4 places, 0-1.")
    status: ApplicationStatus
    matched_at: datetime
    created_at: datetime
    updated_at: datetime


# ---------------------------------------------------------------- read-only views


class CvEmbeddingOut(BaseModel):
    id: uuid.UUID
    cv: uuid.UUID
    chunk_index: int
    embedding: list[float] = Field(description="512 floats, unit length.")
    model: str
    created_at: datetime


class JobEmbeddingOut(BaseModel):
    id: uuid.UUID
    job: uuid.UUID
    chunk_index: int
    embedding: list[float] = Field(description="512 floats, unit length.")
    model: str
    created_at: datetime


class RecommendationOut(BaseModel):
    id: uuid.UUID
    user: uuid.UUID
    cv: uuid.UUID | None
    section: str
    priority: Literal["high", "medium", "low"]
    recommendation: str
    suggested_text: str
    created_at: datetime


# ---------------------------------------------------------------- user directory


class AccountIn(BaseModel):
    """Account bodies keep every character: a password is never stripped."""

    model_config = ConfigDict(extra="ignore")


class SbUserCreate(AccountIn):
    username: Username
    password: Annotated[str, Field(min_length=PASSWORD_MIN, max_length=PASSWORD_MAX)]
    email: Email = None
    first_name: Annotated[str, Field(max_length=NAME_MAX)] = ""
    last_name: Annotated[str, Field(max_length=NAME_MAX)] = ""
    role: Role = "jobseeker"
    is_active: bool = True

    @field_validator("password")
    @classmethod
    def _password(cls, value: str, info: ValidationInfo) -> str:
        return check_password(value, info.data.get("username"))


class SbUserPatch(AccountIn):
    username: Annotated[Username, BeforeValidator(_no_null)] = None
    password: Annotated[str, BeforeValidator(_no_null), Field(min_length=PASSWORD_MIN, max_length=PASSWORD_MAX)] = None
    email: Email = None
    first_name: Annotated[str, NullAsEmpty, Field(max_length=NAME_MAX)] = None
    last_name: Annotated[str, NullAsEmpty, Field(max_length=NAME_MAX)] = None
    role: Annotated[Role, BeforeValidator(_no_null)] = None
    is_active: Annotated[bool, BeforeValidator(_no_null)] = None


class SbUserOut(BaseModel):
    id: uuid.UUID
    username: str
    email: str | None
    first_name: str
    last_name: str
    role: Role
    is_active: bool
    created_at: datetime
    updated_at: datetime
