"""The one path every sample image takes: stored, query and watchlist alike."""

from __future__ import annotations

import hashlib

import numpy as np

from . import faces as _faces
from .decode import decode
from .hashing import hash_signals, trim_border
from .limits import DEFAULT_LIMITS, MediaLimits
from .model import SampleDigest
from .regions import regions as find_regions

#: JPEGs are decoded at the smallest DCT scale keeping this many pixels a side (1/8
#: for the 1200-1600 px samples sellers post: libjpeg then skips the inverse DCT but for
#: the DC term). Enough for the 64 x 64 pixels of the finer hash and for the face
#: counter's working copy (``faces.FACE_SHORT_SIDE``), so faces are counted on the
#: decode the hash needs: one decode per image. Measured in bench/bench_hash_throughput.py
#: and bench/bench_face_count.py.
HASH_DRAFT = 150


def digest_image(data: bytes, limits: MediaLimits = DEFAULT_LIMITS, *,
                 count_faces: bool = True) -> SampleDigest:
    """Hash (and optionally count faces in) untrusted image bytes; raises only ``BadImage``.

    Pure and thread-safe: callers run it off the reactor thread.
    """
    gray, width, height, fmt = decode(data, limits, draft=HASH_DRAFT)
    pixels = np.asarray(gray)
    h, h_mirror, fine, fine_mirror = hash_signals(pixels)
    trimmed = trim_border(pixels)
    regions = tuple(hash_signals(trimmed[top:bottom, left:right])
                    for top, bottom, left, right in find_regions(trimmed))
    faces = _faces.count_faces(gray) if count_faces else None
    return SampleDigest(sha256=hashlib.sha256(data).hexdigest(), width=width, height=height,
                        format=fmt, hash=h, hash_mirror=h_mirror, faces=faces,
                        fine=fine, fine_mirror=fine_mirror, regions=regions)
