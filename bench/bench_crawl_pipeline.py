"""The whole crawl pipeline against bare Scrapy, on the same local site, in the same run.

``crawl_pipeline``: channel pages per second of ``faceleak crawl`` as a user runs it (a fresh
SQLite database, one source per channel, the pass's wall time from process start to exit:
fetch, parse, extract, download and digest samples, store, alert), against a bare Scrapy
process fetching the same pages and the same sample images and doing nothing with them.
The ratio is ours / bare. The site (``crawl_site.py``) is Telegram-preview pages on
127.0.0.1: the full run has 10 channels of 10 pages (2,000 posts); ``--quick`` 4 channels
of 5 pages (400 posts), which the entry's unit says. ``crawl_pipeline_second_pass`` is a
second pass over the unchanged site: requests it made, against the first pass's. Each entry
also has CPU seconds (``*_cpu_s``; ``cpu_ratio`` is bare / ours), which a machine shared
with other work does not blur the way it blurs wall time.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from crawl_site import SiteServer, build_site  # noqa: E402

FULL = {"channels": 10, "pages": 10}
QUICK = {"channels": 4, "pages": 5}


def config_yaml(base: str, channels: tuple[str, ...], pages: int) -> str:
    sources = "".join(
        f"""  - name: {channel}
    kind: telegram
    start_urls: ["{base}/s/{channel}"]
    schedule: 1h
    max_pages: {pages}
    allow_private: true
    download_delay: 0
    concurrency: 8
"""
        for channel in channels)
    return f"""sources:
{sources}alerts:
  rules:
    - {{name: new-offers, event: new_offer, severity: high}}
    - {{name: new-samples, event: new_sample, severity: medium}}
    - {{name: reuse, event: sample_reuse, severity: medium}}
currency_rates_usd: {{CNY: 0.1417, RUB: 0.011, USDT: 1.0}}
"""


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (the process and every process it waited for), stdout."""
    started, cpu = time.perf_counter(), _cpu()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=3600)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{cmd[:4]} exited {done.returncode}: {done.stderr[-2000:]}")
    return seconds, _cpu() - cpu, done.stdout


def _stored(db: Path) -> tuple[int, int]:
    import sqlite3

    with sqlite3.connect(db) as conn:
        listings = conn.execute("select count(*) from listings").fetchone()[0]
        images = conn.execute("select count(*) from images where hash is not null").fetchone()[0]
    return listings, images


def run(quick: bool = False) -> list[dict]:
    size = QUICK if quick else FULL
    server = SiteServer()
    site = build_site(server.base, **size)
    server.serve(site)
    try:
        starts = [f"{server.base}/s/{c}" for c in site.channels]
        bare_s, bare_cpu, bare_out = _timed([sys.executable, str(HERE / "crawl_bare.py"), *starts])
        bare = json.loads(bare_out.strip().splitlines()[-1])
        with tempfile.TemporaryDirectory() as tmp:
            cfg = Path(tmp) / "bench.yaml"
            cfg.write_text(config_yaml(server.base, site.channels, size["pages"]), "utf-8")
            db = Path(tmp) / "bench.db"
            cmd = [sys.executable, "-m", "faceleak", "--db", f"sqlite:///{db}",
                   "--config", str(cfg), "crawl", "--json"]
            env = {**os.environ, "PYTHONUNBUFFERED": "1"}
            server.reset()
            ours_s, ours_cpu, _ = _timed(cmd, env)
            first_requests = server.requests
            listings, images = _stored(db)
            server.reset()
            second_s, second_cpu, _ = _timed(cmd, env)
            second_requests = server.requests
    finally:
        server.close()
    ours_rate = site.pages / ours_s
    bare_rate = site.pages / bare_s
    unit = (f"channel pages/s, {'QUICK ' if quick else ''}{site.posts} posts on {site.pages} "
            f"pages of {len(site.channels)} channels, {site.image_urls} sample image URLs "
            f"({site.distinct_images} distinct), SQLite")
    return [
        {"name": "crawl_pipeline", "unit": unit, "ours": round(ours_rate, 3),
         "anchor": "bare Scrapy fetching the same pages and images",
         "anchor_value": round(bare_rate, 3), "ratio": round(ours_rate / bare_rate, 4),
         "exact": listings == site.posts and bare["pages"] == site.pages
         and bare["images"] == site.image_urls,
         "ours_s": round(ours_s, 2), "anchor_s": round(bare_s, 2),
         # CPU seconds: what a loaded machine cannot blur; their ratio is the speed the
         # pipeline would reach with the cores to itself
         "ours_cpu_s": round(ours_cpu, 2), "anchor_cpu_s": round(bare_cpu, 2),
         "cpu_ratio": round(bare_cpu / ours_cpu, 4) if ours_cpu else None,
         "stored_listings": listings, "hashed_images": images, "requests": first_requests},
        {"name": "crawl_pipeline_second_pass", "unit": "requests, unchanged site",
         "ours": second_requests, "anchor": "first pass requests",
         "anchor_value": first_requests,
         "ratio": round(second_requests / first_requests, 4) if first_requests else None,
         "exact": None, "ours_s": round(second_s, 2), "ours_cpu_s": round(second_cpu, 2)},
    ]


if __name__ == "__main__":
    print(json.dumps(run(quick="--quick" in sys.argv), indent=2))
