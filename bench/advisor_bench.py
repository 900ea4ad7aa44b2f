"""Coaching numbers with 10,000 jobs: median latency of cv-recommendations, career-advisor and the dashboard.

Loads the benchmark corpus (`bench/corpus.py`: postings with skills, salaries and posting dates
spread over 90 days) with the catalog's bulk import (binary COPY) into a throwaway database on the
benchmark server, embeds the jobs with the configured embedder (the offline hash embedder by
default), stores one embedded CV per user (corpus CVs of several occupations), then calls the rag
and advisor Lambda handlers in-process with API Gateway events. The chat engine is the offline
analyst. Also prints how cv-match scores split between jobs of the CV's own occupation and the
others, the data behind the dashboard's match threshold.

Usage: python bench/advisor_bench.py [--jobs 10000] [--users 12] [--samples 40]
[--dashboard-samples 300]
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
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "layers" / "common")] + [str(p) for p in sorted((REPO / "functions").iterdir())]

from bench.common import scratch_database, summary  # noqa: E402 - needs the path above when run as a script
from local import settings  # noqa: E402

EMBED_BATCH = 100
POSTED_WITHIN_DAYS = 90
CV_FAMILIES = ("backend", "frontend", "data_science", "nursing", "finance", "sales", "devops", "marketing")
PASSWORD = "Bench-pass-42!"


class Context:
    function_name = "advisor-bench"
    memory_limit_in_mb = 1024
    invoked_function_arn = "arn:aws:lambda:us-east-1:000000000000:function:advisor-bench"
    aws_request_id = "bench"


def event(method: str, path: str, token: str, body: dict | None = None) -> dict:
    """An API Gateway HTTP API (payload 2.0) event."""
    return {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": "",
        "headers": {"authorization": f"Bearer {token}", "content-type": "application/json"},
        "requestContext": {
            "http": {"method": method, "path": path, "sourceIp": "203.0.113.9", "protocol": "HTTP/1.1"},
            "requestId": str(uuid.uuid4()),
            "routeKey": "$default",
            "stage": "$default",
        },
        "body": json.dumps(body) if body is not None else None,
        "isBase64Encoded": False,
    }


# ---------------------------------------------------------------- loading


def load_jobs(count: int) -> dict[str, float]:
    """Companies, jobs (bulk COPY), skills and job_skills of the corpus, then the job embeddings; the rates."""
    from bench.corpus import generate_jobs
    from catalog.logic.jobs import import_jobs
    from jobmatch import db, job_index

    postings = list(generate_jobs(count))
    names = sorted({p["company_name"] for p in postings})
    db.execute("INSERT INTO companies (name) SELECT unnest(%(names)s::text[])", {"names": names})
    company_ids = {r["name"]: r["id"] for r in db.fetch_all("SELECT id, name FROM companies")}
    rng = random.Random(5)
    now = datetime.now(UTC)
    rows = [
        {
            "company": company_ids[p["company_name"]],
            **{key: p[key] for key in ("title", "description", "requirements", "location", "salary_range")},
            "posted_at": now - timedelta(days=rng.random() * POSTED_WITHIN_DAYS),
            "is_active": rng.random() > 0.1,
        }
        for p in postings
    ]
    started = time.perf_counter()
    import_jobs(rows)
    _job_skills(postings)
    import_s = time.perf_counter() - started
    job_ids = [r["id"] for r in db.fetch_all("SELECT id FROM jobs ORDER BY id")]
    started = time.perf_counter()
    for start in range(0, len(job_ids), EMBED_BATCH):
        job_index.index_jobs(job_ids[start : start + EMBED_BATCH])
    embed_s = time.perf_counter() - started
    db.execute("ANALYZE")
    return {"import": len(rows) / import_s, "embed": len(job_ids) / embed_s}


def _job_skills(postings: list[dict]) -> None:
    """The corpus skills as skills rows, and each job's skills as job_skills rows.

    Jobs are numbered in import order: one COPY into a fresh table stores its rows in that physical order (ctid).
    """
    from jobmatch import db

    names = sorted({s for p in postings for s in p["skills"]}, key=str.lower)
    db.execute(
        "INSERT INTO skills (name) SELECT unnest(%(names)s::text[]) ON CONFLICT (lower(name)) DO NOTHING",
        {"names": names},
    )
    db.execute(
        """
        WITH numbered AS (SELECT id, row_number() OVER (ORDER BY created_at, ctid) AS n FROM jobs),
             wanted AS (SELECT w.n, w.skill FROM unnest(%(ns)s::int[], %(skills)s::text[]) AS w(n, skill))
        INSERT INTO job_skills (job_id, skill_id)
        SELECT DISTINCT j.id, s.id
        FROM wanted w JOIN numbered j ON j.n = w.n JOIN skills s ON lower(s.name) = lower(w.skill)
        """,
        {
            "ns": [i + 1 for i, p in enumerate(postings) for _ in p["skills"]],
            "skills": [s for p in postings for s in p["skills"]],
        },
    )


def make_users(count: int) -> list[tuple[str, str, str]]:
    """Jobseekers with one embedded corpus CV each: (token, cv id, occupation)."""
    from bench.corpus import generate_cv
    from jobmatch import accounts, cv_index, db
    from jobmatch.security import issue_token

    users = []
    for n in range(count):
        family = CV_FAMILIES[n % len(CV_FAMILIES)]
        user_id = accounts.create_user(username=f"bench_seeker_{n}", password=PASSWORD, role="jobseeker")
        text = generate_cv(family, n)
        row = db.fetch_one(
            "INSERT INTO cvs (user_id, filename, parsed_text) VALUES (%(u)s, 'cv.txt', %(t)s) RETURNING id::text",
            {"u": user_id, "t": text},
        )
        cv_index.embed_version(row["id"], 1, text)
        users.append((issue_token(user_id, "jobseeker", "access")[0], row["id"], family))
    return users


# ---------------------------------------------------------------- measuring


def call(handler, method: str, path: str, token: str, body: dict | None = None) -> dict:
    reply = handler(event(method, path, token, body), Context())
    if reply["statusCode"] != 200:
        raise RuntimeError(f"{path}: {reply['statusCode']} {reply.get('body', '')[:300]}")
    return json.loads(reply["body"])


def timed(samples: int, request: Callable[[int], dict]) -> list[float]:
    """Milliseconds per call, `request(i)` for i in 0..samples-1."""
    times = []
    for i in range(samples):
        begin = time.perf_counter()
        request(i)
        times.append((time.perf_counter() - begin) * 1000)
    return times


def latencies(users: list[tuple[str, str, str]], samples: int, dashboard_samples: int) -> dict[str, list[float]]:
    from advisor.app import lambda_handler as advisor
    from rag.app import lambda_handler as rag

    def user(i: int) -> str:
        return users[i % len(users)][0]

    first = timed(len(users), lambda i: call(advisor, "GET", "/api/dashboard/", user(i)))
    return {
        "GET /api/dashboard/ (first load: offline analysis)": first,
        "GET /api/dashboard/ (cached)": timed(
            dashboard_samples, lambda i: call(advisor, "GET", "/api/dashboard/", user(i))
        ),
        "POST /api/rag/cv-recommendations/": timed(
            samples, lambda i: call(rag, "POST", "/api/rag/cv-recommendations/", user(i))
        ),
        "POST /api/career-advisor/": timed(samples, lambda i: call(advisor, "POST", "/api/career-advisor/", user(i))),
    }


def score_split(users: list[tuple[str, str, str]]) -> dict[str, list[float]]:
    """cv-match scores of the 100 nearest jobs of each CV: jobs of the CV's occupation versus the others."""
    from bench.corpus import BY_KEY
    from jobmatch.cv_analysis import CvSourceIn, nearest_matches, resolve_cv
    from jobmatch.db import fetch_one
    from jobmatch.skills import skill_index

    split: dict[str, list[float]] = {"same occupation": [], "other occupations": []}
    for _token, cv_id, family in users:
        user_id = fetch_one("SELECT user_id::text FROM cvs WHERE id = %(id)s", {"id": cv_id})["user_id"]
        roles = {role.lower() for role in BY_KEY[family].roles}
        for match in nearest_matches(resolve_cv(user_id, CvSourceIn(cv_id=cv_id)), skill_index()):
            own = any(role in match.hit.title.lower() for role in roles)
            split["same occupation" if own else "other occupations"].append(match.score)
    return split


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def split_summary(split: dict[str, list[float]]) -> dict[str, dict]:
    """Deciles and quartiles of each group of cv-match scores, and the share at or above the dashboard threshold."""
    from advisor.service import MATCH_THRESHOLD

    return {
        label: {
            "quantiles": {f"p{round(q * 100)}": percentile(values, q) for q in (0.1, 0.25, 0.5, 0.75, 0.9)},
            "above_threshold": sum(v >= MATCH_THRESHOLD for v in values) / max(1, len(values)),
            "n": len(values),
        }
        for label, values in split.items()
    }


