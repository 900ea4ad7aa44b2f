"""`make bench`: run every benchmark, each in its own process and database, and write docs/benchmarks.md with plots.

    python -m bench                 full sizes (search at ~10k, ~100k and ~300k job chunks; about 30-40 minutes)
    python -m bench --quick         small sizes and fewer samples, a check that everything runs (a few minutes)
    python -m bench --only rag      one area (repeatable); the other areas keep their numbers of the last run

Each step runs in a fresh Python process (`--step`) that calls one benchmark function and writes its numbers as
JSON; its output goes to .local/bench/logs/. The numbers of every area are kept in docs/benchmarks.json (next to
the page given by --output), from which `bench.report` writes the page and the plots in img/ beside it. Nothing
here asserts anything about time.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import shlex
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [p for p in (str(REPO), str(REPO / "layers" / "common")) if p not in sys.path]

from bench import report  # noqa: E402 - needs the path above

LOGS = REPO / ".local" / "bench" / "logs"
OUTPUT = REPO / "docs" / "benchmarks.md"
CHUNKS_PER_JOB = 1.92  # measured on the corpus (bench/corpus.py); the report shows the real chunk counts
# From the floor the search applies (the rows it reads per query vector, 40 for a top 10) to 800.
EF_VALUES = (40, 60, 100, 200, 400, 800)


@dataclass(frozen=True)
class Step:
    """One call of a benchmark function in its own process; `key` names its numbers inside the area."""

    area: str
    key: str
    module: str
    function: str
    kwargs: dict = field(default_factory=dict)


def jobs_for(chunks: int) -> int:
    """Postings to generate for about `chunks` job chunks."""
    return round(chunks / CHUNKS_PER_JOB / 100) * 100


def rag_steps(chunk_sizes: tuple[int, ...], sweep_at: int, queries: int, samples: int, quick: bool) -> list[Step]:
    """One search benchmark per corpus size; the ef_search sweep at `sweep_at` chunks; HTTP at every size (full)."""
    return [
        Step("rag", f"{chunks}", "bench.rag_bench", "measure", {
            "jobs": jobs_for(chunks), "queries": queries, "samples": samples,
            "runner": not quick or chunks == sweep_at, "ef_sweep": list(EF_VALUES) if chunks == sweep_at else None,
        })
        for chunks in chunk_sizes
    ]  # fmt: skip


def steps(quick: bool) -> list[Step]:
    """Every step of a full or a quick run, in the order they run."""
    if quick:
        http = {"samples": {"GET /api/health": 50, "POST /api/auth/login": 20, "GET /api/auth/me": 50}, "starts": 2}
        search = rag_steps((2_000, 10_000), 10_000, queries=40, samples=40, quick=True)
    else:
        http = {}
        search = rag_steps((10_000, 100_000, 300_000), 100_000, queries=200, samples=300, quick=False)
    return [
        Step("cold_start", "functions", "bench.cold_start", "run", {"runs": 2 if quick else 7}),
        Step("http", "runner", "bench.http_latency", "measure", http),
        Step("catalog", "catalog", "bench.catalog_bench", "measure",
             {"jobs": 1_000, "samples": 50} if quick else {"jobs": 10_000, "samples": 200}),
        Step("interview", "interview", "bench.interview_bench", "measure", {"samples": 5 if quick else 30}),
        Step("advisor", "advisor", "bench.advisor_bench", "measure",
             {"jobs": 600, "users": 8, "samples": 10, "dashboard_samples": 50} if quick else {}),
        Step("parse", "pdf", "bench.parse_bench", "measure", {"runs": 10 if quick else 50}),
        Step("embed_eval", "hash", "bench.embed_eval", "measure"),
        *search,
        *load_steps(quick),
    ]  # fmt: skip


def load_steps(quick: bool) -> list[Step]:
    """The load test, when the repository has one."""
    if not (REPO / "bench" / "load_test.py").exists():
        return []
    return [Step("load_test", "load", "bench.load_test", "measure", {"users": 10 if quick else 20,
                                                                     "seconds": 10 if quick else 30})]  # fmt: skip


# ---------------------------------------------------------------- running


def run_step(step: Step, quick: bool) -> dict:
    """Run one step in a fresh process; its numbers, wall time and log file (or the error and the log's tail)."""
    LOGS.mkdir(parents=True, exist_ok=True)
    log = LOGS / f"{step.area}-{step.key}.log"
    result = LOGS / f"{step.area}-{step.key}.json"
    result.unlink(missing_ok=True)
    command = [sys.executable, "-m", "bench", "--step", json.dumps(asdict(step)), "--result", str(result)]
    started = time.perf_counter()
    with log.open("wb") as sink:
        code = subprocess.run(command, cwd=REPO, stdout=sink, stderr=subprocess.STDOUT, check=False).returncode
    seconds = time.perf_counter() - started
    entry = {"mode": "quick" if quick else "full", "seconds": seconds, "finished": _now(), "log": _relative(log)}
    if code != 0 or not result.exists():
        tail = log.read_text(errors="replace").strip().splitlines()[-15:]
        return entry | {"error": f"exit status {code}", "log_tail": tail}
    return entry | {"numbers": json.loads(result.read_text())}


def child(step_json: str, result: Path) -> None:
    """Inside the step's process: call the benchmark function and write what it returns."""
    step = Step(**json.loads(step_json))
    function = getattr(importlib.import_module(step.module), step.function)
    numbers = function(**step.kwargs)
    result.write_text(json.dumps(numbers, indent=1, default=str))


def machine() -> dict:
    """What the numbers were measured on, and the server versions of the benchmark database."""
    import psycopg

    from bench.common import admin_url

    url = admin_url()
    with psycopg.connect(url, autocommit=True) as conn:
        server = conn.execute("SHOW server_version").fetchone()[0]
        row = conn.execute("SELECT default_version FROM pg_available_extensions WHERE name = 'vector'").fetchone()
    return {
        "cpu_model": _cpu_model(),
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)),
        "memory_gib": _memory_gib(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "postgresql": server,
        "pgvector": row[0] if row else None,
        "embedder": _embedder(url),
        "commit": _git("rev-parse", "--short", "HEAD"),
        "dirty": bool(_git("status", "--porcelain", "--untracked-files=no")),
    }


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _memory_gib() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 1024**2
    raise RuntimeError("no MemTotal in /proc/meminfo")


