"""/api/companies/ routes."""

from __future__ import annotations

import uuid
from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from catalog.logic import companies
from catalog.models import CompanyCreate, CompanyOut, CompanyPatch
from catalog.routes.common import answers, listing
from jobmatch.api import BEARER, no_content
from jobmatch.pagination import DEFAULT_PAGE_SIZE, Page, PageQuery, PageSizeQuery, paginated
from jobmatch.security import authenticate, parse_uuid

router = Router()
TAGS = ["companies"]


@router.get("/companies", tags=TAGS, summary="List companies", security=BEARER, responses=listing(CompanyOut))
def list_companies(
    owner: Annotated[uuid.UUID | None, Query(description="Only the companies of this owner.")] = None,
    page: PageQuery = 1,
    page_size: PageSizeQuery = DEFAULT_PAGE_SIZE,
):
    authenticate(router.current_event)
    items, total = companies.list_companies(owner, Page(page, page_size))
    return paginated(router.current_event, items, total, Page(page, page_size))


@router.post(
    "/companies",
    status_code=201,
    tags=TAGS,
    summary="Create a company",
    security=BEARER,
    responses=answers(found=False, invalid=True),
)
def create_company(body: CompanyCreate) -> CompanyOut:
    caller = authenticate(router.current_event)
    return companies.create_company(caller, body.model_dump())


@router.get("/companies/<company_id>", tags=TAGS, summary="Get a company", security=BEARER, responses=answers())
def get_company(company_id: str) -> CompanyOut:
    authenticate(router.current_event)
    return companies.get_company(parse_uuid(company_id))


@router.put(
    "/companies/<company_id>",
    tags=TAGS,
    summary="Replace a company",
    security=BEARER,
    responses=answers(invalid=True),
)
def replace_company(company_id: str, body: CompanyCreate) -> CompanyOut:
    caller = authenticate(router.current_event)
    changes = body.model_dump(exclude_unset=True) | body.model_dump(include={"name", "website", "location"})
    return companies.update_company(caller, parse_uuid(company_id), changes)


@router.patch(
    "/companies/<company_id>",
    tags=TAGS,
    summary="Change a company",
    security=BEARER,
    responses=answers(invalid=True),
)
def patch_company(company_id: str, body: CompanyPatch) -> CompanyOut:
    caller = authenticate(router.current_event)
    return companies.update_company(caller, parse_uuid(company_id), body.model_dump(exclude_unset=True))


@router.delete(
    "/companies/<company_id>",
    status_code=204,
    tags=TAGS,
    summary="Delete a company and its jobs",
    security=BEARER,
    responses=answers(),
)
def delete_company(company_id: str):
    caller = authenticate(router.current_event)
    companies.delete_company(caller, parse_uuid(company_id))
    return no_content()
