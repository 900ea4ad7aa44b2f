"""Faults: the database gone, restarted or slow, AI providers failing, S3 notifications repeated, late or stale,
and the ingest failing half-way. Each scenario ends with a check that no row was lost or half-written."""

from __future__ import annotations

import json
import re
import time
import uuid

import boto3
import httpx
import psycopg
import pytest
import respx

from tests.integration.rag_data import s3_notification, sqs_event
from tests.robustness import harness

FAKE_PROVIDER = "https://ai-provider.invalid/v1"
DOCUMENT = json.loads((harness.REPO / "docs" / "openapi.json").read_text(encoding="utf-8"))
PROVIDER_FAULTS = {
    "timeout": httpx.ReadTimeout("read timed out"),
    "500": httpx.Response(500, text="upstream exploded: stack trace here"),
    "429": httpx.Response(429, headers={"Retry-After": "0"}, json={"error": "slow down"}),
    "invalid JSON": httpx.Response(200, text="{not json"),
    "wrong shape": httpx.Response(200, json={"data": [{"embedding": "nope"}]}),
}


# ---------------------------------------------------------------- consistency of what is stored


def assert_consistent() -> None:
    """Every CV's embeddings are all of its current version, numbered 0..n-1, and match its status."""
    from jobmatch import db

    mixed = db.fetch_all(
        "SELECT e.cv_id FROM cv_embeddings e JOIN cvs c ON c.id = e.cv_id WHERE e.cv_version <> c.version"
    )
    holes = db.fetch_all(
        "SELECT cv_id FROM cv_embeddings GROUP BY cv_id, cv_version HAVING max(chunk_index) + 1 <> count(*)"
    )
    ready_without = db.fetch_all(
        "SELECT id FROM cvs c WHERE embedding_status = 'ready'"
        " AND (embedded_version <> version OR NOT EXISTS (SELECT 1 FROM cv_embeddings e WHERE e.cv_id = c.id))"
    )
    pending_with = db.fetch_all(
        "SELECT id FROM cvs c WHERE embedding_status <> 'ready' AND EXISTS (SELECT 1 FROM cv_embeddings e"
        " WHERE e.cv_id = c.id AND e.cv_version = c.version)"
    )
    orphans = db.fetch_all("SELECT id FROM cv_embeddings e WHERE NOT EXISTS (SELECT 1 FROM cvs c WHERE c.id = e.cv_id)")
    assert (mixed, holes, ready_without, pending_with, orphans) == ([], [], [], [], [])


def _deliver(*keys: str) -> dict:
    """The ingest function's answer to one SQS batch holding the S3 notifications of `keys`."""
    from ingest.app import lambda_handler
    from jobmatch.config import get_settings
    from tests.integration.conftest import LambdaContext

    bucket = get_settings().cv_bucket
    return lambda_handler(sqs_event(*(s3_notification(key, bucket) for key in keys)), LambdaContext())


def _cv(cv_id: str) -> dict:
    from jobmatch import db

    return db.fetch_one(
        "SELECT version, s3_key, embedding_status, embedded_version,"
        " (SELECT count(*) FROM cv_embeddings e WHERE e.cv_id = c.id) AS chunks FROM cvs c WHERE id = %(id)s",
        {"id": cv_id},
    )


# A CV of several chunks: earlier positions, each a paragraph.
LONG_CV = harness.CV_TEXTS["A"] + "".join(
    f"\nEarlier role {n} - Software Developer\nJan {2000 + n} - Dec {2001 + n}\n"
    "Maintained billing services in Python, wrote SQL reports and reviewed the code of two junior developers.\n"
    for n in range(8)
)


def _seeker_with_cv(inside, text: str = harness.CV_TEXTS["A"]) -> tuple[harness.Actor, str]:
    seeker = harness.register(inside.api, "faulty", "jobseeker")
    stored = harness.expect(harness.upload_cv_text(inside.api, seeker, text), 201)
    return seeker, stored["id"]


# ---------------------------------------------------------------- S3 notifications and the ingest


def test_a_duplicate_notification_embeds_once(inside):
    # Given a new CV whose notification was handled
    _, cv_id = _seeker_with_cv(inside)
    key = _cv(cv_id)["s3_key"]
    assert _deliver(key) == {"batchItemFailures": []}
    chunks = _cv(cv_id)["chunks"]

    # When the same notification comes twice more, in one batch
    answer = _deliver(key, key)

    # Then nothing failed and the CV has the same chunks, once
    assert answer == {"batchItemFailures": []}
    assert _cv(cv_id)["chunks"] == chunks > 0
    assert_consistent()


