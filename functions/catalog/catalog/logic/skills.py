"""Skills: names unique case-insensitively; anyone signed in adds one, only admins rename or delete.
Deleting a skill detaches it from every job."""

from __future__ import annotations

import uuid

from aws_lambda_powertools import Logger

from catalog import policy
from catalog.logic.common import constraint_errors, fetch_page, like_pattern
from catalog.models import SkillOut
from catalog.queries import skills as sql
from jobmatch import db
from jobmatch.errors import FieldError, NotFound
from jobmatch.pagination import Page
from jobmatch.security import Caller

logger = Logger(child=True)

DUPLICATE = "A skill with this name already exists."


def list_skills(query: str | None, page: Page) -> tuple[list[SkillOut], int]:
    rows, total = fetch_page(sql.LIST, sql.COUNT, {"q": like_pattern(query)}, page)
    return [SkillOut(**row) for row in rows], total


def get_skill(skill_id: uuid.UUID) -> SkillOut:
    row = db.fetch_one(sql.GET, {"id": skill_id})
    if row is None:
        raise NotFound()
    return SkillOut(**row)


def create_skill(name: str) -> SkillOut:
    row = db.fetch_one(sql.INSERT, {"name": name})
    if row is None:
        raise FieldError("name", DUPLICATE)
    logger.info("skill created", extra={"skill_id": str(row["id"])})
    return SkillOut(**row)


def rename_skill(caller: Caller, skill_id: uuid.UUID, name: str) -> SkillOut:
    policy.can_change_skill(caller)
    with constraint_errors({"skills_name_lower_key": FieldError("name", DUPLICATE)}):
        row = db.fetch_one(sql.UPDATE, {"id": skill_id, "name": name})
    if row is None:
        raise NotFound()
    return SkillOut(**row)


def delete_skill(caller: Caller, skill_id: uuid.UUID) -> None:
    policy.can_change_skill(caller)
    if db.execute(sql.DELETE, {"id": skill_id}) == 0:
        raise NotFound()
    logger.info("skill deleted", extra={"skill_id": str(skill_id)})
