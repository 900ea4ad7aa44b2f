"""CV records: each jobseeker sees only their own, companies read the CVs sent to them, admins all."""

from __future__ import annotations

import pytest

from jobmatch import cv_index, db
from tests.integration import catalog_data as data


@pytest.fixture
def applied(catalog_client, make_user):
    """A jobseeker who applied with one CV to a job of a company, and kept a second CV private."""
    owner, seeker = make_user("company"), make_user()
    job = data.job(catalog_client, owner, data.company(catalog_client, owner)["id"])
    sent = data.cv(catalog_client, seeker, filename="sent.pdf")
    private = data.cv(catalog_client, seeker, filename="private.pdf")
    data.application(catalog_client, seeker, sent["id"], job["id"])
    return {"owner": owner, "seeker": seeker, "sent": sent, "private": private}


def test_jobseeker_creates_a_cv_for_themselves(catalog_client, make_user):
    seeker = make_user()

    reply = catalog_client.post(
        "/api/cvs/",
        {
            "filename": "resume.pdf",
            "parsed_text": "Extracted text",
            "created_at": "2025-01-01T00:00:00Z",
            "updated_at": "2025-01-01T00:00:00Z",
        },
        token=seeker.token,
    )

    assert reply.status == 201
    body = reply.json()
    assert body["user"] == seeker.id and body["filename"] == "resume.pdf" and body["parsed_text"] == "Extracted text"
    assert body["embedding_status"] == "pending" and body["version"] == 1
    assert not body["created_at"].startswith("2025-01-01")


def test_a_jobseeker_cannot_create_a_cv_for_someone_else(catalog_client, make_user):
    seeker, other = make_user(), make_user()
    reply = catalog_client.post("/api/cvs/", {"user": other.id, "filename": "cv.txt"}, token=seeker.token)
    assert reply.status == 400 and list(reply.json()) == ["user"]
    assert db.fetch_one("SELECT count(*) AS n FROM cvs")["n"] == 0


def test_company_users_cannot_create_cvs(catalog_client, make_user):
    assert catalog_client.post("/api/cvs/", {"filename": "cv.txt"}, token=make_user("company").token).status == 403


def test_admin_creates_a_cv_for_an_existing_user_only(catalog_client, make_user):
    admin, seeker = make_user("admin"), make_user()
    made = catalog_client.post("/api/cvs/", {"user": seeker.id, "filename": "cv.txt"}, token=admin.token)
    ghost = catalog_client.post(
        "/api/cvs/", {"user": "5a5a5a5a-0000-4000-8000-000000000000", "filename": "cv.txt"}, token=admin.token
    )
    assert made.status == 201 and made.json()["user"] == seeker.id
    assert ghost.status == 400 and list(ghost.json()) == ["user"]


def test_jobseekers_see_only_their_own_cvs(catalog_client, make_user, applied):
    # Given another jobseeker
    stranger = make_user()
    mine = data.cv(catalog_client, stranger)

    # When each lists CVs and the stranger opens one of the first seeker's CVs
    theirs = catalog_client.get(f"/api/cvs/{applied['sent']['id']}/", token=stranger.token)

    # Then lists are private, and a foreign CV is not found rather than forbidden
    assert data.ids(catalog_client.get("/api/cvs/", token=stranger.token)) == {mine["id"]}
    seeker_ids = data.ids(catalog_client.get("/api/cvs/", token=applied["seeker"].token))
    assert seeker_ids == {applied["sent"]["id"], applied["private"]["id"]}
    assert theirs.status == 404
    for method in ("put", "patch"):
        reply = getattr(catalog_client, method)(
            f"/api/cvs/{applied['sent']['id']}/", {"filename": "x.txt"}, token=stranger.token
        )
        assert reply.status == 404
    assert catalog_client.delete(f"/api/cvs/{applied['sent']['id']}/", token=stranger.token).status == 404


