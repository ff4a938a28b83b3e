"""Exact near-duplicate search over every stored image (CLI ``similar``, watchlist back-fill).

Builds a throwaway :class:`HammingIndex` per hash width from the images table,
streamed in batches; queries the plain and the mirror hash both ways.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from faceleak.store.distance import mirror_distance, padded
from faceleak.store.hamming import HammingIndex
from faceleak.store.models import Image

BATCH = 10_000


class StoredImageIndex:
    """Indexes of the stored images' hashes and mirror hashes, for one hash width."""

    def __init__(self, width_bytes: int) -> None:
        self.width_bytes = width_bytes
        bits = len(padded(b"\0" * width_bytes)) * 8
        self.hashes = HammingIndex(bits)
        self.mirrors = HammingIndex(bits)
        self.rows: dict[int, tuple[bytes, bytes | None]] = {}

    @classmethod
    def load(cls, session: Session, width_bytes: int) -> StoredImageIndex:
        index = cls(width_bytes)
        rows = session.execute(
            select(Image.id, Image.hash, Image.hash_mirror)
            .where(Image.hash.is_not(None))
            .execution_options(yield_per=BATCH)
        )
        for image_id, h, m in rows:
            if len(h) == width_bytes:
                index.add(image_id, h, m)
        return index

    def add(self, image_id: int, h: bytes, m: bytes | None) -> None:
        self.rows[image_id] = (h, m)
        self.hashes.add(image_id, padded(h))
        if m is not None and len(m) == len(h):
            self.mirrors.add(image_id, padded(m))

    def search(self, h: bytes, m: bytes | None, radius: int) -> dict[int, int]:
        """``{image_id: distance}`` for stored images within ``radius`` of ``h`` or its mirror."""
        if len(h) != self.width_bytes:
            return {}
        candidates: set[int] = set()
        probes = [(self.hashes, h), (self.mirrors, h)]
        if m is not None and len(m) == len(h):
            probes.append((self.hashes, m))
        for index, probe in probes:
            candidates.update(i for i, _ in index.search(padded(probe), radius))
        found = {}
        for image_id in candidates:
            stored_h, stored_m = self.rows[image_id]
            distance = mirror_distance(h, m, stored_h, stored_m)
            if distance <= radius:
                found[image_id] = distance
        return found


def near_images(
    session: Session, queries: Iterable[tuple[bytes, bytes | None]], radius: int
) -> list[dict[int, int]]:
    """For each ``(hash, mirror)``, the stored images within ``radius``: ``{id: distance}``."""
    queries = list(queries)
    indexes: dict[int, StoredImageIndex] = {}
    results = []
    for h, m in queries:
        if len(h) not in indexes:
            indexes[len(h)] = StoredImageIndex.load(session, len(h))
        results.append(indexes[len(h)].search(h, m, radius))
    return results
