"""Fuzzing: schemathesis against the served OpenAPI document, as each role; and the document's own completeness."""

from __future__ import annotations

import json

import pytest

from local.openapi import REPO
from tests.robustness import fuzz

DOCUMENT = REPO / "docs" / "openapi.json"
METHODS = {"get", "post", "put", "patch", "delete"}


def _operations():
    document = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield f"{method.upper()} {path}", operation


def test_every_operation_documents_its_answers_with_their_bodies():
    # Given the committed OpenAPI document
    missing = []
    for name, operation in _operations():
        # When its answers are read
        answers = operation["responses"]
        success = [code for code in answers if code.startswith("2")]
        # Then there is a success answer, a 503, a 401 where a token is needed, and every body has a schema
        if not success or "503" not in answers or (operation.get("security") and "401" not in answers):
            missing.append(f"{name}: {sorted(answers)}")
        for code, answer in answers.items():
            if code != "204" and "schema" not in answer.get("content", {}).get("application/json", {}):
                missing.append(f"{name} {code}: no body schema")
    assert missing == []


@pytest.fixture(scope="module")
def short_run(stack, tmp_path_factory):
    """One short schemathesis pass per role (seeded, so that a failure reproduces)."""
    out_dir = tmp_path_factory.mktemp("schemathesis")
    return fuzz.fuzz_all(stack.runner.base_url, stack.world, fuzz.SHORT, out_dir, seed=20261203)


@pytest.mark.parametrize("role", fuzz.ROLES)
def test_schemathesis_finds_nothing_as(role, short_run):
    # Given a short schemathesis run of every operation as this role (seeded world ids mixed in)
    result = next(r for r in short_run if r.role == role)
    print(result.line())

    # Then it ran cases, none of which got a 5xx, an undocumented status, body, header or content type, or hung
    assert result.generated >= 50, result.output.read_text()[-3000:]
    assert result.with_failures == 0, result.output.read_text()[-6000:]


def test_the_runner_logged_no_unhandled_error(stack, short_run):
    # Given the runner's log after every fuzzing pass
    log = stack.runner.output()

    # Then no handler failed with an unhandled exception
    assert "unhandled error" not in log
    assert "Traceback" not in log
