"""CV versions and their embeddings: store a new version, ingest S3 notifications, re-embed in sweeps.

Life of a CV
    Each user has one CV (the latest row of `cvs`); every upload replaces its content with a new
    `version`. `store_version` does so in one transaction, under a per-user advisory lock: the row is
    created or updated (status `pending`, new `s3_key`), the previous version's embeddings and stored
    matches are deleted, and the file is written to S3 under a key holding the version; the previous
    object is deleted once the transaction committed. Nothing is stored when any step fails.

Ingest (`ingest_object`, called for each S3 notification)
    The key says which CV version (or presigned upload) the object is. The ingest takes the same
    per-user lock, so it waits for an upload still committing, then:
    - a key that is not the current key of its CV (older version, deleted CV, failed upload) changes
      nothing; the orphaned object is deleted;
    - a version already embedded changes nothing (duplicate notification);
    - otherwise the text is chunked and embedded with no lock held, then the embeddings are replaced
      in one transaction, only if `cvs.version` still equals the version (row lock): a newer upload
      meanwhile wins, and no chunk of two versions is ever mixed.
    A presigned upload is parsed and checked here; a file that is not a readable CV marks the
    upload `failed` with the reason, is deleted, and leaves the user's CV as it was.

Errors
    Document errors are permanent (status `failed`, no retry). A provider or database outage
    (`ServiceUnavailable`, `UpstreamError`) propagates so that the queue retries the message; a CV
    left `pending` is picked up again by `sweep`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Literal

from aws_lambda_powertools import Logger

from jobmatch import db, storage
from jobmatch.config import get_settings
from jobmatch.documents import DocumentError, ParsedDocument, assert_cv, chunk_text, parse_document
from jobmatch.embeddings import get_embedder
from jobmatch.errors import ServiceUnavailable, UpstreamError
from jobmatch.storage import CvKey, ObjectMissing, UploadKey

logger = Logger(child=True)

Outcome = Literal["embedded", "duplicate", "stale", "refused", "failed", "ignored"]

# Advisory lock namespace of CV writes (pg_advisory_xact_lock(namespace, hashtext(user id))).
LOCK_NAMESPACE = 2001
PENDING_GRACE_S = 300
UPLOAD_GRACE_S = 3600
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "txt": "text/plain; charset=utf-8",
}

LOCK_USER = "SELECT pg_advisory_xact_lock(%(namespace)s, hashtext(%(user_id)s::text))"
CURRENT_CV_FOR_UPDATE = """
SELECT id::text, version, s3_key FROM cvs WHERE user_id = %(user_id)s
ORDER BY updated_at DESC, id LIMIT 1 FOR UPDATE
"""
INSERT_CV = """
INSERT INTO cvs (id, user_id, filename, parsed_text, s3_key, version, embedding_status)
VALUES (%(id)s, %(user_id)s, %(filename)s, %(parsed_text)s, %(s3_key)s, %(version)s, 'pending')
"""
UPDATE_CV = """
UPDATE cvs SET filename = %(filename)s, parsed_text = %(parsed_text)s, s3_key = %(s3_key)s, version = %(version)s,
    embedding_status = 'pending', embedded_version = NULL, updated_at = now()
WHERE id = %(id)s
"""
DELETE_EMBEDDINGS = "DELETE FROM cv_embeddings WHERE cv_id = %(id)s"
DELETE_MATCHES = "DELETE FROM match_results WHERE cv_id = %(id)s"
CV_BY_ID = """
SELECT id::text, user_id::text, version, s3_key, parsed_text, embedding_status, embedded_version
FROM cvs WHERE id = %(id)s
"""
VERSION_FOR_UPDATE = "SELECT version FROM cvs WHERE id = %(id)s FOR UPDATE"
INSERT_EMBEDDING = """
INSERT INTO cv_embeddings (cv_id, cv_version, chunk_index, chunk_text, embedding, model)
VALUES (%(cv_id)s, %(cv_version)s, %(chunk_index)s, %(chunk_text)s, %(embedding)s, %(model)s)
"""
MARK_READY = "UPDATE cvs SET embedding_status = 'ready', embedded_version = %(version)s WHERE id = %(id)s"
MARK_FAILED = "UPDATE cvs SET embedding_status = 'failed' WHERE id = %(id)s AND version = %(version)s"
UPLOAD_FOR_UPDATE = """
SELECT id::text, user_id::text, filename, status, cv_id::text FROM cv_uploads
WHERE id = %(id)s AND s3_key = %(key)s FOR UPDATE
"""
UPLOAD_BY_KEY = "SELECT id::text, user_id::text, filename, status, cv_id::text FROM cv_uploads WHERE s3_key = %(key)s"
UPLOAD_PROCESSED = "UPDATE cv_uploads SET status = 'processed', cv_id = %(cv_id)s, updated_at = now() WHERE id = %(id)s"
UPLOAD_FAILED = """
UPDATE cv_uploads SET status = 'failed', detail = left(%(detail)s, 500), updated_at = now()
WHERE id = %(id)s AND status = 'waiting'
"""
EXPIRE_UPLOADS = """
UPDATE cv_uploads SET status = 'expired', updated_at = now()
WHERE id IN (
    SELECT id FROM cv_uploads WHERE status = 'waiting' AND expires_at < now() - make_interval(secs => %(grace)s)
    ORDER BY expires_at LIMIT %(limit)s
)
"""
PENDING_CVS = """
SELECT id::text, version, parsed_text FROM cvs
WHERE embedding_status = 'pending' AND updated_at < now() - make_interval(secs => %(grace)s)
ORDER BY updated_at LIMIT %(limit)s
"""
OTHER_MODEL_CVS = """
SELECT v.id::text, v.version, v.parsed_text FROM cvs v
WHERE v.embedding_status = 'ready'
  AND EXISTS (SELECT 1 FROM cv_embeddings e WHERE e.cv_id = v.id AND e.model <> %(model)s)
