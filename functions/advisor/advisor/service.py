"""Career advice and the dashboard aggregate.

Dashboard
    One query reads the caller's latest CV, its cached score, its stored matches and the profile
    views. `job_matches.count` counts the CV's stored matches (`match_results` of its current
    version, active jobs only) whose cv-match score reaches `MATCH_THRESHOLD` (0.30, calibrated in
    `jobmatch.cv_analysis.market`); `top_matches` are the best three of them. Stored matches come
    from the last `/api/rag/cv-match/` or `/api/rag/cv-recommendations/` call, or from the
    dashboard itself: when the latest CV version has no cached score yet, the dashboard analyses it
    once with the offline analyst (never a hosted model), ranking the `MATCH_WINDOW` (100) nearest
    active jobs, and stores the score and those matches together. Later loads only read. (The CV is
    matched through its stored vectors; one whose embeddings are not ready yet is embedded with the
    configured embedder for that first analysis, as cv-match does.) The count is
    therefore at most `MATCH_WINDOW`, and a cv-match call with filters or a small `top_n` narrows
    it until the CV changes. `profile_views.value` counts the times company users opened the
    caller's CVs (recorded by the catalog). Without a CV: zero matches, a null score, the views and
    no top matches.
"""

from __future__ import annotations

import time

from aws_lambda_powertools import Logger

from advisor import queries, tasks
from advisor.market import career_market
from advisor.models import (
    CareerAdviceOut,
    CvScoreOut,
    DashboardOut,
    JobMatchesOut,
    ProfileViewsOut,
    TopMatchOut,
)
from jobmatch import db
from jobmatch.ai import OFFLINE, generate
from jobmatch.config import get_settings
from jobmatch.cv_analysis import MATCH_THRESHOLD, CvSourceIn, analyse, resolve_cv, save_review
from jobmatch.security import Caller

logger = Logger(child=True)

# API Gateway gives up after 30 s; the AI part of a request ends well before.
REQUEST_BUDGET_S = 24.0


def career_advice(caller: Caller, source: CvSourceIn) -> CareerAdviceOut:
    """Career paths, skills gaps, demand and next steps for a CV, grounded in the jobs table."""
    cv = resolve_cv(caller.id, source)
    analysis = analyse(cv)
    market = career_market(analysis)
    deadline = time.monotonic() + min(get_settings().ai_timeout_s, REQUEST_BUDGET_S)
    result = generate(tasks.advice_task(analysis, market), deadline=deadline)
    logger.info(
        "career advice given",
        extra={
            "cv_id": cv.cv_id,
            "engine": result.engine,
            "fallback": result.fallback_reason,
            "roles": len(market.roles),
        },
    )
    return CareerAdviceOut(**result.value.model_dump(), cv_id=cv.cv_id, engine=result.engine)


def dashboard(caller: Caller) -> DashboardOut:
    """The dashboard cards (see the module docstring)."""
    params = {"user_id": caller.id, "threshold": MATCH_THRESHOLD}
    row = db.fetch_one(queries.DASHBOARD, params)
    if row["cv_id"] is not None and row["score_version"] != row["version"]:
        _analyse_latest(caller)
        row = db.fetch_one(queries.DASHBOARD, params)
    return _dashboard_out(row)


def _analyse_latest(caller: Caller) -> None:
    """Score the latest CV version once with the offline analyst and keep its score and matches."""
    started = time.monotonic()
    cv = resolve_cv(caller.id, CvSourceIn())
    analysis = analyse(cv)
    save_review(cv, analysis.review, OFFLINE, analysis.matches)
    elapsed_ms = round((time.monotonic() - started) * 1000)
    logger.info("dashboard cv analysed", extra={"cv_id": cv.cv_id, "version": cv.version, "latency_ms": elapsed_ms})


def _dashboard_out(row: dict) -> DashboardOut:
    has_cv = row["cv_id"] is not None
    top = [
        TopMatchOut(id=t["id"], title=t["title"], company=t["company"], score=_percent(t["score"])) for t in row["top"]
    ]
    return DashboardOut(
        job_matches=JobMatchesOut(count=row["matches"] if has_cv else 0, threshold=_percent(MATCH_THRESHOLD)),
        cv_score=CvScoreOut(value=row["overall"] if has_cv and row["score_version"] == row["version"] else None),
        profile_views=ProfileViewsOut(value=row["views"]),
        top_matches=top if has_cv else [],
    )


def _percent(score: float) -> int:
    return max(0, min(100, round(float(score) * 100)))
