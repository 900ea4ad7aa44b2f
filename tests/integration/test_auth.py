"""Accounts routes through the auth handler, against the embedded PostgreSQL."""

from __future__ import annotations

import time

import jwt
import pytest

from auth import service
from auth.models import RegisterIn
from jobmatch import db
from tests.integration.conftest import register_and_login

PASSWORD = "Str0ng-pass!"


def test_register_login_and_me(auth_client):
    # Given a new account
    reply = auth_client.post(
        "/api/auth/register/",
        {
            "username": "john_doe",
            "password": PASSWORD,
            "email": "john@example.com",
            "first_name": "John",
            "last_name": "Doe",
            "role": "company",
        },
    )
    assert reply.status == 201
    assert reply.json() == {"message": "User registered successfully"}

    # When the user logs in and asks who they are
    login = auth_client.post("/api/auth/login/", {"username": "john_doe", "password": PASSWORD})
    me = auth_client.get("/api/auth/me/", token=login.json()["access"])

    # Then both answers describe the account, without the password hash
    assert login.status == 200
    user = login.json()["user"]
    assert user["username"] == "john_doe" and user["role"] == "company" and user["email"] == "john@example.com"
    assert set(user) == {"id", "username", "email", "first_name", "last_name", "role"}
    assert me.status == 200 and me.json() == user


def test_paths_work_with_and_without_trailing_slash(auth_client):
    register_and_login(auth_client, "slashy")
    assert auth_client.post("/api/auth/login", {"username": "slashy", "password": PASSWORD}).status == 200
    assert auth_client.post("/api/auth/login/", {"username": "slashy", "password": PASSWORD}).status == 200


def test_password_is_stored_hashed_with_argon2id(auth_client):
    register_and_login(auth_client, "hashme")
    stored = db.fetch_one("SELECT password_hash FROM users WHERE username = 'hashme'")["password_hash"]
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"password": PASSWORD}, "username"),
        ({"username": "x"}, "password"),
        ({"username": "shorty", "password": "abc12"}, "password"),
        ({"username": "numeric", "password": "1234567890"}, "password"),
        ({"username": "samesame", "password": "SameSame"}, "password"),
        ({"username": "bad role", "password": PASSWORD}, "username"),
        ({"username": "roleless", "password": PASSWORD, "role": "superuser"}, "role"),
        ({"username": "mailer", "password": PASSWORD, "email": "not-an-email"}, "email"),
        ({"username": 42, "password": PASSWORD}, "username"),
        ({"username": "x" * 151, "password": PASSWORD}, "username"),
    ],
)
def test_register_rejects_invalid_input_naming_the_field(auth_client, body, field):
    reply = auth_client.post("/api/auth/register/", body)
    assert reply.status == 400, reply
    assert field in reply.json() and isinstance(reply.json()[field], list)
    assert db.fetch_one("SELECT count(*) AS n FROM users")["n"] == 0


def test_missing_field_uses_the_contract_message(auth_client):
    reply = auth_client.post("/api/auth/register/", {"password": PASSWORD})
    assert reply.json() == {"username": ["This field is required."]}


@pytest.mark.parametrize("raw", ["{bad json", "[1, 2]", "", "null", '"text"'])
def test_malformed_bodies_get_400_with_a_message(auth_client, raw):
    reply = auth_client.post("/api/auth/login/", raw)
    assert reply.status == 400, reply
    assert reply.json()  # a message, never an empty body


def test_oversized_body_is_413(auth_client):
    reply = auth_client.post("/api/auth/register/", {"username": "big", "password": "x" * 2_000_000})
    assert reply.status == 413
    assert "limit" in reply.json()["detail"]


def test_username_is_unique_case_insensitively(auth_client):
    register_and_login(auth_client, "Alice")
    reply = auth_client.post("/api/auth/register/", {"username": "alice", "password": PASSWORD})
    assert reply.status == 400 and "username" in reply.json()


def test_email_is_unique_when_given(auth_client):
    auth_client.post("/api/auth/register/", {"username": "a1", "password": PASSWORD, "email": "a@example.com"})
    reply = auth_client.post("/api/auth/register/", {"username": "a2", "password": PASSWORD, "email": "A@example.com"})
    assert reply.status == 400 and "email" in reply.json()
    assert auth_client.post("/api/auth/register/", {"username": "a3", "password": PASSWORD}).status == 201


def test_nobody_makes_themselves_admin(auth_client):
    reply = auth_client.post("/api/auth/register/", {"username": "sneaky", "password": PASSWORD, "role": "admin"})
    assert reply.status == 403
    assert db.fetch_one("SELECT count(*) AS n FROM users")["n"] == 0


def test_an_admin_can_create_an_admin(auth_client):
    service.create_user(RegisterIn(username="root", password=PASSWORD, role="admin"))
    token = auth_client.post("/api/auth/login/", {"username": "root", "password": PASSWORD}).json()["access"]
    reply = auth_client.post(
        "/api/auth/register/", {"username": "second", "password": PASSWORD, "role": "admin"}, token=token
    )
    assert reply.status == 201


def test_wrong_password_and_unknown_user_get_the_same_401(auth_client):
    register_and_login(auth_client, "bob")
    wrong = auth_client.post("/api/auth/login/", {"username": "bob", "password": "wrong-password"})
    unknown = auth_client.post("/api/auth/login/", {"username": "nobody", "password": "wrong-password"})
    assert wrong.status == unknown.status == 401
    assert wrong.json() == unknown.json()


