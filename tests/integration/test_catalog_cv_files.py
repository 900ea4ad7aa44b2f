"""A CV's file in S3 goes with the CV: deleting the record or replacing its text leaves no orphan object."""

from __future__ import annotations

from jobmatch import db
from tests.integration.rag_data import CV_TEXT, objects, rag_fixture, s3_fixture, upload_file  # noqa: F401


def test_deleting_an_uploaded_cv_deletes_its_file(catalog_client, make_user, rag, s3):
    # Given a CV uploaded as a file
    seeker = make_user()
    uploaded = upload_file(rag.handler, seeker.token, "cv.txt", CV_TEXT.encode(), "text/plain")
    assert uploaded.status == 201 and len(objects(s3)) == 1

    # When its owner deletes the record
    reply = catalog_client.delete(f"/api/cvs/{uploaded.json()['id']}/", token=seeker.token)

    # Then the record and the file are gone
    assert reply.status == 204
    assert objects(s3) == []
    assert db.fetch_one("SELECT count(*) AS n FROM cvs")["n"] == 0


def test_new_text_deletes_the_stale_file_and_keeps_the_text(catalog_client, make_user, rag, s3):
    seeker = make_user()
    cv_id = upload_file(rag.handler, seeker.token, "cv.txt", CV_TEXT.encode(), "text/plain").json()["id"]

    reply = catalog_client.patch(f"/api/cvs/{cv_id}/", {"parsed_text": CV_TEXT + "\nNew line."}, token=seeker.token)

    assert reply.status == 200 and reply.json()["parsed_text"].endswith("New line.")
    assert objects(s3) == []
    assert db.fetch_one("SELECT s3_key FROM cvs WHERE id = %s", (cv_id,))["s3_key"] is None


def test_delete_changes_nothing_when_s3_refuses(catalog_client, make_user, rag, s3, monkeypatch):
    from jobmatch import storage

    seeker = make_user()
    cv_id = upload_file(rag.handler, seeker.token, "cv.txt", CV_TEXT.encode(), "text/plain").json()["id"]
    monkeypatch.setattr(storage, "delete", lambda _key: False)

    reply = catalog_client.delete(f"/api/cvs/{cv_id}/", token=seeker.token)

    assert reply.status == 503 and "nothing was changed" in reply.json()["detail"]
    assert db.fetch_one("SELECT count(*) AS n FROM cvs")["n"] == 1
