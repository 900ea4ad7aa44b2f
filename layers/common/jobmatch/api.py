"""The resolver every HTTP function uses: routing, error shapes, body limits and request logging.

A function builds its app with `create_app()`, registers routes, and exports `make_handler(app)` as `lambda_handler`.
"""

from __future__ import annotations

import base64
import binascii
import copy
import inspect
import json
import re
from http import HTTPStatus
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, CORSConfig, Response, content_types
from aws_lambda_powertools.event_handler.openapi.exceptions import (
    RequestUnsupportedContentType,
    RequestValidationError,
)
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2
from pydantic import BaseModel, Field, RootModel

from jobmatch import db, security
from jobmatch.config import get_settings
from jobmatch.errors import ApiError, PayloadTooLarge

logger = Logger()

BEARER = [{"bearerAuth": []}]
SECURITY_SCHEMES = {"bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}
EXPOSED_HEADERS = ["X-Total-Count", "Link", "Retry-After"]
MISSING_FIELD = "This field is required."
NOT_JSON = "Send the request body as JSON (Content-Type: application/json)."
NOT_UTF8 = "The request body is not valid UTF-8 text."
NO_BOUNDARY = "The multipart/form-data content type has no boundary."
TOO_DEEP = "The JSON body is nested too deeply."
NUL_CHARACTER = "Text in the request may not contain NUL characters."
MAX_JSON_DEPTH = 64  # far more than any request model nests; Python's parser recurses once per level
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_JSON_BRACKET = re.compile(r"[\[\]{}]")
_JSON_NUL = re.compile(r"(?<!\\)(?:\\\\)*\\u0000", re.IGNORECASE)
BODY_METHODS = {"POST", "PUT", "PATCH"}


class HealthOut(BaseModel):
    status: str
    database: str


class ErrorOut(BaseModel):
    """Every error answer except invalid input: one sentence for a person to read."""

    detail: str = Field(description="What went wrong.")


class FieldErrors(RootModel[dict[str, list[str]]]):
    """Invalid input: each field names its problems, e.g. {"username": ["This field is required."]}."""


# A 400 names the fields, or says in `detail` what is wrong with the request as a whole (malformed JSON).
BAD_INPUT = FieldErrors | ErrorOut
COMMON_ANSWERS = {
    400: "Invalid input.",
    401: "Missing, invalid, expired or revoked bearer token.",
    404: "Not found, or not visible to the caller.",
    413: "Request body over the size limit.",
    415: "The body is not JSON (or, where files are accepted, not form data).",
    503: "Database or file storage unavailable, or the request took too long; retry later.",
}


def documented(responses: dict | None, route: dict[str, Any], func) -> dict[int, Any]:
    """Every answer a route can give, with its body model, for the OpenAPI document and its clients.

    Powertools documents the success answer only for routes without `responses`, and gives an error answer
    without `content` the success model: here the success answer is always there and errors carry `ErrorOut`.
    """
    found = copy.deepcopy(dict(responses or {}))
    status = int(route["status_code"])
    success = {"description": route["response_description"]}
    found.setdefault(status, success | {"content": {}} if status == HTTPStatus.NO_CONTENT else success)
    for code in sorted(_common_answers(route, func)):
        found.setdefault(code, {"description": COMMON_ANSWERS[code]})
    for code, answer in found.items():
        if int(code) >= 400 and "content" not in answer:
            model = BAD_INPUT if int(code) == 400 else ErrorOut
            answer["content"] = {content_types.APPLICATION_JSON: {"model": model}}
    return found


def _common_answers(route: dict[str, Any], func) -> set[int]:
    """The error answers the layer itself gives: input, token, path id, body size and outage."""
    methods = {route["method"]} if isinstance(route["method"], str) else set(route["method"])
    codes = {503}
    codes |= {400} if inspect.signature(func).parameters else set()
    codes |= {401} if route["security"] else set()
    codes |= {404} if "<" in route["rule"] else set()
    if {m.upper() for m in methods} & BODY_METHODS:
        codes |= {413, 415} if inspect.signature(func).parameters else {413}
    return codes


class ApiResolver(APIGatewayHttpResolver):
    """The HTTP API resolver of every function: its routes document all their answers (see `documented`)."""

    def route(self, rule: str, method: Any, *args: Any, **kwargs: Any):
        bound = inspect.signature(super().route).bind(rule, method, *args, **kwargs)
        bound.apply_defaults()
        options = dict(bound.arguments)

        def register(func):
            options["responses"] = documented(options["responses"], options, func)
            return super(ApiResolver, self).route(**options)(func)

        return register


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> Response:
    return Response(status, content_types.APPLICATION_JSON, json.dumps(body, default=str), headers=headers or {})


def no_content() -> Response:
    return Response(HTTPStatus.NO_CONTENT, content_types.APPLICATION_JSON, "")


def create_app() -> ApiResolver:
    """A resolver for routes under /api with the product's error model, CORS and health route."""
    settings = get_settings()
    cors = CORSConfig(
        allow_origin=settings.cors_allow_origins.split(",")[0].strip(),
        extra_origins=[o.strip() for o in settings.cors_allow_origins.split(",")[1:] if o.strip()] or None,
        allow_headers=["Authorization", "Content-Type"],
        expose_headers=EXPOSED_HEADERS,
        max_age=600,
    )
    app = ApiResolver(cors=cors, strip_prefixes=["/api"], enable_validation=True)
    _register_error_handlers(app)
    app.get(
        "/health",
        tags=["health"],
        summary="API and database status",
        responses={
            200: {"description": "Ready", "content": {content_types.APPLICATION_JSON: {"model": HealthOut}}},
            503: {
                "description": "Database unreachable",
                "content": {content_types.APPLICATION_JSON: {"model": HealthOut}},
            },
        },
    )(health)
    return app


def health():
    ok = db.ping()
    body = {"status": "ok" if ok else "unavailable", "database": "ok" if ok else "unreachable"}
    return json_response(200 if ok else 503, body)


def _register_error_handlers(app: APIGatewayHttpResolver) -> None:
    @app.exception_handler(ApiError)
    def api_error(exc: ApiError) -> Response:
        return json_response(exc.status, exc.body(), exc.headers)

    @app.exception_handler(RequestValidationError)
    def validation_error(exc: RequestValidationError) -> Response:
        return validation_response(exc.errors())

    @app.exception_handler(RequestUnsupportedContentType)
    def unsupported_media(_exc: RequestUnsupportedContentType) -> Response:
        return json_response(415, {"detail": NOT_JSON})

    @app.not_found
    def not_found(_exc: Exception) -> Response:
        allowed = _methods_of_path(app, app.current_event.path)
        if allowed:
            return json_response(405, {"detail": "Method not allowed."}, {"Allow": ", ".join(sorted(allowed))})
        return json_response(404, {"detail": "Not found."})

    @app.exception_handler(Exception)
    def unexpected(exc: Exception) -> Response:
        logger.exception("unhandled error", extra={"error": type(exc).__name__})
        return json_response(500, {"detail": "A server error occurred."})


def validation_response(errors: list[dict[str, Any]]) -> Response:
    """Pydantic errors as the contract's 400 body: `{"field": ["message"]}`, or `{"detail"}` for bad JSON."""
    if any(err.get("type") == "json_invalid" for err in errors):
        return json_response(400, {"detail": "Malformed JSON in the request body."})
    body: dict[str, list[str]] = {}
    for err in errors:
        field = ".".join(str(part) for part in err.get("loc", ())[1:]) or "non_field_errors"
        message = MISSING_FIELD if err.get("type") == "missing" else _sentence(err.get("msg", "Invalid value."))
        body.setdefault(field, []).append(message)
    return json_response(400, body)


def _sentence(message: str) -> str:
    message = message.strip()
    return message if message.endswith(".") else message + "."


def _normalise_path(event: dict) -> None:
    """Make `/api/x/` and `/api/x` the same route (the HTTP API resolver matches paths exactly)."""
    path = event.get("rawPath") or "/"
    if len(path) > 1 and path.endswith("/"):
        event["rawPath"] = path.rstrip("/") or "/"
        http = event.get("requestContext", {}).get("http", {})
        if "path" in http:
            http["path"] = event["rawPath"]


def _body_size(event: dict) -> int:
    body = event.get("body") or ""
    size = len(body)
    return size * 3 // 4 if event.get("isBase64Encoded") else size


def make_handler(app: APIGatewayHttpResolver, *, max_body_bytes: int | None = None):
    """The Lambda entry point of an HTTP function."""
    limit = max_body_bytes or get_settings().max_body_bytes

    @logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP, clear_state=True)
    def lambda_handler(event: dict, context: Any) -> dict:
        _normalise_path(event)
        security.forget_request()
        if _body_size(event) > limit:
            exc = PayloadTooLarge(f"Request body too large: the limit is {limit} bytes.")
            return _raw(exc.status, exc.body())
        refused = _refuse_anonymous(app, event) or _unreadable_body(event)
        return refused or app.resolve(event, context)

    return lambda_handler


