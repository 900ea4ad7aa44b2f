"""A CV's structure, read from its text alone: name, title, summary, skills, positions, contact details.

Nothing is invented: every value is a piece of the CV's text (trimmed of bullet marks and
separators, long bullets cut at a word boundary). `check_extract` enforces that for an extract from
elsewhere (a hosted model).

Sections
    A heading is a line of its own (or the label before a colon, "Skills: Python, Go") naming a
    kind of section, optionally after up to two qualifiers ("Professional Experience", "TECHNICAL
    SKILLS"). Lines before the first heading are the header: name, title and contact details.
Name and title
    The name is the first part of the first line (split at " - ", " | ", ", ") when it is two to
    five capitalised words without digits or role words. The title is the next part or header line
    naming a role ("Engineer", "Nurse", "Chef"...), else the role of the first position.
Positions
    In the experience section, a header line names a role and/or a company ("Role, Company",
    "Company - Role", "Role at Company", "Role | Company | 2019 - 2021"); a date range on it or on
    the next line is the period; bullets and sentences that follow are its bullets. Without an
    experience section, any line outside the education and skills sections holding a date range and
    a role is a position.
Skills
    The items of the skills section, then every other skill the skills table or the built-in
    vocabulary finds in the text, each written as it appears in the CV; one entry per skill.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from jobmatch.ai.skills import BUILTIN
from jobmatch.ai.texts import ROLE_NOUNS
from jobmatch.cv_analysis.models import (
    MAX_BULLETS,
    MAX_ENTRIES,
    MAX_SKILLS,
    Contact,
    CvExtract,
    ExperienceEntry,
)
from jobmatch.skills import SkillIndex

SUMMARY_MAX_CHARS = 600
BULLET_MAX_CHARS = 300
HEADER_MAX_WORDS = 14

# fmt: off
_HEADING_TERMS = {
    "summary": r"summary|profile|about me|about|objective|personal statement|overview|profil|zusammenfassung|perfil",
    "skills": r"skills|competencies|competences|expertise|technologies|tech stack|toolbox|tools|programming languages"
              r"|kenntnisse|competencias|competenze",
    "education": r"education|academic background|qualifications|studies|ausbildung|formation|educacion|istruzione",
    "certifications": r"certifications?|certificates?|licen[cs]es|courses|trainings?",
    "languages": r"languages|sprachen|langues|idiomas|lingue",
    "projects": r"projects|portfolio|projekte|projets",
    "other": r"interests|hobbies|awards|achievements|references|publications|volunteering|activities",
    "experience": r"experience|experiences|employment|work history|career history|employment history|positions"
                  r"|berufserfahrung|werdegang|experiencia|esperienza|parcours professionnel",
}
EXTRA_ROLE_WORDS = (
    "chef|cook|baker|barista|waiter|waitress|bartender|driver|clerk|cashier|pharmacist|physician|doctor|surgeon|"
    "therapist|physiotherapist|radiographer|dietitian|midwife|paramedic|electrician|mechanic|carpenter|plumber|"
    "welder|intern|trainee|apprentice|founder|co-founder|partner|head|auditor|controller|buyer|planner|editor|"
    "journalist|lawyer|attorney|paralegal|agent|advisor|adviser|operator|supervisor|foreman|secretary|receptionist|"
    "pilot|chemist|biologist|economist|statistician|librarian|tutor|lecturer|professor|instructor|trainer|coach|"
    "author|photographer|artist|producer|generalist|partner|sdet|tester|bookkeeper|caregiver|carer|cleaner|"
    "housekeeper|guard|firefighter|officer|translator|interpreter|marketer|recruiter|administrator|president|"
    "ceo|cto|cfo|coo|vp"
)
# fmt: on
_CONNECTORS = frozenset(("and", "of", "the", "&", "de", "der", "la", "y", "und", "et", "for", "on"))
_PARTICLES = frozenset(("de", "da", "di", "del", "der", "van", "von", "la", "le", "bin", "al", "el", "du", "dos"))
_ROLE = re.compile(rf"\b(?:{ROLE_NOUNS}|{EXTRA_ROLE_WORDS})s?\b", re.IGNORECASE)
_COMPANY = re.compile(
    r"\b(?:Inc|Ltd|LLC|GmbH|Corp|Corporation|Limited|PLC|AG|SA|SAS|BV|NV|Group|Technologies|Labs|Systems|Solutions"
    r"|Bank|Hospital|Clinic|Clinics|University|Agency|Studio|Studios|Partners|Consulting|Services|Holdings)\b\.?"
)
_EDUCATION = re.compile(
    r"\b(?:BSc|MSc|BA|MA|MBA|PhD|BEng|MEng|Bachelor|Master|Diploma|Degree|University|College|School|Institute)\b"
)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE = rf"(?:(?:{_MONTH}\s+|\d{{1,2}}[/.])?(?:19|20)\d\d)"
_END = rf"(?:{_DATE}|present|current|now|today|ongoing|date)"
DATE_RANGE = re.compile(rf"(?<!\w){_DATE}\s*(?:-|–|—|to|until|till)\s*{_END}(?!\w)", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-*•·▪◦●–—>✓]|\d{1,2}[.)])\s+")
_SEPARATORS = re.compile(r"\s+[-–—|·•]\s+|\s*[|·•]\s*|,\s+|\t+")
_AT = re.compile(r"^(?P<role>.+?)\s+(?:at|@)\s+(?P<company>.+)$")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+%-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})*\.[A-Za-z]{2,24}")
_PHONE = re.compile(r"(?<![\w/.-])(?:\+|00)?\(?\d[\d ().\-/]{6,20}\d(?![\w%])")
_YEAR = re.compile(r"(?:19|20)\d\d")
_PAST_VERB = re.compile(
    r"^(?:led|built|designed|implemented|created|developed|launched|delivered|migrated|introduced|automated|"
    r"managed|ran|owned|shipped|reduced|increased|improved|mentored|wrote|cared|trained|worked|helped|handled|"
    r"responsible|supported|maintained|prepared|organised|organized|coordinated)\b",
    re.IGNORECASE,
)
_NAME_WORD = re.compile(r"^[A-ZÀ-ÖØ-Þ][\w'’.-]*$")
_NOT_NAMES = re.compile(r"\b(?:curriculum|vitae|resume|cv|lebenslauf|page)\b", re.IGNORECASE)


# ---------------------------------------------------------------- sections


@dataclass
class Section:
    kind: str | None  # None for the header before the first heading
    heading: str
    lines: list[str] = field(default_factory=list)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_HEADINGS = {kind: re.compile(rf"(?:[a-z&/]+ ){{0,2}}(?:{terms})") for kind, terms in _HEADING_TERMS.items()}


def heading_kind(line: str) -> str | None:
    """The kind of section a line names when it is a heading, else None."""
    label = _fold(line).strip(" \t-*#•|=_:").strip()
    if not 3 <= len(label) <= 40:
        return None
    if label == "programming languages":
        return "skills"
    return next((kind for kind, pattern in _HEADINGS.items() if pattern.fullmatch(label)), None)


def split_sections(text: str) -> list[Section]:
    """The header and the sections of a CV, in order; an inline heading ("Skills: a, b") keeps its text."""
    sections = [Section(None, "")]
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            continue
        kind = heading_kind(line)
        label, colon, rest = line.partition(":")
        if kind is None and colon and rest.strip():
            kind = heading_kind(label)
            if kind is not None:
                sections.append(Section(kind, label.strip(), [rest.strip()]))
                continue
        if kind is not None:
            sections.append(Section(kind, line))
        else:
            sections[-1].lines.append(line)
    return sections


def section_kinds(sections: Iterable[Section]) -> set[str]:
    return {s.kind for s in sections if s.kind}


def _lines_of(sections: list[Section], *kinds: str | None) -> list[str]:
    return [line for s in sections if s.kind in kinds for line in s.lines]


# ---------------------------------------------------------------- header: name, title, contact


def is_bullet(line: str) -> bool:
    return bool(_BULLET.match(line))


def strip_bullet(line: str) -> str:
    return _BULLET.sub("", line).strip()


def _parts(line: str) -> list[str]:
    return [part.strip(" ()[]") for part in _SEPARATORS.split(line) if part.strip(" ()[]")]


def _is_name(part: str) -> bool:
    words = part.split()
    if not 2 <= len(words) <= 5 or len(part) > 60 or any(ch.isdigit() or ch in "@/:" for ch in part):
        return False
    if _ROLE.search(part) or heading_kind(part) or _COMPANY.search(part) or _NOT_NAMES.search(_fold(part)):
        return False
    capitalised = [w for w in words if w.lower() not in _PARTICLES]
    return len(capitalised) >= 2 and all(_NAME_WORD.match(w) for w in capitalised)


def full_name(header: list[str]) -> str | None:
    """The person's name: the first part of one of the first two header lines."""
    for line in header[:2]:
        parts = _parts(line)
        if parts and _is_name(parts[0]):
            return parts[0]
    return None


