"""Companies through the catalog handler: who may create, change and delete them, and what a delete takes."""

from __future__ import annotations

import pytest

from jobmatch import db
from tests.integration import catalog_data as data


def test_company_user_creates_a_company_they_own(catalog_client, make_user):
    # Given a company user
    owner = make_user("company")

    # When they create a company, sending a created_at as the contract allows
    reply = catalog_client.post(
        "/api/companies/",
        {
            "name": "Tech Corp",
            "website": "https://techcorp.example",
            "location": "New York",
            "created_at": "2025-01-01T00:00:00Z",
        },
        token=owner.token,
    )

    # Then the company is theirs and its timestamps are the server's
    assert reply.status == 201
    body = reply.json()
    assert body["name"] == "Tech Corp" and body["location"] == "New York" and body["owner"] == owner.id
    assert not body["created_at"].startswith("2025-01-01")
    assert catalog_client.get(f"/api/companies/{body['id']}/", token=owner.token).json() == body


def test_jobseeker_cannot_create_a_company(catalog_client, make_user):
    reply = catalog_client.post("/api/companies/", {"name": "Mine"}, token=make_user("jobseeker").token)
    assert reply.status == 403
    assert db.fetch_one("SELECT count(*) AS n FROM companies")["n"] == 0


@pytest.mark.parametrize("role", ["jobseeker", "company", "admin"])
def test_every_role_reads_companies(catalog_client, make_user, role):
    # Given a company owned by someone else
    acme = data.company(catalog_client, make_user("company"))
    reader = make_user(role)

    # When any signed-in user lists and opens companies
    listed = catalog_client.get("/api/companies/", token=reader.token)
    opened = catalog_client.get(f"/api/companies/{acme['id']}/", token=reader.token)

    # Then they see it
    assert data.ids(listed) == {acme["id"]}
    assert opened.status == 200 and opened.json()["name"] == "Acme"


def test_anonymous_callers_get_401(catalog_client, make_user):
    acme = data.company(catalog_client, make_user("company"))
    assert catalog_client.get("/api/companies/").status == 401
    assert catalog_client.get(f"/api/companies/{acme['id']}/").status == 401
    assert catalog_client.post("/api/companies/", {"name": "Anon"}).status == 401
    assert catalog_client.patch(f"/api/companies/{acme['id']}/", {"name": "Anon"}).status == 401
    assert catalog_client.delete(f"/api/companies/{acme['id']}/").status == 401


def test_owner_updates_with_put_and_patch(catalog_client, make_user):
    # Given a company with a website and a location
    owner = make_user("company")
    acme = data.company(catalog_client, owner, website="https://acme.example", location="Paris")

    # When the owner patches the location, then replaces the company with a name only
    patched = catalog_client.patch(f"/api/companies/{acme['id']}/", {"location": "Lyon"}, token=owner.token)
    replaced = catalog_client.put(f"/api/companies/{acme['id']}/", {"name": "Acme SA"}, token=owner.token)

    # Then PATCH kept the other fields and PUT reset the omitted optional ones
    assert patched.status == 200
    assert patched.json()["location"] == "Lyon" and patched.json()["website"] == "https://acme.example"
    assert replaced.status == 200
    assert replaced.json()["name"] == "Acme SA" and replaced.json()["website"] is None
    assert replaced.json()["owner"] == owner.id and replaced.json()["updated_at"] > acme["updated_at"]


@pytest.mark.parametrize("role", ["jobseeker", "company"])
def test_others_cannot_change_or_delete_a_company(catalog_client, make_user, role):
    # Given a company and a user who does not own it
    acme = data.company(catalog_client, make_user("company"))
    other = make_user(role)

    # When they try to change or delete it
    patch = catalog_client.patch(f"/api/companies/{acme['id']}/", {"name": "Hijacked"}, token=other.token)
    put = catalog_client.put(f"/api/companies/{acme['id']}/", {"name": "Hijacked"}, token=other.token)
    delete = catalog_client.delete(f"/api/companies/{acme['id']}/", token=other.token)

    # Then they may see it but not change it
    assert (patch.status, put.status, delete.status) == (403, 403, 403)
    assert db.fetch_one("SELECT name FROM companies")["name"] == "Acme"


