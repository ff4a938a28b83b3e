"""The scheduler's side of the queue: a source is in flight from enqueue to the end of its
pass, and never enqueued twice meanwhile (real Redis, a namespace per test)."""

from __future__ import annotations

import pytest

from faceleak.config import load_config_text
from faceleak.leases import BUSY, CLAIMED, HELD
from faceleak.workqueue import enqueue_pass, open_queue, queue_depth

pytestmark = pytest.mark.redis


@pytest.fixture
def queue(redis_space):
    app = load_config_text(redis_space.yaml(lease_s=5, queue_ttl_s=60))
    opened = open_queue(app)
    yield opened
    opened.close()


def _running(queue, source: str, worker: str = "w1") -> str:
    """What a worker does when it takes the queued pass of ``source``: claim it."""
    token = queue.leases.client.get(queue.leases.key(source)).decode()
    assert queue.leases.claim(source, token, worker) == CLAIMED
    return token


def test_a_source_whose_pass_is_queued_is_not_enqueued_again(queue):
    assert enqueue_pass(queue, "board")
    assert not enqueue_pass(queue, "board")
    assert queue_depth(queue) == 1


def test_a_source_whose_pass_is_running_is_not_enqueued_again(queue):
    enqueue_pass(queue, "board")
    queue.broker.client.lpop(f"{queue.broker.namespace}:passes")  # a worker took it
    _running(queue, "board")
    assert not enqueue_pass(queue, "board")
    assert queue_depth(queue) == 0


def test_a_source_is_enqueued_again_once_its_pass_has_ended(queue):
    enqueue_pass(queue, "board")
    queue.leases.release("board", _running(queue, "board"), "w1")
    assert enqueue_pass(queue, "board")


def test_other_sources_are_enqueued_while_one_is_in_flight(queue):
    enqueue_pass(queue, "board")
    assert enqueue_pass(queue, "channel")
    assert queue.leases.in_flight() == ["board", "channel"]


def test_a_pass_is_skipped_while_another_pass_of_its_source_holds_it(queue):
    enqueue_pass(queue, "board")
    assert queue.leases.claim("board", "a-token-of-another-pass", "w2") == BUSY


def test_a_pass_put_back_while_its_worker_holds_the_lease_waits_for_that_lease(queue):
    enqueue_pass(queue, "board")
    token = _running(queue, "board", "w1")
    assert queue.leases.claim("board", token, "w2") == HELD  # w1 may still be running it


def test_a_pass_whose_worker_died_is_claimed_again_once_its_lease_expired(queue):
    enqueue_pass(queue, "board")
    token = _running(queue, "board", "w1")
    queue.leases.client.delete(queue.leases.key("board"))  # w1 stopped renewing: expired
    assert queue.leases.claim("board", token, "w2") == CLAIMED
    assert not enqueue_pass(queue, "board")


def test_a_worker_renews_only_its_own_lease(queue):
    enqueue_pass(queue, "board")
    token = _running(queue, "board", "w1")
    assert queue.leases.renew("board", token, "w1")
    assert not queue.leases.renew("board", token, "w2")


def test_a_pass_cannot_release_the_source_of_another_pass(queue):
    enqueue_pass(queue, "board")
    _running(queue, "board", "w1")
    queue.leases.release("board", "a-token-of-another-pass", "w1")
    assert not enqueue_pass(queue, "board")
