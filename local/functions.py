"""What Lambda does around a handler: its environment, a cold start on first use, the context object, the timeout.

Every function runs in this one process. Lambda gives each function its own environment; here they share
`os.environ`, so the runner sets the union of the template's variables. Where functions disagree (only
`POWERTOOLS_SERVICE_NAME` today), one local value is kept and the difference is logged.
"""

from __future__ import annotations

import importlib
import logging
import os
import re
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from local import template as cfn

log = logging.getLogger("runner")

REGION = "us-east-1"
ACCOUNT_ID = "123456789012"
PSEUDO = {
    "AWS::Region": REGION,
    "AWS::AccountId": ACCOUNT_ID,
    "AWS::Partition": "aws",
    "AWS::URLSuffix": "amazonaws.com",
    "AWS::StackName": "jobmatch-local",
}
# Variables naming the database or a secret: DATABASE_URL and the generated local key replace them.
REPLACED_LOCALLY = {"DB_SECRET_ARN", "DB_HOST", "DB_PORT", "DB_NAME", "JWT_SECRET_ARN", "AI_API_KEY_SECRET_ARN"}
LOCAL_VALUES = {"APP_ENV": "local"}


@dataclass(frozen=True)
class FunctionSpec:
    """A function of the template: where its handler is and the limits Lambda gives it."""

    logical_id: str
    handler: str
    code_uri: str
    timeout_s: float
    memory_mb: int

    @property
    def module(self) -> str:
        return self.handler.rsplit(".", 1)[0]


def function_specs(template: dict[str, Any]) -> dict[str, FunctionSpec]:
    specs = {}
    for logical_id, props in cfn.functions(template).items():
        timeout = float(cfn.resolve(props.get("Timeout", 3), template, PSEUDO))
        memory = int(cfn.resolve(props.get("MemorySize", 128), template, PSEUDO))
        specs[logical_id] = FunctionSpec(logical_id, props["Handler"], props["CodeUri"], timeout, memory)
    return specs


def local_values(template: dict[str, Any], known: dict[str, str]) -> dict[str, Any]:
    """Values for every resource a `Ref`, `GetAtt` or `Sub` names: `known` local names, no value for the rest."""
    values: dict[str, Any] = dict(PSEUDO)
    for name in _referenced(template.get("Globals", {})) | _referenced(template.get("Resources", {})):
        resource = name.split(".", 1)[0]
        if resource in template.get("Resources", {}):
            values[name] = known.get(name, cfn.NO_VALUE)
    return values


def _referenced(node: Any) -> set[str]:
    if isinstance(node, list):
        return set().union(*map(_referenced, node)) if node else set()
    if isinstance(node, str):
        return set(re.findall(r"\$\{([^}!]+)\}", node))
    if not isinstance(node, dict):
        return set()
    if set(node) == {"Ref"}:
        return {node["Ref"]}
    if set(node) == {"Fn::GetAtt"}:
        return {".".join(node["Fn::GetAtt"])}
    return set().union(*map(_referenced, node.values())) if node else set()


def local_environment(template: dict[str, Any], known: dict[str, str]) -> dict[str, str]:
    """The union of every function's variables with local values; names whose values differ are left out."""
    resolved = local_values(template, known)
    values: dict[str, set[str]] = {}
    for logical_id in cfn.functions(template):
        for name, value in cfn.resolved_environment(template, logical_id, resolved).items():
            if name not in REPLACED_LOCALLY:
                values.setdefault(name, set()).add(LOCAL_VALUES.get(name, value))
    differing = sorted(name for name, found in values.items() if len(found) > 1)
    if differing:
        log.info("per-function variables share one local value: %s", ", ".join(differing))
    return {name: found.pop() for name, found in values.items() if len(found) == 1}


def apply_environment(variables: dict[str, str]) -> None:
    """Set the template's variables; a variable already in the environment wins (local overrides)."""
    for name, value in variables.items():
        os.environ.setdefault(name, value)


class LambdaContext:
    """The context object Lambda passes to a handler."""

    def __init__(self, spec: FunctionSpec):
        self.function_name = spec.logical_id
        self.function_version = "$LATEST"
        self.memory_limit_in_mb = spec.memory_mb
        self.invoked_function_arn = f"arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:{spec.logical_id}"
        self.aws_request_id = str(uuid.uuid4())
        self.log_group_name = f"/aws/lambda/{spec.logical_id}"
        self.log_stream_name = "local"
        self._deadline = time.monotonic() + spec.timeout_s

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


class Functions:
    """Handlers imported lazily, once each: the first call of a function is its cold start."""

    def __init__(self, specs: dict[str, FunctionSpec], repo: Path):
        self.specs = specs
        self._repo = repo
        self._handlers: dict[str, Callable] = {}
        # Functions import shared modules (the layer, Powertools): concurrent first imports of two functions
        # can meet a partially initialised module, so cold starts happen one at a time.
        self._cold_starts = threading.Lock()
        self._running = {logical_id: threading.Lock() for logical_id in specs}

    def exists(self, logical_id: str) -> bool:
        """Whether the function's handler module is on disk (others may not be written yet)."""
        spec = self.specs[logical_id]
        module = Path(self._repo, spec.code_uri, *spec.module.split("."))
        return module.with_suffix(".py").is_file() or (module / "__init__.py").is_file()

    def handler(self, logical_id: str) -> Callable:
        handler = self._handlers.get(logical_id)
        if handler is None:
            with self._cold_starts:
                if logical_id not in self._handlers:
                    self._handlers[logical_id] = self._cold_start(self.specs[logical_id])
                handler = self._handlers[logical_id]
        return handler

    def load_module(self, logical_id: str) -> ModuleType:
        """Import the handler's module with the function's code on the path, as Lambda's runtime does."""
        spec = self.specs[logical_id]
        code_dir = str(self._repo / spec.code_uri)
        if code_dir not in sys.path:
            sys.path.insert(0, code_dir)
        return importlib.import_module(spec.module)

    def _cold_start(self, spec: FunctionSpec) -> Callable:
        started = time.perf_counter()
        module = self.load_module(spec.logical_id)
        handler = getattr(module, spec.handler.rsplit(".", 1)[1])
        log.info("cold start %s (%s) in %.0f ms", spec.logical_id, spec.handler, (time.perf_counter() - started) * 1e3)
        return handler

    def invoke(self, logical_id: str, event: dict[str, Any]) -> Any:
        """Call a handler as Lambda would: one event at a time per function, as in one execution environment.

        Powertools' resolver keeps the current event on the app object, so two events in one app at once
        would read each other's body and token. Different functions still run at the same time. An
        invocation over the function's timeout is logged, not stopped.
        """
        spec = self.specs[logical_id]
        handler = self.handler(logical_id)
        with self._running[logical_id]:
            started = time.monotonic()
            result = handler(event, LambdaContext(spec))
            elapsed = time.monotonic() - started
        if elapsed > spec.timeout_s:
            log.warning("%s ran %.1f s, over its %.0f s timeout", logical_id, elapsed, spec.timeout_s)
        return result
