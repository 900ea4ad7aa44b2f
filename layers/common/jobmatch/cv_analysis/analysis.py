"""A CV analysed against the job market: structure, readability, nearest jobs, offline review."""

from __future__ import annotations

from dataclasses import dataclass

from jobmatch.cv_analysis.extract import Structure, read_structure
from jobmatch.cv_analysis.market import CvDocument, held_skills, nearest_matches
from jobmatch.cv_analysis.models import CvReview
from jobmatch.cv_analysis.readability import ACCEPTABLE_WORDS, IDEAL_WORDS, Readability, measure
from jobmatch.cv_analysis.scoring import SCORING_JOBS, review
from jobmatch.search import Match
from jobmatch.skills import SkillIndex, skill_index


@dataclass(frozen=True)
class Analysis:
    cv: CvDocument
    structure: Structure
    readability: Readability
    matches: list[Match]
    review: CvReview  # the offline analyst's

    @property
    def best(self) -> list[Match]:
        return self.matches[:SCORING_JOBS]

    def sources(self) -> list[str]:
        """Texts a suggestion may cite: the CV, the best-matching jobs, the figures measured."""
        jobs = [f"{m.hit.title} ({m.hit.company})\n{m.hit.text}" for m in self.best]
        measured = [self.readability.words, *IDEAL_WORDS, *ACCEPTABLE_WORDS, len(self.matches)]
        return [self.cv.text, *jobs, " ".join(str(n) for n in measured)]


def _held_share(structure: Structure, matches: list[Match]) -> float | None:
    """The fallback of skills_match, asked only when none of the best jobs names a skill."""
    if any(m.explanation.matched_skills or m.explanation.missing_skills for m in matches[:SCORING_JOBS]):
        return None
    names = list(structure.canonical_skills)
    held = held_skills(names)
    return len(held) / len(names) if names and held else None


def analyse(cv: CvDocument, index: SkillIndex | None = None) -> Analysis:
    """Read, measure and match a CV, and review it with the offline analyst."""
    index = index or skill_index()
    structure = read_structure(cv.text, index)
    readability = measure(cv.text, structure)
    matches = nearest_matches(cv, index)
    offline = review(structure, readability, matches, _held_share(structure, matches))
    return Analysis(cv, structure, readability, matches, offline)
