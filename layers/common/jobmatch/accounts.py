"""User accounts shared by the accounts and catalog functions: the field rules, creation and deletion."""

from __future__ import annotations

import re

from aws_lambda_powertools import Logger

from jobmatch import db
from jobmatch.errors import FieldError
from jobmatch.security import hash_password

logger = Logger(child=True)

EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s.]{2,}$")
USERNAME_RE = re.compile(r"^[\w.@+-]+$")
USERNAME_MAX = 150
PASSWORD_MIN, PASSWORD_MAX = 8, 128
EMAIL_MAX = 254
NAME_MAX = 150

USERNAME_TAKEN_MSG = "A user with that username already exists."
EMAIL_TAKEN_MSG = "A user with that email already exists."


def check_username(value: str) -> str:
    """A username of letters, digits and @/./+/-/_ (pydantic turns the ValueError into a 400)."""
    if not USERNAME_RE.match(value):
        raise ValueError("Enter a valid username: letters, digits and @/./+/-/_ only")
    return value


def check_password(password: str, username: str | None) -> str:
    """Refuse passwords that are all digits or equal to the username; lengths are checked by the models."""
    if password.isdigit():
        raise ValueError("This password is entirely numeric")
    if username is not None and password.lower() == username.lower():
        raise ValueError("The password is too similar to the username")
    return password


def check_email(value: str | None) -> str | None:
    """A plausible address, or None for an empty one."""
    if value in (None, ""):
        return None
    if not EMAIL_RE.match(value):
        raise ValueError("Enter a valid email address")
    return value


INSERT_USER = """
INSERT INTO users (username, email, first_name, last_name, role, password_hash, is_active)
VALUES (%(username)s, %(email)s, %(first_name)s, %(last_name)s, %(role)s, %(password_hash)s, %(is_active)s)
ON CONFLICT DO NOTHING
RETURNING id::text
"""
USERNAME_TAKEN = "SELECT 1 FROM users WHERE lower(username) = lower(%(username)s) AND id IS DISTINCT FROM %(id)s"
EMAIL_TAKEN = "SELECT 1 FROM users WHERE lower(email) = lower(%(email)s) AND id IS DISTINCT FROM %(id)s"
REVOKE_TOKENS = """
WITH revoked AS (
    UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = %(id)s AND revoked_at IS NULL
)
UPDATE users SET tokens_valid_after = now() WHERE id = %(id)s
"""


def ensure_unique(username: str | None, email: str | None, user_id: str | None = None) -> None:
    """400 naming the field when another account already holds the username or the email."""
    if username is not None and db.fetch_one(USERNAME_TAKEN, {"username": username, "id": user_id}):
        raise FieldError("username", USERNAME_TAKEN_MSG)
    if email and db.fetch_one(EMAIL_TAKEN, {"email": email, "id": user_id}):
        raise FieldError("email", EMAIL_TAKEN_MSG)


def create_user(
    *,
    username: str,
    password: str,
    email: str | None = None,
    first_name: str = "",
    last_name: str = "",
    role: str = "jobseeker",
    is_active: bool = True,
) -> str:
    """Create an account with an argon2id password hash and return its id; a taken name or email is a 400."""
    ensure_unique(username, email)
    params = {
        "username": username,
        "email": email,
        "first_name": first_name,
        "last_name": last_name,
        "role": role,
        "password_hash": hash_password(password),
        "is_active": is_active,
    }
    row = db.fetch_one(INSERT_USER, params)
    if row is None:  # lost a race with a concurrent creation of the same name or email
        raise FieldError("username", "A user with that username or email already exists.")
    logger.info("user created", extra={"user_id": row["id"], "role": role})
    return row["id"]


def revoke_tokens(user_id: str) -> None:
    """Refuse every access and refresh token issued to the user until now."""
    db.execute(REVOKE_TOKENS, {"id": user_id})


def delete_user(user_id: str) -> bool:
    """Erase the account and everything that belongs to it, in the database and in S3 (`jobmatch.privacy`).

    Returns False when there was no such user; an S3 outage is a 503 that deletes nothing but the sessions.
    """
    from jobmatch import privacy  # privacy builds on this module (and on boto3, loaded only when needed)

    return privacy.erase_user(user_id)
