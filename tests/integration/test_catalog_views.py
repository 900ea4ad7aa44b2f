"""The read-only views: CV and job embeddings, and recommendations."""

from __future__ import annotations

import math

import pytest

from jobmatch import db, job_index
from tests.integration import catalog_data as data


def store_cv_chunk(cv_id: str, text: str) -> str:
    """A CV chunk row as the ingest worker writes it; returns its id."""
    vector = job_index.embed_chunks([text])[0]
    row = db.fetch_one(
        "INSERT INTO cv_embeddings (cv_id, cv_version, chunk_index, chunk_text, embedding, model)"
        " VALUES (%(cv)s, 1, 0, %(text)s, %(vector)s, 'hash-v1-512') RETURNING id::text",
        {"cv": cv_id, "text": text, "vector": vector},
    )
    return row["id"]


@pytest.fixture
def world(catalog_client, make_user):
    owner, seeker, stranger = make_user("company"), make_user(), make_user()
    job = data.job(catalog_client, owner, data.company(catalog_client, owner)["id"])
    sent, private = data.cv(catalog_client, seeker), data.cv(catalog_client, seeker)
    data.application(catalog_client, seeker, sent["id"], job["id"])
    return {
        "owner": owner,
        "seeker": seeker,
        "stranger": stranger,
        "job": job,
        "sent_chunk": store_cv_chunk(sent["id"], "Python developer"),
        "private_chunk": store_cv_chunk(private["id"], "Private notes"),
    }


def test_job_embeddings_are_readable_rows_of_512_unit_floats(catalog_client, world):
    reply = catalog_client.get("/api/job-embeddings/", token=world["stranger"].token, query={"job": world["job"]["id"]})

    assert reply.status == 200 and reply.json()
    row = reply.json()[0]
    assert set(row) == {"id", "job", "chunk_index", "embedding", "model", "created_at"}
    assert row["job"] == world["job"]["id"] and row["model"] == "hash-v1-512"
    assert len(row["embedding"]) == 512 and math.isclose(math.fsum(x * x for x in row["embedding"]), 1, rel_tol=1e-4)
    opened = catalog_client.get(f"/api/job-embeddings/{row['id']}/", token=world["owner"].token)
    assert opened.json() == row


def test_cv_embeddings_follow_the_cv_rules(catalog_client, make_user, world):
    sent, private = world["sent_chunk"], world["private_chunk"]
    admin = make_user("admin")

    def visible(user):
        return data.ids(catalog_client.get("/api/cv-embeddings/", token=user.token))

    assert visible(world["seeker"]) == {sent, private}
    assert visible(world["owner"]) == {sent}
    assert visible(world["stranger"]) == set()
    assert visible(admin) == {sent, private}
    assert catalog_client.get(f"/api/cv-embeddings/{private}/", token=world["owner"].token).status == 404
    assert catalog_client.get(f"/api/cv-embeddings/{sent}/", token=world["stranger"].token).status == 404
    row = catalog_client.get(f"/api/cv-embeddings/{sent}/", token=world["owner"].token).json()
    assert set(row) == {"id", "cv", "chunk_index", "embedding", "model", "created_at"} and len(row["embedding"]) == 512


def test_the_views_are_read_only(catalog_client, world):
    # No write route exists: any other method is a 405 naming the allowed one
    token = world["seeker"].token
    refused = catalog_client.post("/api/cv-embeddings/", {}, token=token)
    assert (refused.status, refused.headers["allow"]) == (405, "GET")
    assert catalog_client.delete(f"/api/cv-embeddings/{world['sent_chunk']}/", token=token).status == 405
    assert catalog_client.post("/api/recommendations/", {}, token=token).status == 405
    assert db.fetch_one("SELECT count(*) AS n FROM cv_embeddings")["n"] == 2


def test_recommendations_are_private_to_their_user(catalog_client, make_user, world):
    # Given one recommendation for the seeker
    row = db.fetch_one(
        "INSERT INTO recommendations (user_id, section, priority, recommendation)"
        " VALUES (%(user)s, 'skills', 'high', 'Add your AWS certification.') RETURNING id::text",
        {"user": world["seeker"].id},
    )
    path = f"/api/recommendations/{row['id']}/"
    admin = make_user("admin")

    # Then the seeker and admins read it, other seekers do not find it, and companies may not list any
    mine = catalog_client.get("/api/recommendations/", token=world["seeker"].token)
    assert data.ids(mine) == {row["id"]}
    assert mine.json()[0]["recommendation"] == "Add your AWS certification." and mine.json()[0]["priority"] == "high"
    assert data.ids(catalog_client.get("/api/recommendations/", token=admin.token)) == {row["id"]}
    assert catalog_client.get(path, token=world["stranger"].token).status == 404
    assert catalog_client.get("/api/recommendations/", token=world["stranger"].token).json() == []
    assert catalog_client.get("/api/recommendations/", token=world["owner"].token).status == 403
    assert catalog_client.get(path, token=world["owner"].token).status == 403


@pytest.mark.parametrize("path", ["/api/cv-embeddings/", "/api/job-embeddings/", "/api/recommendations/"])
def test_anonymous_callers_get_401(catalog_client, path):
    assert catalog_client.get(path).status == 401
