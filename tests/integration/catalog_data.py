"""Rows made through the catalog routes for the catalog tests (each asserts its creation succeeded)."""

from __future__ import annotations

from jobmatch.errors import ServiceUnavailable
from tests.integration.conftest import Account, Client

PYTHON_JOB = {
    "title": "Backend Python developer",
    "description": "Build REST APIs with Python, Django and PostgreSQL for a payments platform.",
    "requirements": "Three years of Python; Django; SQL; AWS Lambda is a plus.",
}
PYTHON_CV = (
    "Jane Doe, backend engineer. Experience: five years building REST APIs in Python with Django and "
    "PostgreSQL; deployed services on AWS Lambda. Skills: Python, Django, SQL, Docker."
)
CHEF_CV = "Head chef. Experience: French cuisine, pastry, menu design, kitchen brigade management, food safety."


class ProviderDown:
    """An embedder whose provider is unreachable (patched over `jobmatch.job_index.get_embedder`)."""

    model_id = "down"
    dimension = 512

    def embed_documents(self, texts):
        raise ServiceUnavailable("The embedding provider is unavailable.")


def company(client: Client, user: Account, name: str = "Acme", **fields) -> dict:
    reply = client.post("/api/companies/", {"name": name, **fields}, token=user.token)
    assert reply.status == 201, reply
    return reply.json()


def job(client: Client, owner: Account, company_id: str, **fields) -> dict:
    reply = client.post("/api/jobs/", {"company": company_id, **PYTHON_JOB, **fields}, token=owner.token)
    assert reply.status == 201, reply
    return reply.json()


def skill(client: Client, user: Account, name: str) -> dict:
    reply = client.post("/api/skills/", {"name": name}, token=user.token)
    assert reply.status == 201, reply
    return reply.json()


def cv(client: Client, user: Account, text: str = PYTHON_CV, filename: str = "cv.txt") -> dict:
    reply = client.post("/api/cvs/", {"filename": filename, "parsed_text": text}, token=user.token)
    assert reply.status == 201, reply
    return reply.json()


def application(client: Client, user: Account, cv_id: str, job_id: str) -> dict:
    reply = client.post("/api/applications/", {"cv": cv_id, "job": job_id}, token=user.token)
    assert reply.status == 201, reply
    return reply.json()


def ids(reply) -> set[str]:
    """The ids of a list reply."""
    assert reply.status == 200, reply
    return {item["id"] for item in reply.json()}
