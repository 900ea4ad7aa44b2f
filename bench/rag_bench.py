"""RAG numbers at scale: bulk import, HNSW build, recall@10, search and CV-match latency, CV parse + embed time.

The jobs come from `bench/corpus.py` (realistic postings in 20 role families, never random vectors) and go
into a throwaway database on the embedded benchmark server (dropped at the end unless --keep):
- bulk import: companies, skills, jobs and job_skills by binary COPY; then every job is chunked and
  embedded with the configured embedder in worker processes, and its vectors loaded by binary COPY with
  the HNSW index dropped, which is then built once;
- recall@10 of the indexed search (`jobmatch.search.nearest_jobs`, what the routes run) against an exact
  search (best chunk per job over every chunk, computed with numpy), plain and with a must_contain filter;
  with --ef-sweep, also for each given `hnsw.ef_search`, with the query time;
- latency of POST /api/rag/search/ and /api/rag/cv-match/: the Lambda handler called in-process with API
  Gateway events, and real HTTP through the local runner (`python -m local.runner`);
- time to parse, check, chunk and embed a two-page PDF CV (cold embedder caches).

Usage: python bench/rag_bench.py [--jobs 100000] [--queries 200] [--samples 300] [--no-runner] [--json FILE]
                                [--ef-sweep 40,60,100,200,400,800]
Prints numbers only; it asserts nothing about wall-clock time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "layers" / "common"), str(REPO / "functions" / "rag")]

import numpy as np  # noqa: E402 - needs the path above when run as a script
import psycopg  # noqa: E402
import psycopg.sql  # noqa: E402
from pgvector.psycopg import register_vector  # noqa: E402

from bench.common import admin_url  # noqa: E402
from bench.corpus import family_keys, generate_cv, generate_jobs, generate_queries  # noqa: E402
from bench.parse_bench import cv_lines, two_page_pdf  # noqa: E402
from local import postgres  # noqa: E402

ACTIVE_SHARE = 0.95
EMBED_BATCH = 256  # jobs per worker task
CV_USERS = 20
WARM_UP = 50  # requests before timing, so that both ways of calling start from warm caches
FILTERED_QUERIES = 20
READY = re.compile(r"ready on (http://\S+)/api/")

COPY_COMPANIES = "COPY companies (id, name) FROM STDIN WITH (FORMAT BINARY)"
COPY_SKILLS = "COPY skills (id, name) FROM STDIN WITH (FORMAT BINARY)"
# Jobs are loaded `ready`: the bench embeds every one of them right after, before any query runs.
COPY_JOBS = (
    "COPY jobs (id, company_id, title, description, requirements, location, salary_range, is_active, embedding_status)"
    " FROM STDIN WITH (FORMAT BINARY)"
)
COPY_JOB_SKILLS = "COPY job_skills (job_id, skill_id) FROM STDIN WITH (FORMAT BINARY)"
COPY_VECTORS = "COPY job_embeddings (job_id, chunk_index, chunk_text, embedding, model) FROM STDIN WITH (FORMAT BINARY)"

TEXT_INDEXES = ("jobs_search_idx", "jobs_terms_idx")
VECTOR_INDEX = "job_embeddings_hnsw_idx"


MATCHING_JOBS = (
    "SELECT j.id::text AS id FROM jobs j"
    " WHERE j.is_active AND (j.title || ' ' || j.description || ' ' || j.requirements) ~* %(must)s"
)


def configure_environment() -> None:
    """Settings of this process and of the runner it starts: local, quiet, no search rate limit."""
    os.environ.update(
        {
            "APP_ENV": "local",
            "JWT_SIGNING_KEY": secrets.token_urlsafe(48),
            "SEARCH_RATE_PER_MINUTE": "1000000",
            "SEARCH_BURST": "1000000",
            "LOG_LEVEL": "WARNING",
            "POWERTOOLS_LOG_LEVEL": "WARNING",
            "POWERTOOLS_METRICS_DISABLED": "true",
            "AWS_DEFAULT_REGION": os.environ.get("AWS_DEFAULT_REGION", "us-east-1"),
            "DB_STATEMENT_TIMEOUT_MS": "60000",
        }
    )


# ---------------------------------------------------------------- database and corpus


def create_database(keep: bool) -> tuple[str, Callable[[], None]]:
    """A migrated database on the embedded benchmark server, and the function that drops it."""
    name = f"jobmatch_bench_{os.getpid()}"
    admin = admin_url()
    postgres.drop_database(admin, name)
    postgres.ensure_database(admin, name)
    url = admin.replace("/postgres?", f"/{name}?", 1)
    os.environ["DATABASE_URL"] = url
    from jobmatch import migrate

    migrate.apply_migrations()
    return url, (lambda: None) if keep else (lambda: postgres.drop_database(admin, name))


def bulk_connection(url: str) -> psycopg.Connection:
    """A connection without statement timeout for loads and index builds."""
    conn = psycopg.connect(url, autocommit=True)
    register_vector(conn)
    return conn


def drop_indexes(conn: psycopg.Connection, names: tuple[str, ...]) -> list[str]:
    """Drop indexes for a bulk load; their definitions (as the migrations made them), to build them again."""
    rows = conn.execute("SELECT indexdef FROM pg_indexes WHERE indexname = ANY(%s)", (list(names),)).fetchall()
    for name in names:
        conn.execute(psycopg.sql.SQL("DROP INDEX IF EXISTS {}").format(psycopg.sql.Identifier(name)))
    return [row[0] for row in rows]


def copy_rows(conn: psycopg.Connection, statement: str, types: list[str], rows) -> None:
    with conn.cursor() as cur, cur.copy(statement) as copy:
        copy.set_types(types)
        for row in rows:
            copy.write_row(row)


def load_corpus(conn: psycopg.Connection, count: int) -> dict[str, float]:
    """Companies, skills, jobs and job_skills of `count` generated postings, by binary COPY.

    The two GIN text indexes of `jobs` are dropped for the load and built after it, as for any bulk load.
    """
    started = time.perf_counter()
    postings = list(generate_jobs(count))
    generated = time.perf_counter() - started
    rng = random.Random(3)
    companies = {name: uuid.uuid4() for name in dict.fromkeys(p["company_name"] for p in postings)}
    skills: dict[str, tuple[uuid.UUID, str]] = {}
    for posting in postings:
        for name in posting["skills"]:
            skills.setdefault(name.lower(), (uuid.uuid4(), name))
    job_ids = [uuid.uuid4() for _ in postings]
    definitions = drop_indexes(conn, TEXT_INDEXES)
    started = time.perf_counter()
    with conn.transaction():
        copy_rows(conn, COPY_COMPANIES, ["uuid", "text"], ((i, n) for n, i in companies.items()))
        copy_rows(conn, COPY_SKILLS, ["uuid", "text"], skills.values())
        copy_rows(conn, COPY_JOBS, ["uuid", "uuid", "text", "text", "text", "text", "text", "bool", "text"],
                  _job_rows(postings, job_ids, companies, rng))  # fmt: skip
        pairs = ((job_id, skills[name][0]) for job_id, p in zip(job_ids, postings, strict=True)
                 for name in dict.fromkeys(n.lower() for n in p["skills"]))  # fmt: skip
        copy_rows(conn, COPY_JOB_SKILLS, ["uuid", "uuid"], pairs)
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    for definition in definitions:
        conn.execute(definition)
    indexed = time.perf_counter() - started
    return {
        "generate_s": generated,
        "copy_s": loaded,
        "jobs_per_s": count / loaded,
        "text_index_s": indexed,
        "companies": len(companies),
    }


def _job_rows(postings, job_ids, companies, rng) -> Iterator[tuple]:
    for job_id, p in zip(job_ids, postings, strict=True):
        active = rng.random() < ACTIVE_SHARE
        yield (job_id, companies[p["company_name"]], p["title"], p["description"], p["requirements"],
               p["location"], p["salary_range"], active, "ready")  # fmt: skip


def _embed_batch(batch: list[tuple]) -> list[tuple]:
    """(job id, chunks, vectors, model) of each job: the chunks the product makes, embedded (runs in a worker)."""
    from jobmatch.embeddings import get_embedder
    from jobmatch.job_index import JobText, embed_chunks, job_chunks

    chunked = [(job_id, job_chunks(JobText(title, description, requirements)))
               for job_id, title, description, requirements in batch]  # fmt: skip
    vectors = embed_chunks([chunk for _, chunks in chunked for chunk in chunks])
    model, out, start = get_embedder().model_id, [], 0
    for job_id, chunks in chunked:
        out.append((job_id, chunks, vectors[start : start + len(chunks)], model))
        start += len(chunks)
    return out


def embed_jobs(conn: psycopg.Connection, workers: int) -> dict[str, float]:
    """Embed every job in worker processes and COPY the vectors, HNSW index dropped; then build the index."""
    rows = conn.execute("SELECT id, title, description, requirements FROM jobs ORDER BY id").fetchall()
    batches = [rows[i : i + EMBED_BATCH] for i in range(0, len(rows), EMBED_BATCH)]
    (vector_index,) = drop_indexes(conn, (VECTOR_INDEX,))
    chunks = 0
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers) as pool, conn.cursor() as cur, cur.copy(COPY_VECTORS) as copy:
        copy.set_types(["uuid", "int4", "text", "vector", "text"])
        for results in pool.map(_embed_batch, batches):
            for job_id, texts, vectors, model in results:
                for index, (text, vector) in enumerate(zip(texts, vectors, strict=True)):
                    copy.write_row((job_id, index, text, vector, model))
                chunks += len(texts)
    embedded = time.perf_counter() - started
    started = time.perf_counter()
    conn.execute("SET maintenance_work_mem = '2GB'")
    conn.execute(f"SET max_parallel_maintenance_workers = {max(0, workers - 1)}")
    conn.execute(vector_index)
    built = time.perf_counter() - started
    conn.execute("VACUUM ANALYZE")
    return {
        "embed_s": embedded,
        "jobs_per_s": len(rows) / embedded,
        "chunks": chunks,
        "chunks_per_job": chunks / len(rows),
        "hnsw_build_s": built,
        "workers": workers,
    }


# ---------------------------------------------------------------- recall


class ExactSearch:
    """Exact ranking for recall: every active job's chunk vectors in one matrix, best chunk per job by cosine."""

    def __init__(self, url: str, model: str):
        with bulk_connection(url) as conn, conn.cursor(binary=True) as cur:
            cur.execute(
                "SELECT e.job_id::text, e.embedding FROM job_embeddings e JOIN jobs j ON j.id = e.job_id"
                " WHERE j.is_active AND e.model = %(model)s ORDER BY e.job_id",
                {"model": model},
            )
            rows = cur.fetchall()
        self.matrix = np.stack([vector.to_numpy() for _, vector in rows]).astype(np.float32)
        ids = [job_id for job_id, _ in rows]
        self.starts = np.array([i for i in range(len(ids)) if i == 0 or ids[i] != ids[i - 1]])
        self.job_ids = [ids[i] for i in self.starts]

    def top(self, vector: np.ndarray, k: int, allowed: set[str] | None = None) -> list[str]:
        best = np.maximum.reduceat(self.matrix @ vector, self.starts)
        if allowed is not None:
            best[[job_id not in allowed for job_id in self.job_ids]] = -np.inf
        order = np.argsort(-best, kind="stable")[:k]
        return [self.job_ids[i] for i in order if np.isfinite(best[i])]


