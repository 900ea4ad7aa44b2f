"""Interview function: /api/interview/... (questions, practice, evaluation, answers, history, progress)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler.openapi.params import Query

from interview import service
from interview.models import (
    EvaluateIn,
    EvaluateOut,
    HistoryOut,
    PracticeIn,
    PracticeOut,
    ProgressOut,
    QuestionsIn,
    QuestionsOut,
    SessionDetailOut,
    SubmitAllIn,
    SubmitAllOut,
    SubmitAnswerIn,
    SubmitAnswerOut,
)
from jobmatch.api import BEARER, create_app, make_handler
from jobmatch.security import Caller, authenticate

logger = Logger(child=True)
app = create_app()
TAGS = ["interview"]
NOT_FOUND = {404: {"description": "The CV, session, question or answer named is not one of the caller's"}}


def caller() -> Caller:
    """The authenticated caller, whose id is added to every log line of the request."""
    who = authenticate(app.current_event)
    logger.append_keys(user_id=who.id)
    return who


@app.post(
    "/interview/questions",
    tags=TAGS,
    summary="Generate a session of interview questions",
    security=BEARER,
    responses=NOT_FOUND,
)
def questions(body: QuestionsIn) -> QuestionsOut:
    return service.create_questions(caller(), body)


@app.post(
    "/interview/practice",
    tags=TAGS,
    summary="Feedback on a practice answer (not stored)",
    security=BEARER,
    responses=NOT_FOUND,
)
def practice(body: PracticeIn) -> PracticeOut:
    return service.practice(caller(), body)


@app.post(
    "/interview/evaluate",
    tags=TAGS,
    summary="Evaluate an answer, with an ideal answer",
    security=BEARER,
    responses=NOT_FOUND,
)
def evaluate(body: EvaluateIn) -> EvaluateOut:
    return service.evaluate(caller(), body)


@app.post(
    "/interview/submit-answer",
    status_code=201,
    tags=TAGS,
    summary="Store the answer to a question",
    security=BEARER,
    responses=NOT_FOUND,
)
def submit_answer(body: SubmitAnswerIn) -> SubmitAnswerOut:
    return service.submit_answer(caller(), body)


@app.post(
    "/interview/submit-all-answers",
    tags=TAGS,
    summary="Store and evaluate a session's answers",
    security=BEARER,
    responses=NOT_FOUND,
)
def submit_all_answers(body: SubmitAllIn) -> SubmitAllOut:
    return service.submit_all(caller(), body)


@app.get(
    "/interview/history",
    tags=TAGS,
    summary="Recent sessions, or one session in detail",
    security=BEARER,
    responses=NOT_FOUND,
)
def history(
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
    session_id: Annotated[UUID | None, Query()] = None,
) -> HistoryOut | SessionDetailOut:
    return service.history(caller(), limit, session_id)


@app.get("/interview/progress", tags=TAGS, summary="Progress statistics across sessions", security=BEARER)
def progress() -> ProgressOut:
    return service.progress(caller())


lambda_handler = make_handler(app)
