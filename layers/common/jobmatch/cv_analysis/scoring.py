"""The offline CV review: scores from measured signals, and the suggestions those signals call for.

Scores (integers 0-100)
    skills_match          Share of the skills asked by the `SCORING_JOBS` best-matching active jobs (their
                          `job_skills` rows and the skills their texts name) that the CV names,
                          each job weighted by its match score. When none of those jobs names a
                          skill: the share of the CV's skills that at least one active job holds.
                          No active job at all: 0.
    experience_relevance  `POSITION_POINTS` x (positions found, at most 3) / 3, plus `RELEVANCE_POINTS` x the
                          mean relevance of the first `SCORED_POSITIONS` positions. A position's
                          relevance is its best cosine similarity (local hash embedder: no network)
                          with the texts of the best-matching jobs, mapped linearly from
                          [`SIMILARITY_FLOOR`, `SIMILARITY_CEIL`] to [0, 1]. No position found: 0.
    ats_readability       `readability.measure` (its module docstring has the table).
    overall_score         `WEIGHTS`: 0.40 skills + 0.35 experience + 0.25 ATS, rounded.

Suggestions are the checks below that fail, most urgent first, at most `MAX_SUGGESTIONS`. Any text
they propose comes from the CV or is a template with [placeholders]; skills the CV lacks are never
written into it as if the person had them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from jobmatch.ai import texts
from jobmatch.ai.signals import figures
from jobmatch.cv_analysis.extract import Structure
from jobmatch.cv_analysis.models import (
    MAX_SUGGESTIONS,
    PRIORITY_ORDER,
    CvExtract,
    CvReview,
    Suggestion,
)
from jobmatch.cv_analysis.readability import IDEAL_WORDS, Readability
from jobmatch.embeddings import HashEmbedder
from jobmatch.search import Match

SCORING_JOBS = 5
SCORED_POSITIONS = 5
POSITION_POINTS = 25
RELEVANCE_POINTS = 75
SIMILARITY_FLOOR = 0.10
SIMILARITY_CEIL = 0.45
WEIGHTS = {"skills_match": 0.40, "experience_relevance": 0.35, "ats_readability": 0.25}
MISSING_SHOWN = 5
RELEVANCE_ADVICE_BELOW = 50
_embedder = HashEmbedder()


# ---------------------------------------------------------------- scores


def skills_match(cv_skills: Iterable[str], matches: list[Match], held_share: float | None) -> int:
    """See the module docstring; `held_share` is the fallback (None: no active job holds skills)."""
    have = {name.lower() for name in cv_skills}
    asked = weight = 0.0
    for match in matches[:SCORING_JOBS]:
        wanted = match.explanation.matched_skills + match.explanation.missing_skills
        if wanted:
            asked += match.score * sum(1 for name in wanted if name.lower() in have) / len(wanted)
            weight += match.score
    if weight > 0:
        return round(100 * asked / weight)
    return round(100 * held_share) if held_share is not None else 0


def position_text(entry) -> str:
    return ". ".join([entry.role, *entry.bullets])


def relevances(extract: CvExtract, matches: list[Match]) -> list[float]:
    """Relevance (0..1) of each of the first positions to the best-matching jobs."""
    positions = [position_text(entry) for entry in extract.experience[:SCORED_POSITIONS]]
    jobs = [match.hit.text for match in matches[:SCORING_JOBS]]
    if not positions or not jobs:
        return [0.0] * len(positions)
    vectors = _embedder.embed_documents(positions + jobs)
    best = (vectors[: len(positions)] @ vectors[len(positions) :].T).max(axis=1)
    scaled = (best - SIMILARITY_FLOOR) / (SIMILARITY_CEIL - SIMILARITY_FLOOR)
    return [float(v) for v in np.clip(scaled, 0.0, 1.0)]


def experience_relevance(extract: CvExtract, matches: list[Match]) -> int:
    if not extract.experience:
        return 0
    found = POSITION_POINTS * min(len(extract.experience), 3) / 3
    scores = relevances(extract, matches)
    return round(found + RELEVANCE_POINTS * (sum(scores) / len(scores)))


def overall(scores: dict[str, int]) -> int:
    return round(sum(WEIGHTS[name] * scores[name] for name in WEIGHTS))


# ---------------------------------------------------------------- suggestions


@dataclass(frozen=True)
class Evidence:
    """What the suggestions draw on: the CV's structure and signals, the matches and the scores."""

    structure: Structure
    readability: Readability
    matches: list[Match]
    scores: dict[str, int]

    @property
    def extract(self) -> CvExtract:
        return self.structure.extract

    def missing_skills(self) -> list[str]:
        """Skills the best-matching jobs ask for that the CV lacks, most asked first."""
        counts = Counter(name for m in self.matches[:SCORING_JOBS] for name in m.explanation.missing_skills)
        return [name for name, _ in counts.most_common(MISSING_SHOWN)]

    def top(self) -> Match | None:
        return self.matches[0] if self.matches else None