def recall_at_10(queries: list[dict], exact: ExactSearch, filtered: bool) -> dict[str, float]:
    """Mean share of the exact top 10 that the indexed search returns (with a must_contain filter if asked)."""
    from jobmatch import db
    from jobmatch.embeddings import get_embedder
    from jobmatch.search import Filters, QueryVectors, nearest_jobs, terms_pattern

    embedder = get_embedder()
    shares, indexed_ms = [], []
    for query in queries:
        vector = embedder.embed_query(query["text"])
        filters = Filters(must_contain=(query["term"],)) if filtered else Filters()
        begin = time.perf_counter()
        found = [hit.id for hit in nearest_jobs(QueryVectors(vector[None, :]), filters, 10, embedder.model_id)]
        indexed_ms.append((time.perf_counter() - begin) * 1000)
        allowed = None
        if filtered:
            rows = db.fetch_all(MATCHING_JOBS, {"must": terms_pattern(filters.must_contain)})
            allowed = {row["id"] for row in rows}
        truth = exact.top(vector, 10, allowed)
        if truth:
            shares.append(len(set(found) & set(truth)) / len(truth))
    return {"recall_at_10": statistics.mean(shares), "queries": len(shares), "indexed_median_ms": _median(indexed_ms)}


def ef_sweep(queries: list[dict], exact: ExactSearch, values: list[int]) -> list[dict]:
    """recall@10 and query time of the indexed search (no filter) for each `hnsw.ef_search` in `values`.

    The search is the product's (`nearest_jobs`, iterative scan on), which never uses fewer candidates than the
    rows it reads per query vector: `effective` is the value it ran with.
    """
    from jobmatch.embeddings import get_embedder
    from jobmatch.search import Filters, QueryVectors, nearest_jobs, per_query

    embedder = get_embedder()
    vectors = [embedder.embed_query(query["text"]) for query in queries]
    truths = [exact.top(vector, 10) for vector in vectors]
    sweep = []
    for ef in values:
        shares, times = [], []
        for vector, truth in zip(vectors, truths, strict=True):
            begin = time.perf_counter()
            hits = nearest_jobs(QueryVectors(vector[None, :]), Filters(), 10, embedder.model_id, ef_search=ef)
            times.append((time.perf_counter() - begin) * 1000)
            shares.append(len({hit.id for hit in hits} & set(truth)) / len(truth))
        sweep.append({
            "ef_search": ef, "effective": min(1000, max(ef, per_query(10))), "recall_at_10": statistics.mean(shares),
            "median_ms": _median(times), "p95_ms": _percentile(times, 0.95), "queries": len(shares),
        })  # fmt: skip
    return sweep


