"""Bad input on the catalog routes: ids, types, missing and oversized fields, pages; and the paging headers."""

from __future__ import annotations

import re

import pytest

from jobmatch import db
from tests.integration import catalog_data as data

BAD_ID = "not-a-uuid"
ANY_ID = "4e1f6c2a-5b3d-4f7a-8c9e-0a1b2c3d4e5f"

ITEM_ROUTES = [
    "/api/companies/{id}/",
    "/api/skills/{id}/",
    "/api/jobs/{id}/",
    "/api/cvs/{id}/",
    "/api/applications/{id}/",
    "/api/cv-embeddings/{id}/",
    "/api/job-embeddings/{id}/",
    "/api/recommendations/{id}/",
    "/api/sb-users/{id}/",
]
LIST_ROUTES = [path.replace("{id}/", "") for path in ITEM_ROUTES]
WRITABLE_ITEMS = [
    "/api/companies/{id}/",
    "/api/skills/{id}/",
    "/api/jobs/{id}/",
    "/api/cvs/{id}/",
    "/api/applications/{id}/",
    "/api/sb-users/{id}/",
]


@pytest.fixture
def admin(make_user):
    return make_user("admin")


@pytest.mark.parametrize("path", ITEM_ROUTES)
@pytest.mark.parametrize("id_", [BAD_ID, ANY_ID, "1", "%27%20OR%201=1"])
def test_malformed_or_unknown_ids_are_404(catalog_client, admin, path, id_):
    reply = catalog_client.get(path.format(id=id_), token=admin.token)
    assert reply.status == 404 and reply.json() == {"detail": "Not found."}


@pytest.mark.parametrize("path", WRITABLE_ITEMS)
@pytest.mark.parametrize("method", ["patch", "delete"])
def test_malformed_ids_are_404_for_writes_too(catalog_client, admin, path, method):
    body = {"name": "Valid"} if method == "patch" else None
    reply = getattr(catalog_client, method)(path.format(id=BAD_ID), body, token=admin.token)
    assert reply.status == 404


@pytest.mark.parametrize("path", [p for p in LIST_ROUTES if p != "/api/skills/"])
def test_every_protected_list_needs_a_token(catalog_client, path):
    reply = catalog_client.get(path)
    assert reply.status == 401 and reply.json() == {"detail": "Authentication credentials were not provided."}


@pytest.mark.parametrize("path", [p for p in ITEM_ROUTES if not p.startswith("/api/skills/")])
def test_every_protected_item_needs_a_token(catalog_client, path):
    assert catalog_client.get(path.format(id=ANY_ID)).status == 401


@pytest.mark.parametrize("path", ["/api/companies/", "/api/jobs/", "/api/cvs/", "/api/applications/", "/api/sb-users/"])
def test_expired_or_forged_tokens_are_401(catalog_client, path):
    assert catalog_client.get(path, token="eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl").status == 401
    assert catalog_client.get(path, headers={"authorization": "Basic abc"}).status == 401


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"company": ANY_ID}, {"title": ["This field is required."]}),
        ({"title": "T"}, {"company": ["This field is required."]}),
        ({"company": ANY_ID, "title": 42}, {"title"}),
        ({"company": ANY_ID, "title": "T", "is_active": "maybe"}, {"is_active"}),
        ({"company": 12, "title": "T"}, {"company"}),
        ({"company": ANY_ID, "title": "T" * 201}, {"title"}),
        ({"company": ANY_ID, "title": "T", "description": "d" * 20_001}, {"description"}),
        ({"company": ANY_ID, "title": "T", "posted_at": "yesterday"}, {"posted_at"}),
        ({"company": ANY_ID, "title": "   "}, {"title"}),
    ],
)
def test_job_input_errors_name_the_field(catalog_client, admin, body, errors):
    reply = catalog_client.post("/api/jobs/", body, token=admin.token)
    assert reply.status == 400
    assert (reply.json() if isinstance(errors, dict) else set(reply.json())) == errors
    assert db.fetch_one("SELECT count(*) AS n FROM jobs")["n"] == 0


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/companies/", {"name": "n" * 201}, "name"),
        ("/api/companies/", {"name": "Acme", "website": "w" * 501}, "website"),
        ("/api/companies/", {"website": "https://x.example"}, "name"),
        ("/api/cvs/", {"filename": "f" * 256}, "filename"),
        ("/api/cvs/", {"filename": "cv.txt", "parsed_text": "t" * 100_001}, "parsed_text"),
        ("/api/cvs/", {"filename": "cv.txt", "created_at": "not a date"}, "created_at"),
        ("/api/applications/", {"cv": ANY_ID}, "job"),
        ("/api/sb-users/", {"username": "u" * 151, "password": "Str0ng-pass!"}, "username"),
    ],
)
def test_other_input_errors_name_the_field(catalog_client, admin, path, body, field):
    reply = catalog_client.post(path, body, token=admin.token)
    assert reply.status == 400 and field in reply.json()


