"""Robust hashes: one path for every image, imagehash-compatible pHash, frames and mirrors match."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import imagehash
import numpy as np
import pytest
from PIL import Image, ImageOps

from faceleak.crawler.media import (
    MATCH_RADIUS,
    digest_image,
    hamming,
    is_match,
    load_image,
)
from faceleak.crawler.media.decode import decode
from faceleak.crawler.media.digest import HASH_DRAFT
from faceleak.crawler.media.hashing import phash_pair, trim_border

from .conftest import encode


def digest(data: bytes):
    return digest_image(data, count_faces=False)


def test_numpy_phash_has_the_same_bits_as_imagehash(astronaut: Image.Image) -> None:
    for img in (astronaut, astronaut.rotate(30), astronaut.crop((50, 80, 400, 300))):
        gray = img.convert("L")
        ours = phash_pair(np.asarray(gray), trim=False, margin=0)[0]
        assert ours.hex() == str(imagehash.phash(gray))


def test_draft_path_hash_is_within_a_few_bits_of_the_full_decode(big_astronaut_jpeg: bytes) -> None:
    drafted = np.asarray(decode(big_astronaut_jpeg, draft=HASH_DRAFT)[0])
    full = np.asarray(load_image(big_astronaut_jpeg))
    assert drafted.shape[0] < full.shape[0]
    assert hamming(phash_pair(drafted)[0], phash_pair(full)[0]) <= 4


def test_stored_and_query_copies_of_one_image_match(astronaut: Image.Image) -> None:
    """A JPEG sample (draft path) and a PNG of the same picture (full decode) are one image."""
    big = astronaut.resize((1600, 1600), Image.Resampling.LANCZOS)
    as_jpeg = digest(encode(big, "JPEG", quality=85))
    as_png = digest(encode(astronaut, "PNG"))
    assert is_match(as_jpeg, as_png)
    assert is_match(as_png, as_jpeg)


def test_same_bytes_give_the_same_digest(astronaut_jpeg: bytes) -> None:
    assert digest(astronaut_jpeg) == digest(astronaut_jpeg)


def test_digest_is_thread_safe(astronaut: Image.Image, coffee: Image.Image,
                               hopper_jpeg: bytes) -> None:
    samples = [encode(astronaut, "JPEG", quality=q) for q in (50, 70, 90)]
    samples += [encode(coffee, "PNG"), hopper_jpeg] * 2
    sequential = [digest_image(d) for d in samples]
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(digest_image, samples)) == sequential


def test_mirrored_repost_matches(astronaut: Image.Image) -> None:
    original = digest(encode(astronaut, "JPEG", quality=90))
    mirrored = digest(encode(ImageOps.mirror(astronaut), "JPEG", quality=90))
    assert hamming(original.hash, mirrored.hash) > MATCH_RADIUS  # a plain pHash would miss it
    assert is_match(mirrored, original)
    assert is_match(original, mirrored)


@pytest.mark.parametrize("border", [0.03, 0.10])
def test_white_border_repost_matches(astronaut: Image.Image, border: float) -> None:
    framed = ImageOps.expand(astronaut, border=round(512 * border), fill=(255, 255, 255))
    assert is_match(digest(encode(framed, "JPEG", quality=85)), digest(encode(astronaut, "JPEG")))


def test_white_border_and_mirror_together_match(hopper_jpeg: bytes) -> None:
    hopper = Image.open(__import__("io").BytesIO(hopper_jpeg))
    repost = ImageOps.expand(ImageOps.mirror(hopper), border=40, fill=(255, 255, 255))
    assert is_match(digest(encode(repost, "JPEG", quality=60)), digest(hopper_jpeg))


@pytest.mark.parametrize("change", ["jpeg_q40", "half_size", "crop_3pc"])
def test_common_reencodings_match(astronaut: Image.Image, change: str) -> None:
    img = {
        "jpeg_q40": astronaut,
        "half_size": astronaut.resize((256, 256), Image.Resampling.LANCZOS),
        "crop_3pc": astronaut.crop((12, 8, 500, 504)),
    }[change]
    quality = 40 if change == "jpeg_q40" else 90
    assert is_match(digest(encode(img, "JPEG", quality=quality)), digest(encode(astronaut, "JPEG")))


def test_different_pictures_do_not_match(astronaut: Image.Image, coffee: Image.Image,
                                         hopper_jpeg: bytes) -> None:
    digests = [digest(encode(astronaut)), digest(encode(coffee)), digest(hopper_jpeg)]
    for i, a in enumerate(digests):
        for b in digests[i + 1:]:
            assert not is_match(a, b)


def test_trim_border_removes_uniform_frames_of_any_colour() -> None:
    rng = np.random.default_rng(0)
    inner = rng.integers(0, 256, (40, 60), dtype=np.uint8)
    framed = np.pad(inner, ((5, 9), (3, 0)), constant_values=255)
    framed = np.pad(framed, ((2, 2), (2, 2)), constant_values=0)  # a black frame outside the white
    assert np.array_equal(trim_border(framed), inner)


def test_trim_border_leaves_a_blank_image_alone() -> None:
    blank = np.full((30, 30), 200, dtype=np.uint8)
    assert trim_border(blank).shape == (30, 30)


def test_hashes_are_64_bits_printed_as_imagehash_prints_them(astronaut_jpeg: bytes) -> None:
    d = digest(astronaut_jpeg)
    assert len(d.hash) == len(d.hash_mirror) == 8
    assert len(d.hash.hex()) == 16


def test_hamming_counts_differing_bits_and_refuses_mixed_widths() -> None:
    assert hamming(b"\x00" * 8, b"\x00" * 8) == 0
    assert hamming(b"\xff" * 8, b"\x0f" * 8) == 32
    with pytest.raises(ValueError, match="widths"):
        hamming(b"\x00" * 8, b"\x00" * 32)