def test_five_failures_lock_the_username_only(auth_client, monkeypatch):
    register_and_login(auth_client, "victim")
    register_and_login(auth_client, "bystander")
    for _ in range(5):
        assert auth_client.post("/api/auth/login/", {"username": "victim", "password": "bad-guess"}).status == 401

    locked = auth_client.post("/api/auth/login/", {"username": "victim", "password": PASSWORD})
    other = auth_client.post("/api/auth/login/", {"username": "bystander", "password": PASSWORD})

    assert locked.status == 429
    assert 1 <= int(locked.headers["retry-after"]) <= 900
    assert other.status == 200


def test_malformed_login_bodies_do_not_count_as_failures(auth_client):
    register_and_login(auth_client, "carol")
    for _ in range(10):
        assert auth_client.post("/api/auth/login/", {"username": "carol"}).status == 400
    assert auth_client.post("/api/auth/login/", {"username": "carol", "password": PASSWORD}).status == 200


def test_one_address_is_limited_across_usernames(auth_client, monkeypatch):
    from jobmatch import config

    monkeypatch.setenv("LOGIN_MAX_FAILURES_PER_IP", "3")
    config.get_settings.cache_clear()
    try:
        register_and_login(auth_client, "dave")
        for name in ("u1", "u2", "u3"):
            auth_client.post("/api/auth/login/", {"username": name, "password": "bad-guess"}, source_ip="198.51.100.9")
        blocked = auth_client.post(
            "/api/auth/login/", {"username": "dave", "password": PASSWORD}, source_ip="198.51.100.9"
        )
        elsewhere = auth_client.post(
            "/api/auth/login/", {"username": "dave", "password": PASSWORD}, source_ip="198.51.100.10"
        )
        assert blocked.status == 429 and elsewhere.status == 200
    finally:
        monkeypatch.delenv("LOGIN_MAX_FAILURES_PER_IP")
        config.get_settings.cache_clear()


def test_refresh_rotates_and_refuses_reuse(auth_client):
    tokens = register_and_login(auth_client, "erin")

    first = auth_client.post("/api/auth/token/refresh/", {"refresh": tokens["refresh"]})
    reuse = auth_client.post("/api/auth/token/refresh/", {"refresh": tokens["refresh"]})
    after_reuse = auth_client.post("/api/auth/token/refresh/", {"refresh": first.json()["refresh"]})

    assert first.status == 200 and set(first.json()) == {"access", "refresh"}
    assert first.json()["refresh"] != tokens["refresh"]
    assert auth_client.get("/api/auth/me/", token=first.json()["access"]).status == 200
    assert reuse.status == 401
    assert after_reuse.status == 401  # reuse revoked the whole family


@pytest.mark.parametrize("kind", ["access-as-refresh", "garbage", "tampered", "other-key", "wrong-audience"])
def test_bad_refresh_tokens_are_401(auth_client, kind):
    tokens = register_and_login(auth_client, "frank")
    claims = jwt.decode(tokens["refresh"], options={"verify_signature": False})
    token = {
        "access-as-refresh": tokens["access"],
        "garbage": "not-a-token",
        "tampered": tokens["refresh"][:-4] + ("AAAA" if not tokens["refresh"].endswith("AAAA") else "BBBB"),
        "other-key": jwt.encode(claims, "x" * 64, algorithm="HS256"),
        "wrong-audience": jwt.encode({**claims, "aud": "elsewhere"}, "x" * 64, algorithm="HS256"),
    }[kind]
    assert auth_client.post("/api/auth/token/refresh/", {"refresh": token}).status == 401


def test_expired_access_token_is_refused(auth_client, monkeypatch):
    from jobmatch import config, security

    tokens = register_and_login(auth_client, "gina")
    claims = jwt.decode(tokens["access"], options={"verify_signature": False})
    key = security.signing_keys().current
    expired = jwt.encode(
        {**claims, "exp": int(time.time()) - 10}, key, algorithm="HS256", headers={"kid": security.SigningKeys.kid(key)}
    )
    reply = auth_client.get("/api/auth/me/", token=expired)
    assert reply.status == 401 and reply.json()["detail"] == "Token has expired."
    assert config.get_settings().access_token_minutes == 60


def test_none_algorithm_is_refused(auth_client):
    tokens = register_and_login(auth_client, "hank")
    claims = jwt.decode(tokens["access"], options={"verify_signature": False})
    unsigned = jwt.encode(claims, None, algorithm="none")
    assert auth_client.get("/api/auth/me/", token=unsigned).status == 401


@pytest.mark.parametrize("header", [None, "Bearer", "Basic abc", "Bearer not.a.jwt"])
def test_protected_route_needs_a_valid_bearer(auth_client, header):
    reply = auth_client.get("/api/auth/me/", headers={"authorization": header} if header else None)
    assert reply.status == 401 and "detail" in reply.json()


def test_logout_revokes_the_refresh_token(auth_client):
    tokens = register_and_login(auth_client, "ivy")
    assert auth_client.post("/api/auth/logout/", {"refresh": tokens["refresh"]}).status == 204
    assert auth_client.post("/api/auth/token/refresh/", {"refresh": tokens["refresh"]}).status == 401


def test_revoked_access_tokens_are_refused(auth_client):
    tokens = register_and_login(auth_client, "jack")
    db.execute("UPDATE users SET tokens_valid_after = now() + interval '1 second' WHERE username = 'jack'")
    assert auth_client.get("/api/auth/me/", token=tokens["access"]).status == 401


def test_health_reports_database(auth_client):
    reply = auth_client.get("/api/health/")
    assert reply.status == 200 and reply.json() == {"status": "ok", "database": "ok"}


def test_unknown_route_is_a_json_404(auth_client):
    reply = auth_client.get("/api/auth/nothing-here/")
    assert reply.status == 404 and reply.json() == {"detail": "Not found."}
