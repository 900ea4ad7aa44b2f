"""Companies. Deleting a company deletes its jobs and, through them, the applications to those jobs
(the schema's ON DELETE CASCADE); the delete answers 204 whatever it took with it."""

from __future__ import annotations

import uuid

from aws_lambda_powertools import Logger

from catalog import policy
from catalog.logic.common import fetch_page, missing, pick
from catalog.models import CompanyOut
from catalog.queries import companies as sql
from jobmatch import db
from jobmatch.errors import FieldError, NotFound
from jobmatch.pagination import Page
from jobmatch.security import Caller

logger = Logger(child=True)

WRITABLE = ("name", "website", "location")


def list_companies(owner: uuid.UUID | None, page: Page) -> tuple[list[CompanyOut], int]:
    rows, total = fetch_page(sql.LIST, sql.COUNT, {"owner": owner}, page)
    return [CompanyOut(**row) for row in rows], total


def get_company(company_id: uuid.UUID) -> CompanyOut:
    row = db.fetch_one(sql.GET, {"id": company_id})
    if row is None:
        raise NotFound()
    return CompanyOut(**row)


def create_company(caller: Caller, fields: dict) -> CompanyOut:
    """A company owned by its creator; an admin may name another owner."""
    policy.can_create_company(caller)
    owner = _owner(caller, fields) or uuid.UUID(caller.id)
    row = db.fetch_one(sql.INSERT, {**pick(fields, WRITABLE), "owner": owner})
    logger.info("company created", extra={"company_id": str(row["id"])})
    return CompanyOut(**row)


def update_company(caller: Caller, company_id: uuid.UUID, changes: dict) -> CompanyOut:
    """Apply `changes` (every writable field for PUT, the sent ones for PATCH) as the owner or an admin."""
    with db.transaction():
        row = db.fetch_one(sql.GET_FOR_UPDATE, {"id": company_id})
        if row is None:
            raise NotFound()
        policy.can_change_company(caller, row["owner"])
        owner = _owner(caller, changes) or row["owner"]
        updated = db.fetch_one(sql.UPDATE, {**row, **pick(changes, WRITABLE), "owner": owner})
    return CompanyOut(**updated)


def delete_company(caller: Caller, company_id: uuid.UUID) -> None:
    with db.transaction():
        row = db.fetch_one(sql.GET_FOR_UPDATE, {"id": company_id})
        if row is None:
            raise NotFound()
        policy.can_change_company(caller, row["owner"])
        db.execute(sql.DELETE, {"id": company_id})
    logger.info("company deleted", extra={"company_id": str(company_id)})


def _owner(caller: Caller, fields: dict) -> uuid.UUID | None:
    """The owner an admin names (a company or admin account); None when not named or not allowed."""
    owner = fields.get("owner")
    if owner is None or not policy.may_set_owner(caller):
        return None
    user = db.fetch_one(sql.USER_ROLE, {"id": owner})
    if user is None:
        raise missing("owner", owner)
    if user["role"] == "jobseeker":
        raise FieldError("owner", "The owner must be a company or administrator account.")
    return owner
