"""Job retrieval for free-text search and CV matching: vector search, keyword filters and the match score.

Retrieval
    Jobs are found through their chunk embeddings (`job_embeddings`, HNSW index, cosine distance). Each
    query vector (the search text, or every chunk of a CV) takes its nearest job chunks, all in one
    statement; a job counts with its best pair of chunks, so its similarity is the highest cosine
    similarity between a query chunk and one of its chunks. Only active jobs, and vectors of the
    embedding model in use, are compared. Every query has a bounded LIMIT.
    The HNSW candidate list (`hnsw.ef_search`) is `EF_SEARCH` for a search and `EF_SEARCH_MATCH` per CV
    chunk for a CV match (several query vectors and the re-ranking make up for the shorter list); on
    the 100,000-job benchmark a search's recall@10 against exact ranking is about 0.96.
    Filters run inside the index scan: with pgvector's iterative scan (`hnsw.iterative_scan =
    relaxed_order`) the scan goes on until enough rows pass them, reading at most `MAX_SCAN_TUPLES`
    index tuples. A `must_contain` filter whose terms occur in at most `EXACT_MAX_JOBS` active jobs
    (counted through the GIN word index `jobs_terms_idx`) is answered exactly instead, from every chunk
    of those jobs, so a rare term never loses results to the approximate index. Past that count, the
    index scan finds enough matching rows within `MAX_SCAN_TUPLES` as long as the share of active jobs
    naming the term is at least about `MIN_PER_QUERY / MAX_SCAN_TUPLES` (0.1%): with over a million
    active jobs a term in between would be answered with fewer results than asked. The count is of
    the jobs holding the term's words, so a rare term made of common words (`c++`, whose word is `c`)
    takes the index scan as well, with the same bound.
    The settings are `SET LOCAL` inside the query's transaction: no session state, so RDS Proxy does
    not pin the connection. JIT compilation is off for these short queries (it would cost more than it saves).

Keyword filters
    A term matches on word boundaries and case-insensitively: not preceded by a letter, digit, `_`,
    `+`, `#` or `.`, and not followed by a letter, digit, `_`, `+` or `#`. So `ai` does not match
    "maintain", `c++` matches "C++" but not "C", `c` matches neither "C++" nor "C#", and the words of a
    several-word term may be separated by any whitespace. `must_contain` keeps the jobs whose title,
    description or requirements hold at least one term; `must_not_contain` drops those holding any.

Score
    A search result's score is its similarity. A CV match's score is
        score = 0.75 * similarity + 0.25 * skill coverage, clamped to 0..1,
    where skill coverage is the share of the job's skills (from `job_skills` and named in the job's
    text) that the CV names. A job with no known skill scores its similarity alone.
    Similarities are cosine similarities clamped to 0..1. `similarity_threshold` applies to the
    similarity, before the score; 0 (the default) keeps every job found.

Explanation
    `matched_skills` are the job's skills the CV names, `missing_skills` the others; `best_passage` is
    the sentence (or list line) of the CV chunk closest to the job that names most of the job's skills
    and words, quoted from the CV.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from aws_lambda_powertools import Logger

from jobmatch import db
from jobmatch.embeddings.hashing import words
from jobmatch.skills import SkillIndex

logger = Logger(child=True)

SIMILARITY_WEIGHT = 0.75
SKILL_WEIGHT = 0.25
MAX_TOP_N = 100
# Nearest job chunks read per query vector, per result wanted (jobs have several chunks), and its bounds.
CHUNKS_PER_RESULT = 3
MIN_PER_QUERY = 40
MAX_PER_QUERY = 1000
# HNSW candidate list (pgvector's limit is 1000): for a search, and per CV chunk for a CV match, whose
# several query vectors and re-ranking make up for a shorter list; never below the rows wanted per vector.
EF_SEARCH = 200
EF_SEARCH_MATCH = 100
MAX_SCAN_TUPLES = 40_000
# A must_contain filter matching at most this many active jobs is answered by exact distances.
EXACT_MAX_JOBS = 1_000
MAX_QUERY_CHUNKS = 64
PASSAGE_MAX_CHARS = 400
MIN_PASSAGE_CHARS = 25

JOB_TEXT = "(j.title || ' ' || j.description || ' ' || j.requirements)"
# Identical to the expression of the index jobs_terms_idx (migration 0021).
JOB_TERMS = f"to_tsvector('simple'::regconfig, translate({JOB_TEXT}, './@:', '    '))"
_TERM_WORDS = "plainto_tsquery('simple'::regconfig, translate(t, './@:', '    '))"
# Sentence ends, blank lines, and line breaks before a capital, digit or bullet (not hard-wrapped lines).
_PIECE_BREAK = re.compile(r"(?<=[.!?;])\s+|\n\s*\n|\n(?=\s*[A-Z0-9\u2022*-])")
_BEFORE = r"(?<![\w+#.])"
_AFTER = r"(?![\w+#])"


# ---------------------------------------------------------------- keyword filters


@dataclass(frozen=True)
class Filters:
    """Keyword filters and the similarity threshold shared by search and CV match."""

    must_contain: tuple[str, ...] = ()
    must_not_contain: tuple[str, ...] = ()
    similarity_threshold: float = 0.0

    def params(self) -> dict[str, Any]:
        return {
            "must": terms_pattern(self.must_contain),
            "must_not": terms_pattern(self.must_not_contain),
            "threshold": self.similarity_threshold,
        }

    def sql(self) -> str:
        """`AND` conditions on the job `j` for the keyword filters (empty when there are none)."""
        parts = []
        if terms_pattern(self.must_contain):
            parts.append(f"AND {JOB_TEXT} ~* %(must)s")
        if terms_pattern(self.must_not_contain):
            parts.append(f"AND {JOB_TEXT} !~* %(must_not)s")
        return "".join(f" {part}" for part in parts)


def _escape(word: str) -> str:
    """A word as a literal in both PostgreSQL's and Python's regex syntax: a backslash before every symbol."""
    return "".join(ch if ch.isalnum() else "\\" + ch for ch in word)


def term_regex(term: str) -> str:
    """One term, its words separated by any whitespace."""
    return r"\s+".join(_escape(word) for word in term.split())


def terms_pattern(terms: Sequence[str]) -> str | None:
    """A case-insensitive regex matching any of the terms on word boundaries, or None without terms."""
    alternatives = [term_regex(term) for term in terms if term.split()]
    if not alternatives:
        return None
    return f"{_BEFORE}(?:{'|'.join(alternatives)}){_AFTER}"


# ---------------------------------------------------------------- retrieval


@dataclass
class JobHit:
    """A job found near a query, with its best matching query chunk."""

    id: str
    title: str
    description: str
    requirements: str
    company: str
    similarity: float
    query_chunk: int
    skills: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return f"{self.title}\n{self.description}\n{self.requirements}"


_FROM_VECTORS = """
    SELECT v.embedding, (v.ord - 1)::int AS chunk_index
    FROM unnest(%(vectors)s::vector[]) WITH ORDINALITY AS v(embedding, ord)"""

_FROM_CV = """
    SELECT embedding, chunk_index FROM cv_embeddings
    WHERE cv_id = %(cv_id)s AND cv_version = %(cv_version)s AND model = %(model)s
    ORDER BY chunk_index LIMIT %(max_chunks)s"""

# The filters are a scalar subquery on the index scan itself: the planner cannot turn them into a join that
# reads every job (it misjudges how many jobs a regex keeps), and pgvector's iterative scan applies them as it goes.
_APPROXIMATE = """
WITH queries AS MATERIALIZED ({queries}
),
nearest AS MATERIALIZED (
    SELECT q.chunk_index AS query_chunk, n.job_id, n.distance
    FROM queries q
    CROSS JOIN LATERAL (
        SELECT e.job_id, e.embedding <=> q.embedding AS distance
        FROM job_embeddings e
        WHERE e.model = %(model)s
          AND (SELECT j.is_active{filters} FROM jobs j WHERE j.id = e.job_id)
        ORDER BY e.embedding <=> q.embedding
        LIMIT %(per_query)s
    ) n
)"""

_EXACT = """
WITH queries AS MATERIALIZED ({queries}
),
candidates AS MATERIALIZED (
    SELECT j.id FROM jobs j
    WHERE j.is_active AND {terms} @@ %(tsquery)s::tsquery{filters}
    LIMIT %(exact_max)s
),
nearest AS MATERIALIZED (
    SELECT q.chunk_index AS query_chunk, e.job_id, e.embedding <=> q.embedding AS distance
    FROM queries q
    CROSS JOIN candidates c
    JOIN job_embeddings e ON e.job_id = c.id AND e.model = %(model)s
)"""

# Best chunk pair per job, threshold, then the `limit` best jobs; only those are read from `jobs`.
_RESULTS = """,
best AS (
    SELECT job_id, query_chunk, distance
    FROM (SELECT DISTINCT ON (job_id) job_id, query_chunk, distance FROM nearest ORDER BY job_id, distance) per_job
    WHERE greatest(0.0, 1 - distance) >= %(threshold)s
    ORDER BY distance, job_id
    LIMIT %(limit)s
)
SELECT j.id::text AS id, j.title, j.description, j.requirements, c.name AS company,
       greatest(0.0, 1 - b.distance)::float8 AS similarity, b.query_chunk,
       ARRAY(SELECT s.name FROM job_skills js JOIN skills s ON s.id = js.skill_id
             WHERE js.job_id = j.id ORDER BY lower(s.name) LIMIT 100) AS skills
