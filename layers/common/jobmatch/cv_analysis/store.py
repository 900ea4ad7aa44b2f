"""The cached analysis of a stored CV version: its score (`cv_scores`) and matches (`match_results`).

Both are written together, in one transaction, and only while the CV still has the analysed version
(a newer upload meanwhile wins and is analysed on its own). A `cv_scores` row for the current
version therefore means that the CV's matches were stored for that version too, even when there
were none.
"""

from __future__ import annotations

from aws_lambda_powertools import Logger
from psycopg.types.json import Jsonb

from jobmatch import db
from jobmatch.cv_analysis.market import CvDocument
from jobmatch.cv_analysis.models import CvReview
from jobmatch.search import Match

logger = Logger(child=True)

CURRENT_VERSION = "SELECT version FROM cvs WHERE id = %(cv_id)s FOR UPDATE"

UPSERT_SCORE = """
INSERT INTO cv_scores (cv_id, cv_version, overall, details, engine, computed_at)
VALUES (%(cv_id)s, %(version)s, %(overall)s, %(details)s, %(engine)s, now())
ON CONFLICT (cv_id) DO UPDATE SET
    cv_version = EXCLUDED.cv_version, overall = EXCLUDED.overall, details = EXCLUDED.details,
    engine = EXCLUDED.engine, computed_at = now()
"""

DELETE_MATCHES = "DELETE FROM match_results WHERE cv_id = %(cv_id)s"

INSERT_MATCHES = """
INSERT INTO match_results (user_id, cv_id, job_id, cv_version, score, explanation)
SELECT v.user_id, v.id, m.job_id, v.version, m.score, m.explanation
FROM cvs v,
     unnest(%(job_ids)s::uuid[], %(scores)s::real[], %(explanations)s::jsonb[]) AS m(job_id, score, explanation)
WHERE v.id = %(cv_id)s
"""


def explanation(match: Match) -> dict:
    """A match's explanation as `/api/rag/cv-match/` stores it."""
    return {
        "similarity": round(match.hit.similarity, 4),
        "skill_coverage": match.skill_coverage,
        "matched_skills": match.explanation.matched_skills,
        "missing_skills": match.explanation.missing_skills,
        "best_passage": match.explanation.best_passage,
    }


def save_review(cv: CvDocument, review: CvReview, engine: str, matches: list[Match]) -> bool:
    """Keep the CV version's score and matches; False (nothing written) when the CV changed since."""
    if not cv.stored:
        return False
    details = {
        "skills_match": review.skills_match,
        "experience_relevance": review.experience_relevance,
        "ats_readability": review.ats_readability,
    }
    params = {
        "cv_id": cv.cv_id,
        "version": cv.version,
        "overall": review.overall_score,
        "details": Jsonb(details),
        "engine": engine,
        "job_ids": [m.hit.id for m in matches],
        "scores": [m.score for m in matches],
        "explanations": [Jsonb(explanation(m)) for m in matches],
    }
    with db.transaction() as conn:
        row = conn.execute(CURRENT_VERSION, params).fetchone()
        if row is None or row["version"] != cv.version:
            logger.info("cv changed during analysis", extra={"cv_id": cv.cv_id})
            return False
        conn.execute(UPSERT_SCORE, params)
        conn.execute(DELETE_MATCHES, params)
        conn.execute(INSERT_MATCHES, params)
    logger.info("cv score stored", extra={"cv_id": cv.cv_id, "version": cv.version, "engine": engine})
    return True