def _skills_gap(ev: Evidence) -> Suggestion | None:
    missing, score, top = ev.missing_skills(), ev.scores["skills_match"], ev.top()
    if not missing or top is None or score >= 80:
        return None
    priority = "high" if score < 40 else "medium" if score < 70 else "low"
    return Suggestion(
        title="Show the skills your best-matching jobs ask for",
        priority=priority,
        section="skills",
        details=(
            f"The jobs closest to your CV, such as {top.hit.title} ({top.hit.company}), ask for "
            f"{_join(missing)}, which your CV does not name. If you have used any of them, add them to your "
            "Skills section and show in a bullet where you used them."
        ),
        suggested_text=f"- Used {missing[0]} to [what you built or improved], [your figure]",
    )


def _skills_section(ev: Evidence) -> Suggestion | None:
    if "skills" in ev.structure.kinds:
        return None
    found = ev.extract.skills
    return Suggestion(
        title="Add a Skills section",
        priority="high" if not found else "medium",
        section="skills",
        details="Applicant-tracking systems look for a section headed Skills. List the tools and methods you "
        "use, separated by commas." + (" Your CV already names: " + _join(found[:8]) + "." if found else ""),
        suggested_text="Skills\n" + (", ".join(found[:12]) if found else "[skill], [skill], [skill]"),
    )


def _contact(ev: Evidence) -> Suggestion | None:
    missing = [label for label, present in (("e-mail address", ev.readability.has_email),
                                            ("phone number", ev.readability.has_phone)) if not present]  # fmt: skip
    if not missing:
        return None
    return Suggestion(
        title="Add your contact details",
        priority="high",
        section="contact",
        details=f"Your CV has no {' and no '.join(missing)}; recruiters and ATS parsers read them from the top "
        "of the first page.",
        suggested_text=" | ".join(f"[your {label}]" for label in missing),
    )


def _positions(ev: Evidence) -> Suggestion | None:
    if ev.extract.experience:
        return None
    return Suggestion(
        title="Add an Experience section with dated positions",
        priority="high",
        section="experience",
        details="No position with a role, an employer and dates was found. Give each job its own heading "
        "line, its dates and a few bullets on what you did.",
        suggested_text="Experience\n[Role], [Employer]\n[Mon YYYY] - Present\n- [What you did and its result]",
    )


def _dates(ev: Evidence) -> Suggestion | None:
    undated = [entry for entry in ev.extract.experience if not entry.period]
    if not undated:
        return None
    first = undated[0]
    return Suggestion(
        title="Date every position",
        priority="medium",
        section="experience",
        details=f"{_count(len(undated), 'position')} without dates, such as "
        f"{first.role or first.company}. ATS parsers compute your experience from date ranges.",
        suggested_text=f"{', '.join(p for p in (first.role, first.company) if p)}\n[Mon YYYY] - [Mon YYYY]",
    )


def _bullets(ev: Evidence) -> Suggestion | None:
    share = ev.readability.bullet_share
    if share is None or share >= 0.5 or not ev.extract.experience:
        return None
    entry = ev.extract.experience[0]
    lines = "\n".join(f"- {bullet}" for bullet in entry.bullets[:4])
    return Suggestion(
        title="Write your experience as bullet points",
        priority="medium",
        section="experience",
        details="Most of your experience is written as running text. One achievement per bullet, starting "
        "with a verb, is easier for recruiters to scan and for ATS parsers to split.",
        suggested_text=lines,
    )


def _summary(ev: Evidence) -> Suggestion | None:
    if ev.extract.summary:
        return None
    title = ev.extract.job_title or "[Your title]"
    skills = ev.extract.skills[:3]
    focus = f" with experience in {_join(skills)}" if skills else " with [years] years of experience"
    return Suggestion(
        title="Open with a short summary",
        priority="medium",
        section="summary",
        details="Two or three lines under a Summary heading tell a recruiter who you are and what you are "
        "looking for before they read the details.",
        suggested_text=f"Summary\n{title}{focus}. [What you are looking for next.]",
    )


