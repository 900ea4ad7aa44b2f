"""Retrieval quality regression: the hash embedder must rank the right jobs first for CV snippets."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from jobmatch.embeddings import HashEmbedder

REPO = Path(__file__).resolve().parents[2]
# The copy kept in the repository comes first; CI also lays the shared folder beside the clone.
CANDIDATES = [
    REPO / "tests" / "data" / "embed_eval.jsonl",
    REPO.parent / "shared" / "eval" / "embed_eval.jsonl",
]
MIN_MRR = 0.85


def eval_rows() -> list[dict]:
    path = next((p for p in CANDIDATES if p.is_file()), None)
    if path is None:
        pytest.fail(f"evaluation set not found in {[str(p) for p in CANDIDATES]}")
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def first_relevant_ranks(rows: list[dict]) -> list[int]:
    """1-based rank of the best-placed relevant job for each query; a job is "title. text"."""
    jobs = [row for row in rows if row["kind"] == "job"]
    embedder = HashEmbedder()
    matrix = embedder.embed_documents([f"{job['title']}. {job['text']}" for job in jobs])
    ranks = []
    for query in (row for row in rows if row["kind"] == "query"):
        order = np.argsort(-(matrix @ embedder.embed_query(query["text"])), kind="stable")
        ranked = [jobs[i]["id"] for i in order]
        ranks.append(1 + min(ranked.index(job_id) for job_id in query["relevant"]))
    return ranks


def test_hash_embedder_ranks_relevant_jobs_first():
    # Given the evaluation set: job postings, and CV snippets with the jobs relevant to them
    rows = eval_rows()
    assert sum(row["kind"] == "query" for row in rows) >= 20
    # When every snippet ranks all the postings by cosine similarity
    ranks = first_relevant_ranks(rows)
    mrr = float(np.mean([1 / rank for rank in ranks]))
    at1 = float(np.mean([rank == 1 for rank in ranks]))
    print(f"hash embedder: MRR {mrr:.3f}, recall@1 {at1:.3f} over {len(ranks)} queries")
    # Then the mean reciprocal rank of the first relevant job stays at or above the bar
    assert mrr >= MIN_MRR
