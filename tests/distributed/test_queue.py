"""The scheduler's side of the queue: a source is in flight from enqueue to the end of its
pass, and never enqueued twice meanwhile (real Redis, a namespace per test)."""

from __future__ import annotations

import pytest

from faceleak.config import load_config_text
from faceleak.workqueue import enqueue_pass, open_queue, queue_depth

pytestmark = pytest.mark.redis


@pytest.fixture
def queue(redis_space):
    app = load_config_text(redis_space.yaml(lease_s=5, queue_ttl_s=60))
    opened = open_queue(app)
    yield opened
    opened.close()


def _running(queue, source: str) -> str:
    """What a worker does when it takes the queued pass of ``source``: claim it."""
    token = queue.leases.client.get(queue.leases.key(source)).decode()
    assert queue.leases.claim(source, token)
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
    queue.leases.release("board", _running(queue, "board"))
    assert enqueue_pass(queue, "board")


def test_other_sources_are_enqueued_while_one_is_in_flight(queue):
    enqueue_pass(queue, "board")
    assert enqueue_pass(queue, "channel")
    assert queue.leases.in_flight() == ["board", "channel"]


def test_a_pass_is_skipped_while_another_pass_of_its_source_holds_it(queue):
    enqueue_pass(queue, "board")
    assert not queue.leases.claim("board", "a-token-of-another-pass")


def test_a_retaken_pass_claims_its_source_again(queue):
    enqueue_pass(queue, "board")
    token = _running(queue, "board")
    assert queue.leases.claim("board", token)  # the same pass, redelivered after its worker died


def test_a_pass_cannot_release_the_source_of_another_pass(queue):
    enqueue_pass(queue, "board")
    queue.leases.release("board", "a-token-of-another-pass")
    assert not enqueue_pass(queue, "board")
