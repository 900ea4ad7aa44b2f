"""CV recommendations: scores, suggestions and a structured extract of the caller's CV (or of a text).

The offline analyst of `jobmatch.cv_analysis` answers unless a hosted model is configured; a hosted
answer gets its scores clamped, its extract checked against the CV text (contact details always
come from the CV itself, since the model never sees them) and unsupported figures, employers and
certificates removed from its suggestions. Any provider trouble falls back to the offline analyst.

Stored afterwards, in one transaction:
- the suggestions, as the caller's `recommendations` rows (section, "title: details", suggested text), replacing
  the previous ones for the same CV (for CVs sent as text: the previous text ones);
- for a stored CV, the score and the nearest jobs of its current version (`cv_scores`, `match_results`), which
  the dashboard reads instead of analysing the CV again.
"""

from __future__ import annotations

import time

from aws_lambda_powertools import Logger

from jobmatch import db
from jobmatch.ai import generate
from jobmatch.config import get_settings
from jobmatch.cv_analysis import CvReview, CvSourceIn, analyse, resolve_cv, save_review
from jobmatch.security import Caller
from rag.coaching import queries, tasks
from rag.coaching.models import CvRecommendationsOut, SuggestionOut

logger = Logger(child=True)

# API Gateway gives up after 30 s; the AI part of a request ends well before.
REQUEST_BUDGET_S = 24.0


def recommend(caller: Caller, source: CvSourceIn) -> CvRecommendationsOut:
    """Review a CV, store the suggestions (and a stored CV's score), and return the review."""
    cv = resolve_cv(caller.id, source)
    analysis = analyse(cv)
    deadline = time.monotonic() + min(get_settings().ai_timeout_s, REQUEST_BUDGET_S)
    result = generate(tasks.review_task(analysis), deadline=deadline)
    review = result.value
    with db.transaction():
        _store_suggestions(caller, cv.cv_id, review)
        save_review(cv, review, result.engine, analysis.matches)
    logger.info(
        "cv reviewed",
        extra={
            "cv_id": cv.cv_id,
            "engine": result.engine,
            "fallback": result.fallback_reason,
            "jobs": len(analysis.matches),
        },
    )
    return _out(cv.cv_id, review, result.engine)


def _store_suggestions(caller: Caller, cv_id: str | None, review: CvReview) -> None:
    items = review.suggestions
    db.execute(queries.DELETE_PREVIOUS, {"user_id": caller.id, "cv_id": cv_id})
    db.execute(
        queries.INSERT,
        {
            "user_id": caller.id,
            "cv_id": cv_id,
            "sections": [s.section for s in items],
            "priorities": [s.priority for s in items],
            "texts": [f"{s.title}: {s.details}" for s in items],
            "suggested": [s.suggested_text for s in items],
        },
    )


def _out(cv_id: str | None, review: CvReview, engine: str) -> CvRecommendationsOut:
    return CvRecommendationsOut(
        cv_id=cv_id,
        overall_score=review.overall_score,
        skills_match=review.skills_match,
        experience_relevance=review.experience_relevance,
        ats_readability=review.ats_readability,
        suggestions=[SuggestionOut(title=s.title, priority=s.priority, details=s.details) for s in review.suggestions],
        cv_extract=review.cv_extract,
        engine=engine,
    )
