"""Job embeddings: cut a job into chunks, embed them with the configured embedder and keep the rows current.

A job's chunks are its description and requirements cut by `documents.chunk_text`, each led by the job title
(a job with neither has one chunk: the title). The rows of a job are always replaced as a whole inside one
transaction, together with `jobs.embedding_status`:

- ``ready``: the rows match the job's current text and the model in `model`;
- ``pending``: the provider was unavailable (`ServiceUnavailable`); the job has no rows until
  `sweep_pending` (scheduled ingest event, `make reindex PENDING=1`) or a later update embeds it.
  The sweep also re-embeds ``ready`` jobs whose rows were made by another model (after a model change);
- ``failed``: the provider answered but its answer was unusable (`UpstreamError`); only a full
  re-index (`make reindex`) retries these, so that one bad text cannot block the sweep.

A provider failure never fails the job write that triggered it. Embedding happens before the write
transaction, so no database lock is held during a provider call; `index_jobs` re-reads each job under
`FOR UPDATE` and skips a job whose text changed meanwhile (that newer write embedded it itself).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from aws_lambda_powertools import Logger

from jobmatch import db
from jobmatch.documents import chunk_text
from jobmatch.embeddings import get_embedder
from jobmatch.errors import ServiceUnavailable, UpstreamError

logger = Logger(child=True)

Status = Literal["ready", "pending", "failed"]
TEXT_FIELDS = ("title", "description", "requirements")
EMBED_BATCH = 128  # chunks per provider call
# Rows per COPY statement: each row also goes into the HNSW index (a few ms each), and every statement must
# finish within the database statement timeout.
COPY_CHUNK = 64

JOB_TEXTS = "SELECT id, title, description, requirements FROM jobs WHERE id = ANY(%(ids)s)"
JOB_TEXTS_FOR_UPDATE = JOB_TEXTS + " ORDER BY id FOR UPDATE"
DELETE_ROWS = "DELETE FROM job_embeddings WHERE job_id = ANY(%(ids)s)"
SET_STATUS = "UPDATE jobs SET embedding_status = %(status)s WHERE id = ANY(%(ids)s)"
COPY_ROWS = "COPY job_embeddings (job_id, chunk_index, chunk_text, embedding, model) FROM STDIN WITH (FORMAT BINARY)"
COPY_TYPES = ["uuid", "int4", "text", "vector", "text"]
# Jobs waiting for vectors, and jobs whose vectors were made by another model than the one configured.
PENDING_JOBS = """
SELECT id FROM jobs j
WHERE j.embedding_status = 'pending'
   OR (j.embedding_status = 'ready'
       AND EXISTS (SELECT 1 FROM job_embeddings e WHERE e.job_id = j.id AND e.model <> %(model)s))
ORDER BY j.updated_at LIMIT %(limit)s
"""


@dataclass(frozen=True)
class JobText:
    title: str
    description: str = ""
    requirements: str = ""

    @classmethod
    def of(cls, row: dict) -> JobText:
        return cls(*(row[name] or "" for name in TEXT_FIELDS))


@dataclass
class JobVectors:
    """The chunks of one job text and, when the provider answered, their vectors."""

    text: JobText
    chunks: list[str]
    status: Status
    vectors: np.ndarray | None = None
    model: str | None = None


@dataclass
class IndexReport:
    """What one indexing pass did, counted per job."""

    ready: int = 0
    pending: int = 0
    failed: int = 0
    skipped: int = 0  # deleted or changed while being embedded
    statuses: dict[str, Status] = field(default_factory=dict)

    def add(self, other: IndexReport) -> None:
        self.ready += other.ready
        self.pending += other.pending
        self.failed += other.failed
        self.skipped += other.skipped
        self.statuses.update(other.statuses)


def job_chunks(text: JobText) -> list[str]:
    """The texts embedded for a job: body chunks each led by the title, or the title alone."""
    body = "\n\n".join(part.strip() for part in (text.description, text.requirements) if part and part.strip())
    title = text.title.strip()
    chunks = chunk_text(body) if body else []
    return [f"{title}\n{chunk}" for chunk in chunks] or [title]


def embed_chunks(chunks: list[str]) -> np.ndarray:
    """Vectors of `chunks` in provider calls of at most EMBED_BATCH texts; provider errors propagate."""
    embedder = get_embedder()
    parts = [embedder.embed_documents(chunks[i : i + EMBED_BATCH]) for i in range(0, len(chunks), EMBED_BATCH)]
    return np.concatenate(parts) if parts else np.empty((0, embedder.dimension), dtype=np.float32)


def embed_job(text: JobText) -> JobVectors:
    """Embed one job's chunks; a provider outage gives a `pending` result instead of an error."""
    return embed_many([text])[0]