def _relevance(ev: Evidence) -> Suggestion | None:
    top = ev.top()
    if top is None or not ev.extract.experience or ev.scores["experience_relevance"] >= RELEVANCE_ADVICE_BELOW:
        return None
    duties = texts.responsibilities(top.hit.description, limit=2)
    example = f" For example, if you have done it: {duties[0]}." if duties else ""
    return Suggestion(
        title=f"Describe the experience that matters for {top.hit.title}",
        priority="medium",
        section="experience",
        details=f"Your positions share little wording with the roles that match you best, such as {top.hit.title}."
        f" Describe the duties you had that these roles ask for, in their words.{example}",
        suggested_text=f"- {duties[0][:1].upper() + duties[0][1:]} [how, and the result]" if duties else "",
    )


def _figures(ev: Evidence) -> Suggestion | None:
    bullets = [b for entry in ev.extract.experience for b in entry.bullets]
    if not bullets or any(figures(b) for b in bullets):
        return None
    return Suggestion(
        title="Quantify your results",
        priority="low",
        section="experience",
        details="None of your bullets has a figure. Numbers (time saved, volume handled, people led) make a "
        "result concrete; use only figures you can stand behind.",
        suggested_text=f"- {bullets[0].rstrip('.')}, [your figure]",
    )


def _length(ev: Evidence) -> Suggestion | None:
    words, (low, high) = ev.readability.words, IDEAL_WORDS
    if words < low:
        return Suggestion(
            title="Add detail to your CV",
            priority="medium",
            section="general",
            details=f"Your CV is {words} words long; one that is {low} to {high} words gives an ATS and a "
            "recruiter enough to go on. Add bullets on what you achieved in each position.",
        )
    if words > high:
        return Suggestion(
            title="Shorten your CV",
            priority="low",
            section="general",
            details=f"Your CV is {words} words long. Keep it under {high} words (about two pages): cut old "
            "positions to one line each.",
        )
    return None


def _tables(ev: Evidence) -> Suggestion | None:
    if not ev.readability.has_tables:
        return None
    return Suggestion(
        title="Replace tables with plain lines",
        priority="medium",
        section="format",
        details="Parts of your CV are laid out in columns or tables. ATS parsers read them line by line and mix "
        "the columns up; write one item per line instead.",
    )


def _education(ev: Evidence) -> Suggestion | None:
    if "education" in ev.structure.kinds:
        return None
    return Suggestion(
        title="Add an Education section",
        priority="low",
        section="education",
        details="Many ATS filters check for a section headed Education, even for experienced candidates.",
        suggested_text="Education\n[Degree or qualification], [School], [Year]",
    )


def _tailor(ev: Evidence) -> Suggestion:
    top = ev.top()
    target = f" for roles such as {top.hit.title}" if top else ""
    return Suggestion(
        title="Tailor your CV to each application",
        priority="low",
        section="general",
        details=f"Your CV reads well. Before applying{target}, move the skills and results each posting asks "
        "for to the top of your summary and your latest position.",
    )


CHECKS = (_contact, _positions, _skills_section, _skills_gap, _summary, _dates, _bullets, _relevance, _tables,
          _length, _figures, _education)  # fmt: skip


def suggestions(ev: Evidence) -> list[Suggestion]:
    found = [s for check in CHECKS if (s := check(ev)) is not None] or [_tailor(ev)]
    found.sort(key=lambda s: PRIORITY_ORDER[s.priority])
    return found[:MAX_SUGGESTIONS]


def _join(items: list[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _count(n: int, noun: str) -> str:
    return f"{n} {noun} is" if n == 1 else f"{n} {noun}s are"


# ---------------------------------------------------------------- the review


def review(structure: Structure, readability: Readability, matches: list[Match], held_share: float | None) -> CvReview:
    """The offline analyst's review of a CV (see the module docstring)."""
    scores = {
        "skills_match": skills_match(structure.canonical_skills, matches, held_share),
        "experience_relevance": experience_relevance(structure.extract, matches),
        "ats_readability": readability.score,
    }
    evidence = Evidence(structure, readability, matches, scores)
    return CvReview(
        overall_score=overall(scores),
        **scores,
        suggestions=suggestions(evidence),
        cv_extract=structure.extract,
    )
