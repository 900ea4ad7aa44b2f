"""The offline career analyst: advice from the CV's structure and the market facts of `advisor.market`.

Every statement comes from the data: titles, companies, counts, demand and salaries from the jobs
table, skills from the jobs and the CV, seniority and years from the CV's dated positions.
"""

from __future__ import annotations

from advisor.market import GAP_JOBS, CareerMarket, Role
from advisor.models import CareerAdvice, CareerPath, RoleDemand
from jobmatch.cv_analysis import Analysis

MAX_STEPS = 5


def _join(items: list[str]) -> str:
    items = [item for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _fit(coverage: float) -> str:
    share = "most" if coverage >= 0.6 else "some" if coverage >= 0.35 else "few"
    return f"the CV shows {share} of the skills asked for"


def assessment(analysis: Analysis, market: CareerMarket) -> str:
    """Who the CV describes, how much dated experience it shows, and how close the market is."""
    extract = analysis.structure.extract
    who = extract.job_title or "Your CV"
    entries = extract.experience
    if market.years is not None:
        text = f"{who} with about {market.years} years of dated experience across {len(entries)} positions"
    else:
        text = f"{who}; the CV shows no dated positions"
    latest = entries[0] if entries else None
    if latest and latest.role and latest.company:
        text += f", most recently as {latest.role} ({latest.company})"
    text += "."
    if extract.skills:
        text += f" It names {_join(extract.skills[:5])}."
    if market.roles:
        best = market.roles[0]
        titles = [role.title for role in market.roles[:2]]
        lead = "The closest open role is" if len(titles) == 1 else "The closest open roles are"
        text += f" {lead} {_join(titles)}; {_fit(best.coverage)}."
    else:
        text += " No active job is close to this CV yet."
    return text


def _share(count: int, total: int, title: str) -> str:
    if count == 1:
        return f"1 of the {total} jobs nearest to your CV is a {title} role"
    return f"{count} of the {total} jobs nearest to your CV are {title} roles"


def path(role: Role, market: CareerMarket) -> CareerPath:
    # Companies go in parentheses: "at <Name>." would read as a claimed employer to the grounding
    # check.
    companies = list(dict.fromkeys(m.hit.company for m in role.matches))[:2]
    text = _share(len(role.matches), market.nearest, role.title)
    text += f" (hiring: {_join(companies)})." if companies else "."
    asked, shown = role.asked_skills()[:4], role.shown_skills()[:3]
    if asked:
        text += f" They ask for {_join(asked)}; " + (
            f"your CV shows {_join(shown)}." if shown else "your CV shows none of these yet."
        )
    if role.rank > market.cv_rank:
        text += " It is a step up in seniority from your current level."
    return CareerPath(
        title=role.title,
        description=text,
        transition_difficulty=market.transition(role),
        growth_potential=market.growth(role),
    )


def demand(market: CareerMarket) -> list[RoleDemand]:
    return [RoleDemand(role=r.title, demand_level=r.demand, salary_range=r.salary) for r in market.roles]


def _asked(count: int, total: int) -> str:
    if count == 1:
        return f"1 of the {total} best-matching jobs asks"
    return f"{count} of the {total} best-matching jobs ask"


def recommendations(analysis: Analysis, market: CareerMarket) -> list[str]:
    considered = min(GAP_JOBS, max(market.matching, 1))
    found = [
        f"Learn {name}: {_asked(asked, considered)} for it, and your CV does not name it."
        for name, asked in market.gaps[:2]
    ]
    easy = next((r for r in market.roles if market.transition(r) == "low"), None)
    if easy is not None:
        found.append(f"Target {easy.title} roles first: your CV already shows most of the skills they ask for.")
    urgent = [s for s in analysis.review.suggestions if s.priority != "low"][:2]
    found += [f"{s.title} (POST /api/rag/cv-recommendations/ has the details)." for s in urgent]
    return found or ["Keep your CV current: your skills already cover what the jobs nearest to it ask for."]


def next_steps(analysis: Analysis, market: CareerMarket) -> list[str]:
    steps = []
    if market.roles:
        best = market.roles[0]
        jobs = f"the {best.title} role" if len(best.matches) == 1 else f"the {len(best.matches)} {best.title} roles"
        steps.append(
            f"Apply to {jobs} nearest to your CV: POST /api/rag/cv-match/ lists them with the reasons they match."
        )
    if market.gaps:
        steps.append(f"Start on {market.gaps[0][0]} this month: a course or a piece of work you can add to your CV.")
    if any(s.priority == "high" for s in analysis.review.suggestions):
        steps.append("Fix the high-priority suggestions of POST /api/rag/cv-recommendations/ before applying.")
    if market.roles:
        steps.append(f"Practise interviews for {market.roles[0].title} roles with POST /api/interview/questions/.")
    else:
        steps.append("Complete your CV with dated positions and a skills section, then ask again as jobs are posted.")
    return steps[:MAX_STEPS]


def advise(analysis: Analysis, market: CareerMarket) -> CareerAdvice:
    """The offline advice (see the module docstring)."""
    return CareerAdvice(
        current_role_assessment=assessment(analysis, market),
        career_paths=[path(role, market) for role in market.roles],
        skills_gaps=[name for name, _ in market.gaps],
        market_demand=demand(market),
        recommendations=recommendations(analysis, market),
        next_steps=next_steps(analysis, market),
    )


def facts(market: CareerMarket) -> str:
    """The figures and names the advice may cite, for the grounding check of any engine's text."""
    numbers = [market.nearest, min(GAP_JOBS, max(market.matching, 1)), market.years or 0]
    numbers += [n for role in market.roles for n in (len(role.matches), role.active, role.recent)]
    numbers += [asked for _, asked in market.gaps]
    names = [f"{m.hit.title} ({m.hit.company})" for role in market.roles for m in role.matches[:3]]
    salaries = [role.salary for role in market.roles if role.salary]
    return "\n".join([" ".join(str(n) for n in numbers), *names, *salaries])
