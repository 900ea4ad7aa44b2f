"""The benchmark corpus: seeded, varied, clustered by role family, and shaped like real postings."""

from __future__ import annotations

import re
from collections import Counter
from itertools import islice

import numpy as np
import pytest

from bench.corpus import family_keys, generate_cv, generate_jobs, generate_queries, with_article
from jobmatch.documents import looks_like_cv
from jobmatch.embeddings.hashing import HashEmbedder

SALARY = re.compile(r"^(€|£|\$|CA\$|CHF )\d+k-\d+k$")
WORD = re.compile(r"[a-z][a-z+#.-]*")


@pytest.fixture(scope="module")
def jobs() -> list[dict]:
    return list(generate_jobs(2000))


def job_text(job: dict) -> str:
    return f"{job['title']}\n{job['description']}\n{job['requirements']}"


def named(skill: str, text: str) -> bool:
    """True when `skill` is written in `text` as a whole term (so "C" is not found inside "CSS")."""
    return re.search(rf"(?<!\w){re.escape(skill)}(?!\w)", text, re.IGNORECASE) is not None


def test_same_seed_gives_the_same_corpus():
    # Given two generators with the same seed and one with another seed
    first, second = list(generate_jobs(300, seed=3)), list(generate_jobs(300, seed=3))
    other = list(generate_jobs(300, seed=4))

    # Then the same seed gives identical postings, queries and CVs, and another seed different ones
    assert first == second
    assert sum(a == b for a, b in zip(first, other, strict=True)) == 0
    assert generate_queries(200, seed=5) == generate_queries(200, seed=5)
    assert generate_queries(200, seed=5) != generate_queries(200, seed=6)
    assert generate_cv("nursing", 9) == generate_cv("nursing", 9) != generate_cv("nursing", 10)


def test_first_postings_do_not_depend_on_how_many_are_asked_for():
    # When 50 postings and then 5,000 postings are generated with the same seed
    # Then the first 50 are the same, so a small benchmark is a prefix of a large one
    assert list(generate_jobs(50)) == list(islice(generate_jobs(5000), 50))


def test_postings_have_the_fields_of_a_job(jobs):
    # Then every posting has a title, a text, bullet requirements, a place, a company and its skills
    for job in jobs:
        assert set(job) == {
            "title", "description", "requirements", "location", "salary_range", "company_name", "skills", "family",
        }  # fmt: skip
        assert job["title"] and job["location"] and job["company_name"]
        assert 60 <= len(job["description"].split()) <= 250
        assert all(line.startswith("- ") for line in job["requirements"].splitlines())
        assert job["salary_range"] is None or SALARY.match(job["salary_range"]), job["salary_range"]
    # And about half of them show a salary, as on real boards
    assert 0.4 < sum(job["salary_range"] is not None for job in jobs) / len(jobs) < 0.6


def test_every_listed_skill_is_named_in_its_posting(jobs):
    # Then the skills of a posting are 4 to 7 distinct names, each of them written in its text
    for job in jobs:
        assert 4 <= len(job["skills"]) <= 7 and len(set(job["skills"])) == len(job["skills"])
        text = job_text(job)
        assert all(named(skill, text) for skill in job["skills"]), job


def test_corpus_is_diverse(jobs):
    # Given 2,000 postings
    titles = Counter(job["title"] for job in jobs)
    vocabulary = {word for job in jobs for word in WORD.findall(job_text(job).lower())}

    # Then most titles are distinct, no text repeats, the vocabulary is large and every family posts
    assert len(titles) / len(jobs) > 0.6
    assert titles.most_common(1)[0][1] < 25
    assert len({job["description"] for job in jobs}) == len(jobs)
    assert len(vocabulary) > 1500
    assert len({job["company_name"] for job in jobs}) > 500
    assert {job["family"] for job in jobs} == set(family_keys()) and len(family_keys()) >= 15


def test_postings_cluster_by_role_family(jobs):
    # Given the postings and some queries embedded with the hash embedder (no model, no network)
    sample = jobs[:600]
    embedder = HashEmbedder()
    matrix = embedder.embed_documents([job_text(job) for job in sample])
    families = np.array([job["family"] for job in sample])

    # When each posting's nearest other posting is found
    similarity = matrix @ matrix.T
    np.fill_diagonal(similarity, -1.0)
    same_family = (families[similarity.argmax(axis=1)] == families).mean()

    # And each query's ten best postings are ranked
    queries = generate_queries(200)
    scores = np.stack([embedder.embed_query(query["text"]) for query in queries]) @ matrix.T
    top = np.argsort(-scores, axis=1)[:, :10]
    precision = np.mean([(families[top[i]] == query["family"]).mean() for i, query in enumerate(queries)])

    # Then postings of a family sit together, and queries find their family: clustered, not random text
    assert same_family > 0.9
    assert precision > 0.6


def test_queries_mix_short_searches_and_cv_snippets():
    # Given 2,000 queries
    queries = generate_queries(2000)
    lengths = [len(query["text"].split()) for query in queries]

    # Then each names the family it targets, all families are targeted,
    # and both short searches and longer CV-like snippets are present
    assert {query["family"] for query in queries} == set(family_keys())
    assert sum(length <= 6 for length in lengths) > 800
    assert sum(length >= 15 for length in lengths) > 400
    assert len({query["text"] for query in queries}) > 1900


def test_generated_cvs_read_as_cvs_with_fake_contact_details():
    # Given one CV of every family for a few seeds
    for family in family_keys():
        for seed in range(3):
            cv = generate_cv(family, seed)

            # Then each passes the CV check, has dated positions and only example contact details
            assert looks_like_cv(cv).is_cv, (family, seed)
            assert re.search(r"\b\w+\.\w+@example\.com\b", cv) and " 555 " in cv
            assert re.search(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} - Present\b", cv)
            for heading in ("Summary", "Experience", "Education", "Skills"):
                assert f"\n{heading}\n" in cv


def test_unknown_family_is_refused():
    with pytest.raises(KeyError):
        generate_cv("astronaut", 1)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("API Engineer", "an API Engineer"),
        ("UX Designer", "a UX Designer"),
        ("SEO Specialist", "an SEO Specialist"),
        ("QA Engineer", "a QA Engineer"),
        ("iOS Developer", "an iOS Developer"),
        ("online retailer", "an online retailer"),
        ("Backend Engineer", "a Backend Engineer"),
        ("50-person", "a 50-person"),
    ],
)
def test_articles_follow_pronunciation(phrase, expected):
    assert with_article(phrase) == expected
