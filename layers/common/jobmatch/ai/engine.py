"""Structured generation: a task (instructions, data, output schema, offline analyst) in, a validated object out.

The configured provider (`CHAT_ENGINE`: offline, openai or bedrock) answers when it can. A provider failure, a
timeout, output that is not JSON or does not validate, or a result the caller's `accept` check refuses, falls back
to the task's offline analyst; the result always names the engine that produced it. CV and other texts sent to a
hosted provider are scrubbed of e-mail addresses, phone numbers and street addresses first, and whatever comes
back is clamped by the schema's types and cleaned of claims the sources do not support.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

from aws_lambda_powertools import Logger
from pydantic import BaseModel, ValidationError

from jobmatch.ai.base import Provider
from jobmatch.ai.pii import scrub_pii
from jobmatch.ai.prompt import build_prompt
from jobmatch.ai.retry import EngineFailure
from jobmatch.ai.sanitize import Grounding
from jobmatch.config import ConfigurationError, Settings, get_settings

logger = Logger(child=True)
T = TypeVar("T", bound=BaseModel)

OFFLINE = "offline"
CONFIGURED = "configured"  # use the provider named by the settings
MAX_PARALLEL = 8
DEFAULT_OPENAI_MODEL = "accounts/fireworks/models/llama-v3p3-70b-instruct"
DEFAULT_BEDROCK_MODEL = "amazon.nova-lite-v1:0"


class Rejected(EngineFailure):
    """Raised by a task's `accept` check when valid output is still unusable (too few questions, ...)."""


@dataclass(frozen=True)
class Task(Generic[T]):
    """One structured-generation job: the same description serves the hosted model and the offline analyst."""

    name: str
    instructions: str
    data: Mapping[str, str]
    schema: type[T]
    offline: Callable[[], T]
    accept: Callable[[T], T] | None = None
    grounding: Grounding | None = None
    grounded_fields: frozenset[str] | None = None  # text fields the grounding check cleans (None: all)


@dataclass(frozen=True)
class Generated(Generic[T]):
    """A validated result, the engine that produced it, and why the provider was not used (if it was not)."""

    value: T
    engine: str
    fallback_reason: str | None = None


def generate(
    task: Task[T], *, deadline: float | None = None, provider: Provider | str | None = CONFIGURED
) -> Generated[T]:
    """Run `task` with the provider (default: the configured one), falling back to its offline analyst."""
    chosen = get_provider() if provider == CONFIGURED else provider
    if chosen is None:
        return Generated(_finish(task, task.offline()), OFFLINE)
    deadline = deadline if deadline is not None else time.monotonic() + get_settings().ai_timeout_s
    started = time.monotonic()
    try:
        value, attempts = _hosted(task, chosen, deadline)
    except EngineFailure as exc:
        return _fallback(task, chosen, exc.reason, started)
    except ValidationError as exc:
        return _fallback(task, chosen, f"schema violation ({exc.error_count()} errors)", started)
    logger.info("ai generated", extra=_log(task, chosen.name, started, attempts=attempts))
    return Generated(_finish(task, value), chosen.name)


def _hosted(task: Task[T], provider: Provider, deadline: float) -> tuple[T, int]:
    data = {key: scrub_pii(value) if isinstance(value, str) else value for key, value in task.data.items()}
    raw, attempts = provider.complete(build_prompt(task.name, task.instructions, data, task.schema), deadline)
    value = task.schema.model_validate(raw)
    return (task.accept(value) if task.accept else value), attempts


def _fallback(task: Task[T], provider: Provider, reason: str, started: float) -> Generated[T]:
    logger.warning("ai fallback", extra=_log(task, provider.name, started, reason=reason))
    return Generated(_finish(task, task.offline()), OFFLINE, reason)


def _finish(task: Task[T], value: T) -> T:
    if task.grounding is None:
        return value
    cleaned = task.grounding.clean_model(value, task.grounded_fields)
    if task.grounding.flagged:
        logger.info("ai claims removed", extra={"task": task.name, "count": len(task.grounding.flagged)})
    return cleaned  # type: ignore[return-value]


def _log(task: Task, engine: str, started: float, **extra) -> dict:
    return {"task": task.name, "engine": engine, "latency_ms": round((time.monotonic() - started) * 1000), **extra}


def generate_many(
    tasks: Sequence[Task[T]],
    *,
    deadline: float,
    max_workers: int = MAX_PARALLEL,
    provider: Provider | str | None = CONFIGURED,
) -> list[Generated[T]]:
    """Run tasks concurrently with a hosted provider (in order, offline); results keep the tasks' order.

    A task still running at `deadline` is answered by its offline analyst, so the whole call ends in time.
    """
    chosen = get_provider() if provider == CONFIGURED else provider
    if chosen is None or len(tasks) <= 1:
        return [generate(task, deadline=deadline, provider=chosen) for task in tasks]
    pool = ThreadPoolExecutor(max_workers=min(max_workers, len(tasks)), thread_name_prefix="ai")
    try:
        futures = [pool.submit(generate, task, deadline=deadline, provider=chosen) for task in tasks]
        wait(futures, timeout=max(0.0, deadline - time.monotonic()), return_when=FIRST_EXCEPTION)
        return [_result_or_offline(task, future, chosen) for task, future in zip(tasks, futures, strict=True)]
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _result_or_offline(task: Task[T], future, provider: Provider) -> Generated[T]:
    if future.done():
        return future.result()  # generate() never raises for provider trouble; a bug propagates
    future.cancel()
    logger.warning("ai fallback", extra={"task": task.name, "engine": provider.name, "reason": "deadline"})
    return Generated(_finish(task, task.offline()), OFFLINE, "deadline")


def get_provider(settings: Settings | None = None) -> Provider | None:
    """The configured hosted provider, built once per process; None for the offline engine."""
    settings = settings or get_settings()
    return _build(settings.chat_engine, settings.chat_model, settings.chat_api_base, settings.ai_timeout_s)


def reset_provider_cache() -> None:
    _build.cache_clear()


@lru_cache(maxsize=4)
def _build(engine: str, model: str | None, api_base: str, timeout_s: float) -> Provider | None:
    if engine == OFFLINE:
        return None
    if engine == "openai":
        from jobmatch.ai.openai_chat import OpenAIChatProvider

        return OpenAIChatProvider(model or DEFAULT_OPENAI_MODEL, api_base, api_key, timeout_s)
    if engine == "bedrock":
        from jobmatch.ai.bedrock_chat import BedrockConverseProvider

        return BedrockConverseProvider(model or DEFAULT_BEDROCK_MODEL, timeout_s)
    raise ConfigurationError(f"unknown CHAT_ENGINE {engine!r}")


def api_key() -> str | None:
    """AI_API_KEY, else the key in the AI_API_KEY_SECRET_ARN secret (cached by Powertools for five minutes)."""
    settings = get_settings()
    if settings.ai_api_key or not settings.ai_api_key_secret_arn:
        return settings.ai_api_key
    from aws_lambda_powertools.utilities.parameters import get_secret

    from jobmatch.embeddings.factory import SECRET_MAX_AGE_S, key_from_secret

    secret = get_secret(settings.ai_api_key_secret_arn, max_age=SECRET_MAX_AGE_S)
    return key_from_secret(secret.decode() if isinstance(secret, bytes) else secret)
