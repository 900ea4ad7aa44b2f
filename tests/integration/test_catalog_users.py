"""The user directory /api/sb-users/: administrators only, never a password hash."""

from __future__ import annotations

import pytest

from jobmatch import db
from tests.integration.conftest import register_and_login
from tests.integration.rag_data import s3_fixture  # noqa: F401

PASSWORD = "Str0ng-pass!"
FIELDS = {"id", "username", "email", "first_name", "last_name", "role", "is_active", "created_at", "updated_at"}


@pytest.mark.parametrize("role", ["jobseeker", "company"])
def test_only_admins_use_the_directory(catalog_client, make_user, role):
    user, target = make_user(role), make_user()
    path = f"/api/sb-users/{target.id}/"
    assert catalog_client.get("/api/sb-users/", token=user.token).status == 403
    assert catalog_client.get(path, token=user.token).status == 403
    assert (
        catalog_client.post("/api/sb-users/", {"username": "x1", "password": PASSWORD}, token=user.token).status == 403
    )
    assert catalog_client.patch(path, {"role": "admin"}, token=user.token).status == 403
    assert catalog_client.delete(path, token=user.token).status == 403
    assert catalog_client.get("/api/sb-users/").status == 401


def test_admin_lists_users_without_password_hashes(catalog_client, make_user):
    admin = make_user("admin")
    make_user("company")

    reply = catalog_client.get("/api/sb-users/", token=admin.token)
    companies = catalog_client.get("/api/sb-users/", token=admin.token, query={"role": "company"})

    assert reply.status == 200 and len(reply.json()) == 2
    assert all(set(user) == FIELDS for user in reply.json())
    assert "argon2" not in reply.text and "password" not in reply.text
    assert [user["role"] for user in companies.json()] == ["company"]


def test_admin_creates_a_user_who_can_log_in(catalog_client, auth_client, make_user):
    admin = make_user("admin")

    reply = catalog_client.post(
        "/api/sb-users/",
        {"username": "recruiter", "password": PASSWORD, "email": "r@example.com", "role": "company"},
        token=admin.token,
    )
    login = auth_client.post("/api/auth/login/", {"username": "recruiter", "password": PASSWORD})

    assert reply.status == 201 and set(reply.json()) == FIELDS and reply.json()["role"] == "company"
    assert login.status == 200 and login.json()["user"]["role"] == "company"
    stored = db.fetch_one("SELECT password_hash FROM users WHERE username = 'recruiter'")["password_hash"]
    assert stored.startswith("$argon2id$")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"username": "ok_name", "password": "1234567890"}, "password"),
        ({"username": "ok_name", "password": "short"}, "password"),
        ({"username": "same_pw1", "password": "same_pw1"}, "password"),
        ({"username": "bad name", "password": PASSWORD}, "username"),
        ({"username": "ok_name", "password": PASSWORD, "email": "nope"}, "email"),
        ({"username": "ok_name", "password": PASSWORD, "role": "root"}, "role"),
        ({"password": PASSWORD}, "username"),
    ],
)
def test_creation_uses_the_account_rules(catalog_client, make_user, body, field):
    reply = catalog_client.post("/api/sb-users/", body, token=make_user("admin").token)
    assert reply.status == 400 and field in reply.json()


def test_usernames_and_emails_stay_unique(catalog_client, make_user):
    admin = make_user("admin", username="boss")
    catalog_client.post(
        "/api/sb-users/", {"username": "a1", "password": PASSWORD, "email": "a@x.io"}, token=admin.token
    )
    other = catalog_client.post("/api/sb-users/", {"username": "a2", "password": PASSWORD}, token=admin.token).json()

    by_name = catalog_client.post("/api/sb-users/", {"username": "BOSS", "password": PASSWORD}, token=admin.token)
    by_email = catalog_client.patch(f"/api/sb-users/{other['id']}/", {"email": "A@X.io"}, token=admin.token)

    assert by_name.status == 400 and "username" in by_name.json()
    assert by_email.status == 400 and "email" in by_email.json()


def test_new_password_revokes_sessions(catalog_client, auth_client, make_user):
    admin = make_user("admin")
    session = register_and_login(auth_client, "forgetful")
    user_id = session["user"]["id"]

    reply = catalog_client.patch(f"/api/sb-users/{user_id}/", {"password": "N3w-passphrase"}, token=admin.token)

    assert reply.status == 200
    assert auth_client.get("/api/auth/me/", token=session["access"]).status == 401
    assert auth_client.post("/api/auth/token/refresh/", {"refresh": session["refresh"]}).status == 401
    assert auth_client.post("/api/auth/login/", {"username": "forgetful", "password": "N3w-passphrase"}).status == 200


def test_admin_changes_role_and_deactivates(catalog_client, auth_client, make_user):
    admin, user = make_user("admin"), make_user()

    promoted = catalog_client.patch(f"/api/sb-users/{user.id}/", {"role": "company"}, token=admin.token)
    disabled = catalog_client.put(f"/api/sb-users/{user.id}/", {"is_active": False}, token=admin.token)

    assert promoted.json()["role"] == "company"
    assert disabled.json()["is_active"] is False
    assert catalog_client.get("/api/jobs/", token=user.token).status == 401


def test_admin_cannot_lock_themselves_out(catalog_client, make_user):
    admin = make_user("admin")
    path = f"/api/sb-users/{admin.id}/"
    assert catalog_client.patch(path, {"role": "jobseeker"}, token=admin.token).status == 400
    assert catalog_client.patch(path, {"is_active": False}, token=admin.token).status == 400
    assert catalog_client.delete(path, token=admin.token).status == 400


def test_deleting_a_user_removes_their_data_and_sessions(catalog_client, make_user, s3):
    admin, seeker = make_user("admin"), make_user()
    catalog_client.post("/api/cvs/", {"filename": "cv.txt", "parsed_text": "text"}, token=seeker.token)

    deleted = catalog_client.delete(f"/api/sb-users/{seeker.id}/", token=admin.token)

    assert deleted.status == 204
    assert catalog_client.get(f"/api/sb-users/{seeker.id}/", token=admin.token).status == 404
    assert catalog_client.delete(f"/api/sb-users/{seeker.id}/", token=admin.token).status == 404
    assert catalog_client.get("/api/cvs/", token=seeker.token).status == 401
    assert db.fetch_one("SELECT count(*) AS n FROM cvs")["n"] == 0
