"""RAG domain: job search, CV upload (direct and presigned) and CV match with explanations."""

from __future__ import annotations

import uuid

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler.openapi.params import UploadFile
from psycopg.types.json import Jsonb

from jobmatch import cv_index, db, ratelimit, storage
from jobmatch.config import get_settings
from jobmatch.documents import ParsedDocument, assert_cv, chunk_text, document_from_text, parse_document
from jobmatch.embeddings import get_embedder
from jobmatch.errors import FieldError, NotFound, UnsupportedMediaType
from jobmatch.search import EF_SEARCH_MATCH, Match, QueryVectors, StoredCv, nearest_jobs, rank_matches
from jobmatch.security import Caller
from jobmatch.skills import skill_index
from rag import queries, summary
from rag.models import (
    CvMatchIn,
    CvMatchOut,
    CvUploadOut,
    ExplanationOut,
    JobResultOut,
    MatchResultOut,
    SearchIn,
    SearchOut,
    UploadStatusOut,
    UploadUrlIn,
    UploadUrlOut,
)

logger = Logger(child=True)

UPLOAD_EXTENSIONS = (".pdf", ".docx", ".txt", ".text", ".md")
NO_CV = "Send the CV as a file in `file` (multipart/form-data) or as text in `cv_text`."
PENDING_NOTICE = (
    "This CV has no current embeddings yet (embedding status: {status}); it was matched from its text, "
    "embedded for this request."
)


# ---------------------------------------------------------------- search


def search(body: SearchIn, caller: Caller | None, client_ip: str) -> SearchOut:
    """Jobs nearest to a free-text query; anonymous callers are rate-limited by address."""
    if caller is None:
        settings = get_settings()
        ratelimit.take(f"search:{client_ip}", per_minute=settings.search_rate_per_minute, burst=settings.search_burst)
    embedder = get_embedder()
    query = QueryVectors(embedder.embed_query(body.query)[None, :])
    hits = nearest_jobs(query, body.filters(), body.top_n, embedder.model_id)
    results = [JobResultOut(**_job_fields(hit), score=round(hit.similarity, 4)) for hit in hits]
    text = summary.search_summary(body.query, hits, body.similarity_threshold, skill_index())
    return SearchOut(
        query=body.query,
        results=results,
        total_matches=len(results),
        similarity_threshold=body.similarity_threshold,
        summary=text,
    )


def _job_fields(hit) -> dict:
    return {
        "id": hit.id,
        "title": hit.title,
        "description": hit.description,
        "requirements": hit.requirements,
        "company": hit.company,
    }


# ---------------------------------------------------------------- upload


def upload_cv(caller: Caller, file: UploadFile | None, cv_text: str | None, filename: str | None):
    """Parse and check a CV, then store it as the caller's CV; (response, created)."""
    document, data = _read(file, cv_text, filename)
    assert_cv(document.text)
    stored = cv_index.store_version(caller.id, document, data=data)
    out = CvUploadOut(
        id=stored.id,
        user=caller.id,
        filename=stored.filename,
        parsed_text_len=stored.parsed_text_len,
        embedding_status=stored.embedding_status,
    )
    return out, stored.created


def _read(file: UploadFile | None, cv_text: str | None, filename: str | None) -> tuple[ParsedDocument, bytes]:
    """The parsed document and the bytes to keep in S3 (the file itself, or the text as UTF-8)."""
    if file is not None:
        limit = get_settings().cv_upload_max_bytes
        document = parse_document(file.content, file.filename or filename, file.content_type, max_bytes=limit)
        return document, file.content
    if cv_text is not None and cv_text.strip():
        document = document_from_text(cv_text, filename)
        return document, document.text.encode("utf-8")
    raise FieldError("file", NO_CV)


def create_upload_url(caller: Caller, body: UploadUrlIn) -> UploadUrlOut:
    """A presigned POST for one CV file of up to CV_PRESIGNED_MAX_BYTES, ingested when it lands."""
    if not body.filename.lower().endswith(UPLOAD_EXTENSIONS):
        raise UnsupportedMediaType("Only .pdf, .docx and .txt CV files are accepted.")
    settings = get_settings()
    upload_id = str(uuid.uuid4())
    key = storage.upload_key(caller.id, upload_id, body.filename)
    post = storage.presigned_post(key, settings.cv_presigned_max_bytes, storage.PRESIGNED_EXPIRES_S)
    params = {
        "id": upload_id,
        "user_id": caller.id,
        "s3_key": key,
        "filename": body.filename,
        "expires_s": storage.PRESIGNED_EXPIRES_S,
    }
    row = db.fetch_one(queries.INSERT_UPLOAD, params)
    logger.info("cv upload slot created", extra={"upload_id": upload_id})
    return UploadUrlOut(
        upload_id=upload_id,
        url=post["url"],
        fields=post["fields"],
        key=key,
        max_bytes=settings.cv_presigned_max_bytes,
        expires_at=row["expires_at"],
    )


