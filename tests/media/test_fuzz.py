"""Fuzzing: whatever the bytes, digest_image returns a digest or raises BadImage, nothing else."""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from faceleak.crawler.media import BadImage, SampleDigest, digest_image


def _small(fmt: str) -> bytes:
    from skimage import data

    buf = io.BytesIO()
    Image.fromarray(data.astronaut()).resize((48, 48)).save(buf, fmt)
    return buf.getvalue()


SEEDS = {fmt: _small(fmt) for fmt in ("JPEG", "PNG", "GIF", "WEBP", "BMP", "TIFF")}
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def digest_or_bad(data: bytes) -> None:
    try:
        result = digest_image(data)
    except BadImage as exc:
        assert str(exc)
    else:
        assert isinstance(result, SampleDigest)
        assert len(result.hash) == len(result.hash_mirror) == 8


@FUZZ
@given(st.binary(max_size=2048))
def test_random_bytes_never_raise_anything_but_bad_image(data: bytes) -> None:
    digest_or_bad(data)


@FUZZ
@given(fmt=st.sampled_from(sorted(SEEDS)),
       edits=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)),
                      min_size=1, max_size=12),
       cut=st.floats(0.05, 1.0))
def test_mutated_images_never_raise_anything_but_bad_image(
        fmt: str, edits: list[tuple[float, int]], cut: float) -> None:
    data = bytearray(SEEDS[fmt])
    for where, value in edits:
        data[int(where * len(data))] = value
    digest_or_bad(bytes(data[: max(1, int(len(data) * cut))]))


@pytest.mark.parametrize("fmt", sorted(SEEDS))
def test_fuzz_seeds_are_valid_images(fmt: str) -> None:
    assert isinstance(digest_image(SEEDS[fmt], count_faces=False), SampleDigest)
