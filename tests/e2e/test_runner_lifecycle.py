"""Starting and stopping the local runner: a clean Ctrl-C, and a database that is not there."""

from __future__ import annotations

import socket
import time
from urllib.parse import urlsplit

import httpx
import pytest

from tests.e2e.conftest import start_runner

pytestmark = pytest.mark.xdist_group("e2e")


def _accepts(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port), timeout=1):
            return True
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_ctrl_c_stops_the_runner_and_its_moto_server(e2e_database_url, tmp_path):
    # Given a running runner that answers
    running = start_runner(tmp_path, e2e_database_url)
    assert httpx.get(running.base_url + "/api/health").status_code == 200
    moto = running.moto_url()
    assert _accepts(moto)

    # When it gets Ctrl-C
    started = time.monotonic()
    code = running.interrupt()

    # Then it exits cleanly within a few seconds and both ports are free again
    assert code in (0, 130), running.output()[-2000:]
    assert time.monotonic() - started < 10
    assert not _accepts(running.base_url) and not _accepts(moto)
    assert "stopped" in running.output()


def test_health_is_503_when_the_database_is_unreachable(tmp_path):
    # Given a runner whose database URL points at a port where nothing listens
    url = f"postgresql://postgres@127.0.0.1:{_free_port()}/absent?connect_timeout=2"
    running = start_runner(tmp_path, url)
    try:
        # When the health route is called
        reply = httpx.get(running.base_url + "/api/health/", timeout=30)

        # Then the runner is up and says the database is unreachable, in JSON
        assert reply.status_code == 503
        assert reply.json() == {"status": "unavailable", "database": "unreachable"}
        assert "DATABASE UNREACHABLE" in running.output()
    finally:
        assert running.interrupt() in (0, 130)
