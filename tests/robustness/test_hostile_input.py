"""Hostile files and input through the runner: each gets a clear 4xx, quickly, in bounded memory, changing nothing."""

from __future__ import annotations

import io
import json
import re
import time
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import boto3
import psycopg
import pytest

from tests.robustness import harness
from tests.unit.test_documents import compressed_page, text_pdf

QUICK_S = 5.0  # every refusal comes within this (the PDF parse budget is 10 s, for worse files than these)
PEAK_MEMORY_GROWTH_MB = 400
UNCOUNTED = {"rate_buckets", "schema_migrations"}  # a token bucket may move; nothing else may


@dataclass
class Hostile:
    """One hostile request: who sends it, what, and the statuses that are a clear refusal."""

    method: str
    path: str
    statuses: set[int]
    body: bytes = b""
    content_type: str | None = "application/json"
    caller: str | None = "seeker_A"
    headers: dict = field(default_factory=dict)


def _json(value) -> bytes:
    return json.dumps(value).encode()


def _upload(name: str, content: bytes, content_type: str) -> tuple[bytes, str]:
    boundary = "hostile-" + uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def _file(name: str, content: bytes, content_type: str, statuses: set[int]) -> Hostile:
    body, content_type = _upload(name, content, content_type)
    return Hostile("POST", "/api/rag/cv-upload/", statuses, body, content_type)


def _zip_bomb() -> bytes:
    """A .docx whose document part inflates from about 60 KB to 60 MB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", "<w:p>" + " " * 60_000_000 + "</w:p>")
    return out.getvalue()


def _many_pages(count: int = 3000) -> bytes:
    return text_pdf([["Page"]] * count)


def _object_loop() -> bytes:
    """A PDF whose page tree is its own child."""
    return (
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [2 0 R] /Count 1 >>\nendobj\n"
        b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


def _nested(depth: int) -> bytes:
    return b'{"query": ' + b"[" * depth + b"]" * depth + b"}"


CASES = {
    "body over API Gateway's 10 MB": Hostile("POST", "/api/rag/search/", {413}, b"x" * (11 * 1024 * 1024)),
    "JSON body over 1 MB": Hostile(
        "POST", "/api/companies/", {413}, _json({"name": "x" * 1_100_000}), caller="owner_A"
    ),
    "CV file over 5 MB": _file("cv.txt", b"Experience\n" * 600_000, "text/plain", {413}),
    "docx zip bomb": _file("cv.docx", _zip_bomb(), "application/octet-stream", {400, 413}),
    "PDF with 3,000 pages": _file("cv.pdf", _many_pages(), "application/pdf", {413}),
    "PDF whose page tree loops": _file("cv.pdf", _object_loop(), "application/pdf", {400}),
    "PDF inflating to 50 MB": _file("cv.pdf", compressed_page(b" " * 50_000_000), "application/pdf", {400}),
    "non-UTF-8 JSON": Hostile("POST", "/api/rag/search/", {400}, b'{"query": "caf\xe9 \xff\xfe"}'),
    "NUL in a JSON string": Hostile("POST", "/api/companies/", {400}, _json({"name": "Acme\x00Ltd"}), caller="owner_A"),
    "NUL in a query string": Hostile("GET", "/api/skills/?q=py%00thon", {400}, content_type=None),
    "NUL in a CV text": Hostile("POST", "/api/cvs/", {400}, _json({"filename": "a.txt", "parsed_text": "Jane\x00Doe"})),
    "1 MB string in a JSON field": Hostile("POST", "/api/rag/search/", {400}, _json({"query": "python " * 140_000})),
    "1 MB job description": Hostile(
        "POST", "/api/interview/questions/", {400}, _json({"job_description": "a" * 1_000_000, "question_count": 1})
    ),
    "JSON nested 100,000 deep": Hostile("POST", "/api/rag/search/", {400}, _nested(100_000)),
    "JSON nested 1,000 deep in a field": Hostile("POST", "/api/interview/evaluate/", {400}, _nested(1_000)),
    "top_n of 10^9": Hostile("POST", "/api/rag/search/", {400}, _json({"query": "python", "top_n": 10**9})),
    "negative page": Hostile("GET", "/api/jobs/?page=-1", {400}, content_type=None),
    "page size of 10^9": Hostile("GET", "/api/jobs/?page_size=1000000000", {400}, content_type=None),
    "page past 10^6": Hostile("GET", "/api/companies/?page=10000000000000", {400}, content_type=None),
    "multipart without boundary": Hostile("POST", "/api/companies/", {400}, b"--x--", "multipart/form-data"),
    "XML instead of JSON": Hostile("POST", "/api/skills/", {415}, b"<skill>Go</skill>", "application/xml"),
    "path id that is not a UUID": Hostile("GET", "/api/cvs/..%2F..%2Fetc%2Fpasswd/", {404}, content_type=None),
    "malformed bearer token": Hostile(
        "GET", "/api/auth/me/", {401}, content_type=None, caller=None, headers={"Authorization": "Bearer ." * 5000}
    ),
}


def _row_counts(database_url: str) -> dict[str, int]:
    with psycopg.connect(database_url, autocommit=True) as conn:
        tables = [name for (name,) in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {
            table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608 - catalog names
            for table in tables
            if table not in UNCOUNTED
        }


def _objects(runner: harness.Runner) -> list[str]:
    endpoint = re.search(r"moto S3/SQS on (http://[\d.]+:\d+)", runner.output()).group(1)
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    bucket = s3.list_buckets()["Buckets"][0]["Name"]
    return sorted(item["Key"] for item in s3.list_objects_v2(Bucket=bucket).get("Contents", []))


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM")


@pytest.fixture(scope="module")
def baseline(stack):
    """The runner's peak memory before any hostile request."""
    return _peak_rss_mb(stack.runner.process.pid)


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_request_is_refused_quickly_and_changes_nothing(name, stack, baseline):
    # Given the seeded world, its row counts and its stored files
    case = CASES[name]
    before, files = _row_counts(stack.runner.database_url), _objects(stack.runner)
    headers = dict(case.headers)
    if case.caller:
        headers.update(stack.world.actors[case.caller].auth)
    if case.content_type:
        headers["Content-Type"] = case.content_type

    # When the hostile request is sent
    started = time.monotonic()
    answer = stack.client.request(case.method, case.path, content=case.body or None, headers=headers)
    elapsed = time.monotonic() - started

    # Then it is a clear refusal with a JSON reason, quickly, and no row or file changed
    assert answer.status_code in case.statuses, answer.text[:300]
    assert answer.json(), answer.text[:300]
    assert elapsed < QUICK_S
    assert _row_counts(stack.runner.database_url) == before
    assert _objects(stack.runner) == files


