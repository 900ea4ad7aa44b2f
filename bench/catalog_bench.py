"""Catalog numbers with 10,000 jobs: bulk import and embedding rates, and list/get latency through the handler.

Loads the jobs with the catalog's bulk import (binary COPY) into a throwaway database on the benchmark
server, embeds them with the configured embedder the way the sweep does, then calls the catalog's Lambda
handler in-process with API Gateway events (no HTTP) and reports median and p95 latencies.
Usage: python bench/catalog_bench.py [--jobs 10000] [--samples 200]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "layers" / "common"), str(REPO / "functions" / "catalog")]

import psycopg  # noqa: E402

from bench.common import scratch_database, summary  # noqa: E402 - needs the path above when run as a script
from local import settings  # noqa: E402

COMPANIES = 100
EMBED_BATCH = 50
VOCABULARY = (
    "python django rest api postgresql aws lambda kubernetes docker react typescript data pipeline spark airflow "
    "machine learning pytorch security compliance payments mobile swift kotlin go rust terraform observability "
    "customer support sales marketing finance accounting design figma product roadmap"
)
WORDS = VOCABULARY.split()
ROLES = [
    "Backend engineer",
    "Data engineer",
    "Frontend developer",
    "DevOps engineer",
    "Product manager",
    "Designer",
    "Accountant",
    "Support specialist",
    "Security analyst",
    "Mobile developer",
]


class Context:
    function_name = "catalog-bench"
    memory_limit_in_mb = 512
    invoked_function_arn = "arn:aws:lambda:us-east-1:000000000000:function:catalog-bench"
    aws_request_id = "bench"


def event(path: str, token: str, query: dict[str, str] | None = None) -> dict:
    """An API Gateway HTTP API (payload 2.0) GET event."""
    return {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": urlencode(query or {}),
        "queryStringParameters": query or None,
        "headers": {"authorization": f"Bearer {token}"},
        "requestContext": {
            "http": {"method": "GET", "path": path, "sourceIp": "203.0.113.9", "protocol": "HTTP/1.1"},
            "requestId": str(uuid.uuid4()),
            "routeKey": "$default",
            "stage": "$default",
        },
        "body": None,
        "isBase64Encoded": False,
    }


def job_rows(company_ids: list[uuid.UUID], count: int, rng: random.Random):
    for n in range(count):
        role = rng.choice(ROLES)
        yield {
            "company": rng.choice(company_ids),
            "title": f"{role} #{n}",
            "description": " ".join(rng.choices(WORDS, k=120)),
            "requirements": " ".join(rng.choices(WORDS, k=40)),
            "location": rng.choice(["Paris", "Berlin", "Remote", "London"]),
            "is_active": rng.random() > 0.2,
        }


def seed(jobs: int) -> tuple[str, list[str], list[str], dict[str, float]]:
    """An admin token, company ids and job ids, and the import and embedding rates."""
    from catalog.logic.jobs import import_jobs
    from jobmatch import accounts, db, job_index
    from jobmatch.security import issue_token

    admin = accounts.create_user(username="bench_admin", password="Bench-pass-42!", role="admin")
    owner = accounts.create_user(username="bench_company", password="Bench-pass-42!", role="company")
    db.execute(
        "INSERT INTO companies (owner_id, name) SELECT %(owner)s, 'Company ' || n FROM generate_series(1, %(n)s) n",
        {"owner": owner, "n": COMPANIES},
    )
    company_ids = [row["id"] for row in db.fetch_all("SELECT id FROM companies")]
    rows = list(job_rows(company_ids, jobs, random.Random(7)))
    started = time.perf_counter()
    loaded = import_jobs(rows)
    import_s = time.perf_counter() - started
    job_ids = [row["id"] for row in db.fetch_all("SELECT id FROM jobs ORDER BY id")]
    started = time.perf_counter()
    for start in range(0, len(job_ids), EMBED_BATCH):
        job_index.index_jobs(job_ids[start : start + EMBED_BATCH])
    embed_s = time.perf_counter() - started
    # The state autovacuum leaves a loaded table in (visibility map set, statistics fresh); no statement timeout here.
    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE jobs, companies, job_skills, skills")
    chunks = db.fetch_one("SELECT count(*) AS n FROM job_embeddings")["n"]
    rates = {"import": loaded / import_s, "embed": len(job_ids) / embed_s, "chunks": chunks / len(job_ids)}
    token, _ = issue_token(admin, "admin", "access")
    return token, [str(c) for c in company_ids], [str(j) for j in job_ids], rates


def timed(samples: int, call: Callable[[], dict]) -> list[float]:
    """Milliseconds per call after a warm-up; every answer must be a 200."""
    for _ in range(5):
        call()
    times = []
    for _ in range(samples):
        begin = time.perf_counter()
        reply = call()
        times.append((time.perf_counter() - begin) * 1000)
        if reply["statusCode"] != 200:
            raise RuntimeError(f"unexpected answer {reply['statusCode']}: {reply.get('body', '')[:200]}")
    return times


def latencies(token: str, company_ids: list[str], job_ids: list[str], samples: int) -> dict[str, list[float]]:
    from catalog.app import lambda_handler

    rng = random.Random(11)

    def call(path: str, query: dict[str, str] | None = None) -> Callable[[], dict]:
        return lambda: lambda_handler(event(path, token, query), Context())

    def one_job() -> dict:
        return lambda_handler(event(f"/api/jobs/{rng.choice(job_ids)}/", token), Context())

    def one_company() -> dict:
        return lambda_handler(event(f"/api/companies/{rng.choice(company_ids)}/", token), Context())

    checks = {
        "GET /api/jobs/ (page of 50)": call("/api/jobs/"),
        "GET /api/jobs/?page=100": call("/api/jobs/", {"page": "100"}),
        "GET /api/jobs/?is_active&company": call("/api/jobs/", {"is_active": "true", "company": company_ids[0]}),
        "GET /api/jobs/?q=kubernetes terraform": call("/api/jobs/", {"q": "kubernetes terraform"}),
        "GET /api/jobs/{id}/": one_job,
        "GET /api/companies/ (page of 50)": call("/api/companies/"),
        "GET /api/companies/{id}/": one_company,
    }
    size = len(json.loads(checks["GET /api/jobs/ (page of 50)"]()["body"]))
    assert size == 50, size
    return {name: timed(samples, check) for name, check in checks.items()}


def measure(jobs: int = 10_000, samples: int = 200) -> dict:
    """Import and embedding rates, and latency summaries per route, with `jobs` jobs in a throwaway database."""
    with scratch_database("jobmatch_catalog_bench") as url:
        os.environ["DATABASE_URL"] = url
        os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")
        settings.configure(url)
        try:
            from jobmatch.embeddings import get_embedder
            from jobmatch.migrate import apply_migrations

            apply_migrations()
            token, company_ids, job_ids, rates = seed(jobs)
            results = latencies(token, company_ids, job_ids, samples)
            model = get_embedder().model_id
        finally:
            from jobmatch import db

            db.close()
    return {
        "jobs": len(job_ids),
        "companies": len(company_ids),
        "model": model,
        "embed_batch": EMBED_BATCH,
        "import_jobs_per_s": rates["import"],
        "embed_jobs_per_s": rates["embed"],
        "chunks_per_job": rates["chunks"],
        "routes": {label: summary(values) for label, values in results.items()},
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args(argv)
    numbers = measure(args.jobs, args.samples)
    print(
        f"catalog with {numbers['jobs']:,} jobs of {numbers['companies']} companies (embedded PostgreSQL, one process)"
    )
    print(f"  bulk import (binary COPY):             {numbers['import_jobs_per_s']:,.0f} jobs/s")
    print(
        f"  embedding ({numbers['model']}, batches of {EMBED_BATCH}): {numbers['embed_jobs_per_s']:,.0f} jobs/s "
        f"({numbers['chunks_per_job']:.1f} chunks per job, written with COPY)"
    )
    print("handler latency in-process (API Gateway events, token checked against the database on each call)")
    for label, values in numbers["routes"].items():
        print(
            f"  {label:<38} median {values['median_ms']:6.2f} ms   p95 {values['p95_ms']:6.2f} ms   (n={values['n']})"
        )


if __name__ == "__main__":
    main()
