"""/api/dashboard/ through the advisor handler: cached score, stored matches, profile views, the no-CV case."""

from __future__ import annotations

import pytest

from jobmatch import db
from jobmatch.cv_analysis import MATCH_THRESHOLD
from tests.integration.advisor_data import (
    BACKEND_CV,
    MODEL,
    WEAK_CV,
    add_cv,
    advisor_fixture,  # noqa: F401 - fixture
    count,
    fresh_skills_fixture,  # noqa: F401 - fixture
    hosted_fixture,  # noqa: F401 - fixture
    new_version,
    rag_fixture,  # noqa: F401 - fixture
    seed_jobs,
)
from tests.integration.conftest import Client

PATH = "/api/dashboard/"


@pytest.fixture
def catalog() -> Client:
    from catalog.app import lambda_handler

    return Client(lambda_handler)


def stored_matches(cv_id: str) -> list[dict]:
    return db.fetch_all(
        "SELECT m.job_id::text AS id, j.title, m.score FROM match_results m JOIN jobs j ON j.id = m.job_id"
        " WHERE m.cv_id = %(c)s AND j.is_active ORDER BY m.score DESC",
        {"c": cv_id},
    )


def test_a_user_without_a_cv_gets_zeros_null_and_no_matches(advisor, make_user):
    seed_jobs()
    seeker = make_user()

    reply = advisor.get(PATH, token=seeker.token)

    assert reply.status == 200
    assert reply.json() == {
        "job_matches": {"count": 0, "threshold": round(MATCH_THRESHOLD * 100)},
        "cv_score": {"value": None},
        "profile_views": {"value": 0},
        "top_matches": [],
    }


def test_first_load_scores_the_cv_once_and_counts_matches_above_the_threshold(advisor, make_user):
    # Given jobs and a jobseeker whose CV was never analysed
    seed_jobs()
    seeker = make_user()
    cv_id = add_cv(seeker.id, BACKEND_CV)

    # When they open the dashboard
    body = advisor.get(PATH, token=seeker.token).json()

    # Then the CV got an offline score for its version, and its matches were stored
    cached = db.fetch_one("SELECT cv_version, overall, engine FROM cv_scores WHERE cv_id = %(c)s", {"c": cv_id})
    assert cached["cv_version"] == 1 and cached["engine"] == "offline"
    assert body["cv_score"] == {"value": cached["overall"]}
    # And the count and the top three are those stored matches reaching the threshold, best first,
    # in percent
    above = [m for m in stored_matches(cv_id) if m["score"] >= MATCH_THRESHOLD]
    assert body["job_matches"]["count"] == len(above) >= 3
    assert [t["id"] for t in body["top_matches"]] == [m["id"] for m in above[:3]]
    assert [t["score"] for t in body["top_matches"]] == [round(m["score"] * 100) for m in above[:3]]
    assert all(t["company"] == "Acme" and "Backend" in t["title"] for t in body["top_matches"])
    assert {"Registered Nurse", "Sous Chef"}.isdisjoint(t["title"] for t in body["top_matches"])


def test_later_loads_read_the_cache_without_analysing_again(advisor, make_user, monkeypatch):
    seed_jobs()
    seeker = make_user()
    add_cv(seeker.id, BACKEND_CV)
    first = advisor.get(PATH, token=seeker.token).json()

    # When the analysis is made impossible, the dashboard still answers the same from the cache
    import advisor.service as service

    def fail(*_args, **_kwargs):
        raise AssertionError("the dashboard analysed the CV again")

    monkeypatch.setattr(service, "analyse", fail)
    assert advisor.get(PATH, token=seeker.token).json() == first


def test_a_hosted_engine_is_never_called_by_the_dashboard(advisor, make_user, hosted):
    seed_jobs()
    seeker = make_user()
    cv_id = add_cv(seeker.id, BACKEND_CV)

    body = advisor.get(PATH, token=seeker.token).json()

    assert body["cv_score"]["value"] is not None and hosted.requests == []
    assert db.fetch_one("SELECT engine FROM cv_scores WHERE cv_id = %(c)s", {"c": cv_id})["engine"] == "offline"


def test_the_score_of_a_cv_recommendations_call_is_reused(advisor, rag, make_user, hosted):
    # Given a hosted review of the CV that scored it 91
    seed_jobs()
    seeker = make_user()
    add_cv(seeker.id, BACKEND_CV)
    hosted.answers(
        {
            "overall_score": 91, "skills_match": 90, "experience_relevance": 90, "ats_readability": 95,
            "suggestions": [{"title": "Keep it up", "priority": "low", "section": "general",
                             "details": "Nothing urgent.", "suggested_text": ""}],
            "cv_extract": {"full_name": "Jane Doe", "skills": ["Python"], "experience": [], "contact": {}},
        }
    )  # fmt: skip
    assert rag.post("/api/rag/cv-recommendations/", {}, token=seeker.token).json()["engine"] == f"openai:{MODEL}"

    # When the dashboard loads, it shows that score and its matches, with no further model call
    body = advisor.get(PATH, token=seeker.token).json()

    assert body["cv_score"] == {"value": 91} and body["job_matches"]["count"] >= 3
    assert len(hosted.requests) == 1


def test_a_new_cv_version_is_scored_again(advisor, make_user):
    seed_jobs()
    seeker = make_user()
    cv_id = add_cv(seeker.id, WEAK_CV)
    weak = advisor.get(PATH, token=seeker.token).json()

    new_version(cv_id, BACKEND_CV)
    strong = advisor.get(PATH, token=seeker.token).json()

    assert strong["cv_score"]["value"] > weak["cv_score"]["value"]
    assert db.fetch_one("SELECT cv_version FROM cv_scores WHERE cv_id = %(c)s", {"c": cv_id})["cv_version"] == 2


def test_deactivated_jobs_leave_the_count_and_the_top_matches(advisor, make_user):
    ids = seed_jobs()
    seeker = make_user()
    add_cv(seeker.id, BACKEND_CV)
    before = advisor.get(PATH, token=seeker.token).json()
    best = before["top_matches"][0]["id"]

    db.execute("UPDATE jobs SET is_active = false WHERE id = %(id)s", {"id": best})
    after = advisor.get(PATH, token=seeker.token).json()

    assert after["job_matches"]["count"] == before["job_matches"]["count"] - 1
    assert best not in {t["id"] for t in after["top_matches"]} and best in ids.values()


def test_profile_views_count_each_time_a_company_opens_the_cv(advisor, catalog, make_user):
    # Given a jobseeker who applied with their CV to a company's job
    seeker, owner = make_user(), make_user("company")
    cv_id = add_cv(seeker.id, BACKEND_CV)
    company = catalog.post("/api/companies/", {"name": "Hiring Co"}, token=owner.token).json()["id"]
    job = catalog.post("/api/jobs/", {"company": company, "title": "Backend Python Developer",
                                      "description": "Python and Django."}, token=owner.token).json()["id"]  # fmt: skip
    assert catalog.post("/api/applications/", {"cv": cv_id, "job": job}, token=seeker.token).status == 201

    # When the company opens the CV twice (and the seeker opens it once)
    for token in (owner.token, owner.token, seeker.token):
        assert catalog.get(f"/api/cvs/{cv_id}/", token=token).status == 200

    # Then the dashboard shows two profile views
    assert advisor.get(PATH, token=seeker.token).json()["profile_views"] == {"value": 2}
    assert count("profile_views") == 2


def test_the_dashboard_needs_a_login(advisor):
    assert advisor.get(PATH).status == 401
