"""/api/skills/ routes: reading is public, adding needs an account, changing is for admins."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from catalog.logic import skills
from catalog.models import SkillIn, SkillOut
from catalog.routes.common import answers, listing
from jobmatch.api import BEARER, no_content
from jobmatch.pagination import DEFAULT_PAGE_SIZE, Page, PageQuery, PageSizeQuery, paginated
from jobmatch.security import authenticate, optional_caller, parse_uuid

router = Router()
TAGS = ["skills"]


@router.get("/skills", tags=TAGS, summary="List skills (public)", responses=listing(SkillOut, public=True))
def list_skills(
    q: Annotated[str | None, Query(max_length=100, description="Part of the name, any case.")] = None,
    page: PageQuery = 1,
    page_size: PageSizeQuery = DEFAULT_PAGE_SIZE,
):
    optional_caller(router.current_event)
    items, total = skills.list_skills(q, Page(page, page_size))
    return paginated(router.current_event, items, total, Page(page, page_size))


@router.post(
    "/skills",
    status_code=201,
    tags=TAGS,
    summary="Add a skill",
    security=BEARER,
    responses=answers(found=False, invalid=True),
)
def create_skill(body: SkillIn) -> SkillOut:
    authenticate(router.current_event)
    return skills.create_skill(body.name)


@router.get("/skills/<skill_id>", tags=TAGS, summary="Get a skill (public)", responses=answers(public=True))
def get_skill(skill_id: str) -> SkillOut:
    optional_caller(router.current_event)
    return skills.get_skill(parse_uuid(skill_id))


@router.put(
    "/skills/<skill_id>", tags=TAGS, summary="Rename a skill (admins)", security=BEARER, responses=answers(invalid=True)
)
def replace_skill(skill_id: str, body: SkillIn) -> SkillOut:
    caller = authenticate(router.current_event)
    return skills.rename_skill(caller, parse_uuid(skill_id), body.name)


@router.patch(
    "/skills/<skill_id>", tags=TAGS, summary="Rename a skill (admins)", security=BEARER, responses=answers(invalid=True)
)
def patch_skill(skill_id: str, body: SkillIn) -> SkillOut:
    caller = authenticate(router.current_event)
    return skills.rename_skill(caller, parse_uuid(skill_id), body.name)


@router.delete(
    "/skills/<skill_id>",
    status_code=204,
    tags=TAGS,
    summary="Delete a skill (admins)",
    security=BEARER,
    responses=answers(),
)
def delete_skill(skill_id: str):
    caller = authenticate(router.current_event)
    skills.delete_skill(caller, parse_uuid(skill_id))
    return no_content()
