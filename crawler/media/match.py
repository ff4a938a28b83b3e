"""When two sample digests are the same picture: two-stage matching (see ``store.matching``)."""

from __future__ import annotations

from dataclasses import replace

from faceleak.store.distance import hamming
from faceleak.store.matching import (
    CANDIDATE_RADIUS,
    CONFIRM_RADIUS,
    DEFAULT_RULE,
    MatchRule,
    Signals,
    extra_queries,
    match_distance,
)

from .model import SampleDigest

#: Hash width in bits (``len(SampleDigest.hash) * 8``); the store's index uses it.
HASH_BITS = 64

#: The 64-bit candidate radius of two-stage matching, calibrated with ``CONFIRM_RADIUS``
#: by ``bench/bench_hash_robustness.py``. Re-run it when the hash changes.
MATCH_RADIUS = CANDIDATE_RADIUS


__all__ = ["CONFIRM_RADIUS", "HASH_BITS", "MATCH_RADIUS", "MatchRule", "distance", "hamming",
           "is_match", "signals"]


def signals(d: SampleDigest) -> Signals:
    return Signals(d.hash, d.hash_mirror, d.fine, d.fine_mirror)


def distance(a: SampleDigest, b: SampleDigest) -> int:
    """Bits between ``a`` and ``b`` as stored, or ``b`` mirrored, whichever is nearer."""
    return min(hamming(a.hash, b.hash), hamming(a.hash, b.hash_mirror))


def is_match(a: SampleDigest, b: SampleDigest, radius: int = MATCH_RADIUS,
             rule: MatchRule = DEFAULT_RULE) -> bool:
    """Same picture, possibly re-encoded, resized, cropped a little, framed or mirrored.

    Two-stage: within ``radius`` on the 64-bit hash and confirmed by the 256-bit one.
    As in the store, either side may be the query: its whole picture, the pictures
    inside it and its crop probes are matched against the other's stored hashes.
    """
    rule = replace(rule, radius=radius)
    return any(match_distance(query, signals(stored), rule) is not None
               for query_digest, stored in ((a, b), (b, a))
               for query in (signals(query_digest),
                             *extra_queries(query_digest.regions, query_digest.probes)))
