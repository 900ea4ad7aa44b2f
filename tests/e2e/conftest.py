"""End-to-end fixtures: the local runner started as a subprocess on a free port, with its own database."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from local import postgres

REPO = Path(__file__).resolve().parents[2]
READY = re.compile(r"ready on (http://\S+)/api/")
MOTO = re.compile(r"moto S3/SQS on (http://[\d.]+:\d+)")
START_TIMEOUT_S = 90
STOP_TIMEOUT_S = 20


@dataclass
class RunningRunner:
    process: subprocess.Popen
    log: Path
    base_url: str

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def moto_url(self) -> str:
        return MOTO.search(self.output()).group(1)

    def interrupt(self) -> int:
        """Ctrl-C, then the exit code (a runner that does not stop in time is killed and reported)."""
        self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            pytest.fail(f"runner did not stop within {STOP_TIMEOUT_S} s:\n{self.output()[-3000:]}")


def start_runner(log_dir: Path, database_url: str) -> RunningRunner:
    """Start `python -m local.runner` on a free port and wait for its ready line."""
    log = log_dir / f"runner-{uuid.uuid4().hex[:8]}.log"
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1"}
    env.pop("AWS_ENDPOINT_URL", None)
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "local.runner", "--port", "0"], cwd=REPO, env=env, stdout=sink, stderr=sink
        )
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        found = READY.search(log.read_text(errors="replace"))
        if found:
            return RunningRunner(process, log, found.group(1))
        if process.poll() is not None:
            pytest.fail(f"runner exited with {process.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.1)
    process.kill()
    pytest.fail(f"runner not ready within {START_TIMEOUT_S} s:\n{log.read_text(errors='replace')[-3000:]}")


@pytest.fixture(scope="session")
def e2e_database_url():
    """A fresh database on the embedded test server, dropped at the end."""
    name = f"jobmatch_e2e_{os.getpid()}"
    admin_url = postgres.start(postgres.REPO / ".local" / "pgtest", database="postgres")
    postgres.ensure_database(admin_url, name)
    yield admin_url.replace("/postgres?", f"/{name}?", 1)
    postgres.drop_database(admin_url, name)


@pytest.fixture(scope="session")
def runner(e2e_database_url, tmp_path_factory):
    """A runner shared by the tests of the session; it must stop cleanly at the end."""
    running = start_runner(tmp_path_factory.mktemp("runner"), e2e_database_url)
    yield running
    code = running.interrupt()
    assert code in (0, 130), running.output()[-3000:]


@pytest.fixture(scope="session")
def api(runner):
    with httpx.Client(base_url=runner.base_url, timeout=30) as client:
        yield client


def new_username() -> str:
    return "user_" + uuid.uuid4().hex[:12]
