"""Two `faceleak worker`s and one `faceleak daemon --distributed` over boards on loopback:
every listing stored once, every alert raised once, and a worker killed with -9 mid-pass
loses nothing: the other retakes its pass after the lease and doubles nothing."""

from __future__ import annotations

import signal
import time
from collections import Counter

import pytest

from faceleak.worker import LOST
from tests.e2e.local_sites import Board

from .conftest import wait_for

pytestmark = [pytest.mark.slow, pytest.mark.redis, pytest.mark.postgres]


def thread_fetches(board: Board) -> Counter[int]:
    return Counter({int(path.rsplit("tid=", 1)[1].split("&")[0]): n
                    for path, n in board.requests.items() if "mod=viewthread" in path})


def test_two_workers_and_a_scheduler_store_every_listing_once_and_alert_once(market_factory):
    boards = {f"board{i}": Board(threads=15 + 5 * i) for i in range(4)}
    market = market_factory(boards, lease_s=2)
    workers = [market.faceleak("worker", "--concurrency", "2") for _ in range(2)]
    scheduler = market.faceleak("daemon", "--distributed")
    wait_for(lambda: len(market.finished()) >= len(boards), 180, "every source's pass")
    for proc in (scheduler, *workers):
        market.stop(proc)
        assert proc.returncode == 0, proc.stderr.read()[-2000:]
    assert sorted(market.runs()) == [(name, "ok", None) for name in sorted(boards)]
    total = sum(len(b.replies) for b in boards.values())
    assert market.listings() == market.versions() == total
    keys = market.alert_keys()
    assert len(keys) == len(set(keys)) == total  # one new_offer alert per listing
    for board in boards.values():  # no thread was crawled twice, by either worker
        assert set(thread_fetches(board).values()) == {1}


def test_kill_9_of_a_worker_mid_pass_the_other_finishes_it_after_the_lease(market_factory):
    board = Board(threads=150)
    market = market_factory({"board": board}, lease_s=2)
    first = market.faceleak("worker", "--concurrency", "1")
    market.faceleak("daemon", "--distributed")
    wait_for(lambda: market.listings() >= 30, 120, "the first worker's pass to store posts")
    first.send_signal(signal.SIGKILL)
    first.wait()
    time.sleep(0.5)  # a post committed at the very moment of the kill
    stored_when_killed = market.listings()
    time.sleep(1)
    assert market.listings() == stored_when_killed  # its crawl child died with it
    assert stored_when_killed < 150, "the pass ended before the kill: make the board larger"
    second = market.faceleak("worker", "--concurrency", "1")
    wait_for(lambda: any(r[1] == "ok" for r in market.runs()), 180, "the retaken pass")
    market.stop(second)
    assert market.runs() == [("board", "failed", LOST), ("board", "ok", None)]
    assert market.listings() == market.versions() == 150  # nothing missing, nothing doubled
    keys = market.alert_keys()
    assert len(keys) == len(set(keys)) == 150
