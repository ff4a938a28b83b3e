"""The retry policy: how long a delivery is tried, and how long to wait between tries.

A delivery is retried for ``max_age`` (default 3 days) from its creation, or from an
operator's requeue, so a receiver down over a weekend still gets everything afterwards. The
wait doubles from ``backoff_base_s`` up to ``backoff_max_s`` (default 15 min) with jitter, a
receiver's ``Retry-After`` is honoured when longer, and the last try falls on the deadline.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

DEFAULT_MAX_AGE = timedelta(days=3)
DEFAULT_BACKOFF_BASE_S = 30.0
DEFAULT_BACKOFF_MAX_S = 900.0


def backoff_delay(
    attempts: int, base_s: float, max_s: float, rand: Callable[[], float] = random.random
) -> float:
    """Seconds to wait after the ``attempts``-th failure: doubling, "equal jitter", capped.

    Half the doubled delay is fixed and half random, so retries of many deliveries that
    failed together spread out without ever retrying immediately.
    """
    raw = min(max_s, base_s * 2 ** min(max(0, attempts - 1), 60))
    return min(max_s, raw / 2 + (raw / 2) * rand())


def _age(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours / 24:.1f} days" if hours >= 48 else f"{hours:.1f} hours"


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    max_age: timedelta = DEFAULT_MAX_AGE
    max_attempts: int | None = None
    base_s: float = DEFAULT_BACKOFF_BASE_S
    max_s: float = DEFAULT_BACKOFF_MAX_S
    lease: timedelta = timedelta(minutes=10)  # SQLite claim: longer than any send

    @classmethod
    def from_config(cls, config: Any) -> RetryPolicy:
        policy = getattr(config, "delivery", None)
        max_age = getattr(policy, "max_age", None)
        return cls(
            max_age=max_age if isinstance(max_age, timedelta) else DEFAULT_MAX_AGE,
            max_attempts=getattr(policy, "max_attempts", None),
            base_s=float(getattr(policy, "backoff_base_s", None) or DEFAULT_BACKOFF_BASE_S),
            max_s=float(getattr(policy, "backoff_max_s", None) or DEFAULT_BACKOFF_MAX_S),
            lease=timedelta(seconds=float(getattr(policy, "lease_s", None) or 600)),
        )

    def next_attempt(
        self,
        *,
        attempts: int,
        since: datetime,
        now: datetime,
        retry_after: float | None,
        rand: Callable[[], float] = random.random,
    ) -> datetime | str:
        """When to try again after a retryable failure, or why to give up (a message)."""
        deadline = since + self.max_age
        if self.max_attempts is not None and attempts >= self.max_attempts:
            return f"gave up after {attempts} attempts"
        if now >= deadline:
            return (f"gave up after {attempts} attempts over {_age(now - since)} "
                    "(delivery.max_age)")
        delay = backoff_delay(attempts, self.base_s, self.max_s, rand)
        if retry_after is not None:
            delay = max(delay, retry_after)
        return min(now + timedelta(seconds=delay), deadline)
