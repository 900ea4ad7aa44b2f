"""Re-embed jobs and CVs with the configured embedder: `python -m local.reindex [--pending] [--only jobs|cvs]`.

Run it after a change of embedding model (every row is rebuilt with the new one, never mixed), or with
`--pending` to catch up on what a provider outage left pending. Jobs are embedded in batches and written
with binary COPY (`jobmatch.job_index`); CVs go through the ingest worker's path (`jobmatch.cv_index`).
Stops, with exit status 1, when the provider is unavailable: what was not done stays pending.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass

from tqdm import tqdm

from local import settings

JOB_IDS = "SELECT id FROM jobs {where} ORDER BY id"
CV_IDS = "SELECT id FROM cvs {where} ORDER BY id"
CV_TEXTS = "SELECT id::text, version, parsed_text FROM cvs WHERE id = ANY(%(ids)s) ORDER BY id"
PENDING = "WHERE embedding_status = 'pending'"


@dataclass
class Totals:
    ready: int = 0
    pending: int = 0
    failed: int = 0
    skipped: int = 0

    def line(self, kind: str) -> str:
        return f"{kind}: {self.ready} embedded, {self.failed} failed, {self.skipped} skipped, {self.pending} pending"


def _batches(ids: list, size: int):
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def reindex_jobs(pending_only: bool, batch: int, progress: bool = True) -> Totals:
    """Re-embed every job (or the pending ones); stops at the first batch the provider could not embed."""
    from jobmatch import db, job_index

    ids = [row["id"] for row in db.fetch_all(JOB_IDS.format(where=PENDING if pending_only else ""))]
    totals = Totals()
    with tqdm(total=len(ids), unit="job", desc="jobs", disable=not progress) as bar:
        for chunk in _batches(ids, batch):
            report = job_index.index_jobs(chunk)
            totals.ready += report.ready
            totals.failed += report.failed
            totals.skipped += report.skipped
            bar.update(len(chunk))
            if report.pending:
                totals.pending = len(ids) - totals.ready - totals.failed - totals.skipped
                break
    return totals


def reindex_cvs(pending_only: bool, batch: int, progress: bool = True) -> Totals:
    """Re-embed the current version of every CV (or the pending ones) the way the ingest worker does."""
    from jobmatch import cv_index, db
    from jobmatch.errors import ServiceUnavailable, UpstreamError

    ids = [row["id"] for row in db.fetch_all(CV_IDS.format(where=PENDING if pending_only else ""))]
    totals = Totals()
    outcomes = {"embedded": "ready", "failed": "failed", "stale": "skipped"}
    with tqdm(total=len(ids), unit="cv", desc="cvs", disable=not progress) as bar:
        for chunk in _batches(ids, batch):
            for row in db.fetch_all(CV_TEXTS, {"ids": chunk}):
                try:
                    outcome = cv_index.embed_version(row["id"], row["version"], row["parsed_text"])
                except (ServiceUnavailable, UpstreamError):
                    totals.pending = len(ids) - totals.ready - totals.failed - totals.skipped
                    return totals
                name = outcomes[outcome]
                setattr(totals, name, getattr(totals, name) + 1)
                bar.update(1)
    return totals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="reindex", description=__doc__.splitlines()[0])
    parser.add_argument("--pending", action="store_true", help="only what is pending (after an outage)")
    parser.add_argument("--only", choices=("jobs", "cvs"), help="re-embed only jobs or only CVs")
    parser.add_argument("--batch", type=int, default=50, help="jobs or CVs per batch (default 50)")
    args = parser.parse_args(argv)
    settings.configure()
    from jobmatch.embeddings import get_embedder
    from jobmatch.migrate import apply_migrations

    apply_migrations()
    print(f"embedder: {get_embedder().model_id}")
    stopped = False
    if args.only in (None, "jobs"):
        jobs = reindex_jobs(args.pending, args.batch)
        print(jobs.line("jobs"))
        stopped = jobs.pending > 0
    if args.only in (None, "cvs") and not stopped:
        cvs = reindex_cvs(args.pending, args.batch)
        print(cvs.line("cvs"))
        stopped = cvs.pending > 0
    if stopped:
        print("the embedding provider is unavailable: run again later", file=sys.stderr)
    return 1 if stopped else 0


if __name__ == "__main__":
    sys.exit(main())