def _unreadable_body(event: dict) -> dict | None:
    """A 400 for a body Powertools cannot even start to parse (it would raise, and answer 500)."""
    headers = {name.lower(): value for name, value in (event.get("headers") or {}).items()}
    content_type = headers.get("content-type", "").strip().lower()
    if content_type.startswith("multipart/form-data") and "boundary=" not in content_type:
        return _raw(400, {"detail": NO_BOUNDARY})
    if _undecodable_json(event, content_type):
        return _raw(400, {"detail": NOT_UTF8})
    text = "" if event.get("isBase64Encoded") else event.get("body") or ""
    if not content_type or content_type.startswith("application/json"):
        if _too_deep(text):
            return _raw(400, {"detail": TOO_DEEP})
        if "\x00" in text or _JSON_NUL.search(text):
            return _raw(400, {"detail": NUL_CHARACTER})
    if any("\x00" in value for value in (event.get("queryStringParameters") or {}).values()):
        return _raw(400, {"detail": NUL_CHARACTER})
    return None


def _too_deep(text: str) -> bool:
    """Whether JSON nests more than MAX_JSON_DEPTH levels (brackets inside strings do not count)."""
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return False
    depth = 0
    for bracket in _JSON_BRACKET.findall(_JSON_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        if depth > MAX_JSON_DEPTH:
            return True
    return False


def _undecodable_json(event: dict, content_type: str) -> bool:
    """A JSON (or untyped) body that is not UTF-8: API Gateway passes it base64-encoded, Powertools cannot read it."""
    if not event.get("isBase64Encoded") or not event.get("body"):
        return False
    if content_type and not content_type.startswith("application/json"):
        return False
    try:
        base64.b64decode(event["body"]).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return True
    return False


def _refuse_anonymous(app: APIGatewayHttpResolver, event: dict) -> dict | None:
    """Authenticate before the body is validated, so an anonymous caller of a protected route learns nothing else.

    Powertools validates the request before any middleware runs; routes that declare `security` are checked here.
    """
    http = event.get("requestContext", {}).get("http", {})
    if not _is_protected(app, http.get("method", ""), event.get("rawPath") or "/"):
        return None
    try:
        security.authenticate(APIGatewayProxyEventV2(event))
    except ApiError as exc:
        return _raw(exc.status, exc.body())
    return None


def _methods_of_path(app: APIGatewayHttpResolver, path: str) -> set[str]:
    """The methods the resolver serves on a path (empty: no route has this path)."""
    path = path.removeprefix("/api") or "/"
    return {route.method for route in app._static_routes + app._dynamic_routes if route.rule.match(path)}


def _is_protected(app: APIGatewayHttpResolver, method: str, path: str) -> bool:
    path = path.removeprefix("/api") or "/"
    # The resolver keeps its routes in these two lists (Powertools 3.x, pinned in requirements.txt).
    for route in app._static_routes + app._dynamic_routes:
        if route.method == method.upper() and route.rule.match(path):
            return bool(route.security)
    return False


def _raw(status: int, body: dict) -> dict:
    return {"statusCode": status, "headers": {"Content-Type": "application/json"}, "body": json.dumps(body)}
