"""/api/rag/cv-recommendations/ through the rag handler: offline engine, mocked hosted model, ownership, storage."""

from __future__ import annotations

import re

import httpx
import pytest

from jobmatch import db
from tests.integration.advisor_data import (
    BACKEND_CV,
    MODEL,
    NURSE_CV,
    WEAK_CV,
    add_cv,
    advisor_fixture,  # noqa: F401 - fixture
    bedrock_fixture,  # noqa: F401 - fixture
    count,
    fresh_skills_fixture,  # noqa: F401 - fixture
    hosted_fixture,  # noqa: F401 - fixture
    new_version,
    rag_fixture,  # noqa: F401 - fixture
    seed_jobs,
)
from tests.integration.conftest import Client

PATH = "/api/rag/cv-recommendations/"
SCORES = ("overall_score", "skills_match", "experience_relevance", "ats_readability")


@pytest.fixture
def catalog() -> Client:
    from catalog.app import lambda_handler

    return Client(lambda_handler)


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).casefold()


def hosted_review(**changes) -> dict:
    """A well-formed hosted answer for BACKEND_CV, with `changes` applied."""
    review = {
        "overall_score": 81,
        "skills_match": 75,
        "experience_relevance": 85,
        "ats_readability": 88,
        "suggestions": [
            {"title": "Name Kubernetes if you have used it", "priority": "high", "section": "skills",
             "details": "Two of the closest jobs ask for Kubernetes.", "suggested_text": "- Ran [x] on Kubernetes"},
            {"title": "Add a projects section", "priority": "low", "section": "general",
             "details": "Show a side project.", "suggested_text": ""},
        ],
        "cv_extract": {
            "full_name": "Jane Doe",
            "job_title": "Backend Engineer",
            "summary": "Backend engineer with six years of experience building Python services and REST APIs for "
            "payment companies, from design to production support.",
            "skills": ["Python", "Django", "PostgreSQL"],
            "experience": [{"company": "Acme Payments", "role": "Senior Backend Engineer",
                            "period": "Mar 2020 - Present",
                            "bullets": ["Mentored three junior engineers through code review and pairing."]}],
            "contact": {"email": None, "phone": None},
        },
    }  # fmt: skip
    review.update(changes)
    return review


# ---------------------------------------------------------------- offline engine


def test_latest_cv_is_reviewed_with_the_contract_fields_and_the_suggestions_are_stored(rag, catalog, make_user):
    # Given jobs and a jobseeker with an embedded CV
    seed_jobs()
    seeker = make_user()
    cv_id = add_cv(seeker.id, BACKEND_CV)

    # When they ask for recommendations without a body (curl -X POST with only the token)
    reply = rag.post(PATH, None, token=seeker.token, headers={"content-type": ""})

    # Then the scores are integers 0-100, suggestions are prioritised, the extract describes the CV
    assert reply.status == 200, reply
    body = reply.json()
    assert body["engine"] == "offline" and body["cv_id"] == cv_id
    for name in SCORES:
        assert isinstance(body[name], int) and 0 <= body[name] <= 100
    assert body["overall_score"] == round(
        0.4 * body["skills_match"] + 0.35 * body["experience_relevance"] + 0.25 * body["ats_readability"]
    )
    assert body["suggestions"] and all(set(s) == {"title", "priority", "details"} for s in body["suggestions"])
    assert all(s["priority"] in ("high", "medium", "low") for s in body["suggestions"])
    extract = body["cv_extract"]
    assert extract["full_name"] == "Jane Doe" and extract["job_title"] == "Backend Engineer"
    assert extract["contact"] == {"email": "jane.doe@example.com", "phone": "+44 20 7946 0958"}
    assert [e["company"] for e in extract["experience"]] == ["Acme Payments", "Shopfront Ltd"]
    assert {"Python", "Django", "PostgreSQL"} <= set(extract["skills"])
    # And the suggestions are the caller's recommendations for that CV, readable through
    # /api/recommendations/
    listed = catalog.get("/api/recommendations/", token=seeker.token).json()
    assert len(listed) == len(body["suggestions"])
    assert {r["recommendation"] for r in listed} == {f"{s['title']}: {s['details']}" for s in body["suggestions"]}
    assert all(r["cv"] == cv_id and r["user"] == seeker.id for r in listed)
    # And the score of this CV version is cached for the dashboard, with its matches
    cached = db.fetch_one("SELECT cv_version, overall, engine FROM cv_scores WHERE cv_id = %(c)s", {"c": cv_id})
    assert cached == {"cv_version": 1, "overall": body["overall_score"], "engine": "offline"}
    assert count("match_results") > 0


@pytest.mark.parametrize("text", [BACKEND_CV, NURSE_CV, WEAK_CV], ids=["backend", "nurse", "weak"])
def test_every_extract_skill_company_and_bullet_appears_in_the_cv(rag, make_user, text):
    seed_jobs()
    seeker = make_user()

    body = rag.post(PATH, {"cv_text": text}, token=seeker.token).json()

    whole = norm(text)
    extract = body["cv_extract"]
    for skill in extract["skills"]:
        assert norm(skill) in whole, skill
    for entry in extract["experience"]:
        for piece in [entry["company"], entry["role"], entry["period"], *entry["bullets"]]:
            assert norm(piece) in whole, piece


