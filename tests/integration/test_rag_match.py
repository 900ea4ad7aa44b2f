"""POST /api/rag/cv-match/: stored embeddings or text, explanations, the blended score, stored results."""

from __future__ import annotations

import pytest

from jobmatch import cv_index, db
from jobmatch.embeddings import get_embedder
from jobmatch.errors import ServiceUnavailable
from jobmatch.search import SIMILARITY_WEIGHT, SKILL_WEIGHT
from tests.integration.rag_data import (  # noqa: F401 (fixtures)
    CHEF_CV,
    CV_TEXT,
    cv_row,
    fresh_skills_fixture,
    ingest_fixture,
    rag_fixture,
    s3_fixture,
    seed_jobs,
)

MATCH = "/api/rag/cv-match/"


@pytest.fixture
def jobs():
    return seed_jobs()


def uploaded(rag, ingest, user, text=CV_TEXT, *, embed=True) -> dict:
    reply = rag.post("/api/rag/cv-upload/", {"cv_text": text, "filename": "cv.txt"}, token=user.token)
    assert reply.status in (200, 201), reply
    if embed:
        assert ingest(cv_row(user.id)["s3_key"]) == {"batchItemFailures": []}
    return cv_row(user.id)


def stored_matches(cv_id: str) -> dict[str, float]:
    rows = db.fetch_all("SELECT job_id::text, score FROM match_results WHERE cv_id = %(c)s", {"c": cv_id})
    return {row["job_id"]: round(row["score"], 4) for row in rows}


def test_latest_cv_is_matched_from_its_stored_embeddings_with_explanations(rag, s3, ingest, jobs, make_user):
    # Given a jobseeker whose uploaded CV is embedded
    user = make_user()
    cv = uploaded(rag, ingest, user)

    # When they ask for matches without naming a CV
    reply = rag.post(MATCH, {"top_n": 3}, token=user.token)

    # Then their CV is matched from its embeddings and the Python job leads, explained
    assert reply.status == 200, reply
    body = reply.json()
    assert (body["cv_id"], body["matched_from"], body["embedding_status"]) == (cv["id"], "embeddings", "ready")
    assert body["notice"] is None and body["total_matches"] == len(body["results"]) == 3
    top = body["results"][0]
    assert top["id"] == jobs["python"]
    explanation = top["explanation"]
    assert {"Python", "Django", "PostgreSQL"} <= set(explanation["matched_skills"])
    assert "Kubernetes" in explanation["missing_skills"]
    assert explanation["best_passage"] and explanation["best_passage"] in cv["parsed_text"]


def test_score_blends_similarity_and_skill_coverage(rag, s3, ingest, jobs, make_user):
    user = make_user()
    uploaded(rag, ingest, user)

    results = rag.post(MATCH, {"top_n": 8}, token=user.token).json()["results"]

    for result in results:
        explanation = result["explanation"]
        known = len(explanation["matched_skills"]) + len(explanation["missing_skills"])
        if known:
            assert result["skill_coverage"] == pytest.approx(len(explanation["matched_skills"]) / known, abs=1e-4)
            expected = SIMILARITY_WEIGHT * result["similarity"] + SKILL_WEIGHT * result["skill_coverage"]
        else:
            assert result["skill_coverage"] is None
            expected = result["similarity"]
        assert result["score"] == pytest.approx(min(1.0, max(0.0, expected)), abs=2e-4)
    assert [r["score"] for r in results] == sorted((r["score"] for r in results), reverse=True)


def test_stored_cv_is_not_embedded_again(rag, s3, ingest, jobs, make_user, monkeypatch):
    # Given an embedded CV, and an embedding provider that would fail if called
    user = make_user()
    uploaded(rag, ingest, user)

    class Unreachable:
        model_id = get_embedder().model_id

        def embed_documents(self, texts):
            raise ServiceUnavailable()

    monkeypatch.setattr("rag.service.get_embedder", lambda: Unreachable())

    reply = rag.post(MATCH, {}, token=user.token)

    assert reply.status == 200 and reply.json()["matched_from"] == "embeddings"


def test_pending_cv_is_matched_from_its_text_and_says_so(rag, s3, ingest, jobs, make_user):
    user = make_user()
    cv = uploaded(rag, ingest, user, embed=False)

    body = rag.post(MATCH, {"cv_id": cv["id"]}, token=user.token).json()

    assert (body["matched_from"], body["embedding_status"]) == ("text", "pending")
    assert "matched from its text" in body["notice"]
    assert body["results"][0]["id"] == jobs["python"]


def test_cv_text_is_matched_without_storing_anything(rag, s3, jobs, make_user):
    user = make_user()

    body = rag.post(MATCH, {"cv_text": CHEF_CV, "top_n": 2}, token=user.token).json()

    assert (body["cv_id"], body["matched_from"], body["embedding_status"]) == (None, "text", None)
    assert body["results"][0]["id"] == jobs["chef"]
    assert cv_row(user.id) is None
    assert db.fetch_one("SELECT count(*) AS n FROM match_results")["n"] == 0


def test_someone_elses_cv_is_a_404_like_a_missing_one(rag, s3, ingest, jobs, make_user):
    owner, other = make_user(), make_user()
    cv = uploaded(rag, ingest, owner)

    foreign = rag.post(MATCH, {"cv_id": cv["id"]}, token=other.token)
    missing = rag.post(MATCH, {"cv_id": "00000000-0000-0000-0000-000000000000"}, token=owner.token)
    none_yet = rag.post(MATCH, {}, token=other.token)

    assert foreign.status == missing.status == none_yet.status == 404
    assert none_yet.json() == {"detail": "You have not uploaded a CV yet."}


def test_match_needs_a_login(rag, jobs):
    assert rag.post(MATCH, {"cv_text": CV_TEXT}).status == 401


def test_top_results_are_stored_and_replaced_by_the_next_match(rag, s3, ingest, jobs, make_user):
    # Given a first match of five results
    user = make_user()
    cv = uploaded(rag, ingest, user)
    first = rag.post(MATCH, {"top_n": 5}, token=user.token).json()["results"]
    assert stored_matches(cv["id"]) == {r["id"]: r["score"] for r in first}

    # When the user matches again with a filter that keeps fewer jobs
    second = rag.post(MATCH, {"top_n": 5, "must_contain": ["python"]}, token=user.token).json()["results"]

    # Then the stored set is exactly the new results, with the CV's version
    assert stored_matches(cv["id"]) == {r["id"]: r["score"] for r in second}
    versions = db.fetch_all("SELECT DISTINCT cv_version FROM match_results WHERE cv_id = %(c)s", {"c": cv["id"]})
    assert [row["cv_version"] for row in versions] == [1]


def test_filters_apply_to_matches(rag, s3, ingest, jobs, make_user):
    user = make_user()
    uploaded(rag, ingest, user)

    body = rag.post(MATCH, {"must_not_contain": ["django"], "similarity_threshold": 0.05}, token=user.token).json()

    ids = {result["id"] for result in body["results"]}
    assert jobs["python"] not in ids and jobs["intern"] not in ids
    assert all(result["similarity"] >= 0.05 for result in body["results"])


def test_replacing_the_cv_drops_its_stored_matches(rag, s3, ingest, jobs, make_user):
    user = make_user()
    cv = uploaded(rag, ingest, user)
    rag.post(MATCH, {}, token=user.token)

    uploaded(rag, ingest, user, CHEF_CV)

    assert stored_matches(cv["id"]) == {}
    assert cv_index.embed_version(cv["id"], 2, CHEF_CV) == "embedded"
