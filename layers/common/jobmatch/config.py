"""Typed configuration read once from the environment and checked at cold start."""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, Field, ValidationError, model_validator

LOCAL_ENVS = ("local", "test")


class Settings(BaseModel):
    """Every setting of the product; the environment variable is the field name in upper case."""

    app_env: Literal["local", "test", "aws"] = "aws"

    # Database: a URL locally, a Secrets Manager secret plus the RDS Proxy endpoint in AWS.
    database_url: str | None = None
    db_secret_arn: str | None = None
    db_host: str | None = None
    db_port: int = 5432
    db_name: str = "jobmatch"
    db_statement_timeout_ms: int = Field(default=5000, ge=100, le=60000)
    db_connect_timeout_s: int = Field(default=5, ge=1, le=60)

    # Tokens: the signing key comes from Secrets Manager in AWS, from a local file otherwise.
    jwt_secret_arn: str | None = None
    jwt_signing_key: str | None = None
    jwt_issuer: str = "jobmatch"
    jwt_audience: str = "jobmatch-api"
    access_token_minutes: int = Field(default=60, ge=1, le=1440)
    refresh_token_days: int = Field(default=7, ge=1, le=90)

    # Brute-force protection of the login route.
    login_max_failures_per_user: int = Field(default=5, ge=1)
    login_max_failures_per_ip: int = Field(default=100, ge=1)
    login_window_seconds: int = Field(default=900, ge=1)

    # Anonymous search rate limit per client address (token bucket).
    search_rate_per_minute: int = Field(default=60, ge=1)
    search_burst: int = Field(default=20, ge=1)

    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    cors_allow_origins: str = "*"

    # CV files.
    cv_bucket: str = "jobmatch-cvs-local"
    cv_upload_max_bytes: int = Field(default=5 * 1024 * 1024, ge=1024)
    cv_presigned_max_bytes: int = Field(default=20 * 1024 * 1024, ge=1024)

    # AI providers.
    embedder: Literal["hash", "openai", "bedrock"] = "hash"
    embedding_model: str | None = None
    embedding_api_base: str = "https://api.fireworks.ai/inference/v1"
    chat_engine: Literal["offline", "openai", "bedrock"] = "offline"
    chat_model: str | None = None
    chat_api_base: str = "https://api.fireworks.ai/inference/v1"
    ai_api_key: str | None = None
    ai_api_key_secret_arn: str | None = None
    ai_timeout_s: float = Field(default=20.0, gt=0, le=120)

    @property
    def is_local(self) -> bool:
        return self.app_env in LOCAL_ENVS

    @model_validator(mode="after")
    def _check_sources(self) -> Settings:
        if not self.database_url and not (self.db_secret_arn and self.db_host):
            raise ValueError("set DATABASE_URL, or DB_SECRET_ARN and DB_HOST")
        if not self.is_local and not self.jwt_secret_arn:
            raise ValueError("JWT_SECRET_ARN is required outside local development")
        return self


class ConfigurationError(RuntimeError):
    """The environment does not describe a usable configuration."""


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    environ = os.environ if environ is None else environ
    values = {name: environ[name.upper()] for name in Settings.model_fields if name.upper() in environ}
    try:
        return Settings(**values)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'settings'}: {e['msg']}" for e in exc.errors())
        raise ConfigurationError(f"invalid configuration: {problems}") from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process, validated on first use (at cold start)."""
    return load_settings()
