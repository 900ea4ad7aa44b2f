"""What API Gateway (HTTP API) does in front of the functions: route selection, payload 2.0 events, responses, CORS.

Pure functions over plain data, so that the local runner stays a thin HTTP shell around them.
"""

from __future__ import annotations

import base64
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from local import template as cfn

ACCOUNT_ID = "123456789012"
API_ID = "local"
MAX_BODY_BYTES = 10 * 1024 * 1024  # API Gateway's payload limit
TEXT_TYPES = ("application/json", "application/xml", "application/x-www-form-urlencoded", "application/javascript")
NOT_FOUND = {"message": "Not Found"}
TOO_LARGE = {"message": "Request Entity Too Large"}
INTERNAL_ERROR = {"message": "Internal Server Error"}


@dataclass(frozen=True)
class Route:
    """One `HttpApi` event: `{name}` matches one path segment, a final `{name+}` the rest of the path."""

    method: str
    path: str
    function: str
    pattern: re.Pattern = field(compare=False, repr=False)
    names: tuple[str, ...] = field(compare=False, repr=False)
    greedy: bool = False
    literals: int = 0

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    def precedence(self) -> tuple[bool, int, bool]:
        """API Gateway prefers exact paths to greedy ones, more literal segments, then a method over ANY."""
        return (self.greedy, -self.literals, self.method == "ANY")


def compile_route(method: str, path: str, function: str) -> Route:
    parts, names, greedy, literals = [], [], False, 0
    for segment in path.strip("/").split("/"):
        variable = re.fullmatch(r"\{([^{}+]+)(\+?)\}", segment)
        if variable is None:
            parts.append("/" + re.escape(segment))
            literals += 1
        elif variable.group(2):
            # A trailing slash after the prefix gives an empty value: "/api/x/" reaches "/api/x/{proxy+}".
            parts.append(f"/(?P<p{len(names)}>.*)")
            greedy = True
            names.append(variable.group(1))
        else:
            parts.append(f"/(?P<p{len(names)}>[^/]+)")
            names.append(variable.group(1))
    pattern = re.compile("".join(parts) or "/")
    return Route(method.upper(), path, function, pattern, tuple(names), greedy, literals)


def compile_routes(routes: list[tuple[str, str, str]]) -> list[Route]:
    """(method, path, function) triples, most specific first."""
    return sorted((compile_route(*route) for route in routes), key=Route.precedence)


def match(routes: list[Route], method: str, path: str) -> tuple[Route, dict[str, str]] | None:
    """The route that serves a request and its decoded path parameters, or None (API Gateway's 404)."""
    for route in routes:
        if route.method not in ("ANY", method.upper()):
            continue
        found = route.pattern.fullmatch(path)
        if found:
            params = {name: unquote(found.group(f"p{i}")) for i, name in enumerate(route.names)}
            return route, params
    return None


@dataclass
class Request:
    """An HTTP request as it reached the runner."""

    method: str
    target: str
    headers: list[tuple[str, str]]
    body: bytes = b""
    source_ip: str = "127.0.0.1"
    protocol: str = "HTTP/1.1"

    @property
    def path(self) -> str:
        return urlsplit(self.target).path or "/"

    @property
    def query(self) -> str:
        return urlsplit(self.target).query

    def header(self, name: str) -> str | None:
        values = [value for key, value in self.headers if key.lower() == name.lower()]
        return ",".join(values) if values else None


def is_text(content_type: str | None) -> bool:
    """Whether API Gateway passes a body with this media type as text (otherwise base64)."""
    media = (content_type or "").split(";")[0].strip().lower()
    return media.startswith("text/") or media in TEXT_TYPES or media.endswith(("+json", "+xml"))


def _body_fields(request: Request) -> dict[str, Any]:
    if not request.body:
        return {"isBase64Encoded": False}
    content_type = request.header("content-type")
    if content_type is None or is_text(content_type):
        try:
            return {"body": request.body.decode("utf-8"), "isBase64Encoded": False}
        except UnicodeDecodeError:
            pass
    return {"body": base64.b64encode(request.body).decode("ascii"), "isBase64Encoded": True}


def _headers_and_cookies(request: Request) -> tuple[dict[str, str], list[str]]:
    """Header names lower-cased, repeated headers comma-joined, cookies split out as API Gateway does."""
    headers: dict[str, str] = {}
    cookies: list[str] = []
    for name, value in request.headers:
        name = name.lower()
        if name == "cookie":
            cookies.extend(part.strip() for part in value.split(";") if part.strip())
        else:
            headers[name] = f"{headers[name]},{value}" if name in headers else value
    headers.setdefault("x-forwarded-for", request.source_ip)
    headers.setdefault("x-forwarded-proto", "http")
    return headers, cookies


def _query_parameters(raw_query: str) -> dict[str, str] | None:
    params: dict[str, str] = {}
    for name, value in parse_qsl(raw_query, keep_blank_values=True):
        params[name] = f"{params[name]},{value}" if name in params else value
    return params or None


