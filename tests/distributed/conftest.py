"""Distributed crawling on one machine: Discuz! boards on loopback, the real Redis and
PostgreSQL, and `faceleak worker` / `faceleak daemon --distributed` as child processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import func, select

from faceleak.store import make_engine, session_factory
from faceleak.store.models import Alert, CrawlRun, Listing, ListingVersion, Source
from tests.e2e.local_sites import Board, SiteServer

RULES = """alerts:
  rules:
    - {name: offers, event: new_offer, severity: high}
"""


def board_source(name: str, server: SiteServer) -> str:
    return (f"  - name: {name}\n    kind: discuz\n    start_urls: [\"{server.forum_url}\"]\n"
            "    schedule: 1h\n    max_pages: 50\n    max_requests: 5000\n"
            "    allow_private: true\n    obey_robots: false\n    download_delay: 0\n")


def wait_for(condition: Callable[[], object], timeout: float, what: str) -> None:
    """Poll until ``condition()`` is true; the timeout bounds a broken test, nothing else."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


@dataclass
class Market:
    """Boards on loopback, a config naming them, one database, one Redis namespace."""

    db_url: str
    config: Path
    boards: dict[str, Board]
    env: dict[str, str]
    procs: list[subprocess.Popen] = field(default_factory=list)

    def faceleak(self, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
        proc = subprocess.Popen(
            [sys.executable, "-m", "faceleak", "--db", self.db_url, "--config", str(self.config),
             *args], env={**self.env, **(env or {})}, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.procs.append(proc)
        return proc

    def query(self, statement):
        engine = make_engine(self.db_url)
        try:
            with session_factory(engine)() as session:
                return session.execute(statement).all()
        finally:
            engine.dispose()

    def runs(self) -> list[tuple[str, str, str | None]]:
        return [tuple(r) for r in self.query(
            select(Source.name, CrawlRun.status, CrawlRun.message)
            .join(Source, Source.id == CrawlRun.source_id).order_by(CrawlRun.id))]

    def finished(self) -> list[tuple[str, str, str | None]]:
        return [r for r in self.runs() if r[1] != "running"]

    def count(self, model) -> int:
        return self.query(select(func.count()).select_from(model))[0][0]

    def listings(self) -> int:
        return self.count(Listing)

    def versions(self) -> int:
        return self.count(ListingVersion)

    def alert_keys(self) -> list[str]:
        return [r[0] for r in self.query(select(Alert.dedupe_key))]

    def stop(self, proc: subprocess.Popen) -> None:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=120)


@pytest.fixture
def market_factory(tmp_path: Path, pg_databases, redis_space) -> Iterator[Callable[..., Market]]:
    """``make({name: Board, ...}, lease_s=...)``: serves the boards, writes the config."""
    with ExitStack() as stack:
        made: list[Market] = []

        def make(boards: dict[str, Board], **distributed: object) -> Market:
            servers = {n: stack.enter_context(SiteServer(b)) for n, b in boards.items()}
            config = tmp_path / "faceleak.yaml"
            config.write_text(
                "sources:\n" + "".join(board_source(n, s) for n, s in servers.items())
                + RULES + redis_space.yaml(**distributed), encoding="utf-8")
            env = {k: v for k, v in os.environ.items() if not k.startswith("FACELEAK_")}
            market = Market(pg_databases.create(migrated=True), config, boards, env)
            made.append(market)
            return market

        try:
            yield make
        finally:
            for market in made:
                for proc in market.procs:
                    if proc.poll() is None:
                        proc.kill()
                        proc.wait()
                    if proc.stderr:
                        proc.stderr.close()
