"""Read-only routes: /api/cv-embeddings/, /api/job-embeddings/ and /api/recommendations/."""

from __future__ import annotations

import uuid
from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from catalog.logic import views
from catalog.models import CvEmbeddingOut, JobEmbeddingOut, RecommendationOut
from catalog.routes.common import answers, listing
from jobmatch.api import BEARER
from jobmatch.pagination import DEFAULT_PAGE_SIZE, Page, PageQuery, PageSizeQuery, paginated
from jobmatch.security import authenticate, parse_uuid

router = Router()


@router.get(
    "/cv-embeddings",
    tags=["embeddings"],
    summary="List CV chunk vectors",
    security=BEARER,
    responses=listing(CvEmbeddingOut),
)
def list_cv_embeddings(
    cv: Annotated[uuid.UUID | None, Query(description="Only the chunks of this CV.")] = None,
    page: PageQuery = 1,
    page_size: PageSizeQuery = DEFAULT_PAGE_SIZE,
):
    caller = authenticate(router.current_event)
    items, total = views.list_cv_embeddings(caller, cv, Page(page, page_size))
    return paginated(router.current_event, items, total, Page(page, page_size))


@router.get(
    "/cv-embeddings/<embedding_id>",
    tags=["embeddings"],
    summary="Get a CV chunk vector",
    security=BEARER,
    responses=answers(),
)
def get_cv_embedding(embedding_id: str) -> CvEmbeddingOut:
    caller = authenticate(router.current_event)
    return views.get_cv_embedding(caller, parse_uuid(embedding_id))


@router.get(
    "/job-embeddings",
    tags=["embeddings"],
    summary="List job chunk vectors",
    security=BEARER,
    responses=listing(JobEmbeddingOut),
)
def list_job_embeddings(
    job: Annotated[uuid.UUID | None, Query(description="Only the chunks of this job.")] = None,
    page: PageQuery = 1,
    page_size: PageSizeQuery = DEFAULT_PAGE_SIZE,
):
    authenticate(router.current_event)
    items, total = views.list_job_embeddings(job, Page(page, page_size))
    return paginated(router.current_event, items, total, Page(page, page_size))


@router.get(
    "/job-embeddings/<embedding_id>",
    tags=["embeddings"],
    summary="Get a job chunk vector",
    security=BEARER,
    responses=answers(),
)
def get_job_embedding(embedding_id: str) -> JobEmbeddingOut:
    authenticate(router.current_event)
    return views.get_job_embedding(parse_uuid(embedding_id))


@router.get(
    "/recommendations",
    tags=["recommendations"],
    summary="List CV recommendations",
    security=BEARER,
    responses=listing(RecommendationOut),
)
def list_recommendations(
    cv: Annotated[uuid.UUID | None, Query(description="Only the recommendations for this CV.")] = None,
    page: PageQuery = 1,
    page_size: PageSizeQuery = DEFAULT_PAGE_SIZE,
):
    caller = authenticate(router.current_event)
    items, total = views.list_recommendations(caller, cv, Page(page, page_size))
    return paginated(router.current_event, items, total, Page(page, page_size))


@router.get(
    "/recommendations/<recommendation_id>",
    tags=["recommendations"],
    summary="Get a recommendation",
    security=BEARER,
    responses=answers(),
)
def get_recommendation(recommendation_id: str) -> RecommendationOut:
    caller = authenticate(router.current_event)
    return views.get_recommendation(caller, parse_uuid(recommendation_id))
