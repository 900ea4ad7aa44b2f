"""CV files in S3: object keys, upload, download, delete and presigned POST uploads.

Key layout (every key starts with `cvs/`, the prefix that notifies the ingest queue):
    cvs/<user_id>/<cv_id>/<version>-<safe filename>     a CV version stored by the API
    cvs/<user_id>/uploads/<upload_id>-<safe filename>   a file sent straight to S3 with a presigned POST
The version in the key lets the ingest function tell a current upload from a late notification of an older one.

Presigned POSTs are signed with SigV4 and carry a policy that pins the key and bounds the size
(`content-length-range`), so a client can neither write elsewhere nor send more than the limit.
Any S3 failure is a `ServiceUnavailable` (503); a missing object is `ObjectMissing`.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass
from functools import lru_cache

import boto3
from aws_lambda_powertools import Logger
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from jobmatch.config import get_settings
from jobmatch.documents import DocumentTooLarge
from jobmatch.errors import ServiceUnavailable

logger = Logger(child=True)

PREFIX = "cvs/"
UPLOADS = "uploads"
MAX_KEY_NAME_CHARS = 80
PRESIGNED_EXPIRES_S = 900
STORAGE_DOWN = "File storage is temporarily unavailable. Please try again later."

_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_CV_KEY = re.compile(rf"^cvs/(?P<user>{_UUID})/(?P<cv>{_UUID})/(?P<version>\d{{1,9}})-(?P<name>[^/]+)$")
_UPLOAD_KEY = re.compile(rf"^cvs/(?P<user>{_UUID})/{UPLOADS}/(?P<upload>{_UUID})-(?P<name>[^/]+)$")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_MISSING_CODES = {"NoSuchKey", "404", "NotFound"}


class ObjectMissing(Exception):
    """The object is not (or no longer) in the bucket."""


@dataclass(frozen=True)
class CvKey:
    """Parts of the key of a CV version stored by the API."""

    user_id: str
    cv_id: str
    version: int
    key: str


@dataclass(frozen=True)
class UploadKey:
    """Parts of the key of a presigned upload."""

    user_id: str
    upload_id: str
    key: str


def safe_name(filename: str) -> str:
    """An ASCII file name for a key: letters, digits, dot, dash and underscore, at most 80 characters."""
    ascii_name = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode()
    name = _UNSAFE.sub("-", ascii_name).strip(".-_") or "cv"
    stem, dot, ext = name.rpartition(".")
    if not dot or len(ext) > 10:
        return name[:MAX_KEY_NAME_CHARS]
    return f"{stem[: MAX_KEY_NAME_CHARS - len(ext) - 1]}.{ext.lower()}"


def cv_key(user_id: str, cv_id: str, version: int, filename: str) -> str:
    return f"{PREFIX}{user_id}/{cv_id}/{version}-{safe_name(filename)}"


def upload_key(user_id: str, upload_id: str, filename: str) -> str:
    return f"{PREFIX}{user_id}/{UPLOADS}/{upload_id}-{safe_name(filename)}"


def parse_key(key: str) -> CvKey | UploadKey | None:
    """What a key names, or None for a key this product did not make."""
    if match := _CV_KEY.match(key):
        return CvKey(match["user"], match["cv"], int(match["version"]), key)
    if match := _UPLOAD_KEY.match(key):
        return UploadKey(match["user"], match["upload"], key)
    return None


@lru_cache(maxsize=1)
def client():
    """The S3 client of this process (SigV4; AWS_ENDPOINT_URL_S3 points it at a local server)."""
    config = Config(
        signature_version="s3v4",
        retries={"mode": "standard", "max_attempts": 3},
        connect_timeout=3,
        read_timeout=10,
    )
    return boto3.client("s3", config=config)


def _bucket() -> str:
    return get_settings().cv_bucket


def _unavailable(action: str, exc: Exception) -> ServiceUnavailable:
    logger.error("s3 request failed", extra={"action": action, "error": type(exc).__name__})
    return ServiceUnavailable(STORAGE_DOWN)


def put(key: str, data: bytes, content_type: str) -> None:
    """Store an object (encrypted at rest by the bucket's default encryption)."""
    try:
        client().put_object(Bucket=_bucket(), Key=key, Body=data, ContentType=content_type)
    except (BotoCoreError, ClientError) as exc:
        raise _unavailable("put", exc) from exc


def get(key: str, max_bytes: int) -> tuple[bytes, str | None]:
    """The bytes and media type of an object; `DocumentTooLarge` (413) above `max_bytes`."""
    try:
        response = client().get_object(Bucket=_bucket(), Key=key)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in _MISSING_CODES:
            raise ObjectMissing(key) from exc
        raise _unavailable("get", exc) from exc
    except BotoCoreError as exc:
        raise _unavailable("get", exc) from exc
    with response["Body"] as body:
        if response.get("ContentLength", 0) > max_bytes:
            raise _too_large(max_bytes)
        data = body.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _too_large(max_bytes)
    return data, response.get("ContentType")


def _too_large(max_bytes: int) -> DocumentTooLarge:
    return DocumentTooLarge(f"The file is larger than the limit of {max_bytes / (1024 * 1024):.1f} MB.")


def delete(key: str) -> bool:
    """Delete an object (a missing one is fine); False, logged, when S3 refused, so callers can go on."""
    try:
        client().delete_object(Bucket=_bucket(), Key=key)
    except (BotoCoreError, ClientError) as exc:
        logger.warning("s3 delete failed", extra={"error": type(exc).__name__})
        return False
    return True


def presigned_post(key: str, max_bytes: int, expires_s: int = PRESIGNED_EXPIRES_S) -> dict:
    """URL and form fields of a SigV4 POST that may write exactly `key`, 1 to `max_bytes` bytes, for `expires_s`."""
    conditions = [{"key": key}, ["content-length-range", 1, max_bytes]]
    try:
        return client().generate_presigned_post(Bucket=_bucket(), Key=key, Conditions=conditions, ExpiresIn=expires_s)
    except (BotoCoreError, ClientError) as exc:
        raise _unavailable("presign", exc) from exc


def new_id() -> str:
    return str(uuid.uuid4())
