"""Perceptual hashes of a grayscale picture, and of its mirror image.

pHash is computed here with numpy (a cached DCT matrix) rather than through
imagehash/scipy: the bits are the same as ``imagehash.phash`` for the same
resized pixels (tests check it), without scipy's per-call overhead. White or
black frames are trimmed first, so a re-post framed in white hashes like the
original, and the mirror's hash is kept so a flipped re-post matches too.
"""

from __future__ import annotations

from functools import cache

import numpy as np
from PIL import Image

#: Only near-black or near-white bands are frames: a plain sky or wall is part of
#: the picture, and trimming it made small rotations and crops hash differently
#: (bench/bench_hash_robustness.py: mean recall 0.968 trimming any plain band, 0.975 these).
FRAME_DARK = 15
FRAME_LIGHT = 240
#: Pixels within this many grey levels of a side's own colour count as border.
BORDER_TOLERANCE = 24
#: A row/column is border when at most this fraction of its pixels differ.
BORDER_OUTLIERS = 0.02
#: After trimming, this fraction of each side is left out of the hash: corners
#: carry watermarks and rotation fill, edges move under small crops. Chosen by
#: bench/bench_hash_robustness.py (5% beat 0% and 10% on mean recall).
CENTRE_MARGIN = 0.05


@cache
def _dct_matrix(n: int) -> np.ndarray:
    k = np.arange(n)[:, None]
    x = np.arange(n)[None, :]
    matrix = np.cos(np.pi * k * (2 * x + 1) / (2 * n))
    matrix.flags.writeable = False  # cached and shared between threads
    return matrix


def _off_fraction(lines: np.ndarray, ref: int) -> np.ndarray:
    return (np.abs(lines.astype(np.int16) - ref) > BORDER_TOLERANCE).mean(axis=1)


def _uniform_run(lines: np.ndarray) -> int:
    """How many leading lines (rows of ``lines``) are a uniform black or white border."""
    ref = int(np.median(lines[0]))
    if FRAME_DARK < ref < FRAME_LIGHT:
        return 0
    if _off_fraction(lines[:1], ref)[0] > BORDER_OUTLIERS:
        return 0  # the usual case, a photo edge: decided on one line
    bad = np.flatnonzero(_off_fraction(lines, ref) > BORDER_OUTLIERS)
    return int(bad[0]) if bad.size else len(lines)


def _trim_once(gray: np.ndarray, min_side: int) -> np.ndarray:
    h, w = gray.shape
    top = _uniform_run(gray)
    bottom = _uniform_run(gray[::-1])
    if h - top - bottom < min_side:
        return gray
    rows = gray[top:h - bottom]
    left = _uniform_run(rows.T)
    right = _uniform_run(rows.T[::-1])
    if w - left - right < min_side:
        return gray
    return rows[:, left:w - right]


def trim_border(gray: np.ndarray, min_side: int = 8, rounds: int = 4) -> np.ndarray:
    """Cut uniform near-white or near-black bands (one shade per side) off a 2-D uint8 array.

    Repeated, so a white frame around a photo on a white background ends where
    the unframed photo's trim ends, and a black frame outside a white one goes
    too. Leaves the array alone when trimming would keep fewer than ``min_side``
    pixels on a side.
    """
    if min(gray.shape) < min_side:
        return gray
    for _ in range(rounds):
        trimmed = _trim_once(gray, min_side)
        if trimmed.shape == gray.shape:
            break
        gray = trimmed
    return gray


def centre(gray: np.ndarray, margin: float) -> np.ndarray:
    """``gray`` without ``margin`` of each side (corners: watermarks, rotation fill)."""
    h, w = gray.shape
    dy, dx = round(h * margin), round(w * margin)
    return gray[dy:h - dy, dx:w - dx] if h - 2 * dy >= 8 and w - 2 * dx >= 8 else gray


def resize_gray(gray: np.ndarray, side: int) -> np.ndarray:
    """Square ``side`` x ``side`` float pixels, Lanczos as imagehash does."""
    img = Image.fromarray(np.ascontiguousarray(gray), "L")
    return np.asarray(img.resize((side, side), Image.Resampling.LANCZOS), dtype=np.float64)


