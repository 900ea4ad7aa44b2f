"""Bounded load test of the local runner: virtual users with a realistic mix, on loopback only.

`make load` (python -m bench.load_test [--users 20] [--seconds 30]) starts a runner with the demo data on a
throwaway database of the benchmark server, gives each virtual user an account and a CV, then lets them
log in, list jobs, search, match their CV and practise interviews for a fixed time. It prints requests per
second, median and 99th percentile latency per kind of request and overall, the error count, and the peak
number of database connections sampled from pg_stat_activity during the run.

The run stops by itself: at the end of its time or after --max-requests, whichever comes first. Only
loopback addresses are accepted as targets.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import psycopg

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "layers" / "common")]

from bench.common import percentile, scratch_database  # noqa: E402 - needs the path above when run as a script
from tests.robustness import harness  # noqa: E402

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
SAMPLE_EVERY_S = 0.1
CONNECTIONS_SQL = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
# (name, weight): what a person using the product does most.
MIX = (
    ("login", 5),
    ("list jobs", 25),
    ("search", 25),
    ("cv match", 15),
    ("interview questions", 10),
    ("interview practice", 10),
    ("interview history", 10),
)
QUERIES = ("python developer", "nurse on a surgical ward", "data analyst sql", "backend engineer aws", "chef")


@dataclass
class VirtualUser:
    username: str
    access: str
    cv_id: str


@dataclass
class Report:
    """What a run measured."""

    seconds: float = 0.0
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    peak_connections: int = 0

    @property
    def requests(self) -> int:
        return sum(len(values) for values in self.latencies.values()) + len(self.errors)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def lines(self) -> list[str]:
        every = [ms for values in self.latencies.values() for ms in values]
        rows = [f"{'request':<22}{'n':>7}{'median ms':>11}{'p99 ms':>9}"]
        for name, values in sorted(self.latencies.items()):
            rows.append(f"{name:<22}{len(values):>7}{statistics.median(values):>11.1f}{percentile(values, 0.99):>9.1f}")
        if every:
            rows.append(f"{'all':<22}{len(every):>7}{statistics.median(every):>11.1f}{percentile(every, 0.99):>9.1f}")
        rows.append(f"{self.requests} requests in {self.seconds:.1f} s: {self.rps:.1f} requests/s")
        rows.append(f"errors: {len(self.errors)}; peak database connections: {self.peak_connections}")
        return rows


def require_loopback(base_url: str) -> None:
    host = urlsplit(base_url).hostname or ""
    if host not in LOOPBACK:
        raise SystemExit(f"refused: {host!r} is not a loopback address; load tests only target this machine")


def _request(name: str, user: VirtualUser, password: str, rng: random.Random) -> tuple[str, str, dict | None]:
    """Method, path and JSON body of one request of the mix."""
    if name == "login":
        return "POST", "/api/auth/login/", {"username": user.username, "password": password}
    if name == "list jobs":
        return "GET", f"/api/jobs/?page={rng.randint(1, 3)}&page_size=20&is_active=true", None
    if name == "search":
        return "POST", "/api/rag/search/", {"query": rng.choice(QUERIES), "top_n": 10}
    if name == "cv match":
        return "POST", "/api/rag/cv-match/", {"cv_id": user.cv_id, "top_n": 5}
    if name == "interview questions":
        return "POST", "/api/interview/questions/", {"job_description": rng.choice(QUERIES), "question_count": 3}
    if name == "interview practice":
        body = {"question": "Tell me about a hard bug you fixed.", "answer": "I traced a race in our queue consumer."}
        return "POST", "/api/interview/practice/", body
    return "GET", "/api/interview/history/?limit=5", None


async def _virtual_user(client, user, password, report, deadline, budget, rng) -> None:
    names, weights = zip(*MIX, strict=True)
    headers = {"Authorization": f"Bearer {user.access}"}
    while time.monotonic() < deadline and budget[0] > 0:
        budget[0] -= 1
        name = rng.choices(names, weights)[0]
        method, path, body = _request(name, user, password, rng)
        started = time.perf_counter()
        try:
            answer = await client.request(method, path, json=body, headers=headers)
        except httpx.HTTPError as exc:
            report.errors.append(f"{name}: {type(exc).__name__}")
            continue
        if answer.status_code >= 400:
            report.errors.append(f"{name}: {answer.status_code} {answer.text[:120]}")
        else:
            report.latencies[name].append((time.perf_counter() - started) * 1000)


async def _sample_connections(database_url: str, report: Report, stop: asyncio.Event) -> None:
    async with await psycopg.AsyncConnection.connect(database_url, autocommit=True) as conn:
        while not stop.is_set():
            row = await (await conn.execute(CONNECTIONS_SQL)).fetchone()
            report.peak_connections = max(report.peak_connections, row[0])
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), SAMPLE_EVERY_S)


async def run_load(base_url, users, password, database_url, seconds, max_requests, seed=1) -> Report:
    """Every virtual user at once for `seconds` (or until `max_requests` were sent)."""
    require_loopback(base_url)
    report, stop, budget = Report(), asyncio.Event(), [max_requests]
    limits = httpx.Limits(max_connections=len(users), max_keepalive_connections=len(users))
    async with httpx.AsyncClient(base_url=base_url, timeout=30, limits=limits) as client:
        sampler = asyncio.create_task(_sample_connections(database_url, report, stop))
        started = time.monotonic()
        deadline = started + seconds
        await asyncio.gather(
            *(
                _virtual_user(client, user, password, report, deadline, budget, random.Random(seed + n))
                for n, user in enumerate(users)
            )
        )
        report.seconds = time.monotonic() - started
        stop.set()
        await sampler
    return report


def make_users(client: httpx.Client, count: int) -> list[VirtualUser]:
    """An account with an uploaded CV for each virtual user."""
    users = []
    for n in range(count):
        actor = harness.register(client, f"load{n}", "jobseeker")
        text = harness.CV_TEXTS["AB"[n % 2]]
        cv = harness.expect(harness.upload_cv_text(client, actor, text), 201)
        users.append(VirtualUser(actor.username, actor.access, cv["id"]))
    return users


def load(users: int = 20, seconds: float = 30, max_requests: int = 100_000) -> Report:
    """A runner with the demo data on a throwaway database, `users` virtual users for `seconds`; what it measured."""
    with scratch_database("load") as url, tempfile.TemporaryDirectory() as logs:
        harness.create_admin(url, "load_admin")
        runner = harness.start_runner(Path(logs), url, harness.RELAXED_LIMITS, ("--demo",))
        try:
            with httpx.Client(base_url=runner.base_url, timeout=60) as client:
                accounts = make_users(client, users)
            return asyncio.run(run_load(runner.base_url, accounts, harness.PASSWORD, url, seconds, max_requests))
        finally:
            runner.stop()


def measure(users: int = 20, seconds: float = 30, max_requests: int = 100_000) -> dict:
    """The numbers of one load run: rate, median and p99 per kind of request and overall, errors, connections."""
    report = load(users, seconds, max_requests)
    every = [ms for values in report.latencies.values() for ms in values]

    def stats(values: list[float]) -> dict:
        return {"n": len(values), "median_ms": statistics.median(values), "p99_ms": percentile(values, 0.99)}

    return {
        "users": users,
        "seconds": seconds,
        "elapsed_s": report.seconds,
        "requests": report.requests,
        "rps": report.rps,
        "routes": {name: stats(values) for name, values in sorted(report.latencies.items())},
        "all": stats(every),
        "errors": len(report.errors),
        "error_samples": report.errors[:10],
        "peak_connections": report.peak_connections,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make load", description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20, help="concurrent virtual users (default 20)")
    parser.add_argument("--seconds", type=float, default=30, help="duration of the run (default 30)")
    parser.add_argument("--max-requests", type=int, default=100_000, help="stop after this many requests")
    args = parser.parse_args(argv)
    report = load(args.users, args.seconds, args.max_requests)
    print(f"load test: {args.users} virtual users for {args.seconds:.0f} s against the runner (demo data)")
    print("\n".join(report.lines()))
    for sample in report.errors[:10]:
        print("  error:", sample)
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
