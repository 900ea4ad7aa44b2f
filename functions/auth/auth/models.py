"""Request and response shapes of the accounts routes."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from jobmatch.accounts import check_email, check_password, check_username


class RegisterIn(BaseModel):
    username: str = Field(min_length=1, max_length=150, description="Letters, digits and @/./+/-/_ only.")
    password: str = Field(min_length=8, max_length=128)
    email: str | None = Field(default=None, max_length=254)
    first_name: str = Field(default="", max_length=150)
    last_name: str = Field(default="", max_length=150)
    role: Literal["jobseeker", "company", "admin"] = "jobseeker"

    @field_validator("username")
    @classmethod
    def _username(cls, value: str) -> str:
        return check_username(value)

    @field_validator("password")
    @classmethod
    def _password(cls, value: str, info: ValidationInfo) -> str:
        return check_password(value, info.data.get("username"))

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        return check_email(value)


class MessageOut(BaseModel):
    message: str


class LoginIn(BaseModel):
    username: str = Field(min_length=1, max_length=150)
    password: str = Field(min_length=1, max_length=128)


class UserOut(BaseModel):
    id: str
    username: str
    email: str | None
    first_name: str
    last_name: str
    role: Literal["jobseeker", "company", "admin"]


class LoginOut(BaseModel):
    refresh: str
    access: str
    user: UserOut


class RefreshIn(BaseModel):
    refresh: str = Field(min_length=1, max_length=4096)


class TokensOut(BaseModel):
    access: str
    refresh: str


class AccountDeleteIn(BaseModel):
    password: str = Field(min_length=1, max_length=128, description="The account's password, entered again.")


class ExportPartOut(BaseModel):
    number: int
    of: int


class ExportOut(BaseModel):
    """One part of an account export: these fields, then one list per kind of record (see docs/privacy.md)."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"additionalProperties": {"type": "array"}})

    format: str
    generated_at: datetime
    links_expire_at: datetime
    profile: dict
    part: ExportPartOut
