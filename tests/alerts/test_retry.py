"""How long deliveries persist: delivery.max_age, capped jittered backoff, Retry-After."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from faceleak.alerts.retry import RetryPolicy, backoff_delay

T0 = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def test_backoff_is_capped_at_fifteen_minutes_by_default():
    policy = RetryPolicy()
    assert policy.max_s == 900 and policy.max_age == timedelta(days=3)
    assert backoff_delay(50, policy.base_s, policy.max_s, rand=lambda: 1.0) == 900
    assert backoff_delay(10_000, 30, 900, rand=lambda: 0.0) == 450  # no overflow


def test_retries_continue_until_max_age_and_the_last_falls_on_the_deadline():
    policy = RetryPolicy(max_age=timedelta(hours=1), max_s=900)
    late = T0 + timedelta(minutes=55)
    after = policy.next_attempt(attempts=9, since=T0, now=late, retry_after=None,
                                rand=lambda: 1.0)
    assert after == T0 + timedelta(hours=1)  # capped at the deadline, not past it
    gave_up = policy.next_attempt(attempts=10, since=T0, now=T0 + timedelta(hours=1),
                                  retry_after=None)
    assert isinstance(gave_up, str) and "delivery.max_age" in gave_up


def test_retry_after_is_honoured_when_longer_than_the_backoff():
    policy = RetryPolicy()
    after = policy.next_attempt(attempts=1, since=T0, now=T0, retry_after=600,
                                rand=lambda: 0.0)
    assert after == T0 + timedelta(seconds=600)
    short = policy.next_attempt(attempts=1, since=T0, now=T0, retry_after=1, rand=lambda: 0.0)
    assert short == T0 + timedelta(seconds=15)


def test_max_attempts_still_limits_when_set():
    policy = RetryPolicy(max_attempts=3)
    assert policy.next_attempt(attempts=3, since=T0, now=T0, retry_after=None) == (
        "gave up after 3 attempts"
    )


def test_policy_reads_the_config_defaults():
    from faceleak.config import load_config_text

    config = load_config_text("delivery: {max_age: 2d, backoff_max_s: 600}\n", "x.yaml")
    policy = RetryPolicy.from_config(config)
    assert (policy.max_age, policy.max_s, policy.max_attempts) == (timedelta(days=2), 600, None)
