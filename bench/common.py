"""Helpers shared by the benchmarks: a throwaway database on the benchmark server, and latency summaries."""

from __future__ import annotations

import os
import statistics
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# The embedded server of the benchmarks: never the one of `make run` (.local/pgdata) nor of the tests (.local/pgtest).
PG_DATA = REPO / ".local" / "pgbench"


def admin_url() -> str:
    """Start (or attach to) the benchmark server; a URL to its `postgres` database."""
    from local import postgres

    return postgres.start(PG_DATA, database="postgres")


@contextmanager
def scratch_database(prefix: str) -> Iterator[str]:
    """A new empty database on the benchmark server, dropped on exit; yields its URL (not migrated)."""
    from local import postgres

    admin = admin_url()
    name = f"{prefix}_{os.getpid()}"
    postgres.drop_database(admin, name)
    postgres.ensure_database(admin, name)
    try:
        yield admin.replace("/postgres?", f"/{name}?", 1)
    finally:
        postgres.drop_database(admin, name)


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the values fall (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summary(values: list[float]) -> dict[str, float]:
    """Median and 95th percentile milliseconds of latency samples, and their count."""
    return {"median_ms": statistics.median(values), "p95_ms": percentile(values, 0.95), "n": len(values)}
