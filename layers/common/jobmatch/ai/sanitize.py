"""Distrust of model output: field types that coerce and clamp, and a grounding check against the source texts.

Use `Score`, `Text` and `TextList` in the output schemas given to `generate`: a score is clamped to 0-100, a
text is trimmed of control characters and capped, a list is always a list of non-empty strings.
`Grounding` then removes claims that the CV, the job description and the other sources do not support.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, Field

from jobmatch.ai.skills import SkillMatcher

MAX_TEXT = 4000
MAX_ITEMS = 10
MAX_ITEM = 500
FIGURE_PLACEHOLDER = "[your figure]"
EMPLOYER_PLACEHOLDER = "[your employer]"
CERTIFICATE_PLACEHOLDER = "[a certificate you hold]"

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BULLET = re.compile(r"^\s*(?:[-*\u2022]|\d+[.)])\s+")


def clamp_score(value: Any) -> int:
    """A 0-100 integer from a number or a numeric string; anything else fails validation."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError("score must be a number")
    if isinstance(value, str):
        value = value.strip().rstrip("%").split("/")[0].strip()
    number = float(value)  # a non-numeric string raises ValueError, which pydantic reports
    if not math.isfinite(number):
        raise ValueError("score must be finite")
    return int(min(100, max(0, round(number))))


def clean_text(value: Any, limit: int = MAX_TEXT) -> str:
    """Text without control characters or surrounding space, at most `limit` characters."""
    if value is None:
        return ""
    if not isinstance(value, str | int | float):
        raise ValueError("expected text")
    text = _CONTROL.sub("", unicodedata.normalize("NFC", str(value))).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def as_list(value: Any) -> list[str]:
    """A list of non-empty strings: a single string becomes its lines, bullets stripped."""
    if value is None:
        return []
    if isinstance(value, str):
        value = [line for line in value.splitlines() if line.strip()]
    if not isinstance(value, list | tuple):
        raise ValueError("expected a list of strings")
    items = [_BULLET.sub("", clean_text(item, MAX_ITEM)) for item in value if not isinstance(item, dict | list)]
    return [item for item in items if item][:MAX_ITEMS]


# Field before the validator: the other order publishes "ge"/"le" instead of minimum/maximum in the JSON schema.
Score = Annotated[int, Field(ge=0, le=100), BeforeValidator(clamp_score)]
Text = Annotated[str, BeforeValidator(clean_text)]
TextList = Annotated[list[str], BeforeValidator(as_list)]

# A figure: a number with a unit, a percentage, a currency amount, a multiplier, or any number of 3+ digits.
_FIGURE = re.compile(
    r"(?<![\w.])(?:[$€£]\s?)?\d[\d,]*(?:\.\d+)?"
    r"(?:\s?(?:%|percent|x\b|k\b|m\b|bn\b|mb\b|gb\b|tb\b|ms\b|million|billion|thousand)"
    r"|\s(?:users|customers|people|developers|engineers|requests|seconds|minutes|hours|days|weeks|months|years)\b)?"
)
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_CERT_ACRONYMS = (
    "PMP|CISSP|CISA|CISM|CCNA|CCNP|CCIE|CKA|CKAD|CKS|CPA|CFA|ACCA|CIMA|PRINCE2|ITIL|TOGAF|CSM|PSM|OSCP|CEH|"
    "Security\\+|Network\\+|CompTIA A\\+|Six Sigma|SAFe|CAPM|CIPD|CIPP|NCLEX|BLS|ACLS"
)
_CERT = re.compile(
    rf"\b(?:{_CERT_ACRONYMS})\b"
    r"|\b(?:[A-Z][\w+-]*\s+){1,4}(?:Certified|Certification|Certificate)\b(?:\s+[A-Z][\w+-]*){0,5}"
    r"|\b(?:Certified|Certification|Certificate)(?:\s+(?:in|of)\b)?(?:\s+[A-Z][\w+-]*){1,5}"
)
_COMPANY_SUFFIX = r"Inc|Ltd|LLC|GmbH|Corp|Corporation|Limited|PLC|plc|AG|SA|BV|Group|Technologies|Labs"
_EMPLOYER = re.compile(
    r"\b(?:at|joined|for|with)\s+((?:[A-Z][\w&'.-]*)(?:\s+(?:&\s+)?[A-Z][\w&'.-]*){0,3})"
    rf"|\b((?:[A-Z][\w&'.-]*\s+){{1,3}}(?:{_COMPANY_SUFFIX})\b\.?)"
)
# fmt: off
_NOT_EMPLOYERS = frozenset((
    "the", "this", "that", "a", "an", "my", "our", "your", "their", "his", "her", "each", "every", "all", "star",
    "situation", "task", "action", "result", "first", "example", "least", "most", "scale", "work", "home", "i",
))
# fmt: on


