"""Start-up time of the local runner and request latency through it (real HTTP, keep-alive client).

Runs the runner as a subprocess against a throwaway database on the benchmark server, which is dropped after.
"""

from __future__ import annotations

import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "layers" / "common")]

from bench.common import scratch_database, summary  # noqa: E402 - needs the path above when run as a script

READY = re.compile(r"ready on (http://\S+)/api/")
STARTS = 3
SAMPLES = {"GET /api/health": 300, "POST /api/auth/login": 60, "GET /api/auth/me": 300}
PASSWORD = "Bench-pass-42!"


def start(database_url: str, log: Path) -> tuple[subprocess.Popen, str, float]:
    """Start the runner; (process, base URL, seconds from spawn to its ready line)."""
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1"}
    started = time.perf_counter()
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "local.runner", "--port", "0"], cwd=REPO, env=env, stdout=sink, stderr=sink
        )
    while (found := READY.search(log.read_text(errors="replace"))) is None:
        if process.poll() is not None or time.perf_counter() - started > 120:
            process.kill()
            raise RuntimeError("runner did not start:\n" + log.read_text(errors="replace")[-2000:])
        time.sleep(0.01)
    return process, found.group(1), time.perf_counter() - started


def stop(process: subprocess.Popen) -> float:
    started = time.perf_counter()
    process.send_signal(signal.SIGINT)
    process.wait(30)
    return time.perf_counter() - started


def timed(samples: int, call: Callable[[], httpx.Response]) -> list[float]:
    """Milliseconds of each call after a short warm-up; every answer must be a success."""
    for _ in range(5):
        call().raise_for_status()
    times = []
    for _ in range(samples):
        begin = time.perf_counter()
        call().raise_for_status()
        times.append((time.perf_counter() - begin) * 1000)
    return times


def latencies(base_url: str, samples: dict[str, int]) -> dict[str, list[float]]:
    username = "bench_" + uuid.uuid4().hex[:10]
    credentials = {"username": username, "password": PASSWORD}
    with httpx.Client(base_url=base_url, timeout=30) as client:
        client.post("/api/auth/register/", json=credentials).raise_for_status()
        token = client.post("/api/auth/login/", json=credentials).json()["access"]
        bearer = {"Authorization": f"Bearer {token}"}
        calls = {
            "GET /api/health": lambda: client.get("/api/health"),
            "POST /api/auth/login": lambda: client.post("/api/auth/login/", json=credentials),
            "GET /api/auth/me": lambda: client.get("/api/auth/me/", headers=bearer),
        }
        return {name: timed(samples[name], call) for name, call in calls.items()}


def measure(samples: dict[str, int] | None = None, starts: int = STARTS) -> dict:
    """Runner start/stop seconds and per-route latency summaries, on a throwaway database of the bench server."""
    with scratch_database("jobmatch_http_bench") as url:
        logs = Path(tempfile.mkdtemp(prefix="bench-runner-"))
        started, stops = [], []
        for run in range(starts):
            process, base_url, seconds = start(url, logs / f"run{run}.log")
            started.append(seconds)
            if run < starts - 1:
                stops.append(stop(process))
        try:
            results = latencies(base_url, samples or SAMPLES)
        finally:
            stops.append(stop(process))
    return {
        "start_fresh_s": started[0],
        "start_migrated_s": statistics.median(started[1:]) if starts > 1 else None,
        "stop_s": statistics.median(stops),
        "routes": {label: summary(values) for label, values in results.items()},
    }


def main() -> None:
    numbers = measure()
    print("local runner (python -m local.runner, database already running)")
    print(f"  start to ready, fresh database (migrations): {numbers['start_fresh_s']:.2f} s")
    print(f"  start to ready, migrated database: median {numbers['start_migrated_s']:.2f} s")
    print(f"  Ctrl-C to exit: median {numbers['stop_s']:.2f} s")
    print("request latency through the runner (keep-alive client, first call of each function excluded)")
    for label, values in numbers["routes"].items():
        print(
            f"  {label:<22} median {values['median_ms']:6.2f} ms   p95 {values['p95_ms']:6.2f} ms   (n={values['n']})"
        )


if __name__ == "__main__":
    main()
