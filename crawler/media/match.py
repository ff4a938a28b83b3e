"""When two sample digests are the same picture."""

from __future__ import annotations

from faceleak.store.distance import hamming

from .model import SampleDigest

#: Hash width in bits (``len(SampleDigest.hash) * 8``); the store's index uses it.
HASH_BITS = 64

#: Calibrated by ``bench/bench_hash_robustness.py`` (pHash 64, trimmed centre): the
#: nearest two different images there are 10 bits apart, so 9 is the largest radius
#: at which no two different images of its test set (faces included) match. Re-run
#: it when the hash changes.
MATCH_RADIUS = 9


__all__ = ["HASH_BITS", "MATCH_RADIUS", "distance", "hamming", "is_match"]


def distance(a: SampleDigest, b: SampleDigest) -> int:
    """Bits between ``a`` and ``b`` as stored, or ``b`` mirrored, whichever is nearer."""
    return min(hamming(a.hash, b.hash), hamming(a.hash, b.hash_mirror))


def is_match(a: SampleDigest, b: SampleDigest, radius: int = MATCH_RADIUS) -> bool:
    """Same picture, possibly re-encoded, resized, cropped a little, framed or mirrored."""
    return distance(a, b) <= radius
