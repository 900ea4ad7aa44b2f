"""The `summary` of a search: written by the configured chat engine, or built from the results themselves.

The offline summary is grounded by construction: it names only the jobs, companies and skills of the
results (skills from `job_skills` and from the job texts), with their counts. A hosted engine gets the
same facts and the offline text as its fallback; whatever happens there, the search still answers.
"""

from __future__ import annotations

import time
from collections import Counter

from aws_lambda_powertools import Logger
from pydantic import BaseModel

from jobmatch.ai import Task, Text, generate
from jobmatch.search import JobHit, job_skills
from jobmatch.skills import SkillIndex

logger = Logger(child=True)

SUMMARY_BUDGET_S = 6.0
SUMMARISED_RESULTS = 10
TOP_SKILLS = 5
INSTRUCTIONS = (
    "Summarise in at most three sentences what these job search results offer for the query: the closest "
    "roles, who hires, and the skills most asked for. Mention only jobs, companies and skills listed in the data."
)


class SummaryOut(BaseModel):
    summary: Text


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def grounded_summary(query: str, hits: list[JobHit], threshold: float, index: SkillIndex) -> str:
    """A short summary that states only facts of the results."""
    if not hits:
        floor = f" with a similarity of at least {threshold:.2f}" if threshold > 0 else ""
        return (
            f'No active job matched "{query}"{floor}. '
            "Try broader words, fewer keyword filters or a lower similarity threshold."
        )
    parts = [f'{_plural(len(hits), "job")} matched "{query}".', _closest(hits)]
    companies = Counter(hit.company for hit in hits)
    if len(companies) > 1:
        hiring = ", ".join(f"{name} ({count})" for name, count in companies.most_common(3))
        parts.append(f"Most results come from {hiring}.")
    skills = _top_skills(hits[:SUMMARISED_RESULTS], index)
    if skills:
        parts.append("Skills most asked for: " + ", ".join(skills) + ".")
    return " ".join(parts)


def _closest(hits: list[JobHit]) -> str:
    first = hits[0]
    text = f"The closest is {first.title} at {first.company} (similarity {first.similarity:.2f})"
    if len(hits) > 1:
        second = hits[1]
        text += f", then {second.title} at {second.company} ({second.similarity:.2f})"
    return text + "."


def _top_skills(hits: list[JobHit], index: SkillIndex) -> list[str]:
    counts = Counter(name for hit in hits for name in job_skills(hit, index))
    return [f"{name} ({count} of {len(hits)})" for name, count in counts.most_common(TOP_SKILLS)]


def _facts(hits: list[JobHit]) -> str:
    lines = [f"- {hit.title} at {hit.company}, similarity {hit.similarity:.2f}" for hit in hits[:SUMMARISED_RESULTS]]
    return "\n".join(lines) or "(no results)"


def search_summary(query: str, hits: list[JobHit], threshold: float, index: SkillIndex) -> str:
    """The summary of a search; never raises."""
    offline = grounded_summary(query, hits, threshold, index)
    task = Task(
        name="search_summary",
        instructions=INSTRUCTIONS,
        data={"query": query, "results": _facts(hits), "draft": offline},
        schema=SummaryOut,
        offline=lambda: SummaryOut(summary=offline),
    )
    try:
        return generate(task, deadline=time.monotonic() + SUMMARY_BUDGET_S).value.summary or offline
    except Exception as exc:  # the summary is an extra: a bug there must not fail the search
        logger.exception("search summary failed", extra={"error": type(exc).__name__})
        return offline
