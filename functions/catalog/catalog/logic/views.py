"""The read-only views: CV and job embeddings, and recommendations."""

from __future__ import annotations

import uuid

from catalog import policy
from catalog.logic.common import fetch_page
from catalog.models import CvEmbeddingOut, JobEmbeddingOut, RecommendationOut
from catalog.queries import embeddings as sql
from catalog.queries import recommendations as rec_sql
from jobmatch import db
from jobmatch.errors import NotFound
from jobmatch.pagination import Page
from jobmatch.security import Caller


def _vector(row: dict) -> dict:
    """A row with its pgvector value as a list of floats."""
    return row | {"embedding": row["embedding"].to_list()}


def list_cv_embeddings(caller: Caller, cv: uuid.UUID | None, page: Page) -> tuple[list[CvEmbeddingOut], int]:
    params = {**policy.cv_scope(caller).sql, "cv": cv}
    rows, total = fetch_page(sql.CV_LIST, sql.CV_COUNT, params, page)
    return [CvEmbeddingOut(**_vector(row)) for row in rows], total


def get_cv_embedding(caller: Caller, embedding_id: uuid.UUID) -> CvEmbeddingOut:
    row = db.fetch_one(sql.CV_GET, {**policy.cv_scope(caller).sql, "id": embedding_id})
    if row is None:
        raise NotFound()
    return CvEmbeddingOut(**_vector(row))


def list_job_embeddings(job: uuid.UUID | None, page: Page) -> tuple[list[JobEmbeddingOut], int]:
    rows, total = fetch_page(sql.JOB_LIST, sql.JOB_COUNT, {"job": job}, page)
    return [JobEmbeddingOut(**_vector(row)) for row in rows], total


def get_job_embedding(embedding_id: uuid.UUID) -> JobEmbeddingOut:
    row = db.fetch_one(sql.JOB_GET, {"id": embedding_id})
    if row is None:
        raise NotFound()
    return JobEmbeddingOut(**_vector(row))


def list_recommendations(caller: Caller, cv: uuid.UUID | None, page: Page) -> tuple[list[RecommendationOut], int]:
    params = {**policy.recommendation_scope(caller).sql, "cv": cv}
    rows, total = fetch_page(rec_sql.LIST, rec_sql.COUNT, params, page)
    return [RecommendationOut(**row) for row in rows], total


def get_recommendation(caller: Caller, recommendation_id: uuid.UUID) -> RecommendationOut:
    row = db.fetch_one(rec_sql.GET, {**policy.recommendation_scope(caller).sql, "id": recommendation_id})
    if row is None:
        raise NotFound()
    return RecommendationOut(**row)
