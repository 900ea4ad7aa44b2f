"""/api/jobs/ routes, with the skills of a job."""

from __future__ import annotations

import uuid
from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from catalog.logic import jobs
from catalog.models import JobCreate, JobOut, JobPatch, JobSkillIn
from catalog.routes.common import answers, listing
from jobmatch.api import BEARER, json_response, no_content
from jobmatch.pagination import DEFAULT_PAGE_SIZE, Page, PageQuery, PageSizeQuery, paginated
from jobmatch.security import authenticate, parse_uuid

router = Router()
TAGS = ["jobs"]
# A job's text is embedded when it is written.
WRITE = {
    409: {"description": "The job changed while it was being saved; retry"},
    502: {"description": "The embedding provider answered with something unusable"},
}
ATTACHED = {
    201: {"description": "Attached; the job.", "content": {"application/json": {"model": JobOut}}},
    200: {"description": "Already attached; the job.", "content": {"application/json": {"model": JobOut}}},
}


@router.get("/jobs", tags=TAGS, summary="List jobs", security=BEARER, responses=listing(JobOut))
def list_jobs(
    is_active: Annotated[bool | None, Query(description="Only active (true) or inactive (false) jobs.")] = None,
    company: Annotated[uuid.UUID | None, Query(description="Only the jobs of this company.")] = None,
    q: Annotated[str | None, Query(min_length=1, max_length=200, description="Words to find in the text.")] = None,
    page: PageQuery = 1,
    page_size: PageSizeQuery = DEFAULT_PAGE_SIZE,
):
    authenticate(router.current_event)
    filters = {"is_active": is_active, "company": company, "q": q}
    items, total = jobs.list_jobs(filters, Page(page, page_size))
    return paginated(router.current_event, items, total, Page(page, page_size))


@router.post(
    "/jobs",
    status_code=201,
    tags=TAGS,
    summary="Post a job",
    security=BEARER,
    responses=answers(found=False, invalid=True) | WRITE,
)
def create_job(body: JobCreate) -> JobOut:
    caller = authenticate(router.current_event)
    return jobs.create_job(caller, body.model_dump())


@router.get("/jobs/<job_id>", tags=TAGS, summary="Get a job", security=BEARER, responses=answers())
def get_job(job_id: str) -> JobOut:
    authenticate(router.current_event)
    return jobs.get_job(parse_uuid(job_id))


@router.put(
    "/jobs/<job_id>", tags=TAGS, summary="Replace a job", security=BEARER, responses=answers(invalid=True) | WRITE
)
def replace_job(job_id: str, body: JobCreate) -> JobOut:
    caller = authenticate(router.current_event)
    return jobs.update_job(caller, parse_uuid(job_id), body.model_dump())


@router.patch(
    "/jobs/<job_id>", tags=TAGS, summary="Change a job", security=BEARER, responses=answers(invalid=True) | WRITE
)
def patch_job(job_id: str, body: JobPatch) -> JobOut:
    caller = authenticate(router.current_event)
    return jobs.update_job(caller, parse_uuid(job_id), body.model_dump(exclude_unset=True))


@router.delete(
    "/jobs/<job_id>",
    status_code=204,
    tags=TAGS,
    summary="Delete a job and its applications",
    security=BEARER,
    responses=answers(),
)
def delete_job(job_id: str):
    caller = authenticate(router.current_event)
    jobs.delete_job(caller, parse_uuid(job_id))
    return no_content()


@router.post(
    "/jobs/<job_id>/skills",
    status_code=201,
    tags=TAGS,
    summary="Attach a skill to a job",
    security=BEARER,
    responses=ATTACHED | answers(invalid=True),
)
def attach_skill(job_id: str, body: JobSkillIn):
    caller = authenticate(router.current_event)
    job, added = jobs.attach_skill(caller, parse_uuid(job_id), body.skill_id)
    return json_response(201 if added else 200, job.model_dump(mode="json"))


@router.delete(
    "/jobs/<job_id>/skills/<skill_id>",
    status_code=204,
    tags=TAGS,
    summary="Detach a skill from a job",
    security=BEARER,
    responses=answers(),
)
def detach_skill(job_id: str, skill_id: str):
    caller = authenticate(router.current_event)
    jobs.detach_skill(caller, parse_uuid(job_id), parse_uuid(skill_id))
    return no_content()
