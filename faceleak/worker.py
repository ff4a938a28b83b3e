"""`faceleak worker`: takes passes from the queue and runs them into the shared store.

Each pass runs as ``faceleak crawl --source NAME`` would (``passes.run_pass``: a crawl child,
the same pipeline and per-post transactions), with ``--concurrency`` passes at once, each in
its own child process, so a worker uses as many cores as passes it runs. The crawl child is
killed with its worker, and the in-flight lease of a pass is renewed only while its worker
lives: a killed worker's pass is retaken by another after ``lease_s``. The store's per-post
upserts and the alerts' dedupe keys make the retaken pass store and alert nothing twice.
Delivery is not done here: the scheduler (or any process running ``deliver_pending``, which
claims with ``FOR UPDATE SKIP LOCKED``) sends what the passes raised.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from faceleak.crawler.outcome import UNSUCCESSFUL
from faceleak.leases import BUSY, HELD, WorkerRecord

log = logging.getLogger(__name__)
LOST = "abandoned: the worker running this pass stopped before it ended"


class PassRunner:
    """The actor's body and the heartbeat: what one worker process runs."""

    def __init__(self, app: Any, *, config_path: Path | None, db_url: str,
                 concurrency: int, lease_s: float) -> None:
        self.app, self.config_path, self.db_url = app, config_path, db_url
        self.lease_s = lease_s
        self.record = WorkerRecord(
            id=uuid.uuid4().hex[:12], host=socket.gethostname(), pid=os.getpid(),
            concurrency=concurrency, started_at=time.time())
        self.tokens: dict[str, str] = {}  # source -> token of the pass this worker runs
        self.lock = threading.Lock()
        self.leases: Any = None  # set once the queue is open

    def run(self, source: str, token: str) -> None:
        """One pass over ``source``; skipped when another pass of it holds the source."""
        while (state := self.leases.claim(source, token, self.record.id)) == HELD:
            time.sleep(self.lease_s / 3)  # its worker may live: wait until its lease ends
        if state == BUSY:
            log.info("pass over %s skipped: another pass of it is in flight", source)
            return
        with self.lock:
            self.tokens[source] = token
            self.record.crawling[source] = time.time()
        self.beat()
        try:
            self._run(source)
        finally:
            with self.lock:
                self.tokens.pop(source, None)
                self.record.crawling.pop(source, None)
            self.leases.release(source, token, self.record.id)
            self.beat()

    def _run(self, source: str) -> None:
        from faceleak.passes import run_pass
        from faceleak.store import make_engine, session_factory
        from faceleak.store.runs import abandon_running

        engine = make_engine(self.db_url)
        try:  # this worker holds the source: a run still `running` lost its worker
            with session_factory(engine).begin() as session:
                abandon_running(session, source, datetime.now(UTC), LOST)
        except Exception:  # no schema yet: run_pass creates it
            log.debug("no runs to abandon for %s", source, exc_info=True)
        finally:
            engine.dispose()
        try:
            summary = run_pass(self.app, config_path=self.config_path, db_url=self.db_url,
                               names=[source], deliver=False, die_with_parent=True)
        except ValueError as exc:  # a source no longer configured here
            log.warning("pass over %s not run: %s", source, exc)
            return
        for result in summary.sources:
            level = logging.WARNING if result.status in UNSUCCESSFUL else logging.INFO
            log.log(level, "crawl %s: %s in %.1fs, %s%s", result.source, result.status,
                    result.seconds, result.counts,
                    f" ({result.message})" if result.message else "")

    def beat(self) -> None:
        """Renew the leases of the passes running here and publish the heartbeat."""
        with self.lock:
            running = dict(self.tokens)
        for source, token in running.items():
            if not self.leases.renew(source, token, self.record.id):
                log.warning("lease of %s was lost (this worker stalled past lease_s)", source)
        with self.lock:
            self.leases.beat(self.record)


def run_worker(
    app: Any,
    *,
    config_path: Path | None,
    db_url: str,
    concurrency: int | None = None,
    progress: Callable[[str], None] = print,
    stop: threading.Event | None = None,
) -> None:
    """Take passes until SIGINT/SIGTERM (or ``stop``); running passes are finished first."""
    from dramatiq import Worker

    from faceleak.config import DistributedConfig
    from faceleak.workqueue import open_queue

    cfg = app.distributed or DistributedConfig()
    threads = int(concurrency or cfg.concurrency)
    stop = stop or threading.Event()
    runner = PassRunner(app, config_path=config_path, db_url=db_url, concurrency=threads,
                        lease_s=cfg.lease_s)
    queue = open_queue(app, runner.run)
    runner.leases = queue.leases
    runner.beat()  # reach Redis now: a wrong URL is an error at start, not a silent worker
    worker = Worker(queue.broker, worker_threads=threads)
    worker.queue_prefetch = threads  # hold no more passes than it runs: idle workers take them
    worker.start()
    progress(f"worker {runner.record.id} on {runner.record.host} (pid {runner.record.pid}): "
             f"{threads} pass(es) at once; Ctrl-C or SIGTERM to stop")
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
    done = threading.Event()
    beats = threading.Thread(target=_beat_until, args=(runner, done, cfg.lease_s / 3),
                             name="faceleak-heartbeat", daemon=True)
    beats.start()
    stop.wait()
    progress("stopping: finishing the running passes ...")
    try:  # heartbeats go on meanwhile: the leases of the passes being finished stay ours
        worker.stop(timeout=int((app.daemon.crawl_timeout_s + 120) * 1000))
    finally:
        done.set()
        beats.join()
        try:
            queue.leases.retire(runner.record.id)
        finally:
            queue.close()
    progress("worker stopped")


def _beat_until(runner: PassRunner, done: threading.Event, interval: float) -> None:
    while not done.wait(interval):
        try:
            runner.beat()
        except Exception:  # Redis away for a moment: the next beat may reach it
            log.warning("heartbeat failed", exc_info=True)
