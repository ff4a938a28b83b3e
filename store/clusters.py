"""Near-duplicate clusters of sample images, by leader clustering.

A new image joins the cluster whose *leader* (the image that founded it) is
nearest within ``match_radius``, comparing both ways with the mirror hashes
(``distance.mirror_distance``); when no leader is that close the image founds
a new cluster and becomes its leader. Members are never re-homed and two
clusters are never merged, so cluster ids stay stable as images arrive, and a
chain A~B~C with C far from A cannot glue unrelated samples together: C is
compared with A (the leader), never with B. The price is that near-duplicates
arriving in another order may split into two clusters near each other;
``imagesearch`` answers "what is near this image" exactly.

The leader hashes are cached per engine in an in-process :class:`HammingIndex`.
The database stays the truth: the cache is loaded lazily, topped up at every
call with leaders created since (by this or any other process), and every
candidate it proposes is re-checked in the caller's session, so a rolled-back
transaction (or an SQLite rowid reused after one) never yields a phantom or
wrong cluster.
"""

from __future__ import annotations

import threading
import weakref

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from faceleak.store.distance import mirror_distance, padded
from faceleak.store.hamming import HammingIndex
from faceleak.store.models import Cluster, Image

# Ids are allocated in one order and committed in another (PostgreSQL sequences,
# concurrent writers); each refresh re-reads this many ids below the highest seen.
REFRESH_LOOKBACK = 1_000


class _WidthIndex:
    def __init__(self, width_bytes: int) -> None:
        bits = len(padded(b"\0" * width_bytes)) * 8
        self.hashes = HammingIndex(bits)
        self.mirrors = HammingIndex(bits)


class LeaderCache:
    """Leader hashes of every cluster, per hash width; a cache of the ``clusters`` table."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.leaders: dict[int, tuple[bytes, bytes | None]] = {}
        self.widths: dict[int, _WidthIndex] = {}
        self.high_water = 0
        self.loaded = False

    def refresh(self, session: Session) -> None:
        """Top up from the database. The query runs outside the lock: a thread waiting for
        the database must never hold up threads that already hold a transaction."""
        since = self.high_water - REFRESH_LOOKBACK if self.loaded else 0
        rows = session.execute(
            select(Cluster.id, Image.hash, Image.hash_mirror)
            .join(Image, Image.id == Cluster.leader_image_id)
            .where(Cluster.id > since, Image.hash.is_not(None))
        ).all()
        with self.lock:
            for cluster_id, h, m in rows:
                self.remember(cluster_id, h, m)
            self.loaded = True

    def remember(self, cluster_id: int, h: bytes, m: bytes | None) -> None:
        """Add or replace one leader; the caller holds ``lock``."""
        if self.leaders.get(cluster_id) == (h, m):
            return
        # A changed entry (rowid reuse) leaves a stale row in the index;
        # candidates() re-checks every hit against ``leaders``.
        self.leaders[cluster_id] = (h, m)
        self.high_water = max(self.high_water, cluster_id)
        width = self.widths.setdefault(len(h), _WidthIndex(len(h)))
        width.hashes.add(cluster_id, padded(h))
        if m is not None and len(m) == len(h):
            width.mirrors.add(cluster_id, padded(m))

    def candidates(self, h: bytes, m: bytes | None, radius: int) -> list[tuple[int, int]]:
        """``(cluster_id, distance)`` of leaders within ``radius``, nearest (then oldest) first."""
        width = self.widths.get(len(h))
        if width is None:
            return []
        ids: set[int] = set()
        probes = [(width.hashes, h), (width.mirrors, h)]
        if m is not None and len(m) == len(h):
            probes.append((width.hashes, m))
        for index, probe in probes:
            ids.update(i for i, _ in index.search(padded(probe), radius))
        found = []
        for cluster_id in ids:
            leader_h, leader_m = self.leaders[cluster_id]
            distance = mirror_distance(h, m, leader_h, leader_m)
            if distance <= radius:
                found.append((distance, cluster_id))
        return [(cluster_id, distance) for distance, cluster_id in sorted(found)]


_caches: weakref.WeakKeyDictionary[Engine, LeaderCache] = weakref.WeakKeyDictionary()
_caches_lock = threading.Lock()


def _engine_of(session: Session) -> Engine:
    bind = session.get_bind()
    return bind if isinstance(bind, Engine) else bind.engine


def leader_cache(session: Session) -> LeaderCache:
    engine = _engine_of(session)
    with _caches_lock:
        cache = _caches.get(engine)
        if cache is None:
            cache = _caches[engine] = LeaderCache()
        return cache


def _verified_leader_distance(session: Session, cluster_id: int, image: Image) -> int | None:
    """The distance to the cluster's leader as the session sees it, or None if there is none."""
    cluster = session.get(Cluster, cluster_id)
    if cluster is None or cluster.leader_image_id is None:
        return None
    leader = session.get(Image, cluster.leader_image_id)
    if leader is None or leader.hash is None or len(leader.hash) != len(image.hash or b""):
        return None
    return mirror_distance(image.hash, image.hash_mirror, leader.hash, leader.hash_mirror)


def assign_cluster(session: Session, image: Image, *, match_radius: int) -> tuple[Cluster, bool]:
    """Put a hashed, flushed, unclustered image into a cluster: (cluster, founded it)."""
    if image.hash is None or image.id is None:
        raise ValueError("only a flushed image with a hash can be clustered")
    if image.cluster_id is not None:
        return session.get_one(Cluster, image.cluster_id), False
    cache = leader_cache(session)
    cache.refresh(session)
    with cache.lock:
        candidates = cache.candidates(image.hash, image.hash_mirror, match_radius)
    for cluster_id, _ in candidates:
        distance = _verified_leader_distance(session, cluster_id, image)
        if distance is not None and distance <= match_radius:
            cluster = session.get_one(Cluster, cluster_id)
            image.cluster_id = cluster.id
            cluster.size = Cluster.size + 1  # atomic in SQL: concurrent joins do not lose counts
            session.flush()
            return cluster, False
    cluster = Cluster(leader_image_id=image.id, created_at=image.first_seen, size=1)
    session.add(cluster)
    session.flush()
    image.cluster_id = cluster.id
    session.flush()
    with cache.lock:
        cache.remember(cluster.id, image.hash, image.hash_mirror)
    return cluster, True
