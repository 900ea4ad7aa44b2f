"""CV records. A jobseeker creates CVs only for themselves: naming another `user` is a 400. New text
starts a new version whose embeddings are `pending` until the ingest sweep embeds it (the old version's
chunks and stored matches are deleted at once). A company user
reads the CVs sent in applications to its companies, and each read is counted in `profile_views`.
Deleting a CV deletes its applications and embeddings with it (ON DELETE CASCADE) and its file in S3; new
text also deletes the uploaded file, which no longer matches it. The file goes first: when S3 is down the
answer is 503 and nothing changed, and a late S3 notification for the file finds no CV and does nothing."""

from __future__ import annotations

import uuid

from aws_lambda_powertools import Logger

from catalog import policy
from catalog.logic.common import constraint_errors, fetch_page, missing, pick
from catalog.models import CvOut
from catalog.queries import cvs as sql
from jobmatch import db, storage
from jobmatch.errors import FieldError, NotFound, ServiceUnavailable
from jobmatch.pagination import Page
from jobmatch.security import Caller

logger = Logger(child=True)

WRITABLE = ("filename", "parsed_text")


def list_cvs(caller: Caller, user: uuid.UUID | None, page: Page) -> tuple[list[CvOut], int]:
    params = {**policy.cv_scope(caller).sql, "user": user}
    rows, total = fetch_page(sql.LIST, sql.COUNT, params, page)
    return [CvOut(**row) for row in rows], total


def get_cv(caller: Caller, cv_id: uuid.UUID) -> CvOut:
    cv = _visible(caller, cv_id)
    if policy.records_profile_view(caller):
        db.execute(sql.RECORD_VIEW, {"id": cv.id, "user": cv.user, "viewer": caller.id})
    return cv


def create_cv(caller: Caller, fields: dict) -> CvOut:
    policy.can_create_cv(caller)
    owner = fields.get("user") or uuid.UUID(caller.id)
    if not caller.is_admin and str(owner) != caller.id:
        raise FieldError("user", "You can only create CVs for yourself.")
    if db.fetch_one(sql.USER_EXISTS, {"id": owner}) is None:
        raise missing("user", owner)
    with constraint_errors({"cvs_user_id_fkey": missing("user", owner)}):
        row = db.fetch_one(sql.INSERT, {"parsed_text": "", **pick(fields, WRITABLE), "user": owner})
    logger.info("cv created", extra={"cv_id": str(row["id"])})
    return _visible(caller, row["id"])


def update_cv(caller: Caller, cv_id: uuid.UUID, changes: dict) -> CvOut:
    """Change the file name or the text; new text bumps the version and makes the embeddings pending."""
    with db.transaction():
        current = _visible(caller, cv_id, sql.GET_FOR_UPDATE)
        policy.can_change_cv(caller, current.user)
        values = current.model_dump() | pick(changes, WRITABLE) | {"id": cv_id}
        text_changed = values["parsed_text"] != current.parsed_text
        if text_changed:
            _delete_file(cv_id)
            db.execute(sql.NEW_VERSION, values)
            db.execute(sql.DELETE_EMBEDDINGS, values)
            db.execute(sql.DELETE_MATCHES, values)
            db.execute(sql.FORGET_FILE, values)
        else:
            db.execute(sql.RENAME, values)
    if text_changed:
        logger.info("cv text changed", extra={"cv_id": str(cv_id), "version": current.version + 1})
    return _visible(caller, cv_id)


def delete_cv(caller: Caller, cv_id: uuid.UUID) -> None:
    cv = _visible(caller, cv_id)
    policy.can_change_cv(caller, cv.user)
    _delete_file(cv_id)
    db.execute(sql.DELETE, {"id": cv_id})
    logger.info("cv deleted", extra={"cv_id": str(cv_id)})


def _delete_file(cv_id: uuid.UUID) -> None:
    row = db.fetch_one(sql.FILE_KEY, {"id": cv_id})
    if row and row["s3_key"] and not storage.delete(row["s3_key"]):
        raise ServiceUnavailable("The CV file could not be deleted, so nothing was changed. Please try again later.")


def _visible(caller: Caller, cv_id: uuid.UUID, query: str = sql.GET) -> CvOut:
    row = db.fetch_one(query, {**policy.cv_scope(caller).sql, "id": cv_id})
    if row is None:
        raise NotFound()
    return CvOut(**row)
