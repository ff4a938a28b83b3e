"""The one path every sample image takes: stored, query and watchlist alike."""

from __future__ import annotations

import hashlib

import numpy as np

from . import faces as _faces
from .decode import decode
from .hashing import crop_probes, hash_signals, trim_border
from .limits import DEFAULT_LIMITS, MediaLimits
from .model import SampleDigest
from .regions import regions as find_regions

#: JPEGs are decoded at the smallest DCT scale keeping this many pixels a side: 1/8
#: for samples of 1600 px and more (libjpeg then keeps only the DC term of each block),
#: 1/4 for 800-1599 px. Enough for the 64 x 64 pixels of the finer hash and for the face
#: counter's working copy (``faces.FACE_SHORT_SIDE``), so faces are counted on the
#: decode the hash needs: one decode per image. Not lower: at 150 the pictures found
#: inside small pictures (``regions``) got too coarse and matched other pictures
#: (bench/bench_hash_robustness.py: 89 region false matches, none at 200 or 300).
HASH_DRAFT = 200


Quads = tuple[tuple[bytes, bytes, bytes, bytes], ...]


def extra_queries(trimmed: np.ndarray) -> tuple[Quads, Quads]:
    """``(regions, probes)``: signals a sample is also looked up by, never stored: the
    pictures found inside it (a screenshot's photo, a collage's cells), and its crop probes
    (matched under their own confirm radius, ``store.matching.PROBE_CONFIRM_RADIUS``)."""
    found = tuple(hash_signals(trimmed[top:bottom, left:right])
                  for top, bottom, left, right in find_regions(trimmed))
    return found, crop_probes(trimmed)


def digest_image(data: bytes, limits: MediaLimits = DEFAULT_LIMITS, *,
                 count_faces: bool = True) -> SampleDigest:
    """Hash (and optionally count faces in) untrusted image bytes; raises only ``BadImage``.

    Pure and thread-safe: callers run it off the reactor thread.
    """
    gray, width, height, fmt = decode(data, limits, draft=HASH_DRAFT)
    pixels = np.asarray(gray)
    h, h_mirror, fine, fine_mirror = hash_signals(pixels)
    trimmed = trim_border(pixels)
    regions, probes = extra_queries(trimmed)
    faces = _faces.count_faces(gray) if count_faces else None
    return SampleDigest(sha256=hashlib.sha256(data).hexdigest(), width=width, height=height,
                        format=fmt, hash=h, hash_mirror=h_mirror, faces=faces,
                        fine=fine, fine_mirror=fine_mirror, regions=regions,
                        probes=probes)
