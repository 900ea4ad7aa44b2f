"""The job market around a CV, from the database: the roles nearest to it, their demand, pay, skills.

Roles
    The jobs nearest to the CV (`jobmatch.cv_analysis.nearest_matches`, ranked by the cv-match
    score) are grouped by role: the title in lower case without seniority words (junior, senior,
    lead...), numbering ("#12") or what follows a dash, comma, bar or parenthesis. Only jobs that
    match the CV (score at least `MATCH_THRESHOLD`) count; when none does, the single nearest job
    stands for the market. The `MAX_ROLES` groups with the best match scores are the career paths,
    each shown under the plainest title its jobs use. When the best group also has jobs more senior
    than the CV, the most senior of them is added as a step-up path.
Demand (per role)
    Active jobs whose title holds the role's words in order (word-bounded, any case), and how many
    of them were posted in the last `RECENT_DAYS` days:
        high    at least `HIGH_ACTIVE` active jobs, at least `HIGH_RECENT_SHARE` of them recent
        medium  at least `MEDIUM_ACTIVE` active jobs
        low     fewer
Salary (per role)
    The most common `salary_range` of those active jobs (ties: the first in sort order); null when
    none has one.
Skills gaps
    The skills asked by the `GAP_JOBS` best of those jobs (`job_skills` rows and skills their texts
    name) that the CV does not name, most asked first, each job counting with its match score.
Transition difficulty and growth potential (per role)
    coverage = the role's jobs' mean skill coverage by the CV (weighted by match score; their
    similarity when no skill is known): low when >= 0.6, medium when >= 0.35, else high; one step
    harder when the role is more senior than the CV. Growth: demand (low 0, medium 1, high 2) plus
    1 for a more senior role: 0 low, 1 medium, 2 or more high.
Seniority
    Of a title: 0 junior/graduate/intern/associate, 1 none, 2 senior, 3
    lead/staff/principal/head/chief. Of the CV: its title's seniority when it names one, else from
    the span of its dated positions (`SENIOR_YEARS` or more: 2, `MID_YEARS` or more: 1, else 0).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

from advisor import queries
from jobmatch import db
from jobmatch.cv_analysis import MATCH_THRESHOLD, Analysis, CvExtract
from jobmatch.search import Match, terms_pattern

MAX_ROLES = 4
GAP_JOBS = 10
MAX_GAPS = 8
RECENT_DAYS = 30
HIGH_ACTIVE = 10
HIGH_RECENT_SHARE = 0.25
MEDIUM_ACTIVE = 3
SENIOR_YEARS = 7
MID_YEARS = 2
LEVELS = ("low", "medium", "high")

_JUNIOR = r"junior|jr\.?|graduate|intern|trainee|entry[- ]level|associate"
_SENIOR = r"senior|sr\.?"
_TOP = r"lead|staff|principal|head of|chief"
_SENIORITY = re.compile(rf"^(?:(?:{_JUNIOR}|{_SENIOR}|{_TOP}|mid[- ]level|mid)\s+)+", re.IGNORECASE)
_CUT = re.compile(r"\s+[-–—|]\s+|\s*[(,/]|\s+#\d+")
_YEAR = re.compile(r"(?:19|20)\d\d")
_OPEN_END = re.compile(r"present|current|now|today|ongoing|date", re.IGNORECASE)


def seniority(title: str) -> int | None:
    """Seniority named by a title (see the module docstring); None when it names none."""
    head = (title or "").strip().lower()
    for rank, words in ((3, _TOP), (2, _SENIOR), (0, _JUNIOR)):
        if re.match(rf"(?:\w+\s+)?(?:{words})\b", head):
            return rank
    return None


def title_rank(title: str) -> int:
    named = seniority(title)
    return 1 if named is None else named


def role_key(title: str) -> str:
    """A title reduced to its role: "Senior Backend Engineer - Payments" gives "backend engineer"."""
    plain = _CUT.split(title.strip(), maxsplit=1)[0]
    return re.sub(r"\s+", " ", _SENIORITY.sub("", plain)).strip().lower()


def display_title(title: str) -> str:
    return _CUT.split(title.strip(), maxsplit=1)[0].strip()


def years_of_experience(extract: CvExtract, today: int | None = None) -> int | None:
    """Span in years from the earliest start to the latest end of the CV's dated positions."""
    today = today or datetime.now(UTC).year
    starts, ends = [], []
    for entry in extract.experience:
        years = [int(y) for y in _YEAR.findall(entry.period)]
        if years:
            starts.append(years[0])
            ends.append(today if _OPEN_END.search(entry.period) else years[-1])
    return max(0, max(ends) - min(starts)) if starts else None


def cv_seniority(extract: CvExtract) -> int:
    named = seniority(extract.job_title or "")
    if named is not None:
        return named
    years = years_of_experience(extract) or 0
    return 2 if years >= SENIOR_YEARS else 1 if years >= MID_YEARS else 0


