"""Two-stage matching on real pixels: look-alike ID portraits apart, re-posts together.

The portraits are scikit-image's aligned LFW faces on one plain background with
the same framing: the look-alikes a 64-bit pHash alone cannot keep apart.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageOps

from faceleak.crawler.media import (
    CONFIRM_RADIUS,
    MATCH_RADIUS,
    BadImage,
    digest_image,
    digest_images,
    is_match,
)
from faceleak.crawler.media.hashing import hash_signals
from faceleak.store.distance import mirror_distance
from faceleak.store.matching import UNCONFIRMED_RADIUS

from .conftest import encode


def portrait(face: np.ndarray) -> Image.Image:
    img = Image.new("RGB", (300, 400), (206, 222, 240))
    ImageDraw.Draw(img).polygon([(30, 400), (60, 320), (240, 320), (270, 400)], fill=(40, 44, 60))
    tone = Image.fromarray(face, "L").resize((200, 240), Image.Resampling.BICUBIC)
    img.paste(ImageOps.colorize(tone, (60, 40, 30), (250, 225, 205)), (50, 70))
    return img


@pytest.fixture(scope="module")
def portraits() -> list[Image.Image]:
    from skimage import data

    crops = (data.lfw_subset()[:40] * 255).round().astype(np.uint8)
    return [portrait(c) for c in crops]


def digest(img: Image.Image, quality: int = 90):
    return digest_image(encode(img.convert("RGB"), "JPEG", quality=quality), count_faces=False)


def test_hash_signals_are_a_64_bit_and_a_256_bit_pair() -> None:
    gray = np.asarray(Image.effect_mandelbrot((200, 160), (-2, -1.2, 1, 1.2), 60))
    h, m, f, fm = hash_signals(gray)
    assert (len(h), len(m), len(f), len(fm)) == (8, 8, 32, 32)


def test_look_alike_portraits_are_candidates_but_never_matches(portraits) -> None:
    digests = [digest(p) for p in portraits]
    candidates = [
        (a, b) for a, b in combinations(digests, 2)
        if mirror_distance(a.hash, a.hash_mirror, b.hash, b.hash_mirror) <= UNCONFIRMED_RADIUS
    ]
    assert candidates, "the single-stage radius alone would merge different people here"
    assert not any(is_match(a, b) for a, b in combinations(digests, 2))


@pytest.mark.parametrize("transform", [
    lambda im: im.resize((390, 520), Image.Resampling.LANCZOS),  # resize 1.3
    lambda im: im.resize((90, 120), Image.Resampling.LANCZOS),  # resize 0.3
    ImageOps.mirror,
    lambda im: ImageOps.expand(im, border=24, fill=(255, 255, 255)),
    lambda im: im.crop((6, 6, 297, 396)),  # 2-3%: found through a crop probe (is_match)
])
def test_reposts_of_a_portrait_match_it(portraits, transform) -> None:
    for img in portraits[:10]:
        assert is_match(digest(img), digest(transform(img), quality=70))


def test_crop_probes_are_kept_apart_from_regions(portraits) -> None:
    from faceleak.crawler.media.hashing import CROP_PROBES

    d = digest(portraits[0])
    assert len(d.probes) == len(CROP_PROBES)
    assert all(len(sig) == 4 for sig in d.regions + d.probes)
    assert d.probes[0][0] != d.hash  # thinner margins: another window of the picture


def test_radii_are_the_calibrated_ones() -> None:
    assert UNCONFIRMED_RADIUS < MATCH_RADIUS < 64 // 4
    assert 0 < CONFIRM_RADIUS < 256 // 4


def test_a_pool_of_processes_digests_like_one_process(portraits) -> None:
    items = [encode(p, "JPEG", quality=85) for p in portraits[:6]] + [b"<html>no</html>"]
    pooled = digest_images(items, workers=2)
    single = digest_images(items, workers=1)
    assert pooled[:6] == single[:6] == [digest_image(d) for d in items[:6]]
    assert isinstance(pooled[6], BadImage) and isinstance(single[6], BadImage)
    assert all(d.faces is not None for d in pooled[:6])  # counted in the workers too


def crop_5_percent(im: Image.Image) -> Image.Image:
    """5% off each dimension, unevenly (70% of it on the left), as bench/calibration.py crops."""
    w, h = im.size
    return im.crop((round(w * 0.035), round(h * 0.025), w - round(w * 0.015), h - round(h * 0.025)))


def test_a_cropped_repost_is_found_by_its_crop_probes(portraits) -> None:
    from faceleak.crawler.media.match import signals
    from faceleak.store.matching import DEFAULT_RULE, extra_queries, match_distance

    whole = probed = 0
    for img in portraits[:10]:
        original, repost = digest(img), digest(crop_5_percent(img))
        queries = [signals(repost), *extra_queries(repost.regions, repost.probes)]
        matches = [match_distance(q, signals(original), DEFAULT_RULE) is not None
                   for q in queries]
        whole += matches[0]
        probed += any(matches)
    assert whole <= 2 and probed >= whole + 5
