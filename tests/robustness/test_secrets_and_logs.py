"""Secrets: none in the logs of a full end-to-end run, none committed, and no placeholder signing key in AWS."""

from __future__ import annotations

import os
import re
import secrets
import time

import jwt
import pytest

from jobmatch.config import ConfigurationError, Settings
from jobmatch.security import check_key
from scripts import secret_scan
from tests.robustness import harness

# A sentence no log has any reason to contain: if it shows up, CV text reached the logs.
MARKER = "The violet heron audited seventeen lighthouses near Tromso."
WRONG_PASSWORD = "Wr0ng-" + secrets.token_hex(8)
JWT_SHAPE = re.compile(r"eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}")


def _full_flow(stack) -> list[str]:
    """A person's whole journey, from registration to deleting the account; the secrets it handled."""
    client = stack.client
    person = harness.register(client, "journey", "jobseeker")
    handled = [harness.PASSWORD, WRONG_PASSWORD, person.access, person.refresh]
    assert (
        client.post("/api/auth/login/", json={"username": person.username, "password": WRONG_PASSWORD}).status_code
        == 401
    )
    rotated = harness.expect(client.post("/api/auth/token/refresh/", json={"refresh": person.refresh}), 200)
    handled += [rotated["access"], rotated["refresh"]]
    person.access = rotated["access"]
    cv_text = harness.CV_TEXTS["A"].replace("Summary\n", f"Summary\n{MARKER}\n")
    cv_id = harness.expect(harness.upload_cv_text(client, person, cv_text), 201)["id"]
    _wait_until_embedded(client, person, cv_id)
    calls = [
        ("GET", "/api/auth/me/", None),
        ("GET", f"/api/cvs/{cv_id}/", None),
        ("POST", "/api/rag/search/", {"query": "lighthouses audit python"}),
        ("POST", "/api/rag/cv-match/", {"cv_id": cv_id}),
        ("POST", "/api/rag/cv-recommendations/", {"cv_id": cv_id}),
        ("POST", "/api/career-advisor/", {"cv_id": cv_id}),
        ("POST", "/api/interview/practice/", {"question": "Tell me about you.", "answer": MARKER, "cv_id": cv_id}),
        ("GET", "/api/dashboard/", None),
        ("GET", "/api/auth/me/export/", None),
    ]
    for method, path, body in calls:
        answer = client.request(method, path, json=body, headers=person.auth)
        assert answer.status_code == 200, (path, answer.text[:300])
    questions = harness.expect(
        client.post(
            "/api/interview/questions/", json={"job_description": "Backend", "cv_id": cv_id}, headers=person.auth
        ),
        200,
    )
    answer = {"question_id": questions["questions"][0]["id"], "user_answer": MARKER}
    harness.expect(client.post("/api/interview/submit-answer/", json=answer, headers=person.auth), 201)
    assert client.post("/api/auth/logout/", json={"refresh": rotated["refresh"]}).status_code == 204
    gone = client.request("DELETE", "/api/auth/me/", json={"password": harness.PASSWORD}, headers=person.auth)
    assert gone.status_code == 204, gone.text
    return handled


def _wait_until_embedded(client, person: harness.Actor, cv_id: str, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while harness.expect(client.get(f"/api/cvs/{cv_id}/", headers=person.auth), 200)["embedding_status"] != "ready":
        assert time.monotonic() < deadline, "CV not ingested"
        time.sleep(0.3)


def test_a_full_run_logs_no_token_password_key_or_cv_text(stack):
    # Given a whole end-to-end journey on the runner (and the seeding of its world before it)
    handled = _full_flow(stack)
    for actor in stack.world.actors.values():
        handled += [actor.access, actor.refresh]
    log = stack.runner.output()

    # Then the runner's log holds none of the tokens, passwords, signing key or CV text it saw
    assert all(event in log for event in ("user logged in", "cv embedded", "account exported", "account erased"))
    leaked = [secret[:12] for secret in handled if secret in log]
    assert leaked == []
    assert os.environ["JWT_SIGNING_KEY"] not in log
    assert JWT_SHAPE.search(log) is None
    assert "PRIVATE KEY" not in log
    assert MARKER not in log and "violet heron" not in log


def test_no_secret_is_committed():
    # Given every file git tracks, When the secret scanner reads them, Then it finds nothing
    assert [str(finding) for finding in secret_scan.scan(harness.REPO)] == []


def test_the_scanner_finds_planted_secrets(tmp_path):
    # Given files holding a private key, an AWS key id, a JWT and a random password (made here, not committed)
    planted = {
        "key.pem": "-----BEGIN " + "RSA PRIVATE KEY-----\nMIIB\n",
        "aws.ini": "aws_access_key_id = AKIA" + "QWERTYUIOPASDFGH" + "\n",
        "token.txt": "Authorization: Bearer " + jwt.encode({"sub": "someone-here"}, "k" * 32) + "\n",
        "settings.py": "DB_PASSWORD" + ' = "' + secrets.token_urlsafe(24) + '"\n',
        "fine.py": 'password_field = "PASSWORD"\nname = "a perfectly ordinary sentence"\n',
    }
    for name, text in planted.items():
        (tmp_path / name).write_text(text)

    # When they are scanned
    found = secret_scan.scan(tmp_path, files=sorted(planted))

    # Then each secret is found, and the ordinary file is not
    assert sorted({f.path for f in found}) == ["aws.ini", "key.pem", "settings.py", "token.txt"]


@pytest.mark.parametrize("key", ["change-me", "secret", "placeholder", "short-key"])
def test_a_placeholder_or_short_signing_key_is_refused_outside_local_development(key):
    # Given settings of a deployed stack (APP_ENV=aws)
    settings = Settings(app_env="aws", database_url="postgresql://x@db/x", jwt_secret_arn="arn:aws:secret")

    # When a placeholder or short key is checked, Then it is refused
    with pytest.raises(ConfigurationError):
        check_key(key, settings)


def test_a_strong_key_is_accepted_outside_local_development_and_any_key_locally():
    # Given a deployed and a local configuration
    deployed = Settings(app_env="aws", database_url="postgresql://x@db/x", jwt_secret_arn="arn:aws:secret")
    local = Settings(app_env="local", database_url="postgresql://x@db/x")

    # Then a random 48-character key passes in AWS, and a placeholder is tolerated locally only
    check_key(secrets.token_urlsafe(36), deployed)
    check_key("change-me", local)
