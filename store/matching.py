"""Two-stage matching (DESIGN 3): 64-bit candidates at a generous radius, confirmed by 256 bits.

One threshold on one 64-bit pHash cannot both keep re-posts together and keep
look-alike ID-style portraits apart: in bench/bench_hash_robustness.py's
calibration set different LFW portraits (same background, same framing) come
within 2 bits of each other, while re-encoded, resized, framed and watermarked
re-posts drift past 9. So the 64-bit index only proposes candidates, and a second
hash of other frequencies and another window (pHash-256 of the trimmed picture
without 15% margins, ``crawler.media.hashing.hash_signals``) decides. The radii
are the benchmark's: re-run it when a hash changes.

Rows stored before the confirming hash existed (or a watchlist entry made from a
bare hash) have no ``fine`` hash; such a pair is matched on the 64 bits alone, at
the old single-stage radius, never at the generous one.

Pure functions over bytes: the store, the CLI and the media code share them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from faceleak.store.distance import mirror_distance

#: Stage 1: Hamming radius on the 64-bit pHash (and its mirror) for candidates.
#: Stage 2: Hamming radius on the 256-bit confirming hash (and its mirror).
#: The pair with the best mean recall over issue 8's transforms among those with no
#: false match on the calibration set and fewer than 0.01 false matches per query at
#: 1M stored images, extrapolated from a normal fit of the candidates' 256-bit
#: distances (bench_hash_robustness ``calibration``). A wider stage 1 (14 with 47)
#: gained 2 points of recall for ~0.4 extrapolated false matches per query at 1M.
CANDIDATE_RADIUS = 10
CONFIRM_RADIUS = 40
#: Stage 2 for crop probes (``crawler.media.hashing.CROP_PROBES``, queries only). Each
#: kind of query has its own radius because each adds its own false matches per sample:
#: calibrated together (bench_hash_robustness, quick set, each kind's false candidates
#: fitted apart), whole pictures at 40 and probes at 42 keep crop 5% at 0.959 and total
#: 0.0083 false matches per sample at 1M, where 42 for both totalled 0.0122 and 42 with
#: probes at 40 0.0102 for less recall. pHash distances are even (both hashes have as many
#: ones as zeros), so an odd radius matches exactly what the even one below it matches.
PROBE_CONFIRM_RADIUS = 42
#: A pair where either side has no confirming hash matches within this (64-bit) radius:
#: the single-stage radius calibrated before two-stage matching.
UNCONFIRMED_RADIUS = 9


@dataclass(frozen=True, slots=True)
class Signals:
    """The hashes one image is matched by."""

    hash: bytes
    mirror: bytes | None = None
    fine: bytes | None = None
    fine_mirror: bytes | None = None
    #: A crop probe: a query only (never stored), confirmed within ``MatchRule.probe_confirm``.
    probe: bool = False


@dataclass(frozen=True, slots=True)
class MatchRule:
    """``radius`` for candidates; ``confirm`` for the second stage (None: single stage);
    ``probe_confirm`` for the second stage of a crop-probe query (None: ``confirm``)."""

    radius: int = CANDIDATE_RADIUS
    confirm: int | None = CONFIRM_RADIUS
    unconfirmed: int = UNCONFIRMED_RADIUS
    probe_confirm: int | None = PROBE_CONFIRM_RADIUS

    @classmethod
    def single(cls, radius: int) -> MatchRule:
        """The old rule: one radius on the 64-bit hash, no confirmation."""
        return cls(radius=radius, confirm=None, unconfirmed=radius, probe_confirm=None)

    def confirm_for(self, query: Signals) -> int | None:
        """The stage-2 radius for ``query``: a crop probe has its own."""
        if query.probe and self.confirm is not None and self.probe_confirm is not None:
            return self.probe_confirm
        return self.confirm


DEFAULT_RULE = MatchRule()


def fine_distance(a: Signals, b: Signals) -> int | None:
    """Mirror-aware distance of the confirming hashes, or None when one side has none."""
    if a.fine is None or b.fine is None or len(a.fine) != len(b.fine):
        return None
    return mirror_distance(a.fine, a.fine_mirror, b.fine, b.fine_mirror)


def match_distance(a: Signals, b: Signals, rule: MatchRule = DEFAULT_RULE) -> int | None:
    """The 64-bit distance when ``a`` and ``b`` are the same picture under ``rule``, else None.

    ``a`` is the query: when it is a crop probe, the rule's probe radius applies.
    """
    if len(a.hash) != len(b.hash):
        return None
    distance = mirror_distance(a.hash, a.mirror, b.hash, b.mirror)
    if distance > rule.radius:
        return None
    confirm = rule.confirm_for(a)
    if confirm is None:
        return distance
    fine = fine_distance(a, b)
    if fine is None:
        return distance if distance <= min(rule.radius, rule.unconfirmed) else None
    return distance if fine <= confirm else None


def extra_queries(regions: Iterable[Sequence[bytes]],
                  probes: Iterable[Sequence[bytes]] = ()) -> tuple[Signals, ...]:
    """A sample's extra queries as ``Signals``: the pictures inside it, then its crop probes."""
    return (*(Signals(*r) for r in regions),
            *(Signals(*p, probe=True) for p in probes))
