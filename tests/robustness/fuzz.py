"""Schemathesis against the OpenAPI document a runner serves, once per role, with the seeded world's ids.

`make fuzz` (python -m tests.robustness.fuzz) runs every phase with many examples and prints the counts;
tests/robustness/test_fuzz.py runs a short pass of the same thing inside `make test`.

Checks: no 5xx, every status code documented, every body and header as documented, the documented content
type, and no answer slower than MAX_RESPONSE_S (requests time out after REQUEST_TIMEOUT_S: no hang).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.robustness import harness

CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "response_schema_conformance",
    "content_type_conformance",
    "response_headers_conformance",
)
ROLES = ("anonymous", "seeker_A", "owner_A", "admin")  # the admin last: its deletes succeed
MAX_RESPONSE_S = 10
REQUEST_TIMEOUT_S = 30
SHORT = {"phases": "examples,fuzzing", "examples": 2, "workers": 1}
LONG = {"phases": "examples,coverage,fuzzing,stateful", "examples": 20, "workers": 2}

# Where a parameter names a row, half of the generated values are ids of the world's rows.
PATH_IDS = {
    "company_id": ("company",),
    "skill_id": ("skill",),
    "job_id": ("job",),
    "cv_id": ("cv",),
    "application_id": ("application",),
    "embedding_id": ("cv_embedding", "job_embedding"),
    "recommendation_id": ("recommendation",),
    "user_id": ("user",),
    "upload_id": ("upload",),
}
QUERY_IDS = {"company": ("company",), "cv": ("cv",), "job": ("job",), "user": ("user",), "session_id": ("session",)}
BODY_IDS = {
    "cv_id": ("cv",),
    "cv": ("cv",),
    "job": ("job",),
    "company": ("company",),
    "skill_id": ("skill",),
    "question_id": ("question",),
    "session_id": ("session",),
    "answer_id": ("answer",),
}


@dataclass
class RoleResult:
    """What one schemathesis run reported."""

    role: str
    generated: int
    with_failures: int
    failures: list[dict]
    seconds: float
    output: Path

    def line(self) -> str:
        kinds = ", ".join(f"{f['code']} {f['title']} x{f['count']}" for f in self.failures) or "none"
        counts = f"{self.generated:>6} cases  {self.with_failures:>3} failing"
        return f"{self.role:<10} {counts}  ({kinds})  {self.seconds:.0f} s"


def config_text(world: harness.World) -> str:
    """A schemathesis.toml whose dictionaries hold the world's ids, bound to the parameters that name rows."""
    lines, bindings = [], []
    for location, names in (("path", PATH_IDS), ("query", QUERY_IDS), ("body", BODY_IDS)):
        for name, kinds in names.items():
            dictionary = f"{location}_{name}"
            values = [value for kind in kinds for value in world.ids(kind)]
            lines += [f"[dictionaries.{dictionary}]", f"values = {json.dumps(values)}", ""]
            bindings.append(f'"{location}.{name}" = {{ dictionary = "{dictionary}", probability = 0.5 }}')
    return "\n".join([*lines, "[parameters]", *bindings, ""])


def run_role(base_url: str, role: str, token: str | None, config: Path, settings: dict, out_dir: Path, seed: int):
    """One `st run` as this role; its JSON report read back."""
    report, output = out_dir / f"{role}.json", out_dir / f"{role}.txt"
    command = [sys.executable, "-m", "schemathesis.cli", "--config-file", str(config), "--no-color", "run"]
    command += [f"{base_url}/api/openapi.json", "--checks", ",".join(CHECKS), "--phases", settings["phases"]]
    command += ["--max-examples", str(settings["examples"]), "--workers", str(settings["workers"])]
    command += ["--seed", str(seed), "--request-timeout", str(REQUEST_TIMEOUT_S)]
    command += ["--max-response-time", str(MAX_RESPONSE_S), "--warnings", "off", "--output-truncate", "true"]
    command += ["--report", "json", "--report-json-path", str(report)]
    if token:
        command += ["-H", f"Authorization: Bearer {token}"]
    started = time.monotonic()
    with output.open("w") as sink:
        subprocess.run(command, cwd=out_dir, stdout=sink, stderr=subprocess.STDOUT, timeout=3600, check=False)
    data = json.loads(report.read_text())
    cases = data["test_cases"]
    seconds = time.monotonic() - started
    return RoleResult(role, cases["generated"], cases["with_failures"], data["failures"], seconds, output)


def fuzz_all(base_url: str, world: harness.World, settings: dict, out_dir: Path, seed: int) -> list[RoleResult]:
    """Every role in turn, each with fresh tokens (an earlier role may have changed users)."""
    config = out_dir / "schemathesis.toml"
    config.write_text(config_text(world))
    results = []
    with httpx.Client(base_url=base_url, timeout=60) as client:
        for role in ROLES:
            token = None if role == "anonymous" else _fresh_token(client, world.actors[role])
            results.append(run_role(base_url, role, token, config, settings, out_dir, seed))
    return results


def _fresh_token(client: httpx.Client, actor: harness.Actor) -> str:
    return harness.login(client, actor.key, actor.username).access


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make fuzz", description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=LONG["examples"], help="examples per operation and phase")
    parser.add_argument("--phases", default=LONG["phases"])
    parser.add_argument("--workers", type=int, default=LONG["workers"])
    parser.add_argument("--seed", type=int, default=int(time.time()) % 100_000)
    args = parser.parse_args(argv)
    settings = {"phases": args.phases, "examples": args.examples, "workers": args.workers}
    out_dir = Path(tempfile.mkdtemp(prefix="jobmatch-fuzz-"))
    with harness.scratch_database("fuzz") as url:
        harness.create_admin(url, "root_admin")
        runner = harness.start_runner(out_dir, url, harness.RELAXED_LIMITS)
        try:
            with httpx.Client(base_url=runner.base_url, timeout=60) as client:
                world = harness.build_world(client, "root_admin", lambda w: harness.wait_for_embeddings(client, w))
            results = fuzz_all(runner.base_url, world, settings, out_dir, args.seed)
        finally:
            runner.stop()
    print(f"schemathesis {settings} seed {args.seed}; outputs in {out_dir}")
    for result in results:
        print(result.line())
    total = sum(r.generated for r in results)
    failing = sum(r.with_failures for r in results)
    print(f"total      {total:>6} cases  {failing:>3} failing")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
