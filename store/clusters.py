"""Near-duplicate clusters of sample images, by leader clustering.

A new image joins the cluster whose *leader* (the image that founded it) is
nearest and matches it under the two-stage rule (``matching.MatchRule``: 64-bit
candidates within ``radius``, both ways with the mirror hashes, confirmed by the
256-bit hash); when no leader matches the image founds a new cluster and becomes
its leader. Members are never re-homed and two
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

Founding cannot split under concurrency: two transactions each adding a
near-duplicate of the other would both see no leader and both found. So founding
is serialised and re-checked: on PostgreSQL a transaction-scoped advisory lock
(``pg_advisory_xact_lock``), taken only when no leader matched, then the leaders
are re-read (READ COMMITTED: the other founder has committed by the time the lock
is ours) and matched again. One lock for all founders, not one per hash bucket:
near-duplicates do not share a bucket of any fixed partition of Hamming space, so
per-bucket locks would not be correct. Joining an existing cluster takes no lock.
On SQLite every write transaction already holds the database's write lock from
``BEGIN IMMEDIATE`` (``engine.py``), which serialises founders the same way.
"""

from __future__ import annotations

import threading
import weakref

from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from faceleak.store.distance import padded
from faceleak.store.hamming import HammingIndex
from faceleak.store.matching import MatchRule, Signals, match_distance
from faceleak.store.models import Cluster, Image

# Ids are allocated in one order and committed in another (PostgreSQL sequences,
# concurrent writers); each refresh re-reads this many ids below the highest seen.
REFRESH_LOOKBACK = 1_000
#: pg_advisory_xact_lock key serialising cluster founding ("faceleak" + "clust").
FOUNDING_LOCK_KEY = 0x6661636C_636C7573


def image_signals(image: Image) -> Signals:
    return Signals(image.hash or b"", image.hash_mirror, image.fine_hash, image.fine_mirror)


class _WidthIndex:
    def __init__(self, width_bytes: int) -> None:
        bits = len(padded(b"\0" * width_bytes)) * 8
        self.hashes = HammingIndex(bits)
        self.mirrors = HammingIndex(bits)


class LeaderCache:
    """Leader hashes of every cluster, per hash width; a cache of the ``clusters`` table."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.leaders: dict[int, Signals] = {}
        self.widths: dict[int, _WidthIndex] = {}
        self.high_water = 0
        self.loaded = False

    def refresh(self, session: Session) -> None:
        """Top up from the database. The query runs outside the lock: a thread waiting for
        the database must never hold up threads that already hold a transaction."""
        since = self.high_water - REFRESH_LOOKBACK if self.loaded else 0
        rows = session.execute(
            select(Cluster.id, Image.hash, Image.hash_mirror, Image.fine_hash, Image.fine_mirror)
            .join(Image, Image.id == Cluster.leader_image_id)
            .where(Cluster.id > since, Image.hash.is_not(None))
        ).all()
        with self.lock:
            for cluster_id, h, m, f, fm in rows:
                self.remember(cluster_id, Signals(h, m, f, fm))
            self.loaded = True

    def remember(self, cluster_id: int, leader: Signals) -> None:
        """Add or replace one leader; the caller holds ``lock``."""
        if self.leaders.get(cluster_id) == leader:
            return
        # A changed entry (rowid reuse) leaves a stale row in the index;
        # candidates() re-checks every hit against ``leaders``.
        h, m = leader.hash, leader.mirror
        self.leaders[cluster_id] = leader
        self.high_water = max(self.high_water, cluster_id)
        width = self.widths.setdefault(len(h), _WidthIndex(len(h)))
        width.hashes.add(cluster_id, padded(h))
        if m is not None and len(m) == len(h):
            width.mirrors.add(cluster_id, padded(m))

    def candidates(self, query: Signals, rule: MatchRule) -> list[tuple[int, int]]:
        """``(cluster_id, distance)`` of leaders matching ``query``, nearest (then oldest) first.

        Stage 1 is the index at ``rule.radius``; stage 2 is ``match_distance``.
        """
        h, m, radius = query.hash, query.mirror, rule.radius
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
            distance = match_distance(query, self.leaders[cluster_id], rule)
            if distance is not None:
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


def _verified_leader_distance(
    session: Session, cluster_id: int, query: Signals, rule: MatchRule
) -> int | None:
    """The distance to the cluster's leader as the session sees it, None if it does not match."""
    cluster = session.get(Cluster, cluster_id)
    if cluster is None or cluster.leader_image_id is None:
        return None
    leader = session.get(Image, cluster.leader_image_id)
    if leader is None or leader.hash is None or len(leader.hash) != len(query.hash):
        return None
    return match_distance(query, image_signals(leader), rule)


