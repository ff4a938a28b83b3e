"""Distributed ingest: listings a second into PostgreSQL with 1 and 2 `faceleak worker`s.

The same loopback marketplace as ``crawl_pipeline`` (``crawl_site.py``: Telegram-preview
pages with sample images), one source per channel; full: 50 channels of 5 pages (5,000 posts),
``--quick``: 8 channels of 2 pages (320 posts). Each run gets a fresh PostgreSQL database
(127.0.0.1:5432) and its own Redis namespace (127.0.0.1:6379). Workers run 2 passes at once
each; the clock starts once they are ready and the passes are enqueued, and stops when every
source's run has ended.

``ingest``: listings/s with 2 workers against 1 worker on the same site in the same run.
``ingest_kill9``: 2 workers under a real ``faceleak daemon --distributed``, one of them killed
with -9 mid-run; the other finishes: ``exact`` says every listing and alert is there once.
Each entry carries what tells the first bottleneck apart: the machine's CPU busy share during
the run, PostgreSQL lock waits (samples of ``pg_locks`` with a lock not granted), Redis
commands per pass, and CPU seconds of workers and crawl processes per listing.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from crawl_site import SiteServer, build_site  # noqa: E402

FULL = {"channels": 50, "pages": 5}
QUICK = {"channels": 8, "pages": 2}
PG_ADMIN = os.environ.get("FACELEAK_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS = os.environ.get("FACELEAK_BENCH_REDIS", "redis://127.0.0.1:6379/0")
CONCURRENCY = 2  # passes a worker runs at once
LEASE_S = 5


def config_yaml(base: str, channels: tuple[str, ...], pages: int, namespace: str) -> str:
    sources = "".join(
        f"  - name: {c}\n    kind: telegram\n    start_urls: [\"{base}/s/{c}\"]\n"
        f"    schedule: 1d\n    max_pages: {pages}\n    allow_private: true\n"
        "    download_delay: 0\n    concurrency: 8\n" for c in channels)
    return (f"sources:\n{sources}alerts:\n  rules:\n"
            "    - {name: new-offers, event: new_offer, severity: high}\n"
            "    - {name: new-samples, event: new_sample, severity: medium}\n"
            "    - {name: reuse, event: sample_reuse, severity: medium}\n"
            f"distributed: {{redis_url: \"{REDIS}\", namespace: {namespace}, "
            f"concurrency: {CONCURRENCY}, lease_s: {LEASE_S}}}\n")


class Databases:
    """Fresh PostgreSQL databases, dropped at the end."""

    def __init__(self) -> None:
        import psycopg

        self.admin = psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=5)
        self.made: list[str] = []

    def create(self) -> str:
        name = f"faceleak_bench_{uuid.uuid4().hex[:10]}"
        self.admin.execute(f'CREATE DATABASE "{name}"')
        self.made.append(name)
        return f"postgresql+psycopg://{PG_ADMIN.split('://', 1)[1].rsplit('/', 1)[0]}/{name}"

    def close(self) -> None:
        for name in self.made:
            self.admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.admin.close()


@dataclass
class Sampler:
    """Samples, every 0.25 s, the machine's CPU busy share and PostgreSQL's waiting locks."""

    db_name: str
    pids: list[int] = field(default_factory=list)
    busy: list[float] = field(default_factory=list)
    lock_waits: list[int] = field(default_factory=list)
    rss: list[list[int]] = field(default_factory=list)  # per sample, each worker's RSS (KiB)
    stop: threading.Event = field(default_factory=threading.Event)

    @staticmethod
    def _cpu() -> tuple[int, int]:
        with open("/proc/stat", encoding="ascii") as f:
            values = [int(v) for v in f.readline().split()[1:]]
        idle = values[3] + values[4]
        return sum(values) - idle, sum(values)

    def run(self) -> None:
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            busy, total = self._cpu()
            while not self.stop.wait(0.25):
                b, t = self._cpu()
                if t > total:
                    self.busy.append((b - busy) / (t - total))
                busy, total = b, t
                self.lock_waits.append(conn.execute(
                    "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                    "WHERE NOT l.granted AND a.datname = %s", (self.db_name,)).fetchone()[0])
                self.rss.append([_rss_kib(pid) for pid in self.pids])

    def rss_mib(self) -> dict[str, list[float]]:
        """Each worker's resident memory after a quarter of the run (warmed up) and at its end:
        its own process, not the crawl children (one per pass, gone when the pass ends)."""
        alive = [row for row in self.rss if all(row)]
        if not alive:
            return {}
        warm, last = alive[len(alive) // 4], alive[-1]
        return {"warm": [round(k / 1024, 1) for k in warm],
                "end": [round(k / 1024, 1) for k in last]}


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _faceleak(db_url: str, config: Path, *args: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACELEAK_")}
    return subprocess.Popen([sys.executable, "-m", "faceleak", "--db", db_url, "--config",
                             str(config), *args], env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _count(db_url: str, sql: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text(sql)).scalar_one())
    finally:
        engine.dispose()


def _wait(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(0.25)


def ingest(site, server: SiteServer, dbs: Databases, *, workers: int,
           kill_one: bool = False) -> dict:
    import redis

    from faceleak.config import load_config
    from faceleak.store import make_engine, upgrade
    from faceleak.workqueue import enqueue_pass, open_queue

    namespace = f"faceleak-bench-{uuid.uuid4().hex[:10]}"
    db_url = dbs.create()
    engine = make_engine(db_url)
    upgrade(engine)  # `faceleak init`, as the deployment does before the workers start
    engine.dispose()
    client = redis.Redis.from_url(REDIS)
    procs: list[subprocess.Popen] = []
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "bench.yaml"
        pages = site.pages // len(site.channels)
        config.write_text(config_yaml(server.base, site.channels, pages, namespace), "utf-8")
        queue = open_queue(load_config(config))
        try:
            procs = [_faceleak(db_url, config, "worker") for _ in range(workers)]
            _wait(lambda: len(queue.leases.workers()) == workers, 120, "the workers to start")
            sampler = Sampler(db_url.rsplit("/", 1)[1], [p.pid for p in procs])
            watcher = threading.Thread(target=sampler.run, daemon=True)
            commands = client.info("stats")["total_commands_processed"]
            cpu_before = _children_cpu()
            server.reset()
            started = time.perf_counter()
            watcher.start()
            if kill_one:  # the scheduler itself enqueues every source at its start
                procs.append(_faceleak(db_url, config, "daemon", "--distributed"))
            else:
                for channel in site.channels:
                    enqueue_pass(queue, channel)
            if kill_one:
                _wait(lambda: _count(db_url, "SELECT count(*) FROM listings") >= site.posts // 3,
                      1800, "a third of the posts")
                procs[0].send_signal(signal.SIGKILL)
                procs[0].wait()
            sources = len(site.channels)
            _wait(lambda: not queue.leases.in_flight()
                  and _count(db_url, "SELECT count(DISTINCT source_id) FROM crawl_runs "
                             "WHERE status <> 'running'") == sources
                  and _count(db_url, "SELECT count(*) FROM crawl_runs "
                             "WHERE status = 'running'") == 0, 3600, "every pass")
            seconds = time.perf_counter() - started
            sampler.stop.set()
            watcher.join()
            redis_commands = client.info("stats")["total_commands_processed"] - commands
        finally:
            for proc in procs:
                if proc.poll() is None:
                    proc.send_signal(signal.SIGTERM)
            for proc in procs:
                try:
                    proc.wait(timeout=120)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
            queue.close()
            for key in client.scan_iter(match=f"{namespace}:*", count=500):
                client.delete(key)
            client.close()
    cpu = _children_cpu() - cpu_before
    listings = _count(db_url, "SELECT count(*) FROM listings")
    versions = _count(db_url, "SELECT count(*) FROM listing_versions")
    alerts = _count(db_url, "SELECT count(*) FROM alerts")
    distinct_alerts = _count(db_url, "SELECT count(DISTINCT dedupe_key) FROM alerts")
    new_offers = _count(db_url, "SELECT count(*) FROM alerts WHERE event = 'new_offer'")
    offers = _count(db_url, "SELECT count(*) FROM listings WHERE is_offer")
    # one new_sample per cluster (sample_reuse depends on which seller showed a sample first)
    new_samples = _count(db_url, "SELECT count(*) FROM alerts WHERE event = 'new_sample'")
    clusters = _count(db_url, "SELECT count(*) FROM clusters")
    runs = _count(db_url, "SELECT count(*) FROM crawl_runs")
    ok = _count(db_url, "SELECT count(DISTINCT source_id) FROM crawl_runs WHERE status = 'ok'")
    return {
        "seconds": round(seconds, 2), "listings": listings, "versions": versions,
        "alerts": alerts, "runs": runs,
        "rate": listings / seconds,
        "exact": listings == versions == site.posts and alerts == distinct_alerts
        and new_offers == offers and new_samples == clusters and ok == len(site.channels),
        "new_sample_alerts": new_samples, "clusters": clusters,
        "cpu_busy": round(sum(sampler.busy) / max(1, len(sampler.busy)), 3),
        "pg_lock_wait_share": round(sum(1 for w in sampler.lock_waits if w)
                                    / max(1, len(sampler.lock_waits)), 4),
        "redis_commands_per_pass": round(redis_commands / len(site.channels), 1),
        "cpu_s_per_listing": round(cpu / listings, 4) if listings else None,
        "requests": server.requests,
        "worker_rss_mib": sampler.rss_mib(),
    }


def _children_cpu() -> float:
    import resource

    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def run(quick: bool = False) -> list[dict]:
    size = QUICK if quick else FULL
    server = SiteServer()
    site = build_site(server.base, **size)
    server.serve(site)
    dbs = Databases()
    try:
        one = ingest(site, server, dbs, workers=1)
        two = ingest(site, server, dbs, workers=2)
        killed = ingest(site, server, dbs, workers=2, kill_one=True)
    finally:
        dbs.close()
        server.close()
    cores = os.cpu_count()
    unit = (f"listings/s into PostgreSQL, {'QUICK ' if quick else ''}{site.posts} posts over "
            f"{len(site.channels)} sources, {site.image_urls} sample image URLs; workers of "
            f"{CONCURRENCY} passes each, all on this {cores}-core machine")
    keys = ("seconds", "listings", "alerts", "new_sample_alerts", "clusters", "runs",
            "cpu_busy", "pg_lock_wait_share", "redis_commands_per_pass", "cpu_s_per_listing",
            "worker_rss_mib")
    return [
        {"name": "ingest", "unit": unit, "ours": round(two["rate"], 2),
         "anchor": "1 worker on the same site in the same run",
         "anchor_value": round(one["rate"], 2), "ratio": round(two["rate"] / one["rate"], 3),
         "exact": one["exact"] and two["exact"],
         "two_workers": {k: two[k] for k in keys}, "one_worker": {k: one[k] for k in keys}},
        {"name": "ingest_kill9", "unit": unit + "; one of 2 workers killed with -9 mid-run, "
         "a scheduler enqueueing", "ours": round(killed["rate"], 2),
         "anchor": "2 workers, none killed", "anchor_value": round(two["rate"], 2),
         "ratio": round(killed["rate"] / two["rate"], 3), "exact": killed["exact"],
         **{k: killed[k] for k in keys}},
    ]


if __name__ == "__main__":
    print(json.dumps(run(quick="--quick" in sys.argv), indent=2))
