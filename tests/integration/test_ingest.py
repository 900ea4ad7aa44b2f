"""The ingest function: S3 notifications through SQS batches, idempotent embedding, presigned uploads, sweeps."""

from __future__ import annotations

import json

import pytest

from ingest import app as ingest_app
from jobmatch import cv_index, db
from jobmatch.config import get_settings
from jobmatch.documents import chunk_text
from jobmatch.embeddings import get_embedder
from jobmatch.errors import ServiceUnavailable
from tests.integration.conftest import LambdaContext
from tests.integration.rag_data import (  # noqa: F401 (fixtures)
    CHEF_CV,
    CV_TEXT,
    RECIPE,
    cv_row,
    embedding_rows,
    fresh_skills_fixture,
    ingest_fixture,
    objects,
    rag_fixture,
    s3_fixture,
    s3_notification,
    sqs_event,
)
from tests.unit.test_documents import cv_pdf

UPLOAD = "/api/rag/cv-upload/"


class ProviderDown:
    """An embedder whose provider cannot be reached."""

    model_id = "hash-v1-512"
    dimension = 512

    def embed_documents(self, texts):
        raise ServiceUnavailable("The embedding provider is unavailable.")


@pytest.fixture
def provider_down(monkeypatch):
    monkeypatch.setattr(cv_index, "get_embedder", lambda: ProviderDown())


def upload_text(rag, user, text=CV_TEXT) -> dict:
    reply = rag.post(UPLOAD, {"cv_text": text, "filename": "cv.txt"}, token=user.token)
    assert reply.status in (200, 201), reply
    return cv_row(user.id)


def test_notification_embeds_the_current_version(rag, s3, ingest, make_user):
    # Given an uploaded CV, pending
    user = make_user()
    cv = upload_text(rag, user)

    # When S3's notification of its object reaches the ingest function
    answer = ingest(cv["s3_key"])

    # Then the CV is ready: one row per chunk of its text, for version 1, made by the configured model
    assert answer == {"batchItemFailures": []}
    rows = embedding_rows(cv["id"])
    assert [row["chunk_text"] for row in rows] == chunk_text(cv["parsed_text"])
    assert {(row["cv_version"], row["model"]) for row in rows} == {(1, get_embedder().model_id)}
    after = cv_row(user.id)
    assert (after["embedding_status"], after["embedded_version"]) == ("ready", 1)


def test_duplicate_notification_changes_nothing(rag, s3, ingest, make_user):
    user = make_user()
    cv = upload_text(rag, user)
    ingest(cv["s3_key"])
    before = embedding_rows(cv["id"])

    answer = ingest(cv["s3_key"])

    assert answer == {"batchItemFailures": []}
    assert embedding_rows(cv["id"]) == before  # same row ids: nothing was rewritten


def test_late_notification_of_an_older_upload_changes_nothing(rag, s3, ingest, make_user):
    # Given a CV uploaded twice; the second version is embedded
    user = make_user()
    old = upload_text(rag, user)
    new = upload_text(rag, user, CV_TEXT.replace("Backend Engineer", "Platform Engineer"))
    ingest(new["s3_key"])
    embedded = embedding_rows(new["id"])

    # When the notification of the first upload arrives late
    answer = ingest(old["s3_key"])

    # Then version 2 and its embeddings stay as they are, and only the version-2 file is kept
    assert answer == {"batchItemFailures": []}
    assert embedding_rows(new["id"]) == embedded and {row["cv_version"] for row in embedded} == {2}
    assert cv_row(user.id)["embedded_version"] == 2
    assert objects(s3) == [new["s3_key"]]


def test_embedding_of_a_superseded_version_is_discarded(rag, s3, make_user):
    # Given version 1 being embedded while version 2 is uploaded
    user = make_user()
    first = upload_text(rag, user)
    upload_text(rag, user, CHEF_CV)

    outcome = cv_index.embed_version(first["id"], 1, first["parsed_text"])

    # Then nothing of version 1 is written
    assert outcome == "stale"
    assert embedding_rows(first["id"]) == [] and cv_row(user.id)["embedding_status"] == "pending"


def test_provider_outage_fails_only_that_message_and_a_retry_succeeds(rag, s3, make_user, monkeypatch):
    # Given two uploaded CVs and an unreachable embedding provider
    alice, bob = make_user(), make_user()
    cv_a, cv_b = upload_text(rag, alice), upload_text(rag, bob)
    bucket = get_settings().cv_bucket
    event = sqs_event(s3_notification(cv_a["s3_key"], bucket), s3_notification(cv_b["s3_key"], bucket))
    monkeypatch.setattr(cv_index, "get_embedder", lambda: ProviderDown())

    # When the batch is delivered
    answer = ingest_app.lambda_handler(event, LambdaContext())

    # Then both messages are reported as failed (SQS delivers them again), the CVs stay pending
    failed = {item["itemIdentifier"] for item in answer["batchItemFailures"]}
    assert failed == {record["messageId"] for record in event["Records"]}
    assert cv_row(alice.id)["embedding_status"] == "pending" and embedding_rows(cv_a["id"]) == []

    # When the provider is back and SQS redelivers
    monkeypatch.undo()
    answer = ingest_app.lambda_handler(event, LambdaContext())

    # Then both are embedded
    assert answer == {"batchItemFailures": []}
    assert cv_row(alice.id)["embedding_status"] == cv_row(bob.id)["embedding_status"] == "ready"


