"""Token-bucket limits against the real database."""

import pytest

from jobmatch import db, ratelimit
from jobmatch.errors import TooManyRequests


def test_burst_then_refusal_with_retry_after():
    # Given a bucket of 3 tokens refilling at one a second
    for _ in range(3):
        ratelimit.take("ip:203.0.113.1", per_minute=60, burst=3)

    # When a fourth request comes at once
    with pytest.raises(TooManyRequests) as refused:
        ratelimit.take("ip:203.0.113.1", per_minute=60, burst=3)

    # Then it is refused with a short wait, and other keys are untouched
    assert 1 <= refused.value.retry_after <= 2
    ratelimit.take("ip:203.0.113.2", per_minute=60, burst=3)


def test_refusals_do_not_drain_the_bucket_further():
    for _ in range(2):
        ratelimit.take("k", per_minute=60, burst=2)
    for _ in range(5):
        with pytest.raises(TooManyRequests):
            ratelimit.take("k", per_minute=60, burst=2)
    tokens = db.fetch_one("SELECT tokens FROM rate_buckets WHERE key = 'k'")["tokens"]
    assert 0 <= tokens < 1


def test_bucket_refills_over_time():
    for _ in range(2):
        ratelimit.take("slow", per_minute=60, burst=2)
    db.execute("UPDATE rate_buckets SET refreshed_at = refreshed_at - interval '1.5 seconds' WHERE key = 'slow'")
    ratelimit.take("slow", per_minute=60, burst=2)
    with pytest.raises(TooManyRequests):
        ratelimit.take("slow", per_minute=60, burst=2)
