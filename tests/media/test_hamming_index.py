"""The fast Hamming index returns exactly what the linear reference returns, order included."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from faceleak.store.hamming import HammingIndex, LinearHammingIndex, MultiIndexHammingIndex


def flipped(h: bytes, positions: list[int]) -> bytes:
    bits = np.unpackbits(np.frombuffer(h, dtype=np.uint8))
    for p in positions:
        bits[p % bits.size] ^= 1
    return np.packbits(bits).tobytes()


@st.composite
def stores_and_queries(draw, width: int):
    n_bytes = width // 8
    seeds = draw(st.lists(st.binary(min_size=n_bytes, max_size=n_bytes), min_size=1, max_size=6))
    hashes = []
    for _ in range(draw(st.integers(0, 60))):  # near-duplicates of a few seeds, duplicates too
        seed = draw(st.sampled_from(seeds))
        hashes.append(flipped(seed, draw(st.lists(st.integers(0, width - 1), max_size=width // 4))))
    query = flipped(draw(st.sampled_from(seeds)), draw(st.lists(st.integers(0, width - 1),
                                                                max_size=width // 4)))
    radius = draw(st.integers(0, width // 3))
    return hashes, query, radius


def both(width: int, hashes: list[bytes], bulk: bool):
    fast, slow = MultiIndexHammingIndex(width), LinearHammingIndex(width)
    if bulk:
        fast.add_many(range(len(hashes)), hashes)
        slow.add_many(range(len(hashes)), hashes)
    else:
        for i, h in enumerate(hashes):
            fast.add(i, h)
            slow.add(i, h)
    return fast, slow


@pytest.mark.parametrize("width", [64, 256])
@settings(max_examples=80, deadline=None)
@given(data=st.data(), bulk=st.booleans())
def test_results_equal_the_linear_reference(width: int, data, bulk: bool) -> None:
    hashes, query, radius = data.draw(stores_and_queries(width))
    fast, slow = both(width, hashes, bulk)
    fast.build()  # exercise the bucket tables, not only the linear tail
    assert fast.search(query, radius) == slow.search(query, radius)
    assert len(fast) == len(slow) == len(hashes)


@pytest.mark.parametrize("width", [64, 256])
@pytest.mark.parametrize("radius", [0, 1, 3, 9, 10, 17, 40])
def test_large_random_store_equals_brute_force(width: int, radius: int) -> None:
    rng = np.random.default_rng(width + radius)
    base = rng.integers(0, 256, (20_000, width // 8), dtype=np.uint8)
    base[1000:1100] = base[0]  # exact duplicates
    fast, slow = both(width, [bytes(r) for r in base], bulk=True)
    for i in [*rng.integers(0, len(base), 15).tolist(), 0]:
        q = flipped(bytes(base[i]), rng.integers(0, width, radius // 2 + 1).tolist())
        assert fast.search(q, radius) == slow.search(q, radius)


def test_default_index_is_the_fast_one() -> None:
    assert HammingIndex is MultiIndexHammingIndex


def test_empty_index_finds_nothing() -> None:
    assert HammingIndex().search(b"\x00" * 8, 10) == []
    assert len(HammingIndex()) == 0


def test_results_are_nearest_first_and_exact_hits_have_distance_zero() -> None:
    index = HammingIndex()
    base = bytes.fromhex("9d8a745883d71ea5")
    index.add(1, flipped(base, [0, 1, 2]))
    index.add(2, base)
    index.add(3, flipped(base, [5]))
    index.add(4, flipped(base, list(range(20))))
    assert index.search(base, 10) == [(2, 0), (3, 1), (1, 3)]
    assert index.search(base, 0) == [(2, 0)]


def test_search_mixes_bucket_tables_and_recent_additions() -> None:
    index, reference = MultiIndexHammingIndex(), LinearHammingIndex()
    base = bytes.fromhex("9d8a745883d71ea5")
    for i in range(40):
        h = flipped(base, list(range(i % 7)))
        index.add(i, h)
        reference.add(i, h)
        if i == 20:
            index.build()
    assert index.search(base, 4) == reference.search(base, 4)


def test_additions_after_a_search_are_found() -> None:
    rng = np.random.default_rng(5)
    index = HammingIndex()
    index.add_many(range(10_000), rng.integers(0, 256, (10_000, 8), dtype=np.uint8))
    probe = bytes(8)
    index.search(probe, 3)
    index.add(99_999, probe)
    assert index.search(probe, 0) == [(99_999, 0)]


def test_bulk_add_accepts_uint64_words_read_big_endian() -> None:
    index = HammingIndex()
    index.add_many(np.array([7, 8]), np.array([0x9D8A745883D71EA5, 1], dtype=np.uint64))
    assert index.search(bytes.fromhex("9d8a745883d71ea5"), 0) == [(7, 0)]
    assert index.search((1).to_bytes(8, "big"), 0) == [(8, 0)]


def test_from_arrays_builds_an_index_of_256_bit_hashes() -> None:
    rng = np.random.default_rng(9)
    hashes = rng.integers(0, 256, (50, 32), dtype=np.uint8)
    index = MultiIndexHammingIndex.from_arrays(range(50), hashes, width_bits=256)
    assert len(index) == 50
    assert index.search(bytes(hashes[17]), 0) == [(17, 0)]


@pytest.mark.parametrize("index_type", [MultiIndexHammingIndex, LinearHammingIndex])
def test_hashes_of_the_wrong_width_are_refused(index_type) -> None:
    index = index_type(64)
    with pytest.raises(ValueError, match="8-byte"):
        index.add(1, b"\x00" * 32)
    with pytest.raises(ValueError, match="8-byte"):
        index.search(b"\x00" * 7, 3)
    with pytest.raises(ValueError, match="ids"):
        index.add_many([1, 2], [b"\x00" * 8])


def test_width_must_be_a_multiple_of_64() -> None:
    with pytest.raises(ValueError, match="multiple of 64"):
        HammingIndex(width_bits=100)
