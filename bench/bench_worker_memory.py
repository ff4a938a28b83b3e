"""A worker's resident memory over a long pass: flat after warm-up, or growing with pages?

``worker_memory``: one `faceleak worker` runs one pass over a Discuz! board on loopback (the
tests' ``Board``: full 10,000 threads, ``--quick`` 1,000; 100 threads a list page) into a fresh
PostgreSQL database. Every 0.5 s the resident memory of the worker and of its crawl child
(the process that fetches, extracts and stores) is read from /proc. ``ours`` is the sum at the
end of the pass, ``anchor_value`` the sum once a tenth of the pages were fetched (warmed up);
``ratio`` is their quotient, and ``exact`` says the growth stayed under 10%.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from bench_ingest import REDIS, Databases, _count, _rss_kib, _wait  # noqa: E402

from tests.e2e.local_sites import Board, SiteServer  # noqa: E402

FULL, QUICK = 10_000, 1_000
PER_PAGE = 100


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as f:
                found += [int(c) for c in f.read().split()]
    except OSError:
        pass
    return found


def _fetched(board: Board) -> int:
    with board.lock:
        return sum(board.requests.values())


def run(quick: bool = False) -> list[dict]:
    import redis

    from faceleak.config import load_config
    from faceleak.store import make_engine, upgrade
    from faceleak.workqueue import enqueue_pass, open_queue

    threads = QUICK if quick else FULL
    board = Board(threads=threads, per_page=PER_PAGE)
    pages = threads + board.pages
    namespace = f"faceleak-bench-{uuid.uuid4().hex[:10]}"
    dbs = Databases()
    client = redis.Redis.from_url(REDIS)
    samples: list[tuple[int, int, int]] = []  # (pages fetched, worker KiB, crawl child KiB)
    with SiteServer(board) as server, tempfile.TemporaryDirectory() as tmp:
        db_url = dbs.create()
        engine = make_engine(db_url)
        upgrade(engine)
        engine.dispose()
        config = Path(tmp) / "bench.yaml"
        config.write_text(
            f"sources:\n  - name: board\n    kind: discuz\n    start_urls: [\"{server.forum_url}\"]"
            f"\n    schedule: 1d\n    max_pages: {board.pages + 1}\n    max_requests: {pages + 10}"
            "\n    allow_private: true\n    obey_robots: false\n    download_delay: 0\n"
            "    concurrency: 8\n"
            f"distributed: {{redis_url: \"{REDIS}\", namespace: {namespace}, lease_s: 10}}\n",
            "utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith("FACELEAK_")}
        queue = open_queue(load_config(config))
        worker = subprocess.Popen(
            [sys.executable, "-m", "faceleak", "--db", db_url, "--config", str(config),
             "worker", "--concurrency", "1"], env=env, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait(lambda: len(queue.leases.workers()) == 1, 120, "the worker to start")
            started = time.perf_counter()
            enqueue_pass(queue, "board")
            while not (queue.leases.in_flight() == [] and _count(
                    db_url, "SELECT count(*) FROM crawl_runs WHERE status <> 'running'")):
                children = _children(worker.pid)
                samples.append((_fetched(board), _rss_kib(worker.pid),
                                sum(_rss_kib(c) for c in children)))
                if time.perf_counter() - started > 3600:
                    raise RuntimeError("the pass did not end within an hour")
                time.sleep(0.5)
            seconds = time.perf_counter() - started
            listings = _count(db_url, "SELECT count(*) FROM listings")
            status = _count(db_url, "SELECT count(*) FROM crawl_runs WHERE status = 'ok'")
        finally:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=120)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
            queue.close()
            for key in client.scan_iter(match=f"{namespace}:*", count=500):
                client.delete(key)
            client.close()
            dbs.close()
    crawling = [s for s in samples if s[2]]  # while the crawl child lives
    warm = next(s for s in crawling if s[0] >= pages // 10)
    end = crawling[-1]
    warm_mib, end_mib = (warm[1] + warm[2]) / 1024, (end[1] + end[2]) / 1024
    return [{
        "name": "worker_memory",
        "unit": f"MiB resident, worker + its crawl child, one pass of {pages:,} pages "
                f"({'QUICK ' if quick else ''}{threads:,} threads), PostgreSQL",
        "ours": round(end_mib, 1), "anchor": f"after warm-up ({warm[0]:,} pages fetched)",
        "anchor_value": round(warm_mib, 1), "ratio": round(end_mib / warm_mib, 3),
        "exact": end_mib / warm_mib < 1.10 and listings == threads and status == 1,
        "pages_at_end_sample": end[0], "worker_mib": [round(warm[1] / 1024, 1),
                                                      round(end[1] / 1024, 1)],
        "crawl_child_mib": [round(warm[2] / 1024, 1), round(end[2] / 1024, 1)],
        "peak_mib": round(max(s[1] + s[2] for s in crawling) / 1024, 1),
        "seconds": round(seconds, 1), "pages_per_s": round(pages / seconds, 1),
    }]


if __name__ == "__main__":
    print(json.dumps(run(quick="--quick" in sys.argv), indent=2))
