"""Exact two-stage near-duplicate search over every stored image (CLI ``similar``, watchlists).

Builds a throwaway :class:`SignalIndex` from the images table, streamed in
batches: 64-bit candidates from the multi-index Hamming index, confirmed by the
256-bit hash (``store.matching``).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from faceleak.store.matching import MatchRule, Signals
from faceleak.store.models import Image
from faceleak.store.signalindex import SignalIndex

BATCH = 10_000


def load_images(session: Session) -> SignalIndex:
    """Every hashed stored image, by image id."""
    index = SignalIndex()
    rows = session.execute(
        select(Image.id, Image.hash, Image.hash_mirror, Image.fine_hash, Image.fine_mirror)
        .where(Image.hash.is_not(None))
        .execution_options(yield_per=BATCH)
    )
    for image_id, h, m, f, fm in rows:
        index.add(image_id, Signals(h, m, f, fm))
    return index


def near_images(
    session: Session, queries: Iterable[Signals], rule: MatchRule
) -> list[dict[int, int]]:
    """For each query, the stored images that match it: ``{id: 64-bit distance}``."""
    queries = list(queries)
    if not queries:
        return []
    index = load_images(session)
    return [index.search(query, rule) for query in queries]
