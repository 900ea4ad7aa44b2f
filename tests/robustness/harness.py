"""What the robustness tests and `make fuzz` / `make load` share.

- a runner (`python -m local.runner`) started on a free loopback port with a database of its own;
- the same gateway called in this process (`InProcessApi`), for tests that need to reach inside;
- a seeded world: two jobseekers, two company owners and an administrator, each side with its own company,
  job, CV (embedded), application, matches, recommendations, presigned upload slot and interview session.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[2]
TEMPLATE = REPO / "template.yaml"
PG_DATA = REPO / ".local" / "pgtest"
READY = re.compile(r"ready on (http://\S+)/api/")
START_TIMEOUT_S = 90
STOP_TIMEOUT_S = 20
PASSWORD = "Robust-pass-42!"
SIDES = ("A", "B")
# Login lockout and the anonymous search bucket would answer 429 to a fuzzer or a load test on one address.
RELAXED_LIMITS = {
    "LOGIN_MAX_FAILURES_PER_USER": "1000000",
    "LOGIN_MAX_FAILURES_PER_IP": "1000000",
    "SEARCH_RATE_PER_MINUTE": "1000000",
    "SEARCH_BURST": "1000000",
}

CV_TEXTS = {
    "A": """Ada Brennan
Backend Engineer
ada.brennan@example.org | +44 20 7946 0101

Summary
Backend engineer with seven years of Python services, REST APIs and PostgreSQL for logistics companies.

Experience
Northwind Freight, Leeds - Senior Backend Engineer
Apr 2019 - Present
Built the routing API in Python with Django and PostgreSQL; moved nightly batches to AWS Lambda.

Parcelworks - Backend Developer
Sep 2016 - Mar 2019
Wrote Flask services, automated tests with pytest and Docker images for every service.

Education
BSc Computer Science, University of Leeds, 2012 - 2016

Skills
Python, Django, PostgreSQL, Docker, AWS, pytest
""",
    "B": """Bruno Ferreira
Registered Nurse
bruno.ferreira@example.org | +351 21 000 0202

Summary
Registered nurse with eight years on surgical and emergency wards, patient assessment and team leadership.

Experience
Hospital Santa Clara - Charge Nurse
Jan 2020 - Present
Led a team of nine nurses on a surgical ward; planned medication rounds and trained new staff.

Clinica do Porto - Staff Nurse
Feb 2016 - Dec 2019
Assessed patients, managed wound care and kept patient records accurate.

Education
BSc Nursing, University of Porto, 2012 - 2016

