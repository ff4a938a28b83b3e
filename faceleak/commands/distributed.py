"""Commands and status of crawl work spread over machines: `worker`, and what `status` adds."""

from __future__ import annotations

import time
from typing import Any

import click

from faceleak.context import AppContext, CommandError
from faceleak.output import message

pass_app = click.make_pass_decorator(AppContext)


def reach_redis(app: Any) -> Any:
    """The queue of the config's ``distributed:``, after checking Redis answers (exit 2 if
    not: a wrong URL is an operator's mistake, said once at start)."""
    from faceleak.workqueue import open_queue

    queue = open_queue(app)
    try:
        queue.broker.client.ping()
    except Exception as exc:
        queue.close()
        url = queue.broker.client.connection_pool.connection_kwargs
        where = f"{url.get('host', url.get('path', '?'))}:{url.get('port', '')}".rstrip(":")
        raise CommandError(f"cannot reach Redis at {where}: {exc}", 2) from None
    return queue


def distributed_status(app: Any) -> dict[str, Any] | None:
    """Queue depth, sources in flight and workers with their heartbeat; None without a
    ``distributed:`` section (one machine), an ``error`` when Redis does not answer."""
    from faceleak.workqueue import open_queue, queue_depth

    cfg = app.distributed
    if cfg is None:
        return None
    queue = open_queue(app)
    try:
        now = time.time()
        return {
            "queued": queue_depth(queue),
            "in_flight": queue.leases.in_flight(),
            "workers": [w.as_json(now=now, lease_s=cfg.lease_s) for w in queue.leases.workers()],
        }
    except Exception as exc:  # Redis down must not break `status` of the store
        return {"error": f"cannot reach Redis: {type(exc).__name__}: {exc}"}
    finally:
        queue.close()


def print_distributed(status: dict[str, Any], print_table: Any) -> None:
    if "error" in status:
        message(f"distributed: {status['error']}")
        return
    now = time.time()
    print_table(
        ["worker", "host", "pid", "alive", "last heartbeat", "crawling"],
        [(w["id"], w["host"], w["pid"], "yes" if w["alive"] else "LOST",
          f"{w['last_heartbeat_age_s']:.0f}s ago",
          ", ".join(f"{s} ({now - since:.0f}s)" for s, since in sorted(w["crawling"].items()))
          or "-")
         for w in status["workers"]],
        title="workers",
    )
    message(f"distributed: {status['queued']} pass(es) queued, "
            f"{len(status['in_flight'])} source(s) in flight, "
            f"{sum(w['alive'] for w in status['workers'])} worker(s) alive")


@click.command()
@click.option("--concurrency", type=click.IntRange(1, 64), metavar="N",
              help="Passes run at once [default: distributed.concurrency, 2].")
@pass_app
def worker(app: AppContext, concurrency: int | None) -> None:
    """Take crawl passes from Redis and store them into the shared database (many workers,
    many machines); a killed worker's pass is retaken after distributed.lease_s."""
    from faceleak.crawler.media.evidence import EvidenceError
    from faceleak.passes import purge_evidence
    from faceleak.store import upgrade
    from faceleak.worker import run_worker

    config = app.config
    try:
        purge_evidence(config)  # checks the evidence key before any pass is taken
    except EvidenceError as exc:
        raise CommandError(str(exc), 2) from None
    reach_redis(config).close()
    upgrade(app.engine)
    run_worker(config, config_path=app.config_path, db_url=app.db_url,
               concurrency=concurrency, progress=message)


def register(group: click.Group) -> None:
    group.add_command(worker)
