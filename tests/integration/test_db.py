"""Database access: reconnection and timeouts against the real server."""

import pytest

from jobmatch import db
from jobmatch.errors import ServiceUnavailable


def test_connection_idle_too_long_is_checked_and_replaced(monkeypatch):
    # Given a connection that the server (or a proxy) closed while it sat idle
    conn = db.connection()
    other = db.connect()
    other.execute("SELECT pg_terminate_backend(%s)", (conn.info.backend_pid,))
    other.close()
    monkeypatch.setattr(db, "IDLE_CHECK_SECONDS", -1)

    # When the next request uses the database
    row = db.fetch_one("SELECT 1 AS ok")

    # Then it gets a fresh connection instead of a 503
    assert row == {"ok": 1}
    assert db.connection() is not conn


def test_a_terminated_connection_is_a_503_then_recovers():
    # Given a connection killed by the server
    conn = db.connection()
    other = db.connect()
    other.execute("SELECT pg_terminate_backend(%s)", (conn.info.backend_pid,))
    other.close()

    # When it is used, Then the request gets a 503 and the next one reconnects
    with pytest.raises(ServiceUnavailable):
        db.fetch_one("SELECT 1")
    assert db.fetch_one("SELECT 1 AS ok") == {"ok": 1}


def test_statement_timeout_is_a_503():
    with pytest.raises(ServiceUnavailable) as raised:
        _slow()
    assert "took too long" in raised.value.detail


def _slow():
    db.execute("SET statement_timeout = 50")
    try:
        db.fetch_one("SELECT pg_sleep(1)")
    finally:
        db.execute("SET statement_timeout = DEFAULT")
