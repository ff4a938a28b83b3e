"""The delivery worker: outbox rows out to their channels, at least once, one commit each.

A delivery is claimed, sent and its outcome committed before the next one is touched, so a
crash loses nothing and re-sends at most the one in flight; its ``key`` (the same on every
attempt) lets receivers drop the duplicate. Claiming is safe with many workers: on PostgreSQL
the row stays locked (``FOR UPDATE SKIP LOCKED``) while it is sent; on SQLite, which has no row
locks and one writer at a time, a claim is a lease written with a conditional UPDATE and
committed before the send, so no write lock is held while a receiver is waited on.

How long a failing delivery is retried is ``alerts.retry``; a channel that keeps failing is
skipped for a while (``alerts.breaker``) so the others are not held behind its timeouts.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, tuple_, update
from sqlalchemy.orm import Session

from faceleak.store.models import Delivery, utcnow

from .breaker import CircuitBreaker
from .channels import AlertMessage, Channel, SendResult, build_channel
from .crashpoints import crashpoint
from .retry import RetryPolicy, backoff_delay

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=10)  # SQLite: longer than any send (channels time out well before)
# A process killed between claim and send leaves its lease: that delivery waits out the lease.
__all__ = [
    "DeliveryOutcome", "DeliveryReport", "backoff_delay", "claim_due", "deliver_pending",
]


@dataclass(frozen=True, slots=True)
class DeliveryOutcome:
    delivery_id: int
    alert_id: int
    channel: str
    status: str  # sent, pending (will be retried) or failed
    attempts: int
    detail: str
    target: str = ""


@dataclass(slots=True)
class DeliveryReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    outcomes: list[DeliveryOutcome] = field(default_factory=list)
    skipped: set[tuple[str, str]] = field(default_factory=set)  # (channel, target) failing now

    def add(self, outcome: DeliveryOutcome) -> None:
        self.outcomes.append(outcome)
        if outcome.status == "sent":
            self.sent += 1
        elif outcome.status == "failed":
            self.failed += 1
        else:
            self.retried += 1


def claim_due(
    session: Session,
    *,
    now: datetime,
    limit: int = 1,
    exclude: Collection[int] = (),
    skip: Collection[tuple[str, str]] = (),
    lease: timedelta = LEASE,
) -> list[Delivery]:
    """Pending deliveries due at ``now`` that no other worker holds, now held by this session.

    PostgreSQL: row locks until the session's transaction ends. Elsewhere: each row's
    ``next_attempt_at`` is pushed a lease ahead; commit to publish the claim.
    """
    due = (
        select(Delivery)
        .where(Delivery.status == "pending", Delivery.next_attempt_at <= now)
        .order_by(Delivery.next_attempt_at, Delivery.id)
    )
    if exclude:
        due = due.where(Delivery.id.not_in(list(exclude)))
    if skip:
        due = due.where(tuple_(Delivery.channel, Delivery.target).not_in(list(skip)))
    if session.get_bind().dialect.name == "postgresql":
        return list(session.scalars(due.limit(limit).with_for_update(skip_locked=True)))
    claimed: list[Delivery] = []
    for delivery_id in session.scalars(due.with_only_columns(Delivery.id).limit(limit * 4)):
        taken = session.execute(
            update(Delivery)
            .where(
                Delivery.id == delivery_id,
                Delivery.status == "pending",
                Delivery.next_attempt_at <= now,
            )
            .values(next_attempt_at=now + lease)
            .execution_options(synchronize_session=False)
        )
        if taken.rowcount == 1:
            row = session.get(Delivery, delivery_id, populate_existing=True)
            if row is not None:
                claimed.append(row)
        if len(claimed) >= limit:
            break
    return claimed


def deliver_pending(
    session_factory: Callable[[], Session],
    config: Any,
    *,
    now: datetime | None = None,
    limit: int | None = 100,
    until: float | None = None,
    clock: Callable[[], float] = time.monotonic,
    channels: Mapping[str, Channel] | None = None,
    breaker: CircuitBreaker | None = None,
    rand: Callable[[], float] = random.random,
) -> DeliveryReport:
    """Send due deliveries, one transaction each, and say how each went.

    Stops after ``limit`` deliveries (None: no count limit) or once ``clock()`` reaches
    ``until``, whichever comes first. ``channels`` replaces the channels built from the
    config by name (e.g. a console channel writing to a given stream). Each delivery is tried
    at most once per call; a receiver (channel target) that fails retryably is skipped for the
    rest of the call (and, through ``breaker``, for its cooldown), so one dead receiver costs
    one timeout, not one per alert.
    """
    worker = _Worker(config, channels or {}, rand)
    breaker = breaker or CircuitBreaker.from_config(config)
    report = DeliveryReport()
    handled: set[int] = set()
    count = 0
    while (limit is None or count < limit) and (until is None or clock() < until):
        count += 1
        skip = report.skipped | breaker.open_receivers()
        with session_factory() as session:
            current = now or utcnow()
            claimed = claim_due(session, now=current, exclude=handled, skip=skip,
                                lease=worker.policy.lease)
            if not claimed:
                break
            delivery = claimed[0]
            delivery_id, channel, key = delivery.id, delivery.channel, delivery.key
            target = delivery.target or ""
            handled.add(delivery_id)
            message = _render(delivery)
            if session.get_bind().dialect.name != "postgresql":
                session.commit()  # publish the lease; no write lock held during the send
            crashpoint("delivery.claimed")
            result, attempted = worker.send(channel, message, key, target)
            crashpoint("delivery.sent")
            if worker.raised:  # a channel bug, not a dead receiver: no reason to skip it
                pass
            elif attempted and not result.ok and result.retryable:
                report.skipped.add((channel, target))
                breaker.failure((channel, target))
            elif attempted:
                breaker.success((channel, target))
            delivery = session.get(Delivery, delivery_id, populate_existing=True)
            if delivery is None:  # deleted meanwhile (alert purged): nothing left to record
                continue
            outcome = worker.record(delivery, result, attempted, current)
            report.add(outcome)
            session.commit()
            crashpoint("delivery.recorded")
            if outcome.status != "pending":  # no longer claimable: keep the exclusion short
                handled.discard(delivery_id)
    return report


def _render(delivery: Delivery) -> AlertMessage | SendResult:
    """The message every channel sends, read while the claim holds; a failure is permanent."""
    try:
        return AlertMessage.from_alert(delivery.alert)
    except Exception as exc:  # bad stored data must not stop the other deliveries
        log.exception("cannot render alert %s", delivery.alert_id)
        return SendResult.fail(f"cannot render the alert: {type(exc).__name__}: {exc}")


class _Worker:
    """Channels built once per run, and the retry policy of the config."""

    def __init__(self, config: Any, overrides: Mapping[str, Channel], rand: Callable[[], float]):
        alerts = getattr(config, "alerts", None)
        self.configs = {c.name: c for c in (getattr(alerts, "channels", None) or ())}
        self.built: dict[str, Channel] = dict(overrides)
        self.policy = RetryPolicy.from_config(config)
        self.rand = rand
        self.raised = False  # whether the last send raised (a bug, not the receiver's answer)

    def channel(self, name: str) -> Channel | SendResult:
        if name in self.built:
            return self.built[name]
        cfg = self.configs.get(name)
        if cfg is None:
            known = ", ".join(sorted(self.configs)) or "none"
            return SendResult.fail(f"channel {name!r} is not in the config (channels: {known})")
        try:
            self.built[name] = build_channel(cfg)
        except (ValueError, TypeError, AttributeError) as exc:
            return SendResult.fail(f"channel {name!r} cannot be built: {exc}")
        return self.built[name]

    def send(
        self, name: str, message: AlertMessage | SendResult, key: str, target: str = ""
    ) -> tuple[SendResult, bool]:
        """The channel's result, and whether anything was attempted (counts as an attempt)."""
        self.raised = False
        if isinstance(message, SendResult):
            return message, False
        channel = self.channel(name)
        if isinstance(channel, SendResult):
            return channel, False
        try:
            return channel.deliver(message, key, target), True
        except Exception as exc:  # a channel bug must not stop the other deliveries
            log.exception("channel %s raised on alert %s", name, message.id)
            self.raised = True
            return SendResult.retry(f"channel raised {type(exc).__name__}: {exc}"), True

    def record(
        self, delivery: Delivery, result: SendResult, attempted: bool, now: datetime
    ) -> DeliveryOutcome:
        if attempted:
            delivery.attempts += 1
            delivery.last_status = result.status
        if result.ok:
            delivery.status = "sent"
            delivery.delivered_at = now
            delivery.last_error = None
        elif result.retryable:
            since = delivery.requeued_at or delivery.created_at
            after = self.policy.next_attempt(
                attempts=delivery.attempts, since=since, now=now,
                retry_after=result.retry_after, rand=self.rand,
            )
            if isinstance(after, datetime):
                delivery.next_attempt_at = after
                delivery.last_error = result.describe()
            else:
                delivery.status = "failed"
                delivery.last_error = f"{result.describe()} ({after})"
        else:
            delivery.status = "failed"
            delivery.last_error = result.describe()
        level = logging.WARNING if delivery.status == "failed" else logging.INFO
        log.log(
            level, "delivery %s (alert %s, %s%s): %s, %s",
            delivery.id, delivery.alert_id, delivery.channel,
            f" {delivery.target}" if delivery.target else "", delivery.status,
            result.describe(),
        )
        return DeliveryOutcome(
            delivery_id=delivery.id,
            alert_id=delivery.alert_id,
            channel=delivery.channel,
            status=delivery.status,
            attempts=delivery.attempts,
            detail=result.describe(),
            target=delivery.target or "",
        )
