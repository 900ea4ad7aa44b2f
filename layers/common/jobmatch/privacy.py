"""Personal data: export all the product holds about a user, or erase it from the database and S3.

Erasure (`erase_user`) runs in four steps, each committed before the next:
1. The user's tokens are revoked by a statement of its own: no new request works for the user.
2. Every S3 object under `cvs/<user id>/` is deleted, listed and deleted 1,000 at a time. If S3
   fails, this is a `ServiceUnavailable` (503) and the database is untouched: ask again later.
3. One transaction deletes the rows. It first takes the per-user lock of CV writes, so an upload
   still committing finishes before it (its object is caught by step 4) or fails after it. The
   `users` row cascades to every table holding the user's data, a company user's companies and
   jobs (with the applications to them) included; login failures, keyed by username without a
   foreign key, are deleted explicitly; a `pending_erasures` row records the prefix.
4. The prefix is emptied again (an upload that landed meanwhile) and the pending row deleted. If
   S3 fails here, the account is already gone: the row stays, and `finish_pending_erasures` (the
   scheduled sweep) completes the deletion.
A notification still in flight for one of the user's keys changes nothing afterwards: `cv_index`
finds no CV or upload row for the key and deletes the object.

Export (`export_user`): one JSON document, its sections described in docs/privacy.md. When the
lists do not fit in one Lambda response, they are split over parts of the same shape.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import psycopg
from aws_lambda_powertools import Logger
from botocore.exceptions import BotoCoreError, ClientError

from jobmatch import accounts, db, storage
from jobmatch.config import get_settings
from jobmatch.cv_index import LOCK_NAMESPACE
from jobmatch.errors import NotFound, ServiceUnavailable

logger = Logger(child=True)

EXPORT_FORMAT = "jobmatch-export/1"
LINK_EXPIRES_S = 600
BATCH = 1000  # keys listed, then deleted, per request: the most one DeleteObjects takes
# Lambda answers at most 6 MB, counted after the body is escaped into the response JSON.
PART_BUDGET_BYTES = 4_000_000
FILES_DOWN = (
    "The account's files could not be deleted right now, so nothing was deleted "
    "(its sessions were ended). Please try again in a few minutes."
)

# Where each table holding a user's rows appears in the export (a test checks it against the schema).
EXPORTED_IN = {
    "users": "profile",
    "refresh_tokens": "sessions (times only; the token ids are secrets of the session)",
    "login_failures": "login_failures (times only; the addresses may be someone else's)",
    "cvs": "cvs",
    "cv_scores": "cvs[].score",
    "cv_embeddings": "cvs[].embeddings (count and model; vectors are derived from the CV text)",
    "cv_uploads": "cv_uploads",
    "applications": "applications; a company user gets counts per job (applications_received)",
    "match_results": "match_results",
    "recommendations": "recommendations",
    "interview_sessions": "interview_sessions",
    "interview_questions": "interview_sessions[].questions",
    "interview_answers": "interview_sessions[].questions[].answer",
    "interview_evaluations": "interview_sessions[].questions[].answer.evaluation",
    "profile_views": "profile_views_received (no viewer), profile_views_made (times only)",
    "companies": "companies",
    "jobs": "jobs",
    "job_skills": "jobs[].skills",
    "job_embeddings": "not exported: vectors derived from the job text, which is exported",
}

# ---------------------------------------------------------------- SQL: export

_SNAPSHOT = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"

_PROFILE = """
SELECT to_jsonb(u) AS item FROM (
    SELECT id, username, email, first_name, last_name, role, is_active, created_at, updated_at
    FROM users WHERE id = %(id)s
) u
"""

_SESSIONS = """
SELECT to_jsonb(t) AS item FROM (
    SELECT issued_at, expires_at, used_at, revoked_at FROM refresh_tokens WHERE user_id = %(id)s
) t ORDER BY t.issued_at
"""

_LOGIN_FAILURES = """
SELECT jsonb_build_object('failed_at', failed_at) AS item FROM login_failures
WHERE username_key = (SELECT lower(username) FROM users WHERE id = %(id)s)
ORDER BY failed_at
"""

_CVS = """
SELECT to_jsonb(v) AS item FROM (
    SELECT c.id, c.filename, c.parsed_text, c.s3_key, c.version, c.embedding_status,
           c.embedded_version, c.created_at, c.updated_at,
           (SELECT to_jsonb(s) - 'cv_id' FROM cv_scores s WHERE s.cv_id = c.id) AS score,
           (SELECT jsonb_build_object('chunks', count(*), 'cv_version', max(e.cv_version),
                                      'models', coalesce(jsonb_agg(DISTINCT e.model), '[]'::jsonb))
            FROM cv_embeddings e WHERE e.cv_id = c.id) AS embeddings
    FROM cvs c WHERE c.user_id = %(id)s
) v ORDER BY v.created_at, v.id
"""

_CV_UPLOADS = """
SELECT to_jsonb(u) AS item FROM (
    SELECT id, filename, s3_key, status, detail, cv_id, expires_at, created_at, updated_at
    FROM cv_uploads WHERE user_id = %(id)s
) u ORDER BY u.created_at, u.id
"""

_APPLICATIONS = """
SELECT to_jsonb(a) AS item FROM (
    SELECT a.id, a.cv_id, a.job_id, j.title AS job_title, a.company_id, co.name AS company_name,
           a.match_score, a.status, a.matched_at, a.created_at, a.updated_at
    FROM applications a
    JOIN cvs c ON c.id = a.cv_id
    JOIN jobs j ON j.id = a.job_id
    JOIN companies co ON co.id = a.company_id
    WHERE c.user_id = %(id)s
) a ORDER BY a.created_at, a.id
"""

_MATCH_RESULTS = """
SELECT to_jsonb(m) AS item FROM (
    SELECT m.id, m.cv_id, m.cv_version, m.job_id, j.title AS job_title, m.score, m.explanation,
           m.created_at
    FROM match_results m JOIN jobs j ON j.id = m.job_id WHERE m.user_id = %(id)s
) m ORDER BY m.score DESC, m.id
"""

_RECOMMENDATIONS = """
SELECT to_jsonb(r) - 'user_id' AS item FROM recommendations r
WHERE r.user_id = %(id)s ORDER BY r.created_at, r.id
"""

_INTERVIEW_SESSIONS = """
SELECT (to_jsonb(s) - 'user_id') || jsonb_build_object('questions', coalesce((
    SELECT jsonb_agg((to_jsonb(q) - 'session_id') || jsonb_build_object('answer', (
        SELECT (to_jsonb(a) - 'question_id') || jsonb_build_object('evaluation', (
            SELECT to_jsonb(e) - 'answer_id' FROM interview_evaluations e
            WHERE e.answer_id = a.id))
        FROM interview_answers a WHERE a.question_id = q.id)) ORDER BY q.position)
    FROM interview_questions q WHERE q.session_id = s.id), '[]'::jsonb)) AS item