def test_a_late_notification_of_an_older_version_changes_nothing(inside):
    # Given a CV replaced by a second version, whose notification came first
    seeker, cv_id = _seeker_with_cv(inside)
    first_key = _cv(cv_id)["s3_key"]
    harness.expect(harness.upload_cv_text(inside.api, seeker, harness.CV_TEXTS["B"]), 200)
    current = _cv(cv_id)
    assert _deliver(current["s3_key"]) == {"batchItemFailures": []}

    # When the first version's notification arrives late
    answer = _deliver(first_key)

    # Then it is accepted and ignored: version 2 keeps its embeddings, and only those
    assert answer == {"batchItemFailures": []}
    assert (_cv(cv_id)["embedding_status"], _cv(cv_id)["embedded_version"]) == ("ready", current["version"])
    assert_consistent()


def test_a_notification_for_a_deleted_cv_leaves_no_orphan(inside):
    # Given a CV deleted before its notification was handled
    seeker, cv_id = _seeker_with_cv(inside)
    key = _cv(cv_id)["s3_key"]
    assert inside.api.request("DELETE", f"/api/cvs/{cv_id}/", headers=seeker.auth).status_code == 204

    # When the notification arrives
    answer = _deliver(key)

    # Then it is done with, and no embedding exists for the deleted CV
    assert answer == {"batchItemFailures": []}
    assert _cv(cv_id) is None
    assert_consistent()


def test_an_ingest_failing_half_way_through_its_write_leaves_nothing_and_the_retry_completes(inside, monkeypatch):
    # Given a new CV, and a database that fails after the second chunk row is written
    from jobmatch import cv_index
    from jobmatch.documents import chunk_text

    _, cv_id = _seeker_with_cv(inside, LONG_CV)
    key = _cv(cv_id)["s3_key"]
    assert len(chunk_text(LONG_CV)) >= 2
    real_insert = cv_index.INSERT_EMBEDDING
    monkeypatch.setattr(cv_index, "INSERT_EMBEDDING", _failing_after(1, real_insert))
    assert "1 / (CASE" in cv_index.INSERT_EMBEDDING

    # When the notification is handled
    answer = _deliver(key)

    # Then the message is reported failed (SQS delivers it again) and no chunk of it was kept
    assert len(answer["batchItemFailures"]) == 1
    assert (_cv(cv_id)["embedding_status"], _cv(cv_id)["chunks"]) == ("pending", 0)
    assert_consistent()

    # When the database is back and the message comes again
    monkeypatch.setattr(cv_index, "INSERT_EMBEDDING", real_insert)
    assert _deliver(key) == {"batchItemFailures": []}

    # Then the CV is complete
    assert _cv(cv_id)["embedding_status"] == "ready" and _cv(cv_id)["chunks"] > 0
    assert_consistent()


def _failing_after(rows: int, insert_sql: str) -> str:
    """The chunk INSERT, made to fail inside PostgreSQL (division by zero) from chunk number `rows` on."""
    failing = f"%(chunk_index)s + 1 / (CASE WHEN %(chunk_index)s >= {rows} THEN 0 ELSE 1 END) - 1"
    return insert_sql.replace("%(cv_version)s, %(chunk_index)s,", f"%(cv_version)s, {failing},")


# ---------------------------------------------------------------- AI providers


@pytest.fixture
def hosted_embedder(monkeypatch):
    """The OpenAI-compatible embedder, at an address only respx answers, with quick retries."""
    _use_settings(monkeypatch, EMBEDDER="openai", EMBEDDING_API_BASE=FAKE_PROVIDER, AI_TIMEOUT_S="1")
    from jobmatch.embeddings import retry

    monkeypatch.setattr(retry.RetryPolicy, "__init__", _quick_policy(retry.RetryPolicy.__init__), raising=True)
    yield
    _reset_settings(monkeypatch)


