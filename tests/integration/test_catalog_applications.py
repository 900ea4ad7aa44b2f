"""Applications: created by jobseekers with their own CV, scored by the server, handled by the company."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jobmatch import cv_index, db, job_index, matching
from jobmatch.documents import chunk_text
from tests.integration import catalog_data as data


@pytest.fixture
def market(catalog_client, make_user):
    owner, seeker = make_user("company"), make_user()
    company = data.company(catalog_client, owner)
    return {
        "owner": owner,
        "seeker": seeker,
        "company": company,
        "job": data.job(catalog_client, owner, company["id"]),
        "cv": data.cv(catalog_client, seeker),
    }


def test_jobseeker_applies_with_their_cv_and_gets_a_server_score(catalog_client, market):
    # When the seeker applies, claiming a perfect score
    reply = catalog_client.post(
        "/api/applications/",
        {
            "cv": market["cv"]["id"],
            "job": market["job"]["id"],
            "company": market["company"]["id"],
            "match_score": "1.0000",
            "matched_at": "2025-01-01T00:00:00Z",
        },
        token=market["seeker"].token,
    )

    # Then the application takes the company from the job and the server's own score
    assert reply.status == 201
    body = reply.json()
    assert body["company"] == market["company"]["id"] and body["status"] == "applied"
    score = Decimal(body["match_score"])
    assert len(body["match_score"].split(".")[1]) == 4 and Decimal("0.2") < score < Decimal("1")
    assert not body["matched_at"].startswith("2025-01-01")


def test_a_relevant_cv_scores_higher_than_an_unrelated_one(catalog_client, make_user, market):
    chef = make_user()
    good = data.application(catalog_client, market["seeker"], market["cv"]["id"], market["job"]["id"])
    bad = data.application(catalog_client, chef, data.cv(catalog_client, chef, data.CHEF_CV)["id"], market["job"]["id"])
    assert Decimal(good["match_score"]) > Decimal(bad["match_score"]) + Decimal("0.1")


def test_stored_vectors_are_used_once_both_sides_are_embedded(catalog_client, market):
    # Given a CV embedded by the ingest worker and an embedded job
    cv_id, job_id = market["cv"]["id"], market["job"]["id"]
    assert cv_index.embed_version(cv_id, 1, data.PYTHON_CV) == "embedded"
    cv_vectors = job_index.embed_chunks(chunk_text(data.PYTHON_CV))
    job_vectors = job_index.embed_chunks(job_index.job_chunks(job_index.JobText(**data.PYTHON_JOB)))
    expected = matching.to_score(float((cv_vectors @ job_vectors.T).max()))

    # When the score is computed while the provider is down
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(job_index, "get_embedder", data.ProviderDown)
        score = matching.match_score(cv_id, job_id)

    # Then it came from the stored vectors: the best cosine between chunks
    assert score == expected


def test_the_score_needs_the_provider_while_vectors_are_pending(catalog_client, market, monkeypatch):
    # Given a CV not embedded yet and a provider that is down
    monkeypatch.setattr(job_index, "get_embedder", data.ProviderDown)

    # When the seeker applies
    reply = catalog_client.post(
        "/api/applications/", {"cv": market["cv"]["id"], "job": market["job"]["id"]}, token=market["seeker"].token
    )

    # Then no application without a score is stored: the client is told to retry
    assert reply.status == 503 and "detail" in reply.json()
    assert db.fetch_one("SELECT count(*) AS n FROM applications")["n"] == 0


def test_company_users_cannot_apply(catalog_client, market):
    reply = catalog_client.post(
        "/api/applications/", {"cv": market["cv"]["id"], "job": market["job"]["id"]}, token=market["owner"].token
    )
    assert reply.status == 403


def test_someone_elses_cv_counts_as_missing(catalog_client, make_user, market):
    reply = catalog_client.post(
        "/api/applications/", {"cv": market["cv"]["id"], "job": market["job"]["id"]}, token=make_user().token
    )
    assert reply.status == 400 and list(reply.json()) == ["cv"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"job": "9d9d9d9d-0000-4000-8000-000000000000"}, "job"),
        ({"cv": "9d9d9d9d-0000-4000-8000-000000000000"}, "cv"),
        ({"company": "9d9d9d9d-0000-4000-8000-000000000000"}, "company"),
        ({"job": None}, "job"),
        ({"cv": "not-a-uuid"}, "cv"),
    ],
)
def test_bad_references_are_400_naming_the_field(catalog_client, market, change, field):
    body = {"cv": market["cv"]["id"], "job": market["job"]["id"]} | change
    reply = catalog_client.post("/api/applications/", body, token=market["seeker"].token)
    assert reply.status == 400 and list(reply.json()) == [field]


def test_closed_jobs_and_second_applications_are_refused(catalog_client, market):
    seeker, owner = market["seeker"], market["owner"]
    data.application(catalog_client, seeker, market["cv"]["id"], market["job"]["id"])
    closed = data.job(catalog_client, owner, market["company"]["id"], title="Closed", is_active=False)

    again = catalog_client.post(
        "/api/applications/", {"cv": market["cv"]["id"], "job": market["job"]["id"]}, token=seeker.token
    )
    to_closed = catalog_client.post(
        "/api/applications/", {"cv": market["cv"]["id"], "job": closed["id"]}, token=seeker.token
    )

    assert again.status == 400 and list(again.json()) == ["job"]
    assert to_closed.status == 400 and list(to_closed.json()) == ["job"]
    assert db.fetch_one("SELECT count(*) AS n FROM applications")["n"] == 1


def test_visibility_follows_the_cv_owner_and_the_company(catalog_client, make_user, market):
    application = data.application(catalog_client, market["seeker"], market["cv"]["id"], market["job"]["id"])
    path = f"/api/applications/{application['id']}/"
    admin, stranger, rival = make_user("admin"), make_user(), make_user("company")

    for user in (market["seeker"], market["owner"], admin):
        assert data.ids(catalog_client.get("/api/applications/", token=user.token)) == {application["id"]}
        assert catalog_client.get(path, token=user.token).json() == application
    for user in (stranger, rival):
        assert catalog_client.get("/api/applications/", token=user.token).json() == []
        assert catalog_client.get(path, token=user.token).status == 404
        assert catalog_client.patch(path, {"status": "accepted"}, token=user.token).status == 404
        assert catalog_client.delete(path, token=user.token).status == 404


def test_company_changes_the_status_but_not_the_score(catalog_client, market):
    application = data.application(catalog_client, market["seeker"], market["cv"]["id"], market["job"]["id"])
    path = f"/api/applications/{application['id']}/"

    reviewing = catalog_client.patch(
        path, {"status": "reviewing", "match_score": "0.9999"}, token=market["owner"].token
    )
    accepted = catalog_client.put(path, {"status": "accepted"}, token=market["owner"].token)
    unknown = catalog_client.patch(path, {"status": "hired"}, token=market["owner"].token)

    assert reviewing.status == 200 and reviewing.json()["status"] == "reviewing"
    assert reviewing.json()["match_score"] == application["match_score"]
    assert accepted.json()["status"] == "accepted"
    assert unknown.status == 400 and list(unknown.json()) == ["status"]
    listed = catalog_client.get("/api/applications/", token=market["owner"].token, query={"status": "accepted"})
    assert data.ids(listed) == {application["id"]}


def test_jobseeker_withdraws_but_cannot_change_an_application(catalog_client, market):
    application = data.application(catalog_client, market["seeker"], market["cv"]["id"], market["job"]["id"])
    path = f"/api/applications/{application['id']}/"

    changed = catalog_client.patch(path, {"status": "accepted"}, token=market["seeker"].token)
    company_delete = catalog_client.delete(path, token=market["owner"].token)
    withdrawn = catalog_client.delete(path, token=market["seeker"].token)

    assert (changed.status, company_delete.status, withdrawn.status) == (403, 403, 204)
    assert catalog_client.get(path, token=market["seeker"].token).status == 404


def test_admin_sets_a_score_and_applies_for_anyone(catalog_client, make_user, market):
    admin = make_user("admin")
    created = catalog_client.post(
        "/api/applications/",
        {"cv": market["cv"]["id"], "job": market["job"]["id"], "match_score": 0.5},
        token=admin.token,
    )
    rescored = catalog_client.patch(
        f"/api/applications/{created.json()['id']}/", {"match_score": "0.75"}, token=admin.token
    )
    assert created.status == 201 and created.json()["match_score"] == "0.5000"
    assert rescored.json()["match_score"] == "0.7500"
    assert rescored.json()["matched_at"] > created.json()["matched_at"]


@pytest.mark.parametrize("score", ["1.5", "-0.1", "0.12345", "abc"])
def test_out_of_range_scores_are_refused(catalog_client, make_user, market, score):
    reply = catalog_client.post(
        "/api/applications/",
        {"cv": market["cv"]["id"], "job": market["job"]["id"], "match_score": score},
        token=make_user("admin").token,
    )
    assert reply.status == 400 and list(reply.json()) == ["match_score"]


def test_list_filters_by_job(catalog_client, market):
    other_job = data.job(catalog_client, market["owner"], market["company"]["id"], title="Other")
    first = data.application(catalog_client, market["seeker"], market["cv"]["id"], market["job"]["id"])
    data.application(catalog_client, market["seeker"], market["cv"]["id"], other_job["id"])

    reply = catalog_client.get("/api/applications/", token=market["owner"].token, query={"job": market["job"]["id"]})

    assert data.ids(reply) == {first["id"]} and reply.headers["x-total-count"] == "1"


def test_anonymous_callers_get_401(catalog_client, market):
    assert catalog_client.get("/api/applications/").status == 401
    body = {"cv": market["cv"]["id"], "job": market["job"]["id"]}
    assert catalog_client.post("/api/applications/", body).status == 401
