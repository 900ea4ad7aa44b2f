"""POST /api/rag/cv-upload/: parse and check first, then one CV per user, stored in the database and S3."""

from __future__ import annotations

import pytest

from jobmatch import db, storage
from jobmatch.config import get_settings
from tests.integration.rag_data import (  # noqa: F401 (fixtures)
    CV_TEXT,
    RECIPE,
    cv_row,
    docx_of,
    fresh_skills_fixture,
    objects,
    rag_fixture,
    s3_fixture,
    upload_file,
)
from tests.unit.test_documents import cv_pdf, rewritten

UPLOAD = "/api/rag/cv-upload/"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200


def test_text_upload_creates_the_cv_and_stores_the_text_in_s3(rag, s3, make_user):
    # Given a jobseeker without a CV
    user = make_user()

    # When they send their CV as JSON text
    reply = rag.post(UPLOAD, {"cv_text": CV_TEXT, "filename": "jane.txt"}, token=user.token)

    # Then the CV is created, pending embedding, and its text is the S3 object under the user's prefix
    assert reply.status == 201, reply
    body = reply.json()
    row = cv_row(user.id)
    assert body == {
        "id": row["id"],
        "user": user.id,
        "filename": "jane.txt",
        "parsed_text_len": len(row["parsed_text"]),
        "embedding_status": "pending",
    }
    assert row["version"] == 1 and "Acme Payments" in row["parsed_text"]
    assert objects(s3) == [f"cvs/{user.id}/{row['id']}/1-jane.txt"] == [row["s3_key"]]
    stored = s3.get_object(Bucket=get_settings().cv_bucket, Key=row["s3_key"])
    assert stored["Body"].read().decode() == row["parsed_text"]


def test_file_upload_replaces_the_cv_as_a_new_version(rag, s3, make_user):
    # Given a jobseeker whose CV was sent as text, with embeddings and a stored match
    user = make_user()
    first = rag.post(UPLOAD, {"cv_text": CV_TEXT}, token=user.token).json()
    db.execute(
        "INSERT INTO cv_embeddings (cv_id, cv_version, chunk_index, chunk_text, embedding, model)"
        " VALUES (%(c)s, 1, 0, 'old', array_fill(0.1, ARRAY[512])::vector, 'hash-v1-512')",
        {"c": first["id"]},
    )

    # When they upload a two-page PDF
    reply = upload_file(rag.handler, user.token, "Jane Doe CV.pdf", cv_pdf(), "application/pdf")

    # Then the same CV is replaced (200): version 2, old embeddings and old file gone, the PDF stored
    assert reply.status == 200, reply
    body = reply.json()
    row = cv_row(user.id)
    assert body["id"] == first["id"] and body["filename"] == "Jane Doe CV.pdf"
    assert body["embedding_status"] == "pending" and body["parsed_text_len"] == len(row["parsed_text"])
    assert row["version"] == 2 and "Senior Backend Engineer" in row["parsed_text"]
    assert db.fetch_one("SELECT count(*) AS n FROM cv_embeddings WHERE cv_id = %(c)s", {"c": first["id"]})["n"] == 0
    assert objects(s3) == [f"cvs/{user.id}/{first['id']}/2-Jane-Doe-CV.pdf"]
    assert s3.get_object(Bucket=get_settings().cv_bucket, Key=row["s3_key"])["Body"].read() == cv_pdf()


def test_docx_upload_under_the_cv_file_field(rag, s3, make_user):
    user = make_user()

    reply = upload_file(rag.handler, user.token, "cv.docx", docx_of(CV_TEXT), field="cv_file")

    assert reply.status == 201, reply
    assert "Acme Payments, London" in cv_row(user.id)["parsed_text"]
    assert objects(s3)[0].endswith("/1-cv.docx")


def test_a_pdf_named_txt_is_read_as_a_pdf_and_stored_under_its_real_kind(rag, s3, make_user):
    user = make_user()

    reply = upload_file(rag.handler, user.token, "resume.txt", cv_pdf(), "text/plain")

    assert reply.status == 201, reply
    assert reply.json()["filename"] == "resume.txt"
    assert objects(s3)[0].endswith("/1-resume.pdf")


