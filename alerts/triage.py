"""Analyst triage: an alert's status moves only along allowed paths, each move audited."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from faceleak.store.models import Alert, AuditEntry, utcnow

STATUSES = ("open", "acked", "resolved", "false_positive")

# action -> (statuses it may start from, status it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "ack": (frozenset({"open"}), "acked"),
    "resolve": (frozenset({"open", "acked"}), "resolved"),
    "false-positive": (frozenset({"open", "acked"}), "false_positive"),
    "reopen": (frozenset({"acked", "resolved", "false_positive"}), "open"),
}
ACTIONS = tuple(TRANSITIONS)


class TriageError(ValueError):
    """A triage request that cannot be carried out; the message says why, for the analyst."""


def next_status(action: str, current: str) -> str:
    """The status ``action`` leads to from ``current`` (pure), or a :class:`TriageError`."""
    if action not in TRANSITIONS:
        raise TriageError(f"unknown action {action!r} (choose from {', '.join(ACTIONS)})")
    sources, target = TRANSITIONS[action]
    if current not in sources:
        hint = " (reopen it first)" if current in ("resolved", "false_positive") else ""
        raise TriageError(f"cannot {action} an alert that is {current}{hint}")
    return target


def triage(
    session: Session,
    alert_id: int,
    action: str,
    by: str,
    note: str | None = None,
    now: datetime | None = None,
) -> Alert:
    """Apply ``action`` to the alert and add an audit entry, in the caller's transaction."""
    if not by or not by.strip():
        raise TriageError("say who is triaging (by)")
    alert = session.get(Alert, alert_id, with_for_update=True)  # serialise concurrent triage
    if alert is None:
        raise TriageError(f"no alert with id {alert_id}")
    try:
        target = next_status(action, alert.status)
    except TriageError as exc:
        raise TriageError(f"alert {alert_id}: {exc}") from None
    session.add(
        AuditEntry(
            alert_id=alert.id,
            at=now or utcnow(),
            by=by.strip()[:128],
            action=action,
            from_status=alert.status,
            to_status=target,
            note=note,
        )
    )
    alert.status = target
    session.flush()
    return alert


def audit_trail(session: Session, alert_id: int) -> list[AuditEntry]:
    """The alert's audit entries, oldest first."""
    query = (
        select(AuditEntry)
        .where(AuditEntry.alert_id == alert_id)
        .order_by(AuditEntry.at, AuditEntry.id)
    )
    return list(session.scalars(query))
