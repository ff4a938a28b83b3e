"""Sample images: safe decoding, robust hashes, face counts, the evidence vault.

Only the plain records load with the package; the rest loads on first use (``faceleak.lazy``):
the crawl parent needs the evidence vault alone, and a digest worker needs no store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from faceleak.lazy import on_first_use

from .limits import MediaLimits
from .model import BadImage, SampleDigest

if TYPE_CHECKING:
    from .decode import load_image
    from .digest import digest_image
    from .evidence import EvidenceVault
    from .faces import count_faces
    from .match import CONFIRM_RADIUS, HASH_BITS, MATCH_RADIUS, distance, hamming, is_match
    from .pool import digest_images

__all__ = [
    "CONFIRM_RADIUS",
    "HASH_BITS",
    "MATCH_RADIUS",
    "BadImage",
    "EvidenceVault",
    "MediaLimits",
    "SampleDigest",
    "count_faces",
    "digest_image",
    "digest_images",
    "distance",
    "hamming",
    "is_match",
    "load_image",
]

__getattr__ = on_first_use(__name__, {
    "load_image": "decode",
    "digest_image": "digest",
    "EvidenceVault": "evidence",
    "count_faces": "faces",
    **dict.fromkeys(("CONFIRM_RADIUS", "HASH_BITS", "MATCH_RADIUS", "distance", "hamming",
                     "is_match"), "match"),
    "digest_images": "pool",
})