Skills
Patient care, triage, wound care, medication management, team leadership
""",
}
JOBS = {
    "A": ("Python Backend Developer", "Build REST APIs in Python with Django and PostgreSQL on AWS.", "Python, Django"),
    "B": ("Ward Nurse", "Care for patients on a busy surgical ward with medication rounds.", "Nursing registration"),
}
SKILLS = {"A": "Python", "B": "Patient care"}


# ---------------------------------------------------------------- databases and runners


@contextmanager
def scratch_database(label: str) -> Iterator[str]:
    """A new, empty database on the embedded test server, dropped afterwards."""
    from local import postgres

    name = f"jobmatch_{label}_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin_url = postgres.start(PG_DATA, database="postgres")
    postgres.ensure_database(admin_url, name)
    try:
        yield admin_url.replace("/postgres?", f"/{name}?", 1)
    finally:
        postgres.drop_database(admin_url, name)


@dataclass
class Runner:
    """A `python -m local.runner` subprocess; its stdout and stderr go to `log`."""

    process: subprocess.Popen
    log: Path
    base_url: str
    database_url: str

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> int:
        """Ctrl-C, then the exit code; a runner that does not stop in time is killed (and reported as -9)."""
        if self.process.poll() is not None:
            return self.process.returncode
        self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return -9


def start_runner(
    log_dir: Path, database_url: str, env: dict[str, str] | None = None, args: tuple[str, ...] = ()
) -> Runner:
    """Start the runner on a free loopback port (with extra `args`, e.g. --demo) and wait for its ready line."""
    log = log_dir / f"runner-{uuid.uuid4().hex[:8]}.log"
    variables = {**os.environ, "DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1", **(env or {})}
    variables.pop("AWS_ENDPOINT_URL", None)
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "local.runner", "--host", "127.0.0.1", "--port", "0", *args],
            cwd=REPO,
            env=variables,
            stdout=sink,
            stderr=sink,
        )
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        found = READY.search(log.read_text(errors="replace"))
        if found:
            return Runner(process, log, found.group(1), database_url)
        if process.poll() is not None:
            raise RuntimeError(f"runner exited with {process.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"runner not ready within {START_TIMEOUT_S} s:\n{log.read_text(errors='replace')[-3000:]}")


def create_admin(database_url: str, username: str, password: str = PASSWORD) -> None:
    """An administrator made with the operator command, as a person would."""
    env = {**os.environ, "DATABASE_URL": database_url, "PASSWORD": password}
    done = subprocess.run(
        [sys.executable, "-m", "local.manage", "create-admin", "--username", username],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if done.returncode != 0:
        raise RuntimeError(f"create-admin failed: {done.stderr[-2000:]}")


# ---------------------------------------------------------------- the gateway in this process


@dataclass
class Answer:
    """An HTTP answer of the in-process gateway, read like an httpx response."""

    status_code: int
    headers: dict[str, str]
    content: bytes

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        return json.loads(self.content)


class _Inline:
    """An executor that runs the handler on the calling thread (its database connection, its transaction)."""

    def submit(self, fn: Callable, *args: Any) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args))
        except BaseException as exc:  # handed to the caller through the future, as a pool would
            future.set_exception(exc)
        return future


class InProcessApi:
    """The runner's gateway (routing, payload 2.0 events, error answers) without sockets or threads."""

    def __init__(self) -> None:
        from local import gateway, runner
        from local import template as cfn
        from local.functions import Functions, function_specs

        template = cfn.load_template(TEMPLATE)
        routes = gateway.compile_routes([(r.method, r.path, r.function) for r in cfn.http_routes(template)])
        registry = Functions(function_specs(template), REPO)
        self._gateway = runner.Gateway(routes, None, registry, _Inline())

    def request(
        self,
        method: str,
        url: str,
        *,
        json: Any = None,
        content: bytes | None = None,
        headers: dict[str, str] | None = None,
        params: dict[str, Any] | None = None,
    ) -> Answer:
        from local.gateway import Request

        sent = {"Host": "localhost", **(headers or {})}
        body = content or b""
        if json is not None:
            body = _json_bytes(json)
            sent.setdefault("Content-Type", "application/json")
        target = url + ("?" + urlencode(params) if params else "")
        reply = self._gateway.handle(Request(method.upper(), target, list(sent.items()), body), str(uuid.uuid4()))
        return Answer(reply.status, {k.lower(): v for k, v in reply.headers}, reply.body)


def _json_bytes(value: Any) -> bytes:
    return json.dumps(value).encode()


# ---------------------------------------------------------------- the seeded world


@dataclass
class Actor:
    """A user of the world with a fresh pair of tokens."""

    key: str
    role: str
    username: str
    id: str
    access: str
    refresh: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access}"}


@dataclass
class World:
    """Who is who, and the ids of each side's rows: `rows["cv"]["A"]` is jobseeker A's CV."""

    actors: dict[str, Actor]
    rows: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))

    def ids(self, kind: str) -> list[str]:
        return [self.rows[kind][side] for side in SIDES]


def expect(answer, status: int) -> Any:
    """The JSON body of an answer with the expected status; anything else stops the seeding with the answer."""
    if answer.status_code != status:
        raise AssertionError(f"expected {status}, got {answer.status_code}: {answer.text[:500]}")
    return answer.json() if answer.content else None


def multipart_form(fields: dict[str, str]) -> tuple[bytes, str]:
    """A multipart/form-data body of text fields, and its content type."""
    boundary = "robustness-" + uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in fields.items()
    ]
    body = ("".join(parts) + f"--{boundary}--\r\n").encode()
    return body, f"multipart/form-data; boundary={boundary}"


def upload_cv_text(api, actor: Actor, text: str, filename: str = "cv.txt"):
    """POST a CV as text to /api/rag/cv-upload/ (multipart form)."""
    body, content_type = multipart_form({"cv_text": text, "filename": filename})
    headers = {**actor.auth, "Content-Type": content_type}
    return api.request("POST", "/api/rag/cv-upload/", content=body, headers=headers)


def register(api, key: str, role: str, password: str = PASSWORD) -> Actor:
    username = f"{key}_{uuid.uuid4().hex[:8]}"
    payload = {"username": username, "password": password, "role": role, "email": f"{username}@example.org"}
    expect(api.request("POST", "/api/auth/register/", json=payload), 201)
    return login(api, key, username, password)


