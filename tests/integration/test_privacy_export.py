"""GET /api/auth/me/export/: all the product holds about the caller, nothing about anyone else."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from jobmatch import db, privacy
from tests.integration.privacy_data import cascade_closure, seed_world
from tests.integration.rag_data import fresh_skills_fixture, s3_fixture  # noqa: F401 (fixtures)

EXPORT = "/api/auth/me/export/"


@pytest.fixture
def world(s3, make_user):
    return seed_world(s3, make_user)


def export_of(auth_client, account, **query) -> dict:
    query = {name: str(value) for name, value in query.items()}
    reply = auth_client.get(EXPORT, token=account.token, query=query)
    assert reply.status == 200, reply
    assert reply.headers["cache-control"] == "no-store"
    return reply.json()


def test_every_table_holding_a_users_rows_has_a_place_in_the_export():
    # Given the tables whose rows go with a user (a new one fails until the export places it)
    owned = cascade_closure() | {"login_failures"}

    # Then each is exported somewhere, or says why not, and every table listed exists
    assert owned - privacy.EXPORTED_IN.keys() == set()
    rows = db.fetch_all("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    tables = {row["tablename"] for row in rows}
    assert privacy.EXPORTED_IN.keys() - tables == set()


def test_a_jobseeker_gets_all_of_their_data(auth_client, world):
    # Given jobseeker A with a CV, an upload, two applications, matches, advice and an interview
    a, b = world

    # When they ask for their export
    export = export_of(auth_client, a.seeker)

    # Then it is one part holding their profile and every record, with the texts they wrote or got
    assert export["format"] == "jobmatch-export/1" and export["part"] == {"number": 1, "of": 1}
    profile = export["profile"]
    assert (profile["id"], profile["username"]) == (a.seeker.id, a.seeker.username)
    assert "password_hash" not in export["profile"]
    (cv,) = export["cvs"]
    assert cv["id"] == a.cv_id and a.marker("cv") in cv["parsed_text"]
    assert cv["score"]["overall"] == 71
    assert cv["embeddings"] == {"chunks": 1, "cv_version": 1, "models": ["hash-v1-512"]}
    assert [u["filename"] for u in export["cv_uploads"]] == [a.marker("upload")]
    assert sorted((x["job_id"], x["status"]) for x in export["applications"]) == sorted(
        [(a.job_id, "reviewing"), (b.job_id, "reviewing")]
    )
    notes = {match["explanation"]["note"] for match in export["match_results"]}
    assert notes == {a.marker("match-A"), a.marker("match-B")}
    assert [r["recommendation"] for r in export["recommendations"]] == [a.marker("recommendation")]
    (session,) = export["interview_sessions"]
    (question,) = session["questions"]
    assert session["job_description"] == a.marker("session")
    assert question["question"] == a.marker("question")
    assert question["answer"]["user_answer"] == a.marker("answer")
    assert question["answer"]["evaluation"]["answer_analysis"] == a.marker("evaluation")
    (session_token,) = export["sessions"]
    assert set(session_token) == {"issued_at", "expires_at", "used_at", "revoked_at"}
    assert [set(f) for f in export["login_failures"]] == [{"failed_at"}]
    assert len(export["profile_views_received"]) == 2
    assert export["companies"] == export["jobs"] == []


def test_a_company_user_gets_their_companies_and_jobs_but_no_applicant_data(auth_client, world):
    # Given company user A, whose job both jobseekers applied to and who opened both CVs
    a, b = world

    # When they ask for their export
    export = export_of(auth_client, a.company)
    text = json.dumps(export)

    # Then it holds their company and job with counts, and nothing of the applicants
    assert [c["id"] for c in export["companies"]] == [a.company_id]
    (job,) = export["jobs"]
    assert (job["id"], job["skills"], job["applications_received"]) == (a.job_id, ["Python"], 2)
    assert [set(view) for view in export["profile_views_made"]] == [{"viewed_at"}] * 2
    assert export["cvs"] == export["applications"] == export["interview_sessions"] == []
    for home in (a, b):
        for secret in (home.seeker.id, home.seeker.username, home.cv_id, "PRIVATE"):
            assert secret not in text


def test_an_export_holds_nothing_of_another_user(auth_client, world):
    # Given households A and B linked by applications, matches and views
    a, b = world

    # When jobseeker A exports their data
    text = json.dumps(export_of(auth_client, a.seeker))

    # Then no id, name or text of B's people appears (the jobs A applied to appear by title only)
    for secret in (b.seeker.id, b.seeker.username, b.company.id, b.company.username, b.cv_id):
        assert secret not in text
    assert b.session_id not in text
    assert "B-PRIVATE" not in text and b.cv_key not in text and "B-job-text" not in text
    assert "B Backend Engineer" in text


def test_cv_files_come_as_ten_minute_sigv4_download_links(auth_client, world):
    a, _ = world

    export = export_of(auth_client, a.seeker)
    url = export["cvs"][0]["download_url"]

    query = parse_qs(urlsplit(url).query)
    assert urlsplit(url).path.endswith(a.cv_key)
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"] and query["X-Amz-Expires"] == ["600"]
    assert 'filename="cv.txt"' in query["response-content-disposition"][0]
    downloaded = requests.get(url, timeout=10)  # answered by moto's S3
    assert downloaded.status_code == 200 and a.marker("cv") in downloaded.text


def add_sessions(user_id: str, count: int, answer_chars: int) -> None:
    for n in range(count):
        session = db.fetch_one(
            "INSERT INTO interview_sessions (user_id, job_description, difficulty, question_count,"
            " engine) VALUES (%(u)s, %(d)s, 'easy', 1, 'offline') RETURNING id",
            {"u": user_id, "d": f"session {n}"},
        )["id"]
        question = db.fetch_one(
            "INSERT INTO interview_questions (session_id, position, question, category, difficulty)"
            " VALUES (%(s)s, 0, 'Why?', 'behavioral', 'easy') RETURNING id",
            {"s": session},
        )["id"]
        db.execute(
            "INSERT INTO interview_answers (question_id, user_answer) VALUES (%(q)s, %(a)s)",
            {"q": question, "a": "é" * answer_chars},
        )


def test_a_large_export_comes_in_parts_holding_everything(auth_client, world, monkeypatch):
    # Given a jobseeker with many long interview answers, and parts of at most 20 kB
    a, _ = world
    add_sessions(a.seeker.id, 12, 1_000)
    whole = export_of(auth_client, a.seeker)
    monkeypatch.setattr(privacy, "PART_BUDGET_BYTES", 20_000)

    # When they fetch the export part by part
    first = export_of(auth_client, a.seeker)
    count = first["part"]["of"]
    parts = [first] + [export_of(auth_client, a.seeker, part=n) for n in range(2, count + 1)]

    # Then every part is within the budget as a Lambda response, and their lists make the whole
    assert count > 2
    assert all(privacy._size(part) <= 20_000 for part in parts)
    for name in privacy.SECTIONS:
        joined = [item for part in parts for item in part[name]]
        if name == "cvs":  # fresh download links in each call
            joined = [cv | {"download_url": None} for cv in joined]
            whole[name] = [cv | {"download_url": None} for cv in whole[name]]
        assert joined == whole[name], name
    assert all(part["profile"] == whole["profile"] for part in parts)
    past = auth_client.get(EXPORT, token=a.seeker.token, query={"part": str(count + 1)})
    assert past.status == 404


def test_the_export_needs_a_login(auth_client):
    assert auth_client.get(EXPORT).status == 401
