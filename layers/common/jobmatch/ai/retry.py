"""Bounded, deadline-aware retries with exponential backoff and jitter for calls to chat providers."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

T = TypeVar("T")
MIN_ATTEMPT_S = 1.0  # an attempt with less time than this left would only time out


class EngineFailure(Exception):
    """A provider could not produce an answer; `reason` is short, fixed-vocabulary and safe to log."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class Transient(EngineFailure):
    """A failure worth another attempt: throttling, 5xx, timeout, connection loss."""

    def __init__(self, reason: str, retry_after: float | None = None):
        super().__init__(reason)
        self.retry_after = retry_after


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 3
    base_delay_s: float = 0.5
    max_delay_s: float = 4.0
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False)
    clock: Callable[[], float] = field(default=time.monotonic, compare=False)

    def delay(self, attempt: int, retry_after: float | None) -> float:
        """Retry-After when the provider sent one, else half the backoff plus up to half again at random."""
        if retry_after is not None:
            return max(0.0, retry_after)
        backoff = min(self.max_delay_s, self.base_delay_s * 2**attempt)
        return backoff / 2 + random.uniform(0, backoff / 2)


def with_retries(call: Callable[[float], T], policy: RetryPolicy, deadline: float) -> tuple[T, int]:
    """Run `call(timeout_s)` until it succeeds, fails for good, runs out of attempts or would pass `deadline`.

    Returns the result and the number of attempts; raises the last `EngineFailure` otherwise.
    """
    for attempt in range(policy.attempts):
        remaining = deadline - policy.clock()
        if remaining < MIN_ATTEMPT_S:
            raise EngineFailure("deadline")
        try:
            return call(remaining), attempt + 1
        except Transient as exc:
            wait = policy.delay(attempt, exc.retry_after)
            if attempt + 1 >= policy.attempts or policy.clock() + wait + MIN_ATTEMPT_S > deadline:
                raise
            policy.sleep(wait)
    raise EngineFailure("no attempts")
