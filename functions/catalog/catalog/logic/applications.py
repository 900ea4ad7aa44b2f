"""Applications of a CV to a job. The company comes from the job (a different `company` is a 400); the
match score is computed by the server (`jobmatch.matching`) unless an admin sets it. A CV or job the
caller may not use counts as missing: 400 naming the field."""

from __future__ import annotations

import uuid
from decimal import Decimal

from aws_lambda_powertools import Logger

from catalog import policy
from catalog.logic.common import constraint_errors, fetch_page, missing
from catalog.models import ApplicationOut
from catalog.queries import applications as sql
from jobmatch import db, matching
from jobmatch.errors import FieldError, NotFound
from jobmatch.pagination import Page
from jobmatch.security import Caller

logger = Logger(child=True)

SCORE_STEP = Decimal("0.0001")


def list_applications(caller: Caller, filters: dict, page: Page) -> tuple[list[ApplicationOut], int]:
    params = {**policy.application_scope(caller).sql, **filters}
    rows, total = fetch_page(sql.LIST, sql.COUNT, params, page)
    return [ApplicationOut(**row) for row in rows], total


def get_application(caller: Caller, application_id: uuid.UUID) -> ApplicationOut:
    return ApplicationOut(**_visible(caller, application_id))


def apply(caller: Caller, fields: dict) -> ApplicationOut:
    """Apply with one's own CV (any CV for an admin) to an active job, once per CV and job."""
    policy.can_apply(caller)
    cv_id, job_id = fields["cv"], fields["job"]
    cv = db.fetch_one(sql.CV_OWNER, {"id": cv_id})
    if cv is None or not (caller.is_admin or str(cv["user_id"]) == caller.id):
        raise missing("cv", cv_id)
    job = _open_job(job_id)
    if fields.get("company") not in (None, job["company_id"]):
        raise FieldError("company", "This is not the company of the job.")
    score = fields.get("match_score") if policy.may_set_score(caller) else None
    score = matching.match_score(cv_id, job_id) if score is None else score.quantize(SCORE_STEP)
    params = {"cv": cv_id, "job": job_id, "company": job["company_id"], "match_score": score}
    references = {"applications_cv_id_fkey": missing("cv", cv_id), "applications_job_id_fkey": missing("job", job_id)}
    with constraint_errors(references):
        row = db.fetch_one(sql.INSERT, params)
    if row is None:
        raise FieldError("job", "You have already applied to this job with this CV.")
    logger.info("application created", extra={"application_id": str(row["id"]), "job_id": str(job_id)})
    return ApplicationOut(**row)


def update_application(caller: Caller, application_id: uuid.UUID, changes: dict) -> ApplicationOut:
    """The company changes the status; an admin also the score. Other fields are fixed."""
    with db.transaction():
        current = _visible(caller, application_id, sql.GET_FOR_UPDATE)
        policy.can_change_application(caller)
        score = changes.get("match_score") if policy.may_set_score(caller) else None
        params = {
            "id": application_id,
            "status": changes.get("status") or current["status"],
            "match_score": current["match_score"] if score is None else score.quantize(SCORE_STEP),
            "rescored": score is not None,
        }
        row = db.fetch_one(sql.UPDATE, params)
    if params["status"] != current["status"]:
        logger.info("application status changed", extra={"application_id": str(application_id)})
    return ApplicationOut(**row)


def withdraw(caller: Caller, application_id: uuid.UUID) -> None:
    _visible(caller, application_id)
    policy.can_delete_application(caller)
    db.execute(sql.DELETE, {"id": application_id})
    logger.info("application deleted", extra={"application_id": str(application_id)})


def _open_job(job_id: uuid.UUID) -> dict:
    job = db.fetch_one(sql.JOB, {"id": job_id})
    if job is None:
        raise missing("job", job_id)
    if not job["is_active"]:
        raise FieldError("job", "This job is not accepting applications.")
    return job


def _visible(caller: Caller, application_id: uuid.UUID, query: str = sql.GET) -> dict:
    row = db.fetch_one(query, {**policy.application_scope(caller).sql, "id": application_id})
    if row is None:
        raise NotFound()
    return row
