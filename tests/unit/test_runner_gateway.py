"""The local API Gateway: route selection, payload 2.0 events, responses and CORS."""

from __future__ import annotations

import base64
import json

import pytest

from local import gateway
from local import template as cfn
from local.functions import local_values
from local.gateway import Request
from local.openapi import TEMPLATE

ROUTES = gateway.compile_routes(
    [
        ("ANY", "/api/auth/{proxy+}", "Auth"),
        ("GET", "/api/health", "Auth"),
        ("GET", "/api/health/{proxy+}", "Auth"),
        ("ANY", "/api/jobs", "Catalog"),
        ("ANY", "/api/jobs/{proxy+}", "Catalog"),
        ("GET", "/api/jobs/{job_id}/skills", "Skills"),
        ("POST", "/api/jobs/{proxy+}", "JobWriter"),
    ]
)


def route_of(method: str, path: str):
    found = gateway.match(ROUTES, method, path)
    return (found[0].function, found[1]) if found else None


@pytest.mark.parametrize(
    ("method", "path", "expected"),
    [
        ("GET", "/api/health", ("Auth", {})),
        ("GET", "/api/health/", ("Auth", {"proxy": ""})),
        ("POST", "/api/auth/login", ("Auth", {"proxy": "login"})),
        ("POST", "/api/auth/login/", ("Auth", {"proxy": "login/"})),
        ("GET", "/api/jobs", ("Catalog", {})),
        ("GET", "/api/jobs/", ("Catalog", {"proxy": ""})),
        ("GET", "/api/jobs/42/skills", ("Skills", {"job_id": "42"})),
        ("GET", "/api/jobs/a%20b/skills", ("Skills", {"job_id": "a b"})),
        ("DELETE", "/api/jobs/42/skills", ("Catalog", {"proxy": "42/skills"})),
        ("POST", "/api/jobs/42", ("JobWriter", {"proxy": "42"})),
    ],
)
def test_a_request_reaches_the_most_specific_route(method, path, expected):
    # Given routes with exact, one-segment and greedy paths, some for one method and some for ANY
    # When a request is matched
    # Then the route API Gateway would pick serves it, with decoded path parameters
    assert route_of(method, path) == expected


@pytest.mark.parametrize(
    ("method", "path"),
    [("POST", "/api/health"), ("GET", "/api/auth"), ("GET", "/api/unknown"), ("GET", "/"), ("GET", "/api/healthz")],
)
def test_a_request_without_a_route_matches_nothing(method, path):
    # Given the routes above
    # When a path or method no route covers is requested
    # Then nothing matches (API Gateway answers 404)
    assert route_of(method, path) is None


def test_every_route_of_the_template_compiles_and_health_goes_to_the_auth_function():
    # Given the project's template
    template = cfn.load_template(TEMPLATE)
    routes = gateway.compile_routes([(r.method, r.path, r.function) for r in cfn.http_routes(template)])

    # When the health route is requested, with and without a trailing slash
    plain, slashed = gateway.match(routes, "GET", "/api/health"), gateway.match(routes, "GET", "/api/health/")

    # Then both reach the auth function
    assert plain[0].function == slashed[0].function == "AuthFunction"


def make_request(**overrides) -> Request:
    values = {
        "method": "POST",
        "target": "/api/auth/login/?page=2&tag=a&tag=b&empty=",
        "headers": [
            ("Host", "127.0.0.1:8080"),
            ("Content-Type", "application/json"),
            ("User-Agent", "pytest"),
            ("X-Multi", "one"),
            ("x-multi", "two"),
            ("Cookie", "a=1; b=2"),
        ],
        "body": b'{"username": "ana"}',
        "source_ip": "203.0.113.9",
    }
    return Request(**{**values, **overrides})


def test_the_event_has_the_payload_2_shape():
    # Given a JSON request with a query string, repeated headers and cookies
    request = make_request()
    route, params = gateway.match(ROUTES, "POST", request.path)

    # When it becomes an event
    event = gateway.build_event(request, route, params, "req-1", now=1_700_000_000.5)

    # Then it carries what API Gateway sends
    assert event["version"] == "2.0"
    assert event["routeKey"] == "ANY /api/auth/{proxy+}"
    assert event["rawPath"] == "/api/auth/login/"
    assert event["rawQueryString"] == "page=2&tag=a&tag=b&empty="
    assert event["queryStringParameters"] == {"page": "2", "tag": "a,b", "empty": ""}
    assert event["pathParameters"] == {"proxy": "login/"}
    assert event["headers"]["x-multi"] == "one,two"
    assert "cookie" not in event["headers"] and event["cookies"] == ["a=1", "b=2"]
    assert event["body"] == '{"username": "ana"}' and event["isBase64Encoded"] is False
    http = event["requestContext"]["http"]
    assert http == {
        "method": "POST",
        "path": "/api/auth/login/",
        "protocol": "HTTP/1.1",
        "sourceIp": "203.0.113.9",
        "userAgent": "pytest",
    }
    context = event["requestContext"]
    assert (context["requestId"], context["stage"], context["routeKey"]) == ("req-1", "$default", event["routeKey"])
    assert context["timeEpoch"] == 1_700_000_000_500 and context["time"] == "14/Nov/2023:22:13:20 +0000"