FROM interview_sessions s WHERE s.user_id = %(id)s
ORDER BY s.created_at, s.id
"""

_VIEWS_RECEIVED = """
SELECT to_jsonb(p) AS item FROM (
    SELECT cv_id, viewed_at FROM profile_views WHERE user_id = %(id)s
) p ORDER BY p.viewed_at
"""

_VIEWS_MADE = """
SELECT jsonb_build_object('viewed_at', viewed_at) AS item FROM profile_views
WHERE viewer_id = %(id)s ORDER BY viewed_at
"""

_COMPANIES = """
SELECT to_jsonb(c) - 'owner_id' AS item FROM companies c
WHERE c.owner_id = %(id)s ORDER BY c.created_at, c.id
"""

_JOBS = """
SELECT to_jsonb(j) AS item FROM (
    SELECT j.id, j.company_id, j.title, j.description, j.requirements, j.location, j.salary_range,
           j.posted_at, j.is_active, j.created_at, j.updated_at,
           coalesce((SELECT jsonb_agg(s.name ORDER BY s.name)
                     FROM job_skills js JOIN skills s ON s.id = js.skill_id
                     WHERE js.job_id = j.id), '[]'::jsonb) AS skills,
           (SELECT count(*) FROM applications a WHERE a.job_id = j.id) AS applications_received
    FROM jobs j JOIN companies c ON c.id = j.company_id WHERE c.owner_id = %(id)s
) j ORDER BY j.created_at, j.id
"""

# The lists of the document, in order.
SECTIONS = {
    "sessions": _SESSIONS,
    "login_failures": _LOGIN_FAILURES,
    "cvs": _CVS,
    "cv_uploads": _CV_UPLOADS,
    "applications": _APPLICATIONS,
    "match_results": _MATCH_RESULTS,
    "recommendations": _RECOMMENDATIONS,
    "interview_sessions": _INTERVIEW_SESSIONS,
    "profile_views_received": _VIEWS_RECEIVED,
    "profile_views_made": _VIEWS_MADE,
    "companies": _COMPANIES,
    "jobs": _JOBS,
}

# ---------------------------------------------------------------- SQL: erasure

_USER = "SELECT id::text, username FROM users WHERE id = %(id)s"
_LOCK_CV_WRITES = "SELECT pg_advisory_xact_lock(%(namespace)s, hashtext(%(id)s::text))"
_DELETE_LOGIN_FAILURES = "DELETE FROM login_failures WHERE username_key = lower(%(username)s)"
_DELETE_USER = "DELETE FROM users WHERE id = %(id)s"
_RECORD_PENDING = "INSERT INTO pending_erasures (prefix) VALUES (%(prefix)s) ON CONFLICT DO NOTHING"
_DROP_PENDING = "DELETE FROM pending_erasures WHERE prefix = %(prefix)s"
_PENDING = "SELECT prefix FROM pending_erasures ORDER BY requested_at LIMIT %(limit)s"
_PENDING_FAILED = """
UPDATE pending_erasures SET attempts = attempts + 1, last_attempt_at = now()
WHERE prefix = %(prefix)s
"""


# ---------------------------------------------------------------- S3


def user_prefix(user_id: str) -> str:
    """The S3 prefix of every file of the user (the trailing slash keeps other users out)."""
    return f"{storage.PREFIX}{uuid.UUID(str(user_id))}/"


def _files_down(action: str, error: str) -> ServiceUnavailable:
    logger.error("s3 erasure failed", extra={"action": action, "error": error})
    return ServiceUnavailable(FILES_DOWN)


def _pages_of_keys(prefix: str) -> Iterator[list[str]]:
    paginator = storage.client().get_paginator("list_objects_v2")
    pages = paginator.paginate(Bucket=get_settings().cv_bucket, Prefix=prefix, PaginationConfig={"PageSize": BATCH})
    for page in pages:
        if keys := [item["Key"] for item in page.get("Contents", [])]:
            yield keys


def purge_prefix(prefix: str) -> int:
    """Delete every object under `prefix`, return how many; an S3 failure is `ServiceUnavailable`."""
    bucket, deleted = get_settings().cv_bucket, 0
    try:
        for keys in _pages_of_keys(prefix):
            objects = {"Objects": [{"Key": key} for key in keys], "Quiet": True}
            answer = storage.client().delete_objects(Bucket=bucket, Delete=objects)
            if answer.get("Errors"):
                raise _files_down("delete", answer["Errors"][0].get("Code", "unknown"))
            deleted += len(keys)
    except (BotoCoreError, ClientError) as exc:
        raise _files_down("list or delete", type(exc).__name__) from exc
    return deleted


def download_link(key: str, filename: str) -> str:
    """A SigV4 link that downloads the object for `LINK_EXPIRES_S` seconds."""
    disposition = f'attachment; filename="{storage.safe_name(filename)}"'
    params = {"Bucket": get_settings().cv_bucket, "Key": key}
    params["ResponseContentDisposition"] = disposition
    try:
        return storage.client().generate_presigned_url("get_object", Params=params, ExpiresIn=LINK_EXPIRES_S)
    except (BotoCoreError, ClientError) as exc:
        raise _files_down("presign", type(exc).__name__) from exc


# ---------------------------------------------------------------- erasure


def erase_user(user_id: str) -> bool:
    """Delete the account and all that belongs to it, in the database and S3 (module docstring).

    False when there is no such user. Each step commits on its own: never call it in a transaction.
    """
    if db.connection().info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
        raise RuntimeError("erase_user commits step by step and cannot run inside a transaction")
    user = _user(user_id)
    if user is None:
        return False
    prefix = user_prefix(user["id"])
    accounts.revoke_tokens(user["id"])
    deleted = purge_prefix(prefix)
    if not _delete_rows(user, prefix):
        return False  # erased meanwhile by another request
    late = _empty_and_forget(prefix)
    extra = {"user_id": user["id"], "objects": deleted, "late_objects": late}
    logger.info("account erased", extra=extra)
    return True


def _user(user_id: str) -> dict | None:
    try:
        return db.fetch_one(_USER, {"id": uuid.UUID(str(user_id))})
    except ValueError:
        return None


def _delete_rows(user: dict, prefix: str) -> bool:
    params = user | {"prefix": prefix, "namespace": LOCK_NAMESPACE}
    with db.transaction() as conn:
        conn.execute(_LOCK_CV_WRITES, params)
        if conn.execute(_DELETE_USER, params).rowcount == 0:
            return False
        conn.execute(_DELETE_LOGIN_FAILURES, params)
        conn.execute(_RECORD_PENDING, params)
    return True


def _empty_and_forget(prefix: str) -> int | None:
    """Empty an erased account's prefix and drop its pending row; None (row kept) on failure."""
    try:
        deleted = purge_prefix(prefix)
        db.execute(_DROP_PENDING, {"prefix": prefix})
    except ServiceUnavailable:
        db.execute(_PENDING_FAILED, {"prefix": prefix})
        logger.error("erased account files pending", extra={"prefix": prefix})
        return None
    return deleted


