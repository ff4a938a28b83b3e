"""The scheduler process: one job per source plus the delivery job (APScheduler 3.x).

Jobs live in a SQLAlchemy job store in the database, with explicit ids and
``replace_existing``, ``coalesce``, ``max_instances=1`` and a real
``misfire_grace_time`` (the 1 s default silently drops late runs). Two
schedulers must never share a job store, so the daemon holds a lock on it for its
whole life (``faceleak.daemon_lock``). Crawls and delivery run in separate
executors, and crawl jobs never deliver: delivery has its own schedule, bounded by
time and guarded by a per-receiver circuit breaker, so neither a 30-minute crawl
nor a dead receiver holds the alerts of the others. SIGINT/SIGTERM stop
scheduling and wait for running jobs; crawl children run in their own session so
a terminal's Ctrl-C does not cut them off. With ``--distributed`` a source's job only
enqueues its pass for ``faceleak worker``s (``faceleak.workqueue``); delivery stays here.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import inspect

from faceleak.crawler.outcome import UNSUCCESSFUL
from faceleak.daemon_lock import DaemonAlreadyRunning, single_scheduler_lock
from faceleak.store import make_engine
from faceleak.store.engine import read_only

log = logging.getLogger(__name__)

JOBS_TABLE = "apscheduler_jobs"
SOURCE_JOB_PREFIX = "source:"
DELIVERY_JOB_ID = "delivery"
CRAWL_EXECUTOR = "crawl"
DELIVERY_EXECUTOR = "delivery"
MIN_DELIVERY_RUN_S = 30.0  # a delivery run may take at least this long before it yields
__all__ = ["DaemonAlreadyRunning", "run_daemon", "single_scheduler_lock"]
_breakers: dict[str, object] = {}  # per database: receivers' circuits live across runs


def source_job(config_path: str | None, db_url: str, source_name: str) -> None:
    """A scheduled pass over one source (module-level so the job store can reference it)."""
    from faceleak.config import load_config
    from faceleak.passes import run_pass

    path = Path(config_path) if config_path else None
    summary = run_pass(load_config(path), config_path=path, db_url=db_url, names=[source_name],
                       deliver=False)
    for result in summary.sources:
        level = logging.WARNING if result.status in UNSUCCESSFUL else logging.INFO
        log.log(level, "crawl %s: %s in %.1fs, %s%s", result.source, result.status,
                result.seconds, result.counts, f" ({result.message})" if result.message else "")


def enqueue_job(config_path: str | None, db_url: str, source_name: str) -> None:
    """A scheduled pass handed to the workers (``daemon --distributed``); a source whose pass
    is still queued or running is not enqueued again."""
    from faceleak.config import load_config
    from faceleak.workqueue import enqueue_pass, open_queue

    queue = open_queue(load_config(Path(config_path) if config_path else None))
    try:
        if enqueue_pass(queue, source_name):
            log.info("pass over %s enqueued", source_name)
        else:
            log.info("pass over %s not enqueued: its last pass is still in flight", source_name)
    finally:
        queue.close()


def delivery_job(config_path: str | None, db_url: str) -> None:
    """One delivery run: whatever is due, for at most one interval (min 30 s)."""
    from faceleak.alerts import deliver_pending
    from faceleak.alerts.breaker import CircuitBreaker
    from faceleak.config import load_config
    from faceleak.store import session_factory

    app = load_config(Path(config_path) if config_path else None)
    breaker = _breakers.get(db_url)
    if not isinstance(breaker, CircuitBreaker):
        breaker = _breakers[db_url] = CircuitBreaker.from_config(app)
    budget = max(MIN_DELIVERY_RUN_S, app.daemon.delivery_interval_s)
    engine = make_engine(db_url)
    try:
        report = deliver_pending(session_factory(engine), app, limit=None,
                                 until=time.monotonic() + budget, breaker=breaker)
    finally:
        engine.dispose()
    if report.sent or report.retried or report.failed or report.skipped:
        log.info("delivery run: %d sent, %d to retry, %d failed; open circuits: %s",
                 report.sent, report.retried, report.failed,
                 ", ".join(sorted(f"{c} {t}".strip() for c, t in breaker.open_receivers()))
                 or "none")


def trigger_for(source: Any) -> Any:
    if source.cron:
        return CronTrigger.from_crontab(source.cron, timezone=UTC)
    return IntervalTrigger(seconds=source.interval.total_seconds(), timezone=UTC)


def first_run(stored: datetime | None, trigger: Any, now: datetime) -> datetime:
    """When a (re)scheduled source job should next run.

    A new job runs at once. A stored job keeps its time, but never later than the
    (possibly shortened) schedule's next fire time, and never in the past: a time
    older than ``misfire_grace_time`` would make APScheduler skip the run after a
    long downtime instead of catching up once.
    """
    if stored is None:
        return now
    if isinstance(trigger, IntervalTrigger):
        natural = now + trigger.interval
    else:
        natural = trigger.get_next_fire_time(None, now) or stored
    return max(now, min(stored, natural))


def schedule_jobs(
    scheduler: BackgroundScheduler,
    app: Any,
    *,
    config_path: Path | None,
    db_url: str,
    now: datetime,
    distributed: bool = False,
) -> list[str]:
    """Add or replace the jobs the config asks for; drop jobs of sources no longer configured.
    ``distributed``: a source's job enqueues its pass for the workers instead of running it."""
    cfg = str(config_path) if config_path else None
    wanted = []
    for source in (s for s in app.sources if s.enabled):
        job_id = f"{SOURCE_JOB_PREFIX}{source.name}"
        wanted.append(job_id)
        existing = scheduler.get_job(job_id)
        trigger = trigger_for(source)
        scheduler.add_job(
            enqueue_job if distributed else source_job,
            trigger,
            id=job_id,
            name=f"crawl {source.name}",
            args=[cfg, db_url, source.name],
            executor=CRAWL_EXECUTOR,
            replace_existing=True,
            next_run_time=first_run(existing.next_run_time if existing else None, trigger, now),
        )
    scheduler.add_job(
        delivery_job,
        IntervalTrigger(seconds=app.daemon.delivery_interval_s, timezone=UTC),
        id=DELIVERY_JOB_ID,
        name="deliver alerts",
        args=[cfg, db_url],
        executor=DELIVERY_EXECUTOR,
        replace_existing=True,
        next_run_time=now,
    )
    for job in scheduler.get_jobs():
        if job.id.startswith(SOURCE_JOB_PREFIX) and job.id not in wanted:
            job.remove()
    return wanted