def filter_terms(queries: list[dict]) -> list[dict]:
    """Queries with a must_contain term: a skill of the query's family, a word common in its postings."""
    from bench.corpus import BY_KEY

    rng = random.Random(5)
    return [{**q, "term": rng.choice(BY_KEY[q["family"]].skills)} for q in queries]


# ---------------------------------------------------------------- latency


class Context:
    function_name = "rag-bench"
    memory_limit_in_mb = 1024
    invoked_function_arn = "arn:aws:lambda:us-east-1:000000000000:function:rag-bench"
    aws_request_id = "bench"


def event(path: str, body: dict, token: str | None = None) -> dict:
    """An API Gateway HTTP API (payload 2.0) POST event with a JSON body."""
    headers = {"content-type": "application/json", **({"authorization": f"Bearer {token}"} if token else {})}
    return {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": "",
        "headers": headers,
        "requestContext": {
            "http": {"method": "POST", "path": path, "sourceIp": "203.0.113.9", "protocol": "HTTP/1.1"},
            "requestId": str(uuid.uuid4()),
            "routeKey": "$default",
            "stage": "$default",
        },
        "body": json.dumps(body),
        "isBase64Encoded": False,
    }


def cv_users(count: int) -> list[str]:
    """Tokens of jobseekers whose CV (one per role family, in turn) is stored and embedded."""
    from jobmatch import accounts, cv_index
    from jobmatch.documents import document_from_text
    from jobmatch.security import issue_token

    families, tokens = family_keys(), []
    for n in range(count):
        user_id = accounts.create_user(username=f"bench_cv_{n}", password="Bench-pass-42!")
        document = document_from_text(generate_cv(families[n % len(families)], n), "cv.txt")
        stored = cv_index.store_version(user_id, document)  # no file: the bench has no S3
        cv_index.embed_version(stored.id, stored.version, document.text)
        tokens.append(issue_token(user_id, "jobseeker", "access")[0])
    return tokens


