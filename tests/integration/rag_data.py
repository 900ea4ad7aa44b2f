"""Jobs, CVs, S3 and SQS events for the RAG and ingest tests."""

from __future__ import annotations

import base64
import io
import json
import uuid
from urllib.parse import quote_plus

import boto3
import docx
import pytest
from moto import mock_aws

from jobmatch import db, job_index, skills, storage
from jobmatch.config import get_settings
from tests.integration.conftest import Client, LambdaContext, Reply, http_event

CV_TEXT = """Jane Doe
Backend Engineer
jane.doe@example.com | +44 20 7946 0958

Summary
Backend engineer with six years of experience building Python services and REST APIs for payment
companies, from design to production support.

Experience
Acme Payments, London - Senior Backend Engineer
Mar 2020 - Present
Built the settlement API in Python with Django and PostgreSQL; moved batch jobs to AWS Lambda.

Shopfront Ltd - Backend Engineer
Jun 2016 - Feb 2020
Wrote Django services and automated tests with pytest; ran them in Docker.

Education
MSc Computer Science, University of Manchester, 2014 - 2016

Skills
Python, Django, PostgreSQL, Docker, AWS, pytest
"""

CHEF_CV = """Marco Rossi
Head Chef
marco.rossi@example.com | +39 06 1234 5678

Summary
Head chef with ten years in Italian restaurant kitchens, menu design and team leadership.

Experience
Trattoria Roma - Head Chef
Jan 2018 - Present
Designed seasonal menus, ran a brigade of twelve cooks and kept food safety audits spotless.

Education
Culinary Arts Diploma, Rome, 2010 - 2012

Skills
Italian cuisine, pastry, menu costing, food safety, kitchen management
"""

RECIPE = """Classic Tomato Soup

Ingredients
1 kg ripe tomatoes, 2 onions, 3 cloves of garlic, 2 tablespoons of olive oil, 750 ml of vegetable
stock, salt, pepper and a handful of fresh basil leaves.

Method
Roughly chop the onions and garlic and soften them in the olive oil over a low heat for ten minutes.
Add the chopped tomatoes and the stock, bring to the boil and simmer for twenty minutes. Blend until
smooth, season to taste and serve with the basil leaves and some crusty bread. Serves four people.
"""

# title, description, requirements, skills (job_skills rows)
JOBS = {
    "python": (
        "Backend Python Developer",
        "Build REST APIs in Python with Django and PostgreSQL for a payments platform. Deploy on AWS.",
        "Three years of Python and Django. PostgreSQL, Docker and Kubernetes.",
        ["Python", "Django", "PostgreSQL", "Kubernetes"],
    ),
    "cpp": (
        "Game Engine Programmer",
        "Write the rendering engine of our racing games in C++ and tune its performance on consoles.",
        "Strong C++ and linear algebra; shader programming is a plus.",
        ["C++"],
    ),
    "c": (
        "Embedded Firmware Engineer",
        "Develop firmware in C for industrial sensors; debug boards with oscilloscopes.",
        "Embedded C, RTOS, SPI and I2C buses.",
        [],
    ),
    "maintenance": (
        "Maintenance Technician",
        "Maintain production machines, plan preventive maintenance and repair hydraulic systems.",
        "Mechanical or electrical certificate; night shifts.",
        [],
    ),
    "ai": (
        "AI Research Engineer",
        "Train and evaluate AI models for document understanding with Python and PyTorch.",
        "Machine learning research experience, Python, PyTorch.",
        ["Python", "PyTorch"],
    ),
    "chef": (
        "Sous Chef",
        "Run the kitchen of an Italian restaurant with the head chef; menu design and food safety.",
        "Five years in professional kitchens; Italian cuisine.",
        [],
    ),
    "nurse": (
        "Registered Nurse",
        "Provide patient care on a busy surgical ward, with medication rounds and patient assessments.",
        "Nursing registration; two years of ward experience.",
        [],
    ),
    "intern": (
        "Python Backend Intern",
        "Help our backend team build Django APIs in Python; mentoring included.",
        "Studies in computer science; some Python.",
        ["Python", "Django"],
    ),
}


def seed_jobs(keys=None, *, company: str = "Acme", active: bool = True) -> dict[str, str]:
    """Insert jobs (with their job_skills) for one company and embed them; their ids by key."""
    company_id = db.fetch_one("INSERT INTO companies (name) VALUES (%(name)s) RETURNING id", {"name": company})["id"]
    ids = {}
    for key in keys or JOBS:
        title, description, requirements, skills = JOBS[key]
        ids[key] = insert_job(company_id, title, description, requirements, skills, active=active)
    report = job_index.index_jobs(list(ids.values()))
    assert report.ready == len(ids), report
    return ids


def insert_job(company_id, title, description, requirements, skills=(), *, active=True) -> str:
    row = db.fetch_one(
        "INSERT INTO jobs (company_id, title, description, requirements, is_active)"
        " VALUES (%(c)s, %(t)s, %(d)s, %(r)s, %(a)s) RETURNING id::text",
        {"c": company_id, "t": title, "d": description, "r": requirements, "a": active},
    )
    for name in skills:
        skill = db.fetch_one(
            "INSERT INTO skills (name) VALUES (%(n)s) ON CONFLICT (lower(name)) DO UPDATE SET name = EXCLUDED.name"
            " RETURNING id",
            {"n": name},
        )
        db.execute(
            "INSERT INTO job_skills (job_id, skill_id) VALUES (%(j)s, %(s)s)", {"j": row["id"], "s": skill["id"]}
        )
    return row["id"]