@pytest.mark.parametrize("fault", sorted(PROVIDER_FAULTS))
def test_embedding_provider_faults_are_a_clear_502_or_503(fault, inside, hosted_embedder):
    # Given an embedding provider that answers with this fault
    seeker = inside.world.actors["seeker_A"]
    with respx.mock(assert_all_called=False) as provider:
        route = provider.post(f"{FAKE_PROVIDER}/embeddings")
        _answer_with(route, PROVIDER_FAULTS[fault])

        # When a jobseeker searches
        started = time.monotonic()
        answer = inside.api.request("POST", "/api/rag/search/", json={"query": "python"}, headers=seeker.auth)

    # Then the provider was asked, and it is a 502 or 503 with a JSON reason naming no provider detail, quickly
    assert route.called
    assert answer.status_code in (502, 503), answer.text
    assert set(answer.json()) == {"detail"} and "stack" not in answer.text and "exploded" not in answer.text
    assert str(answer.status_code) in DOCUMENT["paths"]["/api/rag/search"]["post"]["responses"]
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("fault", sorted(PROVIDER_FAULTS))
def test_chat_provider_faults_fall_back_to_the_offline_analyst(fault, inside, monkeypatch):
    # Given a chat provider that answers with this fault
    _use_settings(monkeypatch, CHAT_ENGINE="openai", CHAT_API_BASE=FAKE_PROVIDER, CHAT_MODEL="m", AI_TIMEOUT_S="1")
    seeker = inside.world.actors["seeker_A"]
    try:
        with respx.mock(assert_all_called=False) as provider:
            route = provider.post(f"{FAKE_PROVIDER}/chat/completions")
            _answer_with(route, PROVIDER_FAULTS[fault])

            # When a jobseeker asks for feedback on a practice answer
            body = {"question": "Why this job?", "answer": "Because I build APIs in Python every day."}
            answer = inside.api.request("POST", "/api/interview/practice/", json=body, headers=seeker.auth)
    finally:
        _reset_settings(monkeypatch)

    # Then the provider was asked, and the answer comes from the offline analyst, which it says
    assert route.called
    assert answer.status_code == 200, answer.text
    assert answer.json()["engine"].startswith("offline")


def _answer_with(route, fault) -> None:
    if isinstance(fault, Exception):
        route.mock(side_effect=fault)
    else:
        route.mock(return_value=fault)


def _quick_policy(init):
    def quick(self, attempts: int = 2, base_delay_s: float = 0.01, max_delay_s: float = 0.05, **kwargs):
        init(self, attempts=attempts, base_delay_s=base_delay_s, max_delay_s=max_delay_s, **kwargs)

    return quick


def _use_settings(monkeypatch, **variables: str) -> None:
    monkeypatch.setenv("AI_API_KEY", "robustness-" + "k" * 40)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    _forget_settings()


def _reset_settings(monkeypatch) -> None:
    monkeypatch.undo()
    _forget_settings()


def _forget_settings() -> None:
    from jobmatch.ai import engine
    from jobmatch.config import get_settings
    from jobmatch.embeddings import reset_embedder_cache

    get_settings.cache_clear()
    reset_embedder_cache()
    engine.reset_provider_cache()


# ---------------------------------------------------------------- the database


def test_an_unreachable_database_is_a_503_and_the_same_process_recovers(inside, monkeypatch):
    # Given the database address pointing at a closed port
    from jobmatch import db

    seeker = inside.world.actors["seeker_A"]
    _use_settings(monkeypatch, DATABASE_URL="postgresql://nobody@127.0.0.1:9/none", DB_CONNECT_TIMEOUT_S="1")
    db.close()
    try:
        # When the API is called
        health = inside.api.request("GET", "/api/health/")
        listed = inside.api.request("GET", "/api/companies/", headers=seeker.auth)
    finally:
        _reset_settings(monkeypatch)
        db.close()

    # Then both are 503s with JSON bodies
    assert (health.status_code, health.json()) == (503, {"status": "unavailable", "database": "unreachable"})
    assert listed.status_code == 503 and set(listed.json()) == {"detail"}

    # When the database is back, Then the same process answers again
    assert inside.api.request("GET", "/api/companies/", headers=seeker.auth).status_code == 200
    assert_consistent()


