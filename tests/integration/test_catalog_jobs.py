"""Jobs: who writes them, list filters, attached skills, and embeddings kept current on every write."""

from __future__ import annotations

import pytest

from jobmatch import db, job_index
from tests.integration import catalog_data as data


@pytest.fixture
def owner_company(catalog_client, make_user):
    owner = make_user("company")
    return owner, data.company(catalog_client, owner)


def vectors_of(job_id: str) -> list[dict]:
    return db.fetch_all(
        "SELECT chunk_index, chunk_text, model FROM job_embeddings WHERE job_id = %(id)s ORDER BY chunk_index",
        {"id": job_id},
    )


def test_owner_posts_a_job_that_is_embedded_at_once(catalog_client, owner_company):
    owner, company = owner_company

    # When the owner posts a job
    job = data.job(catalog_client, owner, company["id"], location="Remote", is_active=True)

    # Then it is stored with its fields, no skills yet, and embedded chunks that carry the title
    assert job["company"] == company["id"] and job["location"] == "Remote" and job["is_active"] is True
    assert job["skills"] == [] and job["embedding_status"] == "ready"
    rows = vectors_of(job["id"])
    assert rows and all(row["chunk_text"].startswith("Backend Python developer") for row in rows)
    assert {row["model"] for row in rows} == {"hash-v1-512"}


@pytest.mark.parametrize("role", ["jobseeker", "company"])
def test_only_the_owner_or_an_admin_writes_a_company_job(catalog_client, make_user, owner_company, role):
    owner, company = owner_company
    job = data.job(catalog_client, owner, company["id"])
    other = make_user(role)

    create = catalog_client.post("/api/jobs/", {"company": company["id"], "title": "Mine now"}, token=other.token)
    patch = catalog_client.patch(f"/api/jobs/{job['id']}/", {"title": "Mine now"}, token=other.token)
    delete = catalog_client.delete(f"/api/jobs/{job['id']}/", token=other.token)

    assert (create.status, patch.status, delete.status) == (403, 403, 403)
    assert db.fetch_one("SELECT count(*) AS n, min(title) AS title FROM jobs") == {"n": 1, "title": job["title"]}


def test_admin_writes_any_job(catalog_client, make_user, owner_company):
    _, company = owner_company
    admin = make_user("admin")

    created = catalog_client.post("/api/jobs/", {"company": company["id"], "title": "Ops"}, token=admin.token)
    patched = catalog_client.patch(f"/api/jobs/{created.json()['id']}/", {"is_active": False}, token=admin.token)
    deleted = catalog_client.delete(f"/api/jobs/{created.json()['id']}/", token=admin.token)

    assert (created.status, patched.status, deleted.status) == (201, 200, 204)
    assert patched.json()["is_active"] is False


@pytest.mark.parametrize("role", ["jobseeker", "company", "admin"])
def test_every_role_reads_jobs(catalog_client, make_user, owner_company, role):
    owner, company = owner_company
    job = data.job(catalog_client, owner, company["id"])
    reader = make_user(role)

    assert data.ids(catalog_client.get("/api/jobs/", token=reader.token)) == {job["id"]}
    assert catalog_client.get(f"/api/jobs/{job['id']}/", token=reader.token).json() == job


def test_anonymous_callers_get_401(catalog_client, owner_company):
    owner, company = owner_company
    job = data.job(catalog_client, owner, company["id"])
    assert catalog_client.get("/api/jobs/").status == 401
    assert catalog_client.get(f"/api/jobs/{job['id']}/").status == 401
    assert catalog_client.post("/api/jobs/", {"company": company["id"], "title": "Anon"}).status == 401
    assert catalog_client.put(f"/api/jobs/{job['id']}/", {"company": company["id"], "title": "A"}).status == 401
    assert catalog_client.delete(f"/api/jobs/{job['id']}/").status == 401


def test_list_filters_by_activity_company_and_text(catalog_client, make_user, owner_company):
    # Given jobs of two companies, one of them closed
    owner, company = owner_company
    other_owner = make_user("company")
    other = data.company(catalog_client, other_owner, "Other")
    python = data.job(catalog_client, owner, company["id"])
    chef = data.job(
        catalog_client,
        owner,
        company["id"],
        title="Pastry chef",
        description="Croissants and tarts.",
        requirements="Pastry school.",
        is_active=False,
    )
    rust = data.job(
        catalog_client, other_owner, other["id"], title="Rust engineer", description="Systems.", requirements="Rust."
    )
    reader = make_user()

    def listed(**query):
        return data.ids(catalog_client.get("/api/jobs/", token=reader.token, query=query))

    # Then each filter narrows the list, and they combine
    assert listed(is_active="true") == {python["id"], rust["id"]}
    assert listed(is_active="false") == {chef["id"]}
    assert listed(company=company["id"]) == {python["id"], chef["id"]}
    assert listed(q="django") == {python["id"]}
    assert listed(q="pastry") == {chef["id"]}
    assert listed(q="pastry", is_active="true") == set()
    assert listed(q="engineer OR croissants") == {rust["id"], chef["id"]}