def docx_of(text: str) -> bytes:
    """A Word document with one paragraph per line of `text`."""
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def multipart(fields: dict[str, str | tuple[str, bytes, str]], boundary: str = "jobmatch-test-boundary") -> bytes:
    """A multipart/form-data body: a value is a string, or (filename, content, content type) for a file."""
    out = b""
    for name, value in fields.items():
        out += f"--{boundary}\r\n".encode()
        if isinstance(value, tuple):
            filename, content, content_type = value
            out += f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'.encode()
            out += f"Content-Type: {content_type}\r\n\r\n".encode() + content + b"\r\n"
        else:
            out += f'Content-Disposition: form-data; name="{name}"\r\n\r\n'.encode() + value.encode() + b"\r\n"
    return out + f"--{boundary}--\r\n".encode()


def upload_file(handler, token: str | None, filename: str, content: bytes, content_type: str = "", field="file"):
    """POST a file to /api/rag/cv-upload/ as API Gateway does: multipart, base64-encoded."""
    body = multipart({field: (filename, content, content_type or "application/octet-stream")})
    event = http_event(
        "POST",
        "/api/rag/cv-upload/",
        None,
        token,
        headers={"content-type": "multipart/form-data; boundary=jobmatch-test-boundary"},
    )
    event["body"] = base64.b64encode(body).decode()
    event["isBase64Encoded"] = True
    return Reply(handler(event, LambdaContext()))


def s3_notification(key: str, bucket: str, event_name: str = "ObjectCreated:Put") -> dict:
    """The S3 event notification that SQS carries for a created object (key URL-encoded as S3 does)."""
    return {
        "Records": [
            {
                "eventVersion": "2.1",
                "eventSource": "aws:s3",
                "awsRegion": "us-east-1",
                "eventTime": "2025-01-01T00:00:00.000Z",
                "eventName": event_name,
                "userIdentity": {"principalId": "AWS:TEST"},
                "requestParameters": {"sourceIPAddress": "127.0.0.1"},
                "responseElements": {"x-amz-request-id": "r", "x-amz-id-2": "i"},
                "s3": {
                    "s3SchemaVersion": "1.0",
                    "configurationId": "cv-uploaded",
                    "bucket": {"name": bucket, "ownerIdentity": {"principalId": "O"}, "arn": f"arn:aws:s3:::{bucket}"},
                    "object": {"key": quote_plus(key, safe="/"), "size": 1, "eTag": "e", "sequencer": "0A"},
                },
            }
        ]
    }


def sqs_event(*bodies: dict, receive_count: int = 1) -> dict:
    """An SQS batch event as Lambda delivers it, one message per body."""
    return {
        "Records": [
            {
                "messageId": str(uuid.uuid4()),
                "receiptHandle": "handle",
                "body": json.dumps(body),
                "attributes": {
                    "ApproximateReceiveCount": str(receive_count),
                    "SentTimestamp": "0",
                    "SenderId": "s3",
                    "ApproximateFirstReceiveTimestamp": "0",
                },
                "messageAttributes": {},
                "md5OfBody": "m",
                "eventSource": "aws:sqs",
                "eventSourceARN": "arn:aws:sqs:us-east-1:000000000000:cv-ingest",
                "awsRegion": "us-east-1",
            }
            for body in bodies
        ]
    }


# ---------------------------------------------------------------- fixtures (import the *_fixture names)


@pytest.fixture(name="s3")
def s3_fixture():
    """A mocked S3 with the CV bucket; the product's S3 client is rebuilt inside the mock."""
    with mock_aws():
        storage.client.cache_clear()
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=get_settings().cv_bucket)
        yield client
    storage.client.cache_clear()


@pytest.fixture(name="rag")
def rag_fixture():
    from rag.app import lambda_handler

    return Client(lambda_handler)


@pytest.fixture(name="ingest")
def ingest_fixture():
    """ingest(key) delivers the S3 notification of `key` to the ingest handler; returns its answer."""
    from ingest.app import lambda_handler

    def deliver(key: str, event_name: str = "ObjectCreated:Put") -> dict:
        event = sqs_event(s3_notification(key, get_settings().cv_bucket, event_name))
        return lambda_handler(event, LambdaContext())

    return deliver


@pytest.fixture(name="fresh_skills", autouse=True)
def fresh_skills_fixture():
    """Tests change the skills table: forget the cached index."""
    skills.clear_cache()
    yield
    skills.clear_cache()


def objects(client) -> list[str]:
    """Keys of the CV bucket."""
    listing = client.list_objects_v2(Bucket=get_settings().cv_bucket)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def cv_row(user_id: str) -> dict | None:
    return db.fetch_one(
        "SELECT id::text, version, s3_key, filename, parsed_text, embedding_status, embedded_version"
        " FROM cvs WHERE user_id = %(u)s",
        {"u": user_id},
    )


def embedding_rows(cv_id: str) -> list[dict]:
    return db.fetch_all(
        "SELECT id, cv_version, chunk_index, chunk_text, model FROM cv_embeddings WHERE cv_id = %(c)s"
        " ORDER BY chunk_index",
        {"c": cv_id},
    )