LIMIT %(limit)s
"""


@dataclass(frozen=True)
class StoredVersion:
    """A CV version just stored."""

    id: str
    user_id: str
    filename: str
    parsed_text_len: int
    version: int
    s3_key: str
    embedding_status: str
    created: bool


# ---------------------------------------------------------------- storing a version


def object_name(document: ParsedDocument) -> str:
    """The file name in the S3 key: the client's name with the extension of what the file really is."""
    stem = document.filename.rsplit(".", 1)[0] if "." in document.filename.strip(".") else document.filename
    return f"{stem or 'cv'}.{document.kind}"


def _lock_user(conn, user_id: str) -> None:
    conn.execute(LOCK_USER, {"namespace": LOCK_NAMESPACE, "user_id": user_id})


def store_version(
    user_id: str, document: ParsedDocument, *, data: bytes | None = None, upload: UploadKey | None = None
) -> StoredVersion | None:
    """Create or replace the user's CV with `document` as its new version (see the module docstring).

    `data` is written to S3 under the version's key. With `upload`, the presigned upload's object becomes
    the CV's file instead, and the upload is marked processed; None when it was no longer waiting.
    """
    with db.transaction() as conn:
        _lock_user(conn, user_id)
        if upload and not _claim_upload(conn, upload):
            return None
        current = conn.execute(CURRENT_CV_FOR_UPDATE, {"user_id": user_id}).fetchone()
        stored = _write_row(conn, user_id, document, current, upload.key if upload else None)
        if upload:
            conn.execute(UPLOAD_PROCESSED, {"id": upload.upload_id, "cv_id": stored.id})
        if data is not None:
            storage.put(stored.s3_key, data, CONTENT_TYPES[document.kind])
    previous = current["s3_key"] if current else None
    if previous and previous != stored.s3_key:
        storage.delete(previous)
    logger.info("cv stored", extra={"cv_id": stored.id, "version": stored.version, "new_cv": stored.created})
    return stored


def _claim_upload(conn, upload: UploadKey) -> bool:
    """Lock a presigned upload; True when it still waits for its file."""
    row = conn.execute(UPLOAD_FOR_UPDATE, {"id": upload.upload_id, "key": upload.key}).fetchone()
    return row is not None and row["status"] == "waiting"


def _write_row(conn, user_id: str, document: ParsedDocument, current: dict | None, upload_key: str | None):
    cv_id = current["id"] if current else str(uuid.uuid4())
    version = current["version"] + 1 if current else 1
    key = upload_key or storage.cv_key(user_id, cv_id, version, object_name(document))
    params = {
        "id": cv_id,
        "user_id": user_id,
        "filename": document.filename,
        "parsed_text": document.text,
        "s3_key": key,
        "version": version,
    }
    if current:
        conn.execute(UPDATE_CV, params)
        conn.execute(DELETE_EMBEDDINGS, params)
        conn.execute(DELETE_MATCHES, params)
    else:
        conn.execute(INSERT_CV, params)
    return StoredVersion(
        id=cv_id,
        user_id=user_id,
        filename=document.filename,
        parsed_text_len=len(document.text),
        version=version,
        s3_key=key,
        embedding_status="pending",
        created=current is None,
    )


# ---------------------------------------------------------------- embedding a version


def embed_version(cv_id: str, version: int, text: str) -> Outcome:
    """Chunk and embed a CV version's text, then replace its embeddings if it is still the current version."""
    chunks = chunk_text(text)
    if not chunks:
        db.execute(MARK_FAILED, {"id": cv_id, "version": version})
        logger.warning("cv not embedded", extra={"cv_id": cv_id, "version": version, "reason": "no text"})
        return "failed"
    embedder = get_embedder()
    vectors = embedder.embed_documents(chunks)
    rows = [
        {
            "cv_id": cv_id,
            "cv_version": version,
            "chunk_index": index,
            "chunk_text": chunk,
            "embedding": vector,
            "model": embedder.model_id,
        }
        for index, (chunk, vector) in enumerate(zip(chunks, vectors, strict=True))
    ]
    with db.transaction() as conn:
        row = conn.execute(VERSION_FOR_UPDATE, {"id": cv_id}).fetchone()
        if row is None or row["version"] != version:
            logger.info("cv version superseded", extra={"cv_id": cv_id, "version": version})
            return "stale"
        conn.execute(DELETE_EMBEDDINGS, {"id": cv_id})
        with conn.cursor() as cur:
            cur.executemany(INSERT_EMBEDDING, rows)
        conn.execute(MARK_READY, {"id": cv_id, "version": version})
    logger.info("cv embedded", extra={"cv_id": cv_id, "version": version, "chunks": len(rows)})
    return "embedded"