@dataclass
class Role:
    """A role near the CV: its jobs among the nearest, and its demand and pay in the whole market."""

    key: str
    title: str
    rank: int
    matches: list[Match] = field(default_factory=list)
    active: int = 0
    recent: int = 0
    salary: str | None = None

    @property
    def demand(self) -> str:
        if self.active >= HIGH_ACTIVE and self.recent >= HIGH_RECENT_SHARE * self.active:
            return "high"
        return "medium" if self.active >= MEDIUM_ACTIVE else "low"

    @property
    def coverage(self) -> float:
        known = [(m.score, m.skill_coverage) for m in self.matches if m.skill_coverage is not None]
        if not known:
            return max((m.hit.similarity for m in self.matches), default=0.0)
        return sum(s * c for s, c in known) / max(sum(s for s, _ in known), 1e-9)

    def asked_skills(self) -> list[str]:
        counts = Counter(n for m in self.matches for n in m.explanation.matched_skills + m.explanation.missing_skills)
        return [name for name, _ in counts.most_common()]

    def shown_skills(self) -> list[str]:
        counts = Counter(n for m in self.matches for n in m.explanation.matched_skills)
        return [name for name, _ in counts.most_common()]


@dataclass(frozen=True)
class CareerMarket:
    roles: list[Role]
    gaps: list[tuple[str, int]]  # skill, how many of the GAP_JOBS best jobs ask for it
    cv_rank: int
    years: int | None
    nearest: int  # jobs considered
    matching: int  # of which match the CV

    def transition(self, role: Role) -> str:
        c = role.coverage
        level = 0 if c >= 0.6 else 1 if c >= 0.35 else 2
        return LEVELS[min(2, level + (role.rank > self.cv_rank))]

    def growth(self, role: Role) -> str:
        points = LEVELS.index(role.demand) + (role.rank > self.cv_rank)
        return LEVELS[min(2, points)]


def _group(matches: list[Match]) -> list[Role]:
    """Roles of the nearest jobs, best match first, each under its plainest title."""
    roles: dict[str, Role] = {}
    for match in matches:
        key = role_key(match.hit.title)
        if not key:
            continue
        role = roles.setdefault(key, Role(key, display_title(match.hit.title), 1))
        role.matches.append(match)
        if seniority(match.hit.title) is None and seniority(role.title) is not None:
            role.title = display_title(match.hit.title)
    for role in roles.values():
        role.rank = title_rank(role.title)
    return list(roles.values())


def _step_up(best: Role, cv_rank: int) -> Role | None:
    """The most senior title among the best role's jobs, when it is more senior than the CV."""
    senior = [(title_rank(m.hit.title), m) for m in best.matches if title_rank(m.hit.title) > cv_rank]
    if not senior:
        return None
    rank, match = max(senior, key=lambda pair: (pair[0], pair[1].score))
    title = display_title(match.hit.title)
    same = [m for m in best.matches if display_title(m.hit.title).lower() == title.lower()]
    return Role(title.lower(), title, rank, same)


def _with_demand(roles: list[Role]) -> None:
    """Count each role's active and recent jobs and find its usual salary, in one statement."""
    params = {
        "keys": [role.key for role in roles],
        "patterns": [terms_pattern([role.key]) for role in roles],
        "recent_days": RECENT_DAYS,
    }
    for row in db.fetch_all(queries.ROLE_DEMAND, params):
        role = roles[row["position"] - 1]
        role.active, role.recent, role.salary = row["active"], row["recent"], row["salary"]


def relevant(matches: list[Match]) -> list[Match]:
    """The jobs that match the CV, or the nearest one when none does."""
    return [m for m in matches if m.score >= MATCH_THRESHOLD] or matches[:1]


def _gaps(matches: list[Match]) -> list[tuple[str, int]]:
    weights: Counter[str] = Counter()
    asked: Counter[str] = Counter()
    for match in matches[:GAP_JOBS]:
        for name in match.explanation.missing_skills:
            weights[name] += match.score
            asked[name] += 1
    return [(name, asked[name]) for name, _ in weights.most_common(MAX_GAPS)]


def career_market(analysis: Analysis) -> CareerMarket:
    """The roles, demand, pay and skills gaps around an analysed CV (see the module docstring)."""
    extract = analysis.structure.extract
    cv_rank = cv_seniority(extract)
    matches = relevant(analysis.matches)
    roles = sorted(_group(matches), key=lambda r: -max(m.score for m in r.matches))[:MAX_ROLES]
    step = _step_up(roles[0], cv_rank) if roles else None
    if step is not None and step.key not in {r.key for r in roles}:
        roles.insert(1, step)
    if roles:
        _with_demand(roles)
    years = years_of_experience(extract)
    matching = sum(1 for m in analysis.matches if m.score >= MATCH_THRESHOLD)
    return CareerMarket(roles, _gaps(matches), cv_rank, years, len(analysis.matches), matching)
