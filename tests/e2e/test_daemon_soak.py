"""The daemon over 200 passes of a small local marketplace: its resident memory grows by less
than 10% after the first 20 passes. Opt-in (about ten minutes): FACELEAK_SOAK=1."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from faceleak.demo import demo_config_yaml
from faceleak.demo.config import SOURCE_NAMES
from faceleak.store import make_engine
from faceleak.store.engine import read_only
from faceleak.store.models import CrawlRun

from .conftest import make_faceleak

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(3600),
    pytest.mark.skipif(os.environ.get("FACELEAK_SOAK") != "1", reason="set FACELEAK_SOAK=1"),
]


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def small_market(base_url: str) -> str:
    """Only the telegram source of the demo, every second (passes run back to back)."""
    text = demo_config_yaml(base_url)
    head, _, rest = text.partition("  - name: " + SOURCE_NAMES["discuz"])
    _, _, alerts = rest.partition("alerts:\n")
    return (head + "alerts:\n" + alerts).replace("schedule: 15m", "schedule: 1s") + (
        "daemon: {delivery_interval_s: 1, misfire_grace_s: 60}\n"
    )


def test_daemon_memory_is_flat_over_200_passes(tmp_path, demo_server, db_url):
    fl = make_faceleak(tmp_path, db_url, small_market(demo_server.base_url))
    proc = subprocess.Popen(
        [sys.executable, "-m", "faceleak", "--db", db_url, "--config", str(fl.config),
         "-q", "daemon"], env=fl.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    engine = make_engine(db_url)
    samples: dict[int, int] = {}
    try:
        deadline = time.monotonic() + 3000
        while time.monotonic() < deadline and 200 not in samples:
            time.sleep(0.5)
            assert proc.poll() is None, "the daemon died"
            try:
                with read_only(engine).connect() as conn:
                    passes = conn.scalar(select(func.count()).select_from(CrawlRun))
            except Exception:  # not initialised yet
                continue
            for mark in (20, 200):
                if passes >= mark and mark not in samples:
                    samples[mark] = rss_kib(proc.pid)
    finally:
        engine.dispose()
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=300)
    assert set(samples) == {20, 200}
    growth = samples[200] / samples[20] - 1
    print(f"daemon RSS after 20 passes {samples[20]} KiB, after 200 {samples[200]} KiB "
          f"({growth:+.1%})")
    assert growth < 0.10
