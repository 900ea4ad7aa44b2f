"""Token-bucket rate limits kept in PostgreSQL, so that every Lambda container shares them.

A bucket holds at most `burst` tokens and refills at `per_minute / 60` tokens a second; each request takes one.
"""

from __future__ import annotations

import math

from jobmatch import db
from jobmatch.errors import TooManyRequests

# One statement: refill by the time elapsed, then take a token if a whole one is there.
_TAKE = """
INSERT INTO rate_buckets AS b (key, tokens, allowed, refreshed_at)
VALUES (%(key)s, %(burst)s - 1, true, clock_timestamp())
ON CONFLICT (key) DO UPDATE SET
    allowed = LEAST(%(burst)s, b.tokens + extract(epoch FROM clock_timestamp() - b.refreshed_at) * %(rate)s) >= 1,
    tokens = LEAST(%(burst)s, b.tokens + extract(epoch FROM clock_timestamp() - b.refreshed_at) * %(rate)s)
             - CASE WHEN LEAST(%(burst)s, b.tokens + extract(epoch FROM clock_timestamp() - b.refreshed_at)
                               * %(rate)s) >= 1 THEN 1 ELSE 0 END,
    refreshed_at = clock_timestamp()
RETURNING allowed, tokens
"""


def take(key: str, *, per_minute: int, burst: int) -> None:
    """Take one token from the bucket `key`; 429 with Retry-After when it is empty."""
    rate = per_minute / 60.0
    row = db.fetch_one(_TAKE, {"key": key, "burst": float(burst), "rate": rate})
    if not row["allowed"]:
        wait = math.ceil((1 - row["tokens"]) / rate)
        raise TooManyRequests(wait, "Too many requests from this address. Slow down and retry later.")