def embed_many(texts: Sequence[JobText]) -> list[JobVectors]:
    """Embed several jobs with as few provider calls as possible; failures are isolated per job."""
    results = [JobVectors(text, job_chunks(text), "pending") for text in texts]
    flat = [chunk for result in results for chunk in result.chunks]
    try:
        matrix = embed_chunks(flat)
    except ServiceUnavailable:
        logger.warning("job embedding deferred", extra={"jobs": len(results), "reason": "provider unavailable"})
        return results
    except UpstreamError:
        if len(results) == 1:
            logger.warning("job embedding failed", extra={"reason": "invalid provider answer"})
            results[0].status = "failed"
            return results
        return [result for text in texts for result in embed_many([text])]
    model = get_embedder().model_id
    start = 0
    for result in results:
        end = start + len(result.chunks)
        result.vectors, result.model, result.status = matrix[start:end], model, "ready"
        start = end
    return results


def store(job_id: uuid.UUID | str, result: JobVectors) -> None:
    """Replace the job's rows by `result` and set its status; call inside the transaction of the job write."""
    store_many({_as_uuid(job_id): result})


def store_many(results: dict[uuid.UUID, JobVectors]) -> None:
    """Replace the rows of several jobs (binary COPY) and set their statuses, in the current transaction."""
    ids = list(results)
    db.execute(DELETE_ROWS, {"ids": ids})
    by_status: dict[str, list[uuid.UUID]] = {}
    for job_id, result in results.items():
        by_status.setdefault(result.status, []).append(job_id)
    for status, status_ids in by_status.items():
        db.execute(SET_STATUS, {"status": status, "ids": status_ids})
    _copy(results.items())


def _copy(items: Iterable[tuple[uuid.UUID, JobVectors]]) -> None:
    """Write the rows of ready jobs with binary COPY, COPY_CHUNK rows per statement (HNSW inserts are slow)."""
    rows = [
        (job_id, index, chunk, vector, result.model)
        for job_id, result in items
        if result.status == "ready"
        for index, (chunk, vector) in enumerate(zip(result.chunks, result.vectors, strict=True))
    ]
    for start in range(0, len(rows), COPY_CHUNK):
        with db.connection().cursor() as cur, cur.copy(COPY_ROWS) as copy:
            copy.set_types(COPY_TYPES)
            for row in rows[start : start + COPY_CHUNK]:
                copy.write_row(row)


def index_jobs(job_ids: Sequence[uuid.UUID | str]) -> IndexReport:
    """Embed the current text of these jobs and replace their rows in one transaction.

    Jobs the provider could not embed (outage) are left exactly as they were and counted `pending`.
    """
    ids = [_as_uuid(job_id) for job_id in job_ids]
    rows = db.fetch_all(JOB_TEXTS, {"ids": ids})
    embedded = dict(zip((row["id"] for row in rows), embed_many([JobText.of(row) for row in rows]), strict=True))
    report = IndexReport(skipped=len(ids) - len(rows))
    deferred = {job_id for job_id, result in embedded.items() if result.status == "pending"}
    report.pending = len(deferred)  # provider down: these jobs keep their rows and status as they are
    done = {job_id: result for job_id, result in embedded.items() if job_id not in deferred}
    with db.transaction():
        current = {row["id"]: JobText.of(row) for row in db.fetch_all(JOB_TEXTS_FOR_UPDATE, {"ids": list(done)})}
        kept = {job_id: result for job_id, result in done.items() if current.get(job_id) == result.text}
        if kept:
            store_many(kept)
    report.skipped += len(done) - len(kept)
    for job_id, result in kept.items():
        setattr(report, result.status, getattr(report, result.status) + 1)
        report.statuses[str(job_id)] = result.status
    return report


def index_job(job_id: uuid.UUID | str) -> Status | None:
    """Embed one job now; its new status, or None when the provider is down or the job is gone or changed."""
    return index_jobs([job_id]).statuses.get(str(_as_uuid(job_id)))


def sweep_pending(limit: int = 100, batch: int = 25) -> IndexReport:
    """Embed up to `limit` pending or stale-model jobs, oldest first; stops early while the provider is down."""
    model = get_embedder().model_id
    ids = [row["id"] for row in db.fetch_all(PENDING_JOBS, {"limit": limit, "model": model})]
    report = IndexReport()
    for start in range(0, len(ids), batch):
        step = index_jobs(ids[start : start + batch])
        report.add(step)
        if step.pending:  # the provider is still down: the next sweep tries again
            break
    logger.info("job sweep done", extra={"ready": report.ready, "pending": report.pending, "failed": report.failed})
    return report


def _as_uuid(value: uuid.UUID | str) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