def finish_pending_erasures(limit: int = 100) -> int:
    """Empty the prefixes S3 failed to empty after an erasure; the number done. Stops at a failure."""
    finished = 0
    for row in db.fetch_all(_PENDING, {"limit": limit}):
        if _empty_and_forget(row["prefix"]) is None:
            break
        finished += 1
    if finished:
        logger.info("pending erasures finished", extra={"count": finished})
    return finished


# ---------------------------------------------------------------- export


def export_user(user_id: str, part: int = 1) -> dict:
    """Part `part` of all the product holds about the user; 404 for a part past the last one."""
    parts = split(_document(user_id), PART_BUDGET_BYTES)
    if not 1 <= part <= len(parts):
        raise NotFound(f"The export has {len(parts)} part(s).")
    extra = {"user_id": str(user_id), "part": part, "parts": len(parts)}
    logger.info("account exported", extra=extra)
    return parts[part - 1]


def _document(user_id: str) -> dict:
    """The whole export, read from one snapshot of the database."""
    params = {"id": user_id}
    with db.transaction() as conn:
        conn.execute(_SNAPSHOT)
        profile = conn.execute(_PROFILE, params).fetchone()
        if profile is None:
            raise NotFound()
        lists = {name: _items(conn, sql, params) for name, sql in SECTIONS.items()}
    now = datetime.now(UTC)
    for cv in lists["cvs"]:
        cv["download_url"] = download_link(cv["s3_key"], cv["filename"]) if cv["s3_key"] else None
    head = {
        "format": EXPORT_FORMAT,
        "generated_at": now.isoformat(),
        "links_expire_at": (now + timedelta(seconds=LINK_EXPIRES_S)).isoformat(),
        "profile": profile["item"],
    }
    return head | lists


def _items(conn, sql: str, params: dict) -> list:
    return [row["item"] for row in conn.execute(sql, params)]


def _size(value) -> int:
    """Bytes of `value` in a Lambda response: JSON, escaped once more as the string `body`."""
    return len(json.dumps(json.dumps(value, default=str)))


def split(document: dict, budget: int) -> list[dict]:
    """The document as parts within `budget` bytes whose lists, joined in order, hold every item.

    Every part carries the non-list fields and `part: {number, of}`. An item larger than a part
    (impossible within the field limits of the API) gets a part of its own.
    """
    names = [name for name, value in document.items() if isinstance(value, list)]
    head = {name: value for name, value in document.items() if name not in names}
    widest = {"part": {"number": 10**6, "of": 10**6}}
    room = budget - _size(head | {name: [] for name in names} | widest)
    chunks = [{name: [] for name in names}]
    used = 0
    for name in names:
        for item in document[name]:
            size = _size(item) + 2  # and the separator
            if used and used + size > room:
                chunks.append({name: [] for name in names})
                used = 0
            chunks[-1][name].append(item)
            used += size
    total = len(chunks)
    return [head | chunk | {"part": {"number": n, "of": total}} for n, chunk in enumerate(chunks, 1)]
