"""/api/applications/ routes."""

from __future__ import annotations

import uuid
from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from catalog.logic import applications
from catalog.models import ApplicationCreate, ApplicationOut, ApplicationPatch, ApplicationStatus
from catalog.routes.common import answers, listing
from jobmatch.api import BEARER, no_content
from jobmatch.pagination import DEFAULT_PAGE_SIZE, Page, PageQuery, PageSizeQuery, paginated
from jobmatch.security import authenticate, parse_uuid

router = Router()
TAGS = ["applications"]


@router.get(
    "/applications",
    tags=TAGS,
    summary="List the applications the caller may see",
    security=BEARER,
    responses=listing(ApplicationOut),
)
def list_applications(
    job: Annotated[uuid.UUID | None, Query(description="Only the applications to this job.")] = None,
    status: Annotated[ApplicationStatus | None, Query(description="Only applications in this status.")] = None,
    page: PageQuery = 1,
    page_size: PageSizeQuery = DEFAULT_PAGE_SIZE,
):
    caller = authenticate(router.current_event)
    items, total = applications.list_applications(caller, {"job": job, "status": status}, Page(page, page_size))
    return paginated(router.current_event, items, total, Page(page, page_size))


@router.post(
    "/applications",
    status_code=201,
    tags=TAGS,
    summary="Apply to a job with a CV",
    security=BEARER,
    responses=answers(found=False, invalid=True),
)
def create_application(body: ApplicationCreate) -> ApplicationOut:
    caller = authenticate(router.current_event)
    return applications.apply(caller, body.model_dump())


@router.get(
    "/applications/<application_id>", tags=TAGS, summary="Get an application", security=BEARER, responses=answers()
)
def get_application(application_id: str) -> ApplicationOut:
    caller = authenticate(router.current_event)
    return applications.get_application(caller, parse_uuid(application_id))


@router.put(
    "/applications/<application_id>",
    tags=TAGS,
    summary="Change an application's status",
    security=BEARER,
    responses=answers(invalid=True),
)
def replace_application(application_id: str, body: ApplicationPatch) -> ApplicationOut:
    caller = authenticate(router.current_event)
    return applications.update_application(caller, parse_uuid(application_id), body.model_dump(exclude_unset=True))


@router.patch(
    "/applications/<application_id>",
    tags=TAGS,
    summary="Change an application's status",
    security=BEARER,
    responses=answers(invalid=True),
)
def patch_application(application_id: str, body: ApplicationPatch) -> ApplicationOut:
    caller = authenticate(router.current_event)
    return applications.update_application(caller, parse_uuid(application_id), body.model_dump(exclude_unset=True))


@router.delete(
    "/applications/<application_id>",
    status_code=204,
    tags=TAGS,
    summary="Withdraw an application",
    security=BEARER,
    responses=answers(),
)
def delete_application(application_id: str):
    caller = authenticate(router.current_event)
    applications.withdraw(caller, parse_uuid(application_id))
    return no_content()
