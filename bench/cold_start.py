"""Cold-start import time of each function: median of several fresh Python processes importing its handler."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FUNCTIONS = ["auth", "catalog", "rag", "interview", "advisor", "ingest"]
RUNS = 7

_PROBE = """
import sys, time
sys.path[:0] = {paths!r}
start = time.perf_counter()
import {name}.app
print(time.perf_counter() - start)
"""


def import_seconds(name: str) -> float | None:
    if not (REPO / "functions" / name / name / "app.py").exists():
        return None
    paths = [str(REPO / "layers" / "common"), str(REPO / "functions" / name)]
    env = {
        **os.environ,
        "APP_ENV": "local",
        "DATABASE_URL": "postgresql://bench@127.0.0.1:1/none",
        "JWT_SIGNING_KEY": "bench-key-not-used-for-anything-real",
        "POWERTOOLS_SERVICE_NAME": "bench",
    }
    out = subprocess.run(
        [sys.executable, "-c", _PROBE.format(paths=paths, name=name)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(out.stdout.strip().splitlines()[-1])


def run(runs: int = RUNS) -> dict[str, float | None]:
    """Median milliseconds to import each function's handler in a fresh process (None: no such function)."""
    results = {}
    for name in FUNCTIONS:
        samples = [import_seconds(name) for _ in range(runs)]
        results[name] = None if samples[0] is None else statistics.median(samples) * 1000
    return results


def main() -> None:
    print(f"cold start: median import time of the handler module over {RUNS} fresh processes")
    for name, ms in run().items():
        print(f"  {name:<10} {'absent' if ms is None else f'{ms:7.1f} ms'}")


if __name__ == "__main__":
    main()
