"""Request and response shapes of the accounts routes."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field, ValidationInfo, field_validator

EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s.]{2,}$")
USERNAME_RE = re.compile(r"^[\w.@+-]+$")


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
        if not USERNAME_RE.match(value):
            raise ValueError("Enter a valid username: letters, digits and @/./+/-/_ only")
        return value

    @field_validator("password")
    @classmethod
    def _password(cls, value: str, info: ValidationInfo) -> str:
        if value.isdigit():
            raise ValueError("This password is entirely numeric")
        if value.lower() == str(info.data.get("username", "")).lower():
            raise ValueError("The password is too similar to the username")
        return value

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not EMAIL_RE.match(value):
            raise ValueError("Enter a valid email address")
        return value


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
