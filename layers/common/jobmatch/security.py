"""Passwords, signed tokens and the caller of a request.

Access and refresh tokens are HS256 JWTs carrying `sub`, `role`, `type`, `jti`, `iat`, `exp`, `iss` and `aud`; all of
them, and the algorithm, are checked on every request. The key comes from Secrets Manager in AWS: the secret holds
either one key or `{"current": ..., "previous": ...}` so that a rotated key keeps verifying tokens it signed.
"""

from __future__ import annotations

import hashlib
import json
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Literal

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from jobmatch import db
from jobmatch.config import ConfigurationError, Settings, get_settings
from jobmatch.errors import NotFound, Unauthorized

ALGORITHM = "HS256"
MIN_KEY_LENGTH = 32
PLACEHOLDER_KEYS = {"change-me", "changeme", "secret", "placeholder", "replace-me", "dev", "test"}

TokenType = Literal["access", "refresh"]
Role = Literal["jobseeker", "company", "admin"]

# argon2id at OWASP's second recommended setting (19 MiB, 2 passes): about 25 ms on a Lambda core.
_hasher = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A hash to verify against for unknown users, made on first use rather than at cold start."""
    return _hasher.hash("timing-equaliser-for-unknown-users")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    """Check a password; an unknown user costs the same time as a known one."""
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True)
class SigningKeys:
    current: str
    previous: str | None = None

    @staticmethod
    def kid(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()[:16]

    def for_kid(self, kid: str | None) -> str | None:
        for key in (self.current, self.previous):
            if key and self.kid(key) == kid:
                return key
        return None


def _parse_keys(raw: str) -> SigningKeys:
    raw = raw.strip()
    if raw.startswith("{"):
        data = json.loads(raw)
        return SigningKeys(current=data["current"], previous=data.get("previous"))
    return SigningKeys(current=raw)


def check_key(key: str, settings: Settings) -> None:
    """Refuse a missing, short or placeholder signing key outside local development."""
    if settings.is_local:
        if not key:
            raise ConfigurationError("JWT_SIGNING_KEY is empty")
        return
    if len(key) < MIN_KEY_LENGTH or key.lower() in PLACEHOLDER_KEYS:
        raise ConfigurationError("the token signing key is a placeholder or shorter than 32 characters")


@lru_cache(maxsize=1)
def signing_keys() -> SigningKeys:
    settings = get_settings()
    if settings.jwt_secret_arn:
        from aws_lambda_powertools.utilities.parameters import get_secret

        keys = _parse_keys(get_secret(settings.jwt_secret_arn))
    else:
        keys = _parse_keys(settings.jwt_signing_key or "")
    check_key(keys.current, settings)
    return keys


def issue_token(user_id: str, role: str, token_type: TokenType, *, jti: str | None = None) -> tuple[str, datetime]:
    """A signed token and its expiry."""
    settings = get_settings()
    now = datetime.now(UTC)
    lifetime = (
        timedelta(minutes=settings.access_token_minutes)
        if token_type == "access"  # noqa: S105 (a token kind, not a password)
        else timedelta(days=settings.refresh_token_days)
    )
    expires = now + lifetime
    claims = {
        "sub": str(user_id),
        "role": role,
        "type": token_type,
        "jti": jti or str(uuid.uuid4()),
        "iat": int(now.timestamp()),
        "exp": int(expires.timestamp()),
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
    }
    key = signing_keys().current
    return jwt.encode(claims, key, algorithm=ALGORITHM, headers={"kid": SigningKeys.kid(key)}), expires


def decode_token(token: str, token_type: TokenType) -> dict:
    """Verify signature, algorithm, expiry, issuer, audience and type; any failure is a 401."""
    settings = get_settings()
    try:
        header = jwt.get_unverified_header(token)
        key = signing_keys().for_kid(header.get("kid"))
        if key is None or header.get("alg") != ALGORITHM:
            raise jwt.InvalidTokenError("unknown key or algorithm")
        claims = jwt.decode(
            token,
            key,
            algorithms=[ALGORITHM],
            audience=settings.jwt_audience,
            issuer=settings.jwt_issuer,
            options={"require": ["sub", "type", "jti", "iat", "exp", "iss", "aud"]},
        )
    except jwt.ExpiredSignatureError:
        raise Unauthorized("Token has expired.") from None
    except jwt.PyJWTError:
        raise Unauthorized("Token is invalid.") from None
    if claims.get("type") != token_type:
        raise Unauthorized("Token has the wrong type.")
    return claims


@dataclass(frozen=True)
class Caller:
    id: str
    username: str
    role: Role

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_company(self) -> bool:
        return self.role == "company"


# A token is honoured only for an active user who has not revoked tokens issued before it.
_CALLER_SQL = """
SELECT id::text, username, role FROM users
WHERE id = %(id)s AND is_active AND tokens_valid_after <= to_timestamp(%(iat)s)
"""


def _bearer(headers: dict[str, str]) -> str | None:
    value = headers.get("authorization") or headers.get("Authorization")
    if not value:
        return None
    scheme, _, token = value.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Authorization header must be 'Bearer <token>'.")
    return token.strip()


_request = threading.local()


def forget_request() -> None:
    """Start a new request: drop the caller remembered for the previous one."""
    _request.caller = None


def authenticate(event) -> Caller:
    """The caller of a protected route; 401 when the bearer token is missing, bad, expired or revoked."""
    token = _bearer(event.headers or {})
    if token is None:
        raise Unauthorized()
    remembered = getattr(_request, "caller", None)
    if remembered is not None and remembered[0] == token:
        return remembered[1]
    caller = _verify_caller(token)
    _request.caller = (token, caller)
    return caller


def _verify_caller(token: str) -> Caller:
    claims = decode_token(token, "access")
    try:
        row = db.fetch_one(_CALLER_SQL, {"id": uuid.UUID(claims["sub"]), "iat": claims["iat"]})
    except ValueError:
        row = None
    if row is None:
        raise Unauthorized("Token is no longer valid.")
    return Caller(id=row["id"], username=row["username"], role=row["role"])


def optional_caller(event) -> Caller | None:
    """The caller when a valid token is sent, None for anonymous requests; a bad token is still a 401."""
    if _bearer(event.headers or {}) is None:
        return None
    return authenticate(event)


def parse_uuid(value: str) -> uuid.UUID:
    """An id from a path: a malformed one cannot name any row, so it is a 404."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise NotFound() from None