FROM best b
JOIN jobs j ON j.id = b.job_id
JOIN companies c ON c.id = j.company_id
ORDER BY b.distance, j.id
"""

# How many active jobs may hold one of the must_contain terms (capped), and the tsquery that finds them.
# Only module constants are interpolated; every value is a bound parameter.
_RARE_TERMS = f"""
WITH words AS (
    SELECT {_TERM_WORDS} AS q FROM unnest(%(terms)s::text[]) AS t
),
query AS (
    SELECT bool_and(numnode(q) > 0) AS usable, string_agg('(' || q::text || ')', ' | ') AS tsquery FROM words
)
SELECT usable, tsquery,
       CASE WHEN usable THEN (
           SELECT count(*) FROM (
               SELECT 1 FROM jobs j WHERE j.is_active AND {JOB_TERMS} @@ query.tsquery::tsquery LIMIT %(cap)s
           ) AS found
       ) END AS jobs
FROM query
"""  # noqa: S608


@dataclass(frozen=True)
class QueryVectors:
    """Query chunks given as vectors (a search text, a CV sent as text)."""

    vectors: np.ndarray

    def sql(self) -> str:
        return _FROM_VECTORS

    def params(self) -> dict[str, Any]:
        return {"vectors": list(self.vectors[:MAX_QUERY_CHUNKS])}


@dataclass(frozen=True)
class StoredCv:
    """Query chunks read from a stored CV's embeddings (never embedded again)."""

    cv_id: str
    cv_version: int

    def sql(self) -> str:
        return _FROM_CV

    def params(self) -> dict[str, Any]:
        return {"cv_id": self.cv_id, "cv_version": self.cv_version, "max_chunks": MAX_QUERY_CHUNKS}


