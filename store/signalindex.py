"""An in-memory two-stage index: 64-bit Hamming candidates, confirmed by ``match_distance``.

Shared by ``similar`` (every stored image), watchlists (every entry) and anything
else that asks "which stored items match this picture": one index, so no caller
loops over every hash in Python. Hashes of other widths are kept apart per width.
Not thread-safe; callers hold a lock where they share one.
"""

from __future__ import annotations

from faceleak.store.distance import padded
from faceleak.store.hamming import HammingIndex
from faceleak.store.matching import MatchRule, Signals, match_distance


class _Width:
    def __init__(self, width_bytes: int) -> None:
        bits = len(padded(b"\0" * width_bytes)) * 8
        self.hashes = HammingIndex(bits)
        self.mirrors = HammingIndex(bits)


class SignalIndex:
    """``id -> Signals``, searchable by a query's signals under a ``MatchRule``."""

    def __init__(self) -> None:
        self.items: dict[int, Signals] = {}
        self._widths: dict[int, _Width] = {}

    def __len__(self) -> int:
        return len(self.items)

    def add(self, item_id: int, signals: Signals) -> None:
        """Add (or replace: the stale index row is filtered out by ``search``)."""
        if self.items.get(item_id) == signals:
            return
        self.items[item_id] = signals
        h, m = signals.hash, signals.mirror
        width = self._widths.setdefault(len(h), _Width(len(h)))
        width.hashes.add(item_id, padded(h))
        if m is not None and len(m) == len(h):
            width.mirrors.add(item_id, padded(m))

    def search(self, query: Signals, rule: MatchRule) -> dict[int, int]:
        """``{id: 64-bit distance}`` of the items that match ``query`` under ``rule``."""
        width = self._widths.get(len(query.hash))
        if width is None:
            return {}
        h, m = query.hash, query.mirror
        probes = [(width.hashes, h), (width.mirrors, h)]
        if m is not None and len(m) == len(h):
            probes.append((width.hashes, m))
        candidates: set[int] = set()
        for index, probe in probes:
            candidates.update(i for i, _ in index.search(padded(probe), rule.radius))
        found = {}
        for item_id in candidates:
            distance = match_distance(query, self.items[item_id], rule)
            if distance is not None:
                found[item_id] = distance
        return found
