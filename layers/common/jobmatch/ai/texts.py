"""The parts of a job description and a CV that offline analysts build on: title, duties, requirements, highlights."""

from __future__ import annotations

import re

from jobmatch.ai.signals import FIGURE, OUTCOME, sentences

ROLE_NOUNS = (
    r"developer|engineer|scientist|analyst|architect|designer|manager|administrator|consultant|specialist|nurse|"
    r"accountant|technician|lead|director|officer|coordinator|representative|teacher|writer|researcher|"
    r"tester|devops|sre|programmer|recruiter|marketer|assistant|associate|executive|strategist|owner|barista|"
    r"chef|cook|driver|cashier|clerk|receptionist|electrician|mechanic|pharmacist|therapist|paralegal|lawyer"
)
_TITLE = re.compile(
    rf"\b((?:(?:senior|junior|lead|principal|staff|head of|chief|mid-level|associate|graduate)\s+)?"
    rf"(?:[A-Za-z/+#.-]+\s+){{0,3}}(?:{ROLE_NOUNS}))\b",
    re.IGNORECASE,
)
_TITLE_STOP = re.compile(r"^(?:we|are|is|a|an|the|looking|for|hiring|seeking|join|as|our|you|to|with|and)\s+", re.I)
_DUTY = re.compile(
    r"^(?:you will\s+|you'll\s+|responsible for\s+|responsibilities include\s+|your role:?\s+)?"
    r"(build|design|develop|maintain|lead|own|implement|create|deliver|drive|manage|mentor|collaborate|work|"
    r"improve|support|write|review|deploy|operate|analy[sz]e|optimi[sz]e|ensure|define|partner|coordinate|"
    r"care|provide|prepare|report|monitor|plan|run|test|automate|migrate|scale|architect|shape|help|coach|"
    r"assess|administer|document|research|establish|translate|present|handle|resolve)\w*\b",
    re.IGNORECASE,
)
_REQUIREMENT = re.compile(
    r"\b(\d+\+?\s*(?:years|yrs)|experience (?:with|in|of)|knowledge of|proficien\w+|familiar\w* with|"
    r"degree|must have|required|requirements?|nice to have|bonus|certif\w+|qualification|skills? in)\b",
    re.IGNORECASE,
)
_YEARS = re.compile(r"\b(\d{1,2})\s*\+?\s*(?:years|yrs)\b", re.IGNORECASE)
_EMPLOYER = re.compile(r"\b(?:at|@)\s+([A-Z][\w&.'-]*(?:\s+(?:&\s+)?[A-Z][\w&.'-]*){0,3})")
_ACHIEVEMENT = re.compile(
    r"\b(led|built|designed|implemented|created|developed|launched|delivered|migrated|introduced|automated|"
    r"managed|ran|owned|shipped|reduced|increased|improved|mentored|founded|scaled|rewrote|cared|trained)\b",
    re.IGNORECASE,
)
_LEADING = re.compile(r"^(?:you will|you'll|responsible for|responsibilities include|your role:?)\s+", re.I)
MAX_PHRASE = 110


def clip(text: str, limit: int = MAX_PHRASE) -> str:
    """`text` cut at a word boundary to at most `limit` characters, without a trailing full stop."""
    text = re.sub(r"\s+", " ", text).strip().rstrip(".;:,")
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def job_title(job_description: str) -> str | None:
    """The role's title, from the first short line or the first "<qualifier> <role noun>" phrase."""
    lines = [line.strip(" #*-:\t") for line in (job_description or "").splitlines() if line.strip()]
    candidates = ([lines[0]] if lines and len(lines[0]) <= 80 else []) + [job_description or ""]
    for text in candidates:
        match = _TITLE.search(text)
        if match:
            title = _TITLE_STOP.sub("", match.group(1).strip())
            while _TITLE_STOP.match(title):
                title = _TITLE_STOP.sub("", title)
            return clip(title, 60) if title else None
    return None


def responsibilities(job_description: str, limit: int = 8) -> list[str]:
    """The duties of the role: sentences or bullets that start with what the person will do."""
    found: list[str] = []
    for sentence in sentences(job_description):
        if _DUTY.match(sentence) and not _REQUIREMENT.search(sentence):
            duty = clip(_LEADING.sub("", sentence))
            if duty and duty.lower() not in (d.lower() for d in found):
                found.append(duty[0].lower() + duty[1:])
    return found[:limit]


def requirements(job_description: str, limit: int = 8) -> list[str]:
    """Sentences or bullets that state a requirement (years, experience with, degree, must have)."""
    found = [clip(s) for s in sentences(job_description) if _REQUIREMENT.search(s) and len(s.split()) >= 3]
    return found[:limit]


def years_required(job_description: str) -> int | None:
    """The largest "N+ years" the description asks for, if any."""
    years = [int(m.group(1)) for m in _YEARS.finditer(job_description or "")]
    return max(years) if years else None


def seniority(job_description: str) -> str:
    """senior, junior or mid, from the title words and the years asked for."""
    text = (job_description or "").lower()
    years = years_required(job_description) or 0
    if re.search(r"\b(senior|lead|principal|staff|head of)\b", text) or years >= 5:
        return "senior"
    if re.search(r"\b(junior|graduate|entry[- ]level|intern)\b", text) or (0 < years <= 1):
        return "junior"
    return "mid"


def highlights(cv_text: str, limit: int = 6) -> list[str]:
    """CV lines that describe something the person did, best first: achievements with figures before others."""
    scored = []
    for index, sentence in enumerate(sentences(cv_text)):
        if len(sentence) < 25 or not _ACHIEVEMENT.search(sentence):
            continue
        weight = 2 * bool(FIGURE.search(sentence)) + bool(OUTCOME.search(sentence))
        scored.append((-weight, index, clip(sentence)))
    return [text for _, _, text in sorted(scored)[:limit]]


def employers(cv_text: str) -> list[str]:
    """Organisations the CV says the person worked at ("... at Acme Corp")."""
    names: list[str] = []
    for match in _EMPLOYER.finditer(cv_text or ""):
        name = match.group(1).strip(" .,")
        if name and name not in names:
            names.append(name)
    return names
