"""Authorization matrix: every route of docs/openapi.json x every kind of caller x {own row, foreign row}.

Callers: anonymous, jobseeker A, jobseeker B, company owner (A), other company (B), admin. Each side has its
own rows (see `harness.build_world`); a caller's own row is its side's, the foreign row the other side's (the
admin's "own" side is A). Each cell runs through the runner's gateway in this process, inside a transaction
that is rolled back, so every cell sees the same world. A route missing from `EXPECTED` fails the test.

`EXPECTED` gives (anonymous, jobseeker, company, admin); an entry is one status for both rows or
(own, foreign). A foreign private row (CV, application, embedding of a CV, recommendation, interview,
upload) is a 404, exactly like a missing one. Catalog rows (companies, jobs, skills, job embeddings) are
public to signed-in users: reading a foreign one is a 200, changing it a 403 (see catalog/policy.py).
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest

from local.openapi import REPO
from tests.robustness import harness

DOCUMENT = REPO / "docs" / "openapi.json"
CALLERS = ("anonymous", "seeker_A", "seeker_B", "owner_A", "owner_B", "admin")
ROLE_OF = {"anonymous": 0, "seeker_A": 1, "seeker_B": 1, "owner_A": 2, "owner_B": 2, "admin": 3}
OWN_SIDE = {"anonymous": "A", "seeker_A": "A", "seeker_B": "B", "owner_A": "A", "owner_B": "B", "admin": "A"}
OTHER = {"A": "B", "B": "A"}
# Routes that name no row: one cell per caller (lists are filtered by the caller, see the list tests).
NO_ROW = {
    "GET /api/health",
    "POST /api/auth/register",
    "POST /api/auth/login",
    "POST /api/auth/token/refresh",
    "POST /api/auth/logout",
    "GET /api/auth/me",
    "GET /api/auth/me/export",
    "DELETE /api/auth/me",
    "GET /api/companies",
    "POST /api/companies",
    "GET /api/skills",
    "POST /api/skills",
    "GET /api/jobs",
    "GET /api/cvs",
    "GET /api/applications",
    "GET /api/cv-embeddings",
    "GET /api/job-embeddings",
    "GET /api/recommendations",
    "GET /api/sb-users",
    "POST /api/sb-users",
    "GET /api/interview/progress",
    "POST /api/rag/search",
    "POST /api/rag/cv-upload",
    "POST /api/rag/cv-upload-url",
    "GET /api/dashboard",
}

ReadOwnDenyForeign = (200, 404)
# (anonymous, jobseeker, company, admin)
EXPECTED: dict[str, tuple] = {
    "GET /api/health": (200, 200, 200, 200),
    "POST /api/auth/register": (201, 201, 201, 201),
    "POST /api/auth/login": (200, 200, 200, 200),
    "POST /api/auth/token/refresh": (200, 200, 200, 200),
    "POST /api/auth/logout": (204, 204, 204, 204),
    "GET /api/auth/me": (401, 200, 200, 200),
    "GET /api/auth/me/export": (401, 200, 200, 200),
    "DELETE /api/auth/me": (401, 204, 204, 409),  # the only administrator cannot leave
    "GET /api/companies": (401, 200, 200, 200),
    "POST /api/companies": (401, 403, 201, 201),
    "GET /api/companies/{company_id}": (401, 200, 200, 200),
    "PUT /api/companies/{company_id}": (401, 403, (200, 403), 200),
    "PATCH /api/companies/{company_id}": (401, 403, (200, 403), 200),
    "DELETE /api/companies/{company_id}": (401, 403, (204, 403), 204),
    "GET /api/skills": (200, 200, 200, 200),
    "POST /api/skills": (401, 201, 201, 201),
    "GET /api/skills/{skill_id}": (200, 200, 200, 200),
    "PUT /api/skills/{skill_id}": (401, 403, 403, 200),
    "PATCH /api/skills/{skill_id}": (401, 403, 403, 200),
    "DELETE /api/skills/{skill_id}": (401, 403, 403, 204),
    "GET /api/jobs": (401, 200, 200, 200),
    "POST /api/jobs": (401, 403, (201, 403), 201),
    "GET /api/jobs/{job_id}": (401, 200, 200, 200),
    "PUT /api/jobs/{job_id}": (401, 403, (200, 403), 200),
    "PATCH /api/jobs/{job_id}": (401, 403, (200, 403), 200),
    "DELETE /api/jobs/{job_id}": (401, 403, (204, 403), 204),
    "POST /api/jobs/{job_id}/skills": (401, 403, (201, 403), 201),
    "DELETE /api/jobs/{job_id}/skills/{skill_id}": (401, 403, (204, 403), 204),
    "GET /api/cvs": (401, 200, 200, 200),
    "POST /api/cvs": (401, (201, 400), 403, 201),  # another user's id in `user` is refused
    "GET /api/cvs/{cv_id}": (401, ReadOwnDenyForeign, ReadOwnDenyForeign, 200),  # a company: CVs sent to it
    "PUT /api/cvs/{cv_id}": (401, (200, 404), (403, 404), 200),
    "PATCH /api/cvs/{cv_id}": (401, (200, 404), (403, 404), 200),
    "DELETE /api/cvs/{cv_id}": (401, (204, 404), (403, 404), 204),
    "GET /api/applications": (401, 200, 200, 200),
    "POST /api/applications": (401, (201, 400), 403, 201),  # a CV the caller may not use counts as missing
    "GET /api/applications/{application_id}": (401, ReadOwnDenyForeign, ReadOwnDenyForeign, 200),
    "PUT /api/applications/{application_id}": (401, (403, 404), (200, 404), 200),
    "PATCH /api/applications/{application_id}": (401, (403, 404), (200, 404), 200),
    "DELETE /api/applications/{application_id}": (401, (204, 404), (403, 404), 204),
    "GET /api/cv-embeddings": (401, 200, 200, 200),
    "GET /api/cv-embeddings/{embedding_id}": (401, ReadOwnDenyForeign, ReadOwnDenyForeign, 200),
    "GET /api/job-embeddings": (401, 200, 200, 200),
    "GET /api/job-embeddings/{embedding_id}": (401, 200, 200, 200),
    "GET /api/recommendations": (401, 200, 403, 200),
    "GET /api/recommendations/{recommendation_id}": (401, ReadOwnDenyForeign, 403, 200),
    "GET /api/sb-users": (401, 403, 403, 200),
    "POST /api/sb-users": (401, 403, 403, 201),
    "GET /api/sb-users/{user_id}": (401, 403, 403, 200),
    "PUT /api/sb-users/{user_id}": (401, 403, 403, 200),
    "PATCH /api/sb-users/{user_id}": (401, 403, 403, 200),
    "DELETE /api/sb-users/{user_id}": (401, 403, 403, 204),
    "POST /api/interview/questions": (401, ReadOwnDenyForeign, 404, 404),  # only one's own CV
    "POST /api/interview/practice": (401, ReadOwnDenyForeign, 404, 404),
    "POST /api/interview/evaluate": (401, ReadOwnDenyForeign, 404, 404),
    "POST /api/interview/submit-answer": (401, (201, 404), 404, 404),
    "POST /api/interview/submit-all-answers": (401, ReadOwnDenyForeign, 404, 404),
    "GET /api/interview/history": (401, ReadOwnDenyForeign, 404, 404),
    "GET /api/interview/progress": (401, 200, 200, 200),
    "POST /api/rag/search": (200, 200, 200, 200),
    "POST /api/rag/cv-match": (401, ReadOwnDenyForeign, 404, 404),
    "POST /api/rag/cv-upload": (401, 200, 201, 201),  # replaces a jobseeker's CV, a first one otherwise
    "POST /api/rag/cv-upload-url": (401, 201, 201, 201),
    "GET /api/rag/cv-uploads/{upload_id}": (401, ReadOwnDenyForeign, 404, 404),
    "POST /api/rag/cv-recommendations": (401, ReadOwnDenyForeign, 404, 404),
    "POST /api/career-advisor": (401, ReadOwnDenyForeign, 404, 404),
    "GET /api/dashboard": (401, 200, 200, 200),
}
# Routes that commit step by step or set their own isolation level: called outside the rolled-back transaction,
# on users made for the cell (the caller who deletes their account; the user an admin deletes).
OUTSIDE_TRANSACTION = {"GET /api/auth/me/export", "DELETE /api/auth/me", "DELETE /api/sb-users/{user_id}"}
# Routes whose foreign row may be read or written by some signed-in caller: the public catalog, and the admin.
PUBLIC_ROWS = {
    "GET /api/companies/{company_id}",
    "GET /api/skills/{skill_id}",
    "GET /api/jobs/{job_id}",
    "GET /api/job-embeddings/{embedding_id}",
}


@dataclass
class Call:
    """A request of one cell: path, JSON body or multipart text fields, query."""

    path: str
    body: Any = None
    query: dict | None = None
    form: dict | None = None


def _rows(world: harness.World, side: str) -> dict[str, str]:
    return {kind: by_side[side] for kind, by_side in world.rows.items()}


def _unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def _new_user() -> dict:
    name = _unique("newcomer")
    return {"username": name, "password": harness.PASSWORD, "email": f"{name}@example.org"}


def _job_body(rows: dict) -> dict:
    return {"company": rows["company"], "title": "Platform Engineer", "description": "Run the platform."}


def _cv_text() -> dict:
    return {"cv_text": harness.CV_TEXTS["A"], "filename": "cv.txt"}


# How to call each route: (world, caller, side of the row) -> Call. `r` are the side's rows, `o` the other side's.
def _requests() -> dict[str, Callable[[harness.World, str, str], Call]]:
    def rows(fn):
        return lambda w, caller, side: fn(_rows(w, side), _rows(w, OTHER[side]), w.actors.get(caller))

    actor_of = {"anonymous": "seeker_A"}

    def credentials(fn):
        return lambda w, caller, side: fn(w.actors[actor_of.get(caller, caller)])

    return {
        "GET /api/health": rows(lambda r, o, a: Call("/api/health")),
        "POST /api/auth/register": rows(lambda r, o, a: Call("/api/auth/register/", _new_user())),
        "POST /api/auth/login": credentials(
            lambda a: Call("/api/auth/login/", {"username": a.username, "password": harness.PASSWORD})
        ),
        "POST /api/auth/token/refresh": credentials(lambda a: Call("/api/auth/token/refresh/", {"refresh": a.refresh})),
        "POST /api/auth/logout": credentials(lambda a: Call("/api/auth/logout/", {"refresh": a.refresh})),
        "GET /api/auth/me": rows(lambda r, o, a: Call("/api/auth/me/")),
        "GET /api/auth/me/export": rows(lambda r, o, a: Call("/api/auth/me/export/")),
        "DELETE /api/auth/me": rows(lambda r, o, a: Call("/api/auth/me/", {"password": harness.PASSWORD})),
        "GET /api/companies": rows(lambda r, o, a: Call("/api/companies/")),
        "POST /api/companies": rows(lambda r, o, a: Call("/api/companies/", {"name": _unique("Company")})),
        "GET /api/companies/{company_id}": rows(lambda r, o, a: Call(f"/api/companies/{r['company']}/")),
        "PUT /api/companies/{company_id}": rows(
            lambda r, o, a: Call(f"/api/companies/{r['company']}/", {"name": "Renamed Ltd"})
        ),
        "PATCH /api/companies/{company_id}": rows(
            lambda r, o, a: Call(f"/api/companies/{r['company']}/", {"location": "York"})
        ),
        "DELETE /api/companies/{company_id}": rows(lambda r, o, a: Call(f"/api/companies/{r['company']}/")),
        "GET /api/skills": rows(lambda r, o, a: Call("/api/skills/")),
        "POST /api/skills": rows(lambda r, o, a: Call("/api/skills/", {"name": _unique("Skill")})),
        "GET /api/skills/{skill_id}": rows(lambda r, o, a: Call(f"/api/skills/{r['skill']}/")),
        "PUT /api/skills/{skill_id}": rows(lambda r, o, a: Call(f"/api/skills/{r['skill']}/", {"name": _unique("S")})),
        "PATCH /api/skills/{skill_id}": rows(
            lambda r, o, a: Call(f"/api/skills/{r['skill']}/", {"name": _unique("S")})
        ),
        "DELETE /api/skills/{skill_id}": rows(lambda r, o, a: Call(f"/api/skills/{r['skill']}/")),
        "GET /api/jobs": rows(lambda r, o, a: Call("/api/jobs/")),
        "POST /api/jobs": rows(lambda r, o, a: Call("/api/jobs/", _job_body(r))),
        "GET /api/jobs/{job_id}": rows(lambda r, o, a: Call(f"/api/jobs/{r['job']}/")),
        "PUT /api/jobs/{job_id}": rows(lambda r, o, a: Call(f"/api/jobs/{r['job']}/", _job_body(r))),
        "PATCH /api/jobs/{job_id}": rows(lambda r, o, a: Call(f"/api/jobs/{r['job']}/", {"salary_range": "40-50k"})),
        "DELETE /api/jobs/{job_id}": rows(lambda r, o, a: Call(f"/api/jobs/{r['job']}/")),
        "POST /api/jobs/{job_id}/skills": rows(
            lambda r, o, a: Call(f"/api/jobs/{r['job']}/skills/", {"skill_id": o["skill"]})
        ),
        "DELETE /api/jobs/{job_id}/skills/{skill_id}": rows(
            lambda r, o, a: Call(f"/api/jobs/{r['job']}/skills/{r['skill']}/")
        ),
        "GET /api/cvs": rows(lambda r, o, a: Call("/api/cvs/")),
        "POST /api/cvs": rows(
            lambda r, o, a: Call("/api/cvs/", {"user": r["user"], "filename": "cv.txt", "parsed_text": "Python"})
        ),
        "GET /api/cvs/{cv_id}": rows(lambda r, o, a: Call(f"/api/cvs/{r['cv']}/")),
        "PUT /api/cvs/{cv_id}": rows(
            lambda r, o, a: Call(f"/api/cvs/{r['cv']}/", {"filename": "cv.txt", "parsed_text": "New text"})
        ),
        "PATCH /api/cvs/{cv_id}": rows(lambda r, o, a: Call(f"/api/cvs/{r['cv']}/", {"filename": "renamed.txt"})),
        "DELETE /api/cvs/{cv_id}": rows(lambda r, o, a: Call(f"/api/cvs/{r['cv']}/")),
        "GET /api/applications": rows(lambda r, o, a: Call("/api/applications/")),
        "POST /api/applications": rows(lambda r, o, a: Call("/api/applications/", {"cv": r["cv"], "job": o["job"]})),
        "GET /api/applications/{application_id}": rows(lambda r, o, a: Call(f"/api/applications/{r['application']}/")),
        "PUT /api/applications/{application_id}": rows(
            lambda r, o, a: Call(f"/api/applications/{r['application']}/", {"status": "reviewing"})
        ),
        "PATCH /api/applications/{application_id}": rows(
            lambda r, o, a: Call(f"/api/applications/{r['application']}/", {"status": "accepted"})
        ),
        "DELETE /api/applications/{application_id}": rows(
            lambda r, o, a: Call(f"/api/applications/{r['application']}/")
        ),
        "GET /api/cv-embeddings": rows(lambda r, o, a: Call("/api/cv-embeddings/")),
        "GET /api/cv-embeddings/{embedding_id}": rows(lambda r, o, a: Call(f"/api/cv-embeddings/{r['cv_embedding']}/")),
        "GET /api/job-embeddings": rows(lambda r, o, a: Call("/api/job-embeddings/")),
        "GET /api/job-embeddings/{embedding_id}": rows(
            lambda r, o, a: Call(f"/api/job-embeddings/{r['job_embedding']}/")
        ),
        "GET /api/recommendations": rows(lambda r, o, a: Call("/api/recommendations/")),
        "GET /api/recommendations/{recommendation_id}": rows(
            lambda r, o, a: Call(f"/api/recommendations/{r['recommendation']}/")
        ),
        "GET /api/sb-users": rows(lambda r, o, a: Call("/api/sb-users/")),
        "POST /api/sb-users": rows(lambda r, o, a: Call("/api/sb-users/", _new_user())),
        "GET /api/sb-users/{user_id}": rows(lambda r, o, a: Call(f"/api/sb-users/{r['user']}/")),
        "PUT /api/sb-users/{user_id}": rows(lambda r, o, a: Call(f"/api/sb-users/{r['user']}/", {"first_name": "Al"})),
        "PATCH /api/sb-users/{user_id}": rows(lambda r, o, a: Call(f"/api/sb-users/{r['user']}/", {"last_name": "Bo"})),
        "DELETE /api/sb-users/{user_id}": rows(lambda r, o, a: Call(f"/api/sb-users/{_disposable('jobseeker')[0]}/")),
        "POST /api/interview/questions": rows(
            lambda r, o, a: Call(
                "/api/interview/questions/", {"job_description": "Backend work", "question_count": 1, "cv_id": r["cv"]}
            )
        ),
        "POST /api/interview/practice": rows(
            lambda r, o, a: Call(
                "/api/interview/practice/", {"question": "Why?", "answer": "Because I like it.", "cv_id": r["cv"]}
            )
        ),
        "POST /api/interview/evaluate": rows(
            lambda r, o, a: Call("/api/interview/evaluate/", {"answer_id": r["answer"]})
        ),
        "POST /api/interview/submit-answer": rows(
            lambda r, o, a: Call(
                "/api/interview/submit-answer/", {"question_id": r["question"], "user_answer": "A careful answer."}
            )
        ),
        "POST /api/interview/submit-all-answers": rows(
            lambda r, o, a: Call(
                "/api/interview/submit-all-answers/",
                {"session_id": r["session"], "answers": [{"question_id": r["question"], "user_answer": "Yes."}]},
            )
        ),
        "GET /api/interview/history": rows(
            lambda r, o, a: Call("/api/interview/history/", query={"session_id": r["session"]})
        ),
        "GET /api/interview/progress": rows(lambda r, o, a: Call("/api/interview/progress/")),
        "POST /api/rag/search": rows(lambda r, o, a: Call("/api/rag/search/", {"query": "python developer"})),
        "POST /api/rag/cv-match": rows(lambda r, o, a: Call("/api/rag/cv-match/", {"cv_id": r["cv"]})),
        "POST /api/rag/cv-upload": rows(lambda r, o, a: Call("/api/rag/cv-upload/", form=_cv_text())),
        "POST /api/rag/cv-upload-url": rows(lambda r, o, a: Call("/api/rag/cv-upload-url/", {"filename": "cv.docx"})),
        "GET /api/rag/cv-uploads/{upload_id}": rows(lambda r, o, a: Call(f"/api/rag/cv-uploads/{r['upload']}/")),
        "POST /api/rag/cv-recommendations": rows(
            lambda r, o, a: Call("/api/rag/cv-recommendations/", {"cv_id": r["cv"]})
        ),
        "POST /api/career-advisor": rows(lambda r, o, a: Call("/api/career-advisor/", {"cv_id": r["cv"]})),
        "GET /api/dashboard": rows(lambda r, o, a: Call("/api/dashboard/")),
    }


REQUESTS = _requests()


def _disposable(role: str) -> tuple[str, str]:
    """A user made for one cell, and an access token of theirs."""
    from jobmatch.accounts import create_user
    from jobmatch.security import issue_token

    user_id = create_user(username=_unique("disposable"), password=harness.PASSWORD, role=role)
    return user_id, issue_token(user_id, role, "access")[0]


def _documented_routes() -> list[str]:
    document = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    return sorted(f"{method.upper()} {path}" for path, item in document["paths"].items() for method in item)


def _has_row(route: str) -> bool:
    """Whether the route names a row (in its path, query or body): then it has an own and a foreign cell."""
    return route not in NO_ROW


def _expected(route: str, caller: str, row: str) -> int:
    entry = EXPECTED[route][ROLE_OF[caller]]
    if isinstance(entry, tuple):
        return entry[0] if row == "own" else entry[1]
    return entry


def call(api: harness.InProcessApi, route: str, caller: str, side: str, world: harness.World, token: str | None):
    """One cell, inside a transaction rolled back afterwards (every cell sees the same world)."""
    from jobmatch import db

    method = route.split(" ", 1)[0]
    spec = REQUESTS[route](world, caller, side)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    content = None
    if spec.form is not None:
        content, headers["Content-Type"] = harness.multipart_form(spec.form)
    if route in OUTSIDE_TRANSACTION:
        return api.request(method, spec.path, json=spec.body, content=content, headers=headers, params=spec.query)
    with db.connection().transaction(force_rollback=True):
        return api.request(method, spec.path, json=spec.body, content=content, headers=headers, params=spec.query)


def test_every_documented_route_has_a_row_and_every_row_a_route():
    # Given the routes of the committed OpenAPI document
    documented = set(_documented_routes())

    # Then the table names each of them once, and how to call it
    assert sorted(documented - set(EXPECTED)) == [], "add the new routes to EXPECTED and REQUESTS"
    assert sorted(set(EXPECTED) - documented) == []
    assert set(REQUESTS) == set(EXPECTED)


def test_the_table_itself_never_opens_a_foreign_private_row():
    # Given the expected statuses of the foreign rows of non-admin callers
    opened = [
        route
        for route, entries in EXPECTED.items()
        for entry in entries[1:3]
        if isinstance(entry, tuple) and 200 <= entry[1] < 300
    ]
    readable = [
        route
        for route, entries in EXPECTED.items()
        if "{" in route and route not in PUBLIC_ROWS and any(200 <= e < 300 for e in entries[1:3] if isinstance(e, int))
    ]
    # Then no jobseeker or company reaches another side's private row
    assert opened == [] and readable == []


@pytest.mark.parametrize("route", sorted(EXPECTED))
def test_route_answers_each_caller_as_the_table_says(route, inside):
    # Given the seeded world, and fresh tokens for its users
    world, mismatches = inside.world, []
    for caller in CALLERS:
        token = None if caller == "anonymous" else world.actors[caller].access
        if route == "DELETE /api/auth/me" and caller not in ("anonymous", "admin"):
            token = _disposable(world.actors[caller].role)[1]  # the account that leaves
        rows = ("own", "foreign") if _has_row(route) else ("own",)
        for row in rows:
            side = OWN_SIDE[caller] if row == "own" else OTHER[OWN_SIDE[caller]]
            # When the caller calls the route on that row
            answer = call(inside.api, route, caller, side, world, token)
            # Then the status is the table's
            expected = _expected(route, caller, row)
            if answer.status_code != expected:
                mismatches.append(f"{caller}/{row}: {answer.status_code} (expected {expected}) {answer.text[:160]}")
    assert mismatches == []


# ---------------------------------------------------------------- bad tokens

PROTECTED = ["/api/auth/me/", "/api/companies/", "/api/interview/progress/", "/api/dashboard/"]


def _claims(actor: harness.Actor, **changes) -> dict:
    now = datetime.now(UTC)
    claims = {
        "sub": actor.id,
        "role": actor.role,
        "type": "access",
        "jti": str(uuid.uuid4()),
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(minutes=5)).timestamp()),
        "iss": "jobmatch",
        "aud": "jobmatch-api",
    }
    return claims | changes


def _signed(claims: dict, key: str | None = None, alg: str = "HS256") -> str:
    from jobmatch.security import SigningKeys, signing_keys

    key = key or signing_keys().current
    return jwt.encode(claims, key, algorithm=alg, headers={"kid": SigningKeys.kid(signing_keys().current)})


def _bad_tokens(actor: harness.Actor) -> dict[str, str]:
    valid = _signed(_claims(actor))
    head, _payload, signature = valid.split(".")
    forged = _claims(actor, role="admin")
    return {
        "expired": _signed(_claims(actor, iat=int(time.time()) - 7200, exp=int(time.time()) - 3600)),
        "tampered": ".".join([head, jwt.utils.base64url_encode(json.dumps(forged).encode()).decode(), signature]),
        "wrong audience": _signed(_claims(actor, aud="another-api")),
        "wrong issuer": _signed(_claims(actor, iss="someone-else")),
        "wrong type (refresh)": actor.refresh,
        "other key": _signed(_claims(actor), key="x" * 48),
        "no algorithm": jwt.encode(_claims(actor), None, algorithm="none"),
        "garbage": "not-a-token",
    }


@pytest.mark.parametrize("path", PROTECTED)
def test_bad_tokens_are_refused_by_every_function(path, inside):
    # Given tokens for jobseeker A that are each wrong in one way
    api = inside.api
    for name, token in _bad_tokens(inside.world.actors["seeker_A"]).items():
        # When one is sent to a protected route
        answer = api.request("GET", path, headers={"Authorization": f"Bearer {token}"})

        # Then it is a 401 with a JSON reason
        assert (answer.status_code, "detail" in answer.json()) == (401, True), name


def test_a_revoked_token_is_refused(inside):
    # Given jobseeker B's valid access token, and the administrator setting a new password for B
    from jobmatch import db

    world, api = inside.world, inside.api
    seeker, admin = world.actors["seeker_B"], world.actors["admin"]
    with db.connection().transaction(force_rollback=True):
        assert api.request("GET", "/api/auth/me/", headers=seeker.auth).status_code == 200
        time.sleep(1.1)  # revocation is by issue time, at one-second resolution
        changed = api.request(
            "PATCH", f"/api/sb-users/{seeker.id}/", json={"password": "N3w-pass!x"}, headers=admin.auth
        )
        assert changed.status_code == 200

        # When B uses the old token
        answer = api.request("GET", "/api/auth/me/", headers=seeker.auth)

    # Then it is refused
    assert answer.status_code == 401
