"""/api/cvs/ routes: CV records (the file upload itself is a RAG route)."""

from __future__ import annotations

import uuid
from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from catalog.logic import cvs
from catalog.models import CvCreate, CvOut, CvPatch
from catalog.routes.common import answers, listing
from jobmatch.api import BEARER, no_content
from jobmatch.pagination import DEFAULT_PAGE_SIZE, Page, PageQuery, PageSizeQuery, paginated
from jobmatch.security import authenticate, parse_uuid

router = Router()
TAGS = ["cvs"]


@router.get("/cvs", tags=TAGS, summary="List the CVs the caller may see", security=BEARER, responses=listing(CvOut))
def list_cvs(
    user: Annotated[uuid.UUID | None, Query(description="Only the CVs of this user.")] = None,
    page: PageQuery = 1,
    page_size: PageSizeQuery = DEFAULT_PAGE_SIZE,
):
    caller = authenticate(router.current_event)
    items, total = cvs.list_cvs(caller, user, Page(page, page_size))
    return paginated(router.current_event, items, total, Page(page, page_size))


@router.post(
    "/cvs",
    status_code=201,
    tags=TAGS,
    summary="Create a CV record",
    security=BEARER,
    responses=answers(found=False, invalid=True),
)
def create_cv(body: CvCreate) -> CvOut:
    caller = authenticate(router.current_event)
    return cvs.create_cv(caller, body.model_dump())


@router.get("/cvs/<cv_id>", tags=TAGS, summary="Get a CV", security=BEARER, responses=answers())
def get_cv(cv_id: str) -> CvOut:
    caller = authenticate(router.current_event)
    return cvs.get_cv(caller, parse_uuid(cv_id))


@router.put(
    "/cvs/<cv_id>",
    tags=TAGS,
    summary="Replace a CV's file name and text",
    security=BEARER,
    responses=answers(invalid=True),
)
def replace_cv(cv_id: str, body: CvCreate) -> CvOut:
    caller = authenticate(router.current_event)
    return cvs.update_cv(caller, parse_uuid(cv_id), body.model_dump())


@router.patch("/cvs/<cv_id>", tags=TAGS, summary="Change a CV", security=BEARER, responses=answers(invalid=True))
def patch_cv(cv_id: str, body: CvPatch) -> CvOut:
    caller = authenticate(router.current_event)
    return cvs.update_cv(caller, parse_uuid(cv_id), body.model_dump(exclude_unset=True))


@router.delete("/cvs/<cv_id>", status_code=204, tags=TAGS, summary="Delete a CV", security=BEARER, responses=answers())
def delete_cv(cv_id: str):
    caller = authenticate(router.current_event)
    cvs.delete_cv(caller, parse_uuid(cv_id))
    return no_content()
