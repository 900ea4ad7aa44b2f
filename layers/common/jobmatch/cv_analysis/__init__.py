"""CV analysis shared by /api/rag/cv-recommendations/, /api/career-advisor/ and the dashboard.

    cv = resolve_cv(caller.id, CvSourceIn(...))  # by id, a text, or the latest CV (else 404)
    analysis = analyse(cv)  # structure, ATS signals, nearest jobs, offline review
    save_review(cv, analysis.review, "offline", analysis.matches)  # cv_scores + match_results

`extract` reads the structure from the CV text and checks any extract against it, `readability`
measures the ATS signals, `scoring` turns signals into scores and suggestions, `market` finds the
nearest active jobs, `store` caches the score and the matches of a CV version. Each module's
docstring documents its rules.
"""

from jobmatch.cv_analysis.analysis import Analysis, analyse
from jobmatch.cv_analysis.extract import Structure, check_extract, read_structure
from jobmatch.cv_analysis.market import (
    MATCH_THRESHOLD,
    MATCH_WINDOW,
    CvDocument,
    nearest_matches,
    resolve_cv,
)
from jobmatch.cv_analysis.models import (
    MAX_CV_TEXT,
    CvExtract,
    CvReview,
    CvSourceIn,
    ExperienceEntry,
    Suggestion,
)
from jobmatch.cv_analysis.readability import Readability, measure
from jobmatch.cv_analysis.store import save_review

__all__ = [
    "MATCH_THRESHOLD",
    "MATCH_WINDOW",
    "MAX_CV_TEXT",
    "Analysis",
    "CvDocument",
    "CvExtract",
    "CvReview",
    "CvSourceIn",
    "ExperienceEntry",
    "Readability",
    "Structure",
    "Suggestion",
    "analyse",
    "check_extract",
    "measure",
    "nearest_matches",
    "read_structure",
    "resolve_cv",
    "save_review",
]
