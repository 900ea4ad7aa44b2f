"""Jobs and the skills attached to them.

Writing a job keeps its embeddings current (`jobmatch.job_index`): the text is embedded before the write
transaction, and the job row, its old chunks' removal and its new chunks are committed together. When the
provider is down the job is still saved, `pending`, and embedded later by the sweep.

Deleting a job deletes its applications, skills links and embeddings with it (ON DELETE CASCADE) and
answers 204; moving a job to another company moves its applications' `company` along.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from itertools import islice

from aws_lambda_powertools import Logger

from catalog import policy
from catalog.logic.common import constraint_errors, fetch_page, missing, pick
from catalog.models import JobOut
from catalog.queries import jobs as sql
from jobmatch import db, job_index
from jobmatch.errors import Conflict, NotFound
from jobmatch.job_index import JobText
from jobmatch.pagination import Page
from jobmatch.security import Caller

logger = Logger(child=True)

WRITABLE = ("company", "title", "description", "requirements", "location", "salary_range", "posted_at", "is_active")
WRITE_ATTEMPTS = 3
IMPORT_CHUNK = 1000  # rows per COPY statement


def list_jobs(filters: dict, page: Page) -> tuple[list[JobOut], int]:
    """Jobs filtered by `is_active`, `company` and the text query `q`, newest first."""
    rows, total = fetch_page(sql.LIST, sql.COUNT, filters, page)
    return [JobOut(**row) for row in rows], total


def get_job(job_id: uuid.UUID) -> JobOut:
    row = db.fetch_one(sql.GET, {"id": job_id})
    if row is None:
        raise NotFound()
    return JobOut(**row)


def create_job(caller: Caller, fields: dict) -> JobOut:
    """A job of a company the caller owns (any company for an admin), embedded if the provider answers."""
    _company_for_write(caller, fields["company"])
    values = {"description": "", "requirements": "", "is_active": True} | pick(fields, WRITABLE)
    embedded = job_index.embed_job(JobText.of(values))
    with constraint_errors({"jobs_company_id_fkey": missing("company", fields["company"])}), db.transaction():
        job_id = db.fetch_one(sql.INSERT, {**_defaults(values), "embedding_status": embedded.status})["id"]
        job_index.store(job_id, embedded)
    logger.info("job created", extra={"job_id": str(job_id), "embedding_status": embedded.status})
    return get_job(job_id)


def update_job(caller: Caller, job_id: uuid.UUID, changes: dict) -> JobOut:
    """Apply `changes` as the company's owner or an admin; new text (or a pending embedding) is embedded.

    The provider is called outside the transaction; if the job changed meanwhile, the update starts over.
    """
    for _attempt in range(WRITE_ATTEMPTS):
        current = _job_for_write(caller, job_id)
        values = current | pick(changes, WRITABLE)
        if values["company"] != current["company"]:
            _company_for_write(caller, values["company"])
        text = JobText.of(values)
        stale = text != JobText.of(current) or current["embedding_status"] != "ready"
        embedded = job_index.embed_job(text) if stale else None
        if _write(job_id, current, values, embedded):
            return get_job(job_id)
    raise Conflict("The job changed while it was being saved. Please try again.")


def _write(job_id: uuid.UUID, current: dict, values: dict, embedded: job_index.JobVectors | None) -> bool:
    """Save the job if it is still as read; False when a concurrent write changed it first."""
    with constraint_errors({"jobs_company_id_fkey": missing("company", values["company"])}), db.transaction():
        locked = db.fetch_one(sql.LOCKED, {"id": job_id})
        if locked is None:
            raise NotFound()
        if locked != current:
            return False
        db.execute(sql.UPDATE, {**_defaults(values), "id": job_id})
        if values["company"] != current["company"]:
            db.execute(sql.MOVE_APPLICATIONS, {"id": job_id, "company": values["company"]})
        if embedded is not None:
            job_index.store(job_id, embedded)
    return True


def delete_job(caller: Caller, job_id: uuid.UUID) -> None:
    _job_for_write(caller, job_id)
    db.execute(sql.DELETE, {"id": job_id})
    logger.info("job deleted", extra={"job_id": str(job_id)})


def attach_skill(caller: Caller, job_id: uuid.UUID, skill_id: uuid.UUID) -> tuple[JobOut, bool]:
    """Link a skill to a job; True when it was not linked yet. Unknown job or skill: 404."""
    _job_for_write(caller, job_id)
    if db.fetch_one(sql.SKILL_EXISTS, {"skill": skill_id}) is None:
        raise NotFound("Skill not found.")
    with constraint_errors({"job_skills_skill_id_fkey": NotFound("Skill not found.")}):
        added = db.execute(sql.ATTACH_SKILL, {"id": job_id, "skill": skill_id}) > 0
    return get_job(job_id), added


def detach_skill(caller: Caller, job_id: uuid.UUID, skill_id: uuid.UUID) -> None:
    _job_for_write(caller, job_id)
    if db.execute(sql.DETACH_SKILL, {"id": job_id, "skill": skill_id}) == 0:
        raise NotFound("This skill is not attached to the job.")


def import_jobs(rows: Iterable[dict]) -> int:
    """Bulk-load jobs with binary COPY in one transaction, left `pending` for the indexer; returns the count.

    For operators and benchmarks: the caller is trusted and every row names an existing company. Rows go
    in COPY statements of IMPORT_CHUNK so that none of them runs into the statement timeout.
    """
    now = datetime.now(UTC)
    count = 0
    with db.transaction() as conn:
        for chunk in _chunks(iter(rows), IMPORT_CHUNK):
            with conn.cursor() as cur, cur.copy(sql.COPY_JOBS) as copy:
                copy.set_types(sql.COPY_TYPES)
                for row in chunk:
                    copy.write_row(_import_values(row, now))
            count += len(chunk)
    logger.info("jobs imported", extra={"jobs": count})
    return count


def _chunks(rows: Iterator[dict], size: int) -> Iterator[list[dict]]:
    while chunk := list(islice(rows, size)):
        yield chunk


def _import_values(row: dict, now: datetime) -> list:
    values = _defaults({"description": "", "requirements": "", "is_active": True} | row)
    values["posted_at"] = values["posted_at"] or now
    values["company"] = uuid.UUID(str(values["company"]))
    return [values[name] for name in WRITABLE]


def _defaults(values: dict) -> dict:
    """Every column of a job write, with the optional ones left empty."""
    return {name: values.get(name) for name in WRITABLE}


def _company_for_write(caller: Caller, company_id: uuid.UUID) -> None:
    """The company must exist (else 400 naming `company`) and be the caller's (else 403)."""
    company = db.fetch_one(sql.COMPANY_OWNER, {"id": company_id})
    if company is None:
        raise missing("company", company_id)
    policy.can_change_company(caller, company["owner_id"])


def _job_for_write(caller: Caller, job_id: uuid.UUID) -> dict:
    """The job's writable fields and owner, if it exists (404) and the caller owns its company (403)."""
    row = db.fetch_one(sql.OWNED, {"id": job_id})
    if row is None:
        raise NotFound()
    policy.can_change_company(caller, row["owner_id"])
    return row
