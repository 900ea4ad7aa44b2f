"""Integration fixtures: a real PostgreSQL with pgvector, migrated once, emptied before each test."""

from __future__ import annotations

import json
import os
import uuid

import pytest

from jobmatch import config, db, migrate
from local import postgres

KEEP_TABLES = {"schema_migrations"}


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    name = f"jobmatch_test_{os.getpid()}"
    admin_url = postgres.start(postgres.REPO / ".local" / "pgtest", database="postgres")
    postgres.ensure_database(admin_url, name)
    url = admin_url.replace("/postgres?", f"/{name}?", 1)
    os.environ["DATABASE_URL"] = url
    config.get_settings.cache_clear()
    migrate.apply_migrations()
    yield url
    db.close()
    postgres.drop_database(admin_url, name)


@pytest.fixture(autouse=True)
def clean_db(database_url):
    tables = [
        row["tablename"]
        for row in db.fetch_all("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        if row["tablename"] not in KEEP_TABLES
    ]
    if tables:
        db.execute("TRUNCATE " + ", ".join(tables) + " RESTART IDENTITY CASCADE")
    yield


class LambdaContext:
    function_name = "test-function"
    memory_limit_in_mb = 256
    invoked_function_arn = "arn:aws:lambda:us-east-1:000000000000:function:test-function"
    aws_request_id = "test-request"


def http_event(
    method: str,
    path: str,
    body=None,
    token: str | None = None,
    query: dict | None = None,
    headers: dict | None = None,
    source_ip: str = "203.0.113.7",
) -> dict:
    """An API Gateway HTTP API (payload 2.0) event."""
    all_headers = {"content-type": "application/json", **(headers or {})}
    if token:
        all_headers["authorization"] = f"Bearer {token}"
    raw_body = body if isinstance(body, str | None) else json.dumps(body)
    query = query or {}
    return {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": "&".join(f"{k}={v}" for k, v in query.items()),
        "queryStringParameters": query or None,
        "headers": all_headers,
        "requestContext": {
            "http": {"method": method, "path": path, "sourceIp": source_ip, "protocol": "HTTP/1.1", "userAgent": "t"},
            "requestId": str(uuid.uuid4()),
            "routeKey": "$default",
            "stage": "$default",
        },
        "body": raw_body,
        "isBase64Encoded": False,
    }


class Client:
    """Calls one function's handler with API Gateway events, as Lambda would."""

    def __init__(self, handler):
        self.handler = handler

    def request(self, method: str, path: str, body=None, token=None, **kwargs):
        response = self.handler(http_event(method, path, body, token, **kwargs), LambdaContext())
        return Reply(response)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body, **kw)

    def put(self, path, body=None, **kw):
        return self.request("PUT", path, body, **kw)

    def patch(self, path, body=None, **kw):
        return self.request("PATCH", path, body, **kw)

    def delete(self, path, body=None, **kw):
        return self.request("DELETE", path, body, **kw)


class Reply:
    def __init__(self, raw: dict):
        self.raw = raw
        self.status = raw["statusCode"]
        self.headers = {k.lower(): v for k, v in (raw.get("headers") or {}).items()}
        self.text = raw.get("body") or ""

    def json(self):
        return json.loads(self.text)

    def __repr__(self):
        return f"<Reply {self.status} {self.text[:200]}>"


@pytest.fixture
def auth_client():
    from auth.app import lambda_handler

    return Client(lambda_handler)


def register_and_login(client: Client, username: str, role: str = "jobseeker", password: str = "Str0ng-pass!") -> dict:
    reply = client.post("/api/auth/register/", {"username": username, "password": password, "role": role})
    assert reply.status == 201, reply
    reply = client.post("/api/auth/login/", {"username": username, "password": password})
    assert reply.status == 200, reply
    return reply.json()


@pytest.fixture
def catalog_client():
    from catalog.app import lambda_handler

    return Client(lambda_handler)


class Account:
    """A user made for a test, with an access token."""

    def __init__(self, user_id: str, username: str, role: str, token: str):
        self.id, self.username, self.role, self.token = user_id, username, role, token

    def __repr__(self):
        return f"<Account {self.username} {self.role}>"


@pytest.fixture
def make_user():
    """make_user(role="jobseeker", username=None) -> Account: a user created directly, with an access token."""
    from jobmatch.accounts import create_user
    from jobmatch.security import issue_token

    made = []

    def make(role: str = "jobseeker", username: str | None = None) -> Account:
        name = username or f"{role}{len(made) + 1}_{uuid.uuid4().hex[:6]}"
        user_id = create_user(username=name, password="Str0ng-pass!", role=role)
        token, _ = issue_token(user_id, role, "access")
        made.append(name)
        return Account(user_id, name, role, token)

    return make