def test_a_statement_timeout_mid_write_is_a_503_and_the_write_is_undone(inside, monkeypatch):
    # Given a CV with embeddings, and a statement timeout that the last step of a text change runs into
    from catalog.queries import cvs as sql
    from jobmatch import db

    seeker, cv_id = _seeker_with_cv(inside)
    _deliver(_cv(cv_id)["s3_key"])
    before = _cv(cv_id)
    monkeypatch.setattr(sql, "DELETE_MATCHES", "SELECT pg_sleep(0.3) WHERE %(id)s::uuid IS NOT NULL")
    _use_settings(monkeypatch, DB_STATEMENT_TIMEOUT_MS="100")
    db.close()
    try:
        # When the CV text is changed (new version, embeddings dropped, matches dropped: one transaction)
        body = {"parsed_text": harness.CV_TEXTS["B"]}
        answer = inside.api.request("PATCH", f"/api/cvs/{cv_id}/", json=body, headers=seeker.auth)
    finally:
        _reset_settings(monkeypatch)
        db.close()

    # Then it is a 503 saying the request took too long, and the CV is exactly as before
    assert answer.status_code == 503 and "too long" in answer.json()["detail"]
    assert _cv(cv_id) == before
    assert_consistent()


def test_database_connections_killed_mid_run_are_503s_then_recovery(stack):
    # Given the runner serving requests
    seeker = stack.world.actors["seeker_A"]
    assert stack.client.get("/api/companies/", headers=seeker.auth).status_code == 200

    # When every connection of the runner's database is terminated (as in a database restart)
    with psycopg.connect(stack.runner.database_url, autocommit=True) as conn:
        killed = conn.execute(
            "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()) AS t"
        ).fetchone()[0]
    answers = [stack.client.get("/api/companies/", headers=seeker.auth) for _ in range(20)]

    # Then requests get 503s with JSON bodies while connections are reopened, then 200s, without a restart
    assert killed > 0
    assert {a.status_code for a in answers} <= {200, 503}
    assert all("detail" in a.json() for a in answers if a.status_code == 503)
    assert [a.status_code for a in answers[-5:]] == [200] * 5
    assert "unhandled error" not in stack.runner.output()


# ---------------------------------------------------------------- retries and the dead-letter queue


def test_a_message_that_keeps_failing_reaches_the_dead_letter_queue(tmp_path):
    # Given a runner whose embedding provider is down (a closed local port), and a jobseeker's new CV
    broken = {"EMBEDDER": "openai", "EMBEDDING_API_BASE": "http://127.0.0.1:9/v1", "AI_API_KEY": "k" * 40}
    with harness.scratch_database("dlq") as url:
        runner = harness.start_runner(tmp_path, url, {**harness.RELAXED_LIMITS, **broken, "AI_TIMEOUT_S": "1"})
        try:
            with httpx.Client(base_url=runner.base_url, timeout=60) as client:
                seeker = harness.register(client, "unlucky", "jobseeker")
                cv_id = harness.expect(harness.upload_cv_text(client, seeker, harness.CV_TEXTS["A"]), 201)["id"]

                # When the poller delivers the notification again and again
                dead = _wait_for_dead_letter(runner, timeout_s=90)

                # Then after maxReceiveCount receives it is in the dead-letter queue, and the CV is intact, pending
                cv = harness.expect(client.get(f"/api/cvs/{cv_id}/", headers=seeker.auth), 200)
        finally:
            code = runner.stop()
        with psycopg.connect(url) as conn:
            chunks = conn.execute("SELECT count(*) FROM cv_embeddings").fetchone()[0]
    assert json.loads(dead["Body"])["Records"][0]["s3"]["object"]["key"].endswith("cv.txt")
    assert int(dead["Attributes"]["ApproximateReceiveCount"]) >= 5
    assert (cv["embedding_status"], cv["parsed_text"][:9], chunks) == ("pending", "Ada Brenn", 0)
    assert code in (0, 130)


def _wait_for_dead_letter(runner: harness.Runner, timeout_s: float) -> dict:
    endpoint = re.search(r"moto S3/SQS on (http://[\d.]+:\d+)", runner.output()).group(1)
    sqs = boto3.client("sqs", endpoint_url=endpoint, region_name="us-east-1")
    dlq = sqs.get_queue_url(QueueName="jobmatch-cv-ingest-dlq")["QueueUrl"]
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        got = sqs.receive_message(QueueUrl=dlq, WaitTimeSeconds=2, AttributeNames=["All"]).get("Messages", [])
        if got:
            return got[0]
    raise AssertionError(f"no dead letter within {timeout_s} s:\n{runner.output()[-2000:]}")


def test_the_world_is_still_consistent(inside):
    # Given every fault above, Then no stored CV is half-written or mixed
    assert_consistent()
    assert uuid.UUID(inside.world.rows["cv"]["A"])
