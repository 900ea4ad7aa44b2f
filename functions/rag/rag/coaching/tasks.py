"""The CV review as a generation task: what a hosted model is told and given, and how its answer is checked."""

from __future__ import annotations

import json

from jobmatch.ai import Grounding, Task, skill_matcher
from jobmatch.cv_analysis import Analysis, CvReview, check_extract
from jobmatch.cv_analysis.scoring import WEIGHTS

INSTRUCTIONS = f"""You are a CV reviewer who knows how applicant-tracking systems (ATS) read CVs.
Review the CV in `cv_text` against the jobs in `best_matching_jobs` (the active jobs nearest to it).
Score from 0 to 100:
- skills_match: how many of the skills those jobs ask for the CV shows;
- experience_relevance: whether the CV has dated positions, and how relevant they are to those jobs;
- ats_readability: section headings, contact details, bullets, length, dates, no tables laid out as text
  (`measured_signals` holds these measurements; a removed e-mail or phone still counts as present);
- overall_score: {WEIGHTS["skills_match"]} x skills_match + {WEIGHTS["experience_relevance"]} x
  experience_relevance + {WEIGHTS["ats_readability"]} x ats_readability.
`suggestions`: three to eight concrete improvements, most important first, each with a `priority` (high, medium,
low), the `section` it concerns (summary, skills, experience, education, contact, format, general), `details`
addressed to the person, and `suggested_text` they can paste, with [placeholders] for facts you do not have.
Never present a skill the CV does not show as one the person has.
`cv_extract`: copied word for word from the CV: full_name, job_title, summary, skills, experience (company, role,
period, bullets), contact (leave email and phone null)."""

GROUNDED = frozenset({"title", "details", "suggested_text"})
MAX_JOBS_SENT = 5


def _jobs(analysis: Analysis) -> str:
    return json.dumps(
        [
            {
                "title": m.hit.title,
                "company": m.hit.company,
                "skills_asked": m.explanation.matched_skills + m.explanation.missing_skills,
                "skills_the_cv_lacks": m.explanation.missing_skills,
                "match_score": round(m.score, 2),
            }
            for m in analysis.matches[:MAX_JOBS_SENT]
        ],
        ensure_ascii=False,
    )


def _signals(analysis: Analysis) -> str:
    r = analysis.readability
    measured = {
        "missing_headings": list(r.missing_headings),
        "has_email": r.has_email,
        "has_phone": r.has_phone,
        "experience_lines_as_bullets": None if r.bullet_share is None else round(r.bullet_share, 2),
        "words": r.words,
        "positions": r.positions,
        "dated_positions": r.dated_positions,
        "tables_as_text": r.has_tables,
    }
    return json.dumps(measured)


def checked(review: CvReview, analysis: Analysis) -> CvReview:
    """A hosted review with every extract item the CV does not hold removed, and contact details from the CV."""
    extract = check_extract(review.cv_extract, analysis.cv.text, fallback=analysis.structure.extract)
    return review.model_copy(update={"cv_extract": extract})


def review_task(analysis: Analysis) -> Task[CvReview]:
    return Task(
        name="cv_recommendations",
        instructions=INSTRUCTIONS,
        data={
            "cv_text": analysis.cv.text,
            "best_matching_jobs": _jobs(analysis),
            "measured_signals": _signals(analysis),
        },
        schema=CvReview,
        offline=lambda: analysis.review,
        accept=lambda review: checked(review, analysis),
        grounding=Grounding(analysis.sources(), skill_matcher()),
        grounded_fields=GROUNDED,
    )
