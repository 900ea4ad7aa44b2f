"""A short run of the load test (bench/load_test.py): no error, and database connections stay bounded.

Latency is reported, not asserted (`make load` runs the long version and prints the numbers).
"""

from __future__ import annotations

import asyncio

from bench import load_test
from local.runner import WORKERS
from tests.robustness import harness

USERS = 8
SECONDS = 5
# Each handler thread keeps one connection; the queue poller one; the start-up thread and a spare.
CONNECTION_MARGIN = 3


def test_a_short_load_run_has_no_error_and_bounded_connections(stack):
    # Given virtual users with accounts and CVs on the seeded runner
    users = load_test.make_users(stack.client, USERS)

    # When they run the realistic mix for a few seconds
    report = asyncio.run(
        load_test.run_load(stack.runner.base_url, users, harness.PASSWORD, stack.runner.database_url, SECONDS, 20_000)
    )
    print("\n".join(report.lines()))

    # Then every request succeeded and the database saw at most one connection per handler thread (plus margin)
    assert report.requests > USERS
    assert report.errors == []
    assert 0 < report.peak_connections <= WORKERS + CONNECTION_MARGIN


def test_the_load_test_refuses_any_address_but_loopback():
    # Given a target outside this machine, When the load test is asked to run, Then it refuses
    for url in ("http://10.0.0.5:8080", "http://example.org", "http://192.168.1.2"):
        try:
            load_test.require_loopback(url)
        except SystemExit as exc:
            assert "loopback" in str(exc)
        else:
            raise AssertionError(f"{url} accepted")
