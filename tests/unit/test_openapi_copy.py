"""The committed docs/openapi.json matches what the functions describe today."""

from __future__ import annotations

import json
import sys

import pytest

from local import gateway, openapi
from local import template as cfn
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


def _template_with(*names: str) -> dict:
    functions = {
        f"{name.title()}Function": {
            "Type": "AWS::Serverless::Function",
            "Properties": {
                "CodeUri": f"functions/{name}/",
                "Handler": f"{name}.app.lambda_handler",
                "Events": {"Api": {"Type": "HttpApi", "Properties": {"Path": f"/api/{name}", "Method": "GET"}}},
            },
        }
        for name in names
    }
    return {"Resources": functions}


def test_a_function_that_fails_to_import_is_named_or_fails_the_build(tmp_path, monkeypatch):
    # Given a template with a function whose module raises on import, and one not written yet
    package = tmp_path / "functions" / "brokenfn" / "brokenfn"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "app.py").write_text("raise RuntimeError('broken at import')\n")
    template = _template_with("brokenfn", "unwritten")
    routes = gateway.compile_routes([(r.method, r.path, r.function) for r in cfn.http_routes(template)])
    monkeypatch.setattr(openapi, "REPO", tmp_path)
    monkeypatch.setattr(sys, "path", list(sys.path))

    # When the resolvers are collected leniently (the runner's docs page) and strictly (`make openapi`)
    found, broken = openapi.http_resolvers(template, routes, strict=False)

    # Then the lenient build names the broken function, and the strict one refuses to build
    assert (found, broken) == ([], ["BrokenfnFunction"])
    with pytest.raises(RuntimeError, match="broken at import"):
        openapi.http_resolvers(template, routes, strict=True)
