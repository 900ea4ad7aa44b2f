"""The committed docs/openapi.json matches what the functions describe today."""

from __future__ import annotations

import json

from local.openapi import REPO, build_document

COPY = REPO / "docs" / "openapi.json"


def test_the_committed_openapi_document_is_up_to_date():
    # Given the committed copy of the document
    committed = json.loads(COPY.read_text(encoding="utf-8"))

    # When the document is built from the functions and the template
    current = build_document()

    # Then they are the same (run `make openapi` after changing a route or a model)
    assert committed == current, "docs/openapi.json is stale: run `make openapi`"


def test_the_document_covers_login_with_the_bearer_scheme():
    # Given the built document
    document = build_document()

    # Then it has the public login path and the bearer scheme that protected operations use
    assert "post" in document["paths"]["/api/auth/login"]
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert document["paths"]["/api/auth/me"]["get"]["security"] == [{"bearerAuth": []}]
    assert all(path.startswith("/api/") for path in document["paths"])
