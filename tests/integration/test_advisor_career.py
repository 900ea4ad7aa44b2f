"""/api/career-advisor/ through the advisor handler: grounded in the jobs table, offline and hosted engines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from jobmatch import db
from tests.integration.advisor_data import (
    BACKEND_CV,
    JOBS,
    MODEL,
    NURSE_CV,
    add_cv,
    advisor_fixture,  # noqa: F401 - fixture
    fresh_skills_fixture,  # noqa: F401 - fixture
    hosted_fixture,  # noqa: F401 - fixture
    seed_jobs,
)

PATH = "/api/career-advisor/"
FIELDS = {"current_role_assessment", "career_paths", "skills_gaps", "market_demand", "recommendations", "next_steps"}


def job_titles() -> set[str]:
    return {row["title"] for row in db.fetch_all("SELECT title FROM jobs WHERE is_active")}


def add_plain_jobs(title: str, n: int, *, days_ago: int, salary: str | None = None) -> None:
    """`n` active jobs with this title (not embedded: they count for demand, not for nearness)."""
    company = db.fetch_one("INSERT INTO companies (name) VALUES ('Market Co') RETURNING id")["id"]
    posted = datetime.now(UTC) - timedelta(days=days_ago)
    for _ in range(n):
        db.execute(
            "INSERT INTO jobs (company_id, title, description, salary_range, posted_at) "
            "VALUES (%(c)s, %(t)s, 'Python services.', %(s)s, %(p)s)",
            {"c": company, "t": title, "s": salary, "p": posted},
        )


def test_advice_follows_the_contract_and_is_grounded_in_the_jobs(advisor, make_user):
    # Given jobs of several occupations and a backend engineer's CV
    seed_jobs()
    seeker = make_user()
    cv_id = add_cv(seeker.id, BACKEND_CV)

    # When they ask for career advice without naming a CV
    reply = advisor.post(PATH, None, token=seeker.token, headers={"content-type": ""})

    # Then every field of the contract is there, from the offline analyst
    assert reply.status == 200, reply
    body = reply.json()
    assert set(body) >= FIELDS and body["engine"] == "offline" and body["cv_id"] == cv_id
    # And the career paths are titles of active jobs near the CV: backend roles, not the nurse or
    # chef
    paths = body["career_paths"]
    assert paths and {p["title"] for p in paths} <= job_titles()
    assert paths[0]["title"] == "Backend Python Developer"
    assert not {"Registered Nurse", "Sous Chef"} & {p["title"] for p in paths}
    for path in paths:
        assert path["transition_difficulty"] in ("low", "medium", "high")
        assert path["growth_potential"] in ("low", "medium", "high") and path["description"]
    # And the gaps are skills those jobs ask for that the CV lacks
    assert body["skills_gaps"][0] == "Kubernetes"
    assert not {"Python", "Django", "PostgreSQL", "Docker"} & set(body["skills_gaps"])
    assert set(body["skills_gaps"]) <= {s for job in JOBS.values() for s in job[3]} | {"Microservices", "REST APIs"}
    assert body["recommendations"] and body["next_steps"] and "Backend Engineer" in body["current_role_assessment"]


def test_demand_and_salary_come_from_the_jobs_of_that_role(advisor, make_user):
    # Given three active "Backend Python Developer" jobs (two at €60k-75k, one without a salary),
    # one senior one
    seed_jobs()
    seeker = make_user()
    add_cv(seeker.id, BACKEND_CV)

    body = advisor.post(PATH, {}, token=seeker.token).json()

    # Then the role's demand counts them all (4 active: medium) and its salary is the most common
    # one
    demand = {d["role"]: d for d in body["market_demand"]}
    assert demand["Backend Python Developer"] == {
        "role": "Backend Python Developer", "demand_level": "medium", "salary_range": "€60k-75k"
    }  # fmt: skip


def test_many_recent_jobs_make_high_demand_and_stale_ones_do_not(advisor, make_user):
    seed_jobs()
    seeker = make_user()
    add_cv(seeker.id, BACKEND_CV)

    add_plain_jobs("Backend Python Developer", 10, days_ago=120)
    stale = advisor.post(PATH, {}, token=seeker.token).json()
    add_plain_jobs("Backend Python Developer", 4, days_ago=1)
    fresh = advisor.post(PATH, {}, token=seeker.token).json()

    def level(body: dict) -> str:
        return {d["role"]: d["demand_level"] for d in body["market_demand"]}["Backend Python Developer"]

    assert level(stale) == "medium"  # 14 active, 3 of them posted in the last 30 days: under a quarter
    assert level(fresh) == "high"  # 18 active, 7 recent


def test_no_salary_is_invented_when_no_job_of_the_role_has_one(advisor, make_user):
    # Given a nurse and a single nurse job posted without a salary
    seed_jobs(["nurse", "backend"])
    db.execute("UPDATE jobs SET salary_range = NULL")
    seeker = make_user()
    add_cv(seeker.id, NURSE_CV)

    body = advisor.post(PATH, {}, token=seeker.token).json()

    assert body["career_paths"][0]["title"] == "Registered Nurse"
    assert all(d["salary_range"] is None for d in body["market_demand"])


def test_inactive_jobs_are_not_career_paths(advisor, make_user):
    seed_jobs(["backend", "backend_2", "backend_3", "backend_senior"], active=False)
    seed_jobs(["frontend", "nurse"], company="Other")
    seeker = make_user()

    body = advisor.post(PATH, {"cv_text": BACKEND_CV}, token=seeker.token).json()

    assert "Backend Python Developer" not in {p["title"] for p in body["career_paths"]}
    assert body["cv_id"] is None


def test_a_junior_cv_gets_a_step_up_path(advisor, make_user):
    seed_jobs()
    seeker = make_user()
    junior = BACKEND_CV.replace("Backend Engineer\n", "Junior Backend Engineer\n", 1)

    body = advisor.post(PATH, {"cv_text": junior}, token=seeker.token).json()

    paths = {p["title"]: p for p in body["career_paths"]}
    assert "Senior Backend Python Developer" in paths
    assert paths["Senior Backend Python Developer"]["transition_difficulty"] != "low"


def test_without_jobs_the_advice_says_so_and_invents_no_path(advisor, make_user):
    seeker = make_user()

    body = advisor.post(PATH, {"cv_text": BACKEND_CV}, token=seeker.token).json()

    assert body["career_paths"] == [] and body["market_demand"] == [] and body["skills_gaps"] == []
    assert "No active job" in body["current_role_assessment"]


def test_ownership_missing_cv_and_limits(advisor, make_user):
    owner, other = make_user(), make_user()
    cv_id = add_cv(owner.id, BACKEND_CV)

    assert advisor.post(PATH, {"cv_id": cv_id}, token=other.token).status == 404
    missing = advisor.post(PATH, {}, token=other.token)
    assert missing.status == 404 and "upload" in missing.json()["detail"].lower()
    too_long = advisor.post(PATH, {"cv_text": "x" * 100_001}, token=owner.token)
    assert too_long.status == 400 and list(too_long.json()) == ["cv_text"]
    assert advisor.post(PATH, {}).status == 401


# ---------------------------------------------------------------- hosted engine (mocked
# OpenAI-compatible API)


def hosted_advice(**changes) -> dict:
    advice = {
        "current_role_assessment": "A backend engineer with strong Python and Django experience.",
        "career_paths": [
            {"title": "Backend Python Developer", "description": "Keep building Python services.",
             "transition_difficulty": "Low", "growth_potential": "high"},
            {"title": "Chief Astronaut", "description": "Go to space.", "transition_difficulty": "high",
             "growth_potential": "high"},
        ],
        "skills_gaps": ["Kubernetes", "COBOL"],
        "market_demand": [{"role": "Backend Python Developer", "demand_level": "high", "salary_range": "$500k"}],
        "recommendations": ["Learn Kubernetes."],
        "next_steps": ["Apply to backend roles this week."],
    }  # fmt: skip
    advice.update(changes)
    return advice


def test_a_hosted_answer_keeps_its_words_but_the_facts_are_the_databases(advisor, make_user, hosted):
    # Given a model that adds an invented path, an invented gap and an invented salary
    seed_jobs()
    seeker = make_user()
    add_cv(seeker.id, BACKEND_CV)
    hosted.answers(hosted_advice())

    body = advisor.post(PATH, {}, token=seeker.token).json()

    # Then its wording is kept, the invented path and gap are gone, and demand and salary are
    # measured ones
    assert body["engine"] == f"openai:{MODEL}"
    assert body["current_role_assessment"] == "A backend engineer with strong Python and Django experience."
    assert [p["title"] for p in body["career_paths"]] == ["Backend Python Developer"]
    assert body["career_paths"][0]["transition_difficulty"] == "low"
    assert body["skills_gaps"] == ["Kubernetes"]
    assert body["market_demand"][0] == {
        "role": "Backend Python Developer", "demand_level": "medium", "salary_range": "€60k-75k"
    }  # fmt: skip
    # And the model got the measured market, without the CV's contact details
    sent = hosted.sent_user_data()
    assert "Backend Python Developer" in sent["nearest_roles"] and "€60k-75k" in sent["nearest_roles"]
    assert "jane.doe@example.com" not in sent["cv_text"]


@pytest.mark.parametrize(
    "reply",
    [
        hosted_advice(career_paths=[{"title": "Chief Astronaut", "description": "Space.",
                                     "transition_difficulty": "high", "growth_potential": "high"}]),
        hosted_advice(career_paths=[{"title": "Backend Python Developer", "description": "x",
                                     "transition_difficulty": "impossible", "growth_potential": "high"}]),
        "{not json",
        httpx.Response(401, json={"error": "bad key"}),
    ],
    ids=["only-invented-paths", "unknown-level", "not-json", "rejected-key"],
)  # fmt: skip
def test_unusable_hosted_advice_falls_back_to_the_offline_analyst(advisor, make_user, hosted, reply):
    seed_jobs()
    seeker = make_user()
    hosted.answers(reply)

    body = advisor.post(PATH, {"cv_text": BACKEND_CV}, token=seeker.token).json()

    assert body["engine"] == "offline"
    assert body["career_paths"][0]["title"] == "Backend Python Developer"
