"""What the media step returns for one sample image."""

from __future__ import annotations

from dataclasses import dataclass


class BadImage(Exception):
    """The bytes are not an image we are willing to decode (bomb, truncated, not an image...)."""


@dataclass(frozen=True, slots=True)
class SampleDigest:
    """Everything kept about a sample image by default: no pixels.

    ``hash`` and ``hash_mirror`` are fixed-width perceptual hashes as bytes
    (big-endian bit order as imagehash prints them); ``hash.hex()`` is what the
    listing JSON shows.
    """

    sha256: str
    width: int
    height: int
    format: str
    hash: bytes
    hash_mirror: bytes
    faces: int | None = None
    fine: bytes | None = None
    fine_mirror: bytes | None = None
    #: ``(hash, mirror, fine, fine_mirror)`` of pictures found inside this one (the photo
    #: of a screenshot, the cells of a collage; ``regions.py``): extra queries, not stored.
    regions: tuple[tuple[bytes, bytes, bytes, bytes], ...] = ()
    #: The same of the picture itself with smaller margins (``hashing.CROP_PROBES``: a
    #: cropped re-post of a stored original): extra queries under their own confirm
    #: radius (``store.matching.PROBE_CONFIRM_RADIUS``), not stored.
    probes: tuple[tuple[bytes, bytes, bytes, bytes], ...] = ()
