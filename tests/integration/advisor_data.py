"""Jobs, CVs, clients and a mocked hosted model for the coaching tests (recommendations, advisor, dashboard)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import boto3
import httpx
import pytest
import respx
from botocore.stub import Stubber

from jobmatch import config, cv_index, db, job_index, skills
from jobmatch.ai import bedrock_chat, reset_provider_cache
from jobmatch.ai.skills import forget_table_skills
from tests.integration.conftest import Client

API_BASE = "https://llm.test/v1"
MODEL = "test-model"

BACKEND_CV = """Jane Doe
Backend Engineer
jane.doe@example.com | +44 20 7946 0958

Summary
Backend engineer with six years of experience building Python services and REST APIs for payment
companies, from design to production support.

Experience
Senior Backend Engineer, Acme Payments
Mar 2020 - Present
- Built the settlement API in Python with Django and PostgreSQL, serving 40 banks.
- Moved nightly batch jobs to AWS Lambda and cut their run time by 70%.
- Mentored three junior engineers through code review and pairing.

Backend Engineer, Shopfront Ltd
Jun 2016 - Feb 2020
- Wrote Django services for the order pipeline and automated their tests with pytest.
- Ran the services in Docker and set up their CI pipeline.

Education
MSc Computer Science, University of Manchester, 2014 - 2016

Skills
Python, Django, PostgreSQL, Docker, AWS, pytest
"""

# A CV an ATS reads badly: no headings, no contact details, no dates, running text only.
WEAK_CV = """Sam Smith
I have worked with computers for a while and did some programming at a few places. I like Python and
helped with websites now and then. I also did customer support and some data entry for a shop, and I
am looking for a developer job where I can learn more.
"""

NURSE_CV = """Amara Yilmaz
Registered Nurse
amara.yilmaz@example.com | +44 113 496 0000

Summary
Registered nurse with five years on surgical wards, caring for patients before and after surgery.

Experience
Staff Nurse, Leeds General Hospital
Apr 2020 - Present
- Provided patient care on a 28-bed surgical ward, including medication rounds.
- Led patient assessments and handovers for the night shift.

Education
BSc Nursing, University of Leeds, 2016 - 2019

Skills
Patient care, medication administration, patient assessment, wound care
"""

# title, description, requirements, skills (job_skills rows), salary range, days since posted
JOBS = {
    "backend": (
        "Backend Python Developer",
        "Build REST APIs in Python with Django and PostgreSQL for a payments platform. Deploy on AWS.",
        "Three years of Python and Django. PostgreSQL, Docker and Kubernetes.",
        ["Python", "Django", "PostgreSQL", "Kubernetes"],
        "€60k-75k",
        3,
    ),
    "backend_senior": (
        "Senior Backend Python Developer",
        "Lead the design of Python services and REST APIs for our payments platform; mentor engineers.",
        "Six years of Python, Django and PostgreSQL; Kubernetes and Terraform on AWS.",
        ["Python", "Django", "PostgreSQL", "Kubernetes", "Terraform"],
        "€80k-95k",
        10,
    ),
    "backend_2": (
        "Backend Python Developer",
        "Write Python microservices with FastAPI and PostgreSQL for an online shop; run them on Kubernetes.",
        "Python, FastAPI or Django, PostgreSQL, Docker and Kubernetes.",
        ["Python", "FastAPI", "PostgreSQL", "Docker", "Kubernetes"],
        "€60k-75k",
        5,
    ),
    "backend_3": (
        "Backend Python Developer",
        "Maintain Django services and the REST API of a banking app; improve their tests with pytest.",
        "Python and Django; Redis and Kafka are a plus.",
        ["Python", "Django", "Redis", "Kafka"],
        None,
        60,
    ),
    "frontend": (
        "Frontend Developer",
        "Build React and TypeScript interfaces for our web shop; work with designers on the design system.",
        "Three years of React and TypeScript; CSS and accessibility.",
        ["React", "TypeScript", "CSS"],
        "€55k-70k",
        2,
    ),
    "nurse": (
        "Registered Nurse",
        "Provide patient care on a busy surgical ward, with medication rounds and patient assessments.",
        "Nursing registration; two years of ward experience.",
        [],
        "£32k-38k",
        4,
    ),
    "chef": (
        "Sous Chef",
        "Run the kitchen of an Italian restaurant with the head chef; menu design and food safety.",
        "Five years in professional kitchens; Italian cuisine.",
        [],
        None,
        20,
    ),
}


def insert_job(company_id: str, key: str, *, active: bool = True) -> str:
    title, description, requirements, names, salary, age_days = JOBS[key]
    posted = datetime.now(UTC) - timedelta(days=age_days)
    row = db.fetch_one(
        "INSERT INTO jobs (company_id, title, description, requirements, salary_range, posted_at, is_active)"
        " VALUES (%(c)s, %(t)s, %(d)s, %(r)s, %(s)s, %(p)s, %(a)s) RETURNING id::text",
        {"c": company_id, "t": title, "d": description, "r": requirements, "s": salary, "p": posted, "a": active},
    )
    for name in names:
        skill = db.fetch_one(
            "INSERT INTO skills (name) VALUES (%(n)s) ON CONFLICT (lower(name)) DO UPDATE SET name = EXCLUDED.name"
            " RETURNING id",
            {"n": name},
        )
        db.execute(
            "INSERT INTO job_skills (job_id, skill_id) VALUES (%(j)s, %(s)s)", {"j": row["id"], "s": skill["id"]}
        )
    return row["id"]


def seed_jobs(keys=None, *, company: str = "Acme", active: bool = True) -> dict[str, str]:
    """Insert and embed jobs of one company; their ids by key."""
    company_id = db.fetch_one("INSERT INTO companies (name) VALUES (%(n)s) RETURNING id::text", {"n": company})["id"]
    ids = {key: insert_job(company_id, key, active=active) for key in keys or JOBS}
    report = job_index.index_jobs(list(ids.values()))
    assert report.ready == len(ids), report
    skills.clear_cache()
    forget_table_skills()
    return ids


def add_cv(user_id: str, text: str, *, embed: bool = True, filename: str = "cv.txt") -> str:
    """A stored CV of the user (embedded like the ingest function does, unless `embed` is False)."""
    row = db.fetch_one(
        "INSERT INTO cvs (user_id, filename, parsed_text) VALUES (%(u)s, %(f)s, %(t)s) RETURNING id::text, version",
        {"u": user_id, "f": filename, "t": text},
    )
    if embed:
        assert cv_index.embed_version(row["id"], row["version"], text) == "embedded"
    return row["id"]


def new_version(cv_id: str, text: str) -> None:
    """Replace a CV's text as an upload does: a new version, embedded again."""
    row = db.fetch_one(
        "UPDATE cvs SET parsed_text = %(t)s, version = version + 1, embedding_status = 'pending',"
        " updated_at = now() WHERE id = %(id)s RETURNING version",
        {"t": text, "id": cv_id},
    )
    db.execute("DELETE FROM cv_embeddings WHERE cv_id = %(id)s", {"id": cv_id})
    db.execute("DELETE FROM match_results WHERE cv_id = %(id)s", {"id": cv_id})
    assert cv_index.embed_version(cv_id, row["version"], text) == "embedded"


