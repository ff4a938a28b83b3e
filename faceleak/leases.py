"""Which source's pass is in flight, and which workers are alive: a few Redis keys.

Dramatiq carries the passes; these keys carry what it does not know. A source is in flight
from the moment the scheduler enqueues its pass until a worker finishes it: the key
``<ns>:inflight:<source>`` holds the pass's token. The scheduler sets it only where it is
absent (``SET NX``), so a source is never enqueued twice; while the pass waits in the queue
the key lives ``queue_ttl_s``, and while a worker runs it the worker renews it every third
of ``lease_s``. A worker that dies stops renewing: after the lease the key is gone, and the
retaken pass (same token) claims it again; while the lease of another worker on the same
pass still lasts (Dramatiq may put a pass back while its worker is only slow), the retaking
worker waits for it rather than run the pass alongside. Compare-and-set scripts make a worker
only ever renew or release the key of its own pass.

Each worker also keeps ``<ns>:worker:<id>``: its host, pid, last heartbeat and the sources
it is crawling, for ``faceleak status``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

# ARGV: token, lease (ms), token|worker. Claimed (1) when the key is absent, holds the bare
# token (queued by the scheduler) or is already ours; 2 when the same pass is held by another
# worker (Dramatiq put it back while that worker may still live: wait for its lease); 0 when
# another pass of the source holds it.
_CLAIM = """
local held = redis.call('get', KEYS[1])
if held == false or held == ARGV[1] or held == ARGV[3] then
  redis.call('set', KEYS[1], ARGV[3], 'PX', ARGV[2])
  return 1
end
if string.sub(held, 1, string.len(ARGV[1]) + 1) == ARGV[1] .. '|' then return 2 end
return 0
"""
_RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
return 0
"""
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0
"""
WORKER_RECORD_LEASES = 10  # a lost worker stays listed (not alive) this many leases
CLAIMED, HELD, BUSY = "claimed", "held", "busy"


@dataclass
class WorkerRecord:
    id: str
    host: str
    pid: int
    concurrency: int
    started_at: float
    heartbeat: float = 0.0
    crawling: dict[str, float] = field(default_factory=dict)  # source -> since (epoch s)

    def as_json(self, *, now: float, lease_s: float) -> dict[str, Any]:
        data = asdict(self)
        data["alive"] = now - self.heartbeat <= lease_s
        data["last_heartbeat_age_s"] = round(max(0.0, now - self.heartbeat), 1)
        return data


def _owned(token: str, worker: str) -> str:
    return f"{token}|{worker}"


class Leases:
    """The in-flight keys and worker records of one namespace."""

    def __init__(self, client: Any, namespace: str, *, lease_s: float,
                 queue_ttl_s: float) -> None:
        self.client, self.namespace = client, namespace
        self.lease_ms = int(lease_s * 1000)
        self.queue_ttl_ms = int(queue_ttl_s * 1000)
        self._claim = client.register_script(_CLAIM)
        self._renew = client.register_script(_RENEW)
        self._release = client.register_script(_RELEASE)

    def key(self, source: str) -> str:
        return f"{self.namespace}:inflight:{source}"

    def reserve(self, source: str, token: str) -> bool:
        """The scheduler's side: mark the source in flight for a pass about to be enqueued;
        False when a pass of it is still queued or running."""
        return bool(self.client.set(self.key(source), token, nx=True, px=self.queue_ttl_ms))

    def unreserve(self, source: str, token: str) -> None:
        """Undo :meth:`reserve` when the enqueue itself failed."""
        self._release(keys=[self.key(source)], args=[token])

    def claim(self, source: str, token: str, worker: str) -> str:
        """A worker's side: take the source for this pass, for one lease. ``CLAIMED``;
        ``HELD`` while another worker's lease on the same pass lasts (it may still be
        running it); ``BUSY`` when another pass of the source holds it (this one is then
        redundant)."""
        held = self._claim(keys=[self.key(source)], args=[token, self.lease_ms,
                                                         _owned(token, worker)])
        return {1: CLAIMED, 2: HELD}.get(int(held), BUSY)

    def renew(self, source: str, token: str, worker: str) -> bool:
        return bool(self._renew(keys=[self.key(source)],
                                args=[_owned(token, worker), self.lease_ms]))

    def release(self, source: str, token: str, worker: str) -> None:
        self._release(keys=[self.key(source)], args=[_owned(token, worker)])

    def in_flight(self) -> list[str]:
        prefix = self.key("")
        return sorted(k.decode().removeprefix(prefix) for k in self._scan(prefix + "*"))

    def _scan(self, pattern: str) -> Iterator[bytes]:
        yield from self.client.scan_iter(match=pattern, count=500)

    def _worker_key(self, worker_id: str) -> str:
        return f"{self.namespace}:worker:{worker_id}"

    def beat(self, record: WorkerRecord) -> None:
        """Publish a worker's heartbeat and what it crawls."""
        record.heartbeat = time.time()
        self.client.set(self._worker_key(record.id), json.dumps(asdict(record)),
                        px=self.lease_ms * WORKER_RECORD_LEASES)

    def retire(self, worker_id: str) -> None:
        self.client.delete(self._worker_key(worker_id))

    def workers(self) -> list[WorkerRecord]:
        keys = list(self._scan(self._worker_key("*")))
        values = self.client.mget(keys) if keys else []
        records = [WorkerRecord(**json.loads(v)) for v in values if v]
        return sorted(records, key=lambda r: (r.host, r.pid, r.id))