@pytest.mark.parametrize(
    ("filename", "content", "status", "detail"),
    [
        ("soup.txt", RECIPE.encode(), 415, "does not look like a CV"),
        ("photo.png", PNG, 415, "PNG image"),
        ("cv.pdf", b"%PDF-1.4 broken", 400, "damaged"),
        ("empty.txt", b"", 400, "empty"),
    ],
)
def test_refused_files_store_nothing(rag, s3, make_user, filename, content, status, detail):
    # Given a jobseeker with a CV already
    user = make_user()
    rag.post(UPLOAD, {"cv_text": CV_TEXT}, token=user.token)
    before = cv_row(user.id), objects(s3)

    # When they upload a file that is not a readable CV
    reply = upload_file(rag.handler, user.token, filename, content)

    # Then it is refused with a clear reason, and their CV and files are untouched
    assert reply.status == status, reply
    assert detail in reply.json()["detail"], reply
    assert (cv_row(user.id), objects(s3)) == before


def test_encrypted_pdf_is_a_400(rag, s3, make_user):
    user = make_user()

    reply = upload_file(rag.handler, user.token, "cv.pdf", rewritten(cv_pdf(), user_password="", owner_password="o"))

    assert reply.status == 400 and "encrypted" in reply.json()["detail"]
    assert cv_row(user.id) is None and objects(s3) == []


def test_text_that_is_not_a_cv_is_a_415(rag, s3, make_user):
    user = make_user()

    reply = rag.post(UPLOAD, {"cv_text": RECIPE, "filename": "soup.txt"}, token=user.token)

    assert reply.status == 415 and "does not look like a CV" in reply.json()["detail"]
    assert cv_row(user.id) is None and objects(s3) == []


def test_files_over_the_direct_upload_limit_are_413(rag, s3, make_user):
    # Given a text CV padded beyond 5 MB (the multipart body still fits the function's body limit)
    user = make_user()
    big = CV_TEXT.encode() + b" " * (get_settings().cv_upload_max_bytes + 1 - len(CV_TEXT.encode()))

    reply = upload_file(rag.handler, user.token, "cv.txt", big)

    assert reply.status == 413 and "the limit is 5.0 MB" in reply.json()["detail"]
    assert cv_row(user.id) is None


def test_a_body_far_over_the_limit_is_413_before_parsing(rag, s3, make_user):
    user = make_user()

    reply = upload_file(rag.handler, user.token, "cv.txt", b"x" * (6 * 1024 * 1024))

    assert reply.status == 413 and "Request body too large" in reply.json()["detail"]


def test_nothing_to_upload_is_a_400_naming_the_file_field(rag, s3, make_user):
    user = make_user()

    reply = rag.post(UPLOAD, {"filename": "cv.txt"}, token=user.token)

    assert reply.status == 400
    assert "file" in reply.json() and "cv_text" in reply.json()["file"][0]


def test_upload_needs_a_login(rag, s3):
    reply = rag.post(UPLOAD, {"cv_text": CV_TEXT})

    assert reply.status == 401


def test_unsupported_content_types_are_refused_clearly(rag, s3, make_user):
    user = make_user()

    xml = rag.post(UPLOAD, "<cv/>", token=user.token, headers={"content-type": "application/xml"})
    no_boundary = rag.post(UPLOAD, "x", token=user.token, headers={"content-type": "multipart/form-data"})

    assert xml.status == 415 and "multipart/form-data" in xml.json()["detail"]
    assert no_boundary.status == 400 and "boundary" in no_boundary.json()["detail"]


def test_storage_outage_is_a_503_and_leaves_no_cv(rag, s3, make_user):
    # Given a bucket that S3 does not have
    user = make_user()
    s3.delete_bucket(Bucket=get_settings().cv_bucket)

    reply = rag.post(UPLOAD, {"cv_text": CV_TEXT}, token=user.token)

    # Then the upload fails as a whole: no CV row was committed
    assert reply.status == 503 and reply.json() == {"detail": storage.STORAGE_DOWN}
    assert cv_row(user.id) is None
