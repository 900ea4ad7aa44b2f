"""What the offline analyst knows about a request: the job, the CV, and what the two have in common."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from jobmatch.ai import Grounding, Skill, SkillMatcher
from jobmatch.ai import texts as parts

HARD_KINDS = ("tech", "practice", "domain")


@dataclass
class Context:
    """The job description, the CV text (either may be empty) and the skill matcher of this request."""

    job_description: str
    cv_text: str
    matcher: SkillMatcher

    @cached_property
    def title(self) -> str | None:
        return parts.job_title(self.job_description)

    @cached_property
    def job_skills(self) -> list[Skill]:
        return self.matcher.find(self.job_description)

    @cached_property
    def cv_skills(self) -> list[Skill]:
        return self.matcher.find(self.cv_text)

    @cached_property
    def hard_job_skills(self) -> list[str]:
        return [s.name for s in self.job_skills if s.kind in HARD_KINDS]

    @cached_property
    def soft_job_skills(self) -> list[str]:
        return [s.name for s in self.job_skills if s.kind == "soft"]

    @cached_property
    def matched(self) -> list[str]:
        """Hard skills the job asks for and the CV shows."""
        mine = {s.name for s in self.cv_skills}
        return [name for name in self.hard_job_skills if name in mine]

    @cached_property
    def gaps(self) -> list[str]:
        """Hard skills the job asks for that the CV does not mention (empty without a CV)."""
        if not self.cv_text.strip():
            return []
        mine = {s.name for s in self.cv_skills}
        return [name for name in self.hard_job_skills if name not in mine]

    @cached_property
    def duties(self) -> list[str]:
        return parts.responsibilities(self.job_description)

    @cached_property
    def highlights(self) -> list[str]:
        return parts.highlights(self.cv_text)

    @cached_property
    def years(self) -> int | None:
        return parts.years_required(self.job_description)

    @cached_property
    def _kinds(self) -> dict[str, str]:
        return {s.name: s.kind for s in self.cv_skills + self.job_skills}

    def kind(self, name: str) -> str | None:
        """The kind of a skill seen in the job or the CV (tech, practice, domain, soft)."""
        return self._kinds.get(name) or next((s.kind for s in self.matcher.find(name) if s.name == name), None)

    def phrase(self, name: str) -> str:
        """A skill's name as it reads inside a sentence: "state management", but "React" and "CI/CD"."""
        common_noun = self.kind(name) in ("practice", "domain", "soft") and not name.isupper() and "/" not in name
        return name.lower() if common_noun else name

    def highlight_about(self, skill: str) -> str | None:
        """The CV highlight that mentions `skill`, if any."""
        return next((h for h in self.highlights if any(s.name == skill for s in self.matcher.find(h))), None)

    def grounding(self, *extra: str) -> Grounding:
        """A fresh grounding check against the CV, the job description and `extra` texts."""
        return Grounding([self.cv_text, self.job_description, *extra], self.matcher)
