"""Accounts: registration, login with brute-force protection, token rotation, logout and deletion."""

from __future__ import annotations

import uuid
from datetime import datetime

from aws_lambda_powertools import Logger

from auth import queries
from auth.models import LoginOut, RegisterIn, TokensOut, UserOut
from jobmatch import accounts, db
from jobmatch.config import get_settings
from jobmatch.errors import Conflict, FieldError, Forbidden, TooManyRequests, Unauthorized
from jobmatch.security import Caller, decode_token, issue_token, verify_password

logger = Logger(child=True)

INVALID_CREDENTIALS = "Invalid username or password."
INVALID_REFRESH = "Refresh token is invalid or has already been used."
WRONG_PASSWORD = "The password is incorrect."  # noqa: S105 - a message
LAST_ADMIN = "You are the only active administrator: make another administrator before deleting this account."


def register(data: RegisterIn, caller: Caller | None) -> str:
    """Create an account and return its id; only an admin may create another admin."""
    if data.role == "admin" and not (caller and caller.is_admin):
        raise Forbidden("Only an administrator can create administrator accounts.")
    return create_user(data)


def create_user(data: RegisterIn) -> str:
    return accounts.create_user(**data.model_dump())


def login(username: str, password: str, client_ip: str) -> LoginOut:
    settings = get_settings()
    key = username.lower()
    _refuse_if_locked(queries.LOCKING_FAILURE_FOR_USER, key, settings.login_max_failures_per_user)
    _refuse_if_locked(queries.LOCKING_FAILURE_FOR_IP, client_ip, settings.login_max_failures_per_ip)
    user = db.fetch_one(queries.USER_BY_USERNAME, {"username": username})
    valid = verify_password(password, user["password_hash"] if user else None)
    if not (valid and user["is_active"]):
        _record_failure(key, client_ip)
        raise Unauthorized(INVALID_CREDENTIALS)
    db.execute(queries.CLEAR_USER_FAILURES, {"key": key})
    access, refresh = _issue_pair(user["id"], user["role"], family_id=uuid.uuid4())
    logger.info("user logged in", extra={"user_id": user["id"]})
    return LoginOut(access=access, refresh=refresh, user=UserOut(**user))


def _refuse_if_locked(sql: str, key: str, threshold: int) -> None:
    window = get_settings().login_window_seconds
    row = db.fetch_one(sql, {"key": key, "window": window, "threshold": threshold})
    if row is not None:
        logger.warning("login locked", extra={"threshold": threshold})
        raise TooManyRequests(
            int(row["remaining"].total_seconds()) + 1,
            "Too many failed login attempts. Try again later.",
        )


def _record_failure(key: str, client_ip: str) -> None:
    window = get_settings().login_window_seconds
    with db.transaction():
        db.execute(queries.RECORD_FAILURE, {"key": key, "ip": client_ip})
        db.execute(queries.PURGE_OLD_FAILURES, {"window": window})
    logger.info("login failed")


def _issue_pair(user_id: str, role: str, family_id: uuid.UUID) -> tuple[str, str]:
    jti = uuid.uuid4()
    refresh, expires = issue_token(user_id, role, "refresh", jti=str(jti))
    db.execute(
        queries.INSERT_REFRESH,
        {"jti": jti, "user_id": user_id, "family_id": family_id, "expires_at": expires},
    )
    access, _ = issue_token(user_id, role, "access")
    return access, refresh


def refresh(token: str) -> TokensOut:
    """Rotate a refresh token; presenting one that was already used revokes its whole family."""
    claims = decode_token(token, "refresh")
    with db.transaction():
        row = db.fetch_one(queries.REFRESH_FOR_UPDATE, {"jti": _jti(claims)})
        if row is None or row["revoked_at"] is not None or not _still_valid(row, claims):
            raise Unauthorized(INVALID_REFRESH)
        reused = row["used_at"] is not None
        if reused:  # committed before the 401 below: a stolen token must not keep its family alive
            db.execute(queries.REVOKE_FAMILY, {"family_id": row["family_id"]})
        else:
            db.execute(queries.MARK_REFRESH_USED, {"jti": row["jti"]})
            access, new_refresh = _issue_pair(row["user_id"], row["role"], family_id=row["family_id"])
    if reused:
        logger.warning("refresh token reused", extra={"user_id": row["user_id"]})
        raise Unauthorized(INVALID_REFRESH)
    return TokensOut(access=access, refresh=new_refresh)


def _jti(claims: dict) -> uuid.UUID:
    try:
        return uuid.UUID(claims["jti"])
    except ValueError:
        raise Unauthorized(INVALID_REFRESH) from None


def _still_valid(row: dict, claims: dict) -> bool:
    issued = datetime.fromtimestamp(claims["iat"], tz=row["tokens_valid_after"].tzinfo)
    return row["is_active"] and issued >= row["tokens_valid_after"]


def logout(token: str) -> None:
    """Revoke the refresh token (and the tokens rotated from it)."""
    claims = decode_token(token, "refresh")
    with db.transaction():
        row = db.fetch_one(queries.REFRESH_FOR_UPDATE, {"jti": _jti(claims)})
        if row is None or row["revoked_at"] is not None:
            raise Unauthorized(INVALID_REFRESH)
        db.execute(queries.REVOKE_FAMILY, {"family_id": row["family_id"]})
    logger.info("user logged out", extra={"user_id": row["user_id"]})


def profile(caller: Caller) -> UserOut:
    row = db.fetch_one(queries.USER_BY_ID, {"id": caller.id})
    if row is None:
        raise Unauthorized("Token is no longer valid.")
    return UserOut(**row)


def delete_account(caller: Caller, password: str, client_ip: str) -> None:
    """Erase the caller's account and data once the password is entered again (failures count as at login)."""
    settings = get_settings()
    key = caller.username.lower()
    _refuse_if_locked(queries.LOCKING_FAILURE_FOR_USER, key, settings.login_max_failures_per_user)
    _refuse_if_locked(queries.LOCKING_FAILURE_FOR_IP, client_ip, settings.login_max_failures_per_ip)
    row = db.fetch_one(queries.PASSWORD_HASH, {"id": caller.id})
    if not verify_password(password, row["password_hash"] if row else None):
        _record_failure(key, client_ip)
        raise FieldError("password", WRONG_PASSWORD)
    if caller.is_admin and db.fetch_one(queries.OTHER_ACTIVE_ADMIN, {"id": caller.id}) is None:
        raise Conflict(LAST_ADMIN)
    _privacy().erase_user(caller.id)


def export_account(caller: Caller, part: int) -> dict:
    """Part `part` of everything the product holds about the caller."""
    return _privacy().export_user(caller.id, part)


def _privacy():
    """The privacy module, imported when first used: it loads boto3, which login does not need."""
    from jobmatch import privacy

    return privacy