def phash_bits(pixels: np.ndarray, hash_size: int) -> np.ndarray:
    """pHash bits of square ``pixels`` (side ``4 * hash_size``), row-major."""
    d = _dct_matrix(pixels.shape[0])
    low = (d @ pixels @ d.T)[:hash_size, :hash_size]
    return (low > np.median(low)).ravel()


def dhash_bits(gray: np.ndarray, hash_size: int = 8) -> tuple[np.ndarray, np.ndarray]:
    """Row-gradient dHash bits of ``gray`` and of its mirror."""
    img = Image.fromarray(np.ascontiguousarray(gray), "L")
    px = np.asarray(img.resize((hash_size + 1, hash_size), Image.Resampling.LANCZOS), np.int16)
    mirror = px[:, ::-1]
    return (px[:, 1:] > px[:, :-1]).ravel(), (mirror[:, 1:] > mirror[:, :-1]).ravel()


def pack(bits: np.ndarray) -> bytes:
    """Bits to bytes, first bit most significant, as imagehash prints them."""
    return np.packbits(bits.astype(np.uint8)).tobytes()


#: The confirming signal (two-stage matching, DESIGN 3): pHash-256 of the trimmed
#: picture without 15% of each side. Chosen by bench/bench_hash_robustness.py over
#: pHash-256 with 0%, 5% and 10% margins and a 256-bit dHash: the best recall at a
#: confirm radius 6 bits inside the nearest pair of different images (ID-style
#: portraits of different people are the nearest).
FINE_SIZE = 16
FINE_MARGIN = 0.15


def phash_pair(gray: np.ndarray, hash_size: int = 8, *, trim: bool = True,
               margin: float = CENTRE_MARGIN) -> tuple[bytes, bytes]:
    """``(hash, hash_of_mirror)``: pHash of the trimmed centre of ``gray`` and of its mirror.

    With ``trim=False, margin=0`` the bits equal ``imagehash.phash`` of the same image.
    """
    if trim:
        gray = trim_border(gray)
    if margin:
        gray = centre(gray, margin)
    pixels = resize_gray(gray, 4 * hash_size)
    return (pack(phash_bits(pixels, hash_size)),
            pack(phash_bits(np.ascontiguousarray(pixels[:, ::-1]), hash_size)))


def hash_signals(gray: np.ndarray) -> tuple[bytes, bytes, bytes, bytes]:
    """``(hash, mirror, fine, fine_mirror)``: the candidate and the confirming hashes.

    The frame is trimmed once for both. The 64-bit pair finds candidates in the
    index at a generous radius; the 256-bit pair (other frequencies, another
    margin) confirms them, so look-alikes the 64 bits cannot tell apart stay apart.
    """
    trimmed = trim_border(gray)
    return (*phash_pair(trimmed, 8, trim=False, margin=CENTRE_MARGIN),
            *phash_pair(trimmed, FINE_SIZE, trim=False, margin=FINE_MARGIN))


#: Crop probes: the (64-bit, 256-bit) margins a re-post cropped by about 5% (of each
#: dimension), then by about 10%, needs so that its hashed window covers what the
#: original's ``CENTRE_MARGIN`` / ``FINE_MARGIN`` window covers. The crop removed part
#: of the margin already, so the probe keeps more of the picture. Extra queries only
#: (never stored), confirmed within ``store.matching.PROBE_CONFIRM_RADIUS``; chosen
#: with bench/bench_hash_robustness.py, quick set: the first lifts crop 5% from 0.20 to
#: 0.96; the second crop 8% from 0.25 to 0.39 and crop 10% from 0.04 to 0.07 (the 2%
#: shift of an uneven crop is left), for almost no false matches of uncropped queries
#: (its 64-bit window is not the stored one, so its candidates are far in 256 bits).
#: Cropped queries pay more: fitted on the crop 10% re-posts alone, its false matches
#: at 1M are about 0.05 per query. (0.0, 0.10) did as well on crop 8% and worse on 10%.
CROP_PROBES = ((0.025, 0.13), (0.0, 0.11))


def crop_probes(trimmed: np.ndarray) -> tuple[tuple[bytes, bytes, bytes, bytes], ...]:
    """``hash_signals`` of the already trimmed picture with each of ``CROP_PROBES``' margins."""
    return tuple((*phash_pair(trimmed, 8, trim=False, margin=m64),
                  *phash_pair(trimmed, FINE_SIZE, trim=False, margin=m256))
                 for m64, m256 in CROP_PROBES)