def test_admin_changes_any_company_and_may_name_its_owner(catalog_client, make_user):
    # Given an admin, a company and another company user
    admin, first, second = make_user("admin"), make_user("company"), make_user("company")
    acme = data.company(catalog_client, first)

    # When the admin hands the company to the second user
    reply = catalog_client.patch(f"/api/companies/{acme['id']}/", {"owner": second.id}, token=admin.token)

    # Then the second user owns it and the first can no longer change it
    assert reply.status == 200 and reply.json()["owner"] == second.id
    assert catalog_client.patch(f"/api/companies/{acme['id']}/", {"name": "X"}, token=first.token).status == 403
    assert catalog_client.patch(f"/api/companies/{acme['id']}/", {"name": "X"}, token=second.token).status == 200


def test_owner_field_is_ignored_for_company_users_and_checked_for_admins(catalog_client, make_user):
    owner, other, seeker, admin = make_user("company"), make_user("company"), make_user(), make_user("admin")

    created = data.company(catalog_client, owner, owner=other.id)
    to_seeker = catalog_client.post("/api/companies/", {"name": "S", "owner": seeker.id}, token=admin.token)
    to_nobody = catalog_client.post(
        "/api/companies/", {"name": "N", "owner": "00000000-0000-4000-8000-000000000000"}, token=admin.token
    )

    assert created["owner"] == owner.id
    assert to_seeker.status == 400 and "owner" in to_seeker.json()
    assert to_nobody.status == 400 and "owner" in to_nobody.json()


def test_list_filters_by_owner(catalog_client, make_user):
    first, second = make_user("company"), make_user("company")
    mine = data.company(catalog_client, first, "Mine")
    data.company(catalog_client, second, "Theirs")

    reply = catalog_client.get("/api/companies/", token=first.token, query={"owner": first.id})

    assert data.ids(reply) == {mine["id"]} and reply.headers["x-total-count"] == "1"


def test_deleting_a_company_cascades_to_its_jobs_and_applications(catalog_client, make_user):
    # Given a company with a job that received an application
    owner, seeker = make_user("company"), make_user()
    acme = data.company(catalog_client, owner)
    job = data.job(catalog_client, owner, acme["id"])
    data.application(catalog_client, seeker, data.cv(catalog_client, seeker)["id"], job["id"])

    # When the owner deletes the company
    reply = catalog_client.delete(f"/api/companies/{acme['id']}/", token=owner.token)

    # Then the company, its job, the job's embeddings and the application are gone; the CV stays
    assert reply.status == 204 and reply.text == ""
    assert catalog_client.get(f"/api/companies/{acme['id']}/", token=owner.token).status == 404
    counts = db.fetch_one(
        "SELECT (SELECT count(*) FROM jobs) AS jobs, (SELECT count(*) FROM applications) AS apps,"
        " (SELECT count(*) FROM job_embeddings) AS vectors, (SELECT count(*) FROM cvs) AS cvs"
    )
    assert counts == {"jobs": 0, "apps": 0, "vectors": 0, "cvs": 1}


def test_unknown_company_is_404_for_every_method(catalog_client, make_user):
    admin = make_user("admin")
    path = "/api/companies/7d5c2a52-0f62-4c55-9d1e-4b8c1f1f0a11/"
    assert catalog_client.get(path, token=admin.token).status == 404
    assert catalog_client.put(path, {"name": "X"}, token=admin.token).status == 404
    assert catalog_client.patch(path, {"name": "X"}, token=admin.token).status == 404
    assert catalog_client.delete(path, token=admin.token).status == 404
