"""One OpenAPI document for the whole API, merged from every HTTP function's resolver.

`python -m local.openapi > docs/openapi.json` (or `make openapi`) regenerates the committed copy.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
from pathlib import Path
from typing import Any

from local import gateway, settings
from local import template as cfn
from local.functions import Functions, function_specs

log = logging.getLogger("runner")

REPO = Path(__file__).resolve().parent.parent
TEMPLATE = REPO / "template.yaml"
DEFAULT_SERVER = "http://localhost:8080"
TITLE = "Job-matching API"
VERSION = "1.0.0"
DESCRIPTION = (
    "Job matching and career coaching: accounts, companies, jobs, CVs, applications, recommendations, RAG search, "
    "interview practice and career advice. Log in with `POST /api/auth/login/` and send the access token as "
    "`Authorization: Bearer <token>`. Every path also answers with a trailing slash. Lists take `page` and "
    "`page_size` and report the total in `X-Total-Count`."
)
SCHEMA_REF = "#/components/schemas/"
FIELD_ERRORS = {
    "type": "object",
    "description": 'Invalid input: each field names its problems, e.g. {"username": ["This field is required."]}.',
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}


def build_document(server_url: str = DEFAULT_SERVER, *, strict: bool = True) -> dict[str, Any]:
    """The merged document: every function's operations under /api, as the template routes them.

    Not strict (the runner's docs page): a function that fails to import is left out, logged, and named in the
    document's description, so one broken function does not hide the documentation of the others.
    """
    settings.add_import_paths()
    from aws_lambda_powertools.event_handler.openapi.merge import OpenAPIMerge
    from aws_lambda_powertools.event_handler.openapi.models import Server

    from jobmatch.api import SECURITY_SCHEMES

    template = cfn.load_template(TEMPLATE)
    routes = gateway.compile_routes([(r.method, r.path, r.function) for r in cfn.http_routes(template)])
    merger = OpenAPIMerge(
        title=TITLE,
        version=VERSION,
        description=DESCRIPTION,
        servers=[Server(url=server_url)],
        security_schemes=SECURITY_SCHEMES,
        on_conflict="error",
    )
    taken: dict[str, Any] = {}
    resolvers, broken = http_resolvers(template, routes, strict)
    for logical_id, resolver in resolvers:
        schema = resolver.get_openapi_schema(title=TITLE, version=VERSION, security_schemes=SECURITY_SCHEMES)
        schema = _routed(schema.model_dump(by_alias=True, exclude_none=True, mode="json"), routes, logical_id)
        merger.add_schema(_rename_clashes(schema, taken, logical_id.removesuffix("Function")))
    document = _validation_as_400(merger.get_openapi_schema())
    if broken:
        document["info"]["description"] += f"\n\n**Left out, failed to import** (see the log): {', '.join(broken)}."
    return document


def http_resolvers(template: dict[str, Any], routes: list[gateway.Route], strict: bool = True):
    """(logical id, resolver `app`) pairs of the functions behind HTTP routes, and the ids that failed to import.

    A function whose handler module is not written yet is skipped.
    """
    functions = Functions(function_specs(template), REPO)
    found, broken = [], []
    for logical_id in sorted({route.function for route in routes}):
        if not functions.exists(logical_id):
            log.warning("%s has no handler module yet: left out of the OpenAPI document", logical_id)
            continue
        try:
            module = functions.load_module(logical_id)
        except Exception:
            if strict:
                raise
            log.exception("%s failed to import: left out of the OpenAPI document", logical_id)
            broken.append(logical_id)
            continue
        found.append((logical_id, module.app))
    return found, broken


def _routed(schema: dict[str, Any], routes: list[gateway.Route], logical_id: str) -> dict[str, Any]:
    """Keep the operations API Gateway sends to this function, with their public /api paths."""
    paths: dict[str, Any] = {}
    for path, item in schema.get("paths", {}).items():
        public = "/api" + path
        kept = {verb: op for verb, op in item.items() if _served_by(routes, verb, public) == logical_id}
        if kept:
            paths[public] = kept
    return {**schema, "paths": paths}


def _served_by(routes: list[gateway.Route], verb: str, path: str) -> str | None:
    found = gateway.match(routes, verb, path)
    return found[0].function if found else None


def _rename_clashes(schema: dict[str, Any], taken: dict[str, Any], prefix: str) -> dict[str, Any]:
    """Prefix a component whose name another function already uses for a different shape."""
    schemas = schema.get("components", {}).get("schemas", {})
    clashes = [name for name, shape in schemas.items() if name in taken and taken[name] != shape]
    text = json.dumps(schema)
    for name in clashes:
        log.warning("schema %s differs between functions: %s's copy is named %s%s", name, prefix, prefix, name)
        text = text.replace(f'"{SCHEMA_REF}{name}"', f'"{SCHEMA_REF}{prefix}{name}"')
    renamed = json.loads(text)
    schemas = renamed.get("components", {}).get("schemas", {})
    for name in clashes:
        schemas[prefix + name] = schemas.pop(name)
    taken.update(schemas)
    return renamed


def _validation_as_400(document: dict[str, Any]) -> dict[str, Any]:
    """Describe input errors as the API answers them: 400 with messages per field (never 422)."""
    answer = {
        "description": "Invalid input",
        "content": {"application/json": {"schema": {"$ref": SCHEMA_REF + "FieldErrors"}}},
    }
    for item in document.get("paths", {}).values():
        for operation in item.values():
            responses = operation.get("responses", {})
            if responses.pop("422", None) is not None and ("requestBody" in operation or "parameters" in operation):
                responses.setdefault("400", answer)
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas["FieldErrors"] = FIELD_ERRORS
    used = _reachable(document.get("paths", {}), schemas)
    document["components"]["schemas"] = {name: shape for name, shape in schemas.items() if name in used}
    return document


def _reachable(paths: dict[str, Any], schemas: dict[str, Any]) -> set[str]:
    """Names of the schemas the operations use, directly or through other schemas."""
    seen: set[str] = set()
    pending = _refs(paths)
    while pending:
        name = pending.pop()
        if name not in seen and name in schemas:
            seen.add(name)
            pending |= _refs(schemas[name])
    return seen


def _refs(node: Any) -> set[str]:
    return set(re.findall(r'"#/components/schemas/([^"]+)"', json.dumps(node)))


def swagger_assets() -> dict[str, tuple[Path, str]]:
    """Swagger UI's files shipped inside Powertools: file name -> (path, content type)."""
    from aws_lambda_powertools.event_handler.openapi import swagger_ui

    folder = Path(swagger_ui.__file__).parent
    return {
        "swagger-ui-bundle.min.js": (folder / "swagger-ui-bundle.min.js", "text/javascript"),
        "swagger-ui.min.css": (folder / "swagger-ui.min.css", "text/css"),
    }


def swagger_page(document: dict[str, Any], base: str = "/api/docs/") -> str:
    """Powertools' Swagger UI page for the document, loading its scripts from `base` (no CDN needed)."""
    from aws_lambda_powertools.event_handler.openapi.swagger_ui.html import generate_swagger_html

    return generate_swagger_html(
        json.dumps(document),
        base + "swagger-ui-bundle.min.js",
        base + "swagger-ui.min.css",
        base,
        None,
        persist_authorization=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="openapi", description=__doc__)
    parser.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s", stream=sys.stderr)
    # Building the document imports the functions; their settings need a database URL that is never used.
    os.environ.setdefault("APP_ENV", "local")
    os.environ.setdefault("DATABASE_URL", "postgresql://openapi@localhost/unused")
    text = json.dumps(build_document(), indent=2, sort_keys=False) + "\n"
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
