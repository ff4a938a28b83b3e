"""The outbox as an operator sees it: listing deliveries, requeueing them, their ages.

The delivery worker (``alerts.delivery``) owns sending; this is the read and repair side the
CLI uses, so a failed delivery is never only a log line: it stays listed until requeued.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from faceleak.store.models import Delivery
from faceleak.store.serialize import iso

DELIVERY_STATUSES = ("pending", "failed", "sent")


class OutboxError(ValueError):
    """A requeue that cannot be done (no such delivery, already sent)."""


def list_deliveries(
    session: Session, *, statuses: Sequence[str] = DELIVERY_STATUSES, limit: int = 200
) -> list[Delivery]:
    """Deliveries in the given statuses, newest first, with their alerts loaded."""
    return list(
        session.scalars(
            select(Delivery)
            .where(Delivery.status.in_(list(statuses)))
            .options(selectinload(Delivery.alert))
            .order_by(Delivery.id.desc())
            .limit(limit)
        )
    )


def delivery_json(delivery: Delivery) -> dict:
    alert = delivery.alert
    return {
        "id": delivery.id,
        "key": delivery.key,
        "alert_id": delivery.alert_id,
        "channel": delivery.channel,
        "target": delivery.target or None,
        "status": delivery.status,
        "attempts": delivery.attempts,
        "last_status": delivery.last_status,
        "last_error": delivery.last_error,
        "created_at": iso(delivery.created_at),
        "next_attempt_at": iso(delivery.next_attempt_at) if delivery.status == "pending" else None,
        "delivered_at": iso(delivery.delivered_at),
        "requeued_at": iso(delivery.requeued_at),
        "alert": {"rule": alert.rule, "event": alert.event, "summary": alert.summary}
        if alert is not None
        else None,
    }


def requeue(
    session: Session, *, now: datetime, ids: Sequence[int] = (), failed: bool = False
) -> list[int]:
    """Make deliveries due now, with a fresh ``delivery.max_age`` window; their ids.

    ``ids``: those deliveries (failed or pending; a sent one is an error). ``failed``: every
    failed delivery. The idempotency key is kept, so a receiver that did get an earlier,
    unacknowledged send can still drop the duplicate.
    """
    rows: list[Delivery] = []
    if failed:
        rows += session.scalars(
            select(Delivery).where(Delivery.status == "failed").order_by(Delivery.id)
        )
    for delivery_id in ids:
        delivery = session.get(Delivery, delivery_id)
        if delivery is None:
            raise OutboxError(f"no delivery {delivery_id}")
        if delivery.status == "sent":
            raise OutboxError(
                f"delivery {delivery_id} was sent at {iso(delivery.delivered_at)}; "
                "nothing to retry"
            )
        rows.append(delivery)
    for delivery in rows:
        delivery.status = "pending"
        delivery.next_attempt_at = now
        delivery.requeued_at = now
    session.flush()
    return [d.id for d in rows]


def count_pending(session: Session) -> int:
    """Deliveries still to send (due now or waiting for their next try)."""
    return int(
        session.scalar(select(func.count()).where(Delivery.status == "pending")) or 0
    )


def channel_backlog(session: Session, *, now: datetime) -> dict[str, dict]:
    """Per channel: pending and failed counts, and how old the oldest pending delivery is.

    The age counts from creation (or the operator's requeue): how long an alert has waited.
    """
    since = func.coalesce(Delivery.requeued_at, Delivery.created_at)
    out: dict[str, dict] = {}
    rows = session.execute(
        select(Delivery.channel, Delivery.status, func.count(), func.min(since))
        .where(Delivery.status.in_(("pending", "failed")))
        .group_by(Delivery.channel, Delivery.status)
    ).all()
    for channel, status, count, oldest in rows:
        entry = out.setdefault(
            channel, {"pending": 0, "failed": 0, "oldest_pending": None,
                      "oldest_pending_age_s": None}
        )
        entry[status] = int(count)
        if status == "pending" and oldest is not None:
            oldest = _aware(oldest)
            entry["oldest_pending"] = oldest.isoformat()
            entry["oldest_pending_age_s"] = max(0, round((now - oldest).total_seconds()))
    return dict(sorted(out.items()))


def _aware(value: datetime | str) -> datetime:
    """``min()`` of a UTC column comes back raw (naive, or a string on SQLite)."""
    from datetime import UTC

    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
