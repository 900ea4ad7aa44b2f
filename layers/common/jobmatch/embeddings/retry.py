"""Bounded retries with exponential backoff and jitter for calls to embedding providers."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from aws_lambda_powertools import Logger

from jobmatch.embeddings.base import PROVIDER_DOWN
from jobmatch.errors import ServiceUnavailable

logger = Logger(child=True)
T = TypeVar("T")


class Retryable(Exception):
    """A transient provider failure (throttling, 5xx, timeout); `reason` is safe to log."""

    def __init__(self, reason: str, retry_after: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


@dataclass(frozen=True)
class RetryPolicy:
    """How many times to try, and how long to wait in between."""

    attempts: int = 3
    base_delay_s: float = 0.5
    max_delay_s: float = 8.0
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False)

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Seconds to wait after failed attempt `attempt` (from 0): Retry-After, else backoff."""
        if retry_after is not None:
            return max(0.0, retry_after)
        backoff = min(self.max_delay_s, self.base_delay_s * 2**attempt)
        return backoff / 2 + random.uniform(0, backoff / 2)


def call_with_retries(call: Callable[[], T], policy: RetryPolicy, provider: str) -> T:
    """Run `call`, retrying `Retryable` failures; ServiceUnavailable once attempts are spent."""
    for attempt in range(policy.attempts):
        try:
            return call()
        except Retryable as exc:
            too_long = exc.retry_after is not None and exc.retry_after > policy.max_delay_s
            if attempt + 1 >= policy.attempts or too_long:
                logger.warning(
                    "embedding provider unavailable",
                    extra={"provider": provider, "reason": exc.reason, "attempts": attempt + 1},
                )
                raise ServiceUnavailable(PROVIDER_DOWN) from exc
            extra = {"provider": provider, "reason": exc.reason, "attempt": attempt + 1}
            logger.info("embedding provider retry", extra=extra)
            policy.sleep(policy.delay(attempt, exc.retry_after))
    raise ServiceUnavailable(PROVIDER_DOWN)  # only reached with attempts < 1


def provider_failed(provider: str, reason: str) -> ServiceUnavailable:
    """Log a failure that retrying cannot fix, and return the client-safe error to raise."""
    logger.error("embedding provider failed", extra={"provider": provider, "reason": reason})
    return ServiceUnavailable(PROVIDER_DOWN)
