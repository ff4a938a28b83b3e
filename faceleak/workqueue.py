"""The queue of passes between the scheduler and the workers: Dramatiq over Redis.

Why Dramatiq: its Redis broker acknowledges a message only when the actor returns, and a
worker that stops sending heartbeats (killed, machine gone) has its unacknowledged messages
put back on the queue by the others after ``heartbeat_timeout``: exactly the lease a crawl
pass needs, with nothing of it written here. Celery needs ``acks_late`` plus a
``visibility_timeout`` that must exceed the longest pass (a 30-minute crawl would wait 30
minutes to be retaken); scrapy-redis shares a request queue but has no notion of a pass, a
run row or its end. The unit of work is one source's pass, run by a worker exactly as
``faceleak crawl --source`` runs it (a child process, the same pipeline into the store).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

QUEUE = "passes"
ACTOR = "crawl_pass"


@dataclass(frozen=True, slots=True)
class Queue:
    """A broker, its pass actor and the in-flight leases, for one config's ``distributed:``."""

    broker: Any
    actor: Any
    leases: Any

    def close(self) -> None:
        self.broker.close()
        self.broker.client.close()


def _never_here(source: str, token: str) -> None:
    raise RuntimeError("passes are run by `faceleak worker`, not by the scheduler")


def open_queue(app: Any, run: Callable[[str, str], None] = _never_here) -> Queue:
    """The queue as the config describes it; ``run(source, token)`` is the actor's body (the
    scheduler only enqueues, so it leaves the default)."""
    import dramatiq
    import redis
    from dramatiq.brokers.redis import MAINTENANCE_SCALE, RedisBroker
    from dramatiq.middleware import AgeLimit

    from faceleak.config import DistributedConfig
    from faceleak.leases import Leases

    cfg = app.distributed or DistributedConfig()
    # bounded waits: an unreachable Redis is an error in seconds, not a hung `status`
    client = redis.Redis.from_url(cfg.resolved_redis_url(), socket_connect_timeout=5,
                                  socket_timeout=30, socket_keepalive=True)
    broker = RedisBroker(
        client=client,
        namespace=cfg.namespace,
        middleware=[AgeLimit()],  # no retries (the next scheduled pass is the retry), no
        # TimeLimit (the crawl child has its own timeout)
        heartbeat_timeout=int(cfg.lease_s * 1000),
        # Each fetch also requeues the passes of workers dead for a lease; a worker fetches
        # about once a second, so this costs one sorted-set range read a second.
        maintenance_chance=MAINTENANCE_SCALE,
    )
    actor = dramatiq.actor(run, broker=broker, actor_name=ACTOR, queue_name=QUEUE,
                           max_age=int(cfg.queue_ttl_s * 1000))
    leases = Leases(broker.client, cfg.namespace, lease_s=cfg.lease_s,
                    queue_ttl_s=cfg.queue_ttl_s)
    return Queue(broker=broker, actor=actor, leases=leases)


def enqueue_pass(queue: Queue, source: str) -> bool:
    """Enqueue one pass over ``source``; False (nothing enqueued) while one is in flight."""
    token = uuid.uuid4().hex
    if not queue.leases.reserve(source, token):
        return False
    try:
        queue.actor.send(source, token)
    except Exception:
        queue.leases.unreserve(source, token)
        raise
    return True


def queue_depth(queue: Queue) -> int:
    """Passes waiting for a worker (not those being run)."""
    return int(queue.broker.client.llen(f"{queue.broker.namespace}:{QUEUE}"))
