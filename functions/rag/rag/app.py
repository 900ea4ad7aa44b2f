"""RAG function: /api/rag/... job search, CV upload (direct and presigned) and CV match."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.event_handler.openapi.exceptions import RequestUnsupportedContentType

from jobmatch.api import create_app, json_response, make_handler
from jobmatch.config import get_settings
from rag import routes_coaching, routes_cv, routes_search

# Room for the multipart envelope around a file of the largest accepted size.
MULTIPART_OVERHEAD_BYTES = 256 * 1024
CONTENT_TYPES_HINT = "Send JSON, or multipart/form-data with the file in `file` (or `cv_file`)."

app = create_app()
app.include_router(routes_search.router)
app.include_router(routes_cv.router)
app.include_router(routes_coaching.router)


@app.exception_handler(RequestUnsupportedContentType)
def unsupported_content_type(_exc: RequestUnsupportedContentType):
    return json_response(415, {"detail": CONTENT_TYPES_HINT})


_handler = make_handler(app, max_body_bytes=get_settings().cv_upload_max_bytes + MULTIPART_OVERHEAD_BYTES)


def _multipart_without_boundary(event: dict) -> bool:
    headers = {key.lower(): value for key, value in (event.get("headers") or {}).items()}
    content_type = headers.get("content-type", "").lower()
    return content_type.startswith("multipart/form-data") and "boundary=" not in content_type


def lambda_handler(event: dict, context: Any) -> dict:
    """The Lambda entry point; a multipart body without its boundary is refused before parsing."""
    if _multipart_without_boundary(event):
        body = {"detail": "The multipart/form-data content type has no boundary. " + CONTENT_TYPES_HINT}
        return {"statusCode": 400, "headers": {"Content-Type": "application/json"}, "body": json.dumps(body)}
    return _handler(event, context)