def _title_in(part: str) -> str | None:
    """A role title in a header part: "Frontend Engineer at Acme" gives "Frontend Engineer"."""
    part = DATE_RANGE.sub("", part).strip(" ()[]-–|,")
    at = _AT.match(part)
    if at:
        part = at.group("role").strip()
    if not _ROLE.search(part) or len(part.split()) > 8 or "@" in part or _EMAIL.search(part):
        return None
    return part


def job_title(header: list[str], name: str | None, entries: list[ExperienceEntry]) -> str | None:
    """The title the CV gives the person: in the header, else the role of the newest position."""
    for line in header[:4]:
        for part in _parts(line):
            if part == name or heading_kind(part):
                continue
            title = _title_in(part)
            if title:
                return title
    return next((entry.role for entry in entries if entry.role), None)


def contact(text: str) -> Contact:
    """The first e-mail address and phone number written in the CV."""
    email = _EMAIL.search(text or "")
    phone = next((m.group(0).strip() for m in _PHONE.finditer(text or "") if _is_phone(m.group(0))), None)
    return Contact(email=email.group(0) if email else None, phone=phone)


def _is_phone(candidate: str) -> bool:
    digits = sum(ch.isdigit() for ch in candidate)
    if not 8 <= digits <= 15 or DATE_RANGE.search(candidate):
        return False
    groups = [g for g in re.split(r"[\s().\-/]+", candidate) if g]
    return not all(_YEAR.fullmatch(g) for g in groups)


