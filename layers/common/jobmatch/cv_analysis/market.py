"""The CV of a request and the job market it is measured against: the active jobs nearest to it.

A stored CV is matched through its embeddings of the current version and model, like
`/api/rag/cv-match/`; a CV sent as text, or a stored one whose embeddings are not ready, is chunked
and embedded for the request with the configured embedder. Jobs are ranked with the cv-match score
(`jobmatch.search`).
"""

from __future__ import annotations

from dataclasses import dataclass

from jobmatch import db
from jobmatch.cv_analysis.models import CvSourceIn
from jobmatch.documents import chunk_text, document_from_text
from jobmatch.embeddings import get_embedder
from jobmatch.errors import NotFound
from jobmatch.search import Filters, Match, QueryVectors, StoredCv, nearest_jobs, rank_matches
from jobmatch.skills import SkillIndex

# Jobs retrieved and ranked for a CV; the dashboard's count of matches cannot exceed it.
MATCH_WINDOW = 100
# A job matches a CV when its cv-match score (0.75 x similarity + 0.25 x skill coverage, `jobmatch.search`)
# reaches this. Calibrated with `bench/advisor_bench.py` (benchmark corpus, offline hash embedder), scores of
# the 100 jobs nearest to a CV as p10 / median / p90: with 2,000 jobs, those of the CV's own occupation
# 0.28 / 0.35 / 0.44 and those of other occupations 0.16 / 0.20 / 0.25; with 10,000 jobs, nearly all of the
# 100 are of the CV's occupation, 0.33 / 0.39 / 0.45. A hosted embedder has another scale: recalibrate.
MATCH_THRESHOLD = 0.30
NO_CV = "You have not uploaded a CV yet: upload one with POST /api/rag/cv-upload/, or send it as cv_text."
CV_NOT_FOUND = "CV not found."

_CV = """
SELECT v.id::text, v.version, v.parsed_text,
       ARRAY(SELECT e.chunk_text FROM cv_embeddings e
             WHERE e.cv_id = v.id AND e.cv_version = v.version AND e.model = %(model)s
             ORDER BY e.chunk_index LIMIT 64) AS passages
FROM cvs v
"""
CV_OF_USER = _CV + "WHERE v.id = %(cv_id)s AND v.user_id = %(user_id)s"
LATEST_CV = _CV + "WHERE v.user_id = %(user_id)s ORDER BY v.updated_at DESC, v.id LIMIT 1"

# Which of the given skills (lower-case names) at least one active job holds.
HELD_SKILLS = """
SELECT s.name FROM skills s
WHERE lower(s.name) = ANY(%(names)s)
  AND EXISTS (SELECT 1 FROM job_skills js JOIN jobs j ON j.id = js.job_id
              WHERE js.skill_id = s.id AND j.is_active)
LIMIT 1000
"""


@dataclass(frozen=True)
class CvDocument:
    """A CV to analyse: its text; for a stored CV also its id, version and embedded passages."""

    text: str
    cv_id: str | None = None
    version: int | None = None
    passages: tuple[str, ...] = ()

    @property
    def stored(self) -> bool:
        return self.cv_id is not None


def resolve_cv(user_id: str, source: CvSourceIn) -> CvDocument:
    """The caller's CV named by `cv_id`, the text sent, or the caller's latest CV; else 404."""
    params = {"user_id": user_id, "model": get_embedder().model_id}
    if source.cv_id is not None:
        row = db.fetch_one(CV_OF_USER, params | {"cv_id": source.cv_id})
        if row is None:
            raise NotFound(CV_NOT_FOUND)
    elif source.cv_text is not None:
        return CvDocument(text=document_from_text(source.cv_text).text)
    else:
        row = db.fetch_one(LATEST_CV, params)
        if row is None:
            raise NotFound(NO_CV)
    return CvDocument(row["parsed_text"] or "", row["id"], row["version"], tuple(row["passages"]))


def nearest_matches(cv: CvDocument, index: SkillIndex, window: int = MATCH_WINDOW) -> list[Match]:
    """Up to `window` active jobs nearest to the CV, ranked by the cv-match score, best first."""
    embedder = get_embedder()
    if cv.stored and cv.passages:
        passages = list(cv.passages)
        source: StoredCv | QueryVectors = StoredCv(cv.cv_id, cv.version)
    else:
        passages = chunk_text(cv.text)
        if not passages:
            return []
        source = QueryVectors(embedder.embed_documents(passages))
    hits = nearest_jobs(source, Filters(), window, embedder.model_id)
    return rank_matches(hits, cv.text, passages, index, window)


def held_skills(names: list[str]) -> set[str]:
    """The skills among `names` that at least one active job holds (lower case)."""
    if not names:
        return set()
    rows = db.fetch_all(HELD_SKILLS, {"names": [name.lower() for name in names]})
    return {row["name"].lower() for row in rows}
