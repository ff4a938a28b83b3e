"""A circuit breaker per receiver: one dead receiver must not hold the others.

A receiver is a channel target, ``(channel, target)``: a webhook, one apprise URL or one mail
recipient. After ``failures`` retryable failures in a row its circuit opens: its deliveries
stay pending, untouched, for a cooldown that doubles on each re-opening (up to ``max_cooldown_s``).
Then one delivery is let through; success closes the circuit, failure opens it again. A
permanent refusal (a 4xx) proves the receiver is up, so it counts as success here. The state
is in memory on purpose: losing it on restart costs at most one round of timeouts.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

Receiver = tuple[str, str]  # (channel, target)


@dataclass(slots=True)
class _State:
    failures: int = 0
    trips: int = 0
    open_until: float | None = None


class CircuitBreaker:
    def __init__(
        self,
        failures: int = 3,
        cooldown_s: float = 60.0,
        max_cooldown_s: float = 900.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.threshold = max(1, failures)
        self.cooldown_s = cooldown_s
        self.max_cooldown_s = max(cooldown_s, max_cooldown_s)
        self.clock = clock
        self._states: dict[Receiver, _State] = {}

    @classmethod
    def from_config(cls, config: object, clock: Callable[[], float] = time.monotonic
                    ) -> CircuitBreaker:
        policy = getattr(config, "delivery", None)
        return cls(
            failures=int(getattr(policy, "breaker_failures", None) or 3),
            cooldown_s=float(getattr(policy, "breaker_cooldown_s", None) or 60.0),
            max_cooldown_s=float(getattr(policy, "backoff_max_s", None) or 900.0),
            clock=clock,
        )

    def is_open(self, receiver: Receiver) -> bool:
        state = self._states.get(receiver)
        return bool(state and state.open_until is not None and self.clock() < state.open_until)

    def open_receivers(self) -> set[Receiver]:
        return {receiver for receiver in self._states if self.is_open(receiver)}

    def success(self, receiver: Receiver) -> None:
        self._states.pop(receiver, None)

    def failure(self, receiver: Receiver) -> None:
        state = self._states.setdefault(receiver, _State())
        state.failures += 1
        if state.failures >= self.threshold:
            state.trips += 1
            cooldown = min(self.max_cooldown_s, self.cooldown_s * 2 ** min(state.trips - 1, 30))
            state.open_until = self.clock() + cooldown
            state.failures = self.threshold - 1  # half-open next: one failure re-opens
