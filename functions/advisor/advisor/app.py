"""Advisor function: /api/career-advisor/ (career guidance for a CV) and /api/dashboard/."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler.openapi.params import Body

from advisor import service
from advisor.models import CareerAdviceOut, DashboardOut
from jobmatch.api import BEARER, create_app, make_handler
from jobmatch.cv_analysis import CvSourceIn
from jobmatch.security import Caller, authenticate

logger = Logger(child=True)
app = create_app()
NOT_FOUND = {404: {"description": "No such CV of the caller, or no CV uploaded yet"}}


def caller() -> Caller:
    """The authenticated caller, whose id is added to every log line of the request."""
    who = authenticate(app.current_event)
    logger.append_keys(user_id=who.id)
    return who


@app.post("/career-advisor", tags=["advisor"], summary="Career paths, gaps and demand for a CV", security=BEARER,
          responses=NOT_FOUND)  # fmt: skip
def career_advisor(body: Annotated[CvSourceIn | None, Body()] = None) -> CareerAdviceOut:
    return service.career_advice(caller(), body or CvSourceIn())


@app.get("/dashboard", tags=["advisor"], summary="Matches, CV score, profile views and top matches", security=BEARER)
def dashboard() -> DashboardOut:
    return service.dashboard(caller())


lambda_handler = make_handler(app)