def test_a_weak_cv_scores_lower_and_gets_high_priority_fixes(rag, make_user):
    seed_jobs()
    seeker = make_user()

    strong = rag.post(PATH, {"cv_text": BACKEND_CV}, token=seeker.token).json()
    weak = rag.post(PATH, {"cv_text": WEAK_CV}, token=seeker.token).json()

    assert weak["overall_score"] < strong["overall_score"] - 20
    assert weak["ats_readability"] < strong["ats_readability"]
    assert weak["experience_relevance"] == 0
    high = {s["title"] for s in weak["suggestions"] if s["priority"] == "high"}
    assert {"Add your contact details", "Add an Experience section with dated positions"} <= high


def test_cv_text_is_reviewed_without_storing_a_score_and_replaces_earlier_text_suggestions(rag, make_user):
    # Given a jobseeker without any stored CV
    seed_jobs()
    seeker = make_user()

    # When they send a CV as text twice
    first = rag.post(PATH, {"cv_text": BACKEND_CV}, token=seeker.token)
    second = rag.post(PATH, {"cv_text": WEAK_CV}, token=seeker.token)

    # Then each is reviewed, no score is cached, and only the last review's suggestions remain (CV
    # null)
    assert first.status == second.status == 200
    assert second.json()["cv_id"] is None
    assert count("cv_scores") == 0
    rows = db.fetch_all("SELECT cv_id, recommendation FROM recommendations WHERE user_id = %(u)s", {"u": seeker.id})
    assert len(rows) == len(second.json()["suggestions"]) and all(r["cv_id"] is None for r in rows)


def test_a_second_review_of_the_same_cv_replaces_its_suggestions(rag, make_user):
    seed_jobs()
    seeker = make_user()
    cv_id = add_cv(seeker.id, BACKEND_CV)

    rag.post(PATH, {"cv_id": cv_id}, token=seeker.token)
    again = rag.post(PATH, {"cv_id": cv_id}, token=seeker.token).json()

    assert count("recommendations") == len(again["suggestions"])


def test_a_new_cv_version_gets_its_own_cached_score(rag, make_user):
    seed_jobs()
    seeker = make_user()
    cv_id = add_cv(seeker.id, WEAK_CV)
    rag.post(PATH, {}, token=seeker.token)

    new_version(cv_id, BACKEND_CV)
    body = rag.post(PATH, {}, token=seeker.token).json()

    cached = db.fetch_one("SELECT cv_version, overall FROM cv_scores WHERE cv_id = %(c)s", {"c": cv_id})
    assert cached == {"cv_version": 2, "overall": body["overall_score"]}


def test_a_cv_without_embeddings_is_matched_from_its_text(rag, make_user):
    seed_jobs()
    seeker = make_user()
    add_cv(seeker.id, BACKEND_CV, embed=False)

    body = rag.post(PATH, {}, token=seeker.token).json()

    assert body["skills_match"] > 0 and count("match_results") > 0


# ---------------------------------------------------------------- ownership and input


def test_someone_elses_cv_is_not_found(rag, make_user):
    owner, other = make_user(), make_user()
    cv_id = add_cv(owner.id, BACKEND_CV)

    foreign = rag.post(PATH, {"cv_id": cv_id}, token=other.token)
    unknown = rag.post(PATH, {"cv_id": "00000000-0000-4000-8000-000000000000"}, token=owner.token)

    assert foreign.status == 404 and unknown.status == 404
    assert foreign.json() == {"detail": "CV not found."}
    assert count("recommendations") == 0


def test_without_any_cv_the_answer_is_404_with_a_hint(rag, make_user):
    seeker = make_user()

    reply = rag.post(PATH, {}, token=seeker.token)

    assert reply.status == 404
    assert "upload" in reply.json()["detail"].lower() and "cv_text" in reply.json()["detail"]


def test_input_limits_name_the_field(rag, make_user):
    seeker = make_user()

    too_long = rag.post(PATH, {"cv_text": "x" * 100_001}, token=seeker.token)
    blank = rag.post(PATH, {"cv_text": "  "}, token=seeker.token)
    bad_id = rag.post(PATH, {"cv_id": "not-a-uuid"}, token=seeker.token)

    assert too_long.status == 400 and list(too_long.json()) == ["cv_text"]
    assert "100000" in too_long.json()["cv_text"][0]
    assert blank.status == 400 and list(blank.json()) == ["cv_text"]
    assert bad_id.status == 400 and list(bad_id.json()) == ["cv_id"]


def test_authentication_is_required(rag):
    assert rag.post(PATH, {"cv_text": BACKEND_CV}).status == 401


