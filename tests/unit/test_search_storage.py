"""CV files in S3 (jobmatch.storage): key layout, safe names, size-limited reads and presigned POSTs."""

from __future__ import annotations

import base64
import json

import boto3
import pytest
from moto import mock_aws

from jobmatch import storage
from jobmatch.config import get_settings
from jobmatch.documents import DocumentTooLarge
from jobmatch.errors import ServiceUnavailable

USER = "6f1b1c1e-0a51-4f43-9c1f-2b8f4a3c9d10"
CV = "0c8f6a4e-8d7b-4f0e-a1e2-7b6a5c4d3e2f"


@pytest.fixture
def bucket():
    with mock_aws():
        storage.client.cache_clear()
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket=get_settings().cv_bucket)
        yield s3
    storage.client.cache_clear()


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("Jane Doe CV.PDF", "Jane-Doe-CV.pdf"),
        ("../../etc/passwd", "etc-passwd"),
        ("Curriculum é ü.docx", "Curriculum-e-u.docx"),
        ("résumé (final) v2.txt", "resume-final-v2.txt"),
        ("...", "cv"),
        ("a" * 300 + ".pdf", "a" * 76 + ".pdf"),
    ],
)
def test_safe_names_are_short_ascii_and_keep_the_extension(name, safe):
    assert storage.safe_name(name) == safe


def test_cv_keys_carry_user_cv_and_version_and_parse_back():
    key = storage.cv_key(USER, CV, 3, "My CV.pdf")

    assert key == f"cvs/{USER}/{CV}/3-My-CV.pdf"
    assert storage.parse_key(key) == storage.CvKey(USER, CV, 3, key)


def test_upload_keys_parse_back_and_foreign_keys_are_unknown():
    key = storage.upload_key(USER, CV, "cv.docx")

    assert storage.parse_key(key) == storage.UploadKey(USER, CV, key)
    assert storage.parse_key("cvs/not-a-user/x/1-cv.pdf") is None
    assert storage.parse_key(f"other/{USER}/{CV}/1-cv.pdf") is None
    assert storage.parse_key(f"cvs/{USER}/{CV}/1-sub/dir.pdf") is None


def test_put_get_delete(bucket):
    key = storage.cv_key(USER, CV, 1, "cv.txt")

    storage.put(key, b"hello", "text/plain; charset=utf-8")
    data, content_type = storage.get(key, max_bytes=10)
    deleted = storage.delete(key)

    assert (data, content_type, deleted) == (b"hello", "text/plain; charset=utf-8", True)
    with pytest.raises(storage.ObjectMissing):
        storage.get(key, max_bytes=10)


def test_reading_an_object_over_the_limit_is_a_413(bucket):
    key = storage.cv_key(USER, CV, 1, "cv.txt")
    storage.put(key, b"x" * 11, "text/plain")

    with pytest.raises(DocumentTooLarge):
        storage.get(key, max_bytes=10)


def test_presigned_post_is_sigv4_pinned_to_the_key_and_size(bucket):
    key = storage.upload_key(USER, CV, "cv.pdf")

    post = storage.presigned_post(key, max_bytes=1000, expires_s=60)

    fields = post["fields"]
    assert fields["key"] == key and fields["x-amz-algorithm"] == "AWS4-HMAC-SHA256"
    assert "x-amz-signature" in fields and "x-amz-credential" in fields
    policy = json.loads(base64.b64decode(fields["policy"]))
    assert {"key": key} in policy["conditions"]
    assert ["content-length-range", 1, 1000] in policy["conditions"]


def test_s3_failures_are_503(bucket):
    bucket.delete_bucket(Bucket=get_settings().cv_bucket)

    with pytest.raises(ServiceUnavailable):
        storage.put(storage.cv_key(USER, CV, 1, "cv.txt"), b"x", "text/plain")
