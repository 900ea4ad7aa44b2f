"""The offline answer rubric: a 0-100 score from five measured criteria, and feedback that cites the answer.

| criterion  | points | measured by                                                                              |
|------------|--------|------------------------------------------------------------------------------------------|
| relevance  | 30     | embedding similarity of the answer to the question and its expected focus, plus the share |
|            |        | of the question's key terms (and the skill it names) that the answer uses                |
| structure  | 20     | behavioural: situation, task, action, result (5 each); situational: assess, plan, act,    |
|            |        | check; technical: reasoning, example, trade-offs, verification; role-specific: a mix      |
| specificity| 20     | figures (8), named technologies and methods (6), outcome verbs (3), "I" over "we" (3)     |
| coverage   | 20     | share of the expected focus's aspects that the answer covers                              |
| length     | 10     | words against a band per category (spoken answers of one to three minutes)               |

An answer under 8 words scores at most 10; an answer that does not address the question (low similarity and few
shared key terms) at most 35, however long or specific it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from interview.context import Context
from interview.models import Category, Difficulty
from jobmatch.ai import signals

WEIGHTS = {"relevance": 30, "structure": 20, "specificity": 20, "coverage": 20, "length": 10}
# Cosine similarity of the hash embedder between an answer and its question: ~0.0 unrelated, 0.25+ on topic.
# It only sees shared words, so the share of the question's concepts the answer expresses weighs more.
SIMILARITY_FLOOR, SIMILARITY_GOOD = 0.02, 0.25
SEMANTIC_WEIGHT, CONCEPT_WEIGHT, CONCEPT_FULL = 0.4, 0.6, 0.6
OFF_TOPIC_CAP, TOO_SHORT_CAP, TOO_SHORT_WORDS = 35, 10, 8
# Unrelated texts reach ~0.1 cosine by shared common words; an answer is off topic when it also shares no concept.
OFF_TOPIC_OVERLAP, OFF_TOPIC_SIMILARITY = 0.2, 0.12
# (acceptable minimum, ideal from, ideal to, acceptable maximum) in words
LENGTH_BANDS = {
    "behavioral": (40, 70, 300, 500),
    "situational": (35, 60, 280, 500),
    "technical": (20, 40, 250, 450),
    "role-specific": (30, 50, 250, 450),
}
DEFAULT_FOCUS = {
    "behavioral": "situation and your role, your actions, measurable results, lessons learned",
    "situational": "assessing the situation, a clear plan of steps, stakeholder communication, how you judge success",
    "technical": "correct fundamentals, a concrete example, trade-offs, verification",
    "role-specific": "relevant experience, a clear plan of steps, measurable results",
}
QUESTION_NOISE = frozenset(
    signals.content_words(
        "tell me about time describe walk through how what why would you your do did give example explain "
        "when which where question role this job company work experience"
    )
)
_BEHAVIORAL_Q = re.compile(
    r"\b(tell me about a time|describe a (?:time|situation)|give (?:me )?an example|"
    r"how did you|what did you do|a time (?:when|you)|your cv mentions|line of your cv)\b",
    re.I,
)
_SITUATIONAL_Q = re.compile(
    r"\b(what would you do|how would you (?:handle|respond|react|proceed|approach)|"
    r"suppose|imagine|what if|if you (?:were|had)|you are (?:asked|given|responsible)|"
    r"you realise|you notice)\b",
    re.I,
)
_TECHNICAL_Q = re.compile(
    r"\b(explain|how does|how do you (?:test|design|debug|scale|implement|handle)|difference "
    r"between|design a|architecture|algorithm|complexity|trade-?offs?|performance)\b",
    re.I,
)


def infer_category(question: str, context: Context) -> Category:
    """The category of a free-form question (used by the stateless practice and evaluate routes)."""
    if _BEHAVIORAL_Q.search(question):
        return "behavioral"
    if _SITUATIONAL_Q.search(question):
        return "situational"
    if _TECHNICAL_Q.search(question) or any(s.kind != "soft" for s in context.matcher.find(question)):
        return "technical"
    return "role-specific"


# --- focus aspects: how to tell that an answer covers one --------------------------------------------------------


def _has(pattern: str) -> Callable[[Evidence], bool]:
    compiled = re.compile(pattern, re.I)
    return lambda ev: bool(compiled.search(ev.answer))


# fmt: off
ASPECT_CHECKS: list[tuple[re.Pattern[str], Callable[[Evidence], bool]]] = [
    (re.compile(r"measur|metric|result|impact|outcome|quantif|success criteria|how you judge|how you measure", re.I),
     lambda ev: bool(ev.figures) or len(ev.outcomes) >= 2 or (bool(ev.outcomes) and ev.star["result"])),
    (re.compile(r"trade-?off|pros and cons|alternative|separation of concerns|design decision", re.I),
     lambda ev: bool(signals.TRADE_OFF.search(ev.answer)) or bool(signals.REASONING.search(ev.answer))),
    (re.compile(r"ownership|your role|personal|self-assessment|self-awareness", re.I),
     lambda ev: ev.ownership.personal),
    (re.compile(r"problem-solving|debug|root cause|diagnos|troubleshoot|investigat", re.I),
     _has(r"\b(problem|root cause|debug|investigat|diagnos|reproduc|isolat|fix|solv|narrow|profil|found|"
          r"identif|analy[sz]|measur|traced?|bisect|optimi[sz])\w*")),
    (re.compile(r"technical depth|fundamentals|correct|tools|methods|explanation|how the two", re.I),
     lambda ev: len(ev.skills) >= 2 or bool(signals.REASONING.search(ev.answer))),
    (re.compile(r"communicat|stakeholder|collaborat|audience|conflict|negotiat|mentoring|leadership|team", re.I),
     _has(r"\b(team|stakeholder|explain|communicat|align|agree|meeting|together|colleague|manager|listen|"
          r"discuss|present|mentor|coach|feedback|update)\w*")),
    (re.compile(r"lesson|learn(?:ed|ing)? (?:from|lesson)|mistake|differently|reflect", re.I),
     _has(r"\b(learn|lesson|next time|differently|reflect|in hindsight|mistake|now I|since then)\w*")),
    (re.compile(r"priorit|deadline|time management", re.I),
     _has(r"\b(priorit|urgent|impact|deadline|first|trade|order|most important|defer|postpone)\w*")),
    (re.compile(r"test|quality|verification|verify|check", re.I),
     lambda ev: bool(signals.VERIFICATION.search(ev.answer))),
    (re.compile(r"scal|performance|bottleneck|load", re.I),
     _has(r"\b(scal|performance|latency|throughput|load|cache|caching|concurren|bottleneck|index|queue|shard)\w*")),
    (re.compile(r"risk|failure|rollback|incident|mitigat|prevention|under pressure", re.I),
     _has(r"\b(risk|fail|rollback|roll back|fallback|mitigat|incident|backup|redundan|alert|prevent|"
          r"feature flag|post-?mortem|contain)\w*")),
    (re.compile(r"learning plan|getting up to speed|asking for help|get productive", re.I),
     _has(r"\b(learn|course|documentation|docs|tutorial|pair|practi[cs]e|prototype|ask|mentor|read)\w*")),
    (re.compile(r"plan|steps|approach|requirements|priorities", re.I),
     _has(r"\b(first|then|next|after that|finally|step|plan|week|month|start by|begin)\b")),
    (re.compile(r"motivation|fit|interest", re.I),
     _has(r"\b(because|interest|excit|motivat|passion|fit|align|want|enjoy|attract)\w*")),
    (re.compile(r"experience|example|evidence|practical", re.I),
     lambda ev: bool(signals.EXAMPLE.search(ev.answer)) or ev.star["action"] or ev.star["situation"]),
    (re.compile(r"structure", re.I), lambda ev: sum(ev.star.values()) >= 3),
]
# fmt: on


@dataclass
class Evidence:
    """What the answer contains, measured once."""

    answer: str
    words: int
    star: dict[str, bool]
    figures: list[str]
    outcomes: list[str]
    skills: list[str]
    job_skills_named: list[str]
    ownership: signals.Ownership
    similarity: float
    concept_overlap: float
    question_skills_missing: list[str]


@dataclass
class Assessment:
    question: str
    answer: str
    category: Category
    difficulty: Difficulty
    focus: str
    evidence: Evidence
    points: dict[str, int]
    covered: list[str]
    missing: list[str]
    cap: str | None
    context: Context = field(repr=False)

    @property
    def score(self) -> int:
        total = sum(self.points.values())
        if self.cap == "too short":
            return min(total, TOO_SHORT_CAP)
        if self.cap == "off topic":
            return min(total, OFF_TOPIC_CAP)
        return total


def assess(
    question: str, answer: str, context: Context, *, category: Category | None = None,
    difficulty: Difficulty = "medium", focus: str | None = None,
) -> Assessment:  # fmt: skip
    """Score `answer` to `question` with the rubric above."""
    category = category or infer_category(question, context)
    focus = (focus or "").strip() or DEFAULT_FOCUS[category]
    evidence = _evidence(question, answer, focus, context)
    aspects = _aspects(focus)
    covered = [a for a in aspects if _covers(a, evidence)]
    points = {
        "relevance": _relevance(evidence),
        "structure": _structure(category, evidence),
        "specificity": _specificity(evidence),
        "coverage": round(WEIGHTS["coverage"] * len(covered) / len(aspects)) if aspects else WEIGHTS["coverage"],
        "length": _length(category, evidence.words),
    }
    missing = [a for a in aspects if a not in covered]
    cap = _cap(evidence)
    return Assessment(question, answer, category, difficulty, focus, evidence, points, covered, missing, cap, context)


def _evidence(question: str, answer: str, focus: str, context: Context) -> Evidence:
    named = context.matcher.find(answer)
    skills = [s.name for s in named if s.kind != "soft"]
    job_skills = {s.name for s in context.job_skills}
    question_skills = [s.name for s in context.matcher.find(question) if s.kind != "soft"]
    return Evidence(
        answer=answer,
        words=signals.word_count(answer),
        star=signals.star_parts(answer),
        figures=signals.figures(answer),
        outcomes=signals.outcomes(answer),
        skills=skills,
        job_skills_named=[s.name for s in named if s.name in job_skills],
        ownership=signals.ownership(answer),
        similarity=signals.similarity(answer, f"{question}\n{focus}"),
        concept_overlap=signals.concept_overlap(question, answer, QUESTION_NOISE),
        question_skills_missing=[s for s in question_skills if s not in skills],
    )


def _aspects(focus: str) -> list[str]:
    """The points of an expected focus: "a, b, and c" gives a, b and c."""
    parts = (re.sub(r"^(?:and|or)\s+", "", part.strip(" .")) for part in re.split(r"[,;]", focus))
    return [part for part in parts if part][:6]


def _covers(aspect: str, evidence: Evidence) -> bool:
    for pattern, check in ASPECT_CHECKS:
        if pattern.search(aspect):
            return check(evidence)
    return signals.term_overlap(aspect, evidence.answer) >= 0.5  # an aspect we have no detector for


def _relevance(evidence: Evidence) -> int:
    semantic = _scale(evidence.similarity, SIMILARITY_FLOOR, SIMILARITY_GOOD)
    overlap = min(1.0, evidence.concept_overlap / CONCEPT_FULL)
    penalty = 0.25 if evidence.question_skills_missing else 0.0
    return round(WEIGHTS["relevance"] * max(0.0, SEMANTIC_WEIGHT * semantic + CONCEPT_WEIGHT * overlap - penalty))


def _structure(category: Category, evidence: Evidence) -> int:
    text = evidence.answer
    if category == "behavioral":
        present = list(evidence.star.values())
    elif category == "situational":
        present = [
            bool(re.search(r"\b(understand|clarif|assess|gather|ask|check|investigat|find out|talk to)\w*", text,
                           re.I)),
            bool(re.search(r"\b(first|then|next|after that|finally|step|start by|begin)\b", text, re.I)),
            bool(re.search(r"\b(I would|I'd|I will|I'll|I'm going to|my approach)\b", text, re.I))
            or evidence.star["action"],
            bool(re.search(r"\b(so that|to ensure|measure|success|follow up|verify|confirm|result|outcome)\w*",
                           text, re.I)),
        ]  # fmt: skip
    elif category == "technical":
        present = [
            bool(signals.REASONING.search(text)),
            bool(signals.EXAMPLE.search(text)) or evidence.star["action"],
            bool(signals.TRADE_OFF.search(text)),
            bool(signals.VERIFICATION.search(text)),
        ]
    else:
        present = [
            bool(signals.EXAMPLE.search(text)) or evidence.star["action"],
            bool(re.search(r"\b(first|then|next|plan|approach|step)\b", text, re.I)),
            bool(signals.REASONING.search(text)),
            bool(evidence.figures) or evidence.star["result"],
        ]
    return round(WEIGHTS["structure"] * sum(present) / len(present))


def _specificity(evidence: Evidence) -> int:
    figures = 0 if not evidence.figures else (5 if len(evidence.figures) == 1 else 8)
    named = min(3, len(evidence.skills)) * 2
    outcomes = 0 if not evidence.outcomes else (2 if len(evidence.outcomes) == 1 else 3)
    personal = 3 if evidence.ownership.personal else 0
    return figures + named + outcomes + personal


def _length(category: Category, words: int) -> int:
    low, ideal_from, ideal_to, high = LENGTH_BANDS[category]
    if words < TOO_SHORT_WORDS:
        return 0
    if words < low:
        return 3
    if words < ideal_from:
        return 7
    if words <= ideal_to:
        return 10
    return 8 if words <= high else 5


def _cap(evidence: Evidence) -> str | None:
    if evidence.words < TOO_SHORT_WORDS:
        return "too short"
    if evidence.concept_overlap < OFF_TOPIC_OVERLAP and evidence.similarity < OFF_TOPIC_SIMILARITY:
        return "off topic"
    return None


def _scale(value: float, low: float, high: float) -> float:
    return min(1.0, max(0.0, (value - low) / (high - low)))