def test_put_replaces_and_patch_changes_only_what_is_sent(catalog_client, owner_company):
    owner, company = owner_company
    job = data.job(catalog_client, owner, company["id"], salary_range="50-60k", location="Lyon")

    patched = catalog_client.patch(f"/api/jobs/{job['id']}/", {"location": "Paris"}, token=owner.token)
    replaced = catalog_client.put(
        f"/api/jobs/{job['id']}/", {"company": company["id"], "title": "Data engineer"}, token=owner.token
    )

    assert patched.json()["location"] == "Paris" and patched.json()["salary_range"] == "50-60k"
    body = replaced.json()
    assert body["title"] == "Data engineer" and body["description"] == "" and body["salary_range"] is None
    assert body["posted_at"] == job["posted_at"]  # not sent: the publication time stays


def test_changing_the_text_replaces_the_stale_chunks(catalog_client, owner_company):
    # Given an embedded job
    owner, company = owner_company
    job = data.job(catalog_client, owner, company["id"])
    before = vectors_of(job["id"])

    # When its title changes, and then only its location
    catalog_client.patch(f"/api/jobs/{job['id']}/", {"title": "Senior Django developer"}, token=owner.token)
    retitled = vectors_of(job["id"])
    catalog_client.patch(f"/api/jobs/{job['id']}/", {"location": "Berlin"}, token=owner.token)

    # Then the first change re-embedded every chunk, the second left them alone
    assert len(retitled) == len(before)
    assert all(row["chunk_text"].startswith("Senior Django developer") for row in retitled)
    assert vectors_of(job["id"]) == retitled


def test_a_provider_outage_never_loses_the_job(catalog_client, owner_company, monkeypatch):
    owner, company = owner_company

    # Given an embedding provider that is down
    monkeypatch.setattr(job_index, "get_embedder", data.ProviderDown)

    # When a job is posted
    job = data.job(catalog_client, owner, company["id"])

    # Then it is saved, pending, without vectors
    assert job["embedding_status"] == "pending"
    assert catalog_client.get(f"/api/jobs/{job['id']}/", token=owner.token).status == 200
    assert vectors_of(job["id"]) == []

    # And when the provider is back, the sweep embeds it
    monkeypatch.undo()
    report = job_index.sweep_pending(limit=10)
    assert report.ready == 1
    assert catalog_client.get(f"/api/jobs/{job['id']}/", token=owner.token).json()["embedding_status"] == "ready"
    assert vectors_of(job["id"])


def test_an_update_during_an_outage_drops_the_stale_chunks(catalog_client, owner_company, monkeypatch):
    owner, company = owner_company
    job = data.job(catalog_client, owner, company["id"])
    monkeypatch.setattr(job_index, "get_embedder", data.ProviderDown)

    reply = catalog_client.patch(f"/api/jobs/{job['id']}/", {"description": "Now a Go job."}, token=owner.token)

    assert reply.status == 200 and reply.json()["embedding_status"] == "pending"
    assert reply.json()["description"] == "Now a Go job."
    assert vectors_of(job["id"]) == []


def test_any_later_write_embeds_a_pending_job(catalog_client, owner_company, monkeypatch):
    owner, company = owner_company
    monkeypatch.setattr(job_index, "get_embedder", data.ProviderDown)
    job = data.job(catalog_client, owner, company["id"])
    monkeypatch.undo()

    reply = catalog_client.patch(f"/api/jobs/{job['id']}/", {"location": "Remote"}, token=owner.token)

    assert reply.json()["embedding_status"] == "ready" and vectors_of(job["id"])


def test_moving_a_job_to_another_company_needs_both_and_moves_its_applications(
    catalog_client, make_user, owner_company
):
    owner, company = owner_company
    second = data.company(catalog_client, owner, "Second")
    foreign = data.company(catalog_client, make_user("company"), "Foreign")
    seeker = make_user()
    job = data.job(catalog_client, owner, company["id"])
    applied = data.application(catalog_client, seeker, data.cv(catalog_client, seeker)["id"], job["id"])

    refused = catalog_client.patch(f"/api/jobs/{job['id']}/", {"company": foreign["id"]}, token=owner.token)
    moved = catalog_client.patch(f"/api/jobs/{job['id']}/", {"company": second["id"]}, token=owner.token)

    assert refused.status == 403
    assert moved.status == 200 and moved.json()["company"] == second["id"]
    application = catalog_client.get(f"/api/applications/{applied['id']}/", token=seeker.token).json()
    assert application["company"] == second["id"]


