"""POST /api/rag/search/: vector search over active jobs, keyword filters, top_n, threshold, summary, rate limit."""

from __future__ import annotations

import pytest

from jobmatch import config, db, search
from tests.integration.rag_data import (  # noqa: F401 (fixtures)
    JOBS,
    fresh_skills_fixture,
    insert_job,
    rag_fixture,
    seed_jobs,
)

SEARCH = "/api/rag/search/"


@pytest.fixture
def jobs():
    return seed_jobs()


def titles(reply) -> list[str]:
    assert reply.status == 200, reply
    return [result["title"] for result in reply.json()["results"]]


def test_search_ranks_the_closest_jobs_first(rag, jobs):
    # Given the demo jobs
    # When an anonymous visitor searches for a Python backend role
    reply = rag.post(SEARCH, {"query": "python backend developer django postgresql"})

    # Then the Python backend job comes first, scores descend, and the answer has the contract's shape
    assert reply.status == 200, reply
    body = reply.json()
    assert set(body) == {"query", "results", "total_matches", "similarity_threshold", "summary"}
    assert body["results"][0]["id"] == jobs["python"]
    assert set(body["results"][0]) == {"id", "title", "description", "requirements", "company", "score"}
    assert body["results"][0]["company"] == "Acme"
    scores = [result["score"] for result in body["results"]]
    assert scores == sorted(scores, reverse=True) and all(0 <= score <= 1 for score in scores)
    assert body["total_matches"] == len(body["results"]) and body["similarity_threshold"] == 0.0


def test_top_n_and_threshold_are_honoured(rag, jobs):
    few = rag.post(SEARCH, {"query": "python developer", "top_n": 2})
    strict = rag.post(SEARCH, {"query": "python developer", "similarity_threshold": 0.2})

    assert len(titles(few)) == 2
    scores = [result["score"] for result in strict.json()["results"]]
    assert scores and min(scores) >= 0.2 and len(scores) < len(JOBS)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "query"),
        ({"query": "   "}, "query"),
        ({"query": "python", "top_n": 101}, "top_n"),
        ({"query": "python", "top_n": 0}, "top_n"),
        ({"query": "python", "similarity_threshold": 1.5}, "similarity_threshold"),
        ({"query": "python", "must_contain": "python"}, "must_contain"),
    ],
)
def test_invalid_requests_name_the_field(rag, body, field):
    reply = rag.post(SEARCH, body)

    assert reply.status == 400 and field in reply.json(), reply


def test_must_contain_matches_whole_words_only(rag, jobs):
    # "ai" is in "maintain" and "maintenance"; only the AI job names AI as a word
    reply = rag.post(SEARCH, {"query": "machines and models", "must_contain": ["AI"]})

    assert titles(reply) == ["AI Research Engineer"]


def test_cpp_matches_only_cpp_and_c_matches_only_c(rag, jobs):
    cpp = rag.post(SEARCH, {"query": "programmer", "must_contain": ["c++"]})
    c = rag.post(SEARCH, {"query": "programmer", "must_contain": ["c"]})

    assert titles(cpp) == ["Game Engine Programmer"]
    assert titles(c) == ["Embedded Firmware Engineer"]


def test_must_not_contain_drops_jobs_naming_any_term(rag, jobs):
    reply = rag.post(SEARCH, {"query": "python backend", "must_not_contain": ["intern", "PyTorch"]})

    found = titles(reply)
    assert "Backend Python Developer" in found
    assert "Python Backend Intern" not in found and "AI Research Engineer" not in found


def test_must_contain_keeps_jobs_with_at_least_one_term(rag, jobs):
    reply = rag.post(SEARCH, {"query": "job", "must_contain": ["nursing", "kitchen"]})

    assert sorted(titles(reply)) == ["Registered Nurse", "Sous Chef"]


def test_inactive_jobs_are_never_found(rag, jobs):
    db.execute("UPDATE jobs SET is_active = false WHERE id = %(id)s", {"id": jobs["python"]})

    reply = rag.post(SEARCH, {"query": "python backend developer django postgresql"})

    assert jobs["python"] not in {result["id"] for result in reply.json()["results"]}


