"""Build the SAM application without containers, then import every built handler as Lambda would.

1. install aws-sam-cli into its own venv (.venv-sam) when it is missing;
2. find a python3.12 (asking pyenv when PATH has none), which `sam build` needs without a container;
3. `sam validate --lint` and `sam build`;
4. per function, a fresh `python3.12 -I -S` whose only import paths are the built function, the built
   layer and a boto3 standing in for the one the Lambda runtime provides.

The report, with timings, goes to `.aws-sam/check-report.json`; the exit code is 1 when anything failed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from local.template import function_environment, functions, load_template  # noqa: E402

SAM_CLI_VERSION = "1.170.0"
RUNTIME = "3.12"
# Stands in for the SDK that the Lambda runtime ships in /var/runtime (not part of our layer).
RUNTIME_BOTO3 = "boto3==1.40.76"
WORK = ROOT / ".aws-sam"
BUILD_DIR = WORK / "build"
REPORT = WORK / "check-report.json"
QUIET = {"capture_output": True, "text": True, "check": False}
# Imports only: a database URL is needed by the settings but nothing connects at import time.
IMPORT_ENV = {
    "APP_ENV": "test",
    "DATABASE_URL": "postgresql://import-check@127.0.0.1:9/import-check",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_ACCESS_KEY_ID": "import-check",
    "AWS_SECRET_ACCESS_KEY": "import-check",
    "POWERTOOLS_TRACE_DISABLED": "1",
}
IMPORT_PROBE = """
import importlib, sys
sys.path[:0] = sys.argv[1:4]
module = importlib.import_module(sys.argv[4])
handler = getattr(module, sys.argv[5], None)
if not callable(handler):
    raise SystemExit(f"{sys.argv[4]} has no callable {sys.argv[5]}")