def test_test_events_foreign_buckets_and_deletions_are_ignored(rag, s3, make_user):
    user = make_user()
    cv = upload_text(rag, user)
    event = sqs_event(
        {"Service": "Amazon S3", "Event": "s3:TestEvent", "Bucket": get_settings().cv_bucket},
        s3_notification(cv["s3_key"], "someone-elses-bucket"),
        s3_notification(cv["s3_key"], get_settings().cv_bucket, "ObjectRemoved:Delete"),
    )

    answer = ingest_app.lambda_handler(event, LambdaContext())

    assert answer == {"batchItemFailures": []}
    assert cv_row(user.id)["embedding_status"] == "pending"


def test_malformed_message_fails_alone(rag, s3, make_user):
    user = make_user()
    cv = upload_text(rag, user)
    event = sqs_event(s3_notification(cv["s3_key"], get_settings().cv_bucket), {})
    event["Records"][1]["body"] = "not json"

    answer = ingest_app.lambda_handler(event, LambdaContext())

    assert answer == {"batchItemFailures": [{"itemIdentifier": event["Records"][1]["messageId"]}]}
    assert cv_row(user.id)["embedding_status"] == "ready"


def test_orphan_object_of_a_rolled_back_upload_is_deleted(s3, ingest, make_user):
    # Given an object under a CV key that no CV row points to
    user = make_user()
    key = f"cvs/{user.id}/5b0cc5bb-7b6e-4bfb-9a43-1d8b1e1b1f00/1-cv.txt"
    s3.put_object(Bucket=get_settings().cv_bucket, Key=key, Body=CV_TEXT.encode())

    answer = ingest(key)

    assert answer == {"batchItemFailures": []}
    assert objects(s3) == []


# ---------------------------------------------------------------- presigned uploads


def presigned_upload(rag, s3, user, filename: str, content: bytes) -> dict:
    reply = rag.post("/api/rag/cv-upload-url/", {"filename": filename}, token=user.token)
    assert reply.status == 201, reply
    slot = reply.json()
    s3.put_object(Bucket=get_settings().cv_bucket, Key=slot["key"], Body=content)
    return slot


def test_presigned_upload_becomes_the_cv_when_it_lands(rag, s3, ingest, make_user):
    # Given a jobseeker with a text CV, who asks for an upload URL and sends a PDF to S3
    user = make_user()
    old = upload_text(rag, user)
    slot = presigned_upload(rag, s3, user, "Jane CV.pdf", cv_pdf())

    # When S3's notification of the PDF reaches the ingest function
    answer = ingest(slot["key"])

    # Then the PDF replaced the CV (version 2, text read from the PDF), embedded, and the upload says so
    assert answer == {"batchItemFailures": []}
    cv = cv_row(user.id)
    assert (cv["id"], cv["version"], cv["filename"], cv["s3_key"]) == (old["id"], 2, "Jane CV.pdf", slot["key"])
    assert "Senior Backend Engineer" in cv["parsed_text"]
    assert (cv["embedding_status"], cv["embedded_version"]) == ("ready", 2)
    status = rag.get(f"/api/rag/cv-uploads/{slot['upload_id']}/", token=user.token).json()
    assert (status["status"], status["cv_id"], status["detail"]) == ("processed", cv["id"], "")
    assert objects(s3) == [slot["key"]]

    # And a duplicate notification changes nothing
    rows = embedding_rows(cv["id"])
    assert ingest(slot["key"]) == {"batchItemFailures": []}
    assert embedding_rows(cv["id"]) == rows and cv_row(user.id)["version"] == 2


def test_presigned_file_that_is_not_a_cv_is_refused_and_deleted(rag, s3, ingest, make_user):
    # Given a jobseeker with a CV, who sends a recipe through a presigned upload
    user = make_user()
    before = upload_text(rag, user)
    slot = presigned_upload(rag, s3, user, "soup.txt", RECIPE.encode())

    answer = ingest(slot["key"])

    # Then the upload failed with the reason, its file is gone, and the CV is unchanged
    assert answer == {"batchItemFailures": []}
    status = rag.get(f"/api/rag/cv-uploads/{slot['upload_id']}/", token=user.token).json()
    assert status["status"] == "failed" and "does not look like a CV" in status["detail"]
    assert objects(s3) == [before["s3_key"]]
    assert cv_row(user.id) == before