def many_backend_jobs(count: int) -> None:
    """Jobs close to a backend query, none naming Fortran, and one distant job that does."""
    company = db.fetch_one("INSERT INTO companies (name) VALUES ('Bulk') RETURNING id")["id"]
    ids = [
        insert_job(company, f"Backend developer {n}", f"Python and Django APIs, team {n}.", "Python, SQL")
        for n in range(count)
    ]
    ids.append(insert_job(company, "Climate model maintainer", "Keep old FORTRAN 77 climate codes alive.", "HPC"))
    from jobmatch import job_index

    job_index.index_jobs(ids)


def test_a_rare_required_term_is_found_even_far_from_the_query(rag):
    # Given 60 jobs close to the query and one distant job that names the required term
    many_backend_jobs(60)

    # When the search requires that term and wants few results
    reply = rag.post(SEARCH, {"query": "python backend developer", "top_n": 3, "must_contain": ["fortran"]})

    # Then the distant job is still found
    assert titles(reply) == ["Climate model maintainer"]


def test_approximate_and_exact_paths_agree(rag, jobs, monkeypatch):
    # Given a filter answered exactly (few jobs hold the term)
    body = {"query": "python backend developer", "must_contain": ["python"], "must_not_contain": ["intern"]}
    exact = titles(rag.post(SEARCH, body))

    # When the same filter goes through the index scan instead
    monkeypatch.setattr(search, "EXACT_MAX_JOBS", 0)
    approximate = titles(rag.post(SEARCH, body))

    assert exact == approximate == ["Backend Python Developer", "AI Research Engineer"]


def test_summary_is_grounded_in_the_results(rag, jobs):
    body = rag.post(SEARCH, {"query": "python backend developer django", "top_n": 3}).json()

    top = body["results"][0]
    assert body["summary"].startswith('3 jobs matched "python backend developer django".')
    assert f"The closest is {top['title']} at Acme" in body["summary"]
    assert "Python" in body["summary"]


def test_summary_failure_never_fails_the_search(rag, jobs, monkeypatch):
    from rag import summary

    def broken(*args, **kwargs):
        raise RuntimeError("engine bug")

    monkeypatch.setattr(summary, "generate", broken)

    reply = rag.post(SEARCH, {"query": "nurse"})

    assert reply.status == 200 and "Registered Nurse" in reply.json()["summary"]


def test_no_result_summary_suggests_what_to_change(rag, jobs):
    reply = rag.post(SEARCH, {"query": "python", "must_contain": ["cobol"]})

    body = reply.json()
    assert body["results"] == [] and body["total_matches"] == 0
    assert body["summary"].startswith('No active job matched "python"')


@pytest.fixture
def tight_limit(monkeypatch):
    """Anonymous search limited to a burst of 2, refilled at one request a minute."""
    monkeypatch.setenv("SEARCH_BURST", "2")
    monkeypatch.setenv("SEARCH_RATE_PER_MINUTE", "1")
    config.get_settings.cache_clear()
    yield
    monkeypatch.undo()
    config.get_settings.cache_clear()


def test_anonymous_search_is_rate_limited_per_address(rag, jobs, tight_limit):
    # Given an address that used its burst
    for _ in range(2):
        assert rag.post(SEARCH, {"query": "nurse"}, source_ip="198.51.100.1").status == 200

    # When it searches again
    refused = rag.post(SEARCH, {"query": "nurse"}, source_ip="198.51.100.1")
    other = rag.post(SEARCH, {"query": "nurse"}, source_ip="198.51.100.2")

    # Then it gets a 429 with Retry-After, while another address is still served
    assert refused.status == 429 and int(refused.headers["retry-after"]) >= 1
    assert other.status == 200


def test_authenticated_search_is_not_limited_by_address(rag, jobs, tight_limit, make_user):
    user = make_user()

    statuses = [
        rag.post(SEARCH, {"query": "nurse"}, token=user.token, source_ip="198.51.100.3").status for _ in range(4)
    ]

    assert statuses == [200] * 4
