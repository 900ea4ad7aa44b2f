"""Shared pieces of the catalog routes: OpenAPI answers and the id of a path."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

NOT_FOUND = {404: {"description": "Not found, or not visible to the caller."}}
PROTECTED = {
    401: {"description": "Missing, invalid or expired bearer token."},
    403: {"description": "The caller's role may not do this."},
}
INVALID = {400: {"description": 'Invalid input: `{"field": ["message"]}`.'}}


def listing(model: type[BaseModel], *, public: bool = False) -> dict[int, Any]:
    """OpenAPI answers of a paginated list of `model`."""
    ok = {
        200: {
            "description": "One page, as a JSON array; `X-Total-Count` and `Link` describe the others.",
            "content": {"application/json": {"model": list[model]}},
        }
    }
    return ok | INVALID | ({} if public else PROTECTED)


def answers(*, found: bool = True, invalid: bool = False, public: bool = False) -> dict[int, Any]:
    """OpenAPI error answers of a route."""
    return (NOT_FOUND if found else {}) | (INVALID if invalid else {}) | ({} if public else PROTECTED)
