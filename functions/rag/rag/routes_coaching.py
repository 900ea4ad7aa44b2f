"""/api/rag/cv-recommendations/ route."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Body

from jobmatch.api import BEARER
from jobmatch.cv_analysis import CvSourceIn
from jobmatch.security import authenticate
from rag.coaching import service
from rag.coaching.models import CvRecommendationsOut

router = Router()


@router.post(
    "/rag/cv-recommendations",
    tags=["coaching"],
    summary="Scores, suggestions and a structured extract of a CV (the latest one when none is named)",
    security=BEARER,
    responses={404: {"description": "No such CV of the caller, or no CV uploaded yet"}},
)
def cv_recommendations(body: Annotated[CvSourceIn | None, Body()] = None) -> CvRecommendationsOut:
    return service.recommend(authenticate(router.current_event), body or CvSourceIn())
