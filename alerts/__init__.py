"""Alerts: rules turn store changes into alert and outbox rows; a worker delivers them.

Public API (see docs/architecture.md): :func:`raise_alerts`, :func:`raise_source_failing`,
:func:`deliver_pending`, :func:`triage`, :func:`audit_trail`, :func:`safe_terminal_text`.
"""

from .delivery import DeliveryOutcome, DeliveryReport, deliver_pending
from .engine import raise_alerts, raise_source_failing, raise_watchlist_matches
from .text import safe_terminal_text
from .triage import ACTIONS, STATUSES, TriageError, audit_trail, triage

__all__ = [
    "ACTIONS",
    "STATUSES",
    "DeliveryOutcome",
    "DeliveryReport",
    "TriageError",
    "audit_trail",
    "deliver_pending",
    "raise_alerts",
    "raise_source_failing",
    "raise_watchlist_matches",
    "safe_terminal_text",
    "triage",
]