def timed(samples: int, call: Callable[[int], int]) -> dict[str, float]:
    """Median and 95th percentile milliseconds of `call(i)` (which returns the HTTP status) after a warm-up."""
    for i in range(WARM_UP):
        _check(call(i))
    times = []
    for i in range(WARM_UP, WARM_UP + samples):
        begin = time.perf_counter()
        status = call(i)
        times.append((time.perf_counter() - begin) * 1000)
        _check(status)
    return {"median_ms": _median(times), "p95_ms": _percentile(times, 0.95), "samples": samples}


def _check(status: int) -> None:
    if status != 200:
        raise RuntimeError(f"unexpected status {status}")


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def in_process_latency(queries: list[dict], tokens: list[str], samples: int) -> dict[str, dict]:
    from rag.app import lambda_handler

    def search(i: int) -> int:
        body = {"query": queries[i % len(queries)]["text"], "top_n": 10}
        return lambda_handler(event("/api/rag/search/", body), Context())["statusCode"]

    def match(i: int) -> int:
        return lambda_handler(event("/api/rag/cv-match/", {"top_n": 10}, tokens[i % len(tokens)]), Context())[
            "statusCode"
        ]

    return {"search": timed(samples, search), "cv_match": timed(samples, match)}


def runner_latency(url: str, queries: list[dict], tokens: list[str], samples: int) -> dict[str, dict]:
    """The same two routes over real HTTP through `python -m local.runner` (keep-alive client)."""
    import httpx

    log = Path(tempfile.mkdtemp()) / "runner.log"
    env = {**os.environ, "DATABASE_URL": url, "PYTHONUNBUFFERED": "1"}
    env.pop("AWS_ENDPOINT_URL", None)
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "local.runner", "--port", "0"], cwd=REPO, env=env, stdout=sink, stderr=sink
        )
    try:
        base = _wait_ready(process, log)
        with httpx.Client(base_url=base, timeout=30) as client:
            search = timed(
                samples,
                lambda i: (
                    client.post(
                        "/api/rag/search/", json={"query": queries[i % len(queries)]["text"], "top_n": 10}
                    ).status_code
                ),
            )
            match = timed(samples, lambda i: client.post(
                "/api/rag/cv-match/", json={"top_n": 10},
                headers={"Authorization": f"Bearer {tokens[i % len(tokens)]}"}).status_code)  # fmt: skip
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(60)
    return {"search": search, "cv_match": match}


