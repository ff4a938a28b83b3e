"""Watchlists: hash banks of an organisation's own photos (only hashes, never the photos).

A stored sample that matches a watchlist entry (two-stage, plain or mirrored) is
a hit. Adding a watchlist is followed by ``match_stored_images`` so samples
stored before it are found too; new samples are checked by ``record_listing`` as
they arrive, through an index of the entries cached per engine (topped up with
entries added since, every hit re-read from the database, so a removed watchlist
never hits), not a Python loop over every entry.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Sequence

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, selectinload

from faceleak.store.changes import WatchlistHit
from faceleak.store.errors import StoreError
from faceleak.store.imagesearch import near_images
from faceleak.store.matching import MatchRule, Signals, match_distance
from faceleak.store.models import Image, Watchlist, WatchlistHash
from faceleak.store.signalindex import SignalIndex

# label, sha256, hash, hash_mirror[, fine_hash, fine_mirror]
Digest = (
    tuple[str | None, str, bytes, bytes]
    | tuple[str | None, str, bytes, bytes, bytes | None, bytes | None]
)
# Entry ids are committed out of order by concurrent writers; each refresh re-reads this many.
REFRESH_LOOKBACK = 1_000


def add_watchlist(session: Session, name: str, digests: Sequence[Digest]) -> Watchlist:
    """Create watchlist ``name`` (or add to it); a digest already in it (same sha256) is skipped."""
    watchlist = session.scalar(
        select(Watchlist).where(Watchlist.name == name).options(selectinload(Watchlist.entries))
    )
    if watchlist is None:
        watchlist = Watchlist(name=name)
        session.add(watchlist)
    known = {entry.sha256 for entry in watchlist.entries}
    for digest in digests:
        label, sha256, h, mirror = digest[:4]
        fine, fine_mirror = (digest[4], digest[5]) if len(digest) == 6 else (None, None)
        if sha256 in known:
            continue
        if len(h) != len(mirror):
            raise StoreError(f"watchlist {name}: hash and mirror of {sha256} differ in width")
        known.add(sha256)
        watchlist.entries.append(
            WatchlistHash(label=label, sha256=sha256, hash=h, hash_mirror=mirror,
                          fine_hash=fine, fine_mirror=fine_mirror)
        )
    session.flush()
    return watchlist


def list_watchlists(session: Session) -> list[Watchlist]:
    return list(
        session.scalars(
            select(Watchlist).options(selectinload(Watchlist.entries)).order_by(Watchlist.name)
        )
    )


def remove_watchlist(session: Session, name: str) -> bool:
    """Delete the watchlist and its entries; False when there was none of that name."""
    watchlist = session.scalar(select(Watchlist).where(Watchlist.name == name))
    if watchlist is None:
        return False
    session.delete(watchlist)
    session.flush()
    return True


def entry_signals(entry: WatchlistHash) -> Signals:
    return Signals(entry.hash, entry.hash_mirror, entry.fine_hash, entry.fine_mirror)


def match_stored_images(
    session: Session, watchlist: Watchlist, rule: MatchRule | int
) -> list[tuple[Image, WatchlistHash, int]]:
    """Stored images that match any entry of ``watchlist``, nearest first.

    ``rule`` may be a bare radius (single stage, as before two-stage matching).
    """
    rule = MatchRule.single(rule) if isinstance(rule, int) else rule
    entries = list(watchlist.entries)
    found = near_images(session, [entry_signals(e) for e in entries], rule)
    matches = [
        (image_id, entry, distance)
        for entry, near in zip(entries, found, strict=True)
        for image_id, distance in near.items()
    ]
    matches.sort(key=lambda m: (m[2], m[0], m[1].id))
    return [(session.get_one(Image, image_id), entry, d) for image_id, entry, d in matches]


class _EntryCache:
    """The watchlist entries' signals in a ``SignalIndex``; a cache of ``watchlist_hashes``."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.index = SignalIndex()
        self.high_water = 0
        self.loaded = False

    def refresh(self, session: Session) -> None:
        since = self.high_water - REFRESH_LOOKBACK if self.loaded else 0
        rows = session.execute(
            select(
                WatchlistHash.id,
                WatchlistHash.hash,
                WatchlistHash.hash_mirror,
                WatchlistHash.fine_hash,
                WatchlistHash.fine_mirror,
            ).where(WatchlistHash.id > since)
        ).all()
        with self.lock:
            for entry_id, h, m, f, fm in rows:
                self.index.add(entry_id, Signals(h, m, f, fm))
                self.high_water = max(self.high_water, entry_id)
            self.loaded = True


_caches: weakref.WeakKeyDictionary[Engine, _EntryCache] = weakref.WeakKeyDictionary()
_caches_lock = threading.Lock()


def _entry_cache(session: Session) -> _EntryCache:
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    with _caches_lock:
        cache = _caches.get(engine)
        if cache is None:
            cache = _caches[engine] = _EntryCache()
        return cache


def watchlist_hits_for(
    session: Session,
    hash: bytes,
    hash_mirror: bytes | None,
    radius: int,
    *,
    fine: bytes | None = None,
    fine_mirror: bytes | None = None,
    confirm_radius: int | None = None,
    regions: tuple[Signals, ...] = (),
) -> list[WatchlistHit]:
    """Watchlist entries that match one image (plain or mirrored), nearest first.

    Two-stage with ``confirm_radius``; on the 64-bit hash alone within ``radius`` without.
    ``regions`` (pictures inside the image) are matched too; an entry's distance is its
    nearest match.
    """
    queries = (Signals(hash, hash_mirror, fine, fine_mirror), *regions)
    rule = (MatchRule.single(radius) if confirm_radius is None
            else MatchRule(radius=radius, confirm=confirm_radius))
    cache = _entry_cache(session)
    cache.refresh(session)
    candidates: dict[int, int] = {}
    with cache.lock:
        for query in queries:
            for entry_id, distance in cache.index.search(query, rule).items():
                candidates[entry_id] = min(distance, candidates.get(entry_id, distance))
    if not candidates:
        return []
    rows = session.execute(
        select(WatchlistHash, Watchlist.name)
        .join(Watchlist, Watchlist.id == WatchlistHash.watchlist_id)
        .where(WatchlistHash.id.in_(candidates))
    )
    hits = []
    for entry, name in rows:  # the database is the truth: removed or replaced entries drop out
        found = [match_distance(q, entry_signals(entry), rule) for q in queries]
        distance = min((d for d in found if d is not None), default=None)
        if distance is not None:
            hits.append(WatchlistHit(watchlist=name, entry_id=entry.id, distance=distance))
    hits.sort(key=lambda hit: (hit.distance, hit.watchlist, hit.entry_id))
    return hits
