"""Privacy routes under /api/auth/me/: export all the product holds about the caller; delete it."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from auth import service
from auth.models import AccountDeleteIn, ExportOut
from jobmatch.api import BEARER, json_response, no_content
from jobmatch.security import authenticate

router = Router()
TAGS = ["auth"]
NO_STORE = {"Cache-Control": "no-store"}

PartQuery = Annotated[int, Query(ge=1, le=1000, description="Part of the export (see `part.of`).")]

EXPORT_ANSWERS = {
    200: {"description": "The export, or one part of it", "content": {"application/json": {"model": ExportOut}}},
    404: {"description": "No such part"},
}
DELETE_ANSWERS = {
    400: {"description": 'Wrong password: `{"password": [...]}`'},
    409: {"description": "The only active administrator"},
    429: {"description": "Too many wrong passwords"},
    503: {"description": "File storage unavailable: nothing deleted but the sessions"},
}


@router.get(
    "/auth/me/export",
    tags=TAGS,
    summary="All the product holds about the caller, as JSON",
    description="Profile, CVs with their text and 10-minute download links, applications, "
    "matches, advice, interview sessions; a large export comes in parts (see docs/privacy.md).",
    security=BEARER,
    responses=EXPORT_ANSWERS,
)
def export_me(part: PartQuery = 1):
    caller = authenticate(router.current_event)
    return json_response(200, service.export_account(caller, part), NO_STORE)


@router.delete(
    "/auth/me",
    status_code=204,
    tags=TAGS,
    summary="Delete the caller's account and all its data",
    description="Needs the password again. Deletes CVs and their files, applications, interviews, "
    "matches and sessions; a company user's companies and jobs go too (see docs/privacy.md).",
    security=BEARER,
    responses=DELETE_ANSWERS,
)
def delete_me(body: AccountDeleteIn):
    caller = authenticate(router.current_event)
    client_ip = router.current_event.request_context.http.source_ip or "unknown"
    service.delete_account(caller, body.password, client_ip)
    return no_content()
