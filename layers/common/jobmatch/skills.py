"""Skills named in a text: the names of the skills table and the built-in vocabulary of `jobmatch.ai.skills`.

The vocabulary (shared with the coaching features) maps aliases to canonical names ("postgres" and
"PostgreSQL" both name PostgreSQL); a table name the vocabulary knows takes its canonical name.
Texts and names are cut into tokens the way the embedder cuts them (c++, c#, node.js, .net and ci/cd
stay whole; "python/django" also counts as its parts) and compared in lower case: a skill is found
when the token sequence of one of its names occurs in the text. Names that are also ordinary words
(go, rest, swift...: `AMBIGUOUS` and the vocabulary's case-sensitive names) or have at most two
characters must appear with their canonical capitalisation ("Go", "R"), ambiguous aliases capitalised
("Lambda") and two-letter aliases in capitals ("ML", "UX"): "go to market" is not Go, nor "rest of the
team" REST.
Matching is a token walk with dictionary look-ups, about ten times faster than one big regex, and each
index remembers the skills of the last `MEMO_SIZE` texts it read (the same job texts come back often).

The table is read once and kept until it changes (its row count or newest row differ, checked at most
every `CHECK_EVERY_S` seconds) or for at most `MAX_AGE_S` seconds, which also picks up renamed skills.
"""

from __future__ import annotations

import threading
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from jobmatch import db
from jobmatch.ai.skills import BUILTIN, CASE_SENSITIVE
from jobmatch.embeddings.hashing import TOKEN_RE

MAX_AGE_S = 300.0
CHECK_EVERY_S = 10.0
MAX_SKILLS = 20_000
MAX_NAME_TOKENS = 6
MEMO_SIZE = 50_000
# fmt: off
AMBIGUOUS = frozenset((
    "go", "r", "c", "d", "rest", "swift", "spark", "chef", "puppet", "express", "less", "make", "ant", "dart",
    "julia", "elm", "salt", "hive", "pig", "flow", "shell", "excel", "access", "word", "office", "sketch",
    "rails", "lambda", "security", "architecture", "monitoring", "documentation",
))
# fmt: on

_SKILLS_SQL = "SELECT name FROM skills ORDER BY lower(name) LIMIT %(limit)s"
_FINGERPRINT_SQL = "SELECT count(*) AS n, max(created_at) AS newest FROM skills"


def raw_tokens(text: str) -> list[str]:
    """Tokens of a text with their case kept (c++, node.js, ci/cd whole; a final 's dropped)."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'")
    return [token.removesuffix("'s").removesuffix("'S") for token in TOKEN_RE.findall(text)]


def name_key(name: str) -> tuple[str, ...]:
    """The lower-case token sequence that identifies a skill name."""
    return tuple(token.lower() for token in raw_tokens(name))


@dataclass(frozen=True)
class SkillIndex:
    """Skill names by token sequence, ready to be searched for in texts."""

    names: dict[tuple[str, ...], str]
    cased: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)
    starts: dict[str, int] = field(default_factory=dict)  # first token -> longest name starting with it
    # Skills of texts already read (job texts come back search after search), by length and hash of the text.
    _memo: dict[tuple[int, int], tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def build(cls, table_names: Iterable[str] = ()) -> SkillIndex:
        """An index of the built-in vocabulary and the given table names."""
        pairs = [(alias, skill.name) for alias, skill in BUILTIN.items()]
        pairs += [(name, BUILTIN[name.lower()].name if name.lower() in BUILTIN else name) for name in table_names]
        names: dict[tuple[str, ...], str] = {}
        cased: dict[tuple[str, ...], tuple[str, ...]] = {}
        for alias, canonical in pairs:
            key = name_key(alias)
            if not key or len(key) > MAX_NAME_TOKENS or key in names:
                continue
            names[key] = canonical
            if required := _required_form(alias, canonical):
                cased[key] = required
        starts: dict[str, int] = {}
        for key in names:
            starts[key[0]] = max(starts.get(key[0], 0), len(key))
        return cls(names, cased, starts)

    def canonical(self, name: str) -> str:
        """The canonical form of a skill name (itself when the index does not know it)."""
        return self.names.get(name_key(name), name)

    def find(self, text: str) -> list[str]:
        """Skills named in `text`, each once, in order of first mention."""
        key = (len(text), hash(text))
        found = self._memo.get(key)
        if found is None:
            if len(self._memo) >= MEMO_SIZE:
                self._memo.clear()
            found = self._memo[key] = self._scan(text)
        return list(found)

    def _scan(self, text: str) -> tuple[str, ...]:
        found: dict[str, str] = {}
        tokens = _with_parts(raw_tokens(text))
        lowered = [token.lower() for token in tokens]
        for start, first in enumerate(lowered):
            longest = self.starts.get(first, 0)
            for size in range(1, min(longest, len(tokens) - start) + 1):
                key = tuple(lowered[start : start + size])
                name = self.names.get(key)
                if name and self._case_ok(key, tokens[start : start + size]):
                    found.setdefault(name.lower(), name)
        return tuple(found.values())

    def _case_ok(self, key: tuple[str, ...], original: list[str]) -> bool:
        wanted = self.cased.get(key)
        return wanted is None or tuple(original) == wanted


def _required_form(alias: str, canonical: str) -> tuple[str, ...] | None:
    """The exact tokens an ambiguous alias must have in a text, or None when any case will do."""
    lowered = alias.lower()
    if lowered == canonical.lower():
        ambiguous = lowered in AMBIGUOUS or canonical in CASE_SENSITIVE or len(lowered) <= 2
        return tuple(raw_tokens(canonical)) if ambiguous else None
    if lowered in AMBIGUOUS:
        return tuple(raw_tokens(alias.capitalize()))
    if len(lowered) <= 2 and lowered.isalpha():
        return tuple(raw_tokens(alias.upper()))
    return None


def _with_parts(tokens: list[str]) -> list[str]:
    """Tokens, each slash-joined one (python/django) followed by its parts."""
    out: list[str] = []
    for token in tokens:
        out.append(token)
        if "/" in token:
            out.extend(part for part in token.split("/") if part)
    return out


class _Cache:
    """The index of the skills table, rebuilt when the table changed or got old."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._index: SkillIndex | None = None
        self._fingerprint: tuple | None = None
        self._loaded_at = 0.0
        self._checked_at = 0.0

    def get(self) -> SkillIndex:
        now = time.monotonic()
        with self._lock:
            if self._index is not None and now - self._checked_at < CHECK_EVERY_S:
                return self._index
        row = db.fetch_one(_FINGERPRINT_SQL)
        fingerprint = (row["n"], row["newest"])
        with self._lock:
            fresh = now - self._loaded_at < MAX_AGE_S
            if self._index is None or fingerprint != self._fingerprint or not fresh:
                names = [r["name"] for r in db.fetch_all(_SKILLS_SQL, {"limit": MAX_SKILLS})]
                self._index, self._fingerprint, self._loaded_at = SkillIndex.build(names), fingerprint, now
            self._checked_at = now
            return self._index

    def clear(self) -> None:
        with self._lock:
            self._index = None


_cache = _Cache()


def skill_index() -> SkillIndex:
    """The index of the skills table (see the module docstring for how long it is kept)."""
    return _cache.get()


def clear_cache() -> None:
    _cache.clear()


def find_skills(text: str) -> list[str]:
    """Skills of the skills table named in `text`, in order of first mention."""
    return skill_index().find(text)