def _wait_ready(process: subprocess.Popen, log: Path) -> str:
    started = time.monotonic()
    while (found := READY.search(log.read_text(errors="replace"))) is None:
        if process.poll() is not None or time.monotonic() - started > 120:
            process.kill()
            raise RuntimeError("runner did not start:\n" + log.read_text(errors="replace")[-2000:])
        time.sleep(0.05)
    return found.group(1)


# ---------------------------------------------------------------- a two-page PDF CV


def pdf_cv_to_vectors(runs: int) -> dict[str, float]:
    """Median milliseconds to parse, check, chunk and embed a two-page PDF CV, embedder caches cleared each run."""
    from jobmatch.documents import assert_cv, chunk_text, parse_document
    from jobmatch.embeddings import get_embedder
    from jobmatch.embeddings.hashing import clear_caches

    data, embedder = two_page_pdf(cv_lines()), get_embedder()
    parse_ms, total_ms = [], []
    for _ in range(runs):
        clear_caches()
        begin = time.perf_counter()
        document = parse_document(data, "cv.pdf")
        assert_cv(document.text)
        parsed = time.perf_counter()
        chunks = chunk_text(document.text)
        embedder.embed_documents(chunks)
        end = time.perf_counter()
        parse_ms.append((parsed - begin) * 1000)
        total_ms.append((end - begin) * 1000)
    return {"parse_ms": _median(parse_ms), "parse_and_embed_ms": _median(total_ms), "chunks": len(chunks)}


# ---------------------------------------------------------------- main


def run(args: argparse.Namespace) -> dict:
    configure_environment()
    from jobmatch.embeddings import get_embedder

    url, drop = create_database(args.keep)
    results: dict = {"jobs": args.jobs}
    try:
        with bulk_connection(url) as conn:
            results["import"] = load_corpus(conn, args.jobs)
            results["embedding"] = embed_jobs(conn, args.workers)
        queries = generate_queries(args.queries)
        exact = ExactSearch(url, get_embedder().model_id)
        results["recall"] = recall_at_10(queries, exact, filtered=False)
        results["recall_filtered"] = recall_at_10(filter_terms(queries[:FILTERED_QUERIES]), exact, filtered=True)
        if args.ef_sweep:
            results["ef_sweep"] = ef_sweep(queries, exact, args.ef_sweep)
        del exact
        tokens = cv_users(CV_USERS)
        results["in_process"] = in_process_latency(queries, tokens, args.samples)
        if args.runner:
            results["runner"] = runner_latency(url, queries, tokens, args.samples)
        results["pdf_cv"] = pdf_cv_to_vectors(args.pdf_runs)
    finally:
        from jobmatch import db

        db.close()
        drop()
    return results


