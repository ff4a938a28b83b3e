"""Hamming distances between perceptual hashes, mirror-aware. Pure functions."""

from __future__ import annotations


def hamming(a: bytes, b: bytes) -> int:
    """Bits that differ between two hashes of the same width."""
    if len(a) != len(b):
        raise ValueError(f"hashes of different widths: {len(a)} and {len(b)} bytes")
    return (int.from_bytes(a, "big") ^ int.from_bytes(b, "big")).bit_count()


def mirror_distance(
    hash_a: bytes, mirror_a: bytes | None, hash_b: bytes, mirror_b: bytes | None
) -> int:
    """Distance between two images where either may be the other's mirror image.

    The smallest of a~b, a~mirror(b) and mirror(a)~b; a mirrored re-post is
    ~32/64 bits from the original by its plain hash but close to its mirror.
    """
    best = hamming(hash_a, hash_b)
    if mirror_b is not None and len(mirror_b) == len(hash_a):
        best = min(best, hamming(hash_a, mirror_b))
    if mirror_a is not None and len(mirror_a) == len(hash_b):
        best = min(best, hamming(mirror_a, hash_b))
    return best


def padded(h: bytes) -> bytes:
    """``h`` zero-padded to whole 64-bit words (padding adds no distance), for HammingIndex."""
    return h + b"\0" * (-len(h) % 8)