def test_a_job_for_a_missing_company_is_400_naming_the_field(catalog_client, make_user):
    admin = make_user("admin")
    reply = catalog_client.post(
        "/api/jobs/", {"company": "3f8a1d8e-1111-4c4c-8d8d-000000000000", "title": "Ghost"}, token=admin.token
    )
    assert reply.status == 400 and list(reply.json()) == ["company"]


def test_deleting_a_job_deletes_its_applications_and_vectors(catalog_client, make_user, owner_company):
    owner, company = owner_company
    seeker = make_user()
    job = data.job(catalog_client, owner, company["id"])
    data.application(catalog_client, seeker, data.cv(catalog_client, seeker)["id"], job["id"])

    reply = catalog_client.delete(f"/api/jobs/{job['id']}/", token=owner.token)

    assert reply.status == 204
    assert catalog_client.get(f"/api/jobs/{job['id']}/", token=owner.token).status == 404
    assert catalog_client.get("/api/applications/", token=seeker.token).json() == []
    assert vectors_of(job["id"]) == []


# ---------------------------------------------------------------- skills of a job


def test_attach_and_detach_skills(catalog_client, owner_company):
    owner, company = owner_company
    job = data.job(catalog_client, owner, company["id"])
    python, django = data.skill(catalog_client, owner, "Python"), data.skill(catalog_client, owner, "Django")

    first = catalog_client.post(f"/api/jobs/{job['id']}/skills/", {"skill_id": python["id"]}, token=owner.token)
    catalog_client.post(f"/api/jobs/{job['id']}/skills/", {"skill_id": django["id"]}, token=owner.token)
    again = catalog_client.post(f"/api/jobs/{job['id']}/skills/", {"skill_id": python["id"]}, token=owner.token)

    assert first.status == 201 and first.json()["skills"] == [python]
    assert again.status == 200 and again.json()["skills"] == [django, python]
    listed = catalog_client.get("/api/jobs/", token=owner.token).json()
    assert listed[0]["skills"] == [django, python]

    detached = catalog_client.delete(f"/api/jobs/{job['id']}/skills/{python['id']}/", token=owner.token)
    twice = catalog_client.delete(f"/api/jobs/{job['id']}/skills/{python['id']}/", token=owner.token)
    assert detached.status == 204 and twice.status == 404
    assert catalog_client.get(f"/api/jobs/{job['id']}/", token=owner.token).json()["skills"] == [django]


def test_attaching_an_unknown_skill_or_to_an_unknown_job_is_404(catalog_client, owner_company):
    owner, company = owner_company
    job = data.job(catalog_client, owner, company["id"])
    python = data.skill(catalog_client, owner, "Python")
    unknown = "0b7f6a4e-2222-4d4d-9e9e-000000000000"

    no_skill = catalog_client.post(f"/api/jobs/{job['id']}/skills/", {"skill_id": unknown}, token=owner.token)
    no_job = catalog_client.post(f"/api/jobs/{unknown}/skills/", {"skill_id": python["id"]}, token=owner.token)
    bad_job = catalog_client.post("/api/jobs/not-a-uuid/skills/", {"skill_id": python["id"]}, token=owner.token)
    bad_skill = catalog_client.delete(f"/api/jobs/{job['id']}/skills/not-a-uuid/", token=owner.token)

    assert (no_skill.status, no_job.status, bad_job.status, bad_skill.status) == (404, 404, 404, 404)


@pytest.mark.parametrize("role", ["jobseeker", "company"])
def test_only_the_owner_changes_a_job_skills(catalog_client, make_user, owner_company, role):
    owner, company = owner_company
    job = data.job(catalog_client, owner, company["id"])
    python = data.skill(catalog_client, owner, "Python")
    catalog_client.post(f"/api/jobs/{job['id']}/skills/", {"skill_id": python["id"]}, token=owner.token)
    other = make_user(role)

    attach = catalog_client.post(f"/api/jobs/{job['id']}/skills/", {"skill_id": python["id"]}, token=other.token)
    detach = catalog_client.delete(f"/api/jobs/{job['id']}/skills/{python['id']}/", token=other.token)

    assert (attach.status, detach.status) == (403, 403)
