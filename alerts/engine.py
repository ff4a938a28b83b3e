"""Changes in, alert and outbox rows out, inside the caller's transaction (no I/O here).

The pipeline calls :func:`raise_alerts` between ``record_listing`` and its commit, so an alert
and its deliveries exist exactly when the change that caused them does (DESIGN 3, "Alerts
survive crashes"). Each alert has a ``dedupe_key`` (rule name + what it is about); a re-run, or
a second worker racing on the same change, finds the key taken and raises nothing twice.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from faceleak.store.changes import ListingChange
from faceleak.store.models import Alert, Delivery, utcnow

from .events import EVENTS, AlertDraft, ListingEvent, SourceEvent
from .rules import (
    channel_names,
    enabled_rules,
    failing_after,
    listing_allowed,
    source_allowed,
)
from .targets import channel_targets, configured_channels
from .text import one_line

log = logging.getLogger(__name__)

SUMMARY_LIMIT = 300
KEY_LIMIT = 255  # Alert.dedupe_key


def dedupe_key(rule_name: str, draft_key: str) -> str:
    """``<rule>:<draft key>``; a key too long for the column keeps its head and a digest."""
    key = f"{rule_name}:{draft_key}"
    if len(key) <= KEY_LIMIT:
        return key
    digest = hashlib.sha256(key.encode()).hexdigest()
    return f"{key[: KEY_LIMIT - 65]}#{digest}"


def raise_alerts(
    session: Session, change: ListingChange, config: Any, *, now: datetime | None = None
) -> list[Alert]:
    """Alerts (with pending deliveries) newly raised by ``change``, for every matching rule."""
    now = now or utcnow()
    raised: list[Alert] = []
    for rule in enabled_rules(config):
        event_cls = EVENTS.get(rule.event)
        if event_cls is None or not issubclass(event_cls, ListingEvent):
            if event_cls is None:
                log.warning("rule %r: unknown event %r, skipped", rule.name, rule.event)
            continue
        if not listing_allowed(rule, change.listing):
            continue
        for draft in event_cls().drafts(change):
            alert = _insert(session, rule, draft, now, config)
            if alert is not None:
                raised.append(alert)
    return raised


def raise_source_failing(
    session: Session,
    source_name: str,
    consecutive_failures: int,
    first_failed_run_id: int,
    config: Any,
    *,
    now: datetime | None = None,
) -> list[Alert]:
    """Alerts for a source whose failed or empty runs in a row reached a rule's ``after``."""
    now = now or utcnow()
    raised: list[Alert] = []
    for rule in enabled_rules(config):
        event_cls = EVENTS.get(rule.event)
        if event_cls is None or not issubclass(event_cls, SourceEvent):
            continue
        if not source_allowed(rule, source_name):
            continue
        drafts = event_cls().drafts(
            source_name, consecutive_failures, first_failed_run_id, failing_after(rule)
        )
        for draft in drafts:
            alert = _insert(session, rule, draft, now, config)
            if alert is not None:
                raised.append(alert)
    return raised


def _ensure_sqlite_transaction(session: Session) -> None:
    """Open the real SQLite transaction before a SAVEPOINT, if the driver has not yet.

    pysqlite (without the BEGIN recipe on the engine) starts transactions only at the first
    write; a SAVEPOINT issued before that opens a transaction of its own and its RELEASE
    commits the alert behind the caller's back, surviving the caller's rollback.
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return
    dbapi = connection.connection.dbapi_connection
    if dbapi is not None and not getattr(dbapi, "in_transaction", True):
        connection.exec_driver_sql("BEGIN")


def _insert(
    session: Session, rule: Any, draft: AlertDraft, now: datetime, config: Any
) -> Alert | None:
    """Insert the alert and its deliveries (one per channel target), or nothing when the
    dedupe key is already taken.

    The look-up keeps re-runs cheap; the SAVEPOINT makes the race safe: a concurrent insert
    of the same key fails on the unique constraint and rolls back only this alert.
    """
    key = dedupe_key(rule.name, draft.key)
    if session.scalar(select(Alert.id).where(Alert.dedupe_key == key)) is not None:
        return None
    alert = Alert(
        rule=rule.name,
        event=rule.event,
        severity=rule.severity,
        status="open",
        dedupe_key=key,
        created_at=now,
        summary=one_line(draft.summary, SUMMARY_LIMIT),
        listing_id=draft.listing_id,
        details=draft.details,
    )
    _ensure_sqlite_transaction(session)
    try:
        with session.begin_nested():
            session.add(alert)
            session.flush()
            channels = configured_channels(config)
            for channel, target in (
                (name, target)
                for name in channel_names(rule)
                for target in channel_targets(channels.get(name))
            ):
                session.add(
                    Delivery(
                        key=uuid.uuid4().hex,
                        alert_id=alert.id,
                        channel=channel,
                        target=target,
                        status="pending",
                        attempts=0,
                        next_attempt_at=now,
                        created_at=now,
                    )
                )
            session.flush()
    except IntegrityError:
        log.info("alert %s already raised (concurrent insert)", key)
        return None
    return alert


def raise_watchlist_matches(
    session: Session,
    watchlist: str,
    matches: list[tuple[Any, Any, int]],
    config: Any,
    *,
    now: datetime | None = None,
) -> list[Alert]:
    """Alerts for images already stored that match a watchlist just added.

    ``matches`` is ``store.watchlists.match_stored_images`` output: ``(image, entry,
    distance)``. Each listing showing a matched image gets a change that carries only
    the watchlist hits, so only ``watchlist_match`` rules fire, with the same dedupe keys
    a crawl would have used.
    """
    from faceleak.store.changes import ImageChange, WatchlistHit
    from faceleak.store.models import Listing, Sighting

    hits: dict[int, list[WatchlistHit]] = {}
    images: dict[int, Any] = {}
    for image, entry, distance in matches:
        images[image.id] = image
        hits.setdefault(image.id, []).append(WatchlistHit(watchlist, entry.id, distance))
    if not hits:
        return []
    by_listing: dict[int, list[ImageChange]] = {}
    rows = session.execute(
        select(Sighting.listing_id, Sighting.image_id).where(Sighting.image_id.in_(hits))
    ).all()
    for listing_id, image_id in sorted(set(rows)):
        image = images[image_id]
        by_listing.setdefault(listing_id, []).append(
            ImageChange(
                image_id=image.id,
                sha256=image.sha256,
                cluster_id=image.cluster_id,
                new_image=False,
                new_cluster=False,
                new_in_listing=False,
                watchlist_hits=tuple(hits[image_id]),
            )
        )
    raised: list[Alert] = []
    for listing_id, image_changes in by_listing.items():
        change = ListingChange(
            listing=session.get(Listing, listing_id),
            status="unchanged",
            images=tuple(image_changes),
        )
        raised.extend(raise_alerts(session, change, config, now=now))
    return raised
