"""Measurable signals in a spoken or written answer, for offline analysts: structure, specificity, relevance.

Every function is deterministic and needs no model or network. `similarity` always uses the hash embedder, even
where the catalog embeds with a hosted model: an offline score must not depend on a provider being reachable, and
the thresholds built on it (see the interview rubric) are calibrated on the hash embedder's cosines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from jobmatch.embeddings import HashEmbedder
from jobmatch.embeddings.hashing import words

_EMBEDDER = HashEmbedder()
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")
_WORD = re.compile(r"[\w'+#.-]+")

# STAR: markers of each part of a behavioural answer. Deliberately broad; each part only needs one sign.
STAR_MARKERS = {
    "situation": re.compile(
        r"\b(when I was|while (?:I was )?(?:working|at|on)|at my (?:previous|last|current|first) (?:job|company|role|"
        r"employer)|in my (?:previous|last|current|first) (?:role|job|position|team)|(?:our|the) (?:team|company|"
        r"product|client|customer|system|project|service|app|application|codebase|ward|department) (?:was|had|were|"
        r"needed|faced|kept)|(?:our|the|a) (?:\w+ ){0,2}(?:was|were|had|took|kept|needed|faced|started)|"
        r"last (?:year|quarter|month)|in (?:19|20)\d\d|during (?:a|an|the|my)|we had a|there was a|"
        r"(?:^|[.!?]\s+)(?:at|in|on|when|while|during|last) [A-Z]?\w+)\b",
        re.IGNORECASE,
    ),
    "task": re.compile(
        r"\b(my (?:role|job|task|responsibility|goal|assignment) (?:was|is)|I was (?:responsible|tasked|asked|"
        r"in charge|hired)|(?:I|we) (?:needed|had|wanted) to|(?:the|our|my) (?:goal|aim|objective|target|challenge|"
        r"problem|issue|deadline) was|I owned|I took (?:on|ownership))\b",
        re.IGNORECASE,
    ),
    "action": re.compile(
        r"\b(?:I|we)\s+(?:\w+ly\s+)?(?:led|built|designed|implemented|created|wrote|rewrote|developed|introduced|"
        r"set up|organi[sz]ed|migrated|refactored|automated|analy[sz]ed|proposed|negotiated|coordinated|mentored|"
        r"trained|fixed|debugged|investigated|profiled|decided|started|ran|used|added|moved|changed|spoke|talked|met|"
        r"scheduled|prioriti[sz]ed|tested|deployed|optimi[sz]ed|replaced|split|measured|reviewed|documented|"
        r"escalated|paired|presented|explained|asked|listened|planned|broke|chose|switched|cached|indexed)\b",
        re.IGNORECASE,
    ),
    "result": re.compile(
        r"\b(as a result|result(?:ed|s|ing)? in|which (?:led|meant|cut|saved|reduced|increased|improved)|"
        r"(?:reduced|increased|improved|cut|saved|grew|raised|lowered|boosted|doubled|tripled|halved|shortened|"
        r"eliminated|prevented)|in the end|eventually|outcome|the impact|(?:shipped|delivered|launched|released|"
        r"finished|completed) (?:on time|ahead|early|it|the)|we (?:hit|met|beat) (?:the|our)|learn(?:ed|t)|"
        r"lesson|since then|from then on|went (?:down|up) (?:by|from))\b",
        re.IGNORECASE,
    ),
}
# Signs of technical reasoning: why, an example, the trade-offs, and how it was checked.
REASONING = re.compile(r"\b(because|so that|which means|the reason|in order to|this (?:lets|allows|avoids))\b", re.I)
EXAMPLE = re.compile(
    r"\b(for example|for instance|e\.g\.|such as|in one project|on one project|in my last|once)\b", re.I
)
TRADE_OFF = re.compile(
    r"\b(trade-?offs?|downside|drawback|however|on the other hand|instead of|rather than|versus|vs\.?|cost of|"
    r"depends on|it depends|at the expense|pros and cons|limitation|risk)\b",
    re.I,
)
VERIFICATION = re.compile(
    r"\b(tests?|tested|monitor(?:ed|ing)?|metrics?|measured|benchmark(?:ed)?|profil(?:ed|ing)|"
    r"alerts?|dashboards?|logs?|validated|verified)\b",
    re.I,
)
OUTCOME = re.compile(
    r"\b(reduced|increased|improved|cut|saved|grew|raised|lowered|boosted|doubled|tripled|halved|shortened|"
    r"eliminated|prevented|delivered|launched|shipped|won|retained|achieved|exceeded)\b",
    re.I,
)
FIGURE = re.compile(
    r"(?<![\w.])(?:[$€£]\s?\d[\d,.]*\s?(?:k|m|bn|million|billion)?|\d[\d,.]*\s?(?:%|percent|x\b|k\b|ms\b|"
    r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|users?|customers?|people|developers|engineers|"
    r"patients|clients|requests|transactions|tickets|services|teams?|members|reports|releases)\b))",
    re.I,
)
# Words that mean the same thing in an interview question and in an answer to it. The hash embedder matches
# words, not meanings; these groups let "issue" in a question meet "bug" or "slow" in the answer.
# fmt: off
CONCEPTS: dict[str, tuple[str, ...]] = {
    "problem": ("problem", "issue", "bug", "challenge", "challenging", "difficult", "difficulty", "obstacle",
                "incident", "failure", "outage", "defect", "error", "broken", "complaint", "struggle", "struggled"),
    "solve": ("solve", "solved", "fix", "fixed", "resolve", "resolved", "handle", "handled", "tackle", "tackled",
              "overcome", "debug", "debugged", "mitigate", "mitigated", "workaround", "optimize", "optimise",
              "optimized", "optimised"),
    "performance": ("performance", "slow", "fast", "faster", "speed", "latency", "load", "loading", "throughput",
                    "bundle", "memory", "cpu", "lazy", "memoise", "memoize", "profile", "profiled"),
    "project": ("project", "app", "application", "product", "system", "feature", "platform", "service",
                "codebase", "website", "dashboard", "migration", "initiative"),
    "colleague": ("colleague", "teammate", "junior", "peer", "team", "member", "hire", "coworker", "developer",
                  "engineer", "intern", "newcomer"),
    "grow": ("grow", "growth", "learn", "learned", "mentor", "mentored", "mentoring", "coach", "coached", "teach",
             "taught", "pair", "paired", "onboard", "onboarding", "ramp", "train", "trained", "speed", "independent",
             "own"),
    "stakeholder": ("stakeholder", "client", "customer", "business", "requester", "sponsor", "owner", "user",
                    "manager", "product"),
    "conflict": ("conflict", "conflicting", "disagree", "disagreed", "disagreement", "tension", "competing",
                 "argument", "clash", "pushback", "oppose"),
    "decide": ("decide", "decided", "decision", "choose", "chose", "choice", "prioritise", "prioritize",
               "priority", "priorities", "trade-off", "tradeoff", "option", "options", "weigh", "impact"),
    "deadline": ("deadline", "late", "delay", "delayed", "schedule", "timeline", "date", "sprint", "release",
                 "estimate"),
    "communicate": ("communicate", "communication", "explain", "explained", "talk", "talked", "discuss",
                    "discussed", "meeting", "present", "presented", "update", "inform", "informed", "audience",
                    "email", "raise", "raised", "escalate", "escalated"),
    "lead": ("lead", "led", "leader", "leadership", "manage", "managed", "guide", "guided", "drive", "drove",
             "organise", "organize", "coordinate", "coordinated", "delegate", "delegated"),
    "state": ("state", "store", "redux", "context", "cache", "zustand", "mobx", "reducer", "slice"),
    "scale": ("scale", "scalability", "scalable", "large", "traffic", "volume", "million", "growth", "bottleneck",
              "peak", "concurrency"),
    "test": ("test", "testing", "tested", "coverage", "qa", "quality", "jest", "cypress", "pytest", "unit",
             "integration", "regression", "e2e"),
    "design": ("design", "designed", "architecture", "structure", "pattern", "component", "module", "layer",
               "separation", "interface", "abstraction"),
    "change": ("change", "changed", "requirement", "scope", "request", "requested", "shift", "pivot"),
    "mistake": ("mistake", "fail", "failed", "wrong", "lesson", "regret", "differently", "hindsight"),
    "measure": ("measure", "measured", "metric", "kpi", "result", "outcome", "impact", "percent", "success",
                "improve", "improved", "reduce", "reduced", "increase", "increased"),
    "patient": ("patient", "ward", "clinical", "care", "nurse", "triage", "safety", "observation"),
    "deliver": ("deliver", "delivered", "ship", "shipped", "launch", "launched", "release", "released", "deploy",
                "deployed"),
    "security": ("security", "secure", "vulnerability", "auth", "authentication", "authorization", "encryption",
                 "owasp", "permission"),
    "data": ("data", "database", "sql", "query", "queries", "table", "index", "schema", "postgres", "postgresql"),
}
# fmt: on
_CONCEPT_OF = {stem: concept for concept, group in CONCEPTS.items() for word in group for stem in words(word)}

_I = re.compile(r"\b(I|I'm|I've|I'd|my|me)\b")
_WE = re.compile(r"\b(we|we're|we've|our|us)\b", re.I)


def sentences(text: str) -> list[str]:
    """Sentences and list items of `text`, stripped, non-empty."""
    return [part.strip(" -*\u2022\t") for part in _SENTENCE_END.split(text or "") if part.strip(" -*\u2022\t")]


def word_count(text: str) -> int:
    return len(_WORD.findall(text or ""))


def ordered_words(text: str) -> list[str]:
    """Stemmed content words in order of appearance, repeats included."""
    return words(text or "")


def content_words(text: str) -> set[str]:
    """Stemmed content words (function words dropped), as the hash embedder sees them."""
    return set(words(text or ""))


def star_parts(text: str) -> dict[str, bool]:
    """Which parts of Situation, Task, Action, Result the answer shows."""
    return {part: bool(pattern.search(text or "")) for part, pattern in STAR_MARKERS.items()}


def figures(text: str) -> list[str]:
    """Quantities with a unit, percentages, money and multipliers: the numbers that make a claim concrete."""
    return [m.group(0).strip() for m in FIGURE.finditer(text or "")]


def outcomes(text: str) -> list[str]:
    return sorted({m.group(0).lower() for m in OUTCOME.finditer(text or "")})


@dataclass(frozen=True)
class Ownership:
    """How much of the answer is told in the first person singular rather than "we"."""

    i_mentions: int
    we_mentions: int

    @property
    def personal(self) -> bool:
        return self.i_mentions > 0 and self.i_mentions >= self.we_mentions / 2


def ownership(text: str) -> Ownership:
    return Ownership(len(_I.findall(text or "")), len(_WE.findall(text or "")))


def similarity(a: str, b: str) -> float:
    """Cosine similarity of two texts' embeddings (0 for blank text)."""
    if not (a or "").strip() or not (b or "").strip():
        return 0.0
    vectors = _EMBEDDER.embed_documents([a, b])
    return float(np.clip(vectors[0] @ vectors[1], -1.0, 1.0))


def best_match(query: str, candidates: list[str]) -> tuple[int, float]:
    """Index and cosine similarity of the candidate closest to `query` ((-1, 0.0) when there is none)."""
    if not candidates or not (query or "").strip():
        return -1, 0.0
    scores = _EMBEDDER.embed_documents(candidates) @ _EMBEDDER.embed_query(query)
    best = int(np.argmax(scores))
    return best, float(scores[best])


def concepts(text: str) -> set[str]:
    """The content words of `text`, each replaced by its concept when it belongs to one (see CONCEPTS)."""
    return {_CONCEPT_OF.get(word, word) for word in words(text or "")}


def concept_overlap(required: str, text: str, ignore: frozenset[str] = frozenset()) -> float:
    """Share of the concepts of `required` (minus `ignore`) that `text` also expresses (1 when there are none)."""
    wanted = {c for c in concepts(required) if c not in ignore}
    return 1.0 if not wanted else len(wanted & concepts(text)) / len(wanted)


def term_overlap(required: str, text: str) -> float:
    """Share of the content words of `required` that `text` uses (0..1; 1 when `required` has none)."""
    wanted = content_words(required)
    return 1.0 if not wanted else len(wanted & content_words(text)) / len(wanted)