# ---------------------------------------------------------------- hosted engine (mocked
# OpenAI-compatible API)


def test_a_hosted_review_is_used_checked_against_the_cv_and_cached(rag, make_user, hosted):
    # Given a hosted model that invents a skill, an employer and an e-mail, and overshoots a score
    seed_jobs()
    seeker = make_user()
    cv_id = add_cv(seeker.id, BACKEND_CV)
    invented = hosted_review(skills_match="150", overall_score="81%")
    invented["cv_extract"]["skills"] += ["Kubernetes", "COBOL"]
    invented["cv_extract"]["experience"].append(
        {"company": "Google", "role": "Staff Engineer", "period": "2010 - 2015", "bullets": ["Led search."]}
    )
    invented["cv_extract"]["contact"] = {"email": "guessed@example.com", "phone": "+1 555 0100 000"}
    hosted.answers(invented)

    # When the caller asks for recommendations
    body = rag.post(PATH, {}, token=seeker.token).json()

    # Then the hosted answer is used, with scores clamped and only what the CV holds in the extract
    assert body["engine"] == f"openai:{MODEL}"
    assert body["skills_match"] == 100 and body["overall_score"] == 81
    assert [s["title"] for s in body["suggestions"]] == [
        "Name Kubernetes if you have used it",
        "Add a projects section",
    ]
    assert body["cv_extract"]["skills"] == ["Python", "Django", "PostgreSQL"]
    assert [e["company"] for e in body["cv_extract"]["experience"]] == ["Acme Payments"]
    assert body["cv_extract"]["contact"] == {"email": "jane.doe@example.com", "phone": "+44 20 7946 0958"}
    # And the model never saw the e-mail address or phone number, but did see the nearest jobs
    sent = hosted.sent_user_data()
    assert "jane.doe@example.com" not in sent["cv_text"] and "7946 0958" not in sent["cv_text"]
    assert "Backend Python Developer" in sent["best_matching_jobs"]
    # And the hosted score is what the dashboard will show for this CV version
    cached = db.fetch_one("SELECT overall, engine FROM cv_scores WHERE cv_id = %(c)s", {"c": cv_id})
    assert cached == {"overall": 81, "engine": f"openai:{MODEL}"}


def test_unsupported_figures_in_hosted_suggestions_become_placeholders(rag, make_user, hosted):
    seed_jobs()
    seeker = make_user()
    answer = hosted_review()
    answer["suggestions"][0]["details"] = "Say that you cut costs by 45% across 12,000 servers."
    hosted.answers(answer)

    body = rag.post(PATH, {"cv_text": BACKEND_CV}, token=seeker.token).json()

    details = body["suggestions"][0]["details"]
    assert "45%" not in details and "12,000" not in details and "[your figure]" in details


@pytest.mark.parametrize(
    "reply",
    [
        "this is not JSON",
        {"overall_score": 80},  # required fields missing
        {**hosted_review(), "suggestions": []},  # no suggestion at all
        {**hosted_review(), "skills_match": "excellent"},  # a score that is not a number
        httpx.Response(400, json={"error": "bad request"}),
    ],
    ids=["not-json", "missing-fields", "no-suggestions", "non-numeric-score", "client-error"],
)
def test_unusable_hosted_output_falls_back_to_the_offline_analyst(rag, make_user, hosted, reply):
    seed_jobs()
    seeker = make_user()
    hosted.answers(reply)

    body = rag.post(PATH, {"cv_text": BACKEND_CV}, token=seeker.token).json()

    assert body["engine"] == "offline"
    assert body["cv_extract"]["full_name"] == "Jane Doe" and body["suggestions"]
    assert len(hosted.requests) == 1


def test_a_failing_provider_is_retried_then_the_offline_analyst_answers(rag, make_user, hosted):
    seed_jobs()
    seeker = make_user()
    hosted.answers(*[httpx.Response(503, headers={"retry-after": "0"})] * 3)

    body = rag.post(PATH, {"cv_text": BACKEND_CV}, token=seeker.token).json()

    assert body["engine"] == "offline" and len(hosted.requests) == 3


def test_bedrock_answers_through_its_output_tool_and_falls_back_on_a_refusal(rag, make_user, bedrock):
    # Given Bedrock configured: a first call answers with the review, a second one is refused
    seed_jobs()
    seeker = make_user()
    bedrock.answers(hosted_review(overall_score=77))
    bedrock.fails("ValidationException")

    first = rag.post(PATH, {"cv_text": BACKEND_CV}, token=seeker.token).json()
    second = rag.post(PATH, {"cv_text": BACKEND_CV}, token=seeker.token).json()

    # Then the first review is Bedrock's (checked like any hosted answer), the second the offline analyst's
    assert first["engine"] == "bedrock:amazon.nova-lite-v1:0" and first["overall_score"] == 77
    assert first["cv_extract"]["contact"]["email"] == "jane.doe@example.com"
    assert second["engine"] == "offline"
    bedrock.stubber.assert_no_pending_responses()
