"""Skills: public reading, creation by any account, changes by admins, unique names in any case."""

from __future__ import annotations

import pytest

from jobmatch import db
from tests.integration import catalog_data as data


def test_anonymous_callers_read_skills(catalog_client, make_user):
    # Given two skills
    python = data.skill(catalog_client, make_user(), "Python")
    data.skill(catalog_client, make_user("company"), "Django")

    # When an anonymous caller lists them and opens one
    listed = catalog_client.get("/api/skills/")
    opened = catalog_client.get(f"/api/skills/{python['id']}/")

    # Then both answers are public, shaped as in the contract
    assert listed.status == 200
    assert [item["name"] for item in listed.json()] == ["Django", "Python"]
    assert opened.status == 200 and opened.json() == {"id": python["id"], "name": "Python"}


def test_a_bad_token_on_a_public_route_is_still_401(catalog_client):
    assert catalog_client.get("/api/skills/", token="not-a-jwt").status == 401


def test_anonymous_callers_cannot_create_skills(catalog_client):
    assert catalog_client.post("/api/skills/", {"name": "Go"}).status == 401


@pytest.mark.parametrize("name", ["python", "PYTHON", "  Python  "])
def test_names_are_unique_case_insensitively(catalog_client, make_user, name):
    user = make_user()
    data.skill(catalog_client, user, "Python")

    reply = catalog_client.post("/api/skills/", {"name": name}, token=user.token)

    assert reply.status == 400 and reply.json() == {"name": ["A skill with this name already exists."]}
    assert db.fetch_one("SELECT count(*) AS n FROM skills")["n"] == 1


def test_list_searches_by_part_of_the_name(catalog_client, make_user):
    user = make_user()
    for name in ("PostgreSQL", "MySQL", "Python", "100%_done"):
        data.skill(catalog_client, user, name)

    sql = catalog_client.get("/api/skills/", query={"q": "sql"})
    literal = catalog_client.get("/api/skills/", query={"q": "%_"})

    assert {item["name"] for item in sql.json()} == {"PostgreSQL", "MySQL"}
    assert [item["name"] for item in literal.json()] == ["100%_done"]


@pytest.mark.parametrize("role", ["jobseeker", "company"])
def test_only_admins_rename_or_delete_skills(catalog_client, make_user, role):
    # Given a skill and a non-admin
    skill = data.skill(catalog_client, make_user(), "Pyhton")
    user = make_user(role)

    # When they try to rename or delete it
    put = catalog_client.put(f"/api/skills/{skill['id']}/", {"name": "Python"}, token=user.token)
    patch = catalog_client.patch(f"/api/skills/{skill['id']}/", {"name": "Python"}, token=user.token)
    delete = catalog_client.delete(f"/api/skills/{skill['id']}/", token=user.token)

    # Then each is forbidden and the skill is unchanged
    assert (put.status, patch.status, delete.status) == (403, 403, 403)
    assert catalog_client.get(f"/api/skills/{skill['id']}/").json()["name"] == "Pyhton"


def test_admin_renames_and_deletes_a_skill(catalog_client, make_user):
    admin = make_user("admin")
    skill = data.skill(catalog_client, admin, "Pyhton")
    data.skill(catalog_client, admin, "Go")

    renamed = catalog_client.patch(f"/api/skills/{skill['id']}/", {"name": "Python"}, token=admin.token)
    clash = catalog_client.put(f"/api/skills/{skill['id']}/", {"name": "go"}, token=admin.token)
    deleted = catalog_client.delete(f"/api/skills/{skill['id']}/", token=admin.token)

    assert renamed.status == 200 and renamed.json()["name"] == "Python"
    assert clash.status == 400 and "name" in clash.json()
    assert deleted.status == 204
    assert catalog_client.get(f"/api/skills/{skill['id']}/").status == 404


def test_deleting_a_skill_detaches_it_from_jobs(catalog_client, make_user):
    admin, owner = make_user("admin"), make_user("company")
    job = data.job(catalog_client, owner, data.company(catalog_client, owner)["id"])
    skill = data.skill(catalog_client, owner, "Python")
    catalog_client.post(f"/api/jobs/{job['id']}/skills/", {"skill_id": skill["id"]}, token=owner.token)

    catalog_client.delete(f"/api/skills/{skill['id']}/", token=admin.token)

    assert catalog_client.get(f"/api/jobs/{job['id']}/", token=owner.token).json()["skills"] == []


@pytest.mark.parametrize("body", [{}, {"name": ""}, {"name": "   "}, {"name": "x" * 101}, {"name": 7}])
def test_invalid_names_are_refused_naming_the_field(catalog_client, make_user, body):
    reply = catalog_client.post("/api/skills/", body, token=make_user().token)
    assert reply.status == 400 and list(reply.json()) == ["name"]