def report(numbers: dict) -> None:
    rates = numbers["rates"]
    print(f"coaching routes with {numbers['jobs']:,} jobs (embedded PostgreSQL, one process, chat engine: offline)")
    print(f"  bulk import {rates['import']:,.0f} jobs/s, embedding ({numbers['model']}) {rates['embed']:,.0f} jobs/s")
    print("handler latency in-process (API Gateway events, token checked against the database on each call)")
    for label, values in numbers["routes"].items():
        print(
            f"  {label:<52} median {values['median_ms']:7.2f} ms   p95 {values['p95_ms']:7.2f} ms   (n={values['n']})"
        )
    print(f"cv-match scores of the 100 nearest jobs (dashboard threshold {numbers['match_threshold']})")
    for label, group in numbers["score_split"].items():
        quartiles = " / ".join(f"{value:.2f}" for value in group["quantiles"].values())
        print(
            f"  {label:<18} p10/p25/median/p75/p90 {quartiles}   at or above threshold {group['above_threshold']:.0%}"
            f" (n={group['n']})"
        )
    print("a dashboard:", json.dumps(numbers["sample_dashboard"]))


def measure(jobs: int = 10_000, users: int = 16, samples: int = 40, dashboard_samples: int = 300) -> dict:
    """Load and embedding rates, latency summaries per route and the cv-match score split, on a throwaway database."""
    with scratch_database("jobmatch_advisor_bench") as url:
        os.environ["DATABASE_URL"] = url
        os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")
        os.environ["CHAT_ENGINE"] = "offline"
        os.environ["DB_STATEMENT_TIMEOUT_MS"] = "60000"  # loading: HNSW inserts of a batch can take seconds
        settings.configure(url)
        try:
            from advisor.app import lambda_handler as advisor
            from advisor.service import MATCH_THRESHOLD
            from jobmatch.embeddings import get_embedder
            from jobmatch.migrate import apply_migrations

            apply_migrations()
            rates = load_jobs(jobs)
            seekers = make_users(users)
            results = latencies(seekers, samples, dashboard_samples)
            split = score_split(seekers)
            sample = call(advisor, "GET", "/api/dashboard/", seekers[0][0])
        finally:
            from jobmatch import db

            db.close()
    return {
        "jobs": jobs,
        "users": users,
        "model": get_embedder().model_id,
        "rates": rates,
        "routes": {label: summary(values) for label, values in results.items()},
        "match_threshold": MATCH_THRESHOLD,
        "score_split": split_summary(split),
        "sample_dashboard": sample,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--samples", type=int, default=40)
    parser.add_argument("--dashboard-samples", type=int, default=300)
    args = parser.parse_args(argv)
    report(measure(args.jobs, args.users, args.samples, args.dashboard_samples))


if __name__ == "__main__":
    main()
