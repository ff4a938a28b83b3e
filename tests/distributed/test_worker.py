"""`faceleak worker` takes passes from the queue and stores them into PostgreSQL; `status`
shows the queue, the workers and what each crawls."""

from __future__ import annotations

import json
import threading
import time

import pytest
from click.testing import CliRunner

from faceleak.cli import cli
from faceleak.config import load_config
from faceleak.leases import WorkerRecord
from faceleak.worker import run_worker
from faceleak.workqueue import enqueue_pass, open_queue
from tests.e2e.local_sites import Board

from .conftest import wait_for

pytestmark = [pytest.mark.redis, pytest.mark.postgres]


@pytest.mark.slow
def test_a_worker_takes_an_enqueued_pass_and_stores_it_in_postgresql(market_factory):
    market = market_factory({"board": Board(threads=25)}, lease_s=5)
    app = load_config(market.config)
    queue = open_queue(app)
    stop = threading.Event()
    worker = threading.Thread(target=run_worker, args=(app,), kwargs={
        "config_path": market.config, "db_url": market.db_url, "concurrency": 1,
        "progress": lambda _: None, "stop": stop})
    try:
        assert enqueue_pass(queue, "board")
        worker.start()
        wait_for(market.finished, 120, "the pass to end")
    finally:
        stop.set()
        worker.join(timeout=120)
        in_flight = queue.leases.in_flight()
        queue.close()
    assert market.runs() == [("board", "ok", None)]
    assert market.listings() == 25
    assert in_flight == []  # the source may be enqueued again


def test_status_shows_the_queue_the_workers_and_what_each_crawls(redis_space, tmp_path,
                                                                 migrated_sqlite_url):
    config = tmp_path / "faceleak.yaml"
    config.write_text(redis_space.yaml(lease_s=30), encoding="utf-8")
    queue = open_queue(load_config(config))
    try:
        enqueue_pass(queue, "board")
        enqueue_pass(queue, "channel")
        queue.leases.beat(WorkerRecord(id="w1", host="crawler-1", pid=42, concurrency=2,
                                       started_at=time.time(), crawling={"forum": time.time()}))
        result = CliRunner().invoke(
            cli, ["--db", migrated_sqlite_url, "--config", str(config), "status", "--json"])
    finally:
        queue.close()
    assert result.exit_code == 0, result.output
    status = json.loads(result.stdout)["distributed"]
    assert status["queued"] == 2
    assert status["in_flight"] == ["board", "channel"]
    [worker] = status["workers"]
    assert (worker["host"], worker["pid"], worker["alive"]) == ("crawler-1", 42, True)
    assert list(worker["crawling"]) == ["forum"]
    assert worker["last_heartbeat_age_s"] < 30


def test_status_without_a_distributed_section_says_nothing_of_redis(migrated_sqlite_url):
    result = CliRunner().invoke(cli, ["--db", migrated_sqlite_url, "status", "--json"])
    assert result.exit_code == 0, result.output
    assert "distributed" not in json.loads(result.stdout)


def test_status_prints_each_worker_with_its_heartbeat_and_sources(redis_space, tmp_path,
                                                                  migrated_sqlite_url):
    config = tmp_path / "faceleak.yaml"
    config.write_text(redis_space.yaml(lease_s=30), encoding="utf-8")
    queue = open_queue(load_config(config))
    try:
        queue.leases.beat(WorkerRecord(id="w1", host="crawler-1", pid=42, concurrency=2,
                                       started_at=time.time(), crawling={"forum": time.time()}))
        result = CliRunner().invoke(
            cli, ["--db", migrated_sqlite_url, "--config", str(config), "status"],
            env={"COLUMNS": "200"})
    finally:
        queue.close()
    assert result.exit_code == 0, result.output
    [row] = [line for line in result.output.splitlines() if "crawler-1" in line]
    assert "42" in row and "yes" in row and "forum" in row
    assert "0 pass(es) queued, 0 source(s) in flight, 1 worker(s) alive" in result.output


@pytest.mark.parametrize("command", [["worker"], ["daemon", "--distributed"]])
def test_a_worker_or_scheduler_that_cannot_reach_redis_exits_2(command, tmp_path,
                                                              migrated_sqlite_url):
    config = tmp_path / "faceleak.yaml"
    config.write_text(
        "sources:\n  - {name: board, kind: discuz, start_urls: ['http://127.0.0.1:9/f'], "
        "schedule: 1h}\ndistributed: {redis_url: 'redis://127.0.0.1:9/0'}\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["--db", migrated_sqlite_url, "--config", str(config), *command])
    assert result.exit_code == 2
    assert "cannot reach Redis at 127.0.0.1:9" in result.output