@pytest.mark.parametrize("content_type", ["multipart/form-data; boundary=x", "application/octet-stream", "image/png"])
def test_a_binary_body_is_base64_encoded(content_type):
    # Given a request whose media type is not textual
    raw = b"\x00\xffbinary\x89PNG"
    request = make_request(headers=[("Content-Type", content_type)], body=raw)
    route, params = gateway.match(ROUTES, "POST", request.path)

    # When it becomes an event
    event = gateway.build_event(request, route, params, "req-2")

    # Then the body is base64 and flagged so
    assert event["isBase64Encoded"] is True
    assert base64.b64decode(event["body"]) == raw


def test_a_request_without_body_or_query_leaves_them_out():
    # Given a GET without query string or body
    request = make_request(method="GET", target="/api/health", body=b"", headers=[])
    route, params = gateway.match(ROUTES, "GET", "/api/health")

    # When it becomes an event
    event = gateway.build_event(request, route, params, "req-3")

    # Then, as in API Gateway, there is no body, no query parameters and no path parameters
    assert "body" not in event and "queryStringParameters" not in event and "pathParameters" not in event
    assert event["rawQueryString"] == ""


def test_a_function_result_becomes_the_response():
    # Given a handler result with headers, cookies and a base64 body
    result = {
        "statusCode": 201,
        "headers": {"Content-Type": "application/pdf", "X-Total-Count": 3},
        "cookies": ["a=1; Path=/", "b=2"],
        "body": base64.b64encode(b"%PDF-1.7").decode(),
        "isBase64Encoded": True,
    }

    # When it is turned into an HTTP response
    reply = gateway.reply_from_result(result)

    # Then status, headers, each cookie and the decoded body are there
    assert reply.status == 201 and reply.body == b"%PDF-1.7"
    assert reply.header("x-total-count") == "3"
    assert [v for k, v in reply.headers if k == "Set-Cookie"] == ["a=1; Path=/", "b=2"]


def test_a_result_without_status_code_is_a_200_json_answer():
    # Given a handler that returns a plain object (payload 2.0 lets API Gateway infer the response)
    # When it is turned into an HTTP response
    reply = gateway.reply_from_result({"hello": "world"})

    # Then it is a 200 with the object as JSON
    assert (reply.status, json.loads(reply.body)) == (200, {"hello": "world"})
    assert reply.header("content-type") == "application/json"


def template_cors() -> gateway.Cors:
    template = cfn.load_template(TEMPLATE)
    return gateway.Cors.from_template(template, local_values(template, {}))


def test_a_preflight_is_answered_with_the_configured_cors_headers():
    # Given the template's CORS configuration and a browser preflight
    cors = template_cors()
    request = make_request(
        method="OPTIONS", headers=[("Origin", "http://app.test"), ("Access-Control-Request-Method", "POST")]
    )

    # When the gateway answers it
    assert cors.is_preflight(request)
    reply = cors.preflight(request)

    # Then it allows the origin, methods and headers of the template
    assert reply.status == 204
    assert reply.header("access-control-allow-origin") == "*"
    assert "POST" in reply.header("access-control-allow-methods").split(",")
    assert "Authorization" in reply.header("access-control-allow-headers").split(",")
    assert reply.header("access-control-max-age") == "600"


def test_function_cors_headers_are_replaced_and_only_sent_to_browsers():
    # Given a function reply carrying its own CORS header
    cors = template_cors()
    reply = gateway.Reply(200, [("Access-Control-Allow-Origin", "http://other.test"), ("X-Id", "1")], b"{}")

    # When a request with and one without an Origin get it
    browser = cors.decorate(make_request(headers=[("Origin", "http://app.test")]), reply)
    script = cors.decorate(make_request(headers=[]), reply)

    # Then the configured headers replace the function's, and only a browser gets them
    assert browser.header("access-control-allow-origin") == "*"
    assert browser.header("access-control-expose-headers") == "X-Total-Count,Link,Retry-After"
    assert script.header("access-control-allow-origin") is None and script.header("x-id") == "1"
