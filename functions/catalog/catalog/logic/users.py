"""The administrators' user directory over `users`. Password hashes never leave the database; a new
password is hashed with argon2id and, like deactivation, revokes the user's tokens. An admin cannot
delete, deactivate or demote their own account here (so the last admin cannot lock everyone out)."""

from __future__ import annotations

import uuid

from aws_lambda_powertools import Logger

from catalog import policy
from catalog.logic.common import constraint_errors, fetch_page, pick
from catalog.models import SbUserOut
from catalog.queries import users as sql
from jobmatch import accounts, db
from jobmatch.errors import BadRequest, FieldError, NotFound
from jobmatch.pagination import Page
from jobmatch.security import Caller, hash_password

logger = Logger(child=True)

WRITABLE = ("username", "email", "first_name", "last_name", "role", "is_active")
UNIQUE = {
    "users_username_lower_key": FieldError("username", accounts.USERNAME_TAKEN_MSG),
    "users_email_lower_key": FieldError("email", accounts.EMAIL_TAKEN_MSG),
}


def list_users(caller: Caller, role: str | None, page: Page) -> tuple[list[SbUserOut], int]:
    policy.require_admin(caller)
    rows, total = fetch_page(sql.LIST, sql.COUNT, {"role": role}, page)
    return [SbUserOut(**row) for row in rows], total


def get_user(caller: Caller, user_id: uuid.UUID) -> SbUserOut:
    policy.require_admin(caller)
    return _user(user_id)


def create_user(caller: Caller, fields: dict) -> SbUserOut:
    policy.require_admin(caller)
    user_id = accounts.create_user(**fields)
    return _user(user_id)


def update_user(caller: Caller, user_id: uuid.UUID, changes: dict) -> SbUserOut:
    """Apply `changes`; a new password is checked against the (new) username and hashed."""
    policy.require_admin(caller)
    with constraint_errors(UNIQUE), db.transaction():
        current = db.fetch_one(sql.GET_FOR_UPDATE, {"id": user_id})
        if current is None:
            raise NotFound()
        values = current | pick(changes, WRITABLE)
        _refuse_self_lockout(caller, user_id, values)
        accounts.ensure_unique(values["username"], values["email"], str(user_id))
        password_hash = _new_password_hash(changes.get("password"), values["username"])
        row = db.fetch_one(sql.UPDATE, {**values, "id": user_id, "password_hash": password_hash})
        if password_hash or (current["is_active"] and not values["is_active"]):
            accounts.revoke_tokens(str(user_id))
    logger.info("user updated", extra={"user_id": str(user_id)})
    return SbUserOut(**row)


def delete_user(caller: Caller, user_id: uuid.UUID) -> None:
    policy.require_admin(caller)
    if str(user_id) == caller.id:
        raise BadRequest("You cannot delete your own account here.")
    if not accounts.delete_user(str(user_id)):
        raise NotFound()


def _user(user_id: uuid.UUID | str) -> SbUserOut:
    row = db.fetch_one(sql.GET, {"id": user_id})
    if row is None:
        raise NotFound()
    return SbUserOut(**row)


def _refuse_self_lockout(caller: Caller, user_id: uuid.UUID, values: dict) -> None:
    if str(user_id) != caller.id:
        return
    if values["role"] != "admin":
        raise FieldError("role", "You cannot remove your own administrator role.")
    if not values["is_active"]:
        raise FieldError("is_active", "You cannot deactivate your own account.")


def _new_password_hash(password: str | None, username: str) -> str | None:
    if password is None:
        return None
    try:
        accounts.check_password(password, username)
    except ValueError as exc:
        raise FieldError("password", f"{exc}.") from None
    return hash_password(password)