def _embedder(url: str) -> str:
    """The model id of the embedder the benchmarks' settings name (the environment, as in each step)."""
    from jobmatch.config import load_settings
    from jobmatch.embeddings import get_embedder

    return get_embedder(load_settings({"APP_ENV": "local", **os.environ, "DATABASE_URL": url})).model_id


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=True).stdout.strip()


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _relative(path: Path) -> str:
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)


# ---------------------------------------------------------------- main


def previous_results(results: Path, only: list[str] | None) -> dict:
    """The areas of the last run to keep: all of them when running `--only` some, none for a whole run."""
    if not only or not results.exists():
        return {}
    return json.loads(results.read_text()).get("areas", {})


def run_all(args: argparse.Namespace, command: str) -> int:
    """Run the chosen steps, keep their numbers in docs/benchmarks.json, write the page; 1 if a step failed."""
    plan = [s for s in steps(args.quick) if not args.only or s.area in args.only]
    results, images = args.output.with_suffix(".json"), args.output.parent / "img"
    areas = previous_results(results, args.only)
    for name in {s.area for s in plan}:
        areas[name] = {}
    run = {"command": command, "mode": "quick" if args.quick else "full", "started": _now(), "machine": machine()}
    run["load_before"] = os.getloadavg()
    started = time.perf_counter()
    for number, step in enumerate(plan, start=1):
        print(f"[{number}/{len(plan)}] {step.area} {step.key} ...", flush=True)
        areas[step.area][step.key] = entry = run_step(step, args.quick)
        status = entry.get("error", "done")
        print(f"[{number}/{len(plan)}] {step.area} {step.key}: {status} in {entry['seconds']:.0f} s", flush=True)
    run |= {"seconds": time.perf_counter() - started, "load_after": os.getloadavg(), "finished": _now()}
    document = {"run": run, "areas": areas}
    results.write_text(json.dumps(document, indent=1, default=str) + "\n")
    report.write(document, args.output, images)
    print(f"wrote {_relative(args.output)}, {_relative(results)} and the plots in {_relative(images)}")
    failed = [f"{area} {key}" for area, entries in areas.items() for key, e in entries.items() if "error" in e]
    if failed:
        print("failed steps (see their logs in .local/bench/logs/): " + ", ".join(failed), file=sys.stderr)
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    areas = sorted({s.area for s in steps(quick=False)} | {"load_test"})
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes and fewer samples (a few minutes)")
    parser.add_argument("--only", action="append", choices=areas, help="run only this area (repeatable)")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="the page (its numbers: same name, .json)")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.step:
        child(args.step, args.result)
        return 0
    args.output = args.output.resolve()
    return run_all(args, shlex.join(["python", "-m", "bench", *argv]))


if __name__ == "__main__":
    sys.exit(main())