print(module.__file__)
"""


class CheckError(RuntimeError):
    """A step of the check could not run."""


def run(cmd: list[str], env: dict[str, str] | None = None, log: Path | None = None) -> float:
    """Run a command in the repository, its output into `log`; return the seconds it took."""
    started = time.monotonic()
    with open(log or os.devnull, "w", encoding="utf-8") as out:
        done = subprocess.run(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, check=False)
    if done.returncode != 0:
        tail = log.read_text(encoding="utf-8")[-4000:] if log else ""
        raise CheckError(f"{' '.join(cmd[:3])} exited {done.returncode}\n{tail}")
    return round(time.monotonic() - started, 1)


def ensure_sam(venv: Path) -> tuple[Path, float | None]:
    """The pinned `sam`, installed into `venv` when missing, and the install time (None: reused)."""
    sam = venv / "bin" / "sam"
    if sam.exists() and SAM_CLI_VERSION in subprocess.run([sam, "--version"], **QUIET).stdout:
        return sam, None
    started = time.monotonic()
    run([sys.executable, "-m", "venv", "--clear", str(venv)])
    pip = [str(venv / "bin" / "pip"), "install", "--disable-pip-version-check"]
    run([*pip, f"aws-sam-cli=={SAM_CLI_VERSION}"], log=WORK / "sam-install.log")
    return sam, round(time.monotonic() - started, 1)


def runtime_env() -> dict[str, str]:
    """An environment in which `python3.12` runs, asking pyenv for a 3.12 when PATH has none."""
    env = {**os.environ, "SAM_CLI_TELEMETRY": "0"}
    if _python_works(env):
        return env
    if shutil.which("pyenv"):
        listed = subprocess.run(["pyenv", "versions", "--bare"], **QUIET).stdout.split()
        current = subprocess.run(["pyenv", "version-name"], **QUIET).stdout.strip()
        for version in (v for v in listed if v.startswith(RUNTIME + ".")):
            env["PYENV_VERSION"] = ":".join(filter(None, [current, version]))
            if _python_works(env):
                return env
    raise CheckError(
        f"python{RUNTIME} not found: sam build without a container needs the runtime's Python on PATH. "
        f"Install it (`pyenv install {RUNTIME}`) or set PYENV_VERSION to include a {RUNTIME}.x."
    )


def _python_works(env: dict[str, str]) -> bool:
    probe = [f"python{RUNTIME}", "-c", "import sys; print('%d.%d' % sys.version_info[:2])"]
    try:
        done = subprocess.run(probe, env=env, **QUIET)
    except FileNotFoundError:
        return False
    return done.returncode == 0 and done.stdout.strip() == RUNTIME


def install_runtime_sdk(env: dict[str, str]) -> Path:
    """A folder holding the boto3 that the Lambda runtime would provide."""
    target = WORK / "lambda-runtime"
    if not (target / "boto3").is_dir():
        cmd = [
            f"python{RUNTIME}",
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--target",
            str(target),
            RUNTIME_BOTO3,
        ]
        run(cmd, env=env, log=WORK / "runtime-sdk.log")
    return target


def check_imports(template: dict, env: dict[str, str], sdk: Path) -> dict[str, dict]:
    """Import each function's handler from the build output in a fresh interpreter."""
    results = {}
    layer = BUILD_DIR / "CommonLayer" / "python"
    for logical_id, props in functions(template).items():
        module, attr = props["Handler"].rsplit(".", 1)
        variables = function_environment(template, logical_id).items()
        plain = {name: value for name, value in variables if isinstance(value, str)}
        proc_env = {**env, **plain, **IMPORT_ENV}
        cmd = [
            f"python{RUNTIME}",
            "-I",
            "-S",
            "-c",
            IMPORT_PROBE,
            str(BUILD_DIR / logical_id),
            str(layer),
            str(sdk),
            module,
            attr,
        ]
        done = subprocess.run(cmd, env=proc_env, **QUIET)
        ok = done.returncode == 0
        detail = done.stdout.strip() if ok else (done.stderr.strip().splitlines() or ["no output"])[-1]
        results[logical_id] = {"ok": ok, "handler": props["Handler"], "detail": detail}
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sam-venv", default=os.environ.get("SAM_VENV", str(ROOT / ".venv-sam")))
    parser.add_argument("--no-validate", action="store_true", help="skip `sam validate --lint`")
    args = parser.parse_args()
    WORK.mkdir(exist_ok=True)
    report: dict = {"sam_cli": SAM_CLI_VERSION, "ok": False, "run_id": os.environ.get("SAM_CHECK_RUN_ID")}
    try:
        report.update(_check(Path(args.sam_venv), validate=not args.no_validate))
    except CheckError as exc:
        report["error"] = str(exc)
    REPORT.write_text(json.dumps(report, indent=2), encoding="utf-8")
    _print_summary(report)
    return 0 if report["ok"] else 1


def _check(venv: Path, validate: bool) -> dict:
    sam, install_s = ensure_sam(venv)
    env = runtime_env()
    result: dict = {"install_seconds": install_s, "python_env": env.get("PYENV_VERSION", "PATH")}
    if validate:
        lint_env = {"AWS_DEFAULT_REGION": "us-east-1", **env}
        cmd = [str(sam), "validate", "--lint", "--template-file", "template.yaml"]
        result["validate_seconds"] = run(cmd, env=lint_env, log=WORK / "sam-validate.log")
    cmd = [str(sam), "build", "--template-file", "template.yaml", "--build-dir", str(BUILD_DIR)]
    result["build_seconds"] = run(cmd, env=env, log=WORK / "sam-build.log")
    started = time.monotonic()
    template = load_template(ROOT / "template.yaml")
    result["imports"] = check_imports(template, env, install_runtime_sdk(env))
    result["import_seconds"] = round(time.monotonic() - started, 1)
    result["ok"] = all(item["ok"] for item in result["imports"].values())
    return result


def _print_summary(report: dict) -> None:
    for key in ("install_seconds", "validate_seconds", "build_seconds", "import_seconds"):
        if key in report:
            print(f"{key}: {report[key]}")
    for logical_id, item in report.get("imports", {}).items():
        status = "ok  " if item["ok"] else "FAIL"
        print(f"{status} {logical_id:<18} {item['handler']:<30} {item['detail']}")
    if "error" in report:
        print(f"error: {report['error']}")
    print(f"report: {REPORT.relative_to(ROOT)}")


if __name__ == "__main__":
    raise SystemExit(main())
