"""Database access: one lazy connection per thread (one per warm Lambda container), reopened after a failure.

Every query goes through `fetch_one`, `fetch_all` or `execute`; a multi-step write runs inside `transaction()`.
A lost or unreachable database becomes `ServiceUnavailable` (503); a statement over the timeout too.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from aws_lambda_powertools import Logger
from pgvector.psycopg import register_vector
from psycopg.rows import dict_row

from jobmatch.config import Settings, get_settings
from jobmatch.errors import BadRequest, ServiceUnavailable

logger = Logger(child=True)
_local = threading.local()

# RDS Proxy closes client connections idle for 30 minutes; a connection idle this long is checked before use.
IDLE_CHECK_SECONDS = 300

Params = Mapping[str, Any] | Sequence[Any] | None


def dsn(settings: Settings) -> str:
    """The connection string: DATABASE_URL locally, the secret's credentials and the proxy endpoint in AWS."""
    if settings.database_url:
        return settings.database_url
    from aws_lambda_powertools.utilities.parameters import get_secret

    secret = get_secret(settings.db_secret_arn, transform="json", max_age=300)
    return psycopg.conninfo.make_conninfo(
        host=settings.db_host,
        port=settings.db_port,
        dbname=settings.db_name,
        user=secret["username"],
        password=secret["password"],
        sslmode="require",
    )


def connect(
    settings: Settings | None = None, *, vector: bool = True, statement_timeout_ms: int | None = None
) -> psycopg.Connection:
    """Open a new autocommit connection with the statement timeout set (0 disables it, for migrations)."""
    settings = settings or get_settings()
    timeout = settings.db_statement_timeout_ms if statement_timeout_ms is None else statement_timeout_ms
    try:
        conn = psycopg.connect(
            dsn(settings),
            autocommit=True,
            row_factory=dict_row,
            connect_timeout=settings.db_connect_timeout_s,
            options=f"-c statement_timeout={timeout}",
            application_name="jobmatch",
            # Server-side prepared statements would pin the session to one RDS Proxy connection.
            prepare_threshold=None if settings.db_secret_arn else 5,
        )
        if vector:
            register_vector(conn)
    except psycopg.Error as exc:
        logger.error("database unreachable", extra={"error": type(exc).__name__})
        raise ServiceUnavailable() from exc
    return conn


def connection() -> psycopg.Connection:
    """The connection of this thread, opened on first use and reopened after it broke."""
    conn = getattr(_local, "conn", None)
    idle = time.monotonic() - getattr(_local, "used_at", 0.0)
    if conn is not None and not conn.closed and idle > IDLE_CHECK_SECONDS and not _answers(conn):
        conn.close()
    if conn is None or conn.closed or conn.broken:
        conn = _local.conn = connect()
    _local.used_at = time.monotonic()
    return conn


def _answers(conn: psycopg.Connection) -> bool:
    try:
        conn.execute("SELECT 1")
    except psycopg.Error:
        return False
    return True


def close() -> None:
    conn = getattr(_local, "conn", None)
    if conn is not None:
        conn.close()
        _local.conn = None


@contextmanager
def _guard() -> Iterator[psycopg.Connection]:
    """Turn connection loss and timeouts into 503s, unstorable values into 400s; reconnect after a break."""
    conn = connection()
    try:
        yield conn
    except psycopg.DataError as exc:
        # A value PostgreSQL cannot hold (a NUL character, a number out of range): the request's fault.
        logger.warning("value refused by the database", extra={"error": type(exc).__name__})
        raise BadRequest("A value in the request cannot be stored.") from exc
    except psycopg.errors.QueryCanceled as exc:
        logger.warning("statement timeout", extra={"error": str(exc).splitlines()[0]})
        raise ServiceUnavailable("The request took too long. Please try again later.") from exc
    except psycopg.OperationalError as exc:
        logger.error("database connection lost", extra={"error": type(exc).__name__})
        conn.close()
        raise ServiceUnavailable() from exc


def fetch_one(sql: str, params: Params = None) -> dict[str, Any] | None:
    with _guard() as conn:
        return conn.execute(sql, params).fetchone()


def fetch_all(sql: str, params: Params = None) -> list[dict[str, Any]]:
    with _guard() as conn:
        return conn.execute(sql, params).fetchall()


def execute(sql: str, params: Params = None) -> int:
    """Run a statement and return the number of rows it touched."""
    with _guard() as conn:
        return conn.execute(sql, params).rowcount


def execute_many(sql: str, rows: Sequence[Params]) -> None:
    with _guard() as conn, conn.cursor() as cur:
        cur.executemany(sql, rows)


@contextmanager
def transaction() -> Iterator[psycopg.Connection]:
    """Run the enclosed queries atomically (nested blocks become savepoints)."""
    with _guard() as conn, conn.transaction():
        yield conn


def ping() -> bool:
    """True when the database answers; never raises."""
    try:
        return fetch_one("SELECT 1 AS ok") is not None
    except ServiceUnavailable:
        return False
