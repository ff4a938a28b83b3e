"""Watchlists: hash banks of an organisation's own photos (only hashes, never the photos).

A stored sample near a watchlist entry (plain or mirrored) is a hit. Adding a
watchlist is followed by ``match_stored_images`` so samples stored before it
are found too; new samples are checked by ``record_listing`` as they arrive.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from faceleak.store.changes import WatchlistHit
from faceleak.store.distance import mirror_distance
from faceleak.store.errors import StoreError
from faceleak.store.imagesearch import near_images
from faceleak.store.models import Image, Watchlist, WatchlistHash

Digest = tuple[str | None, str, bytes, bytes]  # label, sha256, hash, hash_mirror


def add_watchlist(session: Session, name: str, digests: Sequence[Digest]) -> Watchlist:
    """Create watchlist ``name`` (or add to it); a digest already in it (same sha256) is skipped."""
    watchlist = session.scalar(
        select(Watchlist).where(Watchlist.name == name).options(selectinload(Watchlist.entries))
    )
    if watchlist is None:
        watchlist = Watchlist(name=name)
        session.add(watchlist)
    known = {entry.sha256 for entry in watchlist.entries}
    for label, sha256, h, mirror in digests:
        if sha256 in known:
            continue
        if len(h) != len(mirror):
            raise StoreError(f"watchlist {name}: hash and mirror of {sha256} differ in width")
        known.add(sha256)
        watchlist.entries.append(
            WatchlistHash(label=label, sha256=sha256, hash=h, hash_mirror=mirror)
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


def match_stored_images(
    session: Session, watchlist: Watchlist, radius: int
) -> list[tuple[Image, WatchlistHash, int]]:
    """Stored images within ``radius`` of any entry of ``watchlist``, nearest first."""
    entries = list(watchlist.entries)
    found = near_images(session, [(e.hash, e.hash_mirror) for e in entries], radius)
    matches = [
        (image_id, entry, distance)
        for entry, near in zip(entries, found, strict=True)
        for image_id, distance in near.items()
    ]
    matches.sort(key=lambda m: (m[2], m[0], m[1].id))
    return [(session.get_one(Image, image_id), entry, d) for image_id, entry, d in matches]


def watchlist_hits_for(
    session: Session, hash: bytes, hash_mirror: bytes | None, radius: int
) -> list[WatchlistHit]:
    """Watchlist entries within ``radius`` of one image's hash (or its mirror), nearest first."""
    rows = session.execute(
        select(
            WatchlistHash.id, WatchlistHash.hash, WatchlistHash.hash_mirror, Watchlist.name
        ).join(Watchlist, Watchlist.id == WatchlistHash.watchlist_id)
    )
    hits = []
    for entry_id, entry_hash, entry_mirror, name in rows:
        if len(entry_hash) != len(hash):
            continue
        distance = mirror_distance(hash, hash_mirror, entry_hash, entry_mirror)
        if distance <= radius:
            hits.append(WatchlistHit(watchlist=name, entry_id=entry_id, distance=distance))
    hits.sort(key=lambda hit: (hit.distance, hit.watchlist, hit.entry_id))
    return hits
