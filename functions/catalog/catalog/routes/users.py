"""/api/sb-users/ routes: the user directory, for administrators only."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from catalog.logic import users
from catalog.models import Role, SbUserCreate, SbUserOut, SbUserPatch
from catalog.routes.common import answers, listing
from jobmatch.api import BEARER, no_content
from jobmatch.pagination import DEFAULT_PAGE_SIZE, Page, PageQuery, PageSizeQuery, paginated
from jobmatch.security import authenticate, parse_uuid

router = Router()
TAGS = ["users"]


@router.get("/sb-users", tags=TAGS, summary="List users (admins)", security=BEARER, responses=listing(SbUserOut))
def list_users(
    role: Annotated[Role | None, Query(description="Only users with this role.")] = None,
    page: PageQuery = 1,
    page_size: PageSizeQuery = DEFAULT_PAGE_SIZE,
):
    caller = authenticate(router.current_event)
    items, total = users.list_users(caller, role, Page(page, page_size))
    return paginated(router.current_event, items, total, Page(page, page_size))


@router.post(
    "/sb-users",
    status_code=201,
    tags=TAGS,
    summary="Create a user (admins)",
    security=BEARER,
    responses=answers(found=False, invalid=True),
)
def create_user(body: SbUserCreate) -> SbUserOut:
    caller = authenticate(router.current_event)
    return users.create_user(caller, body.model_dump())


@router.get("/sb-users/<user_id>", tags=TAGS, summary="Get a user (admins)", security=BEARER, responses=answers())
def get_user(user_id: str) -> SbUserOut:
    caller = authenticate(router.current_event)
    return users.get_user(caller, parse_uuid(user_id))


@router.put(
    "/sb-users/<user_id>", tags=TAGS, summary="Change a user (admins)", security=BEARER, responses=answers(invalid=True)
)
def replace_user(user_id: str, body: SbUserPatch) -> SbUserOut:
    caller = authenticate(router.current_event)
    return users.update_user(caller, parse_uuid(user_id), body.model_dump(exclude_unset=True))


@router.patch(
    "/sb-users/<user_id>", tags=TAGS, summary="Change a user (admins)", security=BEARER, responses=answers(invalid=True)
)
def patch_user(user_id: str, body: SbUserPatch) -> SbUserOut:
    caller = authenticate(router.current_event)
    return users.update_user(caller, parse_uuid(user_id), body.model_dump(exclude_unset=True))


@router.delete(
    "/sb-users/<user_id>",
    status_code=204,
    tags=TAGS,
    summary="Delete a user (admins)",
    security=BEARER,
    responses=answers(),
)
def delete_user(user_id: str):
    caller = authenticate(router.current_event)
    users.delete_user(caller, parse_uuid(user_id))
    return no_content()
