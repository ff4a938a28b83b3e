"""One pass over sources, the whole flow up to delivery, as `crawl`, `demo` and `daemon` run it."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from faceleak.alerts import DeliveryReport, deliver_pending, raise_source_failing
from faceleak.alerts.crashpoints import crashpoint
from faceleak.crawler.outcome import FAILING, UNSUCCESSFUL
from faceleak.crawler.runner import run_in_child
from faceleak.store import consecutive_failures, make_engine, session_factory, start_run, upgrade
from faceleak.store.models import Alert, CrawlRun

RUN_COUNTS = ("pages", "posts", "offers", "new_listings", "changed_listings", "images", "errors")


@dataclass
class SourceResult:
    source: str
    status: str
    seconds: float
    message: str | None = None
    counts: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict:
        return asdict(self)


@dataclass
class PassSummary:
    sources: list[SourceResult]
    alert_ids: list[int]
    delivery: dict[str, int]

    @property
    def failed(self) -> list[SourceResult]:
        return [s for s in self.sources if s.status in UNSUCCESSFUL]

    def as_json(self) -> dict:
        return {
            "sources": [s.as_json() for s in self.sources],
            "alerts": self.alert_ids,
            "delivery": self.delivery,
        }


def select_sources(app: Any, names: Sequence[str]) -> list[Any]:
    """The named sources, or every enabled one. Unknown names are a usage error (ValueError)."""
    if not names:
        return [s for s in app.sources if s.enabled]
    known = {s.name: s for s in app.sources}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ValueError(
            f"unknown source(s): {', '.join(unknown)} (configured: {', '.join(known) or 'none'})"
        )
    return [known[n] for n in names]


def failing_streak(session: Any, app: Any, source_name: str, source_id: int) -> None:
    """Raise ``source_failing`` for the current streak of failed, partial or empty runs (once
    per streak: the streak's first run id is in the dedupe key)."""
    failures = consecutive_failures(session, source_name)
    if not failures:
        return
    streak = session.scalars(
        select(CrawlRun.id)
        .where(CrawlRun.source_id == source_id)
        .order_by(CrawlRun.id.desc())
        .limit(failures)
    ).all()
    raise_source_failing(session, source_name, failures, min(streak), app)


def _finished(app: Any, source: Any, run_id: int, outcome: Any, started: datetime,
              Session: Any) -> SourceResult:
    """Read back the run the child filled in; a run it left ``running`` failed with the child."""
    with Session.begin() as session:
        run = session.get(CrawlRun, run_id)
        if run.status == "running":  # the child never closed this source's spider
            run.status = "failed"
            run.finished_at = datetime.now(UTC)
            last = outcome.stderr_tail.strip().splitlines()[-1:] or [""]
            run.message = (
                f"crawl timed out after {outcome.timeout_s:.0f}s"
                if outcome.timed_out
                else f"crawl process exited with {outcome.returncode}: {last[0]}"
            )[:1000]
        finished = run.finished_at or datetime.now(UTC)
        if finished.tzinfo is None:
            finished = finished.replace(tzinfo=UTC)
        result = SourceResult(
            source=source.name,
            status=run.status,
            message=run.message,
            seconds=round(max(0.0, (finished - started).total_seconds()), 2),
            counts={k: getattr(run, k) for k in RUN_COUNTS},
        )
        if run.status in FAILING:
            failing_streak(session, app, source.name, run.source_id)
    return result


def crawl_sources(
    app: Any,
    sources: Sequence[Any],
    *,
    config_path: Path | None,
    db_url: str,
    Session: Any,
    verbose: bool = False,
    die_with_parent: bool = False,
) -> list[SourceResult]:
    """Crawl the sources in one child process (one per resolver policy, see
    ``crawler.together.process_key``), ``crawl.concurrency`` at once; ``die_with_parent``:
    the child is killed with this process (a distributed worker's)."""
    from faceleak.crawler.together import process_key

    concurrency = int(app.crawl.concurrency)
    groups: dict[tuple, list[Any]] = {}
    for source in sources:
        groups.setdefault(process_key(source), []).append(source)
    results: dict[str, SourceResult] = {}
    for group in groups.values():
        started = datetime.now(UTC)
        with Session.begin() as session:
            runs = [(s, start_run(session, s.name, s.kind, started).id) for s in group]
        waves = -(-len(group) // concurrency)  # a source's timeout per wave of sources
        timeout_s = app.daemon.crawl_timeout_s * waves + 60
        outcome = run_in_child(
            config_path=config_path,
            db_url=db_url,
            runs=[(s.name, run_id) for s, run_id in runs],
            concurrency=concurrency,
            timeout_s=timeout_s,
            verbose=verbose,
            die_with_parent=die_with_parent,
        )
        for source, run_id in runs:
            results[source.name] = _finished(app, source, run_id, outcome, started, Session)
    return [results[s.name] for s in sources]


def purge_evidence(app: Any) -> int:
    """Drop evidence past its retention period; with retention off, nothing is kept to purge.

    Building the vault here also checks its key before any crawl starts, so a missing
    key is one clear error rather than a failure inside every crawl process.
    """
    from datetime import timedelta

    from faceleak.crawler.media import EvidenceVault

    vault = EvidenceVault.from_config(app.evidence)
    if vault is None:
        return 0
    return vault.purge(timedelta(days=app.evidence.retention_days))


def drain_outbox(
    Session: Any, app: Any, *, clock: Callable[[], float] = time.monotonic
) -> tuple[DeliveryReport, int]:
    """Deliver what is due for at most ``delivery.crawl_drain_s`` (time, not a count: a
    first pass over a large source may raise thousands); the report and what is left."""
    from faceleak.store.outbox import count_pending

    budget = float(getattr(getattr(app, "delivery", None), "crawl_drain_s", 120))
    report = deliver_pending(Session, app, limit=None, until=clock() + budget, clock=clock)
    with Session() as session:
        return report, count_pending(session)


def run_pass(
    app: Any,
    *,
    config_path: Path | None,
    db_url: str,
    names: Sequence[str] = (),
    verbose: bool = False,
    progress: Callable[[str], None] = lambda _: None,
    deliver: bool = True,
    die_with_parent: bool = False,
) -> PassSummary:
    """Crawl the sources, then (unless ``deliver`` is False: the daemon delivers on its own
    schedule) drain the outbox for a bounded time."""
    sources = select_sources(app, names)
    purged = purge_evidence(app)
    if purged:
        progress(f"evidence: purged {purged} file(s) older than {app.evidence.retention_days} days")
    engine = make_engine(db_url)
    try:
        upgrade(engine)
        Session = session_factory(engine)
        with Session() as session:
            last_alert = session.scalar(select(Alert.id).order_by(Alert.id.desc()).limit(1)) or 0
        names = ", ".join(s.name for s in sources)
        progress(f"crawling {names} ({min(len(sources), app.crawl.concurrency)} at once) ...")
        results = crawl_sources(
            app, sources, config_path=config_path, db_url=db_url, Session=Session, verbose=verbose,
            die_with_parent=die_with_parent,
        )
        for result in results:
            c = result.counts
            progress(
                f"  {result.source}: {result.status} in {result.seconds:.1f}s, {c['pages']} pages, "
                f"{c['posts']} posts, {c['offers']} offers, {c['new_listings']} new, "
                f"{c['changed_listings']} changed, {c['images']} images, {c['errors']} errors"
                + (f" ({result.message})" if result.message else "")
            )
        crashpoint("pass.crawled")
        report, remaining = drain_outbox(Session, app) if deliver else (DeliveryReport(), -1)
        with Session() as session:
            alert_ids = list(
                session.scalars(select(Alert.id).where(Alert.id > last_alert).order_by(Alert.id))
            )
        delivery = {k: getattr(report, k) for k in ("sent", "retried", "failed")}
        if deliver:
            delivery["pending"] = remaining
        return PassSummary(sources=results, alert_ids=alert_ids, delivery=delivery)
    finally:
        engine.dispose()