def _numbers(text: str) -> set[str]:
    return {m.group(0).replace(",", "").rstrip(".") for m in _NUMBER.finditer(text)}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower()).strip()


@dataclass
class Grounding:
    """The texts a model's claims must come from (CV, job description, the question, the user's answer)."""

    sources: Iterable[str]
    matcher: SkillMatcher | None = None
    flagged: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.sources = [s for s in self.sources if s]
        corpus = "\n".join(self.sources)
        self._corpus = _norm(corpus)
        self._numbers = _numbers(corpus)

    def _figure_grounded(self, figure: str) -> bool:
        numbers = _numbers(figure)
        small = all(float(n) <= 10 for n in numbers) and not re.search(r"[%$€£]|x\b", figure)
        return small or numbers <= self._numbers  # a small count such as "3 steps" is not a claim

    def _phrase_grounded(self, phrase: str) -> bool:
        return _norm(phrase) in self._corpus

    def _employer(self, match: re.Match[str]) -> str | None:
        """The employer named by a match, unless it is grounded, a skill, or an ordinary capitalised word."""
        name = (match.group(1) or match.group(2) or "").strip(" .")
        first = name.split()[0].lower() if name else ""
        if not name or first in _NOT_EMPLOYERS or self._phrase_grounded(name):
            return None
        if self.matcher is not None and (self.matcher.knows(name) or self.matcher.find(name)):
            return None
        return name

    def unsupported(self, text: str) -> list[str]:
        """The figures, certificates and employers in `text` that no source mentions."""
        found = [m.group(0).strip() for m in _FIGURE.finditer(text) if not self._figure_grounded(m.group(0))]
        found += [m.group(0).strip() for m in _CERT.finditer(text) if not self._phrase_grounded(m.group(0))]
        found += [name for m in _EMPLOYER.finditer(text) if (name := self._employer(m))]
        return found

    def clean_text(self, text: str) -> str:
        """`text` with each unsupported claim replaced by a placeholder the person can fill in."""
        text = _CERT.sub(lambda m: self._keep_or(m.group(0), CERTIFICATE_PLACEHOLDER, self._phrase_grounded), text)
        text = _EMPLOYER.sub(self._employer_sub, text)
        return _FIGURE.sub(lambda m: self._keep_or(m.group(0), FIGURE_PLACEHOLDER, self._figure_grounded), text)

    def _keep_or(self, claim: str, placeholder: str, grounded) -> str:
        if grounded(claim):
            return claim
        self.flagged.append(claim.strip())
        return placeholder

    def _employer_sub(self, match: re.Match[str]) -> str:
        name = self._employer(match)
        if name is None:
            return match.group(0)
        self.flagged.append(name)
        return match.group(0).replace(name, EMPLOYER_PLACEHOLDER, 1)

    def clean_list(self, items: list[str]) -> list[str]:
        """Items that name an unsupported employer or certificate are dropped; unsupported figures are replaced."""
        kept = []
        for item in items:
            names = [m.group(0) for m in _CERT.finditer(item) if not self._phrase_grounded(m.group(0))]
            names += [n for m in _EMPLOYER.finditer(item) if (n := self._employer(m))]
            if names:
                self.flagged.extend(names)
                continue
            kept.append(self.clean_text(item))
        return kept

    def clean_model(self, value: BaseModel, fields: frozenset[str] | None = None) -> BaseModel:
        """A copy of `value` whose text and list-of-text fields named in `fields` (all when None) are cleaned.

        Nested models are visited whatever their own field name; `fields` applies to the text fields inside them.
        """
        updates: dict[str, Any] = {}
        for name in type(value).model_fields:
            current = getattr(value, name)
            wanted = fields is None or name in fields
            if isinstance(current, BaseModel):
                updates[name] = self.clean_model(current, fields)
            elif isinstance(current, list) and current and all(isinstance(v, BaseModel) for v in current):
                updates[name] = [self.clean_model(v, fields) for v in current]
            elif wanted and isinstance(current, str):
                updates[name] = self.clean_text(current)
            elif wanted and isinstance(current, list) and all(isinstance(item, str) for item in current):
                updates[name] = self.clean_list(current)
        return value.model_copy(update=updates)
