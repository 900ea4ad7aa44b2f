"""The API over real HTTP, through the local runner, as a client sees it."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import new_username

pytestmark = pytest.mark.xdist_group("e2e")

PASSWORD = "Str0ng-pass!"


def test_health_is_ok(api):
    # When the health route is called
    reply = api.get("/api/health")

    # Then the API and its database are up, with a request id to quote
    assert reply.status_code == 200
    assert reply.json() == {"status": "ok", "database": "ok"}
    assert reply.headers["x-request-id"]


def test_register_login_and_read_the_profile(api):
    # Given a new account
    username = new_username()
    registered = api.post("/api/auth/register/", json={"username": username, "password": PASSWORD})
    assert registered.status_code == 201, registered.text

    # When its owner logs in and asks who they are
    login = api.post("/api/auth/login/", json={"username": username, "password": PASSWORD})
    assert login.status_code == 200, login.text
    me = api.get("/api/auth/me/", headers={"Authorization": f"Bearer {login.json()['access']}"})

    # Then the profile is theirs
    assert me.status_code == 200
    assert me.json()["username"] == username and me.json()["role"] == "jobseeker"


def test_a_wrong_password_is_refused(api):
    # Given an account
    username = new_username()
    api.post("/api/auth/register/", json={"username": username, "password": PASSWORD})

    # When someone logs in with another password
    reply = api.post("/api/auth/login/", json={"username": username, "password": "Wr0ng-pass!"})

    # Then they get a 401 with the contract's error shape
    assert reply.status_code == 401 and "detail" in reply.json()


@pytest.mark.parametrize("path", ["/api/auth/me", "/api/auth/me/"])
def test_paths_work_with_and_without_a_trailing_slash(api, path):
    # Given a logged-in user
    username = new_username()
    api.post("/api/auth/register", json={"username": username, "password": PASSWORD})
    token = api.post("/api/auth/login", json={"username": username, "password": PASSWORD}).json()["access"]

    # When the profile is read through either form of the path
    reply = api.get(path, headers={"Authorization": f"Bearer {token}"})

    # Then both reach the function
    assert reply.status_code == 200 and reply.json()["username"] == username


def test_a_protected_route_without_token_is_401(api):
    # When the profile is read anonymously
    reply = api.get("/api/auth/me/")

    # Then the answer is a 401 in the contract's shape
    assert reply.status_code == 401 and "detail" in reply.json()


def test_a_cors_preflight_is_answered_with_the_allowed_headers(api):
    # When a browser asks whether it may POST JSON with a token from another origin
    reply = api.options(
        "/api/auth/login/",
        headers={
            "Origin": "http://localhost:3000",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type",
        },
    )

    # Then it may, as the template's CORS configuration says
    assert reply.status_code == 204
    assert reply.headers["access-control-allow-origin"] == "*"
    assert "POST" in reply.headers["access-control-allow-methods"]
    allowed = reply.headers["access-control-allow-headers"].lower()
    assert "authorization" in allowed and "content-type" in allowed


def test_a_body_over_10_mb_is_refused(api):
    # When a body larger than API Gateway's 10 MB limit is posted
    reply = api.post(
        "/api/auth/login/", content=b"x" * (10 * 1024 * 1024 + 1), headers={"Content-Type": "application/json"}
    )

    # Then it is refused with a 413
    assert reply.status_code == 413
    assert reply.json() == {"message": "Request Entity Too Large"}


def test_an_unknown_route_is_a_json_404(api):
    # When a path that no function serves is requested
    reply = api.get("/api/no-such-thing/")

    # Then API Gateway's JSON 404 comes back
    assert reply.status_code == 404
    assert reply.json() == {"message": "Not Found"}


def test_the_openapi_document_lists_login_and_the_bearer_scheme(api, runner):
    # When the merged OpenAPI document is fetched
    document = api.get("/api/openapi.json").json()

    # Then it describes the login route and the bearer scheme, and points at this server
    assert document["openapi"].startswith("3.")
    assert "post" in document["paths"]["/api/auth/login"]
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert document["servers"] == [{"url": runner.base_url}]


def test_swagger_ui_is_served_without_a_cdn(api):
    # When the documentation page is opened
    page = api.get("/api/docs/")
    script = api.get("/api/docs/swagger-ui-bundle.min.js")

    # Then it is an HTML page whose Swagger UI script the runner serves itself
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "SwaggerUIBundle" in page.text and "/api/docs/swagger-ui-bundle.min.js" in page.text
    assert script.status_code == 200 and len(script.content) > 100_000