def per_query(limit: int) -> int:
    """Job chunks read per query vector to fill `limit` distinct jobs."""
    return max(MIN_PER_QUERY, min(MAX_PER_QUERY, limit * CHUNKS_PER_RESULT))


def nearest_jobs(
    source: QueryVectors | StoredCv, filters: Filters, limit: int, model: str, *, ef_search: int | None = None
) -> list[JobHit]:
    """Up to `limit` active jobs nearest to the query chunks, best first, filtered (see the module docstring)."""
    k = per_query(limit)
    ef = min(1000, max(ef_search or EF_SEARCH, k))
    params = source.params() | filters.params()
    params |= {"model": model, "per_query": k, "limit": limit, "exact_max": EXACT_MAX_JOBS}
    with db.transaction() as conn:
        conn.execute(
            f"SET LOCAL hnsw.ef_search = {ef}; SET LOCAL hnsw.iterative_scan = relaxed_order;"
            f" SET LOCAL hnsw.max_scan_tuples = {MAX_SCAN_TUPLES}; SET LOCAL jit = off"
        )
        tsquery = _rare_terms_query(conn, filters.must_contain)
        template = _EXACT if tsquery else _APPROXIMATE
        sql = template.format(queries=source.sql(), filters=filters.sql(), terms=JOB_TERMS) + _RESULTS
        rows = conn.execute(sql, params | {"tsquery": tsquery}).fetchall()
    logger.debug("jobs retrieved", extra={"exact": bool(tsquery), "count": len(rows)})
    return [JobHit(**row) for row in rows]


def _rare_terms_query(conn, terms: Sequence[str]) -> str | None:
    """The tsquery of the must_contain terms when they occur in few enough jobs to rank them all exactly."""
    if not terms_pattern(terms):
        return None
    row = conn.execute(_RARE_TERMS, {"terms": list(terms), "cap": EXACT_MAX_JOBS + 1}).fetchone()
    if row["usable"] and row["jobs"] <= EXACT_MAX_JOBS:
        return row["tsquery"]
    return None