# ---------------------------------------------------------------- summary


def _cut(text: str, limit: int) -> str:
    """`text` cut at a word boundary to at most `limit` characters (no ellipsis: it stays a CV piece)."""
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[:limit]
    sentence = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    if sentence > limit // 2:
        return cut[: sentence + 1]
    return cut.rsplit(" ", 1)[0].rstrip(",;:")


def summary(sections: list[Section]) -> str | None:
    """The summary section; else a paragraph of at least 15 words in the header."""
    lines = _lines_of(sections, "summary")
    if not lines:
        header = _lines_of(sections, None)
        lines = [line for line in header if len(line.split()) >= 15 and not is_bullet(line)][:1]
    text = _cut(" ".join(strip_bullet(line) for line in lines), SUMMARY_MAX_CHARS)
    return text or None


# ---------------------------------------------------------------- skills


@lru_cache(maxsize=1)
def _aliases() -> dict[str, tuple[str, ...]]:
    """Built-in aliases of each canonical skill name (lower case), longest first."""
    found: dict[str, list[str]] = {}
    for alias, skill in BUILTIN.items():
        found.setdefault(skill.name.lower(), []).append(alias)
    return {name: tuple(sorted(set(names), key=len, reverse=True)) for name, names in found.items()}


def _bounded(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w+#.]){re.escape(phrase)}(?![\w+#])", re.IGNORECASE)


def surface(name: str, text: str) -> str | None:
    """How the CV writes a skill: its name, else one of its aliases, as it appears in the text."""
    exact = re.search(rf"(?<![\w+#.]){re.escape(name)}(?![\w+#])", text)
    if exact:
        return exact.group(0)
    for phrase in (name, *_aliases().get(name.lower(), ())):
        match = _bounded(phrase).search(text)
        if match:
            return match.group(0)
    return None


def _skill_items(lines: list[str]) -> list[str]:
    """Items of a skills section: lines split at commas, semicolons and bars, without "Label:" heads."""
    items = []
    for line in lines:
        line = strip_bullet(line)
        label, colon, rest = line.partition(":")
        if colon and len(label.split()) <= 3 and rest.strip():
            line = rest
        for item in re.split(r"[,;|•·]|\s+/\s+|\s+-\s+", line):
            item = item.strip(" .()")
            if item and len(item) <= 40 and len(item.split()) <= 4:
                items.append(item)
    return items


@lru_cache(maxsize=1)
def _soft() -> frozenset[str]:
    return frozenset(skill.name.lower() for skill in BUILTIN.values() if skill.kind == "soft")


def skills(text: str, sections: list[Section], index: SkillIndex) -> list[str]:
    """The CV's skills as written in it: the skills section first, then hard skills named elsewhere.

    A soft skill counts only in the skills section: elsewhere "ownership" or "leadership" is prose.
    """
    found: dict[str, str] = {}
    for item in _skill_items(_lines_of(sections, "skills")):
        found.setdefault(index.canonical(item).lower(), item)
    for name in index.find(text):
        if name.lower() in found or name.lower() in _soft():
            continue
        if written := surface(name, text):
            found[name.lower()] = written
    return list(found.values())[:MAX_SKILLS]


def canonical_skills(text: str, sections: list[Section], index: SkillIndex) -> list[str]:
    """Canonical names of the skills the CV names (known section items, and the rest of the text)."""
    names = {index.canonical(item) for item in _skill_items(_lines_of(sections, "skills"))}
    names = {name for name in names if index.find(name)} | set(index.find(text))
    return sorted(names, key=str.lower)


# ---------------------------------------------------------------- positions


def date_line(line: str) -> str | None:
    """The date range of a line that holds little else (a period, maybe a place)."""
    match = DATE_RANGE.search(line)
    if not match:
        return None
    rest = (line[: match.start()] + line[match.end() :]).strip(" ()[]|,-–—\t")
    return match.group(0) if len(rest.split()) <= 4 and not _ROLE.search(rest) else None


def is_position_header(line: str) -> bool:
    if is_bullet(line) or len(line) > 120 or len(line.split()) > HEADER_MAX_WORDS or _PAST_VERB.match(line):
        return False
    if line.endswith(".") and len(line.split()) > 6:
        return False
    return bool(_ROLE.search(line) or _COMPANY.search(line) or DATE_RANGE.search(line) or _AT.match(line))


def _looks_like_name(line: str) -> bool:
    """A short capitalised line that is not a sentence: an employer's name on a line of its own."""
    words = line.strip(" ,.|").split()
    capitalised = all(w[0].isupper() or not w[0].isalpha() or w.lower() in _CONNECTORS for w in words)
    return (
        0 < len(words) <= 6 and capitalised and not line.rstrip().endswith(".")
        and not is_bullet(line) and not _PAST_VERB.match(line) and not DATE_RANGE.search(line)
    )  # fmt: skip


def parse_header(line: str) -> ExperienceEntry:
    """Role, company and period of a position's header line."""
    period = DATE_RANGE.search(line)
    rest = DATE_RANGE.sub(" ", line) if period else line
    parts = [p for p in _parts(rest) if p.strip(" -–—")]
    role = company = ""
    for part in parts:
        at = _AT.match(part)
        if at and _ROLE.search(at.group("role")):
            role, company = _role_part(at.group("role")), at.group("company").strip(" .,")
            break
    if not role:
        role = next((p for p in parts if _ROLE.search(p) and not _COMPANY.search(p)), "")
        others = [p for p in parts if p != role]
        company = next((p for p in others if _COMPANY.search(p)), others[0] if others else "")
        if not role and len(others) > 1:
            role = next(p for p in others if p != company)
    return ExperienceEntry(role=role, company=company, period=period.group(0) if period else "")


def _role_part(text: str) -> str:
    """The role in "Name - Role" (the last separated part naming a role)."""
    parts = [p for p in _parts(text) if _ROLE.search(p)]
    return parts[-1] if parts else text.strip()


@dataclass
class _Draft:
    entry: ExperienceEntry
    bullets: list[str] = field(default_factory=list)

    def has_body(self) -> bool:
        return bool(self.bullets)

    def awaits_company(self) -> bool:
        """A role line was read, and nothing else yet: the next short line may name the employer."""
        return bool(self.entry.role) and not self.entry.company and not self.has_body()

    def fill(self, header: ExperienceEntry) -> None:
        entry = self.entry
        entry.role = entry.role or header.role
        entry.company = entry.company or (header.company if header.company != entry.role else "")
        entry.period = entry.period or header.period

    def build(self) -> ExperienceEntry:
        self.entry.bullets = [_cut(b, BULLET_MAX_CHARS) for b in self.bullets if b][:MAX_BULLETS]
        return self.entry


def _positions(lines: list[str], *, need_dates: bool) -> list[ExperienceEntry]:
    """Positions in a run of lines (see the module docstring)."""
    drafts: list[_Draft] = []
    current: _Draft | None = None
    for line in lines:
        period = date_line(line)
        if period and not is_bullet(line):
            if current is not None and not current.entry.period and not current.has_body():
                current.entry.period = period
            elif not need_dates:
                current = _Draft(ExperienceEntry(period=period))
                drafts.append(current)
        elif is_position_header(line) and (not need_dates or DATE_RANGE.search(line)):
            header = parse_header(line)
            incomplete = current is not None and not current.has_body()
            if incomplete and not (current.entry.role and current.entry.company):
                current.fill(header)
            else:
                current = _Draft(header)
                drafts.append(current)
        elif current is not None and current.awaits_company() and _looks_like_name(line):
            current.entry.company = line.strip(" ,.|")
        elif current is not None and not (need_dates and not is_bullet(line)):
            current.bullets.append(strip_bullet(line))
    entries = [d.build() for d in drafts]
    return [e for e in entries if e.role or e.company][:MAX_ENTRIES]


def experience(sections: list[Section]) -> list[ExperienceEntry]:
    """The CV's positions, newest first as written."""
    lines = _lines_of(sections, "experience")
    if lines:
        return _positions(lines, need_dates=False)
    other = [line for line in _lines_of(sections, None, "other", "projects") if not _EDUCATION.search(line)]
    return _positions(other, need_dates=True)


# ---------------------------------------------------------------- the whole extract


@dataclass(frozen=True)
class Structure:
    """The extract plus what the scores need: sections found, canonical skills."""

    extract: CvExtract
    sections: tuple[Section, ...]
    canonical_skills: tuple[str, ...]

    @property
    def kinds(self) -> set[str]:
        return section_kinds(self.sections)


def read_structure(text: str, index: SkillIndex) -> Structure:
    """Read a CV's structure (see the module docstring)."""
    sections = split_sections(text)
    header = _lines_of(sections, None)
    name = full_name(header)
    entries = experience(sections)
    extract = CvExtract(
        full_name=name,
        job_title=job_title(header, name, entries),
        summary=summary(sections),
        skills=skills(text, sections, index),
        experience=entries,
        contact=contact(text),
    )
    canonical = tuple(canonical_skills(text, sections, index))
    return Structure(check_extract(extract, text), tuple(sections), canonical)


# ---------------------------------------------------------------- grounding an extract in the CV


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text or "")).strip().casefold()


