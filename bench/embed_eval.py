"""Retrieval quality and speed of the hash embedder on the CV-to-job evaluation set.

Usage: python bench/embed_eval.py [path/to/embed_eval.jsonl]
Prints MRR, recall@1 and recall@3 (overall and per subset), and documents embedded per second
on one core. A job is embedded as "title. text"; each query ranks all the jobs by cosine.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data" / "embed_eval.jsonl"


def load(path: Path) -> tuple[list[dict], list[dict]]:
    """The jobs and the queries of the evaluation file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    return [r for r in rows if r["kind"] == "job"], [r for r in rows if r["kind"] == "query"]


def first_relevant_ranks(embedder, jobs: list[dict], queries: list[dict]) -> list[int]:
    """1-based rank of the best-placed relevant job for each query, by cosine similarity."""
    matrix = embedder.embed_documents([f"{job['title']}. {job['text']}" for job in jobs])
    ids = [job["id"] for job in jobs]
    ranks = []
    for query in queries:
        order = np.argsort(-(matrix @ embedder.embed_query(query["text"])), kind="stable")
        ranked = [ids[i] for i in order]
        ranks.append(min(ranked.index(job_id) for job_id in query["relevant"]) + 1)
    return ranks


def summary(ranks: list[int]) -> str:
    mrr = sum(1 / r for r in ranks) / len(ranks)
    at1 = sum(r <= 1 for r in ranks) / len(ranks)
    at3 = sum(r <= 3 for r in ranks) / len(ranks)
    return f"MRR {mrr:.3f}  recall@1 {at1:.3f}  recall@3 {at3:.3f}  (n={len(ranks)})"


def docs_per_second(embedder, texts: list[str], clear=None, repeats: int = 5) -> float:
    """Median documents per second of `repeats` runs in batches of 64; `clear` runs before each."""
    rates = []
    for _ in range(repeats):
        if clear:
            clear()
        start = time.perf_counter()
        for i in range(0, len(texts), 64):
            embedder.embed_documents(texts[i : i + 64])
        rates.append(len(texts) / (time.perf_counter() - start))
    return statistics.median(rates)


def report_quality(embedder, jobs: list[dict], queries: list[dict]) -> None:
    ranks = first_relevant_ranks(embedder, jobs, queries)
    print(f"model {embedder.model_id}, {len(jobs)} jobs, {len(queries)} queries")
    print(f"all         {summary(ranks)}")
    for subset in sorted({q.get("subset", "all") for q in queries}):
        picked = [rank for rank, q in zip(ranks, queries, strict=True) if q.get("subset", "all") == subset]
        print(f"{subset:<11} {summary(picked)}")


def report_speed(embedder, texts: list[str], clear_caches) -> None:
    """Speed on short texts (~22 words) and on CV-chunk-sized ones (~180 words)."""
    chunks = [" ".join(texts[i : i + 8]) for i in range(0, len(texts), 8)]
    many = texts * 33  # about 2,000 documents
    # Cold: caches cleared before each run, every text seen for the first time (a new container).
    print(f"short docs  {docs_per_second(embedder, texts, clear_caches, 30):>8,.0f} docs/s, cold caches")
    print(f"short docs  {docs_per_second(embedder, many):>8,.0f} docs/s, warm caches")
    print(f"long docs   {docs_per_second(embedder, chunks, clear_caches, 30):>8,.0f} docs/s, cold caches")


def quality(ranks: list[int]) -> dict[str, float]:
    """MRR, recall@1 and recall@3 of first-relevant ranks."""
    return {
        "mrr": sum(1 / r for r in ranks) / len(ranks),
        "recall_at_1": sum(r <= 1 for r in ranks) / len(ranks),
        "recall_at_3": sum(r <= 3 for r in ranks) / len(ranks),
        "n": len(ranks),
    }


def measure(path: Path = DATA) -> dict:
    """Quality overall and per subset, and documents embedded per second (as `main` prints them)."""
    sys.path.insert(0, str(REPO / "layers" / "common"))
    from jobmatch.embeddings.hashing import HashEmbedder, clear_caches

    jobs, queries = load(path)
    embedder = HashEmbedder()
    ranks = first_relevant_ranks(embedder, jobs, queries)
    subsets = {}
    for subset in sorted({q.get("subset", "all") for q in queries}):
        subsets[subset] = quality([r for r, q in zip(ranks, queries, strict=True) if q.get("subset", "all") == subset])
    texts = [row["text"] for row in jobs + queries]
    chunks = [" ".join(texts[i : i + 8]) for i in range(0, len(texts), 8)]
    return {
        "model": embedder.model_id,
        "jobs": len(jobs),
        "queries": len(queries),
        "all": quality(ranks),
        "subsets": subsets,
        "short_cold_docs_per_s": docs_per_second(embedder, texts, clear_caches, 30),
        "short_warm_docs_per_s": docs_per_second(embedder, texts * 33),
        "long_cold_docs_per_s": docs_per_second(embedder, chunks, clear_caches, 30),
    }


def main() -> None:
    sys.path.insert(0, str(REPO / "layers" / "common"))
    from jobmatch.embeddings.hashing import HashEmbedder, clear_caches

    jobs, queries = load(Path(sys.argv[1]) if len(sys.argv) > 1 else DATA)
    embedder = HashEmbedder()
    report_quality(embedder, jobs, queries)
    report_speed(embedder, [row["text"] for row in jobs + queries], clear_caches)


if __name__ == "__main__":
    main()