def login(api, key: str, username: str, password: str = PASSWORD) -> Actor:
    body = expect(api.request("POST", "/api/auth/login/", json={"username": username, "password": password}), 200)
    user = body["user"]
    return Actor(key, user["role"], username, user["id"], body["access"], body["refresh"])


def build_world(api, admin_username: str, embed: Callable[[World], None]) -> World:
    """Register the actors and give each side its rows; `embed` makes the CVs' embeddings ready."""
    actors = {"admin": login(api, "admin", admin_username)}
    for side in SIDES:
        actors[f"seeker_{side}"] = register(api, f"seeker_{side.lower()}", "jobseeker")
        actors[f"owner_{side}"] = register(api, f"owner_{side.lower()}", "company")
    world = World(actors)
    for side in SIDES:
        _catalog_rows(api, world, side)
    embed(world)
    for side in SIDES:
        _seeker_rows(api, world, side)
    return world


def _post(api, actor: Actor, path: str, payload: Any, status: int = 201) -> Any:
    return expect(api.request("POST", path, json=payload, headers=actor.auth), status)


def _get(api, actor: Actor, path: str, **params: Any) -> Any:
    return expect(api.request("GET", path, headers=actor.auth, params=params or None), 200)


def _catalog_rows(api, world: World, side: str) -> None:
    admin, owner, seeker = world.actors["admin"], world.actors[f"owner_{side}"], world.actors[f"seeker_{side}"]
    rows = world.rows
    rows["skill"][side] = _post(api, admin, "/api/skills/", {"name": SKILLS[side]})["id"]
    company = {"name": f"Company {side}", "website": f"https://{side.lower()}.example.org", "location": "Leeds"}
    rows["company"][side] = _post(api, owner, "/api/companies/", company)["id"]
    title, description, requirements = JOBS[side]
    job = {"company": rows["company"][side], "title": title, "description": description, "requirements": requirements}
    rows["job"][side] = _post(api, owner, "/api/jobs/", job)["id"]
    _post(api, owner, f"/api/jobs/{rows['job'][side]}/skills/", {"skill_id": rows["skill"][side]})
    rows["cv"][side] = expect(upload_cv_text(api, seeker, CV_TEXTS[side]), 201)["id"]
    rows["user"][side] = seeker.id


def _seeker_rows(api, world: World, side: str) -> None:
    seeker, admin, rows = world.actors[f"seeker_{side}"], world.actors["admin"], world.rows
    cv, job = rows["cv"][side], rows["job"][side]
    rows["application"][side] = _post(api, seeker, "/api/applications/", {"cv": cv, "job": job})["id"]
    _post(api, seeker, "/api/rag/cv-match/", {"cv_id": cv}, 200)
    _post(api, seeker, "/api/rag/cv-recommendations/", {"cv_id": cv}, 200)
    rows["recommendation"][side] = _get(api, seeker, "/api/recommendations/", cv=cv)[0]["id"]
    rows["upload"][side] = _post(api, seeker, "/api/rag/cv-upload-url/", {"filename": "cv.pdf"})["upload_id"]
    asked = {"job_description": JOBS[side][1], "question_count": 2, "cv_id": cv}
    session = _post(api, seeker, "/api/interview/questions/", asked, 200)
    rows["session"][side], rows["question"][side] = session["session_id"], session["questions"][0]["id"]
    answer = {"question_id": rows["question"][side], "user_answer": "I would first ask what the users need."}
    rows["answer"][side] = _post(api, seeker, "/api/interview/submit-answer/", answer)["answer_id"]
    rows["cv_embedding"][side] = _get(api, admin, "/api/cv-embeddings/", cv=cv)[0]["id"]
    rows["job_embedding"][side] = _get(api, admin, "/api/job-embeddings/", job=job)[0]["id"]


def wait_for_embeddings(api, world: World, timeout_s: float = 60) -> None:
    """Wait until the runner's poller has ingested every CV of the world (S3 -> SQS -> ingest)."""
    admin = world.actors["admin"]
    deadline = time.monotonic() + timeout_s
    pending = set(world.ids("cv"))
    while pending and time.monotonic() < deadline:
        pending = {cv for cv in pending if _get(api, admin, f"/api/cvs/{cv}/")["embedding_status"] != "ready"}
        if pending:
            time.sleep(0.3)
    if pending:
        raise AssertionError(f"CVs not embedded within {timeout_s} s: {sorted(pending)}")