def test_memory_stayed_bounded_and_nothing_failed_unhandled(stack, baseline):
    # Given every hostile request above (this test runs after them in the module)
    peak = _peak_rss_mb(stack.runner.process.pid)

    # Then the runner's peak memory grew by a bounded amount and no handler raised an unhandled error
    assert peak - baseline < PEAK_MEMORY_GROWTH_MB, (baseline, peak)
    assert "unhandled error" not in stack.runner.output()


def test_pdf_javascript_is_never_run_only_the_page_text_is_read(stack):
    # Given a new jobseeker and a CV PDF with an OpenAction script and a document-level JavaScript
    seeker = harness.register(stack.client, "scripted", "jobseeker")
    scripts = b"/OpenAction << /S /JavaScript /JS (app.alert\\(1\\);) >> "
    lines = [line for line in harness.CV_TEXTS["A"].splitlines() if line.strip()]
    body, content_type = _upload("cv.pdf", text_pdf([lines], scripts), "application/pdf")

    # When it is uploaded
    answer = stack.client.post(
        "/api/rag/cv-upload/", content=body, headers={**seeker.auth, "Content-Type": content_type}
    )

    # Then the CV is stored from its page text alone: no script text reached the record
    assert answer.status_code == 201, answer.text[:300]
    cv = stack.client.get(f"/api/cvs/{answer.json()['id']}/", headers=seeker.auth).json()
    assert "Backend Engineer" in cv["parsed_text"]
    assert "alert" not in cv["parsed_text"] and "JavaScript" not in cv["parsed_text"]