def test_company_reads_only_the_cvs_sent_to_it_and_each_read_is_counted(catalog_client, make_user, applied):
    owner = applied["owner"]
    outsider = make_user("company")

    listed = catalog_client.get("/api/cvs/", token=owner.token)
    sent = catalog_client.get(f"/api/cvs/{applied['sent']['id']}/", token=owner.token)
    private = catalog_client.get(f"/api/cvs/{applied['private']['id']}/", token=owner.token)
    foreign = catalog_client.get(f"/api/cvs/{applied['sent']['id']}/", token=outsider.token)

    assert data.ids(listed) == {applied["sent"]["id"]}
    assert sent.status == 200 and sent.json()["parsed_text"] == data.PYTHON_CV
    assert private.status == 404 and foreign.status == 404
    views = db.fetch_all("SELECT user_id::text, cv_id::text, viewer_id::text FROM profile_views")
    assert views == [{"user_id": applied["seeker"].id, "cv_id": applied["sent"]["id"], "viewer_id": owner.id}]


def test_company_cannot_change_or_delete_an_applicant_cv(catalog_client, applied):
    owner, cv_id = applied["owner"], applied["sent"]["id"]
    assert catalog_client.patch(f"/api/cvs/{cv_id}/", {"filename": "x.txt"}, token=owner.token).status == 403
    assert catalog_client.delete(f"/api/cvs/{cv_id}/", token=owner.token).status == 403


def test_new_text_starts_a_new_pending_version(catalog_client, make_user):
    # Given a CV embedded by the ingest worker
    seeker = make_user()
    cv = data.cv(catalog_client, seeker)
    assert cv_index.embed_version(cv["id"], 1, data.PYTHON_CV) == "embedded"

    # When it is renamed, then given a new text

    renamed = catalog_client.patch(f"/api/cvs/{cv['id']}/", {"filename": "new.txt"}, token=seeker.token)
    rewritten = catalog_client.patch(f"/api/cvs/{cv['id']}/", {"parsed_text": "New text."}, token=seeker.token)

    # Then the name alone keeps the embedded version; new text drops its chunks and waits for the sweep
    assert renamed.json()["version"] == 1 and renamed.json()["embedding_status"] == "ready"
    assert rewritten.json()["version"] == 2 and rewritten.json()["embedding_status"] == "pending"
    assert rewritten.json()["parsed_text"] == "New text." and rewritten.json()["filename"] == "new.txt"
    assert db.fetch_one("SELECT count(*) AS n FROM cv_embeddings")["n"] == 0


def test_put_replaces_the_cv_fields_but_never_its_owner(catalog_client, make_user):
    seeker, other = make_user(), make_user()
    cv = data.cv(catalog_client, seeker)

    reply = catalog_client.put(f"/api/cvs/{cv['id']}/", {"user": other.id, "filename": "b.txt"}, token=seeker.token)

    assert reply.status == 200
    assert reply.json()["user"] == seeker.id and reply.json()["parsed_text"] == "" and reply.json()["version"] == 2


def test_owner_and_admin_delete_cvs_with_their_applications(catalog_client, make_user, applied):
    admin = make_user("admin")
    assert catalog_client.delete(f"/api/cvs/{applied['private']['id']}/", token=applied["seeker"].token).status == 204
    assert catalog_client.delete(f"/api/cvs/{applied['sent']['id']}/", token=admin.token).status == 204
    assert db.fetch_one("SELECT count(*) AS n FROM applications")["n"] == 0


def test_admin_sees_every_cv_and_filters_by_user(catalog_client, make_user, applied):
    admin, other = make_user("admin"), make_user()
    theirs = data.cv(catalog_client, other)

    everything = catalog_client.get("/api/cvs/", token=admin.token)
    filtered = catalog_client.get("/api/cvs/", token=admin.token, query={"user": other.id})

    assert data.ids(everything) == {applied["sent"]["id"], applied["private"]["id"], theirs["id"]}
    assert data.ids(filtered) == {theirs["id"]}
    assert catalog_client.get(f"/api/cvs/{theirs['id']}/", token=admin.token).status == 200
    assert db.fetch_one("SELECT count(*) AS n FROM profile_views")["n"] == 0


def test_anonymous_callers_get_401(catalog_client, applied):
    assert catalog_client.get("/api/cvs/").status == 401
    assert catalog_client.get(f"/api/cvs/{applied['sent']['id']}/").status == 401
    assert catalog_client.post("/api/cvs/", {"filename": "cv.txt"}).status == 401
