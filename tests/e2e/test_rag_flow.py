"""CV upload to match over real HTTP: runner -> S3 -> SQS -> poller -> ingest -> embeddings ready -> search, match."""

from __future__ import annotations

import time

import httpx
import pytest

from tests.e2e.conftest import new_username
from tests.unit.test_documents import cv_pdf

pytestmark = pytest.mark.xdist_group("e2e")

PASSWORD = "Str0ng-pass!"
INGEST_TIMEOUT_S = 30
JOB = {
    "title": "Senior Backend Engineer",
    "description": "Run the settlement platform of a payments company: Python services on AWS Lambda, SQS and "
    "DynamoDB, with a ledger in PostgreSQL.",
    "requirements": "Python, Django or FastAPI, PostgreSQL, AWS; five years of backend experience.",
}


def login(api: httpx.Client, role: str = "jobseeker") -> dict[str, str]:
    username = new_username()
    registered = api.post("/api/auth/register/", json={"username": username, "password": PASSWORD, "role": role})
    assert registered.status_code == 201, registered.text
    reply = api.post("/api/auth/login/", json={"username": username, "password": PASSWORD})
    return {"Authorization": f"Bearer {reply.json()['access']}"}


def wait_for(check, what: str):
    """Poll `check` until it returns a truthy value (the ingest runs behind a queue)."""
    deadline = time.monotonic() + INGEST_TIMEOUT_S
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    pytest.fail(f"{what} did not happen within {INGEST_TIMEOUT_S} s")


@pytest.fixture(scope="module")
def posted_job(api) -> dict:
    company_user = login(api, "company")
    company = api.post("/api/companies/", json={"name": "Acme Payments"}, headers=company_user)
    assert company.status_code == 201, company.text
    job = api.post("/api/jobs/", json={"company": company.json()["id"], **JOB}, headers=company_user)
    assert job.status_code == 201, job.text
    return job.json()


def cv_status(api: httpx.Client, headers: dict, cv_id: str) -> str:
    return api.get(f"/api/cvs/{cv_id}/", headers=headers).json()["embedding_status"]


def test_uploaded_pdf_is_ingested_and_matched(api, posted_job):
    # Given a jobseeker, and a posted backend job
    headers = login(api)

    # When they upload a two-page PDF CV over HTTP
    upload = api.post("/api/rag/cv-upload/", files={"file": ("cv.pdf", cv_pdf(), "application/pdf")}, headers=headers)

    # Then it is stored pending, and the S3 notification gets it embedded through the queue
    assert upload.status_code == 201, upload.text
    cv = upload.json()
    assert cv["embedding_status"] == "pending" and cv["filename"] == "cv.pdf"
    wait_for(lambda: cv_status(api, headers, cv["id"]) == "ready", "the CV embedding")

    # And matching uses its stored embeddings and finds the backend job, explained
    match = api.post("/api/rag/cv-match/", json={"top_n": 5}, headers=headers)
    assert match.status_code == 200, match.text
    body = match.json()
    assert body["matched_from"] == "embeddings" and body["cv_id"] == cv["id"]
    top = body["results"][0]
    assert top["id"] == posted_job["id"]
    assert {"Python", "PostgreSQL"} <= set(top["explanation"]["matched_skills"])


def test_public_search_finds_the_job(api, posted_job):
    reply = api.post("/api/rag/search/", json={"query": "python payments backend engineer", "top_n": 3})

    assert reply.status_code == 200, reply.text
    assert reply.json()["results"][0]["id"] == posted_job["id"]


def test_presigned_upload_lands_in_s3_and_becomes_the_cv(api, posted_job):
    # Given a jobseeker with a presigned upload slot
    headers = login(api)
    slot = api.post("/api/rag/cv-upload-url/", json={"filename": "big-cv.pdf"}, headers=headers)
    assert slot.status_code == 201, slot.text
    slot = slot.json()

    # When the browser posts the file straight to S3 with the signed fields
    sent = httpx.post(slot["url"], data=slot["fields"], files={"file": ("big-cv.pdf", cv_pdf(), "application/pdf")})
    assert sent.status_code in (200, 204), sent.text

    # Then the ingest reads it and makes it the user's CV, embedded
    status_url = f"/api/rag/cv-uploads/{slot['upload_id']}/"
    done = wait_for(
        lambda: (reply := api.get(status_url, headers=headers).json())["status"] != "waiting" and reply, "the ingest"
    )
    assert done["status"] == "processed", done
    wait_for(lambda: cv_status(api, headers, done["cv_id"]) == "ready", "the CV embedding")