def test_presigned_upload_embedding_is_finished_on_redelivery(rag, s3, ingest, make_user, monkeypatch):
    # Given a presigned CV whose embedding failed because the provider was down
    user = make_user()
    slot = presigned_upload(rag, s3, user, "cv.txt", CV_TEXT.encode())
    monkeypatch.setattr(cv_index, "get_embedder", lambda: ProviderDown())
    assert ingest(slot["key"])["batchItemFailures"]
    assert cv_row(user.id)["embedding_status"] == "pending"

    # When the message comes back with the provider up
    monkeypatch.undo()
    assert ingest(slot["key"]) == {"batchItemFailures": []}

    # Then the same version is embedded (the upload was not applied twice)
    cv = cv_row(user.id)
    assert (cv["version"], cv["embedding_status"], cv["embedded_version"]) == (1, "ready", 1)


def test_upload_url_is_a_sigv4_post_limited_in_size_and_key(rag, s3, make_user):
    user = make_user()

    reply = rag.post("/api/rag/cv-upload-url/", {"filename": "My CV.pdf"}, token=user.token)

    assert reply.status == 201, reply
    slot = reply.json()
    assert slot["key"] == f"cvs/{user.id}/uploads/{slot['upload_id']}-My-CV.pdf"
    assert slot["fields"]["x-amz-algorithm"] == "AWS4-HMAC-SHA256" and slot["fields"]["key"] == slot["key"]
    policy = json.loads(__import__("base64").b64decode(slot["fields"]["policy"]))
    assert ["content-length-range", 1, get_settings().cv_presigned_max_bytes] in policy["conditions"]
    assert {"key": slot["key"]} in policy["conditions"]
    assert slot["max_bytes"] == get_settings().cv_presigned_max_bytes


def test_upload_url_refuses_other_file_kinds_and_strangers_cannot_read_its_status(rag, s3, make_user):
    user, stranger = make_user(), make_user()
    exe = rag.post("/api/rag/cv-upload-url/", {"filename": "setup.exe"}, token=user.token)
    slot = rag.post("/api/rag/cv-upload-url/", {"filename": "cv.pdf"}, token=user.token).json()

    peek = rag.get(f"/api/rag/cv-uploads/{slot['upload_id']}/", token=stranger.token)

    assert exe.status == 415
    assert peek.status == 404


# ---------------------------------------------------------------- sweep


def test_sweep_embeds_cvs_left_pending_and_expires_unused_upload_slots(rag, s3, make_user):
    # Given a CV whose notification was lost long ago, a fresh pending one, and an upload slot never used
    late, fresh = make_user(), make_user()
    lost = upload_text(rag, late)
    db.execute("UPDATE cvs SET updated_at = now() - interval '1 hour' WHERE id = %(id)s", {"id": lost["id"]})
    upload_text(rag, fresh)
    slot = rag.post("/api/rag/cv-upload-url/", {"filename": "cv.pdf"}, token=late.token).json()
    db.execute(
        "UPDATE cv_uploads SET expires_at = now() - interval '2 hours' WHERE id = %(id)s", {"id": slot["upload_id"]}
    )

    # When the scheduled sweep runs
    answer = ingest_app.lambda_handler({"task": "sweep"}, LambdaContext())

    # Then the old pending CV is embedded, the fresh one is left to its notification, the slot expired
    assert answer["cvs"]["embedded"] == 1 and answer["cvs"]["expired_uploads"] == 1
    assert cv_row(late.id)["embedding_status"] == "ready"
    assert cv_row(fresh.id)["embedding_status"] == "pending"
    status = rag.get(f"/api/rag/cv-uploads/{slot['upload_id']}/", token=late.token).json()
    assert status["status"] == "expired"


def test_sweep_stops_while_the_provider_is_down(rag, s3, make_user, provider_down):
    user = make_user()
    cv = upload_text(rag, user)
    db.execute("UPDATE cvs SET updated_at = now() - interval '1 hour' WHERE id = %(id)s", {"id": cv["id"]})

    report = cv_index.sweep()

    assert (report.embedded, report.pending) == (0, 1)
    assert cv_row(user.id)["embedding_status"] == "pending"


def test_sweep_finishes_an_erasure_that_s3_left_unfinished(s3):
    # Given an erased user whose files S3 refused to delete at the time
    prefix = "cvs/00000000-0000-0000-0000-0000000000aa/"
    s3.put_object(Bucket=get_settings().cv_bucket, Key=prefix + "cv/1-cv.txt", Body=b"left over")
    db.execute("INSERT INTO pending_erasures (prefix) VALUES (%(prefix)s)", {"prefix": prefix})

    # When the scheduled sweep runs
    answer = ingest_app.lambda_handler({"task": "sweep"}, LambdaContext())

    # Then the files are gone and the erasure is no longer pending
    assert answer["erasures_finished"] == 1
    assert s3.list_objects_v2(Bucket=get_settings().cv_bucket, Prefix=prefix).get("KeyCount") == 0
    assert db.fetch_one("SELECT count(*) AS n FROM pending_erasures")["n"] == 0
