"""/api/rag/search/ and /api/rag/cv-match/ routes."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from jobmatch.api import BEARER
from jobmatch.security import authenticate, optional_caller
from rag import service
from rag.models import CvMatchIn, CvMatchOut, SearchIn, SearchOut

router = Router()
TAGS = ["rag"]
EMBEDDING_FAILED = {502: {"description": "The embedding provider answered with something unusable"}}


@router.post(
    "/rag/search",
    tags=TAGS,
    summary="Search jobs by meaning (public; anonymous callers are rate-limited by address)",
    responses={429: {"description": "Too many anonymous searches from this address"}} | EMBEDDING_FAILED,
)
def search(body: SearchIn) -> SearchOut:
    event = router.current_event
    return service.search(body, optional_caller(event), event.request_context.http.source_ip or "unknown")


@router.post(
    "/rag/cv-match",
    tags=TAGS,
    summary="Jobs for a CV, scored and explained",
    security=BEARER,
    responses={404: {"description": "No such CV of the caller"}} | EMBEDDING_FAILED,
)
def cv_match(body: CvMatchIn) -> CvMatchOut:
    return service.match_cv(authenticate(router.current_event), body)