def _join_nearest(
    session: Session, image: Image, rule: MatchRule, regions: tuple[Signals, ...] = ()
) -> Cluster | None:
    """Join the nearest leader matching the image, else one matching a region of it."""
    cache = leader_cache(session)
    cache.refresh(session)
    for query in (image_signals(image), *regions):
        with cache.lock:
            candidates = cache.candidates(query, rule)
        joined = _join_first(session, image, query, candidates, rule)
        if joined is not None:
            return joined
    return None


def _join_first(
    session: Session, image: Image, query: Signals, candidates: list[tuple[int, int]],
    rule: MatchRule,
) -> Cluster | None:
    """Join the first candidate cluster whose leader, re-read in this session, matches."""
    for cluster_id, _ in candidates:
        if _verified_leader_distance(session, cluster_id, query, rule) is not None:
            cluster = session.get_one(Cluster, cluster_id)
            image.cluster_id = cluster.id
            cluster.size = Cluster.size + 1  # atomic in SQL: concurrent joins do not lose counts
            session.flush()
            return cluster
    return None


def lock_founding(session: Session) -> bool:
    """Serialise cluster founding until this transaction ends; False where nothing is needed."""
    if session.get_bind().dialect.name != "postgresql":
        return False  # SQLite: BEGIN IMMEDIATE already holds the write lock
    session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": FOUNDING_LOCK_KEY})
    return True


def assign_cluster(
    session: Session,
    image: Image,
    *,
    match_radius: int,
    confirm_radius: int | None = None,
    regions: tuple[Signals, ...] = (),
) -> tuple[Cluster, bool]:
    """Put a hashed, flushed, unclustered image into a cluster: (cluster, founded it).

    ``confirm_radius`` None matches on the 64-bit hash alone (single stage).
    ``regions`` are pictures inside the image (a screenshot's photo): when the whole
    matches no leader, the image joins the cluster of a leader one of them matches.
    Regions are not stored, so this works when the photo was seen first.
    """
    if image.hash is None or image.id is None:
        raise ValueError("only a flushed image with a hash can be clustered")
    if image.cluster_id is not None:
        return session.get_one(Cluster, image.cluster_id), False
    rule = match_rule(match_radius, confirm_radius)
    joined = _join_nearest(session, image, rule, regions)
    if joined is not None:
        return joined, False
    if lock_founding(session):
        joined = _join_nearest(session, image, rule, regions)  # committed meanwhile
        if joined is not None:
            return joined, False
    cluster = Cluster(leader_image_id=image.id, created_at=image.first_seen, size=1)
    session.add(cluster)
    session.flush()
    image.cluster_id = cluster.id
    session.flush()
    cache = leader_cache(session)
    with cache.lock:
        cache.remember(cluster.id, image_signals(image))
    return cluster, True


def match_rule(match_radius: int, confirm_radius: int | None) -> MatchRule:
    """The rule a ``match_radius`` (stage 1) and an optional ``confirm_radius`` (stage 2) give."""
    if confirm_radius is None:
        return MatchRule.single(match_radius)
    return MatchRule(radius=match_radius, confirm=confirm_radius)