class _Corpus:
    """The CV text, normalised for "does this piece come from it" checks."""

    def __init__(self, text: str):
        self.text = _norm(text)

    def holds(self, piece: str | None) -> bool:
        piece = _norm(strip_bullet(piece or "")).rstrip(".;,")
        return bool(piece) and piece in self.text


def check_extract(extract: CvExtract, text: str, fallback: CvExtract | None = None) -> CvExtract:
    """`extract` without anything the CV text does not hold; missing values come from `fallback`.

    Contact details always come from `fallback` when given: a hosted model never sees them.
    """
    corpus = _Corpus(text)
    spare = fallback or CvExtract()
    kept_entries = [_checked_entry(entry, corpus, spare) for entry in extract.experience]
    kept_entries = [entry for entry in kept_entries if entry is not None]
    kept_skills = [skill for skill in extract.skills if corpus.holds(skill)]
    return CvExtract(
        full_name=extract.full_name if corpus.holds(extract.full_name) else spare.full_name,
        job_title=extract.job_title if corpus.holds(extract.job_title) else spare.job_title,
        summary=extract.summary if corpus.holds(extract.summary) else spare.summary,
        skills=kept_skills or spare.skills,
        experience=kept_entries or spare.experience,
        contact=spare.contact if fallback is not None else _checked_contact(extract.contact, corpus),
    )


def _checked_entry(entry: ExperienceEntry, corpus: _Corpus, spare: CvExtract) -> ExperienceEntry | None:
    company = entry.company if corpus.holds(entry.company) else ""
    role = entry.role if corpus.holds(entry.role) else ""
    if not (company or role):
        return None
    bullets = [b for b in entry.bullets if corpus.holds(b)]
    if not bullets:
        twin = next((e for e in spare.experience if company and _norm(e.company) == _norm(company)), None)
        bullets = twin.bullets if twin else []
    period = entry.period if corpus.holds(entry.period) else ""
    return ExperienceEntry(company=company, role=role, period=period, bullets=bullets)


def _checked_contact(found: Contact, corpus: _Corpus) -> Contact:
    return Contact(
        email=found.email if corpus.holds(found.email) else None,
        phone=found.phone if corpus.holds(found.phone) else None,
    )