def upload_status(caller: Caller, upload_id: uuid.UUID) -> UploadStatusOut:
    row = db.fetch_one(queries.UPLOAD_OF_USER, {"id": upload_id, "user_id": caller.id})
    if row is None:
        raise NotFound()
    return UploadStatusOut(**row)


# ---------------------------------------------------------------- match


def rerank_window(top_n: int) -> int:
    """Jobs retrieved by similarity and then ranked by score: twice the results wanted, at least 20."""
    return max(20, 2 * top_n)


def match_cv(caller: Caller, body: CvMatchIn) -> CvMatchOut:
    """Jobs for a CV (stored one by id, text, or the caller's latest), scored and explained."""
    if body.cv_id is None and body.cv_text is not None and body.cv_text.strip():
        document = document_from_text(body.cv_text)
        matches = _match_text(document.text, body)
        return _match_out(body, matches, cv=None, matched_from="text")
    cv = _caller_cv(caller, body.cv_id)
    if cv["passages"]:
        source = StoredCv(cv["id"], cv["version"])
        matches = _rank(source, cv["parsed_text"], cv["passages"], body)
        matched_from = "embeddings"
    else:
        matches = _match_text(cv["parsed_text"], body)
        matched_from = "text"
    _store_matches(caller, cv, matches)
    return _match_out(body, matches, cv=cv, matched_from=matched_from)


def _caller_cv(caller: Caller, cv_id: uuid.UUID | None) -> dict:
    model = get_embedder().model_id
    if cv_id is not None:
        row = db.fetch_one(queries.CV_FOR_MATCH, {"cv_id": cv_id, "user_id": caller.id, "model": model})
        if row is None:
            raise NotFound("CV not found.")
        return row
    row = db.fetch_one(queries.LATEST_CV_FOR_MATCH, {"user_id": caller.id, "model": model})
    if row is None:
        raise NotFound("You have not uploaded a CV yet.")
    return row


def _match_text(text: str, body: CvMatchIn) -> list[Match]:
    """Match a CV text embedded now (a text sent with the request, or a CV whose embeddings are not ready)."""
    passages = chunk_text(text)
    if not passages:
        return []
    vectors = get_embedder().embed_documents(passages)
    return _rank(QueryVectors(vectors), text, passages, body)


def _rank(source, text: str, passages: list[str], body: CvMatchIn) -> list[Match]:
    window = rerank_window(body.top_n)
    hits = nearest_jobs(source, body.filters(), window, get_embedder().model_id, ef_search=EF_SEARCH_MATCH)
    return rank_matches(hits, text, passages, skill_index(), body.top_n)


def _store_matches(caller: Caller, cv: dict, matches: list[Match]) -> None:
    """Keep these results as the CV's latest matches (dashboard, recommendations)."""
    params = {
        "user_id": caller.id,
        "cv_id": cv["id"],
        "cv_version": cv["version"],
        "job_ids": [match.hit.id for match in matches],
        "scores": [match.score for match in matches],
        "explanations": [Jsonb(_stored_explanation(match)) for match in matches],
    }
    db.execute(queries.REPLACE_MATCHES, params)


def _stored_explanation(match: Match) -> dict:
    return {
        "similarity": round(match.hit.similarity, 4),
        "skill_coverage": match.skill_coverage,
        "matched_skills": match.explanation.matched_skills,
        "missing_skills": match.explanation.missing_skills,
        "best_passage": match.explanation.best_passage,
    }


def _match_out(body: CvMatchIn, matches: list[Match], *, cv: dict | None, matched_from: str) -> CvMatchOut:
    results = [
        MatchResultOut(
            **_job_fields(match.hit),
            score=match.score,
            similarity=round(match.hit.similarity, 4),
            skill_coverage=None if match.skill_coverage is None else round(match.skill_coverage, 4),
            explanation=ExplanationOut(**match.explanation.__dict__),
        )
        for match in matches
    ]
    status = cv["embedding_status"] if cv else None
    notice = PENDING_NOTICE.format(status=status) if cv and matched_from == "text" else None
    return CvMatchOut(
        cv_id=cv["id"] if cv else None,
        matched_from=matched_from,
        embedding_status=status,
        notice=notice,
        results=results,
        total_matches=len(results),
        similarity_threshold=body.similarity_threshold,
    )
