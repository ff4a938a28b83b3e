"""Crawl runs: one row per pass over a source, for ``status`` and ``source_failing``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from faceleak.store.models import CrawlRun, Source
from faceleak.store.record import get_source

STATUSES = ("running", "ok", "partial", "empty", "failed")
COUNTS = ("pages", "posts", "offers", "new_listings", "changed_listings", "images", "errors")


def start_run(session: Session, source_name: str, kind: str, now: datetime) -> CrawlRun:
    source = get_source(session, source_name, kind, now)
    run = CrawlRun(source_id=source.id, started_at=now, status="running")
    session.add(run)
    session.flush()
    return run


def finish_run(
    session: Session,
    run: CrawlRun,
    status: str,
    now: datetime,
    *,
    message: str | None = None,
    **counts: int,
) -> CrawlRun:
    """Close a run as ``ok``, ``partial``, ``empty`` or ``failed`` with its counters."""
    if status not in STATUSES[1:]:
        raise ValueError(f"a run finishes as one of {STATUSES[1:]}, not {status!r}")
    unknown = set(counts) - set(COUNTS)
    if unknown:
        raise ValueError(f"unknown run counters {sorted(unknown)}; known: {COUNTS}")
    run.status = status
    run.finished_at = now
    run.message = message
    for name, value in counts.items():
        setattr(run, name, int(value))
    session.flush()
    return run


def consecutive_failures(session: Session, source_name: str) -> int:
    """Failed, partial or empty runs of the source since its last ``ok`` one (running ones do
    not count)."""
    statuses = session.scalars(
        select(CrawlRun.status)
        .join(Source, Source.id == CrawlRun.source_id)
        .where(Source.name == source_name, CrawlRun.status != "running")
        .order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc())
    )
    count = 0
    for status in statuses:
        if status == "ok":
            break
        count += 1
    return count


def last_run(session: Session, source_id: int) -> CrawlRun | None:
    return session.scalar(
        select(CrawlRun)
        .where(CrawlRun.source_id == source_id)
        .order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc())
        .limit(1)
    )


def abandon_running(session: Session, source_name: str, now: datetime, message: str) -> int:
    """Close the source's runs still marked ``running`` as ``failed`` with ``message``: their
    process is gone (a distributed worker killed mid-pass). Returns how many."""
    runs = session.scalars(
        select(CrawlRun).join(Source, Source.id == CrawlRun.source_id)
        .where(Source.name == source_name, CrawlRun.status == "running")
    ).all()
    for run in runs:
        finish_run(session, run, "failed", now, message=message[:1000])
    return len(runs)


def previous_run_unfinished(session: Session, source_name: str, run_id: int) -> bool:
    """Whether the source's run before ``run_id`` ended without walking all it meant to
    (``failed`` or ``partial``, or never closed): its newest posts may be stored and older
    new ones not, so the next pass must not stop at the first stored post."""
    status = session.scalar(
        select(CrawlRun.status).join(Source, Source.id == CrawlRun.source_id)
        .where(Source.name == source_name, CrawlRun.id < run_id)
        .order_by(CrawlRun.id.desc()).limit(1)
    )
    return status in ("failed", "partial", "running")
