"""Career advice as a generation task: what a hosted model is told and given, and how its answer is held to the data.

A hosted answer keeps its wording, but its facts are the database's: career paths whose title is
not one of the nearest roles are dropped (none left while there are roles: the answer is refused
and the offline analyst answers), `market_demand` is replaced by the measured demand and salaries,
and skills gaps the jobs do not ask for are dropped.
"""

from __future__ import annotations

import json

from advisor import analyst
from advisor.market import CareerMarket
from advisor.models import CareerAdvice
from jobmatch.ai import Grounding, Rejected, Task, skill_matcher
from jobmatch.cv_analysis import Analysis

INSTRUCTIONS = """You are a career advisor. Advise the person whose CV is in `cv_text`, using the job market in
`nearest_roles`: the roles of the active jobs nearest to the CV, with how many jobs of each are open, how many were
posted recently, their demand level, usual salary range and the skills they ask for.
- `current_role_assessment`: two or three sentences on the person's current position, from the CV.
- `career_paths`: one per role of `nearest_roles` worth pursuing; its `title` must be the role's title exactly;
  `transition_difficulty` and `growth_potential` are low, medium or high.
- `skills_gaps`: skills from `skills_gaps` (asked by the nearest jobs, absent from the CV), most important first.
- `market_demand`: the roles with their `demand_level` and `salary_range` copied from `nearest_roles`
  (null when it is null: never estimate a salary).
- `recommendations`: three to five specific improvements; `next_steps`: three to five actions for this month."""

GROUNDED = frozenset({"current_role_assessment", "description", "recommendations", "next_steps"})


def _roles(market: CareerMarket) -> str:
    return json.dumps(
        [
            {
                "title": role.title,
                "jobs_near_the_cv": len(role.matches),
                "active_jobs": role.active,
                "posted_in_last_30_days": role.recent,
                "demand_level": role.demand,
                "salary_range": role.salary,
                "skills_asked": role.asked_skills()[:8],
                "skills_the_cv_shows": role.shown_skills()[:8],
                "more_senior_than_the_cv": role.rank > market.cv_rank,
            }
            for role in market.roles
        ],
        ensure_ascii=False,
    )


def held_to_data(advice: CareerAdvice, market: CareerMarket) -> CareerAdvice:
    """A hosted answer with the database's facts (see the module docstring)."""
    titles = {role.title.casefold() for role in market.roles}
    paths = [p for p in advice.career_paths if p.title.casefold() in titles]
    if titles and not paths:
        raise Rejected("no career path among the nearest roles")
    allowed = {name.casefold(): name for name, _ in market.gaps}
    gaps = [allowed[g.casefold()] for g in advice.skills_gaps if g.casefold() in allowed]
    return advice.model_copy(
        update={
            "career_paths": paths,
            "market_demand": analyst.demand(market),
            "skills_gaps": list(dict.fromkeys(gaps)) or [name for name, _ in market.gaps],
        }
    )


def advice_task(analysis: Analysis, market: CareerMarket) -> Task[CareerAdvice]:
    facts = {"years_of_dated_experience": market.years, "positions": len(analysis.structure.extract.experience)}
    return Task(
        name="career_advice",
        instructions=INSTRUCTIONS,
        data={
            "cv_text": analysis.cv.text,
            "nearest_roles": _roles(market),
            "skills_gaps": json.dumps([name for name, _ in market.gaps], ensure_ascii=False),
            "cv_facts": json.dumps(facts),
        },
        schema=CareerAdvice,
        offline=lambda: analyst.advise(analysis, market),
        accept=lambda advice: held_to_data(advice, market),
        grounding=Grounding([*analysis.sources(), analyst.facts(market)], skill_matcher()),
        grounded_fields=GROUNDED,
    )