def report(results: dict) -> None:
    imp, emb = results["import"], results["embedding"]
    print(f"jobs: {results['jobs']:,} ({imp['companies']:,} companies), {emb['chunks']:,} chunks "
          f"({emb['chunks_per_job']:.2f} per job)")  # fmt: skip
    print(f"bulk import (binary COPY of jobs, companies, skills): {imp['jobs_per_s']:,.0f} jobs/s; "
          f"text indexes built after it in {imp['text_index_s']:.1f} s")  # fmt: skip
    print(f"embedding (chunk + embed + COPY, {emb['workers']} workers): {emb['jobs_per_s']:,.0f} jobs/s "
          f"({emb['embed_s']:.1f} s); HNSW build {emb['hnsw_build_s']:.1f} s")  # fmt: skip
    for name in ("recall", "recall_filtered"):
        rec = results[name]
        label = "recall@10 (must_contain)" if name == "recall_filtered" else "recall@10"
        print(f"{label}: {rec['recall_at_10']:.3f} over {rec['queries']} queries "
              f"(indexed query median {rec['indexed_median_ms']:.1f} ms)")  # fmt: skip
    for where in ("in_process", "runner"):
        if where in results:
            for route, numbers in results[where].items():
                print(f"{where} {route}: median {numbers['median_ms']:.1f} ms, p95 {numbers['p95_ms']:.1f} ms "
                      f"({numbers['samples']} requests)")  # fmt: skip
    for point in results.get("ef_sweep", []):
        print(f"hnsw.ef_search {point['ef_search']} (runs with {point['effective']}): "
              f"recall@10 {point['recall_at_10']:.3f}, "
              f"median {point['median_ms']:.1f} ms, p95 {point['p95_ms']:.1f} ms")  # fmt: skip
    pdf = results["pdf_cv"]
    print(f"two-page PDF CV: parse {pdf['parse_ms']:.1f} ms, parse + chunk + embed {pdf['parse_and_embed_ms']:.1f} ms "
          f"({pdf['chunks']} chunks)")  # fmt: skip


def measure(
    jobs: int = 100_000,
    queries: int = 200,
    samples: int = 300,
    runner: bool = True,
    pdf_runs: int = 20,
    ef_sweep: list[int] | None = None,
) -> dict:
    """The numbers of `run` for one corpus size (one embedding process per core) and the search settings it used."""
    from jobmatch import search

    workers = os.cpu_count() or 1
    numbers = run(argparse.Namespace(jobs=jobs, queries=queries, samples=samples, workers=workers, pdf_runs=pdf_runs,
                                     runner=runner, keep=False, ef_sweep=ef_sweep))  # fmt: skip
    numbers["settings"] = {"ef_search": search.EF_SEARCH, "ef_search_match": search.EF_SEARCH_MATCH,
                           "rows_per_query_vector": search.per_query(10)}  # fmt: skip
    return numbers


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=100_000, help="postings to generate (default 100,000)")
    parser.add_argument("--queries", type=int, default=200, help="queries for recall and latency")
    parser.add_argument("--samples", type=int, default=300, help="timed requests per route")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="embedding processes")
    parser.add_argument("--pdf-runs", type=int, default=20)
    parser.add_argument("--ef-search", type=int, help="override the HNSW candidate list of this process (tuning)")
    parser.add_argument("--ef-sweep", type=lambda text: [int(v) for v in text.split(",")],
                        help="comma-separated hnsw.ef_search values: recall@10 and query time of each")  # fmt: skip
    parser.add_argument("--no-runner", dest="runner", action="store_false", help="skip the HTTP measurements")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--json", type=Path, help="also write the numbers to this file")
    args = parser.parse_args(argv)
    if args.ef_search:
        from jobmatch import search

        search.EF_SEARCH = args.ef_search
    results = run(args)
    report(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
