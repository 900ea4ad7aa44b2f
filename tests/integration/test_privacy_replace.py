"""Replacing a CV leaves no orphan: one file under the user's prefix, only the new embeddings.

The upload route's own test (test_rag_upload.py::test_file_upload_replaces_the_cv_as_a_new_version)
checks the replacement right after the upload; these follow it through the ingest of both versions.
"""

from __future__ import annotations

from jobmatch.config import get_settings
from jobmatch.documents import chunk_text
from tests.integration.privacy_data import keys_under, rows_mentioning
from tests.integration.rag_data import (  # noqa: F401 (fixtures)
    CV_TEXT,
    cv_row,
    embedding_rows,
    fresh_skills_fixture,
    ingest_fixture,
    rag_fixture,
    s3_fixture,
    upload_file,
)
from tests.unit.test_documents import cv_pdf

UPLOAD = "/api/rag/cv-upload/"


def first_version(rag, ingest, user) -> dict:
    """A text CV, uploaded and embedded."""
    reply = rag.post(UPLOAD, {"cv_text": CV_TEXT, "filename": "cv.txt"}, token=user.token)
    assert reply.status == 201, reply
    first = cv_row(user.id)
    assert ingest(first["s3_key"]) == {"batchItemFailures": []}
    assert {row["cv_version"] for row in embedding_rows(first["id"])} == {1}
    return first


def only_the_current_version_remains(s3, user, old_key: str) -> None:
    cv = cv_row(user.id)
    assert keys_under(s3, f"cvs/{user.id}/") == [cv["s3_key"]]
    rows = embedding_rows(cv["id"])
    assert {row["cv_version"] for row in rows} == {cv["version"]} == {2}
    assert [row["chunk_text"] for row in rows] == chunk_text(cv["parsed_text"])
    assert set(rows_mentioning(old_key).values()) == {0}


def test_a_new_upload_deletes_the_old_file_and_its_embeddings(rag, s3, ingest, make_user):
    # Given a jobseeker whose text CV was uploaded and embedded
    user = make_user()
    first = first_version(rag, ingest, user)

    # When they upload a PDF and its notification is handled, then the old file's late one too
    reply = upload_file(rag.handler, user.token, "cv.pdf", cv_pdf(), "application/pdf")
    assert reply.status == 200, reply
    assert ingest(cv_row(user.id)["s3_key"]) == {"batchItemFailures": []}
    assert ingest(first["s3_key"]) == {"batchItemFailures": []}

    # Then one file is left, the PDF, and every embedding is of its text
    only_the_current_version_remains(s3, user, first["s3_key"])


def test_a_presigned_upload_deletes_the_old_file_and_its_embeddings(rag, s3, ingest, make_user):
    # Given a jobseeker whose text CV was uploaded and embedded
    user = make_user()
    first = first_version(rag, ingest, user)

    # When they send a PDF straight to S3 and its notification is handled
    slot = rag.post("/api/rag/cv-upload-url/", {"filename": "cv.pdf"}, token=user.token).json()
    s3.put_object(Bucket=get_settings().cv_bucket, Key=slot["key"], Body=cv_pdf())
    assert ingest(slot["key"]) == {"batchItemFailures": []}

    # Then the uploaded object is the only file, and every embedding is of its text
    assert cv_row(user.id)["s3_key"] == slot["key"]
    only_the_current_version_remains(s3, user, first["s3_key"])