def test_patch_refuses_null_for_required_fields(catalog_client, make_user):
    owner = make_user("company")
    job = data.job(catalog_client, owner, data.company(catalog_client, owner)["id"])
    reply = catalog_client.patch(f"/api/jobs/{job['id']}/", {"title": None}, token=owner.token)
    assert reply.status == 400 and reply.json() == {"title": ["This field may not be null."]}


def test_unknown_fields_are_ignored(catalog_client, make_user):
    owner = make_user("company")
    reply = catalog_client.post(
        "/api/companies/", {"name": "Acme", "id": ANY_ID, "is_admin": True, "owner_id": ANY_ID}, token=owner.token
    )
    assert reply.status == 201 and reply.json()["id"] != ANY_ID and reply.json()["owner"] == owner.id
    assert "is_admin" not in reply.json()


@pytest.mark.parametrize("raw", ["{bad json", "[1, 2]", "null", '"text"'])
def test_malformed_bodies_are_400(catalog_client, admin, raw):
    reply = catalog_client.post("/api/companies/", raw, token=admin.token)
    assert reply.status == 400 and reply.json()


def test_oversized_bodies_are_413(catalog_client, admin):
    reply = catalog_client.post("/api/cvs/", {"filename": "cv.txt", "parsed_text": "x" * 1_100_000}, token=admin.token)
    assert reply.status == 413


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"page_size": "201"}, "page_size"),
        ({"page_size": "0"}, "page_size"),
        ({"page": "0"}, "page"),
        ({"page": "two"}, "page"),
        ({"is_active": "maybe"}, "is_active"),
        ({"company": BAD_ID}, "company"),
        ({"q": "q" * 201}, "q"),
    ],
)
def test_bad_query_parameters_are_400_naming_them(catalog_client, admin, query, field):
    reply = catalog_client.get("/api/jobs/", token=admin.token, query=query)
    assert reply.status == 400 and list(reply.json()) == [field]


@pytest.mark.parametrize("path", LIST_ROUTES)
def test_page_size_above_the_cap_is_refused_everywhere(catalog_client, admin, path):
    reply = catalog_client.get(path, token=admin.token, query={"page_size": "1000"})
    assert reply.status == 400 and "page_size" in reply.json()


def test_lists_are_paginated_with_total_and_links(catalog_client, make_user):
    # Given 5 jobs
    owner = make_user("company")
    company = data.company(catalog_client, owner)
    made = [data.job(catalog_client, owner, company["id"], title=f"Job {n}")["id"] for n in range(5)]

    # When a client walks pages of two, filtered on active jobs
    pages = [
        catalog_client.get(
            "/api/jobs/", token=owner.token, query={"page": str(n), "page_size": "2", "is_active": "true"}
        )
        for n in (1, 2, 3, 4)
    ]

    # Then the pages hold 2, 2, 1 and 0 jobs, all different, with the total and RFC 8288 links keeping the filter
    assert [len(page.json()) for page in pages] == [2, 2, 1, 0]
    assert set().union(*(data.ids(page) for page in pages)) == set(made)
    assert all(page.headers["x-total-count"] == "5" for page in pages)
    links = dict((rel, url) for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', pages[1].headers["link"]))
    assert set(links) == {"first", "last", "prev", "next"}
    assert "page=3" in links["next"] and "page=1" in links["prev"] and "is_active=true" in links["next"]
    assert links["last"].startswith("/api/jobs/?") and "page_size=2" in links["last"]


def test_default_page_size_is_50(catalog_client, make_user):
    user = make_user()
    db.execute("INSERT INTO skills (name) SELECT 'skill ' || n FROM generate_series(1, 60) AS n")

    first = catalog_client.get("/api/skills/")
    second = catalog_client.get("/api/skills/", token=user.token, query={"page": "2"})

    assert len(first.json()) == 50 and len(second.json()) == 10
    assert first.headers["x-total-count"] == "60"