def build_event(request: Request, route: Route, params: dict[str, str], request_id: str, now: float | None = None):
    """The API Gateway HTTP API payload 2.0 event of a request."""
    now = time.time() if now is None else now
    headers, cookies = _headers_and_cookies(request)
    context = {
        "accountId": ACCOUNT_ID,
        "apiId": API_ID,
        "domainName": headers.get("host", "localhost"),
        "domainPrefix": headers.get("host", "localhost").split(".")[0].split(":")[0],
        "http": {
            "method": request.method.upper(),
            "path": request.path,
            "protocol": request.protocol,
            "sourceIp": request.source_ip,
            "userAgent": headers.get("user-agent", ""),
        },
        "requestId": request_id,
        "routeKey": route.key,
        "stage": "$default",
        "time": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now)),
        "timeEpoch": int(now * 1000),
    }
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": route.key,
        "rawPath": request.path,
        "rawQueryString": request.query,
        "headers": headers,
        "requestContext": context,
        **_body_fields(request),
    }
    if cookies:
        event["cookies"] = cookies
    if (query := _query_parameters(request.query)) is not None:
        event["queryStringParameters"] = query
    if params:
        event["pathParameters"] = params
    return event


@dataclass
class Reply:
    """An HTTP response to write back."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes = b""

    def header(self, name: str) -> str | None:
        return next((value for key, value in self.headers if key.lower() == name.lower()), None)


def json_reply(status: int, body: Any) -> Reply:
    return Reply(status, [("Content-Type", "application/json")], json.dumps(body).encode())


def reply_from_result(result: Any) -> Reply:
    """A function's result as API Gateway turns it into a response (payload 2.0 rules)."""
    if not isinstance(result, dict) or "statusCode" not in result:
        # No statusCode: API Gateway answers 200 with the returned value as JSON.
        return Reply(200, [("Content-Type", "application/json")], json.dumps(result).encode())
    headers = [(name, str(value)) for name, value in (result.get("headers") or {}).items()]
    for name, values in (result.get("multiValueHeaders") or {}).items():
        headers.extend((name, str(value)) for value in values)
    headers.extend(("Set-Cookie", cookie) for cookie in result.get("cookies") or [])
    body = result.get("body") or ""
    raw = base64.b64decode(body) if result.get("isBase64Encoded") else str(body).encode()
    return Reply(int(result["statusCode"]), _dedupe(headers), raw)


def _dedupe(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Drop a `headers` entry that `multiValueHeaders` repeats (Set-Cookie may legitimately repeat)."""
    seen, kept = set(), []
    for name, value in headers:
        if (name.lower(), value) not in seen or name.lower() == "set-cookie":
            kept.append((name, value))
        seen.add((name.lower(), value))
    return kept


@dataclass(frozen=True)
class Cors:
    """The HttpApi's CorsConfiguration: API Gateway answers preflights and sets these headers itself."""

    allow_origins: tuple[str, ...]
    allow_methods: tuple[str, ...] = ()
    allow_headers: tuple[str, ...] = ()
    expose_headers: tuple[str, ...] = ()
    max_age: int | None = None
    allow_credentials: bool = False

    @classmethod
    def from_template(cls, template: dict[str, Any], values: dict[str, Any]) -> Cors | None:
        """The CORS configuration of the template's HTTP API, or None when it has none."""
        for resource in template.get("Resources", {}).values():
            if resource.get("Type") == "AWS::Serverless::HttpApi":
                spec = resource.get("Properties", {}).get("CorsConfiguration") or {}
                if spec:
                    return cls._from_spec({key: cfn.resolve(value, template, values) for key, value in spec.items()})
        return None

    @classmethod
    def _from_spec(cls, spec: dict[str, Any]) -> Cors:
        return cls(
            allow_origins=tuple(spec.get("AllowOrigins") or ()),
            allow_methods=tuple(spec.get("AllowMethods") or ()),
            allow_headers=tuple(spec.get("AllowHeaders") or ()),
            expose_headers=tuple(spec.get("ExposeHeaders") or ()),
            max_age=spec.get("MaxAge"),
            allow_credentials=bool(spec.get("AllowCredentials")),
        )

    def _origin_value(self, origin: str) -> str | None:
        if not origin:
            return None  # API Gateway returns CORS headers only to requests with an Origin
        if "*" in self.allow_origins:
            return "*"
        return origin if origin in self.allow_origins else None

    def is_preflight(self, request: Request) -> bool:
        return request.method.upper() == "OPTIONS" and bool(
            request.header("origin") and request.header("access-control-request-method")
        )

    def preflight(self, request: Request) -> Reply:
        """API Gateway's own answer to a preflight request, whatever the routes."""
        reply = Reply(204, [])
        allowed = self._origin_value(request.header("origin") or "")
        if allowed is None:
            return reply
        reply.headers.append(("Access-Control-Allow-Origin", allowed))
        if self.allow_methods:
            reply.headers.append(("Access-Control-Allow-Methods", ",".join(self.allow_methods)))
        if self.allow_headers:
            reply.headers.append(("Access-Control-Allow-Headers", ",".join(self.allow_headers)))
        if self.max_age is not None:
            reply.headers.append(("Access-Control-Max-Age", str(self.max_age)))
        if self.allow_credentials:
            reply.headers.append(("Access-Control-Allow-Credentials", "true"))
        return reply

    def decorate(self, request: Request, reply: Reply) -> Reply:
        """Replace the function's CORS headers with the configured ones (API Gateway ignores the function's)."""
        kept = [(k, v) for k, v in reply.headers if not k.lower().startswith("access-control-")]
        allowed = self._origin_value(request.header("origin") or "")
        if allowed is not None:
            kept.append(("Access-Control-Allow-Origin", allowed))
            if self.expose_headers:
                kept.append(("Access-Control-Expose-Headers", ",".join(self.expose_headers)))
            if self.allow_credentials:
                kept.append(("Access-Control-Allow-Credentials", "true"))
        return Reply(reply.status, kept, reply.body)