# ---------------------------------------------------------------- S3 notifications


def ingest_object(key: str) -> Outcome:
    """Handle the notification of an object created under `cvs/` (see the module docstring)."""
    parsed = storage.parse_key(key)
    if isinstance(parsed, CvKey):
        return _ingest_version(parsed, key)
    if isinstance(parsed, UploadKey):
        return _ingest_upload(parsed, key)
    logger.warning("unknown object key ignored")
    return "ignored"


def _current_row(user_id: str, cv_id: str | None) -> dict | None:
    """The CV row, read once every upload of this user that was committing has finished."""
    with db.transaction() as conn:
        _lock_user(conn, user_id)
        return conn.execute(CV_BY_ID, {"id": cv_id}).fetchone() if cv_id else None


def _ingest_version(parsed: CvKey, key: str) -> Outcome:
    row = _current_row(parsed.user_id, parsed.cv_id)
    if row is None or row["user_id"] != parsed.user_id or row["s3_key"] != key:
        storage.delete(key)
        logger.info("stale cv object", extra={"cv_id": parsed.cv_id, "version": parsed.version})
        return "stale"
    return _ensure_embedded(row)


def _ensure_embedded(row: dict) -> Outcome:
    if row["embedding_status"] == "ready" and row["embedded_version"] == row["version"]:
        logger.info("cv already embedded", extra={"cv_id": row["id"], "version": row["version"]})
        return "duplicate"
    return embed_version(row["id"], row["version"], row["parsed_text"])


def _ingest_upload(parsed: UploadKey, key: str) -> Outcome:
    upload = db.fetch_one(UPLOAD_BY_KEY, {"key": key})
    if upload is None or upload["user_id"] != parsed.user_id or upload["status"] in ("failed", "expired"):
        storage.delete(key)
        logger.info("stale upload object", extra={"upload_id": parsed.upload_id})
        return "stale"
    if upload["status"] == "processed":  # a redelivery: finish the embedding if it did not happen
        row = _current_row(parsed.user_id, upload["cv_id"])
        return _ensure_embedded(row) if row and row["s3_key"] == key else "duplicate"
    document = _read_upload(upload, key)
    if document is None:
        return "refused"
    stored = store_version(parsed.user_id, document, upload=parsed)
    if stored is None:
        return "duplicate"
    return embed_version(stored.id, stored.version, document.text)


def _read_upload(upload: dict, key: str) -> ParsedDocument | None:
    """The parsed CV of a presigned upload; None, with the upload marked failed, for a refused file."""
    settings = get_settings()
    try:
        data, content_type = storage.get(key, settings.cv_presigned_max_bytes)
        document = parse_document(data, upload["filename"], content_type, max_bytes=settings.cv_presigned_max_bytes)
        assert_cv(document.text)
    except ObjectMissing:
        _fail_upload(upload["id"], "The uploaded file was not found.")
        return None
    except DocumentError as exc:
        _fail_upload(upload["id"], exc.detail)
        storage.delete(key)
        return None
    return document


def _fail_upload(upload_id: str, detail: str) -> None:
    db.execute(UPLOAD_FAILED, {"id": upload_id, "detail": detail})
    logger.info("cv upload refused", extra={"upload_id": upload_id})


# ---------------------------------------------------------------- scheduled sweep


@dataclass
class SweepReport:
    """What a CV sweep did."""

    embedded: int = 0
    failed: int = 0
    stale: int = 0
    pending: int = 0
    expired_uploads: int = 0


def sweep(limit: int = 50) -> SweepReport:
    """Embed CVs left pending, re-embed those made by another model, expire unused upload slots.

    Stops at the first provider failure: the CVs stay pending for the next sweep.
    """
    report = SweepReport()
    model = get_embedder().model_id
    rows = db.fetch_all(PENDING_CVS, {"grace": PENDING_GRACE_S, "limit": limit})
    rows += db.fetch_all(OTHER_MODEL_CVS, {"model": model, "limit": limit})
    for done, row in enumerate(rows):
        try:
            outcome = embed_version(row["id"], row["version"], row["parsed_text"])
        except (ServiceUnavailable, UpstreamError):
            report.pending = len(rows) - done
            logger.warning("cv sweep stopped", extra={"reason": "provider unavailable", "left": report.pending})
            break
        setattr(report, outcome, getattr(report, outcome) + 1)
    report.expired_uploads = db.execute(EXPIRE_UPLOADS, {"grace": UPLOAD_GRACE_S, "limit": 1000})
    logger.info("cv sweep done", extra=report.__dict__)
    return report
