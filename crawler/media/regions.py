"""Pictures inside a picture: the photo in a screenshot, the cells of a collage.

Sellers re-post a sample inside a chat screenshot (status bar, app bar, caption)
or as one cell of a preview sheet; no global hash of the whole matches the
photo. A photo pasted onto something else leaves straight, long steps in
brightness along its sides, so the candidates here are the rectangles bounded
by such lines (rows or columns where at least half the pixels step by more than
``STEP`` grey levels), merged when closer than 2% of the side. First come those
no found line crosses (a cell, not a union of cells), then those bounded by found
lines on more sides, then the larger. Each region is hashed like
a picture of its own and matched as a query against stored pictures
(``digest.digest_image`` keeps their signals; nothing of the pixels is kept).
"""

from __future__ import annotations

import numpy as np
from PIL import Image

#: Brightness step (grey levels) between neighbouring rows/columns that counts as an edge.
STEP = 24
#: A line is an edge when the step runs along at least this fraction of it.
MIN_RUN = 0.5
#: Regions must cover between these fractions of the picture, be at least MIN_SIDE
#: pixels a side and not be flat (grey-level standard deviation of at least MIN_STD).
MIN_AREA, MAX_AREA = 0.12, 0.9
MIN_SIDE = 24
MIN_STD = 20.0
#: Regions must have content: on the region shrunk to DETAIL_SIDE pixels a side (about
#: what its hash sees), at least this fraction of pixels steps by more than DETAIL_STEP
#: grey levels to the next one (right or below). A region of two flat tones (the
#: background above a jacket) hashes like any other step edge: on
#: bench/bench_hash_robustness.py such regions of JPEG q70 re-posts matched an unrelated
#: two-tone tile at 0 bits. They measure under 0.09; photos, faces, fields, text 0.2 and more.
MIN_DETAIL = 0.12
DETAIL_STEP = 8
DETAIL_SIDE = 32
#: At most this many regions per picture: each is one more query.
MAX_REGIONS = 4
#: At most this many edge lines per axis (the longest runs): bounds the work on hostile
#: pictures full of straight edges (stripes, grids) to a few hundred rectangles.
MAX_LINES = 8
#: More edge lines than this fraction of the side is a texture (noise, grass), not a layout.
TEXTURE_FRACTION = 0.1

Box = tuple[int, int, int, int]  # top, bottom, left, right


def _edges(gray: np.ndarray, axis: int) -> list[int] | None:
    """The longest edge lines across ``axis``; None for a texture (edges on every other line)."""
    steps = np.abs(np.diff(gray.astype(np.int16), axis=axis)) > STEP
    run = steps.mean(axis=1 - axis)
    found = np.flatnonzero(run >= MIN_RUN)
    if len(found) > max(4 * MAX_LINES, TEXTURE_FRACTION * len(run)):
        return None
    longest = found[np.argsort(-run[found], kind="stable")[:MAX_LINES]]
    return [int(i) + 1 for i in longest]


def _merge(values: list[int], tolerance: int) -> list[int]:
    merged: list[int] = []
    for v in sorted(values):
        if not merged or v - merged[-1] >= tolerance:
            merged.append(v)
    return merged


def detail(gray: np.ndarray) -> float:
    """Fraction of pixels of the ``DETAIL_SIDE`` copy whose step to the next exceeds DETAIL_STEP."""
    if min(gray.shape) < 2:
        return 0.0
    small = Image.fromarray(np.ascontiguousarray(gray), "L").resize(
        (DETAIL_SIDE, DETAIL_SIDE), Image.Resampling.BOX)
    px = np.asarray(small, dtype=np.int16)
    steps = np.abs(np.diff(px, axis=0))[:, :-1] + np.abs(np.diff(px, axis=1))[:-1, :]
    return float((steps > DETAIL_STEP).mean())


def regions(gray: np.ndarray) -> list[Box]:
    """Candidate sub-pictures of a 2-D uint8 array, most likely first."""
    h, w = gray.shape
    if min(h, w) < 2 * MIN_SIDE:
        return []
    rows, cols = _edges(gray, 0), _edges(gray, 1)
    if rows is None or cols is None:
        return []
    ys = _merge([0, h, *rows], max(4, h // 50))
    xs = _merge([0, w, *cols], max(4, w // 50))
    found = []
    for i, top in enumerate(ys):
        for bottom in ys[i + 1:]:
            for j, left in enumerate(xs):
                for right in xs[j + 1:]:
                    area = (bottom - top) * (right - left) / (h * w)
                    if not MIN_AREA <= area <= MAX_AREA:
                        continue
                    if min(bottom - top, right - left) < MIN_SIDE:
                        continue
                    if gray[top:bottom:2, left:right:2].std() < MIN_STD:
                        continue
                    inner = (top != 0) + (bottom != h) + (left != 0) + (right != w)
                    whole = not any(top < y < bottom for y in ys) and not any(
                        left < x < right for x in xs)
                    found.append((whole, inner, area, (top, bottom, left, right)))
    found.sort(reverse=True)
    kept: list[Box] = []
    for *_, (top, bottom, left, right) in found:  # the costlier check, on the likeliest first
        if detail(gray[top:bottom, left:right]) >= MIN_DETAIL:
            kept.append((top, bottom, left, right))
            if len(kept) == MAX_REGIONS:
                break
    return kept
