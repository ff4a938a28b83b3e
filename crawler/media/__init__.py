"""Sample images: safe decoding, robust hashes, face counts, the evidence vault."""

from .decode import load_image
from .digest import digest_image
from .evidence import EvidenceVault
from .faces import count_faces
from .limits import MediaLimits
from .match import CONFIRM_RADIUS, HASH_BITS, MATCH_RADIUS, distance, hamming, is_match
from .model import BadImage, SampleDigest
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
