"""Offline interview questions, grounded in the job description and the CV.

Material: the hard skills the job names (those the CV also shows first), the skills the CV lacks, the duties of
the role, the soft skills it asks for, the CV's achievements, its title and years of experience. Each template
has an easy (fundamentals), medium (applied experience) and hard (trade-offs, scale, failure) wording, its own
tips and the focus an interviewer listens for. Categories follow a fixed rotation so every set is varied.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice

from interview.context import Context
from interview.models import Category, Difficulty, QuestionDraft, QuestionDrafts

ROTATION: tuple[Category, ...] = ("technical", "behavioral", "situational", "role-specific", "technical")
FALLBACK_ORDER: tuple[Category, ...] = ("technical", "role-specific", "behavioral", "situational")


@dataclass(frozen=True)
class Wording:
    question: str
    tips: str
    focus: str


# Each template: difficulty -> wording with {slots}.
Template = dict[str, Wording]

SKILL_TEMPLATES: list[Template] = [
    {
        "easy": Wording(
            "What is {s} used for, and what are its core concepts?",
            "Define {s} in one or two sentences, name two or three core concepts, and give one situation where you "
            "would choose it.{hint}",
            "correct fundamentals of {s}, a concrete example, clear explanation",
        ),
        "medium": Wording(
            "Describe a project where you used {s}. What problem did it solve, and how did you structure the solution?",
            "Pick one real project; explain the problem, the design you chose with {s}, and one decision you would "
            "revisit.{hint}",
            "practical experience with {s}, design decisions, measurable results",
        ),
        "hard": Wording(
            "What are the main trade-offs and failure modes of {s} at scale, and how have you mitigated them?",
            "Name two concrete failure modes of {s}, how you detected them (metrics, alerts) and what you changed; "
            "mention an alternative you considered.{hint}",
            "trade-offs of {s}, failure handling and mitigation, performance at scale",
        ),
    },
    {
        "easy": Wording(
            "How do you find and fix a bug in code that uses {s}?",
            "Describe your steps in order: reproduce, isolate, fix, and prove the fix with a test. Name the tools "
            "you use with {s}.",
            "systematic problem-solving, debugging tools for {s}, verification with tests",
        ),
        "medium": Wording(
            "Walk me through how you would diagnose a performance problem in a system built with {s}.",
            "Start from the symptom, say which measurements you take first, how you narrow it down, and how you "
            "confirm the improvement with numbers.{hint}",
            "problem-solving method, profiling and metrics, performance fixes",
        ),
        "hard": Wording(
            "A component built with {s} degrades under peak load and the cause is not obvious. How do you find the "
            "root cause, fix it, and stop it from happening again?",
            "Cover detection (which metrics and alerts), the investigation, the fix and its trade-offs, and what "
            "you would change so it cannot recur.",
            "root cause analysis, monitoring and metrics, prevention and trade-offs",
        ),
    },
    {
        "easy": Wording(
            "How do you test code that uses {s}?",
            "Name the kinds of tests you write for {s} code, what each one catches, and one example.",
            "testing fundamentals, a concrete example, clear explanation",
        ),
        "medium": Wording(
            "How do you keep a codebase that uses {s} maintainable and well tested as it grows?",
            "Talk about conventions, reviews and the test mix you rely on, with one example of a problem they "
            "caught.{hint}",
            "testing strategy, code review and conventions, a concrete example",
        ),
        "hard": Wording(
            "How would you introduce reliable automated testing and safe releases for a large {s} system that has "
            "little test coverage today?",
            "Prioritise by risk, explain how you would roll it out without stopping delivery, and how you would "
            "measure that quality improved.",
            "testing strategy, risk and rollout plan, measurable results",
        ),
    },
]

# For methods, tools and trade skills (Agile, Jest, accessibility, nursing), where "failure modes at scale" or
# "diagnose a performance problem" would make no sense.
PRACTICE_TEMPLATE: Template = {
    "easy": Wording(
        "How do you apply {s} in your day-to-day work?",
        "Say what {s} means in practice for you, and give one recent example.{hint}",
        "understanding of {s}, a concrete example, clear explanation",
    ),
    "medium": Wording(
        "Describe a project where {s} made a real difference. What did you do, and what changed?",
        "Pick one project, describe your own actions with {s}, and the result you can show.{hint}",
        "practical experience with {s}, your actions, measurable results",
    ),
    "hard": Wording(
        "Where have you seen {s} go wrong or cost more than it gave, and how would you do it better?",
        "Be concrete about the cost or failure, why it happened, and what you would change; show judgement, not dogma.",
        "trade-offs of {s}, lessons learned, judgement about difficulties",
    ),
}
TOOLS = frozenset(
    {"Jest", "Cypress", "Playwright", "Selenium", "pytest", "JUnit", "Git", "Jira", "Figma", "GitHub Actions",
     "Jenkins", "Webpack", "Spreadsheets", "Excel", "Salesforce", "Grafana", "Datadog", "Prometheus"}
)  # fmt: skip

PAIR_TEMPLATE: Template = {
    "easy": Wording(
        "How do {a} and {b} fit together in a typical project?",
        "Explain what each one is responsible for and how they interact, using a small example.",
        "how the two work together, a concrete example, clear explanation",
    ),
    "medium": Wording(
        "Describe how you would design a feature that uses both {a} and {b}. Which responsibilities go where?",
        "Sketch the components and the data flow, and justify where each responsibility lives.",
        "design decisions, separation of concerns, trade-offs",
    ),
    "hard": Wording(
        "Design a system for this role that relies on {a} and {b}. Where are the bottlenecks and single points "
        "of failure, and how do you address them?",
        "Start with the requirements you assume, then the design, then bottlenecks, failure handling and the "
        "trade-offs you accept.",
        "system design, scalability and failure handling, trade-offs",
    ),
}

DUTY_TECHNICAL: Template = {
    "easy": Wording(
        "Which tools and methods would you use to {d}?",
        "Name the tools and methods you would use and why each fits this work; give one example.",
        "relevant tools and methods, a concrete example, clear explanation",
    ),
    "medium": Wording(
        "Explain how you would {d}, step by step, including how you would check the quality of the result.",
        "Give the steps in order, the decisions along the way, and how you would verify the result.",
        "a clear plan of steps, quality checks and verification, design decisions",
    ),
    "hard": Wording(
        "What can go wrong when you {d} at a larger scale, and how do you prevent it?",
        "Name specific risks, how you would detect them early, and the trade-offs of your safeguards.",
        "risk and failure handling, monitoring and metrics, trade-offs",
    ),
}

# Soft skill -> (story prompt, what the interviewer listens for)
COMPETENCIES: dict[str, tuple[str, str]] = {
    "Leadership": ("a time you led a team or an initiative", "leadership, your role and actions, measurable results"),
    "Mentoring": ("a time you helped a colleague grow or get up to speed", "mentoring, your actions, the outcome"),
    "Communication": (
        "a time you had to explain a complex topic to people without your background",
        "communication, adapting to the audience, the outcome",
    ),
    "Collaboration": (
        "a time you worked closely with another team or discipline to deliver something",
        "collaboration, your role and actions, the outcome",
    ),
    "Stakeholder Management": (
        "a time you had to manage competing expectations from stakeholders",
        "stakeholder communication, prioritisation, the outcome",
    ),
    "Problem Solving": (
        "a time you solved a problem that others could not pin down",
        "problem-solving, your actions, measurable results",
    ),
    "Ownership": (
        "a time you took ownership of a problem that was not formally yours",
        "ownership, your actions, the outcome",
    ),
    "Time Management": (
        "a time you had more work than time and had to prioritise",
        "prioritisation, stakeholder communication, the outcome",
    ),
    "Adaptability": (
        "a time priorities or requirements changed suddenly",
        "adaptability, your actions, the outcome",
    ),
    "Conflict Resolution": (
        "a time you disagreed with a colleague about an approach",
        "conflict resolution, communication, the outcome",
    ),
    "Decision Making": (
        "a time you had to make an important decision with incomplete information",
        "decision-making, trade-offs, the outcome",
    ),
    "Attention to Detail": (
        "a time your attention to detail prevented a problem",
        "attention to detail, your actions, the outcome",
    ),
    "Negotiation": (
        "a time you negotiated an outcome both sides could accept",
        "negotiation, trade-offs, the outcome",
    ),
    "Presentation": (
        "a time you presented your work to a critical audience",
        "communication, preparation, the outcome",
    ),
}
GENERIC_COMPETENCIES = (
    "Problem Solving",
    "Collaboration",
    "Conflict Resolution",
    "Time Management",
    "Ownership",
    "Adaptability",
    "Decision Making",
    "Communication",
    "Attention to Detail",
    "Leadership",
    "Mentoring",
    "Stakeholder Management",
)
STORY_WORDING = {
    "easy": "Tell me about {p}.",
    "medium": "Tell me about {p}. What was at stake, what did you do, and how did it turn out?",
    "hard": "Tell me about {p} and it did not go to plan. What did you do, and what would you do differently now?",
}
STORY_TIPS = (
    "Use STAR: a sentence or two of situation and task, most of the time on what you did yourself, and end with "
    "the result and what you learned."
)

HIGHLIGHT_TEMPLATE: Template = {
    "easy": Wording(
        "Your CV mentions: “{h}”. What was your role in that, and what did you do?",
        "Say what you personally owned, the two or three most important steps you took, and how it ended.",
        "your role and actions, the outcome, clear structure",
    ),
    "medium": Wording(
        "Tell me more about this line of your CV: “{h}”. What was the hardest part, and how did you handle it?",
        "Use STAR and spend most of the answer on the hardest part; back the result with the figures you can support.",
        "situation and your role, problem-solving, measurable results",
    ),
    "hard": Wording(
        "About this line of your CV: “{h}”. What went wrong or nearly went wrong, and what would you do "
        "differently now?",
        "Be candid about the mistake or risk, what you did about it, and the lesson you apply today.",
        "ownership of mistakes, lessons learned, measurable results",
    ),
}

GAP_TEMPLATE: Template = {
    "easy": Wording(
        "The role uses {g}, which your CV does not mention. How would you get productive with it in your first weeks?",
        "Describe a concrete learning plan: what you would read or build first, who you would ask, and how you "
        "would know you are ready. Relate it to something similar you already know.",
        "a learning plan, concrete steps, asking for help",
    ),
    "medium": Wording(
        "The role uses {g}, which your CV does not mention. In your first month you are asked to ship a feature "
        "that depends on it. How do you approach it?",
        "Show how you would reduce risk: learn the essentials, agree the scope, get early review, and communicate "
        "progress honestly.",
        "a learning plan, risk management, communication with the team",
    ),
    "hard": Wording(
        "The role uses {g}, which your CV does not mention. A production problem involving {g} appears while "
        "the team's expert is away. What do you do?",
        "Cover containment first (rollback, feature flag), then diagnosis, communication with stakeholders, and "
        "what you would put in place afterwards.",
        "problem-solving under pressure, risk and rollback, stakeholder communication",
    ),
}

DUTY_SITUATION: Template = {
    "easy": Wording(
        "Suppose you are asked to {d}. How would you plan the first steps?",
        "Walk through the steps in order, starting with the questions you would ask, and say how you would know "
        "you had succeeded.",
        "a clear plan of steps, clarifying requirements, how you judge success",
    ),
    "medium": Wording(
        "Your task is to {d}, and two weeks before the deadline the scope grows. What do you do?",
        "Explain how you would assess the impact, which options you would put to stakeholders, and how you would "
        "decide.",
        "prioritisation, stakeholder communication, trade-offs",
    ),
    "hard": Wording(
        "Part of your job is to {d}. A serious defect from that work reaches customers. Walk me through the first "
        "hour and the following week.",
        "Separate containment, communication and root-cause work; finish with the changes that prevent a repeat.",
        "incident handling, stakeholder communication, prevention and lessons learned",
    ),
}

GENERIC_SITUATIONS: list[Template] = [
    {
        level: Wording(
            "Two stakeholders ask for conflicting changes with the same deadline{x}. How do you decide what to do?",
            "Show how you would clarify the business impact of each request, make the trade-off visible, and get "
            "a decision agreed.",
            "prioritisation, stakeholder communication, trade-offs",
        )
        for level in ("easy", "medium", "hard")
    },
    {
        level: Wording(
            "You are given a task with vague requirements and the person who asked for it is hard to reach{x}. "
            "How do you proceed?",
            "Explain how you would make progress safely: state your assumptions, build the smallest useful piece, "
            "and confirm early.",
            "clarifying requirements, a clear plan of steps, communication",
        )
        for level in ("easy", "medium", "hard")
    },
    {
        level: Wording(
            "You realise an important deliverable will be late{x}. When and how do you raise it?",
            "Say how early you would raise it, with which facts and options, and how you would keep people "
            "informed afterwards.",
            "ownership, stakeholder communication, a clear plan of steps",
        )
        for level in ("easy", "medium", "hard")
    },
    {
        level: Wording(
            "Shortly before a release you notice a serious problem in a teammate's work{x}. What do you do?",
            "Balance the release risk against the relationship: how you raise it, with whom, and what you propose.",
            "communication, risk assessment, collaboration",
        )
        for level in ("easy", "medium", "hard")
    },
]
SITUATION_PRESSURE = {"easy": "", "medium": ", and your manager is away", "hard": ", your manager is away and "
                      "customers are waiting"}  # fmt: skip

DUTY_ROLE: Template = {
    "easy": Wording(
        "One of the duties of this role is to {d}. What experience do you have with that kind of work?",
        "Give one concrete example from your experience, what you did, and how it turned out.{hint}",
        "relevant experience, a concrete example, the outcome",
    ),
    "medium": Wording(
        "One of the duties of this role is to {d}. How would you approach it in your first three months?",
        "Lay out a plan by month: learn, deliver a first result, then improve; say how you would measure success.",
        "a clear plan of steps, priorities, how you measure success",
    ),
    "hard": Wording(
        "One of the duties of this role is to {d}. What is the hardest part of doing that well, and how would "
        "you measure whether you are succeeding?",
        "Name the real difficulty, how you would handle it, and two or three measures of success with targets "
        "you would agree with your manager.",
        "judgement about difficulties, measurable success criteria, trade-offs",
    ),
}
TITLE_TEMPLATE: Template = {
    "easy": Wording(
        "Why are you interested in this {t} position, and what makes you a good fit?",
        "Connect two or three specific requirements of the job to evidence from your experience.",
        "motivation, fit with the role, relevant experience",
    ),
    "medium": Wording(
        "Which of your experiences best prepares you for this {t} role, and where would you need to grow?",
        "Pick one strong example that matches the job's main duties, and be specific about one gap and your "
        "plan for it.",
        "relevant experience, self-awareness, a learning plan",
    ),
    "hard": Wording(
        "What do you expect to be the biggest challenge in your first six months in this {t} role, and how "
        "would you tackle it?",
        "Base the challenge on the job description, not on generalities; give a plan and how you would measure "
        "progress.",
        "judgement about difficulties, a clear plan of steps, measurable success criteria",
    ),
}
GENERIC_ROLE: list[Template] = [
    {
        "easy": Wording(
            "What do you enjoy most about this kind of work, and what do you find hardest?",
            "Be specific: one thing that motivates you, with an example, and one difficulty with how you handle it.",
            "motivation, self-awareness, a concrete example",
        ),
        "medium": Wording(
            "What would your previous manager say is your biggest strength and your biggest area to improve?",
            "Give one strength with evidence and one real area to improve, with what you are doing about it.",
            "self-awareness, concrete evidence, a learning plan",
        ),
        "hard": Wording(
            "Describe the most complex piece of work you have done in this field. What made it complex?",
            "Explain the complexity itself (scale, ambiguity, constraints), your part in it, and the result.",
            "scope and impact, your role and actions, measurable results",
        ),
    },
    {
        "easy": Wording(
            "How do you keep your skills up to date for this kind of role?",
            "Name the concrete habits and sources you use, and one thing you learned recently and applied.",
            "a learning plan, concrete examples, relevant experience",
        ),
        "medium": Wording(
            "How do you measure whether you are doing a good job in a role like this?",
            "Name two or three measures you would track, and how you would act on them.",
            "measurable success criteria, self-assessment, a concrete example",
        ),
        "hard": Wording(
            "If you could change one common practice in this field, what would it be and why?",
            "Show judgement: the problem with the current practice, your alternative, and its trade-offs.",
            "judgement about difficulties, trade-offs, relevant experience",
        ),
    },
]
SKILLS_LIST_TEMPLATE = Wording(
    "The role lists {skills}. Which of these is your strongest, and what evidence from your work shows it?",
    "Choose one, give a concrete project and outcome, and be honest about the weakest of the list.",
    "self-assessment, concrete evidence, measurable results",
)
YEARS_TEMPLATE = Wording(
    "The job asks for {n}+ years of experience. Which parts of your experience show that you work at that level?",
    "Point to scope and impact (size of systems, teams or budgets, decisions you owned) rather than time served.",
    "relevant experience, scope and impact, measurable results",
)


def generate(context: Context, count: int, difficulty: Difficulty) -> QuestionDrafts:
    """`count` distinct questions in a rotation of categories, each grounded in the job or the CV."""
    sources = {
        "technical": _technical(context, difficulty),
        "behavioral": _behavioral(context, difficulty),
        "situational": _situational(context, difficulty),
        "role-specific": _role_specific(context, difficulty),
    }
    drafts: list[QuestionDraft] = []
    seen: set[str] = set()
    for category in islice(_cycle(ROTATION), count * 4):
        if len(drafts) == count:
            break
        for source in (category, *FALLBACK_ORDER):
            draft = _next_unique(sources[source], seen)
            if draft is not None:
                drafts.append(draft)
                break
    return QuestionDrafts(questions=drafts)


def _cycle(items: tuple[Category, ...]) -> Iterator[Category]:
    while True:
        yield from items


def _next_unique(source: Iterator[QuestionDraft], seen: set[str]) -> QuestionDraft | None:
    for draft in source:
        key = re.sub(r"\W+", " ", draft.question.lower()).strip()
        if key not in seen:
            seen.add(key)
            return draft
    return None


def _draft(category: Category, wording: Wording, **slots: str) -> QuestionDraft:
    fill: Callable[[str], str] = lambda text: re.sub(r"\s+", " ", text.format(**slots)).strip()
    return QuestionDraft(
        question=fill(wording.question),
        category=category,
        tips=fill(wording.tips),
        expected_answer_focus=fill(wording.focus),
    )


def _hint(context: Context, skill: str) -> str:
    highlight = context.highlight_about(skill)
    return f" Your CV already has a good example: “{highlight}”." if highlight else ""


def _technical(context: Context, level: Difficulty) -> Iterator[QuestionDraft]:
    skills = _unique(context.matched + context.hard_job_skills) or [s.name for s in context.cv_skills][:4]
    kinds = {s.name: s.kind for s in context.job_skills + context.cv_skills}
    engineering = [s for s in skills if kinds.get(s) == "tech" and s not in TOOLS]
    for round_ in range(len(SKILL_TEMPLATES)):
        for skill in skills:
            if skill in engineering:
                template = SKILL_TEMPLATES[(engineering.index(skill) + round_) % len(SKILL_TEMPLATES)]
            elif round_ == 0:
                template = PRACTICE_TEMPLATE
            else:
                continue
            yield _draft("technical", template[level], s=context.phrase(skill), hint=_hint(context, skill))
        if round_ == 0:
            for first, second in zip(engineering[::2], engineering[1::2], strict=False):
                yield _draft("technical", PAIR_TEMPLATE[level], a=first, b=second)
            for duty in context.duties[:3]:
                yield _draft("technical", DUTY_TECHNICAL[level], d=duty)


def _behavioral(context: Context, level: Difficulty) -> Iterator[QuestionDraft]:
    competencies = _unique([s for s in context.soft_job_skills if s in COMPETENCIES] + list(GENERIC_COMPETENCIES))
    highlights = iter(context.highlights)
    for index, name in enumerate(competencies):
        if index % 2 == 1:
            highlight = next(highlights, None)
            if highlight:
                yield _draft("behavioral", HIGHLIGHT_TEMPLATE[level], h=highlight)
        prompt, focus = COMPETENCIES[name]
        yield _draft("behavioral", Wording(STORY_WORDING[level], STORY_TIPS, focus), p=prompt)
    for highlight in highlights:
        yield _draft("behavioral", HIGHLIGHT_TEMPLATE[level], h=highlight)


def _situational(context: Context, level: Difficulty) -> Iterator[QuestionDraft]:
    duties = iter(context.duties)
    kinds = {s.name: s.kind for s in context.job_skills}
    for gap in [g for g in context.gaps if kinds.get(g) == "tech" and g not in TOOLS][:3]:
        yield _draft("situational", GAP_TEMPLATE[level], g=gap)
        duty = next(duties, None)
        if duty:
            yield _draft("situational", DUTY_SITUATION[level], d=duty)
    for duty in duties:
        yield _draft("situational", DUTY_SITUATION[level], d=duty)
    for template in GENERIC_SITUATIONS:
        yield _draft("situational", template[level], x=SITUATION_PRESSURE[level])


def _role_specific(context: Context, level: Difficulty) -> Iterator[QuestionDraft]:
    yield _draft("role-specific", TITLE_TEMPLATE[level], t=context.title or "")
    for duty in reversed(context.duties):
        yield _draft("role-specific", DUTY_ROLE[level], d=duty, hint=_duty_hint(context, duty))
    if len(context.hard_job_skills) >= 3:
        yield _draft("role-specific", SKILLS_LIST_TEMPLATE, skills=_listing(context.hard_job_skills[:4]))
    if context.years:
        yield _draft("role-specific", YEARS_TEMPLATE, n=str(context.years))
    for template in GENERIC_ROLE:
        yield _draft("role-specific", template[level])


def _duty_hint(context: Context, duty: str) -> str:
    skills = [s.name for s in context.matcher.find(duty)]
    return next((_hint(context, skill) for skill in skills if _hint(context, skill)), "")


def _listing(names: list[str]) -> str:
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]


def _unique(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))
