"""How well a CV matches a job: the best cosine similarity between any CV chunk and any job chunk.

The stored vectors are used when both sides have current ones made by the configured model (the CV rows
of its current version, the job's rows while it is `ready`); otherwise both texts are chunked and embedded
on the fly with the configured embedder. Similarity is clamped to 0..1 and rounded to 4 decimals, the
precision of `applications.match_score`. A CV without text scores 0.
"""

from __future__ import annotations

import uuid
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

from jobmatch import db
from jobmatch.documents import chunk_text
from jobmatch.embeddings import get_embedder
from jobmatch.errors import NotFound
from jobmatch.job_index import JobText, embed_chunks, job_chunks

SCORE_STEP = Decimal("0.0001")

# Both sides hold at most 64 chunks, so this compares at most 4,096 pairs; no index can serve a
# distance between two columns, hence the plain sort, bounded by LIMIT 1.
STORED_SIMILARITY = """
SELECT 1 - (c.embedding <=> j.embedding) AS similarity
FROM cvs v
JOIN cv_embeddings c ON c.cv_id = v.id AND c.cv_version = v.version AND c.model = %(model)s
JOIN jobs jb ON jb.id = %(job)s AND jb.embedding_status = 'ready'
JOIN job_embeddings j ON j.job_id = jb.id AND j.model = %(model)s
WHERE v.id = %(cv)s AND v.embedding_status = 'ready'
ORDER BY c.embedding <=> j.embedding
LIMIT 1
"""

TEXTS = """
SELECT v.parsed_text, jb.title, jb.description, jb.requirements
FROM cvs v, jobs jb
WHERE v.id = %(cv)s AND jb.id = %(job)s
"""


def to_score(similarity: float) -> Decimal:
    """A similarity as a match score: clamped to 0..1, 4 decimals."""
    clamped = min(1.0, max(0.0, float(similarity)))
    return Decimal(repr(clamped)).quantize(SCORE_STEP, rounding=ROUND_HALF_UP)


def match_score(cv_id: uuid.UUID | str, job_id: uuid.UUID | str) -> Decimal:
    """The match score of a CV for a job, from stored vectors when possible; NotFound if either is missing."""
    params = {"cv": cv_id, "job": job_id, "model": get_embedder().model_id}
    stored = db.fetch_one(STORED_SIMILARITY, params)
    if stored is not None:
        return to_score(stored["similarity"])
    row = db.fetch_one(TEXTS, params)
    if row is None:
        raise NotFound()
    return to_score(text_similarity(row["parsed_text"], JobText.of(row)))


def text_similarity(cv_text: str, job: JobText) -> float:
    """Best cosine similarity between the chunks of a CV text and of a job, embedded now."""
    cv_chunks = chunk_text(cv_text or "")
    if not cv_chunks:
        return 0.0
    jobs = job_chunks(job)
    vectors = embed_chunks(cv_chunks + jobs)
    similarities = vectors[: len(cv_chunks)] @ vectors[len(cv_chunks) :].T
    return float(np.max(similarities))