# ---------------------------------------------------------------- score and explanation


@dataclass(frozen=True)
class Explanation:
    """Why a job matches a CV: the job's skills the CV names, those it lacks, and the best CV passage."""

    matched_skills: list[str]
    missing_skills: list[str]
    best_passage: str


@dataclass(frozen=True)
class Match:
    """A job ranked for a CV."""

    hit: JobHit
    score: float
    skill_coverage: float | None
    explanation: Explanation


def clamp(value: float) -> float:
    return min(1.0, max(0.0, value))


def match_score(similarity: float, coverage: float | None) -> float:
    """The documented blend of similarity and skill coverage, rounded to 4 decimals."""
    if coverage is None:
        return round(clamp(similarity), 4)
    return round(clamp(SIMILARITY_WEIGHT * similarity + SKILL_WEIGHT * coverage), 4)


def job_skills(hit: JobHit, index: SkillIndex) -> list[str]:
    """Skills of a job: its job_skills rows, then skills its text names, each once under its canonical name."""
    found: dict[str, str] = {}
    for name in map(index.canonical, hit.skills):
        found.setdefault(name.lower(), name)
    for name in index.find(hit.text):
        found.setdefault(name.lower(), name)
    return list(found.values())


def passage(text: str, max_chars: int = PASSAGE_MAX_CHARS) -> str:
    """A piece of CV text quoted as is, cut at a word boundary."""
    text = text.strip()
    if len(text) <= max_chars:
        return text
    cut = text[:max_chars]
    space = cut.rfind(" ")
    return cut[:space] if space > max_chars // 2 else cut


def best_passage(chunk: str, job_text: str, skills: list[str]) -> str:
    """The sentence of the best CV chunk that names most of the job's skills and words, quoted from the CV."""
    pieces = [piece.strip() for piece in _PIECE_BREAK.split(chunk)]
    pieces = [piece for piece in pieces if len(piece) >= MIN_PASSAGE_CHARS]
    if not pieces:
        return passage(chunk)
    job_words = set(words(job_text))
    pattern = terms_pattern(skills)
    named_skills = re.compile(pattern, re.IGNORECASE) if pattern else None

    def relevance(piece: str) -> tuple[int, int]:
        content = words(piece)
        named = len({m.group(0).lower() for m in named_skills.finditer(piece)}) if named_skills else 0
        return 2 * named + len(set(content) & job_words), len(content)

    return passage(max(pieces, key=relevance))


@dataclass(frozen=True)
class _Scored:
    hit: JobHit
    score: float
    coverage: float | None
    matched: list[str]
    missing: list[str]


def _scored(hit: JobHit, cv_skills: set[str], index: SkillIndex) -> _Scored:
    """A job's score for a CV's skills (lower-case names), with the skills it has and lacks."""
    wanted = job_skills(hit, index)
    matched = [name for name in wanted if name.lower() in cv_skills]
    missing = [name for name in wanted if name.lower() not in cv_skills]
    coverage = len(matched) / len(wanted) if wanted else None
    return _Scored(hit, match_score(hit.similarity, coverage), coverage, matched, missing)


def _explained(scored: _Scored, passages: Sequence[str]) -> Match:
    hit = scored.hit
    chunk = passages[hit.query_chunk] if 0 <= hit.query_chunk < len(passages) else ""
    best = best_passage(chunk, hit.text, scored.matched + scored.missing)
    explanation = Explanation(matched_skills=scored.matched, missing_skills=scored.missing, best_passage=best)
    return Match(hit=hit, score=scored.score, skill_coverage=scored.coverage, explanation=explanation)


def explain(hit: JobHit, cv_skills: list[str], passages: Sequence[str], index: SkillIndex) -> Match:
    """Score a job for a CV and say why."""
    return _explained(_scored(hit, {name.lower() for name in cv_skills}, index), passages)


def rank_matches(
    hits: list[JobHit], cv_text: str, passages: Sequence[str], index: SkillIndex, top_n: int
) -> list[Match]:
    """The `top_n` best jobs for a CV by score (ties: higher similarity, then job id), explained."""
    have = {name.lower() for name in index.find(cv_text)}
    scored = sorted((_scored(hit, have, index) for hit in hits), key=lambda s: (-s.score, -s.hit.similarity, s.hit.id))
    return [_explained(item, passages) for item in scored[:top_n]]