def count(table: str) -> int:
    return db.fetch_one(f"SELECT count(*) AS n FROM {table}")["n"]  # noqa: S608 - fixed table names in tests


# ---------------------------------------------------------------- fixtures (import the *_fixture
# names)


@pytest.fixture(name="rag")
def rag_fixture() -> Client:
    from rag.app import lambda_handler

    return Client(lambda_handler)


@pytest.fixture(name="advisor")
def advisor_fixture() -> Client:
    from advisor.app import lambda_handler

    return Client(lambda_handler)


@pytest.fixture(name="fresh_skills", autouse=True)
def fresh_skills_fixture():
    """Tests change the skills table: forget the cached indexes."""
    skills.clear_cache()
    forget_table_skills()
    yield
    skills.clear_cache()
    forget_table_skills()


class HostedModel:
    """A mocked OpenAI-compatible chat API: answers with queued replies and records the requests."""

    def __init__(self, router: respx.MockRouter):
        self.route = router.post(f"{API_BASE}/chat/completions")
        self.requests: list[dict] = []

    def answers(self, *replies) -> None:
        """Each reply: a dict (sent as the model's JSON content), a string (raw content) or an httpx.Response."""
        responses = [self._response(reply) for reply in replies]
        iterator = iter(responses)

        def respond(request: httpx.Request) -> httpx.Response:
            self.requests.append(json.loads(request.content))
            return next(iterator)

        self.route.side_effect = respond

    @staticmethod
    def _response(reply) -> httpx.Response:
        if isinstance(reply, httpx.Response):
            return reply
        content = json.dumps(reply) if isinstance(reply, dict) else reply
        choice = {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}
        return httpx.Response(200, json={"id": "x", "object": "chat.completion", "choices": [choice]})

    def sent_user_data(self, index: int = 0) -> dict:
        """The `data` object of a request's user message."""
        messages = self.requests[index]["messages"]
        return json.loads(next(m["content"] for m in messages if m["role"] == "user"))["data"]


@pytest.fixture(name="hosted")
def hosted_fixture(monkeypatch):
    """CHAT_ENGINE=openai against a mocked API; yields the `HostedModel`."""
    monkeypatch.setenv("CHAT_ENGINE", "openai")
    monkeypatch.setenv("CHAT_MODEL", MODEL)
    monkeypatch.setenv("CHAT_API_BASE", API_BASE)
    monkeypatch.setenv("AI_API_KEY", "test-key")
    config.get_settings.cache_clear()
    reset_provider_cache()
    with respx.mock(assert_all_called=False) as router:
        yield HostedModel(router)
    config.get_settings.cache_clear()
    reset_provider_cache()


class BedrockModel:
    """A real bedrock-runtime client whose `converse` answers are stubbed (botocore Stubber: no network)."""

    def __init__(self):
        self.client = boto3.client("bedrock-runtime", region_name="us-east-1")
        self.stubber = Stubber(self.client)

    def answers(self, tool_input: dict) -> None:
        """The model calls the output tool with `tool_input`."""
        use = {"toolUseId": "t1", "name": "cv_recommendations", "input": tool_input}
        response = {
            "output": {"message": {"role": "assistant", "content": [{"toolUse": use}]}},
            "stopReason": "tool_use",
            "usage": {"inputTokens": 1, "outputTokens": 1, "totalTokens": 2},
            "metrics": {"latencyMs": 1},
        }
        self.stubber.add_response("converse", response)

    def fails(self, code: str) -> None:
        self.stubber.add_client_error("converse", service_error_code=code, http_status_code=400)


@pytest.fixture(name="bedrock")
def bedrock_fixture(monkeypatch):
    """CHAT_ENGINE=bedrock with a stubbed client; yields the `BedrockModel`."""
    model = BedrockModel()
    monkeypatch.setenv("CHAT_ENGINE", "bedrock")
    monkeypatch.setenv("CHAT_MODEL", "amazon.nova-lite-v1:0")
    monkeypatch.setattr(bedrock_chat, "make_client", lambda _timeout: model.client)
    config.get_settings.cache_clear()
    reset_provider_cache()
    with model.stubber:
        yield model
    config.get_settings.cache_clear()
    reset_provider_cache()
