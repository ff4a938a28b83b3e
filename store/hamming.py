"""Exact Hamming range search over fixed-width hashes held in memory.

The index is a cache rebuilt from the database; the database stays the truth.
This first version is a vectorised linear scan (numpy bitwise_count); faster
exact structures keep the same interface.
"""

from __future__ import annotations

import numpy as np


def _words(h: bytes, n_words: int) -> np.ndarray:
    if len(h) != n_words * 8:
        raise ValueError(f"hash of {len(h)} bytes, index holds {n_words * 8}-byte hashes")
    return np.frombuffer(h, dtype=">u8").astype(np.uint64)


class LinearHammingIndex:
    """Reference index: exact, simple, O(n) per query."""

    def __init__(self, width_bits: int = 64) -> None:
        if width_bits % 64:
            raise ValueError("width_bits must be a multiple of 64")
        self.n_words = width_bits // 64
        self._ids: list[int] = []
        self._rows: list[np.ndarray] = []
        self._matrix: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self._ids)

    def add(self, item_id: int, h: bytes) -> None:
        self._ids.append(item_id)
        self._rows.append(_words(h, self.n_words))
        self._matrix = None

    def search(self, h: bytes, radius: int) -> list[tuple[int, int]]:
        """``(id, distance)`` of every stored hash within ``radius`` bits, nearest first."""
        if not self._ids:
            return []
        if self._matrix is None:
            self._matrix = np.vstack(self._rows)
        q = _words(h, self.n_words)
        dist = np.bitwise_count(self._matrix ^ q).sum(axis=1)
        hits = np.flatnonzero(dist <= radius)
        order = hits[np.argsort(dist[hits], kind="stable")]
        return [(self._ids[i], int(dist[i])) for i in order]


HammingIndex = LinearHammingIndex