def build_scheduler(app: Any, db_url: str) -> BackgroundScheduler:
    jobstore_engine = make_engine(app.daemon.jobstore_url or db_url)
    return BackgroundScheduler(
        jobstores={"default": SQLAlchemyJobStore(engine=jobstore_engine, tablename=JOBS_TABLE)},
        executors={
            "default": ThreadPoolExecutor(max_workers=1),
            CRAWL_EXECUTOR: ThreadPoolExecutor(max_workers=app.daemon.crawl_workers),
            DELIVERY_EXECUTOR: ThreadPoolExecutor(max_workers=1),
        },
        job_defaults={
            "coalesce": True,
            "max_instances": 1,
            "misfire_grace_time": app.daemon.misfire_grace_s,
        },
        timezone=UTC,
    )


def run_daemon(
    app: Any,
    *,
    config_path: Path | None,
    db_url: str,
    verbose: bool = False,
    progress: Callable[[str], None] = print,
    stop: threading.Event | None = None,
    distributed: bool = False,
) -> None:
    from faceleak.store import upgrade

    stop = stop or threading.Event()
    engine = make_engine(db_url)
    upgrade(engine)
    engine.dispose()
    with single_scheduler_lock(app.daemon.jobstore_url or db_url):
        scheduler = build_scheduler(app, db_url)
        scheduler.start(paused=True)
        jobs = schedule_jobs(
            scheduler, app, config_path=config_path, db_url=db_url, now=datetime.now(UTC),
            distributed=distributed,
        )
        scheduler.resume()
        progress(
            f"daemon started{' (distributed: passes go to the workers)' if distributed else ''}: "
            f"{len(jobs)} source job(s) and delivery every "
            f"{app.daemon.delivery_interval_s}s; Ctrl-C or SIGTERM to stop"
        )
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                signal.signal(sig, lambda *_: stop.set())
        stop.wait()
        progress("stopping: waiting for running jobs to finish ...")
        scheduler.shutdown(wait=True)
        progress("daemon stopped")


def next_run_times(db_url: str) -> dict[str, str]:
    """Source name -> next scheduled run (ISO), read from the job store if a daemon ever ran."""
    engine = make_engine(db_url)
    try:
        if not inspect(engine).has_table(JOBS_TABLE):
            return {}
        store = SQLAlchemyJobStore(engine=read_only(engine), tablename=JOBS_TABLE)
        return {
            job.id.removeprefix(SOURCE_JOB_PREFIX): job.next_run_time.isoformat()
            for job in store.get_all_jobs()
            if job.id.startswith(SOURCE_JOB_PREFIX) and job.next_run_time
        }
    except Exception:  # a job store written by another version must not break `status`
        return {}
    finally:
        engine.dispose()
